//! Footnotes the way kramdown numbers and renders them: numbered by first reference,
//! collected at the end of the document in a `div.footnotes`, with one back link per
//! reference in the last paragraph of each note.

use std::collections::HashMap;

use crate::render::escape::escape_attribute;

/// The footnotes of one document.
#[derive(Debug, Default)]
pub(super) struct Footnotes {
    /// Labels in order of first reference, with how often each was referenced.
    referenced: Vec<(String, usize)>,
    numbers: HashMap<String, usize>,
    /// Rendered definitions by label.
    definitions: HashMap<String, String>,
}

impl Footnotes {
    /// Renders a reference to `label`: `<sup id="fnref:L">` for the first one,
    /// `fnref:L:1`, `fnref:L:2`… for repeats, all with the note's number.
    pub fn reference(&mut self, label: &str) -> String {
        let index = *self.numbers.entry(label.to_string()).or_insert_with(|| {
            self.referenced.push((label.to_string(), 0));
            self.referenced.len() - 1
        });
        let entry = &mut self.referenced[index];
        let repeat = entry.1;
        entry.1 += 1;
        let label = escape_attribute(label);
        let anchor = if repeat == 0 {
            format!("fnref:{label}")
        } else {
            format!("fnref:{label}:{repeat}")
        };
        format!(
            "<sup id=\"{anchor}\" role=\"doc-noteref\"><a href=\"#fn:{label}\" class=\"footnote\" rel=\"footnote\">{}</a></sup>",
            index + 1
        )
    }

    /// Stores the rendered body of the definition of `label`.
    pub fn define(&mut self, label: &str, html: String) {
        self.definitions.entry(label.to_string()).or_insert(html);
    }

    /// The closing `div.footnotes`, or nothing when no defined note was referenced.
    /// `backlink` is the back link's content (kramdown `footnote_backlink`).
    pub fn render(&self, backlink: &str) -> String {
        let mut items = String::new();
        for (label, count) in &self.referenced {
            let Some(body) = self.definitions.get(label) else {
                continue;
            };
            let label = escape_attribute(label);
            let mut backlinks = String::new();
            for repeat in 0..*count {
                let (anchor, mark) = match repeat {
                    0 => (format!("fnref:{label}"), String::new()),
                    _ => (
                        format!("fnref:{label}:{repeat}"),
                        format!("<sup>{}</sup>", repeat + 1),
                    ),
                };
                backlinks.push_str(&format!(
                    " <a href=\"#{anchor}\" class=\"reversefootnote\" role=\"doc-backlink\">{backlink}{mark}</a>"
                ));
            }
            items.push_str(&format!("<li id=\"fn:{label}\" role=\"doc-endnote\">\n"));
            let body = body.trim_end();
            match body.strip_suffix("</p>") {
                Some(open_paragraph) => {
                    items.push_str(open_paragraph);
                    items.push_str(&backlinks);
                    items.push_str("</p>\n");
                }
                None => {
                    items.push_str(body);
                    items.push_str(&format!("\n<p>{}</p>\n", backlinks.trim_start()));
                }
            }
            items.push_str("</li>\n");
        }
        if items.is_empty() {
            return items;
        }
        format!("<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n{items}</ol>\n</div>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Markup observed from kramdown 2.4 + parser-gfm 1.1.
    #[test]
    fn numbers_by_first_reference_and_links_back_to_each() {
        let mut footnotes = Footnotes::default();
        assert_eq!(
            footnotes.reference("n"),
            r##"<sup id="fnref:n" role="doc-noteref"><a href="#fn:n" class="footnote" rel="footnote">1</a></sup>"##
        );
        assert!(
            footnotes
                .reference("n")
                .starts_with(r#"<sup id="fnref:n:1""#)
        );
        assert!(footnotes.reference("b").contains(">2</a>"));
        footnotes.define("b", "<pre>code</pre>\n".into());
        footnotes.define("n", "<p>first</p>\n<p>second</p>\n".into());
        footnotes.define("unused", "<p>x</p>\n".into());
        assert_eq!(
            footnotes.render("&#8617;"),
            concat!(
                "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
                "<li id=\"fn:n\" role=\"doc-endnote\">\n<p>first</p>\n<p>second",
                " <a href=\"#fnref:n\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a>",
                " <a href=\"#fnref:n:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;<sup>2</sup></a></p>\n</li>\n",
                "<li id=\"fn:b\" role=\"doc-endnote\">\n<pre>code</pre>\n",
                "<p><a href=\"#fnref:b\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p>\n</li>\n",
                "</ol>\n</div>\n"
            )
        );
    }
}
