//! Series: posts sharing `series: NAME` are parts of one series, oldest first.
//!
//! Each part gets `page.series_info` (the front-matter `series` stays the name the
//! author wrote, as in Jekyll):
//!
//! ```yaml
//! name: serverless-intro        # as written in front matter
//! title: Serverless, from the ground up   # coldstart.series.NAME.title, else the name
//! description: …                # coldstart.series.NAME.description, when set
//! slug: serverless-intro
//! url: /series/serverless-intro/   # null without series pages
//! part: 2                       # this post's position, from 1
//! total: 4
//! parts: [{title, url, date, part, current, description?, excerpt?}, …]
//! previous: {title, url, date, part, …} or null   # the part before
//! next: … or null                                 # the part after
//! ```
//!
//! and each series gets a page at `series_dir` + slug (template `series.html`) whose
//! `page.series_info` is the same without `part`, `previous` and `next`. Series whose
//! names slugify alike are one series. Hidden posts stay in their series: a part
//! missing from the list would break "Part N of M".

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{
    GeneratedPage, PageValue, Settings, Template, object, output_path, page_value, url_slug,
};
use crate::content::document::Document;

/// The template of a series' page.
pub const TEMPLATE: &str = "series.html";

/// One series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The name in front matter (as the oldest part writes it).
    pub name: String,
    /// The display title.
    pub title: String,
    /// `coldstart.series.NAME.description`, when set.
    pub description: Option<String>,
    /// The URL slug.
    pub slug: String,
    /// The URL of its page, when it has one.
    pub url: Option<String>,
    /// Its parts, as indices into `site.posts`, oldest first.
    pub parts: Vec<usize>,
}

/// Every series of the site, in the order of their first parts. `has_template` says
/// whether the theme can render series pages.
pub fn collect(
    settings: &Settings,
    posts: &[Arc<Document>],
    has_template: &dyn Fn(&str) -> bool,
) -> Vec<Series> {
    let folder = settings
        .series_dir
        .as_deref()
        .filter(|_| has_template(TEMPLATE));
    let mut all: Vec<Series> = Vec::new();
    for (index, post) in posts.iter().enumerate() {
        let Some(name) = series_name(post) else {
            continue;
        };
        let slug = url_slug(&name);
        if slug.is_empty() {
            continue;
        }
        if let Some(series) = all.iter_mut().find(|s| s.slug == slug) {
            series.parts.push(index);
            continue;
        }
        let display = settings
            .series_data
            .get(&name)
            .or_else(|| settings.series_data.get(&slug));
        let text = |key: &str| {
            display
                .and_then(|d| d.get(key))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let title = display
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| text("title"))
            .unwrap_or_else(|| name.clone());
        all.push(Series {
            title,
            description: text("description"),
            url: folder.map(|folder| format!("{folder}{slug}/")),
            slug,
            name,
            parts: vec![index],
        });
    }
    all
}

/// The series a post belongs to: its front-matter `series` (a string, or a number
/// written as one), trimmed and not empty.
fn series_name(post: &Document) -> Option<String> {
    let name = match post.get("series")? {
        Value::String(name) => name.trim().to_string(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    Some(name).filter(|n| !n.is_empty())
}

/// A series' `parts` list, made once per build: every part's `series_info.parts` is
/// this list (with its own entry's `current` true), shared rather than copied into
/// each part's page map, where it would make a series of N parts cost N² entries.
///
/// In a page map, `series_info.parts` holds [`PartList::fingerprint`] instead: a
/// digest of the entries, so two maps are equal exactly when their lists are, and the
/// template value puts the shared list in its place
/// ([`crate::theme::context::SeriesLists`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PartList {
    /// The series' slug, which `series_info.slug` names.
    pub slug: String,
    /// `{part, current: false, title, url, date, description?, excerpt?}` per part.
    pub entries: Vec<Map<String, Value>>,
    /// A digest of `entries`, standing in for them in page maps.
    pub fingerprint: String,
}

/// The `parts` list of each series, in the order of `all`.
pub fn part_lists(all: &[Series], post_values: &[PageValue]) -> Vec<PartList> {
    all.iter()
        .map(|series| {
            let entries: Vec<Map<String, Value>> = (0..series.parts.len())
                .map(|position| series.entry(position, post_values))
                .collect();
            let mut digest = DefaultHasher::new();
            serde_json::to_string(&entries)
                .unwrap_or_default()
                .hash(&mut digest);
            PartList {
                slug: series.slug.clone(),
                fingerprint: format!("{:016x}", digest.finish()),
                entries,
            }
        })
        .collect()
}

/// The `series_info` of every part of every series, with the part's index in
/// `post_values`; `lists` are [`part_lists`] of `all`. `previous` gives a post's
/// `series_info` in the last render when the post's value is otherwise unchanged
/// since; a series whose every part had one from the same series, at the same
/// position of the same total, had the same parts in the same order, so its infos
/// are those: `None` ("the previous one") for each of its parts.
pub fn infos<'a>(
    all: &[Series],
    lists: &[PartList],
    previous: impl Fn(usize) -> Option<&'a Value>,
) -> Vec<(usize, Option<Value>)> {
    all.iter()
        .zip(lists)
        .flat_map(|(series, list)| {
            let unchanged = series.parts.iter().enumerate().all(|(position, &index)| {
                previous(index).is_some_and(|info| {
                    info.get("name").and_then(Value::as_str) == Some(series.name.as_str())
                        && info.get("part") == Some(&Value::from(position + 1))
                        && info.get("total") == Some(&Value::from(series.parts.len()))
                })
            });
            series
                .parts
                .iter()
                .enumerate()
                .map(move |(position, &index)| {
                    let info =
                        (!unchanged).then(|| Value::Object(series.info(Some(position), list)));
                    (index, info)
                })
        })
        .collect()
}

/// A page per series that has a URL.
pub fn pages(all: &[Series], lists: &[PartList]) -> Vec<GeneratedPage> {
    all.iter()
        .zip(lists)
        .filter_map(|(series, list)| {
            let url = series.url.as_deref()?;
            let info = series.info(None, list);
            Some(GeneratedPage {
                template: Template::Theme(TEMPLATE),
                output_path: output_path(url),
                page: page_value(&series.title, url, [("series_info", Value::Object(info))]),
                paginator: None,
                source: "(generated series page)".into(),
            })
        })
        .collect()
}

impl Series {
    /// The entry of the part at `position` in `parts`, `previous` and `next`.
    fn entry(&self, position: usize, post_values: &[PageValue]) -> Map<String, Value> {
        let post = &post_values[self.parts[position]];
        let mut entry = object([
            ("part", Value::from(position + 1)),
            ("current", Value::Bool(false)),
        ]);
        for key in ["title", "url", "date", "description", "excerpt"] {
            if let Some(value) = post.get(key) {
                entry.insert(key.into(), value.clone());
            }
        }
        entry
    }

    /// `series_info` as seen from the part at `current` (`None`: from the series page),
    /// with `parts` standing for `list` (see [`PartList`]).
    fn info(&self, current: Option<usize>, list: &PartList) -> Map<String, Value> {
        let mut info = object([
            ("name", Value::from(self.name.as_str())),
            ("title", Value::from(self.title.as_str())),
            ("slug", Value::from(self.slug.as_str())),
            ("url", self.url.as_deref().map_or(Value::Null, Value::from)),
            ("total", Value::from(self.parts.len())),
            (PARTS_KEY, Value::from(list.fingerprint.as_str())),
        ]);
        if let Some(description) = &self.description {
            info.insert("description".into(), Value::from(description.as_str()));
        }
        if let Some(position) = current {
            let entry = |position: usize| Value::Object(list.entries[position].clone());
            info.insert("part".into(), Value::from(position + 1));
            let previous = position.checked_sub(1).map_or(Value::Null, entry);
            let next = Some(position + 1)
                .filter(|p| *p < self.parts.len())
                .map_or(Value::Null, entry);
            info.insert("previous".into(), previous);
            info.insert("next".into(), next);
        }
        info
    }
}

/// The key of a series' parts in `series_info`.
pub const PARTS_KEY: &str = "parts";
