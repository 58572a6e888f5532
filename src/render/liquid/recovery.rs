//! Jekyll's `error_mode: warn` for malformed markup: what Ruby Liquid's lax parser
//! makes of it, so the rest of the template still renders. A malformed `{{ … }}`
//! renders as nothing; a malformed `{% assign name = … %}` (such as `= []`) assigns
//! nil.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Location;

/// Ruby Liquid's `QuotedFragment`: a quoted string, or a run of anything but spaces,
/// commas, bars and quotes (with quoted strings inside).
const FRAGMENT: &str = r#""[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+"#;

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
/// or nil (an assign); inside an `if`, `elsif` or `unless`, the lax reading of its
/// condition ([`lax_condition`]).
pub(super) fn repair_at(source: &str, line: usize, column: usize) -> Option<Repair> {
    static OUTPUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)^\{\{-?(.*?)-?\}\}$").expect("valid regex"));
    static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^\{%-?\s*assign\s+([\w-]+)\s*=(.*?)-?%\}$").expect("valid regex")
    });
    let offset = offset_of(source, line, column);
    let newlines = |span: &Range<usize>| "\n".repeat(source[span.clone()].matches('\n').count());
    // The lax reading, unless it is the markup as written (then it failed itself) or
    // plain nil (said as such below).
    let relaxed =
        |markup: &str| lax_expression(markup).filter(|lax| lax != markup.trim() && lax != "nil");
    let in_tag = enclosing(source, offset, "{%", "%}").is_some();
    let output = enclosing(source, offset, "{{", "}}")
        .or_else(|| (!in_tag).then(|| malformed_output_on_line(source, line, &relaxed))?);
    if let Some(span) = output {
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
    if let Some(repair) = repair_condition(source, &span) {
        return Some(repair);
    }
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
/// quoted fragment is the value (read as [`lax_operand`] reads it: `(site.pages` is
/// `site.pages`), and each `|`-separated piece after it gives a filter
/// (its first word) and the arguments its `:`/`,`-led fragments give; anything else
/// (a stray `}`, a line break) is dropped. `None` when the markup has no fragment.
fn lax_expression(markup: &str) -> Option<String> {
    static MARKUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?s)({FRAGMENT})(.*)")).expect("valid regex"));
    static FILTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?:\s+|{FRAGMENT}|,)+")).expect("valid regex"));
    static ARGUMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?:[:,])\s*((?:\w+\s*:\s*)?(?:{FRAGMENT}))")).expect("valid regex")
    });
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("valid regex"));
    let captures = MARKUP.captures(markup)?;
    let mut expression = lax_operand(&captures[1]);
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

/// The `if`/`elsif`/`unless` tag at `span` with its condition read as Ruby Liquid's
/// lax parser reads it, if that differs from what is written.
fn repair_condition(source: &str, span: &Range<usize>) -> Option<Repair> {
    static CONDITION_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)^\{%(-?)\s*(if|elsif|unless)\s+(.*?)\s*(-?)%\}$").expect("valid regex")
    });
    let captures = CONDITION_TAG.captures(&source[span.clone()])?;
    let condition = lax_condition(&captures[3]).filter(|lax| lax != captures[3].trim())?;
    let (open_trim, tag, close_trim) = (&captures[1], &captures[2], &captures[4]);
    let newlines = "\n".repeat(source[span.clone()].matches('\n').count());
    Some(Repair {
        replacement: format!("{{%{open_trim} {tag} {condition} {close_trim}%}}{newlines}"),
        effect: format!("the condition is read as `{condition}`"),
        span: span.clone(),
    })
}

/// Ruby Liquid's lax parse of a condition (`If#lax_parse`): `and`/`or` separate
/// comparisons; each is a fragment, an optional operator and a fragment, and anything
/// after them is dropped. A fragment that is no literal is a variable made of the
/// words in it, so `(page.x` is `page.x` and `a and (b or c)` is `a and b or c`.
fn lax_condition(markup: &str) -> Option<String> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(FRAGMENT).expect("valid regex"));
    static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"({FRAGMENT})\s*([=!<>a-z_]+)?\s*({FRAGMENT})?")).expect("valid regex")
    });
    let mut parts: Vec<String> = Vec::new();
    let mut comparison = String::new();
    let close = |comparison: &mut String, parts: &mut Vec<String>| -> Option<()> {
        let found = COMPARISON.captures(comparison)?;
        let mut text = lax_operand(&found[1]);
        if let Some(operator) = found.get(2) {
            text.push_str(&format!(" {} ", operator.as_str()));
            text.push_str(
                &found
                    .get(3)
                    .map_or("nil".into(), |m| lax_operand(m.as_str())),
            );
        }
        parts.push(text);
        comparison.clear();
        Some(())
    };
    for token in TOKEN.find_iter(markup).map(|m| m.as_str()) {
        if (token == "and" || token == "or") && !comparison.is_empty() {
            close(&mut comparison, &mut parts)?;
            parts.push(token.to_string());
        } else {
            comparison.push_str(token);
            comparison.push(' ');
        }
    }
    close(&mut comparison, &mut parts)?;
    Some(parts.join(" "))
}

/// A fragment as Ruby Liquid's `Expression.parse` reads it: a literal as it is, else
/// the variable its words and `[…]` parts make (nil when there are none, or when the
/// variable is named like a literal).
fn lax_operand(fragment: &str) -> String {
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|nil|null|true|false|empty|blank|\(\s*\S+\s*\.\.\s*\S+\s*\))$"#)
            .expect("valid regex")
    });
    static PART: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[[^\[\]]*\]|[\w-]+\??").expect("valid regex"));
    if LITERAL.is_match(fragment) {
        return fragment.to_string();
    }
    let mut variable = String::new();
    for part in PART.find_iter(fragment).map(|m| m.as_str()) {
        if !variable.is_empty() && !part.starts_with('[') {
            variable.push('.');
        }
        variable.push_str(part);
    }
    // A variable named like a literal or a number (`(true`, `(1`) is one no template
    // can set: nil.
    let first = PART.find(&variable).map_or("", |m| m.as_str());
    let unsettable = matches!(
        first,
        "" | "true" | "false" | "nil" | "null" | "empty" | "blank"
    ) || first.starts_with(|c: char| c == '[' || c == '-' || c.is_ascii_digit());
    if unsettable {
        return "nil".into();
    }
    variable
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

/// The first output on 1-based `line` whose markup Ruby Liquid reads otherwise than
/// as written (`relaxed` gives a reading, or none at all): the error's culprit when
/// its column points elsewhere (liquid-core's columns drift after multi-byte text).
fn malformed_output_on_line(
    source: &str,
    line: usize,
    relaxed: &dyn Fn(&str) -> Option<String>,
) -> Option<Range<usize>> {
    static OUTPUTS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{\{-?(.*?)-?\}\}").expect("valid regex"));
    let start = offset_of(source, line, 1);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |end| start + end);
    OUTPUTS
        .captures_iter(&source[start..end])
        .find_map(|output| {
            let markup = output[1].trim();
            let malformed = relaxed(markup).is_some() || lax_expression(markup).is_none();
            let span = output.get(0).expect("the whole match");
            malformed.then(|| start + span.start()..start + span.end())
        })
}

/// The `open … close` markup around `offset` (with no other markup opened between).
fn enclosing(source: &str, offset: usize, open: &str, close: &str) -> Option<Range<usize>> {
    // The error may point at the opening marker itself (liquid-core does so after
    // multi-byte text on the line).
    let offset = if source[offset..].starts_with(open) {
        offset + open.len()
    } else {
        offset
    };
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
    fn conditions_are_read_as_ruby_liquid_reads_them_laxly() {
        let lax = |markup: &str| lax_condition(markup).unwrap();
        assert_eq!(lax("a and (b.c or d-e)"), "a and b.c or d-e");
        assert_eq!(lax("(a)"), "a");
        assert_eq!(lax("x == (true"), "x == nil");
        assert_eq!(lax("(1 == x"), "nil == x");
        assert_eq!(lax("x == 'a b' junk"), "x == 'a b'");
        assert_eq!(
            lax("site.data[page.lang] contains \"x\""),
            "site.data[page.lang] contains \"x\""
        );
        let repair = repair_at("{%- if a and (b or c) -%}x{% endif %}", 1, 14).unwrap();
        assert_eq!(repair.replacement, "{%- if a and b or c -%}");
        assert_eq!(repair.span, 0..25);
    }

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
        // Ruby Liquid reads a fragment without words as nil (Jekyll renders the else).
        let condition = repair_at("{{ a }} {% if [] %}", 1, 16).unwrap();
        assert_eq!(condition.replacement, "{% if nil %}");
        assert_eq!(repair_at("{{ a }} {% for [ %}", 1, 17), None);
    }

    #[test]
    fn an_error_at_the_opening_marker_after_multi_byte_text_is_repaired() {
        let source = "Go template의 `{{` `}}`는 -\n";
        let repair = repair_at(source, 1, 15).unwrap();
        assert_eq!(&source[repair.span], "{{` `}}");
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
