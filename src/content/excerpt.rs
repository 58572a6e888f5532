//! A post's excerpt source as Jekyll's `Excerpt#extract_excerpt` cuts it: the body
//! before the separator and the reference link definitions of the rest that the head
//! uses. Liquid blocks the cut leaves open are closed by the render stage, which knows
//! every block tag the site registers (`render::liquid`'s excerpt repair).

/// The excerpt source of `body` cut at `separator`; `None` when the separator is empty.
pub fn source(body: &str, separator: &str) -> Option<String> {
    if separator.is_empty() {
        return None;
    }
    let (head, tail) = body.split_once(separator).unwrap_or((body, ""));
    let mut text = head.to_string();
    let definitions = used_link_definitions(head, tail);
    if !definitions.is_empty() {
        text.push_str("\n\n");
        text.push_str(&definitions.join("\n"));
    }
    Some(text)
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
        source(body, "\n\n").unwrap()
    }

    #[test]
    fn closed_blocks_and_plain_tags_are_kept() {
        assert_eq!(
            text("{% if a %}b{% endif %} {% include x.html %}\n\nc"),
            "{% if a %}b{% endif %} {% include x.html %}"
        );
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
