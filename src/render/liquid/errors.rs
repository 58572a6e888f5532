//! Liquid errors as Jekyll reports them: what stops the build (an unknown tag, an
//! unclosed block, a missing include, a post or file `post_url`/`link` cannot find)
//! names the file, the line in that file and the include chain that led there.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use thiserror::Error;

use crate::diagnostic::{Located, Location};

/// The include tags that led to a failing file, innermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncludeChain(pub Vec<Location>);

impl fmt::Display for IncludeChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for tag in &self.0 {
            write!(f, "\n  included from {tag}")?;
        }
        Ok(())
    }
}

/// Why a document's body could not be rendered.
#[derive(Debug, Clone, Error)]
pub enum RenderError {
    /// The template cannot be parsed (unknown tag, unclosed block, bad tag markup).
    #[error("Liquid syntax error: {message}{chain}")]
    Syntax {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
        /// How the file was reached.
        chain: IncludeChain,
    },
    /// A tag or filter failed while rendering (missing include, unknown post, bad date…).
    #[error("Liquid error: {message}{chain}")]
    Render {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
        /// How the file was reached.
        chain: IncludeChain,
    },
    /// A Sass page does not compile (see `render::sass`).
    #[error("Sass error: {message}")]
    Sass {
        /// Where: the page, or the partial it imports.
        location: Location,
        /// What is wrong, on one line.
        message: String,
    },
}

impl Located for RenderError {
    fn location(&self) -> Option<&Location> {
        match self {
            RenderError::Syntax { location, .. }
            | RenderError::Render { location, .. }
            | RenderError::Sass { location, .. } => Some(location),
        }
    }
}

/// The longest line of a value or message shown to the author, in characters.
const MAX_LINE: usize = 100;
/// The most lines of a message shown to the author.
const MAX_LINES: usize = 4;

/// `text` cut to a few short lines, an ellipsis marking each cut: liquid-core puts
/// whole values (a post's content, a data file) into its messages.
pub(super) fn brief(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut shown: Vec<String> = lines
        .iter()
        .take(MAX_LINES)
        .map(|line| match line.char_indices().nth(MAX_LINE) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => line.to_string(),
        })
        .collect();
    if lines.len() > MAX_LINES {
        shown.push("…".into());
    }
    shown.join("\n")
}

/// A liquid-core parse error taken apart: liquid-core keeps the position only in the
/// message text (pest's ` --> LINE:COLUMN`), so it is read back from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseFailure {
    /// 1-based line and column in the parsed text, when the message has them.
    pub(super) position: Option<(usize, usize)>,
    /// The message without liquid's `liquid:` prefix and source excerpt.
    pub(super) message: String,
    /// The filter name, for "Unknown filter".
    pub(super) unknown_filter: Option<String>,
}

impl ParseFailure {
    /// Reads liquid-core's error text.
    pub(super) fn from_liquid(error: &liquid_core::Error) -> ParseFailure {
        static POSITION: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("valid regex"));
        static FILTER: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"requested filter=(\S+)").expect("valid regex"));
        let text = error.to_string();
        let position = POSITION
            .captures(&text)
            .and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)));
        let unknown_filter = FILTER.captures(&text).map(|c| c[1].to_string());
        let message = text
            .lines()
            .find_map(|line| line.trim_start().strip_prefix("= "))
            .map(str::to_string)
            .unwrap_or_else(|| {
                text.lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("liquid:")
                    .trim()
                    .to_string()
            });
        ParseFailure {
            position,
            message: brief(&message),
            unknown_filter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_failures_keep_position_and_message() {
        let language = super::super::tests::language();
        let Err(error) = liquid_core::parser::parse("x\n{% nope %}", &language) else {
            panic!("unknown tag");
        };
        let failure = ParseFailure::from_liquid(&error);
        assert_eq!(failure.position, Some((2, 4)));
        assert_eq!(failure.message, "Unknown tag.");
        let Err(error) = liquid_core::parser::parse("{{ x | nofilter }}", &language) else {
            panic!("unknown filter");
        };
        let failure = ParseFailure::from_liquid(&error);
        assert_eq!(failure.unknown_filter.as_deref(), Some("nofilter"));
    }

    #[test]
    fn long_values_in_messages_are_cut() {
        let post = "word ".repeat(3000);
        let message = brief(&format!("Expected scalar, found `{post}`"));
        assert!(message.chars().count() <= MAX_LINE + 1, "{message}");
        assert!(message.ends_with('…'));
        let many = "a\nb\nc\nd\ne\nf";
        assert_eq!(brief(many), "a\nb\nc\nd\n…");
    }

    #[test]
    fn chain_lists_each_include_tag() {
        let chain = IncludeChain(vec![Location::at("_includes/a.html", 3, 0)]);
        assert_eq!(chain.to_string(), "\n  included from _includes/a.html:3");
    }
}
