//! A line-wise pass that turns kramdown-only block syntax into something CommonMark
//! parses the way kramdown does, remembering what it removed.
//!
//! - Block IAL lines (`{: .cls}`, `{:toc}`) become blank lines; each is recorded with
//!   the line of the block it belongs to (the block ending on the line before it, or
//!   else the block starting on the line after it).
//! - An HTML block opening with `markdown="1"` loses the attribute and gets blank lines
//!   after its opening and around its closing tag, so its inside parses as Markdown.
//! - An HTML block whose first element closes on a later line stays one raw block up to
//!   that closing tag, blank lines and all (kramdown's rule, not CommonMark's).
//! - A link URL with spaces inside balanced parentheses gets angle brackets, and a
//!   link URL's backslashes are kept (kramdown does not read them as escapes).
//! - Fenced code is copied untouched, except that lines of a fence inside a list item
//!   that are indented less than the fence get its indentation (kramdown's lazy lines),
//!   and a backtick fence only a shorter fence closes is read as kramdown reads it.
//! - A table with no separator row gets a header row for the writer to leave out (see
//!   [`super::kramdown_blocks`]).
//!
//! Lines may be inserted, so the pass keeps the original line number of every line.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::elements;
use super::html_blocks::{
    MARKDOWN_HTML_OPEN, PARAGRAPH_MARKER, RAW_HTML_BLANK_LINE, RawHtmlBlock, closes_on_its_line,
    is_lone_void_span_tag, raw_html_block_at,
};
use super::ial::Attributes;
use super::kramdown_blocks::{escape_code_span_pipes, shortened_fence, table_at};

/// A block IAL line: `{: … }` alone on a line, up to three spaces indented.
static IAL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\{:([^}]*)\}[ \t]*$").unwrap());

/// An ATX header marker with no text: kramdown-parser-gfm reads it as a paragraph.
static EMPTY_ATX_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}#{1,6}[ \t]*$").unwrap());

/// A link reference definition `[label]: url` (not a footnote `[^label]:`).
static REFERENCE_DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*\S").unwrap());

/// The preprocessed source and what the preprocessing took out of it.
#[derive(Debug, Default)]
pub(super) struct Prepared {
    /// The Markdown to hand to pulldown-cmark.
    pub text: String,
    /// Byte offset of each line of `text`.
    line_starts: Vec<usize>,
    /// 1-based line in the original source of each line of `text`.
    original_lines: Vec<usize>,
    /// IALs for the block whose last line is the key (a line of `text`).
    pub ials_after_line: HashMap<usize, Attributes>,
    /// IALs for the block whose first line is the key.
    pub ials_before_line: HashMap<usize, Attributes>,
    /// Byte ranges of `text` inside `markdown="1"` HTML blocks.
    pub markdown_html_blocks: Vec<Range<usize>>,
    /// Byte offsets of `text` where a table starts (its first `|`) with a header row that
    /// the source does not have (the writer leaves the header out).
    pub headless_tables: Vec<usize>,
}

impl Prepared {
    /// The line of `text` (0-based) holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The 1-based line in the original source for byte `offset` of `text`.
    pub fn original_line(&self, offset: usize) -> usize {
        self.original_lines[self.line_index(offset)]
    }

    /// True when `offset` lies inside a `markdown="1"` HTML block.
    pub fn in_markdown_html_block(&self, offset: usize) -> bool {
        self.markdown_html_blocks
            .iter()
            .any(|range| range.contains(&offset))
    }

    fn push_line(&mut self, line: &str, original_line: usize) {
        self.line_starts.push(self.text.len());
        self.original_lines.push(original_line);
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// An open `markdown="1"` HTML block.
struct OpenHtmlBlock {
    tag: String,
    depth: usize,
    content_start: usize,
}

/// An open fenced code block: its fence character and length.
struct Fence {
    marker: char,
    length: usize,
    /// Indentation given to content lines indented less (see [`lazy_list_fence_indent`]).
    lazy_indent: usize,
    /// The line that closes a fence kramdown reads shorter than written (written `~~~`).
    closing_line: Option<usize>,
}

/// A list item's first line: its marker.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]").unwrap());

/// kramdown keeps a fenced code block in its list item when the code lines are not
/// indented (lazy lines) as long as no blank line comes before the closing fence;
/// CommonMark ends the item at the first such line. For a fence opened on line `index`
/// inside a list item, returns the fence's indentation, to be given to those lines so
/// CommonMark sees them inside (it strips that much again); else 0.
fn lazy_list_fence_indent(lines: &[&str], index: usize, fence: &Fence) -> usize {
    let line = lines[index];
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent == 0 {
        return 0;
    }
    let in_list_item = lines[..index]
        .iter()
        .rev()
        .find(|line| {
            !line.trim().is_empty() && line.len() - line.trim_start_matches(' ').len() < indent
        })
        .is_some_and(|line| LIST_ITEM.is_match(line));
    let content_has_no_blank_line = lines[index + 1..]
        .iter()
        .take_while(|line| !closes_fence(line, fence))
        .all(|line| !line.trim().is_empty());
    if in_list_item && content_has_no_blank_line {
        indent
    } else {
        0
    }
}

/// Preprocesses `source`; see the module documentation.
pub(super) fn prepare(source: &str, parse_block_html: bool) -> Prepared {
    let (owned_lines, merged_into_previous) = join_broken_link_destinations(source);
    let lines: Vec<&str> = owned_lines.iter().map(|line| line.as_ref()).collect();
    let mut preparer = Preparer {
        prepared: Prepared {
            text: String::with_capacity(source.len() + 64),
            ..Prepared::default()
        },
        lines: &lines,
        fence: None,
        html_blocks: Vec::new(),
        raw_html_block: None,
        table_rows_end: 0,
        table_delimiter: None,
        definitions: HashMap::new(),
        parse_block_html,
    };
    for (index, line) in lines.iter().enumerate() {
        if !merged_into_previous[index] {
            preparer.line(index, line);
        }
    }
    let mut prepared = preparer.prepared;
    prepared.line_starts.push(prepared.text.len());
    prepared.original_lines.push(lines.len().max(1));
    prepared
}

/// The state of [`prepare`] between lines: the blocks open and what was seen.
struct Preparer<'a> {
    prepared: Prepared,
    lines: &'a [&'a str],
    fence: Option<Fence>,
    html_blocks: Vec<OpenHtmlBlock>,
    raw_html_block: Option<RawHtmlBlock>,
    /// The rows of a table as kramdown reads it end before this line.
    table_rows_end: usize,
    /// The line of the table's separator row and that row as GFM must read it.
    table_delimiter: Option<(usize, String)>,
    /// Label → byte range of its definition line in `prepared.text`.
    definitions: HashMap<String, Range<usize>>,
    /// kramdown's `parse_block_html` at this line (`{::options}` lines switch it).
    parse_block_html: bool,
}

impl Preparer<'_> {
    /// Rewrites line `index` (0-based): the first kind of block that claims it does.
    fn line(&mut self, index: usize, line: &str) {
        let claimed = self.raw_html_line(index, line)
            || self.fenced_line(index, line)
            || self.table_line(index, line)
            || self.ial_line(index, line)
            || self.markdown_html_line(index, line)
            || self.one_line_html_block(index, line)
            || self.lone_span_tag(index, line)
            || self.empty_atx_heading(index, line);
        if !claimed {
            self.plain_line(index, line);
        }
    }

    /// Inside (or at the start of) a raw HTML block: copied, blank lines kept inside.
    fn raw_html_line(&mut self, index: usize, line: &str) -> bool {
        let (prepared, lines, original_line) = (&mut self.prepared, self.lines, index + 1);
        if let Some(block) = self.raw_html_block.as_ref().filter(|b| index <= b.end) {
            if line.trim().is_empty() {
                let blank = format!("{}{RAW_HTML_BLANK_LINE}", block.indent);
                prepared.push_line(&blank, original_line);
            } else {
                prepared.push_line(line, original_line);
            }
            if index == block.end {
                self.end_raw_html_block(index);
            }
            return true;
        }
        if self.fence.is_none() && self.markdown_html_open(line).is_none() {
            self.raw_html_block = raw_html_block_at(lines, index);
            if let Some(block) = &self.raw_html_block {
                let last = block.end == index;
                self.prepared.push_line(line, original_line);
                if last {
                    self.end_raw_html_block(index);
                }
                return true;
            }
        }
        false
    }

    /// After the last line of a raw HTML block: the end tag kramdown adds to an element
    /// never closed, and a blank line before a line that follows at once.
    fn end_raw_html_block(&mut self, index: usize) {
        let original_line = index + 1;
        if let Some(end_tag) = self.raw_html_block.take().and_then(|b| b.unclosed) {
            self.prepared.push_line(&end_tag, original_line);
        }
        if self
            .lines
            .get(index + 1)
            .is_some_and(|next| !next.trim().is_empty())
        {
            self.prepared.push_line("", original_line);
        }
    }

    /// A line of a fenced code block, or one that opens it.
    fn fenced_line(&mut self, index: usize, line: &str) -> bool {
        let (prepared, lines, original_line) = (&mut self.prepared, self.lines, index + 1);
        if let Some(open) = &self.fence {
            let indentation = line.len() - line.trim_start_matches(' ').len();
            if open.closing_line == Some(index) {
                self.fence = None;
                prepared.push_line(&format!("{}~~~", &line[..indentation]), original_line);
                return true;
            }
            if open.closing_line.is_none() && closes_fence(line, open) {
                self.fence = None;
            } else if indentation < open.lazy_indent {
                let indent = " ".repeat(open.lazy_indent);
                prepared.push_line(&format!("{indent}{line}"), original_line);
                return true;
            }
            prepared.push_line(line, original_line);
            return true;
        }
        let Some(mut opened) = opens_fence(line) else {
            return false;
        };
        opened.lazy_indent = lazy_list_fence_indent(lines, index, &opened);
        let shortened = (opened.marker == '`')
            .then(|| shortened_fence(lines, index, opened.length))
            .flatten();
        match shortened {
            Some(shortened) => {
                opened.closing_line = Some(shortened.closing_line);
                prepared.push_line(&shortened.opening, original_line);
            }
            None => prepared.push_line(line, original_line),
        }
        self.fence = Some(opened);
        true
    }

    /// A row of a table as kramdown reads it (a hidden header row added first).
    fn table_line(&mut self, index: usize, line: &str) -> bool {
        let (prepared, original_line) = (&mut self.prepared, index + 1);
        if let Some(table) = table_at(self.lines, index) {
            if let Some(rows) = table.hidden_header {
                let first_cell = rows[0].find('|').unwrap_or(0);
                prepared
                    .headless_tables
                    .push(prepared.text.len() + first_cell);
                for row in rows {
                    prepared.push_line(&row, original_line);
                }
            }
            self.table_rows_end = table.rows.end;
            self.table_delimiter = table.delimiter_row.map(|row| (index + 1, row));
        }
        if index >= self.table_rows_end {
            return false;
        }
        if let Some((_, row)) = self.table_delimiter.take_if(|(at, _)| *at == index) {
            prepared.push_line(&row, original_line);
            return true;
        }
        let row = guillemets_before_letters(line);
        let row = kramdown_link_destinations(&row);
        prepared.push_line(&escape_code_span_pipes(&row), original_line);
        true
    }

    /// A block IAL line: recorded for its block, replaced by a blank line.
    fn ial_line(&mut self, index: usize, line: &str) -> bool {
        let Some(captures) = IAL_LINE.captures(line) else {
            return false;
        };
        let inner = &captures[1];
        // `{::extension}` and `{:name: …}` definitions are not IALs for a block.
        let is_definition = inner.starts_with(':')
            || inner
                .split_whitespace()
                .next()
                .is_some_and(|word| word.len() > 1 && word.ends_with(':'));
        if let Some(options) = inner.strip_prefix(":options") {
            self.switch_options(options);
        } else if !is_definition {
            record_ial(
                &mut self.prepared,
                self.lines,
                index,
                Attributes::parse(inner),
            );
        }
        self.prepared.push_line("", index + 1);
        true
    }

    /// The start or end of an HTML block with `markdown="1"`: its content is Markdown.
    fn markdown_html_line(&mut self, index: usize, line: &str) -> bool {
        let (prepared, original_line) = (&mut self.prepared, index + 1);
        if self
            .html_blocks
            .last_mut()
            .is_some_and(|block| closes_html_block(block, line))
        {
            let block = self.html_blocks.pop().expect("checked above");
            prepared.push_line("", original_line);
            prepared
                .markdown_html_blocks
                .push(block.content_start..prepared.text.len());
            prepared.push_line(line, original_line);
            if self
                .lines
                .get(index + 1)
                .is_some_and(|next| !next.trim().is_empty())
            {
                prepared.push_line("", original_line);
            }
            return true;
        }
        let Some((tag, attributes)) = self.markdown_html_open(line) else {
            return false;
        };
        let prepared = &mut self.prepared;
        prepared.push_line(&format!("<{tag}{attributes}>"), original_line);
        prepared.push_line("", original_line);
        self.html_blocks.push(OpenHtmlBlock {
            tag,
            depth: 1,
            content_start: prepared.text.len(),
        });
        true
    }

    /// The element and attributes of an HTML start tag alone on `line` whose content is
    /// Markdown: it carries `markdown="1"`, or `parse_block_html` is on and the element
    /// holds blocks (a `div`, not a `p`); its `markdown` attribute is left out.
    fn markdown_html_open(&self, line: &str) -> Option<(String, String)> {
        static BLOCK_HTML_OPEN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^ {0,3}<([A-Za-z][A-Za-z0-9]*)\b([^>]*?)>[ \t]*$").unwrap()
        });
        if let Some(captures) = MARKDOWN_HTML_OPEN.captures(line) {
            return Some((
                captures[1].to_string(),
                format!("{}{}", &captures[2], &captures[3]),
            ));
        }
        let captures = BLOCK_HTML_OPEN
            .captures(line)
            .filter(|_| self.parse_block_html)?;
        let attributes = &captures[2];
        (elements::holds_blocks(&captures[1].to_ascii_lowercase())
            && !attributes.contains("markdown=")
            && !attributes.ends_with('/'))
        .then(|| (captures[1].to_string(), attributes.to_string()))
    }

    /// Applies a `{::options … /}` line's `parse_block_html="true"` (or false).
    fn switch_options(&mut self, options: &str) {
        static PARSE_BLOCK_HTML: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"\bparse_block_html\s*=\s*["']?(true|false)\b"#).unwrap()
        });
        if let Some(captures) = PARSE_BLOCK_HTML.captures(options) {
            self.parse_block_html = &captures[1] == "true";
        }
    }

    /// A block-level element opened and closed on its own line (`<div>…</div>`,
    /// `<link …>`, `<hr>`) is a whole HTML block to kramdown, and the next line starts
    /// a new block; CommonMark's HTML block runs on to a blank line, so one is added.
    fn one_line_html_block(&mut self, index: usize, line: &str) -> bool {
        let next_is_text = (self.lines)
            .get(index + 1)
            .is_some_and(|next| !next.trim().is_empty());
        if !next_is_text || !closes_on_its_line(line) {
            return false;
        }
        self.prepared.push_line(line, index + 1);
        self.prepared.push_line("", index + 1);
        true
    }

    /// A line that is only an `<img>`, `<br>` or `<input>` tag starts a paragraph in
    /// kramdown, an HTML block running to the next blank line in CommonMark: a marker
    /// the writer drops ([`super::html_blocks::PARAGRAPH_MARKER`]) makes it a paragraph line.
    fn lone_span_tag(&mut self, index: usize, line: &str) -> bool {
        if !is_lone_void_span_tag(line) {
            return false;
        }
        let marked = format!("{}{PARAGRAPH_MARKER}", line.trim_end());
        self.prepared.push_line(&marked, index + 1);
        true
    }

    /// `##` alone is a paragraph "##" in kramdown, an empty heading in CommonMark.
    fn empty_atx_heading(&mut self, index: usize, line: &str) -> bool {
        if !EMPTY_ATX_HEADER.is_match(line) {
            return false;
        }
        let marker = line.trim_start();
        let indent = &line[..line.len() - marker.len()];
        (self.prepared).push_line(&format!("{indent}\\{marker}"), index + 1);
        true
    }

    /// Any other line: guillemets and link destinations rewritten; of a label defined
    /// twice, kramdown keeps the last definition, CommonMark the first.
    fn plain_line(&mut self, index: usize, line: &str) {
        let line = &guillemets_before_letters(line);
        let line = &kramdown_link_destinations(line);
        let line = backslash_line_break(line);
        let line = &escape_parenthesis_list_marker(line);
        let line = &reference_definition_backslashes(line);
        if let Some(captures) = REFERENCE_DEFINITION.captures(line) {
            let line_start = self.prepared.text.len();
            let label = normalize_label(&captures[1]);
            let range = line_start..line_start + line.len();
            if let Some(earlier) = self.definitions.insert(label, range) {
                let blank = " ".repeat(earlier.len());
                self.prepared.text.replace_range(earlier, &blank);
            }
        }
        self.prepared.push_line(line, index + 1);
    }
}

/// `1) text` starts an ordered list in CommonMark but is text in kramdown, whose list
/// markers are `1.` only: the parenthesis is escaped (`1\) text`), which CommonMark
/// prints as written. Lines indented four spaces or more are left alone (code).
fn escape_parenthesis_list_marker(line: &str) -> Cow<'_, str> {
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^ {0,3}[0-9]{1,9}\)(?:[ \t]|$)").unwrap());
    match MARKER.find(line) {
        Some(marker) => {
            let parenthesis = line[..marker.end()]
                .rfind(')')
                .expect("the marker ends in `)`");
            Cow::Owned(format!(
                "{}\\{}",
                &line[..parenthesis],
                &line[parenthesis..]
            ))
        }
        None => Cow::Borrowed(line),
    }
}

/// kramdown's other hard line break, two backslashes ending a line, as CommonMark's
/// one backslash. Not in an indented code line, nor when an odd number of backticks
/// leaves a code span open, nor after a third backslash.
fn backslash_line_break(line: &str) -> &str {
    let Some(before) = line.strip_suffix("\\\\") else {
        return line;
    };
    let indented_code = line.starts_with("    ") || line.starts_with('\t');
    let open_code_span = line.matches('`').count() % 2 == 1;
    if indented_code || open_code_span || before.ends_with('\\') {
        return line;
    }
    &line[..line.len() - 1]
}

/// Marks a line break inside a link destination; the writer turns it back into `\n`.
pub(super) const DESTINATION_LINE_BREAK: char = '\u{E000}';

/// kramdown accepts a link destination broken across two lines (`](https://x/a` then
/// `b.md) more`) and keeps the newline in the `href`; CommonMark does not see a link.
/// Such a pair of lines is joined, with [`DESTINATION_LINE_BREAK`] where the newline
/// was. Returns the lines and, per line, whether it was merged into the one before.
fn join_broken_link_destinations(source: &str) -> (Vec<Cow<'_, str>>, Vec<bool>) {
    let mut lines: Vec<Cow<'_, str>> = source.lines().map(Cow::Borrowed).collect();
    let mut merged = vec![false; lines.len()];
    for index in 0..lines.len().saturating_sub(1) {
        if merged[index] {
            continue;
        }
        let Some(open) = lines[index].rfind("](") else {
            continue;
        };
        let start = &lines[index][open + 2..];
        let next = &lines[index + 1];
        let continues_destination = !start.is_empty()
            && !start.contains([' ', ')', '<'])
            && next
                .find(')')
                .is_some_and(|close| close > 0 && !next[..close].contains([' ', '(']));
        if continues_destination {
            let joined = format!("{}{DESTINATION_LINE_BREAK}{}", lines[index], next);
            lines[index] = Cow::Owned(joined);
            lines[index + 1] = Cow::Borrowed("");
            merged[index + 1] = true;
        }
    }
    (lines, merged)
}

/// kramdown turns `<<` into `«` before it looks for HTML, but CommonMark reads `<<word>`
/// as `<` plus an inline tag. So `<<` directly before a letter becomes `«` here, unless
/// escaped (`\<<`), inside a code span, or on an indented (code) line.
fn guillemets_before_letters(line: &str) -> Cow<'_, str> {
    if !line.contains("<<") || line.starts_with("    ") || line.starts_with('\t') {
        return Cow::Borrowed(line);
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut in_code_span = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code_span = !in_code_span,
            b'<' if !in_code_span
                && bytes.get(i + 1) == Some(&b'<')
                && bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
                && (i == 0 || bytes[i - 1] != b'\\') =>
            {
                out.push('«');
                i += 2;
                continue;
            }
            _ => {}
        }
        let next = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + next]);
        i += next;
    }
    Cow::Owned(out)
}

/// kramdown reads everything up to the parenthesis that balances `](` as the link's URL,
/// spaces included (`[f](http://x.io/P.html#f(a.B, c.D))`), and keeps its backslashes
/// (`Docker_\(software\)`); CommonMark wants such a URL in angle brackets and reads a
/// backslash as an escape. So, outside code spans and code lines, a destination with
/// whitespace and without a title gets angle brackets, and the URL's escapes are
/// escaped (see [`kept_backslashes`]).
fn kramdown_link_destinations(line: &str) -> Cow<'_, str> {
    if !line.contains("](") || line.starts_with("    ") || line.starts_with('\t') {
        return Cow::Borrowed(line);
    }
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut in_code_span = false;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => in_code_span = !in_code_span,
            b']' if !in_code_span && bytes[i + 1] == b'(' => {
                let start = i + 2;
                if let Some(length) = balanced_destination_length(&line[start..]) {
                    let destination = &line[start..start + length];
                    if let Some(rewritten) = kramdown_destination(destination) {
                        out.push_str(&line[copied..start]);
                        out.push_str(&rewritten);
                        copied = start + length;
                    }
                    i = start + length;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[copied..]);
    Cow::Owned(out)
}

/// An inline link's destination (what `](` … `)` holds) as CommonMark must read it to
/// give kramdown's URL; `None` when it reads the same already.
fn kramdown_destination(destination: &str) -> Option<String> {
    let has_title = destination.ends_with(['"', '\'']);
    if destination.contains(char::is_whitespace) && !has_title && !destination.contains(['<', '>'])
    {
        return Some(format!("<{}>", kept_backslashes(destination.trim())));
    }
    let leading = destination.len() - destination.trim_start().len();
    let url_end = destination[leading..]
        .find(char::is_whitespace)
        .map_or(destination.len(), |end| leading + end);
    let url = kept_backslashes(&destination[..url_end]);
    matches!(url, Cow::Owned(_)).then(|| format!("{url}{}", &destination[url_end..]))
}

/// A reference definition's URL keeps its backslashes too (see [`kept_backslashes`]).
fn reference_definition_backslashes(line: &str) -> Cow<'_, str> {
    let Some(found) = REFERENCE_DEFINITION.find(line) else {
        return Cow::Borrowed(line);
    };
    // The match ends at the URL's first character.
    let url_start = found.end() - 1;
    let url_end = line[url_start..]
        .find(char::is_whitespace)
        .map_or(line.len(), |end| url_start + end);
    match kept_backslashes(&line[url_start..url_end]) {
        Cow::Borrowed(_) => Cow::Borrowed(line),
        Cow::Owned(url) => Cow::Owned(format!("{}{url}{}", &line[..url_start], &line[url_end..])),
    }
}

/// kramdown keeps the backslashes of a link URL (`a\_b`, `x\(1\)`), where CommonMark
/// reads `\` before punctuation as an escape: each such backslash is escaped, and the
/// character after it stays escaped (so an escaped parenthesis still does not count
/// when CommonMark balances them).
fn kept_backslashes(url: &str) -> Cow<'_, str> {
    let escapes = |c: char| c.is_ascii_punctuation();
    let mut chars = url.char_indices().peekable();
    let mut out: Option<String> = None;
    while let Some((at, c)) = chars.next() {
        let escaping = c == '\\' && chars.peek().is_some_and(|&(_, next)| escapes(next));
        if escaping {
            let out = out.get_or_insert_with(|| url[..at].to_string());
            out.push_str("\\\\\\");
            let (_, next) = chars.next().expect("peeked");
            out.push(next);
        } else if let Some(out) = &mut out {
            out.push(c);
        }
    }
    out.map_or(Cow::Borrowed(url), Cow::Owned)
}

/// The length of a link destination at the start of `rest` (just after `](`), up to the
/// parenthesis that closes the link; None when it does not close on this line.
fn balanced_destination_length(rest: &str) -> Option<usize> {
    let mut depth = 1usize;
    let mut escaped = false;
    for (at, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// A reference label as both kramdown and CommonMark compare them: case-insensitive,
/// whitespace collapsed.
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Records an IAL found on line `index` of `lines` for the neighbouring block.
fn record_ial(prepared: &mut Prepared, lines: &[&str], index: usize, attributes: Attributes) {
    let is_content = |line: Option<&&str>| {
        line.is_some_and(|line| !line.trim().is_empty() && !IAL_LINE.is_match(line))
    };
    let this_line = prepared.line_starts.len();
    if index > 0 && is_content(lines.get(index - 1)) {
        prepared
            .ials_after_line
            .entry(this_line - 1)
            .or_default()
            .merge(attributes);
    } else if is_content(lines.get(index + 1)) {
        prepared
            .ials_before_line
            .entry(this_line + 1)
            .or_default()
            .merge(attributes);
    }
}

/// Counts the block's tag opening and closing on `line`; true when the block closes
/// with this line (its closing tag alone on the line).
fn closes_html_block(block: &mut OpenHtmlBlock, line: &str) -> bool {
    let opening = format!("<{}", block.tag);
    let closing = format!("</{}>", block.tag);
    let opened = line
        .match_indices(&opening)
        .filter(|(at, _)| {
            line[at + opening.len()..].starts_with(|c: char| c == '>' || c.is_whitespace())
        })
        .count();
    block.depth += opened;
    let closed = line.matches(&closing).count();
    block.depth = block.depth.saturating_sub(closed);
    block.depth == 0 && line.trim() == closing
}

fn opens_fence(line: &str) -> Option<Fence> {
    let trimmed = line.trim_start();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    let info = &trimmed[length..];
    (length >= 3 && !(marker == '`' && info.contains('`'))).then_some(Fence {
        marker,
        length,
        lazy_indent: 0,
        closing_line: None,
    })
}

fn closes_fence(line: &str, fence: &Fence) -> bool {
    let trimmed = line.trim();
    trimmed.chars().take_while(|c| *c == fence.marker).count() >= fence.length
        && trimmed.chars().all(|c| c == fence.marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`prepare`] with `parse_block_html` off (kramdown's default).
    fn prepare_text(source: &str) -> Prepared {
        prepare(source, false)
    }

    #[test]
    fn parse_block_html_opens_block_elements_from_its_options_line_on() {
        let source = "<div>\n*raw*\n</div>\n\n{::options parse_block_html=\"true\" /}\n<div class=\"x\">\n*md*\n</div>\n<p>\n*span*\n</p>\n";
        let prepared = prepare_text(source);
        assert_eq!(prepared.markdown_html_blocks.len(), 1, "{}", prepared.text);
        let block = prepared.markdown_html_blocks[0].clone();
        assert!(prepared.text[block].contains("*md*"), "{}", prepared.text);
        assert_eq!(prepare(source, true).markdown_html_blocks.len(), 2);
    }

    #[test]
    fn ial_lines_become_blank_and_attach_to_neighbours() {
        let prepared = prepare_text("para\n{: .c}\n\n{: #n}\nnext\n");
        assert_eq!(prepared.text, "para\n\n\n\nnext\n");
        assert_eq!(prepared.ials_after_line[&0].classes, ["c"]);
        assert_eq!(prepared.ials_before_line[&4].id.as_deref(), Some("n"));
    }

    #[test]
    fn only_the_last_reference_definition_is_kept() {
        let prepared = prepare_text("[a]: /first\n[^a]: note\n\n[A ]: /second\n");
        assert_eq!(prepared.text, "           \n[^a]: note\n\n[A ]: /second\n");
    }

    #[test]
    fn two_backslashes_ending_a_line_are_a_line_break() {
        let text = |source: &str| prepare_text(source).text;
        assert_eq!(text("a\\\\\nb\n"), "a\\\nb\n");
        assert_eq!(text("    code\\\\\n"), "    code\\\\\n");
        assert_eq!(text("`a\\\\\nb`\n"), "`a\\\\\nb`\n");
        assert_eq!(text("a\\\\\\\nb\n"), "a\\\\\\\nb\n");
    }

    #[test]
    fn fenced_code_is_untouched() {
        let source = "```\n{:toc}\n<div markdown=\"1\">\n```\n";
        let prepared = prepare_text(source);
        assert_eq!(prepared.text, source);
        assert!(prepared.ials_after_line.is_empty());
    }

    #[test]
    fn markdown_html_blocks_are_opened_up() {
        let prepared = prepare_text("<div class=\"x\" markdown=\"1\">\n# Hi\n</div>\ntext\n");
        assert_eq!(
            prepared.text,
            "<div class=\"x\">\n\n# Hi\n\n</div>\n\ntext\n"
        );
        let heading = prepared.text.find("# Hi").unwrap();
        assert!(prepared.in_markdown_html_block(heading));
        assert_eq!(prepared.original_line(heading), 2);
        assert_eq!(
            prepared.original_line(prepared.text.find("text").unwrap()),
            4
        );
    }
}
