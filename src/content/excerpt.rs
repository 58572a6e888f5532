//! A post's excerpt source as Jekyll's `Excerpt#extract_excerpt` cuts it: the body
//! before the separator, Liquid blocks the cut left open closed again, and the
//! reference link definitions of the rest that the head uses.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Location, Warning};

/// Liquid tags that open a block (Liquid's own and Jekyll's `highlight`).
const BLOCK_TAGS: [&str; 10] = [
    "capture",
    "case",
    "comment",
    "for",
    "highlight",
    "if",
    "ifchanged",
    "raw",
    "tablerow",
    "unless",
];

/// An excerpt's raw source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The Liquid/Markdown text to render as the excerpt.
    pub text: String,
    /// Whether closing tags were added for blocks the separator cut open (Jekyll
    /// warns "Excerpt modified").
    pub closed_blocks: bool,
}

/// The excerpt source of `body` cut at `separator`; `None` when the separator is empty.
pub fn source(body: &str, separator: &str) -> Option<Excerpt> {
    if separator.is_empty() {
        return None;
    }
    let (head, tail) = body.split_once(separator).unwrap_or((body, ""));
    let mut text = head.to_string();
    if tail.is_empty() {
        return Some(Excerpt {
            text,
            closed_blocks: false,
        });
    }
    let closed_blocks = head.contains("{%") && close_open_blocks(&mut text);
    let definitions = used_link_definitions(head, tail);
    if !definitions.is_empty() {
        text.push_str("\n\n");
        text.push_str(&definitions.join("\n"));
    }
    Some(Excerpt {
        text,
        closed_blocks,
    })
}

/// Jekyll's "Excerpt modified" warning for the post at `path`.
pub fn modified_warning(path: &Path, separator: &str) -> Warning {
    Warning {
        location: Location::file(path),
        message: format!(
            "excerpt modified: a Liquid block contains the excerpt separator {separator:?}; \
             the excerpt closes it (set `excerpt` or `excerpt_separator` to choose another)"
        ),
    }
}

/// Jekyll's `sanctify_liquid_tags`: for each tag of `head`, last first, a block tag
/// with no end tag anywhere in `head` gets `{% endNAME %}` appended. Returns whether
/// anything was appended.
fn close_open_blocks(head: &mut String) -> bool {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)\{%-?\s*(\w+)\s*.*?-?%\}").unwrap());
    let names: Vec<String> = TAG
        .captures_iter(head)
        .map(|c| c[1].to_string())
        .filter(|name| BLOCK_TAGS.contains(&name.as_str()))
        .collect();
    let mut modified = false;
    for name in names.iter().rev() {
        let end_tag = Regex::new(&format!(r"(?s)\{{%-?\s*end{name}.*?\s*-?%\}}")).unwrap();
        if !end_tag.is_match(head) {
            head.push_str(&format!("\n{{% end{name} %}}"));
            modified = true;
        }
    }
    modified
}

/// Jekyll's `extract_markdown_link_reference_definitions`: definition lines of the
/// tail whose `[id]` appears literally in the head.
fn used_link_definitions(head: &str, tail: &str) -> Vec<String> {
    tail.lines()
        .filter_map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            let close = rest.find(']')?;
            let (label, after) = rest.split_at(close + 1);
            let valid = indent <= 3
                && label.len() > 2
                && label.starts_with('[')
                && after.len() > 1
                && after.starts_with(':');
            (valid && head.contains(label)).then(|| rest.to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        source(body, "\n\n").unwrap().text
    }

    #[test]
    fn an_open_block_is_closed_as_jekyll_does() {
        let body = "{% for x in (1..3) %}\nx\n\n{% endfor %}\nrest";
        let excerpt = source(body, "\n\n").unwrap();
        assert_eq!(excerpt.text, "{% for x in (1..3) %}\nx\n{% endfor %}");
        assert!(excerpt.closed_blocks);
        assert_eq!(
            text("{%- raw -%}\n{% if a %}\n\nb"),
            "{%- raw -%}\n{% if a %}\n{% endif %}\n{% endraw %}"
        );
    }

    #[test]
    fn closed_blocks_and_plain_tags_are_kept() {
        let excerpt = source("{% if a %}b{% endif %} {% include x.html %}\n\nc", "\n\n");
        let excerpt = excerpt.unwrap();
        assert_eq!(excerpt.text, "{% if a %}b{% endif %} {% include x.html %}");
        assert!(!excerpt.closed_blocks);
        // Without a separator the whole body is the excerpt, untouched.
        assert_eq!(text("{% if a %}\nb"), "{% if a %}\nb");
    }

    #[test]
    fn used_reference_definitions_follow_the_head() {
        assert_eq!(
            text("See [a] and [b][].\n\n[a]: /a\n[c]: /c\n   [b]: /b\n"),
            "See [a] and [b][].\n\n[a]: /a\n[b]: /b"
        );
        assert_eq!(source("x", ""), None);
    }
}
