//! Heading ids, generated the way Jekyll's kramdown does.
//!
//! Top-level headings use kramdown-parser-gfm's algorithm (GitHub style); headings
//! inside `<div markdown="1">` are not visited by it and get kramdown's classic ids.
//! The two have separate duplicate counters, as in kramdown.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Characters kramdown-parser-gfm deletes: `[^\p{Word}\- \t]`.
static NON_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\w\- \t]").unwrap());

/// Generates unique heading ids for one document.
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    prefix: String,
    gfm_seen: HashMap<String, usize>,
    classic_seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// A generator whose ids all start with `prefix` (kramdown `auto_id_prefix`).
    pub fn new(prefix: &str) -> HeadingIds {
        HeadingIds {
            prefix: prefix.to_string(),
            ..HeadingIds::default()
        }
    }

    /// kramdown-parser-gfm `generate_gfm_header_id` for the heading's text (typography
    /// applied, markup dropped). May return just the prefix (no id) for an empty
    /// result; the duplicate counter still advances, so the next one gets `-1`.
    pub fn gfm(&mut self, text: &str) -> String {
        let mut id = NON_WORD
            .replace_all(&text.to_lowercase(), "")
            .replace([' ', '\t'], "-");
        let seen = self.gfm_seen.entry(id.clone()).or_insert(0);
        if *seen > 0 {
            id.push_str(&format!("-{seen}"));
        }
        *seen += 1;
        format!("{}{id}", self.prefix)
    }

    /// kramdown's classic `generate_id` for the heading's raw source text.
    pub fn classic(&mut self, raw_text: &str) -> String {
        let trimmed = raw_text.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
        let mut id: String = trimmed
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
            .map(|c| {
                if c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if id.is_empty() {
            id.push_str("section");
        }
        match self.classic_seen.get_mut(&id) {
            Some(seen) => {
                *seen += 1;
                id.push_str(&format!("-{seen}"));
            }
            None => {
                self.classic_seen.insert(id.clone(), 0);
            }
        }
        format!("{}{id}", self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expectations observed from kramdown 2.4 + parser-gfm 1.1 (Jekyll 4 options).
    #[test]
    fn gfm_ids_match_kramdown() {
        let mut ids = HeadingIds::new("");
        assert_eq!(ids.gfm("What Is It?"), "what-is-it");
        assert_eq!(ids.gfm("C++ & Rust"), "c--rust");
        assert_eq!(ids.gfm("1. Introduction"), "1-introduction");
        assert_eq!(ids.gfm("variable_name"), "variable_name");
        assert_eq!(ids.gfm("Über café"), "über-café");
        assert_eq!(ids.gfm("Über café"), "über-café-1");
        assert_eq!(ids.gfm("“Quoted” title’s – here"), "quoted-titles--here");
        assert_eq!(ids.gfm("C++ & Rust html "), "c--rust-html-");
    }

    #[test]
    fn gfm_empty_ids_still_count() {
        // Observed: two headings `## --` give no id, then `-1`.
        let mut ids = HeadingIds::new("");
        assert_eq!(ids.gfm("–"), "");
        assert_eq!(ids.gfm("–"), "-1");
    }

    #[test]
    fn prefix_is_prepended() {
        let mut ids = HeadingIds::new("p-");
        assert_eq!(ids.gfm("A"), "p-a");
        assert_eq!(ids.gfm("A"), "p-a-1");
    }

    #[test]
    fn classic_ids_match_kramdown() {
        let mut ids = HeadingIds::new("");
        assert_eq!(ids.classic("Über café"), "ber-caf");
        assert_eq!(ids.classic("1. Introduction"), "introduction");
        assert_eq!(ids.classic("variable_name"), "variablename");
        assert_eq!(ids.classic("--"), "section");
        assert_eq!(
            ids.classic("The `code` and *emph* [link](x)"),
            "the-code-and-emph-linkx"
        );
        assert_eq!(ids.classic("Über café"), "ber-caf-1");
    }
}
