//! The Atom feed of the posts, as jekyll-feed 0.17 writes it (`lib/jekyll-feed/feed.xml`,
//! minified the same way: no whitespace between tags), and its `feed_meta` link.
//!
//! Configuration (jekyll-feed's keys): `feed.path` (default `/feed.xml`),
//! `feed.posts_limit` (default 10), `feed.excerpt_only` (also per post as
//! `feed.excerpt_only`); `title`/`name`, `description`, `author`, `lang` of the site.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::text::{cdata, is_blank, plain_text, printed, smartify};
use super::{Published, SiteMeta};
use crate::config::{FeedSpec, JEKYLL_VERSION};
use crate::content::document::date_string;
use crate::jekyll_filters::xml_escape as escape_xml;

/// Entries in the feed when `feed.posts_limit` is not set.
const DEFAULT_POSTS_LIMIT: usize = 10;

/// jekyll-feed's `{% feed_meta %}`: `<link type="application/atom+xml" rel="alternate"
/// href=ABSOLUTE title=SITE />` for the page `<head>`.
pub fn meta_link(meta: &SiteMeta) -> String {
    let mut link = format!(
        "<link type=\"application/atom+xml\" rel=\"alternate\" href=\"{}\"",
        escape_xml(&meta.absolute_url(meta.feed_link))
    );
    if let Some(title) = site_title(meta) {
        let _ = write!(link, " title=\"{}\"", escape_xml(title));
    }
    link.push_str(" />");
    link
}

/// `site.title`, else `site.name`.
fn site_title<'a>(meta: &SiteMeta<'a>) -> Option<&'a str> {
    meta.setting_str(&["title"])
        .or_else(|| meta.setting_str(&["name"]))
}

/// The Atom document of `feed`: the feed's own metadata, then the newest documents
/// of its collection (and category; drafts only with `show_drafts`), newest first,
/// up to `feed.posts_limit`.
pub fn atom(meta: &SiteMeta, documents: &[Published], feed: &FeedSpec) -> String {
    let lang = meta.setting_str(&["lang"]).map(escape_xml);
    let self_url = escape_xml(&meta.absolute_url(&feed.path));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" {}>",
        lang.as_ref()
            .map(|l| format!("xml:lang=\"{l}\""))
            .unwrap_or_default()
    );
    let _ = write!(
        xml,
        "<generator uri=\"https://jekyllrb.com/\" version=\"{}\">Jekyll</generator>\
         <link href=\"{self_url}\" rel=\"self\" type=\"application/atom+xml\" />\
         <link href=\"{}\" rel=\"alternate\" type=\"text/html\" {}/>\
         <updated>{}</updated><id>{self_url}</id>",
        JEKYLL_VERSION,
        escape_xml(&meta.absolute_url("/")),
        lang.as_ref()
            .map(|l| format!("hreflang=\"{l}\" "))
            .unwrap_or_default(),
        date_string(&meta.time),
    );
    if let Some(title) = feed_title(meta, feed) {
        let _ = write!(xml, "<title type=\"html\">{}</title>", escape_xml(&title));
    }
    if let Some(description) = meta.setting_str(&["description"]) {
        let _ = write!(xml, "<subtitle>{}</subtitle>", escape_xml(description));
    }
    if let Some(author) = meta.setting(&["author"]) {
        xml.push_str(&author_element(
            author.get("name").unwrap_or(author),
            author,
        ));
    }

    let show_drafts = meta.setting(&["show_drafts"]) == Some(&Value::Bool(true));
    let limit = meta
        .setting(&["feed", "posts_limit"])
        .and_then(Value::as_u64)
        .map_or(DEFAULT_POSTS_LIMIT, |n| n as usize);
    let mut listed: Vec<&Published> = (documents.iter())
        .filter(|p| p.document.collection.as_deref() == Some(feed.collection.as_str()))
        .filter(|p| (feed.category.as_ref()).is_none_or(|c| p.document.categories.contains(c)))
        .filter(|p| show_drafts || !p.document.draft)
        .collect();
    listed.sort_by_key(|p| p.document.date);
    for post in listed.into_iter().rev().take(limit) {
        xml.push_str(&entry(meta, post));
    }
    xml.push_str("</feed>");
    xml
}

/// The feed's title, smartified: the site's, then ` | Collection` for a collection
/// other than posts and ` | Category` for a category's feed (each capitalized as Ruby
/// does). The parts are smartified one by one: coldstart's `smartify` converts
/// Markdown, which would read the `|`s as a table.
fn feed_title(meta: &SiteMeta, feed: &FeedSpec) -> Option<String> {
    let mut title = site_title(meta).map(|title| smartify(meta.renderer, title));
    let suffixes = (feed.collection != "posts")
        .then_some(feed.collection.as_str())
        .into_iter()
        .chain(feed.category.as_deref());
    for suffix in suffixes {
        let title = title.get_or_insert_with(String::new);
        title.push_str(" | ");
        title.push_str(&smartify(meta.renderer, &capitalize(suffix)));
    }
    title
}

/// Ruby's `capitalize`: the first letter upper case, the rest lower case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

/// `<author>` with `name` and, when `author` is a map, its `email` and `uri`.
fn author_element(name: &Value, author: &Value) -> String {
    let mut element = format!("<author><name>{}</name>", escape_xml(&printed(name)));
    for field in ["email", "uri"] {
        if let Some(value) = author.get(field).filter(|v| !is_blank(v)) {
            let _ = write!(
                element,
                "<{field}>{}</{field}>",
                escape_xml(&printed(value))
            );
        }
    }
    element.push_str("</author>");
    element
}

/// One post's `<entry>`.
fn entry(meta: &SiteMeta, post: &Published) -> String {
    let document = post.document;
    let front_matter = &document.front_matter;
    let url = escape_xml(&meta.absolute_url(&document.url));
    let title = escape_xml(&plain_text(&smartify(meta.renderer, &document.title)));
    let published = document.date.as_ref().map(date_string).unwrap_or_default();
    let updated = meta
        .last_modified(front_matter)
        .map(|d| date_string(&d))
        .unwrap_or_else(|| published.clone());

    let mut xml = String::from("<entry");
    if let Some(lang) = front_matter.get("lang").filter(|v| !is_blank(v)) {
        let _ = write!(xml, " xml:lang=\"{}\"", escape_xml(&printed(lang)));
    }
    let _ = write!(
        xml,
        "><title type=\"html\">{title}</title>\
         <link href=\"{url}\" rel=\"alternate\" type=\"text/html\" title=\"{title}\" />\
         <published>{published}</published><updated>{updated}</updated><id>{}</id>",
        escape_xml(&meta.absolute_url(&document.id))
    );
    let excerpt_only = front_matter
        .get("feed")
        .and_then(|f| f.get("excerpt_only"))
        .or_else(|| meta.setting(&["feed", "excerpt_only"]))
        .is_some_and(|v| v == &Value::Bool(true));
    if !excerpt_only {
        // jekyll-redirect-from empties the content of a `redirect_to` document.
        let content = if super::redirects::redirect_to(document).is_some() {
            ""
        } else {
            post.body.content.trim()
        };
        let _ = write!(
            xml,
            "<content type=\"html\" xml:base=\"{url}\">{}</content>",
            cdata(content)
        );
    }
    let author = Value::Object(meta.author(front_matter));
    xml.push_str(&author_element(
        author.get("name").unwrap_or(&Value::Null),
        &author,
    ));
    for term in categories_and_tags(document, front_matter) {
        let _ = write!(xml, "<category term=\"{}\" />", escape_xml(term));
    }
    let summary = front_matter
        .get("description")
        .filter(|v| !is_blank(v))
        .map(printed)
        .unwrap_or_else(|| post.body.excerpt.clone());
    if !summary.is_empty() {
        let _ = write!(
            xml,
            "<summary type=\"html\">{}</summary>",
            cdata(&plain_text(&summary))
        );
    }
    if let Some(image) = image_url(meta, front_matter) {
        let image = escape_xml(&image);
        let _ = write!(
            xml,
            "<media:thumbnail xmlns:media=\"http://search.yahoo.com/mrss/\" url=\"{image}\" />\
             <media:content medium=\"image\" url=\"{image}\" xmlns:media=\"http://search.yahoo.com/mrss/\" />"
        );
    }
    xml.push_str("</entry>");
    xml
}

/// The `<category>` terms: front matter `category` alone when set, else every
/// category; then every tag.
fn categories_and_tags<'a>(
    document: &'a crate::content::document::Document,
    front_matter: &'a Map<String, Value>,
) -> Vec<&'a str> {
    let categories: Vec<&str> = match front_matter.get("category").and_then(Value::as_str) {
        Some(category) if !category.is_empty() => vec![category],
        _ => document.categories.iter().map(String::as_str).collect(),
    };
    categories
        .into_iter()
        .chain(document.tags.iter().map(String::as_str))
        .collect()
}

/// `image.path` or `image`, made absolute unless it has a scheme.
fn image_url(meta: &SiteMeta, front_matter: &Map<String, Value>) -> Option<String> {
    let image = front_matter.get("image")?;
    let path = image.get("path").filter(|v| !is_blank(v)).unwrap_or(image);
    let path = path.as_str().filter(|p| !p.is_empty())?;
    Some(if path.contains("://") {
        path.to_string()
    } else {
        meta.absolute_url(path)
    })
}
