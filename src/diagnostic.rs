//! Where a problem is, and how to show it to a person.
//!
//! Every stage's error type can say where it happened ([`Located`]); the CLI prints
//! `path:line:col: message` followed by the offending source line, as compilers do.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source file. `line` and `column` are 1-based; 0 means unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (relative to where they ran the command when possible).
    pub path: PathBuf,
    /// 1-based line, or 0 when only the file is known.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub column: usize,
}

impl Location {
    /// A location naming only a file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            column: 0,
        }
    }

    /// A location at a line (and optionally a column) of a file.
    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// Implemented by every stage's error so the CLI can point at the source.
pub trait Located: std::error::Error {
    /// Where the problem is, when it is known.
    fn location(&self) -> Option<&Location>;
}

/// Something worth telling the author that does not stop the build
/// (an undefined reference link, a skipped file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}

/// Formats an error as `path:line:col: error: message`, followed by the source line
/// and a caret under the column when the file can be read.
pub fn report(error: &dyn Located) -> String {
    let mut out = String::new();
    match error.location() {
        Some(location) => {
            out.push_str(&format!("{location}: error: {error}"));
            if let Some(snippet) = snippet(&location.path, location.line, location.column) {
                out.push('\n');
                out.push_str(&snippet);
            }
        }
        None => out.push_str(&format!("error: {error}")),
    }
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    out
}

/// The most characters of a source line a snippet shows; a longer line (minified
/// code, a megabyte on one line) is cut around the column, marked with `…`.
const MAX_SNIPPET_CHARS: usize = 200;

/// The source line `line` of `path` with a gutter and a caret at `column`, or `None`
/// when the file or the line cannot be read.
pub fn snippet(path: &Path, line: usize, column: usize) -> Option<String> {
    if line == 0 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let (source_line, column) = window(text.lines().nth(line - 1)?, column);
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let mut out = format!("{pad} |\n{gutter} | {source_line}\n{pad} |");
    if column > 0 {
        let offset: String = source_line
            .chars()
            .take(column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!(" {offset}^"));
    }
    Some(out)
}

/// At most [`MAX_SNIPPET_CHARS`] characters of `line` around `column` (1-based
/// characters, 0 for none), `…` where it was cut, and the column within the result.
fn window(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= MAX_SNIPPET_CHARS {
        return (line.to_string(), column);
    }
    let centre = column.saturating_sub(1).min(length);
    let start = centre
        .saturating_sub(MAX_SNIPPET_CHARS / 2)
        .min(length - MAX_SNIPPET_CHARS);
    let end = start + MAX_SNIPPET_CHARS;
    let mut shown: String = line.chars().skip(start).take(MAX_SNIPPET_CHARS).collect();
    let mut column = if column > 0 { column - start } else { 0 };
    if start > 0 {
        shown.insert(0, '…');
        column += usize::from(column > 0);
    }
    if end < length {
        shown.push('…');
    }
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_omits_unknown_parts() {
        assert_eq!(Location::file("a.md").to_string(), "a.md");
        assert_eq!(Location::at("a.md", 3, 0).to_string(), "a.md:3");
        assert_eq!(Location::at("a.md", 3, 7).to_string(), "a.md:3:7");
    }

    #[test]
    fn snippet_points_at_the_column() {
        let dir = std::env::temp_dir().join(format!("cs-snippet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.md");
        std::fs::write(&file, "one\ntwo: [bad\nthree\n").unwrap();
        let s = snippet(&file, 2, 6).unwrap();
        assert!(s.contains("2 | two: [bad"), "{s}");
        assert!(s.ends_with("      ^"), "{s:?}");
        assert!(snippet(&file, 9, 1).is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}BAD{}", "a".repeat(5_000), "b".repeat(5_000));
        let (shown, column) = window(&line, 5_001);
        assert!(shown.chars().count() <= MAX_SNIPPET_CHARS + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(
            shown.chars().skip(column - 1).take(3).collect::<String>(),
            "BAD"
        );
        let (start, column) = window(&line, 2);
        assert!(start.starts_with("aa") && start.ends_with('…'));
        assert_eq!(column, 2);
        assert_eq!(window("short", 3), ("short".to_string(), 3));
    }
}
