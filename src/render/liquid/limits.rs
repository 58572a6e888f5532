//! What no real site reaches but hostile text would: limits that turn a crash or a
//! hang of the Liquid engine into an error naming the file and line.
//!
//! - Before parsing ([`prepare`]): blocks nested deeper than [`MAX_NESTING`] are an
//!   error (the engine parses and renders them recursively, and 1,200 levels
//!   overflow the stack, which aborts the process); an integer literal beyond i64
//!   (which the engine's parser cannot hold and panics on) becomes the same digits
//!   as text, which print the same, as Ruby's big integers do (`tablerow`'s `cols:`
//!   of zero or less needs nothing here: see `tablerow_block`).
//! - While rendering ([`LoopBudget`]): every `for` iteration of one document counts
//!   against [`MAX_ITERATIONS`] and [`MAX_RENDER_TIME`], and what the loops write
//!   against [`MAX_LOOP_OUTPUT`] (a nested loop's bytes count at each level, so the
//!   bound on a document's real output is this divided by its loops' depth).

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use regex::Regex;

use super::errors::{IncludeChain, RenderError};
use crate::diagnostic::Location;

/// How deeply blocks may nest in one file (real templates stay under 20).
pub(super) const MAX_NESTING: usize = 100;

/// How many `for` iterations one document's render may run, all loops together.
pub(super) const MAX_ITERATIONS: u64 = 10_000_000;

/// How many bytes one document's loops may write, all levels counted.
pub(super) const MAX_LOOP_OUTPUT: u64 = 256 * 1024 * 1024;

/// How long one document's Liquid may run.
pub(super) const MAX_RENDER_TIME: Duration = Duration::from_secs(60);

/// The tags that open a block closed by `end` + name.
const BLOCKS: &[&str] = &[
    "if",
    "unless",
    "for",
    "case",
    "capture",
    "tablerow",
    "comment",
    "ifchanged",
    "highlight",
];

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\{.*?\}\}|\{%-?\s*(\w*)(.*?)-?%\}").expect("a valid pattern")
});

/// Checks the nesting of `text` (from `file`, whose line `line_offset + 1` it starts
/// at) and rewrites what the engine would crash on; see the module documentation.
pub(super) fn prepare<'a>(
    text: Cow<'a, str>,
    file: &Path,
    line_offset: usize,
    chain: &IncludeChain,
) -> Result<Cow<'a, str>, RenderError> {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut depth = 0usize;
    // Where the `raw` tag whose text is being skipped starts.
    let mut open_raw: Option<usize> = None;
    for tag in TAG.captures_iter(&text) {
        let whole = tag.get(0).expect("group 0 always matches");
        let name = tag.get(1).map_or("", |m| m.as_str());
        if open_raw.is_some() {
            if name == "endraw" {
                open_raw = None;
            }
            continue;
        }
        if name == "raw" {
            open_raw = Some(whole.start());
            continue;
        }
        if BLOCKS.contains(&name) {
            depth += 1;
            if depth > MAX_NESTING {
                let line = line_offset + text[..whole.start()].matches('\n').count() + 1;
                return Err(RenderError::Syntax {
                    location: Location::at(file, line, 1),
                    message: format!("blocks nested more than {MAX_NESTING} deep"),
                    chain: chain.clone(),
                });
            }
        } else if name
            .strip_prefix("end")
            .is_some_and(|n| BLOCKS.contains(&n))
        {
            depth = depth.saturating_sub(1);
        }
        let markup = quote_huge_integers(whole.as_str());
        if markup != whole.as_str() {
            edits.push((whole.range(), markup.into_owned()));
        }
    }
    if let Some(start) = open_raw {
        // Found here: the engine would look for its end from every later `raw` too,
        // in time quadratic in their number.
        let before = &text[..start];
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(RenderError::Syntax {
            location: Location::at(file, line_offset + before.matches('\n').count() + 1, column),
            message: "'raw' tag was never closed".into(),
            chain: chain.clone(),
        });
    }
    if edits.is_empty() {
        return Ok(text);
    }
    let mut edited = text.into_owned();
    for (range, replacement) in edits.into_iter().rev() {
        edited.replace_range(range, &replacement);
    }
    Ok(Cow::Owned(edited))
}

/// The integer literals of `markup` (outside quotes) too large for i64, quoted.
fn quote_huge_integers(markup: &str) -> Cow<'_, str> {
    let bytes = markup.as_bytes();
    let mut out = String::new();
    let (mut copied, mut i, mut quote) = (0, 0, None);
    while i < bytes.len() {
        let byte = bytes[i];
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            None if byte.is_ascii_digit() && starts_a_number(bytes, i) => {
                let end = (i..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_digit())
                    .unwrap_or(bytes.len());
                let is_float = bytes.get(end) == Some(&b'.')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                let start = if i > 0 && bytes[i - 1] == b'-' {
                    i - 1
                } else {
                    i
                };
                if !is_float && markup[start..end].parse::<i64>().is_err() {
                    out.push_str(&markup[copied..start]);
                    out.push_str(&format!("'{}'", &markup[start..end]));
                    copied = end;
                }
                i = end;
                continue;
            }
            None => {}
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(markup);
    }
    out.push_str(&markup[copied..]);
    Cow::Owned(out)
}

/// Whether the digit at `i` starts a number literal (not the tail of a name such as
/// `h1`, nor the fraction of a float).
fn starts_a_number(bytes: &[u8], i: usize) -> bool {
    let before = |n: usize| i.checked_sub(n).map(|j| bytes[j]);
    match before(1) {
        Some(b) if b.is_ascii_alphanumeric() || b == b'_' => false,
        Some(b'.') => before(2) == Some(b'.'),
        Some(b'-') => !before(2).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_'),
        _ => true,
    }
}

/// What one document's loops have spent.
#[derive(Debug)]
pub(super) struct LoopBudget {
    iterations: u64,
    output: u64,
    started: Instant,
}

impl Default for LoopBudget {
    fn default() -> Self {
        LoopBudget {
            iterations: 0,
            output: 0,
            started: Instant::now(),
        }
    }
}

impl LoopBudget {
    /// Counts one iteration, after an iteration that wrote `written` bytes; the
    /// message when a limit is passed.
    pub(super) fn spend(&mut self, written: u64) -> Option<String> {
        self.iterations += 1;
        self.output += written;
        if self.output > MAX_LOOP_OUTPUT {
            return Some(format!(
                "loops wrote more than {} MiB in one document",
                MAX_LOOP_OUTPUT / (1024 * 1024)
            ));
        }
        if self.iterations > MAX_ITERATIONS {
            return Some(format!(
                "more than {MAX_ITERATIONS} loop iterations in one document"
            ));
        }
        let checked_now = self.iterations.is_multiple_of(1024);
        if checked_now && self.started.elapsed() > MAX_RENDER_TIME {
            return Some(format!(
                "Liquid ran longer than {} s on one document",
                MAX_RENDER_TIME.as_secs()
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(text: &str) -> Result<String, RenderError> {
        prepare(
            Cow::Borrowed(text),
            Path::new("t.md"),
            4,
            &IncludeChain::default(),
        )
        .map(Cow::into_owned)
    }

    #[test]
    fn huge_integers_are_quoted_and_others_left_alone() {
        assert_eq!(
            prepared(
                "{{ 99999999999999999999 }} {{ h1 | plus: -12 }} {{ 1.5 }} 99999999999999999999"
            )
            .unwrap(),
            "{{ '99999999999999999999' }} {{ h1 | plus: -12 }} {{ 1.5 }} 99999999999999999999"
        );
        assert_eq!(
            prepared("{% raw %}{{ 99999999999999999999 }}{% endraw %}").unwrap(),
            "{% raw %}{{ 99999999999999999999 }}{% endraw %}"
        );
    }

    #[test]
    fn loop_output_is_bounded() {
        let mut budget = LoopBudget::default();
        assert_eq!(budget.spend(MAX_LOOP_OUTPUT), None);
        let message = budget.spend(1).expect("over the bound");
        assert!(message.contains("MiB"), "{message}");
    }

    #[test]
    fn deep_nesting_is_an_error_at_its_line() {
        let deep = "{% if true %}\n".repeat(MAX_NESTING + 1);
        let error = prepared(&deep).unwrap_err();
        let location = error.to_string();
        assert!(location.contains("nested"), "{location}");
        assert!(prepared(&"{% if true %}{% endif %}\n".repeat(1000)).is_ok());
        match error {
            RenderError::Syntax { location, .. } => {
                assert_eq!(location.line, 4 + MAX_NESTING + 1)
            }
            other => panic!("{other:?}"),
        }
    }
}
