//! The values Liquid sees: `page` and `site` built from the content (hashes in their
//! order, see [`super::ordered`]), and the indexes `post_url` and `link` look in.

use std::collections::HashMap;

use liquid_core::model::{Object, Value};
use serde_json::Value as Json;

use super::ordered;
use crate::config::Config;
use crate::content::Site;
use crate::content::collections::{Collection, CollectionFile};
use crate::content::document::Document;

/// JSON data as a Liquid value, hashes in their order.
fn liquid_value(json: Json) -> Value {
    ordered::from_json(&json)
}

/// `page` for a document: [`Document::page_value`] plus its raw `content` and `excerpt`.
pub(super) fn page_object(document: &Document) -> Value {
    let mut page = document.page_value();
    if let Some(date) = &document.date {
        page.insert("date".into(), Json::String(ruby_time_string(date)));
    }
    page.insert("content".into(), Json::String(document.body.clone()));
    if !page.contains_key("excerpt") {
        let excerpt = document.excerpt_source.clone().unwrap_or_default();
        page.insert("excerpt".into(), Json::String(excerpt));
    }
    liquid_value(Json::Object(page))
}

/// A time as Liquid in Jekyll prints it (Ruby's `Time#to_s`: `2024-03-07 00:00:00 +0000`),
/// so `{{ page.date }}` reads as under Jekyll; every date filter parses it back.
fn ruby_time_string(date: &chrono::DateTime<chrono::FixedOffset>) -> String {
    date.format("%Y-%m-%d %H:%M:%S %z").to_string()
}

/// `site`: every configuration key, plus `posts` (newest first), `pages`, `tags` and
/// `categories` (name → posts, newest first), `data`, `time`, `url` and `baseurl`, and
/// the collections (`site.LABEL`, `site.collections`, `site.documents`).
pub(super) fn site_object(config: &Config, site: &Site) -> Value {
    let posts: Vec<(&Document, Value)> = site
        .posts
        .iter()
        .rev()
        .map(|d| (&**d, page_object(d)))
        .collect();
    let group = |names: fn(&Document) -> &Vec<String>| {
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for (document, value) in &posts {
            for name in names(document) {
                match groups.iter_mut().find(|(existing, _)| existing == name) {
                    Some((_, items)) => items.push(value.clone()),
                    None => groups.push((name.clone(), vec![value.clone()])),
                }
            }
        }
        ordered::object(
            groups
                .into_iter()
                .map(|(name, items)| (name.into(), Value::Array(items))),
        )
    };
    let tags = group(|d| &d.tags);
    let categories = group(|d| &d.categories);
    let mut object = match liquid_value(Json::Object(config.site.clone())) {
        Value::Object(object) => object,
        _ => Object::new(),
    };
    object.insert("tags".into(), tags);
    object.insert("categories".into(), categories);
    let posts: Vec<Value> = posts.into_iter().map(|(_, v)| v).collect();
    insert_collections(&mut object, config, site, &posts);
    object.insert("posts".into(), Value::Array(posts));
    object.insert(
        "pages".into(),
        Value::Array(site.pages.iter().map(|d| page_object(d)).collect()),
    );
    object.insert("data".into(), liquid_value(site.data.clone()));
    object.insert("time".into(), Value::scalar(ruby_time_string(&site.time)));
    object.insert("url".into(), Value::scalar(config.url.clone()));
    object.insert("baseurl".into(), Value::scalar(config.baseurl.clone()));
    for (key, value) in crate::render::plugins::site_values(config) {
        object.insert(key.into(), liquid_value(value));
    }
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
            let docs: Vec<Value> = collection.docs.iter().map(|d| page_object(d)).collect();
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
