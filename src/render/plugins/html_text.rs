//! The text of an HTML page, as the plugins that rewrite it see it: html-pipeline
//! (behind jekyll-mentions and jemoji) visits every text node outside some
//! elements and replaces it with new markup. This walker does the same on the
//! HTML as written, without building a tree: tags, comments and the text inside
//! skipped elements are copied untouched.

use std::sync::LazyLock;

use regex::Regex;

/// Elements whose content is raw text, never tags (their text is never rewritten).
const RAW_TEXT_ELEMENTS: [&str; 2] = ["script", "style"];

/// Rewrites the text runs of `html` that are not inside an element named in
/// `skipped` (lowercase tag names) with `rewrite`, which answers `None` for text it
/// leaves alone. When the page has a `<body>`, only the body is visited, as the
/// plugins do. `None` when nothing changed.
pub(super) fn rewrite_text(
    html: &str,
    skipped: &[&str],
    rewrite: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    static BODY_OPENER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<body.*?>\s*").expect("valid regex"));
    let (head, body, tail) = match BODY_OPENER.find(html) {
        Some(opener) if html.contains("<body") => {
            let rest = &html[opener.end()..];
            let end = rest
                .find("</body>")
                .map_or(html.len(), |i| opener.end() + i);
            (
                &html[..opener.end()],
                &html[opener.end()..end],
                &html[end..],
            )
        }
        _ => ("", html, ""),
    };
    let body = rewrite_fragment(body, skipped, &rewrite)?;
    Some(format!("{head}{body}{tail}"))
}

/// [`rewrite_text`] on a fragment (no `<body>` splitting).
fn rewrite_fragment(
    html: &str,
    skipped: &[&str],
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(html.len());
    let mut changed = false;
    let mut open_skipped: Vec<String> = Vec::new();
    let mut position = 0;
    while position < html.len() {
        let next_tag = find_tag_start(html, position).unwrap_or(html.len());
        let text = &html[position..next_tag];
        match rewrite_if_visible(text, &open_skipped, rewrite) {
            Some(new) => {
                changed = true;
                out.push_str(&new);
            }
            None => out.push_str(text),
        }
        if next_tag == html.len() {
            break;
        }
        let tag_end = tag_end(html, next_tag);
        let tag = &html[next_tag..tag_end];
        out.push_str(tag);
        position = tag_end;
        let Some((name, closing)) = tag_name(tag) else {
            continue;
        };
        if closing {
            if let Some(open) = open_skipped.iter().rposition(|n| *n == name) {
                open_skipped.truncate(open);
            }
        } else if RAW_TEXT_ELEMENTS.contains(&name.as_str()) {
            // Script and style content is copied as it is, up to the closing tag.
            let end = find_end_tag(html, position, &name).unwrap_or(html.len());
            out.push_str(&html[position..end]);
            position = end;
        } else if skipped.contains(&name.as_str()) && !tag.ends_with("/>") {
            open_skipped.push(name);
        }
    }
    changed.then_some(out)
}

/// Where the first `</name`, in any case, starts at or after `from` (without a
/// lowercased copy of the rest of the page for each script).
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = html[at..].find("</") {
        let start = at + offset;
        let after = &html.as_bytes()[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// `rewrite(text)` unless a skipped element is open.
fn rewrite_if_visible(
    text: &str,
    open_skipped: &[String],
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if text.is_empty() || !open_skipped.is_empty() {
        return None;
    }
    rewrite(text)
}

/// The next `<` at or after `from` that opens a tag, a comment or a declaration
/// (a `<` followed by anything else is text).
fn find_tag_start(html: &str, from: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        match bytes.get(start + 1) {
            Some(b) if b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?') => {
                return Some(start);
            }
            _ => at = start + 1,
        }
    }
    None
}

/// Where the tag, comment or declaration starting at `start` ends (just past its
/// `>`; quoted attribute values may hold `>`).
fn tag_end(html: &str, start: usize) -> usize {
    if html[start..].starts_with("<!--") {
        return html[start..]
            .find("-->")
            .map_or(html.len(), |i| start + i + 3);
    }
    let mut quote = None;
    for (offset, c) in html[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if offset > 1 => quote = Some(c),
            (None, '>') => return start + offset + 1,
            _ => {}
        }
    }
    html.len()
}

/// The lowercase element name of a start or end tag, and whether it is an end tag
/// (`None` for comments and declarations).
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let (rest, closing) = match tag.strip_prefix("</") {
        Some(rest) => (rest, true),
        None => (tag.strip_prefix('<')?, false),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!name.is_empty()).then(|| (name.to_ascii_lowercase(), closing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper(text: &str) -> Option<String> {
        Some(text.to_uppercase())
    }

    #[test]
    fn text_outside_skipped_elements_is_rewritten() {
        let html = "<p class=\"a>b\">hi <code>no</code> <a href='x'>no <b>no</b></a> yes</p>";
        assert_eq!(
            rewrite_text(html, &["code", "a"], upper).unwrap(),
            "<p class=\"a>b\">HI <code>no</code> <a href='x'>no <b>no</b></a> YES</p>"
        );
    }

    #[test]
    fn comments_scripts_and_stray_brackets_are_kept() {
        let html = "a < b<!-- c --><script>if (a<b) x()</script><br/>d";
        assert_eq!(
            rewrite_text(html, &[], upper).unwrap(),
            "A < B<!-- c --><script>if (a<b) x()</script><br/>D"
        );
        let html = "<STYLE>p</a>{}</Style>e<script>x</scrip";
        assert_eq!(
            rewrite_text(html, &[], upper).unwrap(),
            "<STYLE>p</a>{}</Style>E<script>x</scrip"
        );
    }

    #[test]
    fn only_the_body_of_a_page_is_visited() {
        let html = "<html><head><title>t</title></head><body class=\"x\">\n  b</body></html>";
        assert_eq!(
            rewrite_text(html, &[], upper).unwrap(),
            "<html><head><title>t</title></head><body class=\"x\">\n  B</body></html>"
        );
        assert_eq!(rewrite_text("x", &[], |_| None), None);
    }
}
