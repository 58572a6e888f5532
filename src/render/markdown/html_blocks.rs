//! How kramdown delimits HTML at the start of a line, where CommonMark's HTML blocks end
//! elsewhere: an element's block runs to the tag that closes it (or, never closed, to
//! the end of the text), a comment is one block, a block element alone on its line ends
//! its block there, and a lone `<img>` line starts a paragraph. Used by [`super::prepare`].

use std::sync::LazyLock;

use regex::Regex;

use super::elements;

/// An opening HTML tag alone on its line that carries `markdown="1"` (or `block`).
pub(super) static MARKDOWN_HTML_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^ {0,3}<([A-Za-z][A-Za-z0-9]*)\b([^>]*?)\s+markdown=["']?(?:1|block)["']?([^>]*)>[ \t]*$"#)
        .unwrap()
});

/// A line that stands for a blank line inside a raw HTML block (so that CommonMark does
/// not end the block there); the writer prints it as an empty line.
pub(super) const RAW_HTML_BLANK_LINE: &str = "\u{E001}";

/// An HTML start tag at the start of a line (up to three spaces indented): its name.
static HTML_BLOCK_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^( {0,3})<([A-Za-z][A-Za-z0-9-]*)[\s/>]").unwrap());

/// A line holding only an `<img>`, `<br>` or `<input>` tag (CommonMark's HTML block
/// of kind 7).
static LONE_VOID_SPAN_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^ {0,3}<(img|br|input)(\s+[a-z_:][a-z0-9_.:-]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>\s*$"#,
    )
    .unwrap()
});

/// Whether `line` holds only an `<img>`, `<br>` or `<input>` tag.
pub(super) fn is_lone_void_span_tag(line: &str) -> bool {
    LONE_VOID_SPAN_TAG.is_match(line)
}

/// Inline HTML the writer drops: it only keeps a line from being read as an HTML block.
pub(super) const PARAGRAPH_MARKER: &str = "<!--coldstart:paragraph-->";

/// A raw HTML block being copied: its last line, the indentation of its first, and
/// the end tag to add after it when the source never closes its element.
pub(super) struct RawHtmlBlock {
    pub(super) end: usize,
    pub(super) indent: String,
    pub(super) unclosed: Option<String>,
}

/// kramdown ends an HTML block at the tag that closes its first element, not at a blank
/// line as CommonMark does. When line `index` opens an element that closes on a later
/// line, the lines up to that one are one raw HTML block; when nothing closes it, the
/// rest of the text is, and kramdown adds the end tag after it.
pub(super) fn raw_html_block_at(lines: &[&str], index: usize) -> Option<RawHtmlBlock> {
    if let Some(comment) = html_comment_block_at(lines, index) {
        return Some(comment);
    }
    let captures = HTML_BLOCK_OPEN.captures(lines[index])?;
    if MARKDOWN_HTML_OPEN.is_match(lines[index]) {
        return None;
    }
    let name = captures[2].to_ascii_lowercase();
    let start_tag = &lines[index][captures[0].len() - 1..];
    let self_closed = start_tag
        .find('>')
        .is_some_and(|end| start_tag[..end].ends_with('/'));
    if !elements::opens_html_block(&name) || self_closed {
        return None;
    }
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let mut depth = 0usize;
    for (offset, line) in lines[index..].iter().enumerate() {
        depth += count_tags(line, &open, |rest| {
            rest.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace())
        });
        let closed = count_tags(line, &close, |rest| rest.trim_start().starts_with('>'));
        depth = depth.saturating_sub(closed);
        if depth == 0 {
            return (offset > 0).then(|| RawHtmlBlock {
                end: index + offset,
                indent: captures[1].to_string(),
                unclosed: None,
            });
        }
    }
    Some(RawHtmlBlock {
        end: lines.len() - 1,
        indent: captures[1].to_string(),
        unclosed: Some(format!("</{name}>")),
    })
}

/// An HTML comment opening at line `index` and closing on a later line: kramdown reads
/// nothing inside it (not even `{::options}` lines), so it is one raw block.
fn html_comment_block_at(lines: &[&str], index: usize) -> Option<RawHtmlBlock> {
    let line = lines[index];
    let opened = line.trim_start_matches(' ');
    let indent = &line[..line.len() - opened.len()];
    let inside = opened.strip_prefix("<!--").filter(|_| indent.len() <= 3)?;
    if inside.contains("-->") {
        return None;
    }
    let end = (index + 1..lines.len()).find(|&i| lines[i].contains("-->"))?;
    Some(RawHtmlBlock {
        end,
        indent: indent.to_string(),
        unclosed: None,
    })
}

/// Whether `line` is one block-level HTML element, opened at its start and closed (or
/// without a body) at its end.
pub(super) fn closes_on_its_line(line: &str) -> bool {
    let Some(captures) = HTML_BLOCK_OPEN.captures(line) else {
        return false;
    };
    let name = captures[2].to_ascii_lowercase();
    let line = line.trim_end();
    if !line.ends_with('>') || !elements::is_block_level(&name) {
        return false;
    }
    if elements::is_void(&name) {
        return line.find('>') == Some(line.len() - 1);
    }
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let opened = count_tags(line, &open, |rest| {
        rest.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace())
    });
    let closed = count_tags(line, &close, |rest| rest.trim_start().starts_with('>'));
    opened > 0 && opened == closed && line.to_ascii_lowercase().ends_with(&format!("{close}>"))
}

/// How often `line` holds `prefix` (compared case-insensitively) followed by text that
/// `ends_tag_name` accepts.
pub(super) fn count_tags(line: &str, prefix: &str, ends_tag_name: impl Fn(&str) -> bool) -> usize {
    let lowered = line.to_ascii_lowercase();
    lowered
        .match_indices(prefix)
        .filter(|(at, _)| ends_tag_name(&lowered[at + prefix.len()..]))
        .count()
}
