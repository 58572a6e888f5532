//! Jekyll-named filters for tera templates.
//!
//! Jekyll layouts lean on a handful of filters (`relative_url`, `date_to_string`,
//! `xml_escape`, …). Registering the same names, with Jekyll's outputs, lets a Liquid
//! layout port to tera by syntax alone: `{{ page.url | relative_url }}` works as is,
//! and Liquid's positional arguments become keyword arguments
//! (`date_to_string: "ordinal", "US"` becomes `date_to_string(type="ordinal", style="US")`).
//! The filters themselves live in [`crate::jekyll_filters`], shared with the Liquid
//! filters of content; this module only converts tera values.
//!
//! Filters that return HTML-escaped or JSON text (`xml_escape`, `strip_html`, `jsonify`)
//! mark their output safe, so tera's autoescaping does not escape it a second time.
//! A missing (`none`) input gives an empty string, as `nil` does in Liquid.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::content::slug::{SlugMode, slugify};
pub use crate::jekyll_filters::UrlSettings;
use crate::jekyll_filters::{self as jekyll, DayStyle};

/// Registers every coldstart filter on a tera instance.
///
/// `urls` is captured by `relative_url` and `absolute_url`, which need the site's
/// `url` and `baseurl` the way Jekyll's filters read them from the site config.
pub fn register(tera: &mut Tera, urls: UrlSettings) {
    let urls = Arc::new(urls);
    let for_relative = Arc::clone(&urls);
    tera.register_filter(
        "relative_url",
        move |input: &Value, _: Kwargs, _: &State| {
            jekyll::relative_url(&text_of(input), &for_relative)
        },
    );
    tera.register_filter(
        "absolute_url",
        move |input: &Value, _: Kwargs, _: &State| jekyll::absolute_url(&text_of(input), &urls),
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

/// Liquid's `date(format=…)`: strftime over a date (RFC 3339 string, `YYYY-MM-DD[ HH:MM[:SS][ ±ZZZZ]]`,
/// unix timestamp, or `now`/`today`). The offset in the input is kept: the pipeline has
/// already converted dates to the site's timezone.
fn date(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs
        .get::<&str>("format")?
        .unwrap_or(jekyll::DEFAULT_DATE_FORMAT);
    format_date(input, format)
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
    format_date(input, jekyll::XMLSCHEMA_FORMAT)
}

/// Jekyll's `date_to_rfc822`: e.g. `Thu, 07 Mar 2024 04:30:00 +0000` (RSS dates).
fn date_to_rfc822(input: &Value, _: Kwargs, _: &State) -> TeraResult<String> {
    format_date(input, jekyll::RFC822_FORMAT)
}

/// Formats a date input with a strftime format; no date gives "".
fn format_date(input: &Value, format: &str) -> TeraResult<String> {
    match parse_date(input)? {
        Some(date) => jekyll::strftime(&date, format).map_err(Error::message),
        None => Ok(String::new()),
    }
}

/// `date_to_string` and `date_to_long_string`, which differ only in the month format.
fn stringify_date(input: &Value, kwargs: &Kwargs, month_format: &str) -> TeraResult<String> {
    let style = DayStyle::from_arguments(kwargs.get::<&str>("type")?, kwargs.get::<&str>("style")?);
    Ok(parse_date(input)?
        .map(|date| jekyll::stringify_date(&date, month_format, style))
        .unwrap_or_default())
}

/// Reads a date input: a unix timestamp or text [`jekyll::parse_date`] accepts.
/// `none`, undefined and "" give `None`.
fn parse_date(input: &Value) -> TeraResult<Option<DateTime<FixedOffset>>> {
    if let Some(seconds) = input.as_i64() {
        return jekyll::date_from_timestamp(seconds)
            .map(Some)
            .map_err(Error::message);
    }
    jekyll::parse_date(&text_of(input)).map_err(Error::message)
}

/// Jekyll's `xml_escape`: escapes `& < > " '` for XML text and attributes (feeds).
fn xml_escape(input: &Value, _: Kwargs, _: &State) -> Value {
    Value::safe_string(&jekyll::xml_escape(&text_of(input)))
}

/// Jekyll's `cgi_escape` (Ruby `CGI.escape`), for query-string values.
fn cgi_escape(input: &Value, _: Kwargs, _: &State) -> String {
    jekyll::cgi_escape(&text_of(input))
}

/// Jekyll's `uri_escape` (Addressable `normalize_component`).
fn uri_escape(input: &Value, _: Kwargs, _: &State) -> String {
    jekyll::uri_escape(&text_of(input))
}

/// Jekyll's `slugify(mode=…)` filter: [`slugify`] lowercased, `default` mode when none
/// is given.
fn slugify_filter(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let mode = kwargs
        .get::<&str>("mode")?
        .map_or_else(SlugMode::default, SlugMode::from_name);
    Ok(slugify(&text_of(input), mode, false))
}

/// Liquid's `strip_html`: the text of an HTML fragment, with entities kept as they
/// are (`&amp;` stays `&amp;`). The output is marked safe; a stray `<`, `>` or quote
/// left over is escaped so it stays safe in text and in attributes.
fn strip_html(input: &Value, _: Kwargs, _: &State) -> Value {
    let text = jekyll::remove_html(&text_of(input))
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    Value::safe_string(&text)
}

/// Jekyll's `number_of_words(mode=…)`; see [`jekyll::number_of_words`].
fn number_of_words(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<usize> {
    Ok(jekyll::number_of_words(
        &text_of(input),
        kwargs.get::<&str>("mode")?,
    ))
}

/// `reading_time(wpm=180)` (not in Jekyll; themes usually compute it inline): minutes
/// to read an HTML fragment, rounded up and at least 1. Tags are ignored.
fn reading_time(input: &Value, kwargs: Kwargs, _: &State) -> TeraResult<usize> {
    let words_per_minute = kwargs
        .get::<usize>("wpm")?
        .unwrap_or(crate::config::DEFAULT_WORDS_PER_MINUTE);
    if words_per_minute == 0 {
        return Err(Error::message("reading_time: `wpm` must be at least 1"));
    }
    Ok(jekyll::reading_minutes(&text_of(input), words_per_minute))
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
            tera.render_str(r#"{{ input | date(format="%Y %") }}"#, &context, true)
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
    }

    #[test]
    fn slugify_filter_uses_jekyll_modes() {
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
        assert_eq!(
            render(r#"{{ input | slugify(mode="latin") }}"#, "Ça été".into()),
            "ca-ete"
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
