//! The data a template sees, under Jekyll's names: `page` (front matter plus `url`,
//! `date`, `content`, `excerpt`, `previous`, `next`, `toc`…) and `site` (every
//! configuration key plus `posts`, `pages`, `tags`, `categories`, `data`, `time`).
//!
//! `site` is built once per build and shared: tera values are reference-counted, so
//! handing it to every page costs a pointer copy, not a deep copy of every post
//! (the cost Zola's #2508 measured).

use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::Site;
use crate::content::document::{Document, date_string};
use crate::render::RenderedBody;

/// A document as a template value: [`Document::page_value`] plus the rendered
/// `content`, `excerpt` and `toc` (without `previous`/`next`, which only the page
/// being rendered gets).
pub fn document_value(document: &Document, body: &RenderedBody) -> Map<String, Value> {
    let mut page = document.page_value();
    page.insert("content".into(), Value::String(body.content.clone()));
    page.insert("excerpt".into(), Value::String(body.excerpt.clone()));
    page.insert(
        "toc".into(),
        serde_json::to_value(&body.toc).unwrap_or(Value::Array(Vec::new())),
    );
    page
}

/// The short form of a neighbouring post for `page.previous` / `page.next`.
pub fn neighbour_value(post: Option<&Map<String, Value>>) -> Value {
    match post {
        None => Value::Null,
        Some(post) => {
            let mut short = Map::new();
            for key in ["title", "url", "date", "id", "excerpt", "description"] {
                if let Some(v) = post.get(key) {
                    short.insert(key.to_string(), v.clone());
                }
            }
            Value::Object(short)
        }
    }
}

/// `site`: configuration keys, then the collections built from the content.
/// `posts` is in collection order (oldest first), as the content stage hands it on.
pub fn site_value(
    config: &Config,
    site: &Site,
    posts: &[Map<String, Value>],
    pages: &[Map<String, Value>],
) -> tera::Value {
    let mut value = config.site.clone();
    let newest_first: Vec<Value> = posts.iter().rev().cloned().map(Value::Object).collect();
    value.insert(
        "tags".into(),
        Value::Object(group_by(site, &newest_first, |d| &d.tags)),
    );
    value.insert(
        "categories".into(),
        Value::Object(group_by(site, &newest_first, |d| &d.categories)),
    );
    value.insert("posts".into(), Value::Array(newest_first));
    value.insert(
        "pages".into(),
        Value::Array(pages.iter().cloned().map(Value::Object).collect()),
    );
    value.insert("data".into(), site.data.clone());
    value.insert("time".into(), Value::String(date_string(&site.time)));
    tera::Value::from_serializable(&value)
}

/// Jekyll's `site.tags`/`site.categories`: name → its posts, newest first; names in
/// order of first appearance.
fn group_by(
    site: &Site,
    newest_first: &[Value],
    names: impl Fn(&Document) -> &Vec<String>,
) -> Map<String, Value> {
    let mut groups: Map<String, Value> = Map::new();
    for (document, value) in site.posts.iter().rev().zip(newest_first) {
        for name in names(document) {
            let entry = groups
                .entry(name.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = entry {
                list.push(value.clone());
            }
        }
    }
    groups
}

/// The context for rendering one document: `page` and the shared `site`.
pub fn page_context(site: &tera::Value, page: Map<String, Value>) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert_value("site", site.clone());
    context.insert("page", &page);
    context
}
