//! The data a template sees, under Jekyll's names: `page` (front matter plus `url`,
//! `date`, `content`, `excerpt`, `previous`, `next`, `toc`…) and `site` (every
//! configuration key plus `posts`, `pages`, `tags`, `categories`, `data`, `time`).
//!
//! `site` is built once per build and shared: tera values are reference-counted, so
//! handing it to every page costs a pointer copy, not a deep copy of every post
//! (the cost Zola's #2508 measured).

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::{Map, Value};
use tera::value::Key;

use crate::config::Config;
use crate::content::Site;
use crate::content::document::{Document, date_string};
use crate::generate::SERIES_INFO_KEY;
use crate::generate::series::{PARTS_KEY, PartList};
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

/// The keys of a post that its neighbours' `page.previous` / `page.next` show.
const NEIGHBOUR_KEYS: [&str; 6] = ["title", "url", "date", "id", "excerpt", "description"];

/// The short form of a neighbouring post for `page.previous` / `page.next`.
pub fn neighbour_value(post: Option<&Map<String, Value>>) -> Value {
    match post {
        None => Value::Null,
        Some(post) => {
            let mut short = Map::new();
            for key in NEIGHBOUR_KEYS {
                if let Some(v) = post.get(key) {
                    short.insert(key.to_string(), v.clone());
                }
            }
            Value::Object(short)
        }
    }
}

/// Whether `value` is [`neighbour_value`] of `post`, without making that value.
pub fn is_neighbour_value(value: &Value, post: Option<&Map<String, Value>>) -> bool {
    match (value, post) {
        (Value::Null, None) => true,
        (Value::Object(short), Some(post)) => {
            let shown = NEIGHBOUR_KEYS
                .iter()
                .filter_map(|key| post.get(*key).map(|v| (key, v)));
            shown.clone().count() == short.len()
                && shown.into_iter().all(|(key, v)| short.get(*key) == Some(v))
        }
        _ => false,
    }
}

/// `site`: configuration keys, then the collections built from the content.
/// `posts` and `pages` are the documents' template values (see [`template_value`]),
/// posts in collection order (oldest first), as the content stage hands them on.
///
/// `site.posts`, `site.tags` and `site.categories` share those values (tera values
/// are reference-counted), so a post's content is never copied per listing.
pub fn site_value(
    config: &Config,
    site: &Site,
    posts: &[tera::Value],
    pages: &[tera::Value],
    series: SeriesLists,
) -> SiteValue {
    let newest_first: Vec<tera::Value> = posts.iter().rev().cloned().collect();
    let mut value: IndexMap<String, tera::Value> = config
        .site
        .iter()
        .map(|(key, v)| (key.clone(), tera::Value::from_serializable(v)))
        .collect();
    value.insert("tags".into(), group_by(site, &newest_first, |d| &d.tags));
    value.insert(
        "categories".into(),
        group_by(site, &newest_first, |d| &d.categories),
    );
    value.insert("posts".into(), tera::Value::from(newest_first));
    value.insert("pages".into(), tera::Value::from(pages.to_vec()));
    value.insert("data".into(), tera::Value::from_serializable(&site.data));
    value.insert("time".into(), tera::Value::from(date_string(&site.time)));
    SiteValue {
        value: tera::Value::from(value),
        series,
    }
}

/// What every page's context shares, made once per build: `site`, and the series'
/// `parts` lists that pages' `series_info` stand for.
pub struct SiteValue {
    /// `site`.
    pub value: tera::Value,
    /// The `parts` of every series.
    pub series: SeriesLists,
}

/// A document's `page` map as a template value: converted once per document and
/// shared by every listing that shows it. A series part's `series_info.parts` is
/// its series' shared list (see [`SeriesLists`]).
pub fn template_value(page: &Map<String, Value>, series: &SeriesLists) -> tera::Value {
    let value = tera::Value::from_serializable(page);
    match series.parts_for(page) {
        Some(parts) => with_series_parts(value, parts),
        None => value,
    }
}

/// Every series' `parts` list as template values, converted once per build: a
/// part's page gets the list by reference (one pointer per part, with its own entry
/// swapped for the one marked `current`), never a copy of every entry.
#[derive(Default)]
pub struct SeriesLists {
    by_slug: HashMap<String, SharedParts>,
}

/// One series' entries, as every page but its own parts' see them and as its own
/// part sees each.
struct SharedParts {
    fingerprint: String,
    list: tera::Value,
    entries: Vec<tera::Value>,
    current_entries: Vec<tera::Value>,
}

impl SeriesLists {
    /// Converts `lists` (from [`crate::generate::Generator::series_lists`]).
    pub fn new(lists: &[PartList]) -> SeriesLists {
        let by_slug = lists
            .iter()
            .map(|list| {
                let entries: Vec<tera::Value> = list
                    .entries
                    .iter()
                    .map(tera::Value::from_serializable)
                    .collect();
                let current_entries = list
                    .entries
                    .iter()
                    .map(|entry| {
                        let mut entry = entry.clone();
                        entry.insert("current".into(), Value::Bool(true));
                        tera::Value::from_serializable(&entry)
                    })
                    .collect();
                let shared = SharedParts {
                    fingerprint: list.fingerprint.clone(),
                    list: tera::Value::from(entries.clone()),
                    entries,
                    current_entries,
                };
                (list.slug.clone(), shared)
            })
            .collect();
        SeriesLists { by_slug }
    }

    /// The `parts` of `page`'s `series_info`, when it stands for a list of these.
    fn parts_for(&self, page: &Map<String, Value>) -> Option<tera::Value> {
        let info = page.get(SERIES_INFO_KEY)?;
        let shared = self
            .by_slug
            .get(info.get("slug")?.as_str()?)
            .filter(|shared| {
                info.get(PARTS_KEY) == Some(&Value::from(shared.fingerprint.as_str()))
            })?;
        let current = info
            .get("part")
            .and_then(Value::as_u64)
            .and_then(|part| usize::try_from(part).ok()?.checked_sub(1))
            .filter(|&position| position < shared.entries.len());
        Some(match current {
            None => shared.list.clone(),
            Some(position) => {
                let mut parts = shared.entries.clone();
                parts[position] = shared.current_entries[position].clone();
                tera::Value::from(parts)
            }
        })
    }
}

/// `page` (a template value with a `series_info` map) with `parts` in its `series_info`.
fn with_series_parts(page: tera::Value, parts: tera::Value) -> tera::Value {
    let key = Key::Str(SERIES_INFO_KEY);
    let info = page.as_map().and_then(|map| map.get(&key)).cloned();
    let Some(mut info) = info.and_then(tera::Value::into_map) else {
        return page;
    };
    info.insert(Key::Str(PARTS_KEY), parts);
    let mut page = page.into_map().unwrap_or_default();
    page.insert(key, tera::Value::from(info));
    tera::Value::from(page)
}

/// Jekyll's `site.tags`/`site.categories`: name → its posts, newest first; names in
/// order of first appearance.
fn group_by(
    site: &Site,
    newest_first: &[tera::Value],
    names: impl Fn(&Document) -> &Vec<String>,
) -> tera::Value {
    let mut groups: IndexMap<String, Vec<tera::Value>> = IndexMap::new();
    for (document, value) in site.posts.iter().rev().zip(newest_first) {
        for name in names(document) {
            groups.entry(name.clone()).or_default().push(value.clone());
        }
    }
    tera::Value::from(groups)
}

/// The context for rendering one document: `page` and the shared `site`.
pub fn page_context(site: &SiteValue, page: &Map<String, Value>) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert_value("site", site.value.clone());
    context.insert_value("page", template_value(page, &site.series));
    context
}
