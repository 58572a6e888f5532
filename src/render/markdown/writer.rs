//! Renders pulldown-cmark events as kramdown's HTML (see the parent module for why this
//! is its own writer).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag, TagEnd};
use regex::Regex;

use super::elements;
use super::footnotes::Footnotes;
use super::html_blocks::{PARAGRAPH_MARKER, RAW_HTML_BLANK_LINE};
use super::ial::Attributes;
use super::ids::HeadingIds;
use super::prepare::Prepared;
use super::toc::{self, TocHeading};
use super::typography::Typographer;
use super::{MarkdownOptions, TocEntry};
use crate::render::escape::{escape_attribute, push_escaped_text};

/// kramdown's `HEADER_ID`: an explicit ` {#id}` at the end of a heading line.
static HEADER_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\t ]\{#([A-Za-z_:][\w:.\-]*)\}$").unwrap());

/// One event with its byte range in the preprocessed source.
pub(super) type SourceEvent<'a> = (Event<'a>, Range<usize>);

/// Renders `events` (parsed from `prepared.text`); returns the HTML and every heading
/// that has an id.
pub(super) fn render(
    events: &[SourceEvent],
    prepared: &Prepared,
    options: &MarkdownOptions,
    highlight: &dyn Fn(Option<&str>, &str) -> String,
) -> (String, Vec<TocEntry>) {
    let mut writer = Writer {
        events,
        task_lists: lists_with_tasks(events),
        prepared,
        options,
        highlight,
        typographer: Typographer::new(&prepared.text, &options.smart_quotes),
        ids: HeadingIds::new(&options.auto_id_prefix),
        footnotes: Footnotes::default(),
        ials_after_line: prepared.ials_after_line.clone(),
        ials_before_line: prepared.ials_before_line.clone(),
        out: String::with_capacity(prepared.text.len() * 3 / 2),
        footnote_body: None,
        heading: None,
        code_block: None,
        image: None,
        table: None,
        links_without_typography: Vec::new(),
        span_ial: None,
        toc_entries: Vec::new(),
        toc_headings: Vec::new(),
        toc_slots: Vec::new(),
    };
    let mut index = 0;
    while index < events.len() {
        index = writer.event(index) + 1;
    }
    writer.finish()
}

/// A heading being rendered: its content is buffered until its id is known.
struct Heading {
    level: u8,
    range: Range<usize>,
    attributes: Attributes,
    html: String,
    /// `html` without links and footnote references, for `{:toc}`.
    toc_html: String,
    /// Plain text with typography, for the GFM id and the TOC entry.
    text: String,
}

/// A code block being collected for the highlighter.
struct CodeBlock {
    lang: Option<String>,
    code: String,
    attributes: Attributes,
}

/// An image whose alt text (the raw label source) is being collected.
struct Image {
    src: String,
    title: String,
    label: Option<Range<usize>>,
    attributes: Attributes,
}

/// A table being rendered.
struct Table {
    alignments: Vec<Alignment>,
    /// The header row is one `prepare` added (kramdown's table had none): not written.
    headless: bool,
    in_head: bool,
    cell: usize,
    body_open: bool,
}

/// Where a `{:toc}` list was, to be filled in once all headings are known.
struct TocSlot {
    position: usize,
    ordered: bool,
    attributes: Attributes,
}

/// The lists (by the index of their `Start` event) with a task item of their own, not
/// counting nested lists': one pass, so nested lists cost time linear in their number.
fn lists_with_tasks(events: &[SourceEvent]) -> std::collections::HashSet<usize> {
    let mut open = Vec::new();
    let mut with_tasks = std::collections::HashSet::new();
    for (index, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::List(_)) => open.push(index),
            Event::End(TagEnd::List(_)) => {
                open.pop();
            }
            Event::TaskListMarker(_) => with_tasks.extend(open.last().copied()),
            _ => {}
        }
    }
    with_tasks
}

struct Writer<'a, 'e> {
    events: &'e [SourceEvent<'e>],
    /// The indexes of the `Start` events of lists with a task item of their own.
    task_lists: std::collections::HashSet<usize>,
    prepared: &'a Prepared,
    options: &'a MarkdownOptions,
    highlight: &'a dyn Fn(Option<&str>, &str) -> String,
    typographer: Typographer<'a>,
    ids: HeadingIds,
    footnotes: Footnotes,
    /// Block IALs not yet applied (see [`Prepared`]).
    ials_after_line: HashMap<usize, Attributes>,
    ials_before_line: HashMap<usize, Attributes>,
    out: String,
    /// The footnote definition being rendered: label and body.
    footnote_body: Option<(String, String)>,
    heading: Option<Heading>,
    code_block: Option<CodeBlock>,
    image: Option<Image>,
    table: Option<Table>,
    /// For each open link: true for autolinks, whose text gets no typography.
    links_without_typography: Vec<bool>,
    /// The source of a span IAL (`*x*{: .c}`) already applied, to drop from the text.
    span_ial: Option<Range<usize>>,
    toc_entries: Vec<TocEntry>,
    toc_headings: Vec<TocHeading>,
    toc_slots: Vec<TocSlot>,
}

impl Writer<'_, '_> {
    /// Renders the event at `index`; returns the index of the last event it consumed.
    fn event(&mut self, index: usize) -> usize {
        let (event, range) = &self.events[index];
        if let Some(image) = &mut self.image
            && !matches!(event, Event::End(TagEnd::Image))
        {
            let label = image.label.get_or_insert(range.clone());
            label.start = label.start.min(range.start);
            label.end = label.end.max(range.end);
            return index;
        }
        match event {
            Event::Start(tag) => return self.start(tag, range, index),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) if let Some((at, name)) = self.raw_span_in_text(text, range) => {
                self.text(&text[..at], &(range.start..range.start + at));
                return self.raw_span_element(index, range.start + at, &name);
            }
            Event::Text(text) => self.text(text, range),
            Event::Code(code) => {
                self.typographer.interrupt(None);
                if let Some(heading) = &mut self.heading {
                    heading.text.push_str(code);
                }
                let mut html =
                    String::from("<code class=\"language-plaintext highlighter-rouge\">");
                push_escaped_text(&mut html, code);
                html.push_str("</code>");
                let attributes = self.span_attributes(range.end);
                if !attributes.is_empty() {
                    html = attributes.inject_into_first_tag(&html);
                }
                self.write(&html);
            }
            Event::Html(html) if html.trim() == RAW_HTML_BLANK_LINE => {
                self.write("\n");
            }
            Event::InlineHtml(html) if html.as_ref() == PARAGRAPH_MARKER => {}
            Event::InlineHtml(html) if let Some(name) = elements::raw_span_element(html) => {
                return self.raw_span_element(index, range.start, &name);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.typographer.interrupt(None);
                self.write(html);
            }
            Event::FootnoteReference(label) => {
                self.typographer.interrupt(None);
                let html = self.footnotes.reference(label);
                self.write_outside_toc(&html);
            }
            Event::SoftBreak => {
                self.typographer.interrupt(Some('\n'));
                if let Some(heading) = &mut self.heading {
                    heading.text.push('\n');
                }
                self.write("\n");
            }
            Event::HardBreak => {
                self.typographer.interrupt(Some('\n'));
                self.write("<br />\n");
            }
            Event::Rule => {
                let attributes = self.block_attributes(range);
                self.write(&format!("<hr{} />\n", attributes.to_html()));
            }
            Event::TaskListMarker(checked) => {
                let checked = if *checked { " checked=\"checked\"" } else { "" };
                self.write(&format!(
                    "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\"{checked} />"
                ));
            }
            // Math and metadata blocks are not enabled in the parser options.
            Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
        index
    }

    /// Renders a start tag; returns the index of the last event consumed (a `{:toc}`
    /// list consumes its whole content).
    fn start(&mut self, tag: &Tag, range: &Range<usize>, index: usize) -> usize {
        self.typographer.interrupt(None);
        match tag {
            Tag::Paragraph => {
                let attributes = self.block_attributes(range);
                self.write(&format!("<p{}>", attributes.to_html()));
            }
            Tag::Heading { level, .. } => {
                self.heading = Some(Heading {
                    level: *level as u8,
                    range: range.clone(),
                    attributes: self.block_attributes(range),
                    html: String::new(),
                    toc_html: String::new(),
                    text: String::new(),
                });
            }
            Tag::BlockQuote(_) => {
                let attributes = self.block_attributes(range);
                self.write(&format!("<blockquote{}>\n", attributes.to_html()));
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(String::from),
                    CodeBlockKind::Indented => None,
                };
                self.code_block = Some(CodeBlock {
                    lang,
                    code: String::new(),
                    attributes: self.block_attributes(range),
                });
            }
            Tag::HtmlBlock => {}
            Tag::List(first_number) => {
                return self.start_list(first_number.is_some(), range, index);
            }
            Tag::Item => {
                let is_task = self.events[index + 1..]
                    .iter()
                    .take(2)
                    .any(|(event, _)| matches!(event, Event::TaskListMarker(_)));
                self.write(if is_task {
                    "<li class=\"task-list-item\">"
                } else {
                    "<li>"
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.footnote_body = Some((label.to_string(), String::new()));
            }
            Tag::DefinitionList => {
                let attributes = self.block_attributes(range);
                self.write(&format!("<dl{}>\n", attributes.to_html()));
            }
            Tag::DefinitionListTitle => self.write("<dt>"),
            Tag::DefinitionListDefinition => self.write("<dd>"),
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => {
                return self.start_table_part(tag, range, index);
            }
            _ => self.start_inline(tag, range),
        }
        index
    }

    /// Opens a span: emphasis, a link, an image…
    fn start_inline(&mut self, tag: &Tag, range: &Range<usize>) {
        match tag {
            Tag::Emphasis => {
                let attributes = self.span_attributes(range.end);
                self.write(&format!("<em{}>", attributes.to_html()));
            }
            Tag::Strong => {
                let attributes = self.span_attributes(range.end);
                self.write(&format!("<strong{}>", attributes.to_html()));
            }
            Tag::Strikethrough => self.write("<del>"),
            // kramdown has no `~x~`; print the tildes back.
            Tag::Subscript => self.write("~"),
            Tag::Superscript => self.write("<sup>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.start_link(*link_type, dest_url, title, range),
            Tag::Image {
                dest_url, title, ..
            } => {
                self.image = Some(Image {
                    src: dest_url.to_string(),
                    title: title.to_string(),
                    label: None,
                    attributes: self.span_attributes(range.end),
                });
            }
            // Metadata blocks are not enabled in the parser options; blocks are `start`'s.
            _ => {}
        }
    }

    /// Opens a list, or takes a `{:toc}` list's place (its whole content consumed);
    /// returns the index of the last event consumed.
    fn start_list(&mut self, ordered: bool, range: &Range<usize>, index: usize) -> usize {
        let mut attributes = self.block_attributes(range);
        if attributes.is_toc() && self.heading.is_none() && self.footnote_body.is_none() {
            attributes.references.retain(|reference| reference != "toc");
            self.toc_slots.push(TocSlot {
                position: self.out.len(),
                ordered,
                attributes,
            });
            return self.end_of_list(index);
        }
        if self.list_has_tasks(index) {
            attributes.classes.push("task-list".to_string());
        }
        let tag = if ordered { "ol" } else { "ul" };
        self.write(&format!("<{tag}{}>\n", attributes.to_html()));
        index
    }

    /// Opens a table, its head, a row or a cell; returns the index of the last event
    /// consumed (a headless table's empty head is skipped whole).
    fn start_table_part(&mut self, tag: &Tag, range: &Range<usize>, index: usize) -> usize {
        match tag {
            Tag::Table(alignments) => {
                let attributes = self.block_attributes(range);
                self.table = Some(Table {
                    alignments: alignments.clone(),
                    headless: self.prepared.headless_tables.contains(&range.start),
                    in_head: false,
                    cell: 0,
                    body_open: false,
                });
                self.write(&format!("<table{}>\n", attributes.to_html()));
            }
            Tag::TableHead if self.table.as_ref().is_some_and(|table| table.headless) => {
                return self.events[index..]
                    .iter()
                    .position(|(event, _)| matches!(event, Event::End(TagEnd::TableHead)))
                    .map_or(index, |offset| index + offset);
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = true;
                    table.cell = 0;
                }
                self.write("<thead>\n<tr>\n");
            }
            Tag::TableRow => {
                let open_body = self.table.as_mut().is_some_and(|table| {
                    table.cell = 0;
                    !std::mem::replace(&mut table.body_open, true)
                });
                self.write(if open_body {
                    "<tbody>\n<tr>\n"
                } else {
                    "<tr>\n"
                });
            }
            Tag::TableCell => {
                let (element, alignment) =
                    self.table
                        .as_ref()
                        .map_or(("td", Alignment::None), |table| {
                            let element = if table.in_head { "th" } else { "td" };
                            (
                                element,
                                table
                                    .alignments
                                    .get(table.cell)
                                    .copied()
                                    .unwrap_or(Alignment::None),
                            )
                        });
                let style = match alignment {
                    Alignment::None => "",
                    Alignment::Left => " style=\"text-align: left\"",
                    Alignment::Center => " style=\"text-align: center\"",
                    Alignment::Right => " style=\"text-align: right\"",
                };
                self.write(&format!("<{element}{style}>"));
            }
            _ => {}
        }
        index
    }

    /// Opens a link (`mailto:` for an e-mail autolink); autolinks get no typography.
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: &str,
        title: &str,
        range: &Range<usize>,
    ) {
        let is_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
        self.links_without_typography.push(is_autolink);
        let scheme = if link_type == LinkType::Email {
            "mailto:"
        } else {
            ""
        };
        let dest_url = dest_url.replace(super::prepare::DESTINATION_LINE_BREAK, "\n");
        let mut html = format!("<a href=\"{scheme}{}\"", escape_attribute(&dest_url));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_attribute(title)));
        }
        html.push_str(&self.span_attributes(range.end).to_html());
        html.push('>');
        self.write_outside_toc(&html);
    }

    fn end(&mut self, tag: TagEnd) {
        self.typographer.interrupt(None);
        match tag {
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(_) => self.finish_heading(),
            TagEnd::BlockQuote(_) => self.write("</blockquote>\n"),
            TagEnd::CodeBlock => self.finish_code_block(),
            TagEnd::HtmlBlock => {}
            TagEnd::List(ordered) => self.write(if ordered { "</ol>\n" } else { "</ul>\n" }),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::FootnoteDefinition => {
                if let Some((label, body)) = self.footnote_body.take() {
                    self.footnotes.define(&label, body);
                }
            }
            TagEnd::DefinitionList => self.write("</dl>\n"),
            TagEnd::DefinitionListTitle => self.write("</dt>\n"),
            TagEnd::DefinitionListDefinition => self.write("</dd>\n"),
            TagEnd::Table => {
                let close_body = self.table.take().is_some_and(|table| table.body_open);
                self.write(if close_body {
                    "</tbody>\n</table>\n"
                } else {
                    "</table>\n"
                });
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = false;
                }
                self.write("</tr>\n</thead>\n");
            }
            TagEnd::TableRow => self.write("</tr>\n"),
            TagEnd::TableCell => {
                let element = match &mut self.table {
                    Some(table) => {
                        table.cell += 1;
                        if table.in_head { "th" } else { "td" }
                    }
                    None => "td",
                };
                self.write(&format!("</{element}>\n"));
            }
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Subscript => self.write("~"),
            TagEnd::Superscript => self.write("</sup>"),
            TagEnd::Link => {
                self.links_without_typography.pop();
                self.write_outside_toc("</a>");
            }
            TagEnd::Image => self.finish_image(),
            TagEnd::MetadataBlock(_) => {}
        }
    }

    fn text(&mut self, text: &str, range: &Range<usize>) {
        if let Some(code_block) = &mut self.code_block {
            code_block.code.push_str(text);
            return;
        }
        let (text, range) = match &self.span_ial {
            Some(ial) if ial.start <= range.start && range.end <= ial.end => return,
            Some(ial) if ial.start <= range.start && range.contains(&ial.end) => {
                let rest = ial.end..range.end;
                let text = &text[ial.end - range.start..];
                self.span_ial = None;
                (text, rest)
            }
            _ => (text, range.clone()),
        };
        let range = &range;
        let mut converted = String::with_capacity(text.len());
        if self.links_without_typography.last() == Some(&true) {
            converted.push_str(text);
        } else {
            self.typographer
                .convert(text, range.clone(), &mut converted);
        }
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(&converted);
        }
        let mut html = String::with_capacity(converted.len());
        push_escaped_text(&mut html, &converted);
        self.write(&html);
    }

    /// Writes the span element opened by the event at `index` as written in the source,
    /// content included, up to its closing tag or else to the end of the enclosing block
    /// (where kramdown closes it); returns the index of the last event it covers.
    fn raw_span_element(&mut self, index: usize, start: usize, name: &str) -> usize {
        self.typographer.interrupt(None);
        let mut depth = 0usize;
        let mut last = index;
        let mut block_end = self.prepared.text.len();
        for (offset, (event, range)) in self.events[index + 1..].iter().enumerate() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => {
                    block_end = range.end;
                    break;
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                last = index + 1 + offset;
            }
        }
        let text = &self.prepared.text;
        let content = text[start..block_end].trim_end();
        let lowered = content.to_ascii_lowercase();
        let closing = format!("</{name}>");
        let (html, end) = match lowered.find(&closing) {
            Some(at) => (
                content[..at + closing.len()].to_string(),
                start + at + closing.len(),
            ),
            None => (format!("{content}{closing}"), block_end),
        };
        let last = (index..=last)
            .take_while(|at| self.events[*at].1.start < end)
            .last()
            .unwrap_or(index);
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(&html);
        }
        self.write(&html.replace(super::prepare::DESTINATION_LINE_BREAK, "\n"));
        last
    }

    /// A start tag CommonMark leaves as text (`<program.nim>`: a dot in the name) that
    /// kramdown reads as a span element keeping its content: its offset in `text` and
    /// its name.
    fn raw_span_in_text(&self, text: &str, range: &Range<usize>) -> Option<(usize, String)> {
        if self.code_block.is_some()
            || !text.contains('<')
            || self.prepared.text[range.clone()] != *text
        {
            return None;
        }
        text.match_indices('<').find_map(|(at, _)| {
            let (before, tag) = self.prepared.text.split_at(range.start + at);
            let backslashes = before.len() - before.trim_end_matches('\\').len();
            if backslashes % 2 == 1 {
                return None;
            }
            let name = elements::raw_span_element(tag)?;
            let after_name = &tag[1 + name.len()..];
            let line = after_name.split('\n').next().unwrap_or_default();
            let is_tag = line.starts_with('>')
                || (line.starts_with(char::is_whitespace) && line.contains('>'));
            is_tag.then_some((at, name))
        })
    }

    /// Writes HTML to wherever content currently goes (heading, footnote or document).
    fn write(&mut self, html: &str) {
        if let Some(heading) = &mut self.heading {
            heading.toc_html.push_str(html);
        }
        self.write_outside_toc(html);
    }

    /// Like [`Writer::write`], but left out of a heading's `{:toc}` entry (links and
    /// footnote references).
    fn write_outside_toc(&mut self, html: &str) {
        if let Some(heading) = &mut self.heading {
            heading.html.push_str(html);
        } else if let Some((_, body)) = &mut self.footnote_body {
            body.push_str(html);
        } else {
            self.out.push_str(html);
        }
    }

    /// The span IAL directly after an element ending at `element_end` (`*x*{: .c}`,
    /// `![a](b){:class="center"}`), remembered so its text is not printed.
    fn span_attributes(&mut self, element_end: usize) -> Attributes {
        let after = &self.prepared.text[element_end..];
        let Some(inner) = after.strip_prefix("{:") else {
            return Attributes::default();
        };
        match inner.find(['}', '\n']) {
            Some(end) if inner.as_bytes()[end] == b'}' => {
                self.span_ial = Some(element_end..element_end + 2 + end + 1);
                Attributes::parse(&inner[..end])
            }
            _ => Attributes::default(),
        }
    }

    /// Takes the IALs that belong to the block covering `range`: one on the line before
    /// its first line, or one on the line after its last. The outermost block starts
    /// first and so gets them.
    fn block_attributes(&mut self, range: &Range<usize>) -> Attributes {
        let mut attributes = Attributes::default();
        if self.ials_before_line.is_empty() && self.ials_after_line.is_empty() {
            return attributes;
        }
        let text = &self.prepared.text;
        let first_line = self.prepared.line_index(range.start);
        if let Some(before) = self.ials_before_line.remove(&first_line) {
            attributes.merge(before);
        }
        let content_end = range.start + text[range.clone()].trim_end().len();
        let last_line = self
            .prepared
            .line_index(content_end.saturating_sub(1).max(range.start));
        if let Some(after) = self.ials_after_line.remove(&last_line) {
            attributes.merge(after);
        }
        attributes
    }

    /// True when an item of the list starting at `index` is a task (kramdown then
    /// gives the list the class `task-list`).
    fn list_has_tasks(&self, index: usize) -> bool {
        self.task_lists.contains(&index)
    }

    /// The index of the `End` of the list starting at `index`.
    fn end_of_list(&self, index: usize) -> usize {
        let mut depth = 0usize;
        for (offset, (event, _)) in self.events[index..].iter().enumerate() {
            match event {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => {
                    depth -= 1;
                    if depth == 0 {
                        return index + offset;
                    }
                }
                _ => {}
            }
        }
        self.events.len() - 1
    }

    fn finish_heading(&mut self) {
        let Some(mut heading) = self.heading.take() else {
            return;
        };
        let raw = heading_source_text(&self.prepared.text[heading.range.clone()]);
        let mut explicit_id = heading.attributes.id.take();
        let mut raw_text = raw;
        if let Some(captures) = HEADER_ID.captures(raw) {
            explicit_id = explicit_id.or_else(|| Some(captures[1].to_string()));
            raw_text = raw[..captures.get(0).expect("whole match").start()].trim_end();
            for buffer in [&mut heading.text, &mut heading.html, &mut heading.toc_html] {
                if let Some(start) = buffer.rfind("{#") {
                    buffer.truncate(start);
                    buffer.truncate(buffer.trim_end().len());
                }
            }
        }
        let id = match explicit_id {
            Some(id) => Some(id),
            None if !self.options.auto_ids => None,
            None if self.prepared.in_markdown_html_block(heading.range.start) => {
                Some(self.ids.classic(raw_text))
            }
            None => Some(self.ids.gfm(&heading.text)),
        };
        heading.attributes.id = id.clone();
        let level = heading.level;
        self.write(&format!(
            "<h{level}{}>{}</h{level}>\n",
            heading.attributes.to_html(),
            heading.html
        ));
        let Some(id) = id else {
            return;
        };
        if self.options.toc_levels.contains(&level) && !heading.attributes.has_class("no_toc") {
            self.toc_headings.push(TocHeading {
                level,
                id: id.clone(),
                html: heading.toc_html,
            });
        }
        if !id.is_empty() {
            self.toc_entries.push(TocEntry {
                level,
                id,
                text: heading.text.trim().to_string(),
            });
        }
    }

    fn finish_code_block(&mut self) {
        let Some(code_block) = self.code_block.take() else {
            return;
        };
        let mut html = (self.highlight)(code_block.lang.as_deref(), &code_block.code);
        if !code_block.attributes.is_empty() {
            html = code_block.attributes.inject_into_first_tag(&html);
        }
        if !html.ends_with('\n') {
            html.push('\n');
        }
        self.write(&html);
    }

    fn finish_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let alt = image.label.map_or("", |label| &self.prepared.text[label]);
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape_attribute(&image.src),
            escape_attribute(alt)
        );
        if !image.title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_attribute(&image.title)));
        }
        html.push_str(&image.attributes.to_html());
        html.push_str(" />");
        self.write(&html);
    }

    /// Appends the footnotes and fills in the `{:toc}` lists.
    fn finish(mut self) -> (String, Vec<TocEntry>) {
        let footnotes = self.footnotes.render(&self.options.footnote_backlink);
        self.out.push_str(&footnotes);
        for slot in self.toc_slots.iter().rev() {
            let list = toc::render(&self.toc_headings, slot.ordered, &slot.attributes);
            self.out.insert_str(slot.position, &list);
        }
        (self.out, self.toc_entries)
    }
}

/// The text of a heading's source: without `#` markers (ATX) or underline (setext).
fn heading_source_text(source: &str) -> &str {
    let source = source.trim();
    if source.starts_with('#') {
        let text = source.trim_start_matches('#').trim();
        let without_closing = text.trim_end_matches('#');
        if without_closing.ends_with([' ', '\t']) || without_closing.is_empty() {
            without_closing.trim_end()
        } else {
            text
        }
    } else {
        source
            .rsplit_once('\n')
            .map_or(source, |(text, _)| text.trim())
    }
}
