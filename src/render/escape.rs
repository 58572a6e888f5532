//! HTML escaping as kramdown and Rouge do it: `<`, `>` and `&` in text (quotes stay
//! literal), and additionally `"` in attribute values. One pass, no intermediate copies:
//! every body, code block and widget goes through here.

/// Appends `text` to `out` with `<`, `>` and `&` escaped.
pub(crate) fn push_escaped_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Returns `text` with `<`, `>` and `&` escaped, for text content.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, false);
    out
}

/// Returns `value` escaped for a double-quoted attribute.
pub(crate) fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_escaped(&mut out, value, true);
    out
}

fn push_escaped(out: &mut String, text: &str, escape_quotes: bool) {
    let mut copied_until = 0;
    for (index, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' if escape_quotes => "&quot;",
            _ => continue,
        };
        out.push_str(&text[copied_until..index]);
        out.push_str(replacement);
        copied_until = index + 1;
    }
    out.push_str(&text[copied_until..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_kramdown() {
        // Observed from kramdown 2.4: `A & B <3 > 2 "q"` keeps the quote in text, and
        // `[a](http://x.com/?a=1&b="2")` gives `href="http://x.com/?a=1&amp;b=&quot;2&quot;"`.
        let mut out = String::new();
        push_escaped_text(&mut out, r#"A & B <3 > 2 "q""#);
        assert_eq!(out, r#"A &amp; B &lt;3 &gt; 2 "q""#);
        assert_eq!(
            escape_attribute(r#"?a=1&b="2""#),
            "?a=1&amp;b=&quot;2&quot;"
        );
    }
}
