//! jemoji: `:name:` in a page's HTML becomes the emoji's image, as html-pipeline's
//! `EmojiFilter` writes it with jemoji's settings (no `align`), never inside `pre`,
//! `code` or `tt`.
//!
//! The names come from gemoji 4.1.0 (github/gemoji, MIT; the newest version jemoji
//! 0.13 accepts), `db/emoji.json`: `gemoji.txt` (after its attribution line) has one
//! line per emoji, its image file name (the code points in hex, joined by `-`,
//! without U+FE0F and U+200D after the first, as gemoji's `image_filename` gives
//! `unicode/NAME.png`) followed by its aliases.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::html_text::rewrite_text;

/// Elements whose text keeps its `:name:` as written.
const IGNORED_ANCESTORS: [&str; 3] = ["pre", "code", "tt"];

/// Alias → image file stem, from gemoji's data.
static EMOJI: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("gemoji.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| {
            let mut words = line.split(' ');
            let file = words.next().unwrap_or_default();
            words.map(move |alias| (alias, file))
        })
        .collect()
});

/// `html` with every known `:name:` as an image under `root`; `None` when it has none.
pub(super) fn emojify(html: &str, root: &str) -> Option<String> {
    if !has_known_name(html) {
        return None;
    }
    rewrite_text(html, &IGNORED_ANCESTORS, |text| replace_names(text, root))
}

/// Whether any two consecutive colons of `html` enclose a known name: every `:name:`
/// of a text node is such a pair, so a page without one is left without a walk.
fn has_known_name(html: &str) -> bool {
    let mut colons = html.match_indices(':').map(|(at, _)| at);
    let Some(mut open) = colons.next() else {
        return false;
    };
    colons.any(|close| {
        let known = EMOJI.contains_key(&html[open + 1..close]);
        open = close;
        known
    })
}

/// The `<img>` jemoji writes for the emoji `name` whose image is `file`.
fn image_tag(name: &str, file: &str, root: &str) -> String {
    // Ruby's File.join: one `/` between the root and the path.
    let separator = if root.ends_with('/') { "" } else { "/" };
    format!(
        "<img class=\"emoji\" title=\":{name}:\" alt=\":{name}:\" src=\"{root}{separator}emoji/unicode/{file}.png\" height=\"20\" width=\"20\">"
    )
}

/// A text node's known `:name:`s replaced; `None` when it has none. Between two
/// colons is a candidate; an unknown one leaves its closing colon free to open the
/// next.
fn replace_names(text: &str, root: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut search = 0;
    while let Some(offset) = text[search..].find(':') {
        let open = search + offset;
        let Some(length) = text[open + 1..].find(':') else {
            break;
        };
        let close = open + 1 + length;
        let name = &text[open + 1..close];
        match EMOJI.get(name) {
            Some(file) => {
                out.push_str(&text[copied..open]);
                out.push_str(&image_tag(name, file, root));
                copied = close + 1;
                search = close + 1;
            }
            None => search = close,
        }
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

    #[test]
    fn known_names_become_jemojis_image() {
        // jemoji's own fixture: `:+1:` → unicode/1f44d.png.
        assert_eq!(
            emojify("<p>:+1:</p>", crate::config::DEFAULT_EMOJI_ROOT).unwrap(),
            "<p><img class=\"emoji\" title=\":+1:\" alt=\":+1:\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f44d.png\" height=\"20\" width=\"20\"></p>"
        );
        let html = emojify("a:zz:smile: <code>:smile:</code> :nope: 12:30", "/e").unwrap();
        assert!(
            html.starts_with("a:zz<img class=\"emoji\" title=\":smile:\""),
            "{html}"
        );
        assert!(
            html.contains("src=\"/e/emoji/unicode/1f604.png\""),
            "{html}"
        );
        assert!(
            html.ends_with("<code>:smile:</code> :nope: 12:30"),
            "{html}"
        );
    }

    #[test]
    fn pages_without_a_known_name_are_not_walked() {
        assert!(!has_known_name("<a href=\"https://x\">12:30 :nope:</a>"));
        assert!(has_known_name("a:zz:smile:"));
        assert_eq!(emojify("<p title=\"a:b\">:nope: 12:30</p>", "/e"), None);
    }

    #[test]
    fn file_names_drop_variation_selectors_and_joiners() {
        assert_eq!(EMOJI["relaxed"], "263a");
        assert_eq!(EMOJI["copyright"], "00a9");
        assert_eq!(EMOJI["thumbsup"], "1f44d");
        assert!(EMOJI.len() > 1800);
    }
}
