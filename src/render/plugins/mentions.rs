//! jekyll-mentions: `@name` in a page's HTML becomes a link to the profile,
//! as html-pipeline's `MentionFilter` writes it (never inside `pre`, `code`, `a`,
//! `script` or `style`).

use serde_json::{Map, Value};

use super::html_text::rewrite_text;
use crate::config::mentions_base_url;

/// Elements whose text is never mentionified.
const IGNORED_PARENTS: [&str; 5] = ["pre", "code", "a", "style", "script"];

/// Names that would link to GitHub's help about mentions; without an info URL
/// (jekyll-mentions gives none) they stay plain text.
const MENTION_LOGINS: [&str; 4] = ["mention", "mentions", "mentioned", "mentioning"];

/// The base URL a document's mentions link to: its own `jekyll-mentions` front
/// matter wins over the site's; `None` when the document opts out
/// (`jekyll-mentions: false`).
pub(super) fn document_base(
    site_base: &str,
    front_matter: Option<&Map<String, Value>>,
) -> Option<String> {
    match front_matter.and_then(|f| f.get("jekyll-mentions")) {
        None => Some(site_base.to_string()),
        Some(Value::Bool(false)) => None,
        setting => mentions_base_url(setting),
    }
}

/// `html` with every mention linked under `base`; `None` when it has none.
pub(super) fn mentionify(html: &str, base: &str) -> Option<String> {
    if !html.contains('@') {
        return None;
    }
    rewrite_text(html, &IGNORED_PARENTS, |text| link_mentions(text, base))
}

/// Ruby's ASCII `\w`.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The login of a mention at `text[at..]` (just past the `@`), as `MentionPatterns`
/// with jekyll-mentions' `[\w][\w-]*` reads it: no trailing `/`, and trailing dots
/// only before a non-word character or the end of a line.
fn login_at(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at..];
    if !rest.starts_with(is_word) {
        return None;
    }
    let end = rest
        .find(|c: char| !(is_word(c) || c == '-'))
        .unwrap_or(rest.len());
    let after = &rest[end..];
    let valid = match after.chars().next() {
        None => true,
        Some('/') => false,
        Some('.') => !after.trim_start_matches('.').starts_with(is_word),
        Some(_) => true,
    };
    valid.then(|| &rest[..end])
}

/// A text node's mentions replaced with links; `None` when it has none.
fn link_mentions(text: &str, base: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    // Where the last match ended: its last character cannot also be the next
    // match's leading non-word character.
    let mut last_end = None;
    while let Some(offset) = text[search..].find('@') {
        let at = search + offset;
        search = at + 1;
        let after_boundary = text[..at].chars().next_back().is_none_or(|c| !is_word(c));
        if !after_boundary || last_end == Some(at) {
            continue;
        }
        let Some(login) = login_at(text, at + 1) else {
            continue;
        };
        let end = at + 1 + login.len();
        search = end;
        last_end = Some(end);
        if MENTION_LOGINS.contains(&login.to_ascii_lowercase().as_str()) {
            continue;
        }
        let separator = if base.ends_with(['/', '~']) { "" } else { "/" };
        out.push_str(&text[copied..at]);
        out.push_str(&format!(
            "<a href=\"{base}{separator}{login}\" class=\"user-mention\">@{login}</a>"
        ));
        copied = end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GITHUB_DOT_COM;

    fn link(login: &str) -> String {
        format!("<a href=\"https://github.com/{login}\" class=\"user-mention\">@{login}</a>")
    }

    #[test]
    fn mentions_follow_html_pipelines_pattern() {
        let base = GITHUB_DOT_COM;
        assert_eq!(
            link_mentions("hi @jo-e, (@bob_2).", base).unwrap(),
            format!("hi {}, ({}).", link("jo-e"), link("bob_2"))
        );
        assert_eq!(link_mentions("mail a@b.com @x/y @a.b @mention", base), None);
        assert_eq!(
            link_mentions("@a... and é@b", base).unwrap(),
            format!("{}... and é{}", link("a"), link("b"))
        );
        assert_eq!(
            link_mentions("@a-@b", base).unwrap(),
            format!("{}@b", link("a-"))
        );
    }

    #[test]
    fn mentions_skip_code_and_links() {
        let html = "<p>@a <code>@b</code> <a href=\"/\">@c</a></p><pre>@d</pre>";
        assert_eq!(
            mentionify(html, "https://x.io/u/").unwrap(),
            "<p><a href=\"https://x.io/u/a\" class=\"user-mention\">@a</a> <code>@b</code> <a href=\"/\">@c</a></p><pre>@d</pre>"
        );
    }

    #[test]
    fn settings_give_the_base_url() {
        assert_eq!(mentions_base_url(None).unwrap(), GITHUB_DOT_COM);
        let map = serde_json::json!({"base_url": "https://t.co"});
        assert_eq!(mentions_base_url(Some(&map)).unwrap(), "https://t.co");
        assert_eq!(mentions_base_url(Some(&Value::Bool(true))), None);
        let off = serde_json::json!({"jekyll-mentions": false});
        assert_eq!(document_base("b", off.as_object()), None);
    }
}
