//! The `<head>` tags of jekyll-seo-tag 2.8's `{% seo %}` (`lib/template.html`,
//! `drop.rb`, `json_ld_drop.rb`), in its order and format: `<title>`, generator,
//! OpenGraph, canonical link, Twitter card, verification tags and JSON-LD.
//!
//! Read from the page: `title`, `description` (else the excerpt), `url`,
//! `canonical_url`, `date`, `last_modified_at`/`modified`, `author`/`authors`, `image`
//! (a path or `{path, height, width, alt}`), `lang`, `locale`, `twitter.card`,
//! `seo.{name, type, links, date_modified}`. From `_config.yml`: `title`/`name`,
//! `tagline`, `description`, `url`, `author`, `lang`, `locale`, `logo`, `social`,
//! `twitter`, `facebook`, `webmaster_verifications`, `google_site_verification`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value, json};

use super::SiteMeta;
use super::text::{escape_once, is_blank, plain_text, printed};
use crate::content::document::date_string;
use crate::jekyll_filters::uri_escape;

/// Between the page title and the site title.
const TITLE_SEPARATOR: &str = " | ";

/// The home page or the about page, which describe the site rather than an article.
static HOMEPAGE_OR_ABOUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^/(about/)?(index\.html?)?$").expect("valid regex"));

/// The page's SEO tags as one HTML string, one tag a line.
/// On a paginated page (`paginator`), the title gets jekyll-seo-tag's "Page N of M for "
/// prefix (`seo_paginator_message`) after the first page, and `rel="prev"`/`"next"`
/// links point at the neighbouring pages.
pub fn tags(meta: &SiteMeta, page: &Map<String, Value>, paginator: Option<&Value>) -> String {
    let seo = Seo::new(meta, page);
    let paginator = paginator.filter(|p| p.is_object());
    let mut lines = vec!["<!-- Begin SEO tags (jekyll-seo-tag 2.8 format) -->".to_string()];
    let page_title = seo.page_title();
    if let Some(title) = seo.title(page_title.as_deref()) {
        let prefix = paginator
            .and_then(|p| page_number_prefix(meta, p))
            .unwrap_or_default();
        lines.push(format!("<title>{prefix}{title}</title>"));
    }
    lines.push(meta_tag(
        "name",
        "generator",
        &format!("coldstart v{}", env!("CARGO_PKG_VERSION")),
    ));
    let canonical = seo.canonical_url();
    let image = seo.image();
    open_graph(
        &seo,
        page_title.as_deref(),
        &canonical,
        image.as_ref(),
        &mut lines,
    );
    pagination_links(meta, paginator, &mut lines);
    twitter(
        &seo,
        page,
        page_title.as_deref(),
        image.as_ref(),
        &mut lines,
    );
    facebook_and_verifications(meta, &mut lines);
    lines.push(format!(
        "<script type=\"application/ld+json\">\n{}</script>",
        seo.json_ld(&canonical, page_title.as_deref(), image.as_ref())
    ));
    lines.push("<!-- End SEO tags -->".to_string());
    lines.join("\n") + "\n"
}

/// The author, locale, description, canonical URL and Open Graph tags.
fn open_graph(
    seo: &Seo,
    page_title: Option<&str>,
    canonical: &str,
    image: Option<&Image>,
    lines: &mut Vec<String>,
) {
    let meta = seo.meta;
    if let Some(title) = page_title {
        lines.push(meta_tag("property", "og:title", title));
    }
    if let Some(name) = seo.author.get("name").filter(|v| !is_blank(v)) {
        lines.push(meta_tag("name", "author", &escape_once(&printed(name))));
    }
    lines.push(meta_tag(
        "property",
        "og:locale",
        &escape_once(&seo.locale()),
    ));
    if let Some(description) = seo.description() {
        lines.push(meta_tag("name", "description", &description));
        lines.push(meta_tag("property", "og:description", &description));
    }
    if meta.setting_str(&["url"]).is_some() {
        lines.push(format!("<link rel=\"canonical\" href=\"{canonical}\" />"));
        lines.push(meta_tag("property", "og:url", canonical));
    }
    if let Some(site_title) = &seo.site_title {
        lines.push(meta_tag("property", "og:site_name", site_title));
    }
    if let Some(image) = image {
        lines.push(meta_tag("property", "og:image", &image.url));
        for (field, value) in &image.details {
            lines.push(meta_tag("property", &format!("og:image:{field}"), value));
        }
    }
    match &seo.date_published {
        Some(published) => {
            lines.push(meta_tag("property", "og:type", "article"));
            lines.push(meta_tag("property", "article:published_time", published));
        }
        None => lines.push(meta_tag("property", "og:type", "website")),
    }
}

/// `rel="prev"` and `rel="next"` links on a paginated page.
fn pagination_links(meta: &SiteMeta, paginator: Option<&Value>, lines: &mut Vec<String>) {
    for (rel, page_key, path_key) in [
        ("prev", "previous_page", "previous_page_path"),
        ("next", "next_page", "next_page_path"),
    ] {
        let neighbour = paginator.filter(|p| p.get(page_key).is_some_and(|n| !n.is_null()));
        if let Some(path) = neighbour
            .and_then(|p| p.get(path_key))
            .and_then(Value::as_str)
        {
            let href = meta.absolute_url(path);
            lines.push(format!("<link rel=\"{rel}\" href=\"{href}\" />"));
        }
    }
}

/// The Twitter card tags.
fn twitter(
    seo: &Seo,
    page: &Map<String, Value>,
    page_title: Option<&str>,
    image: Option<&Image>,
    lines: &mut Vec<String>,
) {
    let meta = seo.meta;
    match image {
        Some(image) => {
            let card = ["twitter", "card"];
            let card = page
                .get(card[0])
                .and_then(|t| t.get(card[1]))
                .or_else(|| meta.setting(&card))
                .map(printed)
                .unwrap_or_else(|| "summary_large_image".into());
            lines.push(meta_tag("name", "twitter:card", &escape_once(&card)));
            lines.push(meta_tag("property", "twitter:image", &image.url));
        }
        None => lines.push(meta_tag("name", "twitter:card", "summary")),
    }
    if let Some(alt) = image.and_then(|i| i.alt()) {
        lines.push(meta_tag("name", "twitter:image:alt", alt));
    }
    if let Some(title) = page_title {
        lines.push(meta_tag("property", "twitter:title", title));
    }
    if let Some(twitter) = meta.setting(&["twitter"]) {
        let username = twitter.get("username").map(printed).unwrap_or_default();
        lines.push(meta_tag(
            "name",
            "twitter:site",
            &format!("@{}", escape_once(&username.replace('@', ""))),
        ));
        if let Some(creator) = seo.author_twitter() {
            lines.push(meta_tag(
                "name",
                "twitter:creator",
                &format!("@{}", escape_once(&creator)),
            ));
        }
    }
}

/// Facebook's tags and the webmaster verifications.
fn facebook_and_verifications(meta: &SiteMeta, lines: &mut Vec<String>) {
    for (key, attribute, name) in [
        ("admins", "property", "fb:admins"),
        ("publisher", "property", "article:publisher"),
        ("app_id", "property", "fb:app_id"),
    ] {
        if let Some(value) = meta.setting(&["facebook", key]) {
            lines.push(meta_tag(attribute, name, &escape_once(&printed(value))));
        }
    }
    if meta.setting(&["webmaster_verifications"]).is_some() {
        for (key, name) in [
            ("google", "google-site-verification"),
            ("bing", "msvalidate.01"),
            ("alexa", "alexaVerifyID"),
            ("yandex", "yandex-verification"),
            ("baidu", "baidu-site-verification"),
            ("facebook", "facebook-domain-verification"),
        ] {
            if let Some(value) = meta.setting(&["webmaster_verifications", key]) {
                lines.push(meta_tag("name", name, &escape_once(&printed(value))));
            }
        }
    } else if let Some(value) = meta.setting(&["google_site_verification"]) {
        lines.push(meta_tag(
            "name",
            "google-site-verification",
            &escape_once(&printed(value)),
        ));
    }
}

/// jekyll-seo-tag's `page_number`: "Page 2 of 5 for " (or the site's
/// `seo_paginator_message`, with `%<current>s` and `%<total>s`) after the first page.
fn page_number_prefix(meta: &SiteMeta, paginator: &Value) -> Option<String> {
    let current = paginator.get("page").and_then(Value::as_u64)?;
    let total = paginator.get("total_pages").and_then(Value::as_u64)?;
    let message = meta
        .setting_str(&["seo_paginator_message"])
        .unwrap_or("Page %<current>s of %<total>s for ");
    (current > 1).then(|| {
        message
            .replace("%<current>s", &current.to_string())
            .replace("%<total>s", &total.to_string())
    })
}

/// The page's image as jekyll-seo-tag's `ImageDrop` sees it.
struct Image {
    /// The absolute, URI-escaped URL.
    url: String,
    /// `height`, `width`, `alt` when given (escaped for attributes).
    details: Vec<(&'static str, String)>,
    /// The other fields of an image map, for JSON-LD.
    fields: Map<String, Value>,
}

impl Image {
    fn alt(&self) -> Option<&str> {
        self.details
            .iter()
            .find(|(field, _)| *field == "alt")
            .map(|(_, value)| value.as_str())
    }
}

/// What jekyll-seo-tag's drop derives for one page.
struct Seo<'m, 'p> {
    meta: &'m SiteMeta<'m>,
    page: &'p Map<String, Value>,
    author: Map<String, Value>,
    site_title: Option<String>,
    date_published: Option<String>,
}

/// The site's `title` (else `name`), `tagline` and `description` as the SEO tags print
/// them ([`format_string`]): the same on every page, so converted once per build.
#[derive(Debug, Default)]
pub(super) struct SiteStrings {
    title: Option<String>,
    tagline: Option<String>,
    description: Option<String>,
}

impl SiteStrings {
    /// Formats the site's strings.
    pub(super) fn new(meta: &SiteMeta) -> SiteStrings {
        let format = |key: &str| meta.setting(&[key]).and_then(|v| format_string(meta, v));
        SiteStrings {
            title: format("title").or_else(|| format("name")),
            tagline: format("tagline"),
            description: format("description"),
        }
    }
}

impl<'m, 'p> Seo<'m, 'p> {
    fn new(meta: &'m SiteMeta<'m>, page: &'p Map<String, Value>) -> Self {
        Seo {
            meta,
            page,
            author: meta.author(page),
            site_title: meta.shared.seo.title.clone(),
            date_published: meta.date(page.get("date")).map(|d| date_string(&d)),
        }
    }

    /// `markdownify | strip_html | normalize_whitespace | escape_once` of a page value.
    fn page_string(&self, key: &str) -> Option<String> {
        format_string(self.meta, self.page.get(key)?)
    }

    /// The page title alone; the site title when the page has none.
    fn page_title(&self) -> Option<String> {
        self.page_string("title")
            .or_else(|| self.site_title.clone())
    }

    /// `<title>`: "page | site", or on a page titled like the site "site | tagline".
    /// `page_title` is [`Seo::page_title`], computed once by the caller.
    fn title(&self, page_title: Option<&str>) -> Option<String> {
        let site = &self.meta.shared.seo;
        let tagline = site.tagline.as_ref().or(site.description.as_ref());
        match (&self.site_title, page_title) {
            (Some(site), Some(page)) if page != site => {
                Some(format!("{page}{TITLE_SEPARATOR}{site}"))
            }
            (Some(site_title), _) if site.description.is_some() => Some(format!(
                "{site_title}{TITLE_SEPARATOR}{}",
                tagline.cloned().unwrap_or_default()
            )),
            _ => page_title
                .map(str::to_string)
                .or_else(|| self.site_title.clone()),
        }
    }

    /// `description`, else the excerpt, else the site's description.
    fn description(&self) -> Option<String> {
        let own = match self.page.get("description") {
            Some(description) if !description.is_null() => Some(description),
            _ => self.page.get("excerpt"),
        };
        own.and_then(|v| format_string(self.meta, v))
            .or_else(|| self.meta.shared.seo.description.clone())
    }

    /// `og:locale`: `locale` or `lang` of the page or site, `en_US` by default, `_`-joined.
    fn locale(&self) -> String {
        let lookup = |key: &str| {
            self.page
                .get(key)
                .filter(|v| !is_blank(v))
                .or_else(|| self.meta.setting(&[key]))
                .map(printed)
        };
        lookup("locale")
            .or_else(|| lookup("lang"))
            .unwrap_or_else(|| "en_US".into())
            .replace('-', "_")
    }

    fn url(&self) -> String {
        self.page.get("url").map(printed).unwrap_or_default()
    }

    /// `canonical_url`, else the absolute URL with `/index.html` shortened to `/`.
    fn canonical_url(&self) -> String {
        match self.page.get("canonical_url").filter(|v| !is_blank(v)) {
            Some(url) => printed(url),
            None => {
                let url = self.meta.absolute_url(&self.url());
                match url.strip_suffix("/index.html") {
                    Some(base) => format!("{base}/"),
                    None => url,
                }
            }
        }
    }

    fn is_homepage_or_about(&self) -> bool {
        HOMEPAGE_OR_ABOUT.is_match(&self.url())
    }

    /// `page.seo.KEY`.
    fn page_seo(&self, key: &str) -> Option<&'p Value> {
        self.page
            .get("seo")
            .and_then(|s| s.get(key))
            .filter(|v| !v.is_null())
    }

    fn image(&self) -> Option<Image> {
        let (raw, fields) = match self.page.get("image")? {
            Value::String(path) => (Some(path.clone()), Map::new()),
            Value::Object(fields) => {
                let raw = ["path", "facebook", "twitter"]
                    .iter()
                    .find_map(|k| fields.get(*k).filter(|v| !v.is_null()).map(printed));
                (raw, fields.clone())
            }
            _ => return None,
        };
        let raw = raw?;
        let absolute = if raw.contains("://") {
            raw
        } else {
            self.meta.absolute_url(&raw)
        };
        let details = ["height", "width", "alt"]
            .into_iter()
            .filter_map(|field| {
                let value = fields.get(field).filter(|v| !is_blank(v))?;
                Some((field, escape_once(&printed(value))))
            })
            .collect();
        Some(Image {
            url: uri_escape(&absolute),
            details,
            fields,
        })
    }

    /// `author.twitter` (else the author's name), without a leading `@`.
    fn author_twitter(&self) -> Option<String> {
        let twitter = self
            .author
            .get("twitter")
            .or_else(|| self.author.get("name"))?
            .as_str()?;
        Some(twitter.trim_start_matches('@').to_string())
    }

    /// `@type`: `seo.type`, `WebSite` for the home or about page, `BlogPosting` for a
    /// dated page, else `WebPage`.
    fn schema_type(&self) -> String {
        if let Some(kind) = self.page_seo("type") {
            printed(kind)
        } else if self.is_homepage_or_about() {
            "WebSite".into()
        } else if self.date_published.is_some() {
            "BlogPosting".into()
        } else {
            "WebPage".into()
        }
    }

    /// JSON-LD's `author`: a `Person` (or the author's `Organization`) with a name.
    fn json_author(&self) -> Option<Value> {
        self.author
            .get("name")
            .filter(|v| !is_blank(v))
            .and_then(|name| {
                let kind = self.author.get("type").map(printed);
                if kind
                    .as_deref()
                    .is_some_and(|k| k != "Organization" && k != "Person")
                {
                    return None;
                }
                let mut author = Map::new();
                author.insert(
                    "@type".into(),
                    Value::String(kind.unwrap_or_else(|| "Person".into())),
                );
                author.insert("name".into(), name.clone());
                if let Some(url) = self.author.get("url") {
                    author.insert("url".into(), url.clone());
                }
                Some(Value::Object(author))
            })
    }

    /// JSON-LD's `publisher`: an `Organization` with the site's `logo`, when it has one.
    fn json_publisher(&self) -> Option<Value> {
        let meta = self.meta;
        let logo = meta.setting_str(&["logo"]).map(|logo| {
            uri_escape(&if logo.contains("://") {
                logo.to_string()
            } else {
                meta.absolute_url(logo)
            })
        });
        logo.map(|logo| {
            let mut publisher = json!({
                "@type": "Organization",
                "logo": {"@type": "ImageObject", "url": logo},
            });
            if let Some(name) = self.author.get("name") {
                publisher["name"] = name.clone();
            }
            publisher
        })
    }

    /// The JSON-LD object, keys sorted and null values left out, as the plugin's
    /// `to_json` writes it.
    fn json_ld(&self, canonical: &str, headline: Option<&str>, image: Option<&Image>) -> String {
        let meta = self.meta;
        let schema_type = self.schema_type();
        let author = self.json_author();
        let date_modified = self
            .page_seo("date_modified")
            .and_then(|d| meta.date(Some(d)))
            .or_else(|| meta.last_modified(self.page))
            .map(|d| date_string(&d))
            .or_else(|| self.date_published.clone());
        let image = image.map(|image| {
            if image.fields.len() <= 1 {
                Value::String(image.url.clone())
            } else {
                let mut fields = image.fields.clone();
                fields.remove("path");
                fields.insert("url".into(), Value::String(image.url.clone()));
                fields.insert("@type".into(), Value::String("imageObject".into()));
                Value::Object(fields)
            }
        });
        let main_entity = ["BlogPosting", "CreativeWork"]
            .contains(&schema_type.as_str())
            .then(|| json!({"@type": "WebPage", "@id": canonical}));
        let name = match self.page_seo("name") {
            Some(name) => format_string(meta, name),
            None if self.is_homepage_or_about() => meta
                .setting(&["social", "name"])
                .and_then(|n| format_string(meta, n))
                .or_else(|| self.site_title.clone()),
            None => None,
        };
        let publisher = self.json_publisher();
        let same_as = self.page_seo("links").cloned().or_else(|| {
            self.is_homepage_or_about()
                .then(|| meta.setting(&["social", "links"]).cloned())
                .flatten()
        });
        let text = |s: Option<String>| s.map(Value::String);
        let entries = [
            ("@context", Some(Value::String("https://schema.org".into()))),
            ("@type", Some(Value::String(schema_type))),
            ("author", author),
            ("dateModified", text(date_modified)),
            ("datePublished", text(self.date_published.clone())),
            ("description", text(self.description())),
            ("headline", text(headline.map(str::to_string))),
            ("image", image),
            ("mainEntityOfPage", main_entity),
            ("name", text(name)),
            ("publisher", publisher),
            ("sameAs", same_as),
            ("url", Some(Value::String(canonical.to_string()))),
        ];
        let object: Map<String, Value> = entries
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_string(), value?)))
            .collect();
        Value::Object(object).to_string()
    }
}

/// jekyll-seo-tag's `format_string`: `markdownify | strip_html | normalize_whitespace
/// | escape_once`, `None` when that leaves nothing.
fn format_string(meta: &SiteMeta, value: &Value) -> Option<String> {
    if value.is_null() {
        return None;
    }
    let formatted = escape_once(&plain_text(&meta.renderer.markdownify(&printed(value))));
    Some(formatted).filter(|s| !s.is_empty())
}

/// `<meta ATTRIBUTE="KEY" content="CONTENT" />`; `content` is already escaped.
fn meta_tag(attribute: &str, key: &str, content: &str) -> String {
    format!("<meta {attribute}=\"{key}\" content=\"{content}\" />")
}
