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

/// The `series_info` of every part of every series, with the part's index in
/// `post_values`. `previous` gives a post's `series_info` in the last render when
/// the post's value is otherwise unchanged since; a series whose every part had one
/// from the same series, at the same position of the same total, had the same parts
/// in the same order, so its infos are those: `None` ("the previous one") for each
/// of its parts.
pub fn infos<'a>(
    all: &[Series],
    post_values: &[PageValue],
    previous: impl Fn(usize) -> Option<&'a Value>,
) -> Vec<(usize, Option<Value>)> {
    all.iter()
        .flat_map(|series| {
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
                    let info = (!unchanged)
                        .then(|| Value::Object(series.info(Some(position), post_values)));
                    (index, info)
                })
        })
        .collect()
}

/// A page per series that has a URL.
pub fn pages(all: &[Series], post_values: &[PageValue]) -> Vec<GeneratedPage> {
    all.iter()
        .filter_map(|series| {
            let url = series.url.as_deref()?;
            let info = series.info(None, post_values);
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
    /// `series_info` as seen from the part at `current` (`None`: from the series page).
    fn info(&self, current: Option<usize>, post_values: &[PageValue]) -> Map<String, Value> {
        let part = |position: usize| {
            let post = &post_values[self.parts[position]];
            let mut entry = object([
                ("part", Value::from(position + 1)),
                ("current", Value::Bool(current == Some(position))),
            ]);
            for key in ["title", "url", "date", "description", "excerpt"] {
                if let Some(value) = post.get(key) {
                    entry.insert(key.into(), value.clone());
                }
            }
            Value::Object(entry)
        };
        let mut info = object([
            ("name", Value::from(self.name.as_str())),
            ("title", Value::from(self.title.as_str())),
            ("slug", Value::from(self.slug.as_str())),
            ("url", self.url.as_deref().map_or(Value::Null, Value::from)),
            ("total", Value::from(self.parts.len())),
            ("parts", (0..self.parts.len()).map(part).collect()),
        ]);
        if let Some(description) = &self.description {
            info.insert("description".into(), Value::from(description.as_str()));
        }
        if let Some(position) = current {
            info.insert("part".into(), Value::from(position + 1));
            let previous = position.checked_sub(1).map_or(Value::Null, part);
            let next = Some(position + 1)
                .filter(|p| *p < self.parts.len())
                .map_or(Value::Null, part);
            info.insert("previous".into(), previous);
            info.insert("next".into(), next);
        }
        info
    }
}
