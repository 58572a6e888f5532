//! Jekyll's filters as plain functions over strings and dates, shared by both template
//! languages: the tera filters of themes (`theme::filters`) and the Liquid filters of
//! content (`render::liquid::filters`). Each wrapper only converts its engine's values.

mod strftime;

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use regex::Regex;

/// URL settings the URL filters need (from _config.yml).
#[derive(Debug, Clone, Default)]
pub struct UrlSettings {
    /// `url`: scheme and host the site is served from, e.g. `https://example.com`.
    pub url: String,
    /// `baseurl`: path prefix of the site under `url`, e.g. `/blog`, or empty.
    pub baseurl: String,
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Jekyll's `relative_url`: `baseurl` (leading `/` ensured, trailing `/` removed)
/// joined to the input (leading `/` ensured), percent-encoded like Addressable's
/// `normalize`, which also strips the path of whitespace (`'/tags.html ' |
/// relative_url` is `/tags.html`) and drops an empty query or fragment (`/tags/#` →
/// `/tags/`, as a theme's `{{ "" | prepend: "#" | prepend: "/tags/" | relative_url }}`
/// shows). Absolute URLs (with a scheme) pass through; an empty input with an empty
/// baseurl stays empty.
pub fn relative_url(input: &str, urls: &UrlSettings) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    let base = urls.baseurl.trim_end_matches('/');
    let joined = format!("{}{}", with_leading_slash(base), with_leading_slash(input));
    without_empty_query_or_fragment(uri_escape(&strip_path(&joined)))
}

/// The URL with its path (what comes before `?` or `#`) stripped as Ruby's
/// `String#strip` does, as Addressable's `normalized_path` strips it.
fn strip_path(url: &str) -> String {
    const RUBY_WHITESPACE: [char; 7] = [' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\0'];
    let (path, rest) = url.split_at(url.find(['?', '#']).unwrap_or(url.len()));
    format!("{}{rest}", path.trim_matches(RUBY_WHITESPACE))
}

/// Addressable's `normalize` turns an empty query (`?`) and an empty fragment (`#`)
/// into none: `/a?#` → `/a`, while `/a#b?` keeps its fragment `b?`.
fn without_empty_query_or_fragment(mut url: String) -> String {
    if url.find('#').is_some_and(|start| start + 1 == url.len()) {
        url.pop();
    }
    let path_end = url.find('#').unwrap_or(url.len());
    let query_start = url[..path_end].find('?');
    if query_start.is_some_and(|start| start + 1 == path_end) {
        url.remove(path_end - 1);
    }
    url
}

/// Jekyll's `absolute_url`: `url` followed by [`relative_url`], or just the relative
/// URL when `url` is empty. Like Jekyll, `url` is used verbatim, so a trailing `/` on
/// it doubles the slash; a host with nothing after it gets the path `/`, as
/// Addressable's `normalize` gives it (`'' | absolute_url` is `https://example.com/`).
pub fn absolute_url(input: &str, urls: &UrlSettings) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    with_root_path(format!("{}{}", urls.url, relative_url(input, urls)))
}

/// `scheme://host` alone, or followed by `?` or `#`, with the path `/` put in.
fn with_root_path(url: String) -> String {
    let Some(host_start) = url.find("://").map(|i| i + 3) else {
        return url;
    };
    let host_end = url[host_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| host_start + i);
    if url[host_end..].starts_with('/') {
        return url;
    }
    format!("{}/{}", &url[..host_end], &url[host_end..])
}

/// `/x` for `x`; empty stays empty (so an empty baseurl adds nothing).
fn with_leading_slash(path: &str) -> String {
    if path.is_empty() || path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// True for `scheme:` URLs such as `https://…` or `mailto:…`.
fn has_scheme(input: &str) -> bool {
    static SCHEME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]*:").expect("valid regex"));
    SCHEME.is_match(input)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// The `date` filter's format when none is given: "Mar 7, 2024".
pub const DEFAULT_DATE_FORMAT: &str = "%b %-d, %Y";
/// `date_to_xmlschema`'s format: ISO 8601, e.g. `2024-03-07T04:30:00+00:00`.
pub const XMLSCHEMA_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%:z";
/// `date_to_rfc822`'s format: e.g. `Thu, 07 Mar 2024 04:30:00 +0000` (RSS dates).
pub const RFC822_FORMAT: &str = "%a, %d %b %Y %H:%M:%S %z";

/// Formats with a user-supplied strftime string as Ruby does (Jekyll's filters call
/// Ruby's `Time#strftime`): an unknown directive prints as written; a lone `%` at the
/// end is an error message instead of a panic.
pub fn strftime(date: &DateTime<FixedOffset>, format: &str) -> Result<String, String> {
    strftime::ruby_strftime(date, format)
}

/// A unix timestamp as a date (UTC).
pub fn date_from_timestamp(seconds: i64) -> Result<DateTime<FixedOffset>, String> {
    DateTime::from_timestamp(seconds, 0)
        .map(|date| date.fixed_offset())
        .ok_or_else(|| format!("timestamp {seconds} is out of range"))
}

/// Reads a date the way dates reach templates (RFC 3339 strings), plus the other
/// forms Liquid's `date` accepts (`YYYY-MM-DD[ HH:MM[:SS][ ±ZZZZ]]`, `now`, `today` in
/// any case, and text of digits alone, which Liquid reads as a unix timestamp, as in
/// `{% capture later %}{{ site.time | date: '%s' | plus: 60 }}{% endcapture %}`).
/// The offset in the input is kept: the pipeline has already converted dates to the
/// site's timezone. Blank text gives `None`.
pub fn parse_date(text: &str) -> Result<Option<DateTime<FixedOffset>>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.eq_ignore_ascii_case("now") || text.eq_ignore_ascii_case("today") {
        return Ok(Some(Utc::now().fixed_offset()));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = text
            .parse()
            .map_err(|_| format!("`{text}` is out of range"))?;
        return date_from_timestamp(seconds).map(Some);
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(date));
    }
    for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(date) = DateTime::parse_from_str(text, format) {
            return Ok(Some(date));
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(date) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(Some(date.and_utc().fixed_offset()));
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Some(
            day.and_time(Default::default()).and_utc().fixed_offset(),
        ));
    }
    Err(format!("`{text}` is not a date"))
}

/// How `date_to_string` and `date_to_long_string` write the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayStyle {
    /// "07 Mar 2024".
    #[default]
    Padded,
    /// `"ordinal"`: "7th Mar 2024".
    Ordinal,
    /// `"ordinal", "US"`: "Mar 7th, 2024".
    OrdinalUs,
}

impl DayStyle {
    /// The style for Jekyll's `type` and `style` arguments (`style` only counts with
    /// `type = "ordinal"`).
    pub fn from_arguments(kind: Option<&str>, style: Option<&str>) -> DayStyle {
        match (kind, style) {
            (Some("ordinal"), Some("US")) => DayStyle::OrdinalUs,
            (Some("ordinal"), _) => DayStyle::Ordinal,
            _ => DayStyle::Padded,
        }
    }
}

/// Jekyll's `stringify_date`, behind `date_to_string` (`month_format` `%b`) and
/// `date_to_long_string` (`%B`).
pub fn stringify_date(date: &DateTime<FixedOffset>, month_format: &str, style: DayStyle) -> String {
    let month = date.format(month_format).to_string();
    match style {
        DayStyle::Padded => format!("{} {month} {}", date.format("%d"), date.year()),
        DayStyle::Ordinal => format!("{} {month} {}", ordinal(date.day()), date.year()),
        DayStyle::OrdinalUs => format!("{month} {}, {}", ordinal(date.day()), date.year()),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`, …
fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

// ---------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------

/// Jekyll's `xml_escape`: escapes `& < > " '` for XML text and attributes (feeds).
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Jekyll's `cgi_escape` (Ruby `CGI.escape`), for query-string values: keeps
/// `A-Z a-z 0-9 _ . - ~`, turns a space into `+`, percent-encodes every other byte.
pub fn cgi_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b' ' => escaped.push('+'),
            byte if is_unreserved(byte) => escaped.push(byte as char),
            byte => escaped.push_str(&format!("%{byte:02X}")),
        }
    }
    escaped
}

/// RFC 3986 unreserved characters, which never need escaping.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Jekyll's `uri_escape` (Addressable `normalize_component`): percent-encodes
/// everything outside RFC 3986's unreserved and reserved sets (so a whole URL can go
/// through it), keeps existing `%XX` escapes (decoding those of unreserved characters,
/// as Addressable does), and encodes a `%` that starts no escape as `%25`.
pub fn uri_escape(input: &str) -> String {
    const RESERVED: &[u8] = b":/?#[]@!$&'()*+,;=";
    let bytes = input.as_bytes();
    let mut normalized = String::with_capacity(input.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let escaped = input
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            match escaped {
                Some(decoded) if is_unreserved(decoded) => normalized.push(decoded as char),
                Some(_) => normalized.push_str(&input[index..index + 3].to_ascii_uppercase()),
                None => normalized.push_str("%25"),
            }
            index += if escaped.is_some() { 3 } else { 1 };
            continue;
        }
        if is_unreserved(byte) || RESERVED.contains(&byte) {
            normalized.push(byte as char);
        } else {
            normalized.push_str(&format!("%{byte:02X}"));
        }
        index += 1;
    }
    normalized
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

/// Removes `<script>`/`<style>` elements, comments and tags (Liquid's regexes).
pub fn remove_html(html: &str) -> String {
    static BLOCKS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<script.*?</script>|<!--.*?-->|<style.*?</style>").expect("valid regex")
    });
    static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<.*?>").expect("valid regex"));
    let without_blocks = BLOCKS.replace_all(html, "");
    TAGS.replace_all(&without_blocks, "").into_owned()
}

/// Minutes to read an HTML fragment at `words_per_minute`, rounded up and at least 1
/// (tags ignored). Not a Jekyll filter: themes compute it inline; coldstart gives it
/// to templates as `page.reading_time` and as the `reading_time` filter.
pub fn reading_minutes(html: &str, words_per_minute: usize) -> usize {
    let words = remove_html(html).split_whitespace().count();
    words.div_ceil(words_per_minute.max(1)).max(1)
}

/// Jekyll's `number_of_words(mode)`: whitespace-separated words; `"cjk"` counts each
/// Han/Kana/Hangul character as a word, `"auto"` does so only when the text contains
/// such characters.
pub fn number_of_words(text: &str, mode: Option<&str>) -> usize {
    static CJK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}]").expect("valid regex")
    });
    static NON_CJK_WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[^\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}\s]+").expect("valid regex")
    });
    let cjk_words = || CJK.find_iter(text).count() + NON_CJK_WORD.find_iter(text).count();
    match mode {
        Some("cjk") => cjk_words(),
        Some("auto") if CJK.is_match(text) => cjk_words(),
        _ => text.split_whitespace().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog_urls() -> UrlSettings {
        UrlSettings {
            url: "https://ex.com".into(),
            baseurl: "/blog/".into(),
        }
    }

    #[test]
    fn digits_alone_are_a_unix_timestamp_as_in_liquid() {
        let date = parse_date(" 1798850543 ").unwrap().unwrap();
        assert_eq!(date.to_rfc3339(), "2027-01-02T00:42:23+00:00");
        assert!(parse_date("99999999999999999999").is_err());
        assert!(parse_date("NOW").unwrap().is_some());
    }

    #[test]
    fn relative_url_prefixes_baseurl_like_jekyll() {
        let urls = blog_urls();
        assert_eq!(relative_url("x", &urls), "/blog/x");
        assert_eq!(relative_url("/x", &urls), "/blog/x");
        assert_eq!(relative_url("/", &urls), "/blog/");
        assert_eq!(relative_url("", &urls), "/blog");
        assert_eq!(relative_url("https://o.org/a", &urls), "https://o.org/a");
        assert_eq!(
            relative_url("a b/é?q=1&r=2#f", &urls),
            "/blog/a%20b/%C3%A9?q=1&r=2#f"
        );
        let bare = UrlSettings::default();
        assert_eq!(relative_url("/tags.html ", &bare), "/tags.html");
        assert_eq!(
            relative_url("\t/a /b \n?q= #f", &bare),
            "/%09/a%20/b?q=%20#f"
        );
        assert_eq!(relative_url("x", &bare), "/x");
        assert_eq!(relative_url("", &bare), "");
        let no_slash = UrlSettings {
            url: String::new(),
            baseurl: "blog".into(),
        };
        assert_eq!(relative_url("x", &no_slash), "/blog/x");
    }

    #[test]
    fn absolute_url_prepends_site_url() {
        let urls = blog_urls();
        assert_eq!(absolute_url("x", &urls), "https://ex.com/blog/x");
        assert_eq!(absolute_url("/", &urls), "https://ex.com/blog/");
        assert_eq!(absolute_url("mailto:a@b.c", &urls), "mailto:a@b.c");
        assert_eq!(absolute_url("/x", &UrlSettings::default()), "/x");
        let host_only = UrlSettings {
            url: "https://ex.com".into(),
            baseurl: String::new(),
        };
        assert_eq!(absolute_url("", &host_only), "https://ex.com/");
        assert_eq!(absolute_url("?q=1", &host_only), "https://ex.com/?q=1");
    }

    #[test]
    fn ordinal_suffixes() {
        let suffixed: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            suffixed,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"
            ]
        );
    }

    #[test]
    fn dates_parse_and_stringify_like_jekyll() {
        let date = parse_date("2024-03-07T04:30:00+00:00").unwrap().unwrap();
        assert_eq!(stringify_date(&date, "%b", DayStyle::Padded), "07 Mar 2024");
        assert_eq!(
            stringify_date(&date, "%b", DayStyle::Ordinal),
            "7th Mar 2024"
        );
        assert_eq!(
            stringify_date(&date, "%B", DayStyle::OrdinalUs),
            "March 7th, 2024"
        );
        assert_eq!(DayStyle::from_arguments(None, Some("US")), DayStyle::Padded);
        assert_eq!(parse_date(" ").unwrap(), None);
        assert!(parse_date("yesterday-ish").is_err());
        assert!(strftime(&date, "%Y %").is_err());
        assert_eq!(strftime(&date, "%Q %-d").unwrap(), "%Q 7");
    }

    #[test]
    fn relative_url_drops_an_empty_query_or_fragment_as_addressable() {
        let urls = UrlSettings::default();
        assert_eq!(relative_url("/tags/#", &urls), "/tags/");
        assert_eq!(relative_url("/tags/?#", &urls), "/tags/");
        assert_eq!(relative_url("/tags/?#x", &urls), "/tags/#x");
        assert_eq!(relative_url("/a#b?", &urls), "/a#b?");
        assert_eq!(relative_url("/a?b=1#", &urls), "/a?b=1");
    }

    #[test]
    fn uri_escape_matches_addressable() {
        assert_eq!(uri_escape(r"foo, bar \baz?"), "foo,%20bar%20%5Cbaz?");
        assert_eq!(
            uri_escape("100% sure %41 {x}|^`"),
            "100%25%20sure%20A%20%7Bx%7D%7C%5E%60"
        );
        assert_eq!(uri_escape("/a/%2f?x=1#y"), "/a/%2F?x=1#y");
    }

    #[test]
    fn escapes_match_ruby() {
        assert_eq!(
            xml_escape(r#"a&b<c>"d"'e' é"#),
            "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos; é"
        );
        assert_eq!(cgi_escape("a b"), "a+b");
        assert_eq!(cgi_escape("é"), "%C3%A9");
        assert_eq!(cgi_escape("~_.-/?:&=*%"), "~_.-%2F%3F%3A%26%3D%2A%25");
    }

    #[test]
    fn number_of_words_counts_whitespace_words_and_cjk() {
        let text = "Hello world 你好世界 foo";
        assert_eq!(number_of_words(text, None), 4);
        assert_eq!(number_of_words(text, Some("cjk")), 7);
        assert_eq!(number_of_words(text, Some("auto")), 7);
        assert_eq!(number_of_words("a b", Some("auto")), 2);
    }
}
