//! Variables whose names start with a Liquid keyword (`empty_array`, `nil_count`,
//! `true_story`): Ruby Liquid reads them as names, liquid-core's grammar reads the
//! keyword and then fails on the rest ("expected Identifier"). Before parsing, every
//! such name where a variable starts (not after a `.`, a filter's `|`, or inside a
//! string) gets [`PREFIX`] in front, in every template alike, so an `assign` in one
//! include and a use in another still meet. Lines and columns before the name are
//! kept.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::markup::{ALL_MARKUP, rewrite_markup};

/// What a renamed variable's name starts with (a name no template uses).
const PREFIX: &str = "coldstart_kw_";

/// The keywords of liquid-core's literal grammar.
const KEYWORDS: [&str; 6] = ["empty", "blank", "nil", "null", "true", "false"];

/// `text` with every keyword-prefixed variable in Liquid markup renamed (outside
/// `{% raw %}`); unchanged text is not copied.
pub(super) fn rename_keyword_prefixed(text: Cow<'_, str>) -> Cow<'_, str> {
    static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:empty|blank|nil|null|true|false)[A-Za-z0-9_-]").expect("valid regex")
    });
    if !CANDIDATE.is_match(&text) {
        return text;
    }
    rewrite_markup(text, &ALL_MARKUP, rename_in_markup)
}

/// One tag or output with its keyword-prefixed variable names renamed.
fn rename_in_markup(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len() + PREFIX.len());
    let mut quote: Option<char> = None;
    // The character just before, and the last one that is not whitespace.
    let (mut previous, mut before) = ('{', '{');
    let mut chars = markup.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if let Some(open) = quote {
            quote = (c != open).then_some(open);
            out.push(c);
            (previous, before) = (c, c);
            continue;
        }
        let starts_name = (c.is_ascii_alphabetic() || c == '_')
            && !matches!(before, '.' | '|')
            && !is_name_char(previous);
        if starts_name {
            let end = markup[at..]
                .find(|c: char| !is_name_char(c))
                .map_or(markup.len(), |length| at + length);
            let name = &markup[at..end];
            if KEYWORDS
                .iter()
                .any(|k| name.len() > k.len() && name.starts_with(k))
            {
                out.push_str(PREFIX);
            }
            out.push_str(name);
            before = name.chars().last().unwrap_or(c);
            previous = before;
            while chars.peek().is_some_and(|(i, _)| *i < end) {
                chars.next();
            }
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        if !c.is_whitespace() {
            before = c;
        }
        previous = c;
        out.push(c);
    }
    out
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(text: &str) -> String {
        rename_keyword_prefixed(Cow::Borrowed(text)).into_owned()
    }

    #[test]
    fn keyword_prefixed_variables_get_a_prefix_where_a_variable_starts() {
        assert_eq!(
            renamed(r#"{%- assign empty_array = "" | split: "" -%}{{ empty_array | size }}"#),
            r#"{%- assign coldstart_kw_empty_array = "" | split: "" -%}{{ coldstart_kw_empty_array | size }}"#
        );
        assert_eq!(
            renamed("{% if nil_x == empty %}{{ a[true_key].nil_y }}{% endif %}"),
            "{% if coldstart_kw_nil_x == empty %}{{ a[coldstart_kw_true_key].nil_y }}{% endif %}"
        );
        // Not in strings, filter names, text, raw blocks, or keywords themselves.
        let untouched = "nil_x {{ 'empty_a' | nil_filter }}{% raw %}{{ empty_b }}{% endraw %}{% if x == nil %}{% endif %}";
        assert_eq!(renamed(untouched), untouched);
    }
}
