//! Jekyll's repair of an excerpt cut inside a Liquid block (`sanctify_liquid_tags` in
//! Jekyll's `excerpt.rb`): when the excerpt separator falls between `{% for %}` and
//! its `{% endfor %}`, the excerpt alone would not parse, so Jekyll appends the missing
//! closing tags to the excerpt's head and warns "Excerpt modified".

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::LiquidSite;
use crate::content::document::Document;
use crate::diagnostic::{Location, Warning};

/// Jekyll's `LIQUID_TAG_REGEX`: a tag's name is its first word.
static LIQUID_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{%-?\s*(\w+)\s*.*?-?%\}").expect("valid regex"));

impl LiquidSite {
    /// `excerpt_source` of `document` with the Liquid blocks its head leaves open
    /// closed right after the head (before the link definitions Jekyll appends), and
    /// the "Excerpt modified" warning when that happened.
    pub fn close_excerpt_blocks<'a>(
        &self,
        document: &Document,
        excerpt_source: &'a str,
    ) -> (Cow<'a, str>, Option<Warning>) {
        let separator = document
            .get("excerpt_separator")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(&self.excerpt_separator);
        let head = match document.body.split_once(separator) {
            Some((head, _)) if !separator.is_empty() && excerpt_source.starts_with(head) => head,
            _ => return (Cow::Borrowed(excerpt_source), None),
        };
        let closing = self.closing_tags(head);
        if closing.is_empty() {
            return (Cow::Borrowed(excerpt_source), None);
        }
        let line = document.body_line + head.matches('\n').count();
        let warning = Warning {
            location: Location::at(&document.source_path, line, 0),
            message: format!(
                "Excerpt modified: the excerpt separator {separator:?} falls inside a Liquid \
                 block, which is closed with `{}` (set `excerpt` or `excerpt_separator` in the \
                 front matter if the excerpt is unsatisfactory)",
                closing.trim().replace('\n', " ")
            ),
        };
        let closed = format!("{head}{closing}{}", &excerpt_source[head.len()..]);
        (Cow::Owned(closed), Some(warning))
    }

    /// The closing tags Jekyll appends to `head`: for each block tag, last first, an
    /// `{% endNAME %}` unless `head` (with what was appended so far) already has one.
    fn closing_tags(&self, head: &str) -> String {
        if !head.contains("{%") {
            return String::new();
        }
        let names: Vec<&str> = LIQUID_TAG
            .captures_iter(head)
            .filter_map(|c| c.get(1))
            .map(|m| m.as_str())
            .collect();
        let mut closing = String::new();
        for name in names.into_iter().rev() {
            if self.language.blocks.get(name).is_none() {
                continue;
            }
            let end_tag = Regex::new(&format!(r"(?s)\{{%-?\s*end{name}.*?\s*-?%\}}"))
                .expect("a tag name is a word");
            if !end_tag.is_match(head) && !end_tag.is_match(&closing) {
                closing.push_str(&format!("\n{{% end{name} %}}"));
            }
        }
        closing
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::site;

    #[test]
    fn open_blocks_are_closed_last_opened_first() {
        let (site, _) = site();
        assert_eq!(
            site.closing_tags("{% for p in x %}{% if a %}b{% endif %}\n{% raw %}"),
            "\n{% endraw %}\n{% endfor %}"
        );
        assert_eq!(
            site.closing_tags("{%- for p in x -%}a{%- endfor -%}{% assign a = 1 %}"),
            ""
        );
        assert_eq!(
            site.closing_tags("{%\n  highlight\n  ruby\n%}\n{% capture c %}"),
            "\n{% endcapture %}\n{% endhighlight %}"
        );
    }

    #[test]
    fn a_cut_excerpt_gets_its_closing_tags_before_link_definitions() {
        let (site, mut post) = site();
        post.body = "{% for i in (1..2) %}[a][x]\n\n{{ i }}{% endfor %}\n\n[x]: /u".into();
        let source = "{% for i in (1..2) %}[a][x]\n\n[x]: /u";
        let (closed, warning) = site.close_excerpt_blocks(&post, source);
        assert_eq!(
            closed,
            "{% for i in (1..2) %}[a][x]\n{% endfor %}\n\n[x]: /u"
        );
        let warning = warning.expect("a warning");
        assert_eq!(warning.location.line, post.body_line);
        assert!(warning.message.contains("Excerpt modified"), "{warning}");
        let (same, none) = site.close_excerpt_blocks(&post, "plain");
        assert_eq!((same.as_ref(), none.is_none()), ("plain", true));
    }
}
