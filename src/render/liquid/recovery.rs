//! Jekyll's `error_mode: warn` for malformed markup: what Ruby Liquid's lax parser
//! makes of it, so the rest of the template still renders. A malformed `{{ … }}`
//! renders as nothing; a malformed `{% assign name = … %}` (such as `= []`) assigns
//! nil.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Location;

/// A malformed piece of markup and what replaces it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Repair {
    /// The bytes of the markup in the parsed text.
    pub(super) span: Range<usize>,
    /// What stands in for it (with as many newlines, so lines keep their numbers).
    pub(super) replacement: String,
    /// The outcome, for the warning.
    pub(super) effect: String,
}

/// The repair for a parse error at `line:column` (1-based) of `source`, if the error
/// is inside an output or an `assign` tag.
pub(super) fn repair_at(source: &str, line: usize, column: usize) -> Option<Repair> {
    let offset = offset_of(source, line, column);
    let newlines = |span: &Range<usize>| "\n".repeat(source[span.clone()].matches('\n').count());
    if let Some(span) = enclosing(source, offset, "{{", "}}") {
        return Some(Repair {
            replacement: newlines(&span),
            span,
            effect: "it renders as nothing".into(),
        });
    }
    static ASSIGN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\{%-?\s*assign\s+([\w-]+)\s*=").expect("valid regex"));
    let span = enclosing(source, offset, "{%", "%}")?;
    let name = ASSIGN.captures(&source[span.clone()])?[1].to_string();
    Some(Repair {
        replacement: format!("{{% assign {name} = nil %}}{}", newlines(&span)),
        span,
        effect: format!("`{name}` is nil"),
    })
}

/// Ruby Liquid accepts a second `{% else %}` in a block, where liquid-core's grammar
/// stops ("Unknown tag 'else'"). In `case` every `else` renders when no `when` matched
/// before it, so the second one's body joins the first's; in `if` and `unless` only the
/// first renders, so the second's body is commented out. The repair for an error at
/// `line:column` (1-based) of `source`, if it is such an `else`.
pub(super) fn repair_second_else(source: &str, line: usize, column: usize) -> Option<Repair> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{%-?\s*(\w+).*?-?%\}")
            .expect("valid regex")
    });
    let offset = offset_of(source, line, column);
    let span = enclosing(source, offset, "{%", "%}")?;
    if tag_name(&TAG.captures(&source[span.clone()])?) != "else" {
        return None;
    }
    // The innermost block open at the `else`.
    let mut open: Vec<&str> = Vec::new();
    for tag in TAG.captures_iter(&source[..span.start]) {
        match tag_name(&tag) {
            name @ ("if" | "unless" | "case" | "for" | "capture" | "tablerow" | "comment") => {
                open.push(name)
            }
            name if name.starts_with("end") => {
                open.pop();
            }
            _ => {}
        }
    }
    let newlines = "\n".repeat(source[span.clone()].matches('\n').count());
    match *open.last()? {
        "case" => Some(Repair {
            span,
            replacement: newlines,
            effect: "its body joins the first `else`".into(),
        }),
        "if" | "unless" => {
            let mut depth = 0usize;
            let end = TAG.captures_iter(&source[span.end..]).find_map(|tag| {
                match tag_name(&tag) {
                    "if" | "unless" | "case" | "for" | "capture" | "tablerow" | "comment" => {
                        depth += 1
                    }
                    name if name.starts_with("end") => {
                        if depth == 0 {
                            return Some(span.end + tag.get(0)?.start());
                        }
                        depth -= 1;
                    }
                    _ => {}
                }
                None
            })?;
            let body = &source[span.end..end];
            Some(Repair {
                replacement: format!("{{% comment %}}{newlines}{body}{{% endcomment %}}"),
                span: span.start..end,
                effect: "its body never renders".into(),
            })
        }
        _ => None,
    }
}

/// A tag's name (empty for a raw block).
fn tag_name<'t>(tag: &regex::Captures<'t>) -> &'t str {
    tag.get(1).map_or("", |name| name.as_str())
}

/// The byte offset of 1-based `line:column` (a column counts characters).
fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    source[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(source.len(), |(i, _)| line_start + i)
}

/// The `open … close` markup around `offset` (with no other markup opened between).
fn enclosing(source: &str, offset: usize, open: &str, close: &str) -> Option<Range<usize>> {
    let start = source[..offset].rfind(open)?;
    let between = &source[start..offset];
    if ["}}", "%}", "{%", "{{"]
        .iter()
        .any(|marker| *marker != open && between.contains(marker))
        || between[open.len()..].contains(open)
    {
        return None;
    }
    let end = offset + source[offset..].find(close)? + close.len();
    Some(start..end)
}

/// Where `| name` first appears in `source`, for an unknown-filter error.
pub(super) fn filter_location(
    source: &str,
    name: &str,
    file: &Path,
    line_offset: usize,
) -> Location {
    let pattern =
        regex::Regex::new(&format!(r"\|\s*{}\b", regex::escape(name))).expect("valid regex");
    match pattern.find(source) {
        Some(found) => Location::at(
            file,
            source[..found.start()].matches('\n').count() + 1 + line_offset,
            0,
        ),
        None => Location::file(file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_blanked_and_assigns_become_nil() {
        let output = repair_at("ab {{ x\ny }} c", 1, 8).unwrap();
        assert_eq!((output.span, output.replacement.as_str()), (3..12, "\n"));
        let assign = repair_at("{% assign a = [] %}x", 1, 15).unwrap();
        assert_eq!(assign.span, 0..19);
        assert_eq!(assign.replacement, "{% assign a = nil %}");
        assert_eq!(assign.effect, "`a` is nil");
        assert_eq!(repair_at("{% if [] %}", 1, 7), None);
        assert_eq!(repair_at("{{ a }} {% if [ %}", 1, 16), None);
    }
}
