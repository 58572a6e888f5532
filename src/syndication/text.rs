//! The Liquid text filters the plugins' templates chain (`normalize_whitespace`,
//! `escape_once`, `smartify`, …), as plain functions, and the XML pieces they print.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::jekyll_filters as filters;
use crate::render::Renderer;

/// Whether a value is what Ruby prints as nothing: null, an empty string, an empty list.
pub fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A value as Liquid prints it: strings as they are, null as nothing, others as JSON.
pub fn printed(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Jekyll's `normalize_whitespace`: runs of ASCII whitespace become one space, trimmed.
pub fn normalize_whitespace(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Liquid's `escape_once`: escapes `< > " '` and every `&` that does not start an
/// entity (`&name;` or `&#123;`).
pub fn escape_once(text: &str) -> String {
    static UNESCAPED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"["><']|&([a-zA-Z]+;|#[0-9]+;)?"#).expect("valid regex"));
    UNESCAPED
        .replace_all(text, |caps: &regex::Captures| match &caps[0] {
            "\"" => "&quot;".to_string(),
            ">" => "&gt;".to_string(),
            "<" => "&lt;".to_string(),
            "'" => "&#39;".to_string(),
            "&" => "&amp;".to_string(),
            entity => entity.to_string(),
        })
        .into_owned()
}

/// Jekyll's `smartify` for one-line values (titles): typographic quotes and dashes,
/// `&` as `&amp;`, inline HTML kept. coldstart runs the Markdown converter and
/// unwraps the paragraph, which also turns inline Markdown (`*x*`) into HTML.
pub fn smartify(renderer: &Renderer, text: &str) -> String {
    let html = renderer.markdownify(text);
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// `… | strip_html | normalize_whitespace`: the plain text of an HTML fragment on one
/// line, entities kept.
pub fn plain_text(html: &str) -> String {
    normalize_whitespace(&filters::remove_html(html))
}

/// `text` as the body of a CDATA section. jekyll-feed prints content verbatim, which
/// breaks the XML when it contains `]]>`; here that is split across two sections.
pub fn cdata(text: &str) -> String {
    format!("<![CDATA[{}]]>", text.replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_once_keeps_entities() {
        assert_eq!(
            escape_once(r#"a & b &amp; &#39; &x <i> "q" 'r'"#),
            "a &amp; b &amp; &#39; &amp;x &lt;i&gt; &quot;q&quot; &#39;r&#39;"
        );
    }

    #[test]
    fn normalize_whitespace_joins_lines() {
        assert_eq!(normalize_whitespace("  a\n\t b  c \n"), "a b c");
    }

    #[test]
    fn cdata_never_closes_early() {
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
    }
}
