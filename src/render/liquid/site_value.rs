//! The `site`, `page` and `jekyll` values a document's Liquid sees, as Jekyll's drops
//! give them (hashes in their order, see [`super::ordered`]), and the indexes
//! `post_url` and `link` look in.
//!
//! Jekyll renders every post before any page, so a post's Liquid sees `site.posts`
//! with each post's source as `content` and `excerpt`, and a page's Liquid sees their
//! rendered HTML (what a site's own `feed.xml` or a listing of excerpts prints).

use std::collections::HashMap;
use std::path::PathBuf;

use liquid_core::model::{Object, Value};
use serde_json::{Map, Value as Json};

use super::ordered;
use crate::config::{Config, JEKYLL_VERSION};
use crate::content::Site;
use crate::content::collections::{Collection, CollectionFile};
use crate::content::document::{Document, Kind, StaticFile};
use crate::render::RenderedBody;

/// What a [`super::LiquidSite`]'s `site` holds beyond the loaded content.
#[derive(Default, Clone, Copy)]
pub struct SiteExtras<'a> {
    /// Each post's rendered body, in `site.posts`' order (oldest first), for the site
    /// that renders pages; `None` for the one that renders posts.
    pub post_bodies: Option<&'a [&'a RenderedBody]>,
    /// Pages the build generates (pagination and redirect pages), as `site.pages`
    /// lists them after the site's own.
    pub generated_pages: &'a [Map<String, Json>],
    /// jekyll-paginate's pages, for the paginated page's `paginator`.
    pub pagination: Option<&'a Pagination>,
    /// Whether the site renders layouts: `site` is then built even when no body
    /// uses Liquid.
    pub layouts: bool,
}

/// The page jekyll-paginate paginates and its pages, as its Liquid sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The paginated page's source file.
    pub page: PathBuf,
    /// Page 1 (the page's own URL), 2…
    pub pagers: Vec<Pager>,
}

/// One page of a [`Pagination`].
#[derive(Debug, Clone, PartialEq)]
pub struct Pager {
    /// Its URL.
    pub url: String,
    /// `paginator` without `posts`.
    pub fields: Map<String, Json>,
    /// Its posts, as indices into the site's posts (oldest first), newest first.
    pub posts: Vec<usize>,
}

/// `site.posts` (newest first) of a `site` value; none when it has no such list.
pub(super) fn site_posts(site: &Value) -> &[Value] {
    match site {
        Value::Object(object) => match object.get("posts") {
            Some(Value::Array(posts)) => posts.as_slice(),
            _ => &[],
        },
        _ => &[],
    }
}

/// Each pager's URL and `paginator` value, its `posts` taken from `site`'s
/// `posts` (newest first, `count` of them).
pub(super) fn paginators(
    site: &Value,
    count: usize,
    pagination: &Pagination,
) -> Vec<(String, Value)> {
    let posts = site_posts(site);
    pagination
        .pagers
        .iter()
        .map(|pager| {
            let mut paginator = match liquid_value(Json::Object(pager.fields.clone())) {
                Value::Object(object) => object,
                _ => Object::new(),
            };
            let listed = pager
                .posts
                .iter()
                .filter_map(|&i| posts.get(count.checked_sub(i + 1)?).cloned());
            paginator.insert("posts".into(), Value::Array(listed.collect()));
            (pager.url.clone(), Value::Object(paginator))
        })
        .collect()
}

/// JSON data as a Liquid value, hashes in their order.
pub(super) fn liquid_value(json: Json) -> Value {
    ordered::from_json(&json)
}

/// `page` for a document: [`Document::page_value`] plus its `name` (pages; their
/// `title` only from front matter) and its
/// `content` and `excerpt`: rendered when `rendered` is given, else as written.
pub(super) fn page_object(document: &Document, rendered: Option<&RenderedBody>) -> Value {
    let mut page = document.page_value();
    if let Some(date) = &document.date {
        page.insert("date".into(), Json::String(ruby_time_string(date)));
    }
    if document.kind == Kind::Page {
        let name = document
            .relative_path
            .rsplit('/')
            .next()
            .unwrap_or_default();
        page.insert("name".into(), Json::String(name.to_string()));
        page.insert("dir".into(), Json::String(url_dir(&document.url)));
        // A page has a title only when its front matter gives one (minima's header
        // lists the pages whose `title` is set).
        match document.front_matter.get("title") {
            Some(title) => page.insert("title".into(), title.clone()),
            None => page.remove("title"),
        };
    }
    let (content, excerpt) = match rendered {
        Some(body) => (body.content.clone(), body.excerpt.clone()),
        None => (
            document.body.clone(),
            document.excerpt_source.clone().unwrap_or_default(),
        ),
    };
    page.insert("content".into(), Json::String(content));
    // A page has an excerpt only when its front matter gives one (Jekyll 4.3's
    // `Page#excerpt`, without `page_excerpts`).
    if !page.contains_key("excerpt") && document.kind != Kind::Page {
        page.insert("excerpt".into(), Json::String(excerpt));
    }
    liquid_value(Json::Object(page))
}

/// The page jekyll-sass-converter adds to `site.pages` for a Sass page's source map
/// (`SourceMapPage`): the Sass page's front matter, named `BASENAME.css.map` beside
/// it. Its `content` (the map) is compiled only when the Sass page renders, after
/// this value is built, so it is empty here.
pub(super) fn source_map_page_object(sass_page: &Document) -> Value {
    let mut page = sass_page.page_value();
    let relative_path = format!("{}.map", css_path(&sass_page.relative_path));
    let name = relative_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let url = format!("{}.map", sass_page.url);
    page.insert("name".into(), Json::String(name));
    page.insert("path".into(), Json::String(relative_path));
    page.insert("dir".into(), Json::String(url_dir(&url)));
    page.insert("url".into(), Json::String(url));
    page.insert("content".into(), Json::String(String::new()));
    if sass_page.front_matter.get("title").is_none() {
        page.remove("title");
    }
    liquid_value(Json::Object(page))
}

/// `dir/main.scss` → `dir/main.css`.
fn css_path(sass_path: &str) -> String {
    match sass_path.rfind('.') {
        Some(dot) if !sass_path[dot..].contains('/') => format!("{}.css", &sass_path[..dot]),
        _ => format!("{sass_path}.css"),
    }
}

/// Jekyll's `Page#dir`: the URL when it names a folder, else the URL's folder.
fn url_dir(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        match url.rfind('/') {
            Some(slash) => url[..=slash].to_string(),
            None => "/".to_string(),
        }
    }
}

/// A time as Liquid in Jekyll prints it (Ruby's `Time#to_s`: `2024-03-07 00:00:00 +0000`),
/// so `{{ page.date }}` reads as under Jekyll; every date filter parses it back.
pub(super) fn ruby_time_string(date: &chrono::DateTime<chrono::FixedOffset>) -> String {
    date.format("%Y-%m-%d %H:%M:%S %z").to_string()
}

/// `jekyll`: the `environment` (`JEKYLL_ENV`, else `development`) and the `version`.
pub(super) fn jekyll_object(config: &Config) -> Value {
    let mut object = Object::new();
    object.insert(
        "environment".into(),
        Value::scalar(config.environment.clone()),
    );
    object.insert("version".into(), Value::scalar(JEKYLL_VERSION));
    Value::Object(object)
}

/// `site`: every configuration key, plus `posts` (newest first), `pages` (then the
/// generated ones), `html_pages`, `static_files`, `tags` and `categories` (name →
/// posts, newest first), `data`, `time`, `url` and `baseurl`, and the collections
/// (`site.LABEL`, `site.collections`, `site.documents`).
pub(super) fn site_object(config: &Config, site: &Site, extras: SiteExtras) -> Value {
    let posts: Vec<(&Document, Value)> = site
        .posts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, d)| (&**d, page_object(d, extras.post_bodies.map(|b| b[i]))))
        .collect();
    let tags = group(&posts, |d| &d.tags);
    let categories = group(&posts, |d| &d.categories);
    let mut object = match liquid_value(Json::Object(config.site.clone())) {
        Value::Object(object) => object,
        _ => Object::new(),
    };
    object.insert("tags".into(), tags);
    object.insert("categories".into(), categories);
    let posts: Vec<Value> = posts.into_iter().map(|(_, v)| v).collect();
    insert_collections(&mut object, config, site, &posts);
    object.insert("posts".into(), Value::Array(posts));
    let (pages, html_pages) = pages(site, extras.generated_pages);
    object.insert("pages".into(), pages);
    object.insert("html_pages".into(), html_pages);
    let files = site
        .static_files
        .iter()
        .map(|f| static_file(f, site.time.offset()));
    object.insert("static_files".into(), Value::Array(files.collect()));
    object.insert("data".into(), liquid_value(site.data.clone()));
    object.insert("time".into(), Value::scalar(ruby_time_string(&site.time)));
    for (key, value) in crate::render::plugins::site_values(config) {
        object.insert(key.into(), liquid_value(value));
    }
    Value::Object(object)
}

/// Posts (`posts` newest first) grouped by `names` (tags or categories) as Jekyll's
/// `post_attr_hash` groups them: groups in the order the oldest post first names
/// them, each group's posts newest first.
fn group(posts: &[(&Document, Value)], names: fn(&Document) -> &Vec<String>) -> Value {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for (document, value) in posts.iter().rev() {
        for name in names(document) {
            let slot = *index.entry(name).or_insert_with(|| {
                groups.push((name, Vec::new()));
                groups.len() - 1
            });
            groups[slot].1.push(value.clone());
        }
    }
    ordered::object(groups.into_iter().map(|(name, mut items)| {
        items.reverse();
        (name.to_owned().into(), Value::Array(items))
    }))
}

/// `site.pages` (the site's pages, then `generated`) and `site.html_pages` (those
/// of them whose output is HTML).
fn pages(site: &Site, generated: &[Map<String, Json>]) -> (Value, Value) {
    let mut pages = Vec::new();
    let mut html_pages = Vec::new();
    for page in &site.pages {
        let value = page_object(page, None);
        if page.is_html_output() {
            html_pages.push(value.clone());
        }
        pages.push(value);
    }
    for page in generated {
        let value = liquid_value(Json::Object(page.clone()));
        let url = page.get("url").and_then(Json::as_str).unwrap_or_default();
        if is_html_url(url) {
            html_pages.push(value.clone());
        }
        pages.push(value);
    }
    (Value::Array(pages), Value::Array(html_pages))
}

/// Whether a page at `url` is written as HTML (`/x/` is `/x/index.html`).
fn is_html_url(url: &str) -> bool {
    url.ends_with('/') || url.ends_with(".html") || url.ends_with(".htm")
}

/// One of `site.static_files`: `path` (with a leading `/`), `name`, `basename`,
/// `extname`, `collection` (nil: coldstart has no static files in collections) and
/// `modified_time` (in the site's zone).
fn static_file(file: &StaticFile, zone: &chrono::FixedOffset) -> Value {
    let name = file.relative_path.rsplit('/').next().unwrap_or_default();
    let (basename, extname) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
        _ => (name, ""),
    };
    let modified = chrono::DateTime::<chrono::Utc>::from(file.modified).with_timezone(zone);
    let mut object = Object::new();
    object.insert(
        "path".into(),
        Value::scalar(format!("/{}", file.relative_path)),
    );
    object.insert("name".into(), Value::scalar(name.to_string()));
    object.insert("basename".into(), Value::scalar(basename.to_string()));
    object.insert("extname".into(), Value::scalar(extname.to_string()));
    object.insert("collection".into(), Value::Nil);
    object.insert(
        "modified_time".into(),
        Value::scalar(ruby_time_string(&modified)),
    );
    Value::Object(object)
}

/// `site.LABEL` for each collection other than posts, `site.collections` (posts
/// included, by label as Jekyll's site drop sorts them) and `site.documents` (every
/// collection's documents and files, posts first). `posts` is the newest-first
/// `site.posts`.
fn insert_collections(object: &mut Object, config: &Config, site: &Site, posts: &[Value]) {
    let mut documents: Vec<Value> = Vec::new();
    let mut collections: Vec<(&str, Value)> = Vec::new();
    for settings in &config.collections {
        let mut drop = match liquid_value(Json::Object(settings.metadata.clone())) {
            Value::Object(object) => object,
            _ => Object::new(),
        };
        let (docs, files, relative_directory) = if settings.is_posts() {
            let oldest_first: Vec<Value> = posts.iter().rev().cloned().collect();
            (oldest_first, Vec::new(), "_posts".to_string())
        } else {
            let Some(collection) = site
                .collections
                .iter()
                .find(|c| c.settings.label == settings.label)
            else {
                continue;
            };
            let docs: Vec<Value> = collection
                .docs
                .iter()
                .map(|d| page_object(d, None))
                .collect();
            object.insert(settings.label.clone().into(), Value::Array(docs.clone()));
            let files = collection.files.iter().map(|f| file_object(collection, f));
            (docs, files.collect(), collection.relative_directory.clone())
        };
        documents.extend(docs.iter().cloned());
        documents.extend(files.iter().cloned());
        let directory = config.source.join(&relative_directory);
        drop.insert("label".into(), Value::scalar(settings.label.clone()));
        drop.insert("docs".into(), Value::Array(docs));
        drop.insert("files".into(), Value::Array(files));
        drop.insert("output".into(), Value::scalar(settings.output));
        drop.insert(
            "relative_directory".into(),
            Value::scalar(relative_directory),
        );
        drop.insert(
            "directory".into(),
            Value::scalar(directory.display().to_string()),
        );
        let template = settings.url_template(&config.permalink_style);
        drop.insert("permalink".into(), Value::scalar(template));
        collections.push((&settings.label, Value::Object(drop)));
    }
    collections.sort_by_key(|(label, _)| *label);
    let collections = collections.into_iter().map(|(_, drop)| drop).collect();
    object.insert("collections".into(), Value::Array(collections));
    object.insert("documents".into(), Value::Array(documents));
}

/// A collection's static file as Liquid sees it (Jekyll's `StaticFileDrop`).
fn file_object(collection: &Collection, file: &CollectionFile) -> Value {
    let name = file
        .file
        .relative_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let (basename, extname) = match name.rfind('.') {
        Some(i) if i > 0 => (name[..i].to_string(), name[i..].to_string()),
        _ => (name.clone(), String::new()),
    };
    let fields = [
        ("path", file.file.relative_path.clone()),
        ("url", file.url.clone()),
        ("name", name),
        ("basename", basename),
        ("extname", extname),
        ("collection", collection.settings.label.clone()),
    ];
    ordered::object(
        fields
            .into_iter()
            .map(|(key, value)| (key.into(), Value::scalar(value))),
    )
}

/// `post_url` names: `_posts/[dir/]NAME.ext` is `[dir/]NAME`, and
/// `dir/_posts/NAME.ext` is `dir/NAME` (Jekyll's `PostComparer` accepts both).
pub(super) fn post_urls(site: &Site) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for post in &site.posts {
        let path = &post.relative_path;
        let stem = path
            .rsplit_once('.')
            .map_or(path.as_str(), |(stem, _)| stem);
        let name = match stem.split_once("_posts/") {
            Some((folder, rest)) => format!("{folder}{rest}"),
            None => continue,
        };
        names.insert(name, post.url.clone());
    }
    names
}

/// Every written file's source-relative path to its URL, for `link` (Jekyll's
/// `each_site_file`: a document of a collection without `output` is not linkable).
pub(super) fn file_urls(site: &Site) -> HashMap<String, String> {
    let documents = site
        .posts
        .iter()
        .chain(&site.pages)
        .chain(site.written_documents())
        .map(|d| (d.relative_path.clone(), d.url.clone()));
    let statics = site
        .static_files
        .iter()
        .map(|f| (f.relative_path.clone(), format!("/{}", f.relative_path)));
    let collection_files = site
        .written_collection_files()
        .map(|f| (f.file.relative_path.clone(), f.url.clone()));
    documents.chain(statics).chain(collection_files).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use liquid_core::model::ValueView;

    #[test]
    fn static_files_have_jekylls_fields() {
        let file = StaticFile {
            source_path: "src/assets/site.min.css".into(),
            relative_path: "assets/site.min.css".into(),
            modified: std::time::UNIX_EPOCH,
        };
        let zone = chrono::FixedOffset::east_opt(3600).unwrap();
        let Value::Object(object) = static_file(&file, &zone) else {
            panic!("not an object")
        };
        let field = |key: &str| object.get(key).map(|v| v.to_kstr().to_string());
        assert_eq!(field("path").as_deref(), Some("/assets/site.min.css"));
        assert_eq!(field("name").as_deref(), Some("site.min.css"));
        assert_eq!(field("basename").as_deref(), Some("site.min"));
        assert_eq!(field("extname").as_deref(), Some(".css"));
        assert_eq!(
            field("modified_time").as_deref(),
            Some("1970-01-01 01:00:00 +0100")
        );
        assert_eq!(object.get("collection"), Some(&Value::Nil));
    }

    #[test]
    fn html_urls_are_folders_and_html_files() {
        assert!(is_html_url("/page2/"));
        assert!(is_html_url("/a.html"));
        assert!(!is_html_url("/old.pdf"));
        assert!(!is_html_url("/redirects.json"));
    }
}
