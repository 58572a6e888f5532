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
mod ial;
mod ids;
mod kramdown_blocks;
mod prepare;
mod toc;
mod typography;
mod writer;

use std::ops::RangeInclusive;

use pulldown_cmark::{BrokenLink, LinkType, Options, Parser};

/// kramdown options from `_config.yml` that change the output.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// Give headings ids (kramdown `auto_ids`, default true).
    pub auto_ids: bool,
    /// Prepended to every generated heading id (kramdown `auto_id_prefix`).
    pub auto_id_prefix: String,
    /// Heading levels a `{:toc}` list includes (kramdown `toc_levels`, default 1..=6).
    pub toc_levels: RangeInclusive<u8>,
    /// The characters for lsquo, rsquo, ldquo, rdquo (kramdown `smart_quotes`); see
    /// [`smart_quotes_from_config`].
    pub smart_quotes: [String; 4],
    /// Content of a footnote's back link (kramdown `footnote_backlink`, raw HTML).
    pub footnote_backlink: String,
}

impl Default for MarkdownOptions {
    /// Jekyll 4's kramdown defaults.
    fn default() -> MarkdownOptions {
        MarkdownOptions {
            auto_ids: true,
            auto_id_prefix: String::new(),
            toc_levels: 1..=6,
            smart_quotes: ["‘", "’", "“", "”"].map(String::from),
            footnote_backlink: "&#8617;".to_string(),
        }
    }
}

/// Maps kramdown's `smart_quotes` setting (`"lsquo,rsquo,ldquo,rdquo"`: four entity
/// names, `&name;`, `&#NNNN;`, `&#xHHHH;` or bare code points) to the four characters.
/// None when the setting does not name exactly four known characters.
pub fn smart_quotes_from_config(setting: &str) -> Option<[String; 4]> {
    let characters: Vec<String> = setting
        .split(',')
        .map(|entity| entity_character(entity.trim()).map(String::from))
        .collect::<Option<_>>()?;
    characters.try_into().ok()
}

/// The character an entity name or code point in kramdown's `smart_quotes` stands for.
fn entity_character(entity: &str) -> Option<char> {
    let entity = entity.trim_start_matches('&').trim_end_matches(';');
    let code_point = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        entity.trim_start_matches('#').parse().ok()
    };
    if let Some(code_point) = code_point {
        return char::from_u32(code_point);
    }
    Some(match entity {
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "sbquo" => '‚',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

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
    let prepared = prepare::prepare(source);
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
