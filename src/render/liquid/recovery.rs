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
/// is inside an output or an `assign` tag: Ruby Liquid's lax reading of its
/// expression ([`lax_expression`]), or, when that is what failed, nothing (an output)
/// or nil (an assign).
pub(super) fn repair_at(source: &str, line: usize, column: usize) -> Option<Repair> {
    static OUTPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)^\{\{-?(.*?)-?\}\}$").expect("valid regex"));
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^\{%-?\s*assign\s+([\w-]+)\s*=(.*?)-?%\}$").expect("valid regex")
    });
    let offset = offset_of(source, line, column);
    let newlines = |span: &Range<usize>| "\n".repeat(source[span.clone()].matches('\n').count());
    // The lax reading, unless it is the markup as written (then it failed itself).
    let relaxed = |markup: &str| lax_expression(markup).filter(|lax| lax != markup.trim());
    if let Some(span) = enclosing(source, offset, "{{", "}}") {
        let markup = OUTPUT
            .captures(&source[span.clone()])
            .map(|c| c[1].to_string());
        return Some(match markup.as_deref().and_then(relaxed) {
            Some(lax) => Repair {
                replacement: format!("{{{{ {lax} }}}}{}", newlines(&span)),
                effect: format!("it is read as `{{{{ {lax} }}}}`"),
                span,
            },
            None => Repair {
                replacement: newlines(&span),
                span,
                effect: "it renders as nothing".into(),
            },
        });
    }
    let span = enclosing(source, offset, "{%", "%}")?;
    let captures = ASSIGN.captures(&source[span.clone()])?;
    let name = captures[1].to_string();
    let (value, effect) = match relaxed(&captures[2]) {
        Some(lax) => (lax.clone(), format!("`{name}` is `{lax}`")),
        None => ("nil".to_string(), format!("`{name}` is nil")),
    };
    Some(Repair {
        replacement: format!("{{% assign {name} = {value} %}}{}", newlines(&span)),
        span,
        effect,
    })
}

/// Ruby Liquid's lax parse of a variable's markup (`Variable#lax_parse`): the first
/// quoted fragment is the value, and each `|`-separated piece after it gives a filter
/// (its first word) and the arguments its `:`/`,`-led fragments give; anything else
/// (a stray `}`, a line break) is dropped. `None` when the markup has no fragment.
fn lax_expression(markup: &str) -> Option<String> {
    const FRAGMENT: &str = r#""[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+"#;
    static MARKUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?s)({FRAGMENT})(.*)")).expect("valid regex"));
    static FILTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?:\s+|{FRAGMENT}|,)+")).expect("valid regex"));
    static ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?:[:,])\s*((?:\w+\s*:\s*)?(?:{FRAGMENT}))")).expect("valid regex")
    });
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("valid regex"));
    let captures = MARKUP.captures(markup)?;
    let mut expression = captures[1].to_string();
    let rest = &captures[2];
    let Some(bar) = rest.find('|') else {
        return Some(expression);
    };
    for piece in FILTER.find_iter(&rest[bar + 1..]).map(|m| m.as_str()) {
        let Some(name) = WORD.find(piece) else {
            continue;
        };
        expression.push_str(" | ");
        expression.push_str(name.as_str());
        let arguments: Vec<&str> = ARGUMENT
            .captures_iter(piece)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        if !arguments.is_empty() {
            expression.push_str(": ");
            expression.push_str(&arguments.join(", "));
        }
    }
    Some(expression)
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
        assert_eq!(
            (output.span, output.replacement.as_str()),
            (3..12, "{{ x }}\n")
        );
        let output = repair_at("ab {{ [] }} c", 1, 7).unwrap();
        assert_eq!(output.replacement, "");
        let assign = repair_at("{% assign a = [] %}x", 1, 15).unwrap();
        assert_eq!(assign.span, 0..19);
        assert_eq!(assign.replacement, "{% assign a = nil %}");
        assert_eq!(assign.effect, "`a` is nil");
        let lax = repair_at("{%- assign t = _tag | strip | url_encode } -%}", 1, 40).unwrap();
        assert_eq!(
            lax.replacement,
            "{% assign t = _tag | strip | url_encode %}"
        );
        assert_eq!(repair_at("{% if [] %}", 1, 7), None);
        assert_eq!(repair_at("{{ a }} {% if [ %}", 1, 16), None);
    }

    #[test]
    fn lax_expressions_keep_what_ruby_liquids_lax_parser_reads() {
        assert_eq!(lax_expression("x }").as_deref(), Some("x"));
        assert_eq!(
            lax_expression(" a | append: 'b', c | date: \"%Y\" }}").as_deref(),
            Some("a | append: 'b', c | date: \"%Y\"")
        );
        assert_eq!(lax_expression("   "), None);
    }
}
