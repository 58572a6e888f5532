//! Markdown to HTML as Jekyll 4 renders it with kramdown 2.4 (`input: GFM`).
//!
//! The aim is the same heading ids, link targets and text as a real Jekyll build, so
//! that no anchor on the web breaks when a site moves over. pulldown-cmark parses; the
//! kramdown flavour comes from three cheap passes around it:
//!
//! 1. [`prepare`] rewrites kramdown-only block syntax line by line (IAL lines,
//!    `markdown="1"` HTML blocks) into plain CommonMark and remembers what it removed.
//! 2. pulldown-cmark parses the result once; undefined references are reported through
//!    its broken-link callback.
//! 3. [`writer`] renders the events itself rather than through `pulldown_cmark::html`:
//!    kramdown's markup differs in too many places (heading ids computed from the
//!    finished heading text, footnotes collected at the end, task lists, code blocks
//!    through the caller's highlighter, IAL attributes on start tags, `{:toc}` lists
//!    filled in once all headings are known), and patching markers afterwards would
//!    need another pass over the whole output.

mod elements;
mod footnotes;
mod html_blocks;
mod ial;
mod ids;
mod kramdown_blocks;
mod prepare;
mod toc;
mod typography;
mod writer;

use pulldown_cmark::{BrokenLink, LinkType, Options, Parser};

pub use crate::config::MarkdownOptions;

/// A heading, as a table of contents needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id attribute (never empty).
    pub id: String,
    /// Plain text, typography applied.
    pub text: String,
}

/// A problem worth a warning, with its 1-based line in the Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownWarning {
    /// 1-based line in the source given to [`to_html`].
    pub line: usize,
    /// What is wrong, for a person.
    pub message: String,
}

/// The result of rendering one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOutput {
    /// The HTML, footnotes at the end.
    pub html: String,
    /// Every heading with an id, in document order (whether or not `{:toc}` is used).
    pub toc: Vec<TocEntry>,
    /// Undefined references and similar problems.
    pub warnings: Vec<MarkdownWarning>,
}

/// pulldown-cmark extensions that match kramdown's GFM input.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        // kramdown has no single-tilde strikethrough; parsing it as subscript lets the
        // writer print it back literally.
        | Options::ENABLE_SUBSCRIPT
}

/// Renders `source` like Jekyll's kramdown.
///
/// `highlight(lang, code)` returns the complete HTML for one code block (the caller owns
/// Jekyll's wrapper markup and syntax highlighting); `lang` is None for a block without
/// info string and for indented blocks.
pub fn to_html(
    source: &str,
    options: &MarkdownOptions,
    highlight: &dyn Fn(Option<&str>, &str) -> String,
) -> MarkdownOutput {
    let prepared = prepare::prepare(source, options.parse_block_html);
    let mut warnings = Vec::new();
    let mut on_broken_link = |link: BrokenLink| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            warnings.push(MarkdownWarning {
                line: prepared.original_line(link.span.start),
                message: format!(
                    "link reference `{}` is not defined; `{}` is rendered as plain text",
                    link.reference,
                    &prepared.text[link.span.clone()]
                ),
            });
        }
        None
    };
    let events: Vec<_> = Parser::new_with_broken_link_callback(
        &prepared.text,
        parser_options(),
        Some(&mut on_broken_link),
    )
    .into_offset_iter()
    .collect();
    let (html, toc) = writer::render(&events, &prepared, options, highlight);
    MarkdownOutput {
        html,
        toc,
        warnings,
    }
}

#[cfg(test)]
mod tests;
