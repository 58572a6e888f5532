//! Jekyll-named filters for tera templates.
//!
//! Jekyll layouts lean on a handful of filters (`relative_url`, `date_to_string`,
//! `xml_escape`, …). Registering the same names, with Jekyll's outputs, lets a Liquid
//! layout port to tera by syntax alone: `{{ page.url | relative_url }}` works as is,
//! and Liquid's positional arguments become keyword arguments
//! (`date_to_string: "ordinal", "US"` becomes `date_to_string(type="ordinal", style="US")`).
//!
//! Filters that return HTML-escaped or JSON text (`xml_escape`, `strip_html`, `jsonify`)
//! mark their output safe, so tera's autoescaping does not escape it a second time.
//! A missing (`none`) input gives an empty string, as `nil` does in Liquid.

use std::sync::{Arc, LazyLock};

use chrono::format::StrftimeItems;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use regex::Regex;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// URL settings the URL filters need (from _config.yml).
#[derive(Debug, Clone, Default)]
pub struct UrlSettings {
    /// `url`: scheme and host the site is served from, e.g. `https://example.com`.
    pub url: String,
    /// `baseurl`: path prefix of the site under `url`, e.g. `/blog`, or empty.
    pub baseurl: String,
}

/// Registers every coldstart filter on a tera instance.
///
/// `urls` is captured by `relative_url` and `absolute_url`, which need the site's
/// `url` and `baseurl` the way Jekyll's filters read them from the site config.
pub fn register(tera: &mut Tera, urls: UrlSettings) {
    let urls = Arc::new(urls);
    let for_relative = Arc::clone(&urls);
    tera.register_filter(
        "relative_url",
        move |input: &Value, _: Kwargs, _: &State| relative_url(&text_of(input), &for_relative),
    );
    tera.register_filter(
        "absolute_url",
        move |input: &Value, _: Kwargs, _: &State| absolute_url(&text_of(input), &urls),
    );
    tera.register_filter("date", date);
    tera.register_filter("date_to_string", date_to_string);
    tera.register_filter("date_to_long_string", date_to_long_string);
    tera.register_filter("date_to_xmlschema", date_to_xmlschema);
    tera.register_filter("date_to_rfc822", date_to_rfc822);
    tera.register_filter("xml_escape", xml_escape);
    tera.register_filter("cgi_escape", cgi_escape);
    tera.register_filter("uri_escape", uri_escape);
    tera.register_filter("slugify", slugify_filter);
    tera.register_filter("strip_html", strip_html);
    tera.register_filter("number_of_words", number_of_words);
    tera.register_filter("reading_time", reading_time);
    tera.register_filter("jsonify", jsonify);
}

/// The text Liquid would print for a value: strings as they are, `none` and
/// undefined as nothing, anything else in tera's display form.
fn text_of(value: &Value) -> String {
    if let Some(text) = value.as_str() {
        text.to_string()
    } else if value.is_none() || value.is_undefined() {
        String::new()
    } else {
        value.to_string()
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Jekyll's `relative_url`: `baseurl` (leading `/` ensured, trailing `/` removed)
/// joined to the input (leading `/` ensured), percent-encoded like Addressable's
/// `normalize`. Absolute URLs (with a scheme) pass through; an empty input with an
/// empty baseurl stays empty.
fn relative_url(input: &str, urls: &UrlSettings) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    let base = urls.baseurl.trim_end_matches('/');
    let joined = format!("{}{}", with_leading_slash(base), with_leading_slash(input));
    normalize_uri(&joined)
}

/// Jekyll's `absolute_url`: `url` followed by [`relative_url`], or just the relative
/// URL when `url` is empty. Like Jekyll, `url` is used verbatim, so a trailing `/` on
/// it doubles the slash.
pub fn absolute_url(input: &str, urls: &UrlSettings) -> String {
    if has_scheme(input) {
        return input.to_string();
    }
    format!("{}{}", urls.url, relative_url(input, urls))
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
const DEFAULT_DATE_FORMAT: &str = "%b %-d, %Y";

/// Liquid's `date(format=…)`: strftime over a date (RFC 3339 string, `YYYY-MM-DD[ HH:MM[:SS][ ±ZZZZ]]`,
/// unix timestamp, or `now`/`today`). The offset in the input is kept: the pipeline has
/// already converted dates to the site's timezone.
fn date(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or(DEFAULT_DATE_FORMAT);
    match parse_date(input)? {
        Some(date) => strftime(&date, format),
        None => Ok(String::new()),
    }
}

/// Jekyll's `date_to_string`: "07 Mar 2024"; `type="ordinal"` gives "7th Mar 2024",
/// and with `style="US"` "Mar 7th, 2024".
fn date_to_string(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    stringify_date(input, &kwargs, "%b")
}

/// Jekyll's `date_to_long_string`: like `date_to_string` with the full month name.
fn date_to_long_string(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    stringify_date(input, &kwargs, "%B")
}

/// Jekyll's `date_to_xmlschema`: ISO 8601, e.g. `2024-03-07T04:30:00+00:00`.
fn date_to_xmlschema(input: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    format_date(input, "%Y-%m-%dT%H:%M:%S%:z")
}

/// Jekyll's `date_to_rfc822`: e.g. `Thu, 07 Mar 2024 04:30:00 +0000` (RSS dates).
fn date_to_rfc822(input: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    format_date(input, "%a, %d %b %Y %H:%M:%S %z")
}

/// Formats a date input with a fixed strftime format; no date gives "".
fn format_date(input: &Value, format: &str) -> TeraResult<String> {
    match parse_date(input)? {
        Some(date) => strftime(&date, format),
        None => Ok(String::new()),
    }
}

/// Jekyll's `stringify_date`: shared by `date_to_string` and `date_to_long_string`,
/// which differ only in the month format (`%b` or `%B`).
fn stringify_date(input: &Value, kwargs: &Kwargs, month_format: &str) -> TeraResult<String> {
    let Some(date) = parse_date(input)? else {
        return Ok(String::new());
    };
    if kwargs.get::<&str>("type")? != Some("ordinal") {
        return strftime(&date, &format!("%d {month_format} %Y"));
    }
    let day = ordinal(date.day());
    let month = strftime(&date, month_format)?;
    let year = date.year();
    Ok(if kwargs.get::<&str>("style")? == Some("US") {
        format!("{month} {day}, {year}")
    } else {
        format!("{day} {month} {year}")
    })
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

/// Formats with a user-supplied strftime string, reporting a bad directive as a
/// template error instead of panicking.
fn strftime(date: &DateTime<FixedOffset>, format: &str) -> TeraResult<String> {
    let items = StrftimeItems::new(format)
        .parse()
        .map_err(|_| Error::message(format!("invalid date format `{format}`")))?;
    Ok(date.format_with_items(items.iter()).to_string())
}

/// Reads a date the way dates reach templates (RFC 3339 strings), plus the other
/// forms Liquid's `date` accepts. `none`, undefined and "" give `None`.
fn parse_date(input: &Value) -> TeraResult<Option<DateTime<FixedOffset>>> {
    if let Some(seconds) = input.as_i64() {
        return DateTime::from_timestamp(seconds, 0)
            .map(|date| Some(date.fixed_offset()))
            .ok_or_else(|| Error::message(format!("timestamp {seconds} is out of range")));
    }
    let text = text_of(input);
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text == "now" || text == "today" {
        return Ok(Some(Utc::now().fixed_offset()));
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
    Err(Error::message(format!("`{text}` is not a date")))
}

// ---------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------

/// Jekyll's `xml_escape`: escapes `& < > " '` for XML text and attributes (feeds).
fn xml_escape(input: &Value, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&escape_xml(&text_of(input)))
}

/// The text of Jekyll's `xml_escape`: `& < > " '` as entities, everything else as is.
/// Shared with the generators that write XML themselves (the feed, the sitemap).
pub fn escape_xml(text: &str) -> String {
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
fn cgi_escape(input: &Value, _: Kwargs, _: &State) -> String {
    let text = text_of(input);
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

/// Jekyll's `uri_escape` (Addressable `normalize_component`): escapes what may not
/// appear in a URI (spaces, non-ASCII, `\ { } | ^` …) and keeps reserved characters
/// such as `/ ? # & =`, so a whole URL can go through it.
fn uri_escape(input: &Value, _: Kwargs, _: &State) -> String {
    normalize_uri(&text_of(input))
}

/// RFC 3986 unreserved characters, which never need escaping.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes everything outside RFC 3986's unreserved and reserved sets,
/// keeps existing `%XX` escapes (decoding those of unreserved characters, as
/// Addressable does), and encodes a `%` that starts no escape as `%25`.
fn normalize_uri(input: &str) -> String {
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

/// Jekyll's `slugify(mode=…)` filter; see [`slugify`].
fn slugify_filter(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let mode = kwargs.get::<&str>("mode")?.unwrap_or("default");
    slugify(&text_of(input), mode)
}

/// Jekyll's `Utils.slugify`, lowercased: each run of characters outside the mode's
/// set becomes one `-`, and leading/trailing `-` are removed. Modes: `default`
/// (letters, marks, digits), `pretty` (also `._~!$&'()+,;=@`), `ascii` (`A-Za-z0-9`),
/// `raw` (only whitespace is replaced), `none` and unknown modes (lowercase only).
/// `latin` needs transliteration, which this local version does not have.
fn slugify(text: &str, mode: &str) -> TeraResult<String> {
    static DEFAULT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}]+").expect("valid regex"));
    static PRETTY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+").expect("valid regex"));
    static ASCII: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^A-Za-z0-9]+").expect("valid regex"));
    static RAW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("valid regex"));
    let separators: &Regex = match mode {
        "default" => &DEFAULT,
        "pretty" => &PRETTY,
        "ascii" => &ASCII,
        "raw" => &RAW,
        "latin" => {
            return Err(Error::message(
                "slugify mode `latin` is not supported yet; use `ascii` or `default`",
            ));
        }
        _ => return Ok(text.to_lowercase()),
    };
    let slug = separators.replace_all(text, "-");
    Ok(slug.trim_matches('-').to_lowercase())
}

/// Removes `<script>`/`<style>` elements, comments and tags (Liquid's regexes).
pub fn remove_html(html: &str) -> String {
    static BLOCKS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<script.*?</script>|<!--.*?-->|<style.*?</style>").expect("valid regex")
    });
    static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<.*?>").expect("valid regex"));
    let without_blocks = BLOCKS.replace_all(html, "");
    TAGS.replace_all(&without_blocks, "").into_owned()
}

/// Liquid's `strip_html`: the text of an HTML fragment, with entities kept as they
/// are (`&amp;` stays `&amp;`). The output is marked safe; a stray `<`, `>` or quote
/// left over is escaped so it stays safe in text and in attributes.
fn strip_html(input: &Value, _: Kwargs, _: &State) -> Value {
    let text = remove_html(&text_of(input))
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    Value::safe_string(&text)
}

/// Jekyll's `number_of_words(mode=…)`: whitespace-separated words; `mode="cjk"`
/// counts each Han/Kana/Hangul character as a word, `mode="auto"` does so only when
/// the text contains such characters.
fn number_of_words(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<usize> {
    static CJK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}]").expect("valid regex")
    });
    static NON_CJK_WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[^\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}\s]+").expect("valid regex")
    });
    let text = text_of(input);
    let cjk_words = || CJK.find_iter(&text).count() + NON_CJK_WORD.find_iter(&text).count();
    Ok(match kwargs.get::<&str>("mode")? {
        Some("cjk") => cjk_words(),
        Some("auto") if CJK.is_match(&text) => cjk_words(),
        _ => text.split_whitespace().count(),
    })
}

/// Words a reader reads per minute when `reading_time` is given no `wpm`.
const DEFAULT_WORDS_PER_MINUTE: usize = 180;

/// `reading_time(wpm=180)` (not in Jekyll; themes usually compute it inline): minutes
/// to read an HTML fragment, rounded up and at least 1. Tags are ignored.
fn reading_time(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<usize> {
    let words_per_minute = kwargs
        .get::<usize>("wpm")?
        .unwrap_or(DEFAULT_WORDS_PER_MINUTE);
    if words_per_minute == 0 {
        return Err(Error::message("reading_time: `wpm` must be at least 1"));
    }
    Ok(reading_minutes(&text_of(input), words_per_minute))
}

/// Minutes to read an HTML fragment at `words_per_minute` (at least 1): its
/// whitespace-separated words, tags, scripts and styles ignored, rounded up, and at
/// least 1. Shared by the `reading_time` filter and `page.reading_time`.
pub fn reading_minutes(html: &str, words_per_minute: usize) -> usize {
    let words = remove_html(html).split_whitespace().count();
    words.div_ceil(words_per_minute.max(1)).max(1)
}

/// Jekyll's `jsonify`: the value as compact JSON. Marked safe so it can go into a
/// `<script>` block or a `.json` page; `<`, `>` and `&` are written as `\u003c`-style
/// escapes (the same JSON) so a string cannot close the script element.
fn jsonify(input: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let json = serde_json::to_string(input)
        .map_err(|error| Error::message(format!("jsonify: {error}")))?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(Value::safe_string(&json))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Context;

    /// Renders `template` with the coldstart filters, `urls`, and `input` bound to `value`.
    fn render_with(urls: UrlSettings, template: &str, value: serde_json::Value) -> String {
        let mut tera = Tera::default();
        register(&mut tera, urls);
        let mut context = Context::new();
        context.insert("input", &value);
        tera.render_str(template, &context, true)
            .unwrap_or_else(|error| panic!("{template}: {error:?}"))
    }

    /// Renders `template` with no baseurl/url.
    fn render(template: &str, value: serde_json::Value) -> String {
        render_with(UrlSettings::default(), template, value)
    }

    fn blog_urls() -> UrlSettings {
        UrlSettings {
            url: "https://ex.com".into(),
            baseurl: "/blog/".into(),
        }
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
        assert_eq!(relative_url("x", &bare), "/x");
        assert_eq!(relative_url("", &bare), "");
        let no_slash = UrlSettings {
            url: String::new(),
            baseurl: "blog".into(),
        };
        assert_eq!(relative_url("x", &no_slash), "/blog/x");
    }

    #[test]
    fn relative_url_filter_escapes_for_html_attributes() {
        let rendered = render_with(
            blog_urls(),
            "{{ input | relative_url }}",
            "/s?a=1&b=2".into(),
        );
        assert_eq!(rendered, "/blog/s?a=1&amp;b=2");
    }

    #[test]
    fn absolute_url_prepends_site_url() {
        let urls = blog_urls();
        assert_eq!(absolute_url("x", &urls), "https://ex.com/blog/x");
        assert_eq!(absolute_url("/", &urls), "https://ex.com/blog/");
        assert_eq!(absolute_url("mailto:a@b.c", &urls), "mailto:a@b.c");
        assert_eq!(absolute_url("/x", &UrlSettings::default()), "/x");
        assert_eq!(
            render_with(urls, "{{ input | absolute_url }}", "/feed.xml".into()),
            "https://ex.com/blog/feed.xml"
        );
    }

    #[test]
    fn date_formats_with_strftime_and_a_default() {
        let date = serde_json::json!("2024-03-07T14:30:00+00:00");
        assert_eq!(render("{{ input | date }}", date.clone()), "Mar 7, 2024");
        assert_eq!(
            render(
                r#"{{ input | date(format="%A %d %B %Y, %H:%M %:z") }}"#,
                date
            ),
            "Thursday 07 March 2024, 14:30 +00:00"
        );
        assert_eq!(
            render(r#"{{ input | date(format="%Y") }}"#, "2017-10-15".into()),
            "2017"
        );
        assert_eq!(
            render(r#"{{ input | date(format="%F") }}"#, 0.into()),
            "1970-01-01"
        );
        assert_eq!(render("{{ input | date }}", serde_json::Value::Null), "");
    }

    #[test]
    fn date_rejects_bad_input_and_bad_formats() {
        let mut tera = Tera::default();
        register(&mut tera, UrlSettings::default());
        let mut context = Context::new();
        context.insert("input", "yesterday-ish");
        assert!(
            tera.render_str("{{ input | date }}", &context, true)
                .is_err()
        );
        context.insert("input", "2024-03-07");
        assert!(
            tera.render_str(r#"{{ input | date(format="%Q") }}"#, &context, true)
                .is_err()
        );
    }

    #[test]
    fn date_to_string_matches_jekyll() {
        let date = serde_json::json!("2024-03-07T04:30:00+00:00");
        assert_eq!(
            render("{{ input | date_to_string }}", date.clone()),
            "07 Mar 2024"
        );
        assert_eq!(
            render(
                r#"{{ input | date_to_string(type="ordinal") }}"#,
                date.clone()
            ),
            "7th Mar 2024"
        );
        assert_eq!(
            render(
                r#"{{ input | date_to_string(type="ordinal", style="US") }}"#,
                date.clone()
            ),
            "Mar 7th, 2024"
        );
        assert_eq!(
            render(r#"{{ input | date_to_string(style="US") }}"#, date),
            "07 Mar 2024"
        );
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
    fn date_to_long_string_uses_full_month() {
        let date = serde_json::json!("2024-03-07T04:30:00+00:00");
        assert_eq!(
            render("{{ input | date_to_long_string }}", date.clone()),
            "07 March 2024"
        );
        assert_eq!(
            render(
                r#"{{ input | date_to_long_string(type="ordinal", style="US") }}"#,
                date
            ),
            "March 7th, 2024"
        );
    }

    #[test]
    fn date_to_xmlschema_and_rfc822() {
        let date = serde_json::json!("2024-03-07T04:30:00Z");
        assert_eq!(
            render("{{ input | date_to_xmlschema }}", date.clone()),
            "2024-03-07T04:30:00+00:00"
        );
        assert_eq!(
            render("{{ input | date_to_rfc822 }}", date),
            "Thu, 07 Mar 2024 04:30:00 +0000"
        );
        assert_eq!(
            render(
                "{{ input | date_to_xmlschema }}",
                "2017-10-15 09:00:00 +0200".into()
            ),
            "2017-10-15T09:00:00+02:00"
        );
    }

    #[test]
    fn xml_escape_escapes_five_characters_once() {
        assert_eq!(
            render("{{ input | xml_escape }}", r#"a&b<c>"d"'e' é"#.into()),
            "a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos; é"
        );
    }

    #[test]
    fn cgi_escape_matches_ruby() {
        assert_eq!(render("{{ input | cgi_escape }}", "a b".into()), "a+b");
        assert_eq!(render("{{ input | cgi_escape }}", "é".into()), "%C3%A9");
        assert_eq!(
            render("{{ input | cgi_escape }}", "~_.-/?:&=*%".into()),
            "~_.-%2F%3F%3A%26%3D%2A%25"
        );
    }

    #[test]
    fn uri_escape_matches_addressable() {
        assert_eq!(
            render("{{ input | uri_escape }}", r"foo, bar \baz?".into()),
            "foo,%20bar%20%5Cbaz?"
        );
        assert_eq!(
            normalize_uri("100% sure %41 {x}|^`"),
            "100%25%20sure%20A%20%7Bx%7D%7C%5E%60"
        );
        assert_eq!(normalize_uri("/a/%2f?x=1#y"), "/a/%2F?x=1#y");
    }

    #[test]
    fn slugify_modes_match_jekyll() {
        let title = " The _config.yml file? Ça va, 3 été! ";
        assert_eq!(
            slugify(title, "default").unwrap(),
            "the-config-yml-file-ça-va-3-été"
        );
        assert_eq!(
            slugify(title, "pretty").unwrap(),
            "the-_config.yml-file-ça-va,-3-été!"
        );
        assert_eq!(
            slugify(title, "ascii").unwrap(),
            "the-config-yml-file-a-va-3-t"
        );
        assert_eq!(
            slugify(title, "raw").unwrap(),
            "the-_config.yml-file?-ça-va,-3-été!"
        );
        assert_eq!(slugify(title, "none").unwrap(), title.to_lowercase());
        assert!(slugify(title, "latin").is_err());
        assert_eq!(
            render(
                r#"{{ input | slugify(mode="ascii") }}"#,
                "Cold Starts!".into()
            ),
            "cold-starts"
        );
        assert_eq!(
            render("{{ input | slugify }}", "FaaS & OpenFaaS".into()),
            "faas-openfaas"
        );
    }

    #[test]
    fn strip_html_removes_tags_scripts_and_comments() {
        assert_eq!(
            render(
                "{{ input | strip_html }}",
                "<p>Hi <b>there</b> &amp; you<script>x()</script><!-- c --><style>p{}</style></p>"
                    .into()
            ),
            "Hi there &amp; you"
        );
        assert_eq!(
            render(
                "{{ input | strip_html }}",
                "<p>say \"hi\"</p> <broken".into()
            ),
            "say &quot;hi&quot; &lt;broken"
        );
    }

    #[test]
    fn number_of_words_counts_whitespace_words_and_cjk() {
        let text = serde_json::json!("Hello world 你好世界 foo");
        assert_eq!(render("{{ input | number_of_words }}", text.clone()), "4");
        assert_eq!(
            render(r#"{{ input | number_of_words(mode="cjk") }}"#, text.clone()),
            "7"
        );
        assert_eq!(
            render(r#"{{ input | number_of_words(mode="auto") }}"#, text),
            "7"
        );
        assert_eq!(
            render(
                r#"{{ input | number_of_words(mode="auto") }}"#,
                "a b".into()
            ),
            "2"
        );
    }

    #[test]
    fn reading_time_rounds_up_and_is_at_least_one_minute() {
        let words = |count: usize| serde_json::json!(format!("<p>{}</p>", "word ".repeat(count)));
        assert_eq!(render("{{ input | reading_time }}", words(0)), "1");
        assert_eq!(render("{{ input | reading_time }}", words(180)), "1");
        assert_eq!(render("{{ input | reading_time }}", words(181)), "2");
        assert_eq!(
            render("{{ input | reading_time(wpm=100) }}", words(450)),
            "5"
        );
    }

    #[test]
    fn jsonify_writes_compact_script_safe_json() {
        let value = serde_json::json!({"a": [1, 2.5, null, true, "</script> é \"q\""]});
        assert_eq!(
            render("{{ input | jsonify }}", value),
            r#"{"a":[1,2.5,null,true,"\u003c/script\u003e é \"q\""]}"#
        );
    }
}
