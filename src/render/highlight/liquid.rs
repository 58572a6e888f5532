//! Liquid templates split into the tokens Rouge's Liquid lexer gives (bat has no Liquid
//! grammar): text outside markup stays as written; inside `{{ }}` and `{% %}` the
//! delimiters are `p`, whitespace `w`, the tag name `nt`, a filter name `nf`, variables
//! `nv` with their dots `p`, strings, numbers and operators. Rouge's special cases are
//! kept: a `for` loop's collection is one name (`site.pages`), and an `include` names a
//! file and passes `key=value` parameters.

use super::*;

/// `code` highlighted as a Liquid template.
pub(super) fn highlight_liquid(code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 3);
    let mut rest = code;
    while let Some(open) = rest
        .find(['{'])
        .filter(|_| rest.contains("{{") || rest.contains("{%"))
    {
        let after = &rest[open..];
        let closing = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            push_escaped_text(&mut html, &rest[..open + 1]);
            rest = &rest[open + 1..];
            continue;
        };
        let Some(close) = after[2..].find(closing).map(|at| at + 2) else {
            break;
        };
        push_escaped_text(&mut html, &rest[..open]);
        write_markup(&mut html, &after[..close + 2]);
        rest = &after[close + 2..];
    }
    push_escaped_text(&mut html, rest);
    html
}

/// Writes one `{{ … }}` or `{% … %}` with its delimiters (and their `-`).
fn write_markup(html: &mut String, markup: &str) {
    let open_length = if markup[2..].starts_with('-') { 3 } else { 2 };
    let close_length = if markup[..markup.len() - 2].ends_with('-') {
        3
    } else {
        2
    };
    let inner = &markup[open_length..markup.len() - close_length];
    push_span(html, "p", &markup[..open_length]);
    let tag_name = markup
        .starts_with("{%")
        .then(|| inner.split_whitespace().next())
        .flatten()
        .unwrap_or_default();
    match tag_name {
        "include" | "include_relative" | "include_cached" => write_include(html, inner),
        _ => write_expression(html, inner, !tag_name.is_empty(), tag_name == "for"),
    }
    push_span(html, "p", &markup[markup.len() - close_length..]);
}

/// Writes the inside of an output or a tag: `tag` when it starts with a tag name, and
/// `dotted_names` when names keep their dots (a `for` loop's collection).
fn write_expression(html: &mut String, inner: &str, tag: bool, dotted_names: bool) {
    let mut rest = inner;
    let mut first_word = tag;
    let mut after_pipe = false;
    while let Some(c) = rest.chars().next() {
        let length = token_length(rest, dotted_names);
        let token = &rest[..length];
        let class = if c.is_whitespace() {
            "w"
        } else if c == '"' {
            "s2"
        } else if c == '\'' {
            "s1"
        } else if c.is_ascii_digit() {
            "mi"
        } else if c.is_alphabetic() || c == '_' {
            let class = if first_word && CONTROL_TAGS.contains(&token) {
                "kr"
            } else if first_word || (dotted_names && token == "in") {
                "nt"
            } else if after_pipe {
                "nf"
            } else if matches!(token, "and" | "or" | "contains") {
                "ow"
            } else {
                "nv"
            };
            first_word = false;
            class
        } else if "=<>!".contains(c) {
            "o"
        } else {
            "p"
        };
        if class != "w" {
            after_pipe = token == "|";
        }
        push_span(html, class, token);
        rest = &rest[length..];
    }
}

/// Tags Rouge's Liquid lexer classes as control keywords (`kr`) rather than tags (`nt`).
const CONTROL_TAGS: &[&str] = &[
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
];

/// The length of the token at the start of `rest` (not empty).
fn token_length(rest: &str, dotted_names: bool) -> usize {
    let first = rest.chars().next().expect("not empty");
    let end =
        |predicate: &dyn Fn(char) -> bool| rest.find(|c: char| !predicate(c)).unwrap_or(rest.len());
    match first {
        '"' | '\'' => rest[1..].find(first).map_or(rest.len(), |at| at + 2),
        c if c.is_whitespace() => end(&|c: char| c.is_whitespace()),
        c if c.is_ascii_digit() => end(&|c: char| c.is_ascii_digit() || c == '.'),
        c if c.is_alphabetic() || c == '_' => end(&|c: char| {
            c.is_alphanumeric() || c == '_' || c == '-' || c == '?' || (dotted_names && c == '.')
        }),
        c if "=<>!".contains(c) => end(&|c: char| "=<>!".contains(c)),
        c => c.len_utf8(),
    }
}

/// Writes an `include` tag's inside: its name, the file (as written), and `key=value`
/// parameters (the key `na`, `=` an operator, the value as written).
fn write_include(html: &mut String, inner: &str) {
    let mut rest = inner;
    let mut first_word = true;
    while !rest.is_empty() {
        let whitespace = rest.len() - rest.trim_start().len();
        if whitespace > 0 {
            push_span(html, "w", &rest[..whitespace]);
            rest = &rest[whitespace..];
            continue;
        }
        let length = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..length];
        match word.split_once('=') {
            _ if first_word => push_span(html, "nt", word),
            Some((key, value)) if !key.is_empty() => {
                push_span(html, "na", key);
                push_span(html, "o", "=");
                push_escaped_text(html, value);
            }
            _ => push_escaped_text(html, word),
        }
        first_word = false;
        rest = &rest[length..];
    }
}

/// Writes `text` escaped in a span of `class`, continuing the span just written if it has
/// the same class (Rouge merges neighbouring tokens of one class: `-%}{%`).
fn push_span(html: &mut String, class: &str, text: &str) {
    let continues = html.strip_suffix("</span>").is_some_and(|before| {
        before
            .rfind("<span class=\"")
            .is_some_and(|at| before[at + 13..].starts_with(&format!("{class}\">")))
    });
    if continues {
        html.truncate(html.len() - "</span>".len());
        push_escaped_text(html, text);
        html.push_str("</span>");
        return;
    }
    html.push_str("<span class=\"");
    html.push_str(class);
    html.push_str("\">");
    push_escaped_text(html, text);
    html.push_str("</span>");
}
