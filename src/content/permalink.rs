//! Permalinks: the URLs of documents (posts, collection items) and pages, built from
//! permalink templates as Jekyll 4.3 builds them (`J:url.rb`, `J:drops/url_drop.rb`,
//! `J:page.rb`), and the destination files those URLs are written to.
//!
//! Every expectation in the tests was observed in a Jekyll 4.3.1 build or by calling
//! `Jekyll::URL` from Ruby.
//!
//! Known differences: Jekyll escapes values with `Addressable::URI.encode`, which parses
//! the value as a URI first; values that look like a URI with a scheme (`a@b:c`) or an
//! ambiguous path (`:x`) make Jekyll raise, while here they are percent-encoded like
//! any other value. Jekyll's url drop also answers a few Ruby method names (`keys`,
//! `count`, …) as placeholders; here those are unknown placeholders.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};
use regex::{Captures, Regex};

use super::slug::{SlugMode, slugify};

pub use crate::config::expand_style;

/// What a post-like document's URL is made from.
#[derive(Debug, Clone)]
pub struct DocumentUrlParts<'a> {
    /// The document's date, already in the site zone.
    pub date: DateTime<FixedOffset>,
    /// Front-matter `slug`, or else the slug from the file name: the source of `:title`
    /// (slugified `pretty`, case kept) and `:slug` (slugified `default`).
    pub slug_source: &'a str,
    /// The file name without its extension (dates included for posts): `:name`.
    pub basename: &'a str,
    /// The document's categories in order (path categories first): `:categories`.
    pub categories: &'a [String],
    /// The collection label, e.g. `posts`: `:collection`.
    pub collection: &'a str,
    /// The relative path without the collection directory and extension: `:path`.
    pub path: &'a str,
    /// The output extension including its dot, e.g. `.html`: `:output_ext`.
    pub output_ext: &'a str,
}

/// A permalink template that cannot be expanded.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PermalinkError {
    /// The template uses a placeholder Jekyll does not define.
    #[error(
        "unknown placeholder `:{name}` in permalink {template:?}; known placeholders: {}",
        DOCUMENT_PLACEHOLDERS.join(", ")
    )]
    UnknownPlaceholder {
        /// The placeholder name without its colon.
        name: String,
        /// The whole template.
        template: String,
    },
}

/// Every placeholder a document permalink may use.
const DOCUMENT_PLACEHOLDERS: [&str; 25] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "i_day",
    "i_month",
    "short_month",
    "long_month",
    "short_year",
    "w_year",
    "week",
    "w_day",
    "short_day",
    "long_day",
    "y_day",
    "collection",
    "path",
    "name",
    "title",
    "slug",
    "categories",
    "slugified_categories",
    "output_ext",
];

/// A document's URL from a permalink template (site-wide or front-matter
/// `permalink:`), with every placeholder of Jekyll's url drop, escaping and sanitising.
///
/// Placeholders match `:[a-z_]+`; one trailing `_` is dropped when the name with it is
/// unknown, so `/:month_:day` works. Each value is escaped as Jekyll's `URL.escape_path` does, then
/// the whole URL is sanitised as `URL#sanitize_url` does.
pub fn document_url(template: &str, parts: &DocumentUrlParts) -> Result<String, PermalinkError> {
    static PLACEHOLDER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(":([a-z_]+)").expect("placeholder pattern is valid"));
    let mut unknown = None;
    let expanded = PLACEHOLDER.replace_all(template, |captures: &Captures| {
        let name = &captures[1];
        let candidates = [Some(name), name.strip_suffix('_')];
        let found = candidates
            .into_iter()
            .flatten()
            .find_map(|key| document_placeholder(key, parts).map(|value| (key, value)));
        match found {
            // The part of the match after the key (a `_` that was not part of it) stays.
            Some((key, value)) => escape_path(&value) + &name[key.len()..],
            None => {
                unknown.get_or_insert_with(|| name.to_owned());
                String::new()
            }
        }
    });
    match unknown {
        Some(name) => Err(PermalinkError::UnknownPlaceholder {
            name,
            template: template.to_owned(),
        }),
        None => Ok(sanitize_url(&expanded)),
    }
}

/// The value of one document placeholder, or `None` when Jekyll does not define it.
fn document_placeholder(name: &str, parts: &DocumentUrlParts) -> Option<String> {
    let date_format = match name {
        "year" => "%Y",
        "month" => "%m",
        "day" => "%d",
        "hour" => "%H",
        "minute" => "%M",
        "second" => "%S",
        "i_day" => "%-d",
        "i_month" => "%-m",
        "short_month" => "%b",
        "long_month" => "%B",
        "short_year" => "%y",
        "w_year" => "%G",
        "week" => "%V",
        "w_day" => "%u",
        "short_day" => "%a",
        "long_day" => "%A",
        "y_day" => "%j",
        other => return document_text_placeholder(other, parts),
    };
    Some(parts.date.format(date_format).to_string())
}

/// The value of a document placeholder that is not a date field.
fn document_text_placeholder(name: &str, parts: &DocumentUrlParts) -> Option<String> {
    let value = match name {
        "collection" => parts.collection.to_owned(),
        "path" => parts.path.to_owned(),
        "name" => slugify(parts.basename, SlugMode::Default, false),
        "title" => slugify(parts.slug_source, SlugMode::Pretty, true),
        "slug" => slugify(parts.slug_source, SlugMode::Default, false),
        // Only downcased, not slugified: `Foo Bar` stays `foo bar` (`foo%20bar` in the URL).
        "categories" => join_distinct(parts.categories, |c| {
            c.chars().flat_map(char::to_lowercase).collect()
        }),
        "slugified_categories" => {
            join_distinct(parts.categories, |c| slugify(c, SlugMode::Default, false))
        }
        "output_ext" => parts.output_ext.to_owned(),
        _ => return None,
    };
    Some(value)
}

/// Transforms each category, drops repeats (keeping the first), and joins with `/`.
fn join_distinct(categories: &[String], transform: impl Fn(&str) -> String) -> String {
    let mut distinct: Vec<String> = Vec::with_capacity(categories.len());
    for category in categories {
        let transformed = transform(category);
        if !distinct.contains(&transformed) {
            distinct.push(transformed);
        }
    }
    distinct.join("/")
}

/// What a page's URL is made from.
#[derive(Debug, Clone)]
pub struct PageUrlParts<'a> {
    /// The page's directory relative to the source, `""` at the root: `:path`.
    pub dir: &'a str,
    /// The file name without its extension (trailing dots removed): `:basename`.
    pub basename: &'a str,
    /// The output extension including its dot (`.html` for Markdown and HTML):
    /// `:output_ext`. It also decides whether the page is HTML.
    pub output_ext: &'a str,
}

/// A page's URL: front-matter permalink (placeholders `:path`, `:basename`,
/// `:output_ext` substituted) or Jekyll's rules from the site permalink style (index
/// pages → `/dir/`, `pretty` → `/dir/base/`, `date`/`ordinal`/`none` →
/// `/dir/base.html`, non-HTML → `/dir/base.ext`).
///
/// As in Jekyll, pages know only those three placeholders and leave any other `:word`
/// in place (`/:title` stays `/:title`), so a page URL cannot fail. A custom site
/// style decides the ending by its own: a trailing `/` gives `/dir/base/`, a trailing
/// `:output_ext` gives `/dir/base.html`, anything else gives `/dir/base`.
pub fn page_url(
    site_permalink_style: &str,
    front_matter_permalink: Option<&str>,
    parts: &PageUrlParts,
) -> String {
    let template = match front_matter_permalink {
        Some(permalink) => permalink.to_owned(),
        None if !is_html_extension(parts.output_ext) => "/:path/:basename:output_ext".to_owned(),
        None if parts.basename == "index" => "/:path/".to_owned(),
        None => format!("/:path/:basename{}", page_suffix(site_permalink_style)),
    };
    let expanded = [
        (":path", parts.dir),
        (":basename", parts.basename),
        (":output_ext", parts.output_ext),
    ]
    .into_iter()
    .fold(template, |url, (placeholder, value)| {
        url.replace(placeholder, &escape_path(value))
    });
    sanitize_url(&expanded)
}

/// Whether an output extension is one Jekyll treats as HTML (`Page::HTML_EXTENSIONS`).
fn is_html_extension(output_ext: &str) -> bool {
    matches!(output_ext, ".html" | ".xhtml" | ".htm")
}

/// The ending a page URL gets from the site permalink style (`Utils.add_permalink_suffix`).
fn page_suffix(site_permalink_style: &str) -> &'static str {
    match site_permalink_style {
        "pretty" => "/",
        "date" | "ordinal" | "none" => ":output_ext",
        custom if custom.ends_with('/') => "/",
        custom if custom.ends_with(":output_ext") => ":output_ext",
        _ => "",
    }
}

/// Escapes a placeholder value for a URL path as Jekyll's `URL.escape_path` does:
/// values made only of `[a-zA-Z0-9./-]` are kept; otherwise every byte outside the
/// RFC 3986 path characters (unreserved, sub-delims, `:`, `@`, `/`) and `?` is
/// percent-encoded, `%` and `#` included (`#` → `%23`, space → `%20`).
pub(crate) fn escape_path(value: &str) -> String {
    let is_plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-');
    if value.bytes().all(is_plain) {
        return value.to_owned();
    }
    let is_kept = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b);
    let mut escaped = String::with_capacity(value.len());
    for byte in value.bytes() {
        if is_kept(byte) {
            escaped.push(char::from(byte));
        } else {
            escaped.push_str(&format!("%{byte:02X}"));
        }
    }
    escaped
}

/// Jekyll's `URL#sanitize_url`: prepend `/`, turn every `..` into `/`, drop every
/// `./`, then squeeze runs of `/`. So empty placeholders vanish and no `..` survives.
pub(crate) fn sanitize_url(url: &str) -> String {
    let without_dots = format!("/{url}").replace("..", "/").replace("./", "");
    let mut sanitized = String::with_capacity(without_dots.len());
    for c in without_dots.chars() {
        if !(c == '/' && sanitized.ends_with('/')) {
            sanitized.push(c);
        }
    }
    sanitized
}

/// Where a URL's file goes, relative to the destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPath {
    /// '/'-separated, never leaving the destination.
    pub path: String,
    /// Whether a `..` segment (also written `%2e%2e`) climbed above the destination and
    /// was dropped, as Jekyll's `sanitized_path` does: worth a warning.
    pub climbed_out: bool,
}

/// The file a URL is written to, relative to the destination, '/'-separated, never
/// escaping it: URL-unescaped, `..` resolved as `File.expand_path` does from the
/// destination root (so `/%2e%2e/x.html` is `x.html`, as Jekyll writes it); a trailing
/// `/` → `index.html` for documents and `index` + the page's own extension for pages;
/// the output extension appended when missing.
///
/// Returns `None` if the path is empty or invalid: a backslash, a Windows drive (`C:`),
/// a NUL, or bytes that are not UTF-8 after unescaping.
pub fn output_path(url: &str, output_ext: &str, is_page: bool) -> Option<OutputPath> {
    let unescaped = percent_decode(url)?;
    if unescaped.contains(['\0', '\\']) {
        return None;
    }
    let mut segments = Vec::new();
    let mut climbed_out = false;
    for segment in unescaped.split('/') {
        match segment {
            "" | "." => {}
            ".." => climbed_out |= segments.pop().is_none(),
            _ => segments.push(segment),
        }
    }
    if segments
        .first()
        .is_some_and(|first| is_windows_drive(first))
    {
        return None;
    }
    let mut path = segments.join("/");
    if url.ends_with('/') {
        let index = if is_page {
            format!("index{output_ext}")
        } else {
            "index.html".to_owned()
        };
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(&index);
    } else if path.is_empty() {
        return None;
    } else if !path.ends_with(output_ext) {
        path.push_str(output_ext);
    }
    Some(OutputPath { path, climbed_out })
}

/// Whether a path segment starts like a Windows drive (`C:`), which would make the
/// joined path absolute on Windows.
fn is_windows_drive(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// Decodes `%XX` escapes as Addressable's `unencode` does (an invalid escape is kept as
/// written); `None` when the decoded bytes are not UTF-8.
fn percent_decode(url: &str) -> Option<String> {
    let bytes = url.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped_byte = (bytes[index] == b'%')
            .then(|| url.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped_byte {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

/// Ruby's `File.extname` of a permalink that does not end with `/`: the last
/// segment's extension, `None` when it has none (or is a dot file).
pub(super) fn permalink_ext(permalink: &str) -> Option<&str> {
    if permalink.ends_with('/') {
        return None;
    }
    let name = permalink.rsplit('/').next().unwrap_or(permalink);
    let (_, ext) = super::load::split_extension(name.trim_start_matches('.'));
    (ext.len() > 1).then_some(ext)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::date::{Zone, parse_date};

    /// A post as Jekyll's reader would describe `_posts/<file_name>`.
    struct Post {
        date: DateTime<FixedOffset>,
        slug_source: &'static str,
        basename: &'static str,
        categories: Vec<String>,
        path: String,
    }

    impl Post {
        fn new(date: &str, file_stem: &'static str, slug_source: &'static str) -> Post {
            let zone = Zone::Named(chrono_tz::UTC);
            Post {
                date: parse_date(date, zone).unwrap(),
                slug_source,
                basename: file_stem,
                categories: Vec::new(),
                path: format!("/{file_stem}"),
            }
        }

        fn with_categories(mut self, categories: &[&str]) -> Post {
            self.categories = categories.iter().map(|c| c.to_string()).collect();
            self
        }

        fn url(&self, template: &str) -> Result<String, PermalinkError> {
            let parts = DocumentUrlParts {
                date: self.date,
                slug_source: self.slug_source,
                basename: self.basename,
                categories: &self.categories,
                collection: "posts",
                path: &self.path,
                output_ext: ".html",
            };
            document_url(template, &parts)
        }
    }

    #[test]
    fn every_placeholder_matches_a_jekyll_build() {
        // Jekyll build (timezone: America/New_York) of `_posts/2024-01-05-Mixed_Case.Post.md`
        // with `categories: [Foo Bar, "C#", Baz/Qux]` and `slug: "Héllo Wörld?"`.
        let template = "/:categories/:year/:month/:day/:hour/:minute/:second/:i_day/:i_month/:short_month/:long_month/:short_year/:w_year/:week/:w_day/:short_day/:long_day/:y_day/:collection/:path/:name/:title/:slug/:slugified_categories:output_ext";
        let post = Post::new("2024-01-05", "2024-01-05-Mixed_Case.Post", "Héllo Wörld?")
            .with_categories(&["Foo Bar", "C#", "Baz/Qux"]);
        assert_eq!(
            post.url(template).unwrap(),
            "/foo%20bar/c%23/baz/qux/2024/01/05/00/00/00/5/1/Jan/January/24/2024/01/5/Fri/Friday/005/posts/2024-01-05-Mixed_Case.Post/2024-01-05-mixed-case-post/H%C3%A9llo-W%C3%B6rld/h%C3%A9llo-w%C3%B6rld/foo-bar/c/baz-qux.html"
        );
        // Same build: ISO week fields at a year boundary, and the time fields.
        let sunday = Post::new("2021-01-03", "2021-01-03-weird..", "weird");
        assert_eq!(
            sunday
                .url("/:w_year/:week/:w_day/:short_day/:y_day/:name/:title")
                .unwrap(),
            "/2020/53/7/Sun/003/2021-01-03-weird/weird"
        );
        let evening = Post::new("2024-03-06 23:30", "2024-03-06-str-ts", "str-ts");
        assert_eq!(evening.url("/:hour/:minute/:second").unwrap(), "/23/30/00");
    }

    #[test]
    fn built_in_styles_match_a_jekyll_build() {
        // Jekyll build (timezone: UTC) of `_posts/2024-03-06-Hello-World.md` with
        // `date: 2024-03-06 23:30:00 -0500` and `categories: [Foo, foo, "What?", "100%"]`.
        let post = Post::new(
            "2024-03-06 23:30:00 -0500",
            "2024-03-06-Hello-World",
            "Hello-World",
        )
        .with_categories(&["Foo", "foo", "What?", "100%"]);
        let observed = [
            ("date", "/foo/what?/100%25/2024/03/07/Hello-World.html"),
            ("pretty", "/foo/what?/100%25/2024/03/07/Hello-World/"),
            ("ordinal", "/foo/what?/100%25/2024/067/Hello-World.html"),
            (
                "weekdate",
                "/foo/what?/100%25/2024/W10/Thu/Hello-World.html",
            ),
            ("none", "/foo/what?/100%25/Hello-World.html"),
            ("/:year/:title", "/2024/Hello-World"),
            ("/blog/:title/", "/blog/Hello-World/"),
        ];
        for (style, expected) in observed {
            assert_eq!(post.url(&expand_style(style)).unwrap(), expected, "{style}");
        }
    }

    #[test]
    fn title_keeps_case_and_slug_downcases() {
        // From the compatibility reference [ran]: `slug: Custom Slug!` with
        // `/:categories/:slug/:i_month-:i_day/:title:output_ext`.
        let post = Post::new("2024-01-07", "2024-01-07-x", "Custom Slug!");
        assert_eq!(
            post.url("/:categories/:slug/:i_month-:i_day/:title:output_ext")
                .unwrap(),
            "/custom-slug/1-7/Custom-Slug!.html"
        );
    }

    #[test]
    fn a_trailing_underscore_is_retried_without_it() {
        // Jekyll build: `permalink: /:month_:day/:title/` on 2021-02-03-underscore.md.
        let post = Post::new("2021-02-03", "2021-02-03-underscore", "underscore");
        assert_eq!(
            post.url("/:month_:day/:title/").unwrap(),
            "/02_03/underscore/"
        );
    }

    #[test]
    fn unknown_placeholders_are_errors() {
        let post = Post::new("2021-02-03", "2021-02-03-x", "x");
        let error = post.url("/:year/:author/:title").unwrap_err();
        assert_eq!(
            error,
            PermalinkError::UnknownPlaceholder {
                name: "author".into(),
                template: "/:year/:author/:title".into()
            }
        );
        assert!(error.to_string().contains(":author"), "{error}");
        assert!(post.url("/:month__").is_err());
    }

    #[test]
    fn values_are_escaped_like_jekyll_url_escape_path() {
        // Observed: ruby -rjekyll -e 'p Jekyll::URL.escape_path(v)'.
        let observed = [
            ("foo bar/c#/baz", "foo%20bar/c%23/baz"),
            ("a#b#c", "a%23b%23c"),
            ("a?b?c#d", "a?b?c%23d"),
            ("é", "%C3%A9"),
            ("a%20b", "a%2520b"),
            ("100%", "100%25"),
            ("x[y]", "x%5By%5D"),
            ("a b+c", "a%20b+c"),
            ("!$&'()*+,;=@", "!$&'()*+,;=@"),
            ("~_", "~_"),
            ("a\"b<c>d", "a%22b%3Cc%3Ed"),
            ("{x}|^`\\", "%7Bx%7D%7C%5E%60%5C"),
            ("tab\there", "tab%09here"),
            ("a/b:c", "a/b:c"),
            ("\u{a0}", "%C2%A0"),
            ("", ""),
        ];
        for (value, expected) in observed {
            assert_eq!(escape_path(value), expected, "{value:?}");
        }
    }

    #[test]
    fn urls_are_sanitised_like_jekyll() {
        // Observed: Jekyll::URL.new(template: t, placeholders: {}).to_s
        assert_eq!(sanitize_url("/:x/..//./a/../b/.../c./d"), "/:x/a/b/cd");
        assert_eq!(sanitize_url("a/././/..../x"), "/a/x");
        let uncategorised = Post::new("2024-01-05", "2024-01-05-a", "a");
        assert_eq!(
            uncategorised.url(&expand_style("date")).unwrap(),
            "/2024/01/05/a.html"
        );
    }

    #[test]
    fn styles_expand_and_custom_templates_pass_through() {
        assert_eq!(
            expand_style("date"),
            "/:categories/:year/:month/:day/:title:output_ext"
        );
        assert_eq!(
            expand_style("pretty"),
            "/:categories/:year/:month/:day/:title/"
        );
        assert_eq!(
            expand_style("ordinal"),
            "/:categories/:year/:y_day/:title:output_ext"
        );
        assert_eq!(
            expand_style("weekdate"),
            "/:categories/:year/W:week/:short_day/:title:output_ext"
        );
        assert_eq!(expand_style("none"), "/:categories/:title:output_ext");
        assert_eq!(expand_style("/:title/"), "/:title/");
        assert_eq!(expand_style("Pretty"), "Pretty");
    }

    fn page(style: &str, permalink: Option<&str>, dir: &str, file_name: &str) -> String {
        let (basename, ext) = file_name.rsplit_once('.').unwrap();
        let output_ext = match ext {
            "md" => ".html".to_owned(),
            other => format!(".{other}"),
        };
        let parts = PageUrlParts {
            dir,
            basename,
            output_ext: &output_ext,
        };
        page_url(style, permalink, &parts)
    }

    #[test]
    fn page_urls_match_jekyll_builds() {
        // Jekyll builds with `permalink:` set to each style.
        let observed = [
            ("date", "/about.html"),
            ("pretty", "/about/"),
            ("ordinal", "/about.html"),
            ("weekdate", "/about"),
            ("none", "/about.html"),
            ("/:year/:title", "/about"),
            ("/blog/:title/", "/about/"),
            ("/x/:title:output_ext", "/about.html"),
        ];
        for (style, expected) in observed {
            assert_eq!(page(style, None, "", "about.md"), expected, "{style}");
            assert_eq!(page(style, None, "sub", "index.md"), "/sub/", "{style}");
            assert_eq!(page(style, None, "sub", "k.json"), "/sub/k.json", "{style}");
        }
        assert_eq!(page("date", None, "", "index.md"), "/");
        assert_eq!(page("date", None, "sub/deep", "index.html"), "/sub/deep/");
        assert_eq!(page("date", None, "sub", "page.md"), "/sub/page.html");
        assert_eq!(page("date", None, "", "index.json"), "/index.json");
    }

    #[test]
    fn page_front_matter_permalinks_substitute_only_page_placeholders() {
        // Jekyll builds: `permalink: /about2` → /about2, `/data/` on j.json → /data/,
        // `/:path/:basename-x:output_ext/:title` on sub/ph.md → /sub/ph-x.html/:title.
        assert_eq!(page("date", Some("/about2"), "", "about2.md"), "/about2");
        assert_eq!(page("date", Some("/data/"), "", "j.json"), "/data/");
        assert_eq!(
            page(
                "date",
                Some("/:path/:basename-x:output_ext/:title"),
                "sub",
                "ph.md"
            ),
            "/sub/ph-x.html/:title"
        );
    }

    /// The file `output_path` names, whether or not it climbed out.
    fn written(url: &str, output_ext: &str, is_page: bool) -> Option<String> {
        output_path(url, output_ext, is_page).map(|o| o.path)
    }

    #[test]
    fn output_paths_match_jekyll_destinations() {
        // Destinations observed in the Jekyll builds above.
        assert_eq!(
            written("/about.html", ".html", true).as_deref(),
            Some("about.html")
        );
        assert_eq!(
            written("/about/", ".html", true).as_deref(),
            Some("about/index.html")
        );
        assert_eq!(
            written("/about2", ".html", true).as_deref(),
            Some("about2.html")
        );
        assert_eq!(
            written("/data/", ".json", true).as_deref(),
            Some("data/index.json")
        );
        assert_eq!(written("/", ".html", true).as_deref(), Some("index.html"));
        assert_eq!(
            written("/sub/k.json", ".json", true).as_deref(),
            Some("sub/k.json")
        );
        assert_eq!(
            written("/sub/ph-x.html/:title", ".html", true).as_deref(),
            Some("sub/ph-x.html/:title.html")
        );
        assert_eq!(
            written("/2024/Hello-World", ".html", false).as_deref(),
            Some("2024/Hello-World.html")
        );
        assert_eq!(
            written("/blog/x/", ".json", false).as_deref(),
            Some("blog/x/index.html")
        );
        assert_eq!(
            written("/foo%20bar/c%23/what?/100%25/x.html", ".html", false).as_deref(),
            Some("foo bar/c#/what?/100%/x.html")
        );
        assert_eq!(
            written("/H%C3%A9llo.html", ".html", false).as_deref(),
            Some("Héllo.html")
        );
        // Addressable keeps an invalid escape as written.
        assert_eq!(
            written("/a%zz%+1", ".html", false).as_deref(),
            Some("a%zz%+1.html")
        );
    }

    #[test]
    fn output_paths_never_leave_the_destination() {
        let refused = [
            "",
            "/..",
            "/a\\..\\x",
            "/a%5Cx",
            "/C:/x",
            "/c:",
            "/a%00b",
            "/%ff",
            "/.",
        ];
        for url in refused {
            assert_eq!(output_path(url, ".html", false), None, "{url:?}");
        }
        // Jekyll's `sanitized_path` resolves `..` from the destination root.
        let climbing = [
            ("/../x", "x.html"),
            ("/a/../../x", "x.html"),
            ("/%2e%2e/%2e%2e/%2e%2e/baddie.html", "baddie.html"),
            ("/%2E%2E%2Fx", "x.html"),
            ("/a%2F..%2F..%2Fx", "x.html"),
        ];
        for (url, path) in climbing {
            let expected = OutputPath {
                path: path.into(),
                climbed_out: true,
            };
            assert_eq!(output_path(url, ".html", false), Some(expected), "{url:?}");
        }
        let inside = output_path("/a/../b.html", ".html", false).unwrap();
        assert_eq!(
            (inside.path.as_str(), inside.climbed_out),
            ("b.html", false)
        );
        assert_eq!(
            written("/a/./b", ".html", false).as_deref(),
            Some("a/b.html")
        );
        assert_eq!(
            written("//a//b/", ".html", false).as_deref(),
            Some("a/b/index.html")
        );
        assert_eq!(
            written("/a...b", ".html", false).as_deref(),
            Some("a...b.html")
        );
    }
}
