//! kramdown's tables of HTML elements (as its documentation and behaviour describe them):
//! which tags open an HTML block, and which span-level tags keep their content as written.

/// Elements kramdown reads inside a paragraph (its span elements).
const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt", "rtc",
    "ruby", "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
];

/// Elements without a body (no closing tag).
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];

/// Block elements: in a paragraph kramdown prints their tags as they are and goes on.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "main",
    "map",
    "menu",
    "nav",
    "ol",
    "optgroup",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Span-level elements whose content kramdown parses as Markdown; every other element
/// (`<s>`, `<kbd>`, `<mark>`, an unknown `<type>`) keeps its content as written.
const PARSED_SPAN_CONTENT: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt",
    "em", "i", "ins", "label", "legend", "optgroup", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby",
    "select", "small", "span", "strong", "sub", "sup", "tt",
];

/// Elements whose content kramdown parses as blocks under `parse_block_html`
/// (its block content model; `p` or `h1` hold spans).
const BLOCK_CONTENT_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "noscript",
    "section",
    "summary",
];

/// Whether kramdown parses the content of element `name` (lowercased) as blocks when
/// `parse_block_html` is on.
pub(super) fn holds_blocks(name: &str) -> bool {
    BLOCK_CONTENT_ELEMENTS.contains(&name)
}

/// Whether a line starting with `<name` opens an HTML block that ends at its closing tag
/// (`name` lowercased).
pub(super) fn opens_html_block(name: &str) -> bool {
    !SPAN_ELEMENTS.contains(&name) && !VOID_ELEMENTS.contains(&name)
}

/// Whether kramdown reads an element named `name` (lowercase) at a line start as a
/// block: any element but the span ones (`<hr>` and `<link>` are, `<img>` is not).
pub(super) fn is_block_level(name: &str) -> bool {
    !SPAN_ELEMENTS.contains(&name)
}

/// Whether `name` (lowercase) is an element without a body.
pub(super) fn is_void(name: &str) -> bool {
    VOID_ELEMENTS.contains(&name)
}

/// The lowercased name of the element `tag` opens, when `tag` is a start tag inside a
/// paragraph whose content kramdown leaves as written (up to its closing tag, or else to
/// the end of the paragraph).
pub(super) fn raw_span_element(tag: &str) -> Option<String> {
    let rest = tag.strip_prefix('<')?;
    let length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
        .unwrap_or(rest.len());
    let name = rest[..length].to_ascii_lowercase();
    let is_element = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let raw = is_element
        && !tag.trim_end().ends_with("/>")
        && !PARSED_SPAN_CONTENT.contains(&name.as_str())
        && !VOID_ELEMENTS.contains(&name.as_str())
        && !BLOCK_ELEMENTS.contains(&name.as_str());
    raw.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_span_elements_are_the_unparsed_ones() {
        assert_eq!(raw_span_element("<s>").as_deref(), Some("s"));
        assert_eq!(
            raw_span_element("<KBD class=\"k\">").as_deref(),
            Some("kbd")
        );
        assert_eq!(
            raw_span_element("<program.nim>").as_deref(),
            Some("program.nim")
        );
        for parsed in [
            "<em>",
            "<span id=\"x\">",
            "<br>",
            "<div>",
            "<x/>",
            "</s>",
            "<!-- c -->",
        ] {
            assert_eq!(raw_span_element(parsed), None, "{parsed}");
        }
    }

    #[test]
    fn block_html_opens_on_block_and_unknown_elements() {
        assert!(opens_html_block("div") && opens_html_block("details"));
        assert!(!opens_html_block("span") && !opens_html_block("hr"));
    }
}
