//! Jekyll's URL filters: `relative_url`, `absolute_url` and `strip_index` with the
//! site's `url` and `baseurl`, and the escapes for URLs (`cgi_escape`, `url_encode`,
//! `uri_escape`).

use liquid_core::{Language, Result, Value};

use super::{Apply, FilterCall, register_functions, text_of, text_value};
use crate::jekyll_filters::{self as jekyll};
use crate::render::liquid::runtime::site_of;

/// Registers the URL filters.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 6] = [
        ("relative_url", |c| url_filter(c, jekyll::relative_url)),
        ("absolute_url", |c| url_filter(c, jekyll::absolute_url)),
        ("strip_index", |c| {
            let url = text_of(c.input);
            Ok(text_value(
                url.strip_suffix("index.html")
                    .map_or(url.clone(), str::to_string),
            ))
        }),
        ("cgi_escape", |c| {
            Ok(text_value(jekyll::cgi_escape(&text_of(c.input))))
        }),
        // Ruby Liquid's `url_encode` is `CGI.escape` too (a space is `+`).
        ("url_encode", |c| {
            Ok(text_value(jekyll::cgi_escape(&text_of(c.input))))
        }),
        ("uri_escape", |c| {
            Ok(text_value(jekyll::uri_escape(&text_of(c.input))))
        }),
    ];
    register_functions(language, &filters);
}

/// `relative_url` or `absolute_url`: nil gives nothing, and a post or page (an
/// object with a `url`, as `page.next`) gives its URL, as in Jekyll
/// (`input.url if input.respond_to?(:url)`).
fn url_filter(
    call: &FilterCall<'_>,
    url: fn(&str, &jekyll::UrlSettings) -> String,
) -> Result<Value> {
    if call.input.is_nil() {
        return Ok(text_value(String::new()));
    }
    let own_url = call.input.as_object().and_then(|object| object.get("url"));
    Ok(text_value(url(
        &text_of(own_url.unwrap_or(call.input)),
        &site_of(call.runtime).urls,
    )))
}

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    // Every expected value below was observed with Jekyll 4.3.1 on the same input
    // (site from `crate::render::liquid::tests::site`: url https://ex.com, baseurl /blog).

    #[test]
    fn url_filters() {
        assert_eq!(render_str("{{ 'x' | relative_url }}"), "/blog/x");
        assert_eq!(
            render_str("{{ page.url | absolute_url }}"),
            "https://ex.com/blog/2024/03/07/a.html"
        );
        assert_eq!(render_str("{{ '/a/index.html' | strip_index }}"), "/a/");
        assert_eq!(
            render_str(
                "[{{ nil | relative_url }}][{{ nil | absolute_url }}][{{ nil | markdownify }}]"
            ),
            "[][][\n]"
        );
    }

    #[test]
    fn escape_filters() {
        assert_eq!(
            render_str("{{ \"a<b>&'\" | xml_escape }}"),
            "a&lt;b&gt;&amp;&apos;"
        );
        assert_eq!(render_str("{{ 'a b/é' | cgi_escape }}"), "a+b%2F%C3%A9");
        assert_eq!(render_str("{{ '1 2' | uri_escape }}"), "1%202");
    }
}
