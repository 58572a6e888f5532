//! jekyll-archives' pages (the plugin's 2.2 behaviour): one page per tag, category,
//! year, month or day with posts, for each type `jekyll-archives.enabled` turns on.
//!
//! Tags and categories come first, each in the order the posts (oldest first) first
//! use them, then each year followed by its months, each month by its days. A page's
//! `page` holds `layout`, `posts` (newest first), `type`, `title` (the tag or category
//! as written; `nil` for dates), `date` (the first day of the year, month or day;
//! `nil` for tags and categories), `name`, `path`, `url` and `permalink` (`nil`). Its
//! URL is the type's permalink with `:name` (the slugified name), `:year`, `:month`,
//! `:day` and `:type` filled in. It has no content: its layout makes the page, and
//! when that layout does not exist the page is written empty, with a warning.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{GeneratedPage, PageValue, Template, url_slug};
use crate::config::{ArchiveKind, ArchiveType, ArchivesSettings};
use crate::content::document::{Document, Layout};
use crate::content::permalink::{escape_path, output_path, sanitize_url};
use crate::diagnostic::{Location, Warning};

/// One archive page, before its posts' values exist.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    /// Its type.
    pub kind: ArchiveKind,
    /// The tag or category, as the posts write it (`None` for dates).
    pub title: Option<String>,
    /// `YYYY-MM-DD`: the first day of the year, month or day (`None` for names).
    pub date: Option<String>,
    /// Its URL, escaped.
    pub url: String,
    /// The file it is written to, relative to the destination (`page.path`).
    pub path: String,
    /// Its layout, if any.
    pub layout: Option<String>,
    /// Indices into the site's posts, newest first.
    pub posts: Vec<usize>,
}

/// Every archive page of the site, in the order the plugin adds them to `site.pages`
/// (`posts` are the site's posts, oldest first).
pub fn archives(settings: &ArchivesSettings, posts: &[Arc<Document>]) -> Vec<Archive> {
    let mut archives = Vec::new();
    let oldest_first = 0..posts.len();
    let named = [
        (
            ArchiveKind::Tag,
            (|d: &Document| d.tags.clone()) as fn(&Document) -> Vec<String>,
        ),
        (ArchiveKind::Category, |d: &Document| d.categories.clone()),
    ];
    for (kind, names_of) in named {
        let Some(archive_type) = settings.get(kind) else {
            continue;
        };
        let by_name = group(
            oldest_first
                .clone()
                .flat_map(|i| names_of(&posts[i]).into_iter().map(move |name| (name, i))),
        );
        for (name, indices) in by_name {
            let slug = url_slug(&name);
            let url = archive_url(archive_type, &[("name", &slug)]);
            archives.extend(Archive::new(archive_type, Some(name), None, url, indices));
        }
    }
    date_archives(settings, posts, &mut archives);
    archives
}

/// The year, month and day archives: each year (oldest first), then each of its
/// months followed by that month's days (newest first: the plugin groups a year's
/// posts, already newest first, by month).
fn date_archives(settings: &ArchivesSettings, posts: &[Arc<Document>], out: &mut Vec<Archive>) {
    let field = |index: usize, format: &str| {
        posts[index]
            .date
            .map_or_else(String::new, |date| date.format(format).to_string())
    };
    let types = [ArchiveKind::Year, ArchiveKind::Month, ArchiveKind::Day].map(|k| settings.get(k));
    let mut add = |level: usize, parts: &[&str], indices: &[usize]| {
        let Some(archive_type) = types[level] else {
            return;
        };
        let names = ["year", "month", "day"];
        let placeholders: Vec<(&str, &str)> =
            names.into_iter().zip(parts.iter().copied()).collect();
        let url = archive_url(archive_type, &placeholders);
        let date = format!(
            "{}-{}-{}",
            parts[0],
            parts.get(1).unwrap_or(&"01"),
            parts.get(2).unwrap_or(&"01")
        );
        out.extend(Archive::new(
            archive_type,
            None,
            Some(date),
            url,
            indices.to_vec(),
        ));
    };
    for (year, in_year) in group((0..posts.len()).map(|i| (field(i, "%Y"), i))) {
        add(0, &[&year], &in_year);
        for (month, in_month) in group(in_year.iter().map(|&i| (field(i, "%m"), i))) {
            add(1, &[&year, &month], &in_month);
            for (day, in_day) in group(in_month.iter().map(|&i| (field(i, "%d"), i))) {
                add(2, &[&year, &month, &day], &in_day);
            }
        }
    }
}

/// Groups `(key, post index)` pairs given oldest post first by key, in the order the
/// keys first appear, each group's posts newest first (the plugin's `sort!.reverse!`).
fn group<K: Eq + Hash + Clone>(pairs: impl Iterator<Item = (K, usize)>) -> Vec<(K, Vec<usize>)> {
    let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
    let mut positions: HashMap<K, usize> = HashMap::new();
    for (key, index) in pairs {
        let position = *positions.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[position].1.push(index);
    }
    for (_, indices) in &mut groups {
        indices.sort_unstable();
        indices.dedup();
        indices.reverse();
    }
    groups
}

/// The URL of an archive of `archive_type`: its permalink with each placeholder
/// (then `:type`) replaced by its escaped value, stopping once no `:` is left, and
/// sanitised, as Jekyll's `URL` does with a hash of placeholders.
fn archive_url(archive_type: &ArchiveType, placeholders: &[(&str, &str)]) -> String {
    let kind = [("type", archive_type.kind.name())];
    let mut url = archive_type.permalink.clone();
    for (name, value) in placeholders.iter().chain(&kind) {
        if !url.contains(':') {
            break;
        }
        url = url.replace(&format!(":{name}"), &escape_path(value));
    }
    sanitize_url(&url)
}

impl Archive {
    /// An archive at `url`; `None` when the URL names no file Jekyll could write.
    fn new(
        archive_type: &ArchiveType,
        title: Option<String>,
        date: Option<String>,
        url: String,
        posts: Vec<usize>,
    ) -> Option<Archive> {
        let last_segment = url.rsplit('/').next().unwrap_or_default();
        let extension = match last_segment.rfind('.') {
            _ if url.ends_with('/') => ".html",
            Some(dot) => &last_segment[dot..],
            None => "",
        };
        let path = output_path(&url, extension, true)?.path;
        Some(Archive {
            kind: archive_type.kind,
            title,
            date,
            url,
            path,
            layout: archive_type.layout.clone(),
            posts,
        })
    }

    /// Its `site.pages` entry: its `page` without `posts`.
    pub fn listed(&self) -> Map<String, Value> {
        let optional = |text: &Option<String>| text.clone().map_or(Value::Null, Value::String);
        let name = self.path.rsplit('/').next().unwrap_or_default();
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        [
            ("layout", optional(&self.layout)),
            ("type", Value::from(self.kind.name())),
            ("title", optional(&self.title)),
            ("date", optional(&self.date)),
            ("name", Value::from(stem)),
            ("path", Value::from(self.path.as_str())),
            ("url", Value::from(self.url.as_str())),
            ("permalink", Value::Null),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect()
    }

    /// The page to render, its `posts` from `post_values` (the site's posts' values).
    /// `has_layout` tells whether a layout exists; the page of a missing one has none.
    fn page(&self, post_values: &[PageValue], has_layout: &dyn Fn(&str) -> bool) -> GeneratedPage {
        let mut page = self.listed();
        let posts = self
            .posts
            .iter()
            .map(|&i| Value::Object((*post_values[i]).clone()));
        page.insert("posts".into(), Value::Array(posts.collect()));
        page.insert("content".into(), Value::from(""));
        let layout = match &self.layout {
            Some(name) if has_layout(name) => Layout::Named(name.clone()),
            _ => Layout::None,
        };
        GeneratedPage {
            template: Template::OwnPage(layout),
            output_path: self.path.clone(),
            page,
            paginator: None,
            source: PathBuf::from(format!("(jekyll-archives page {})", self.url)),
        }
    }
}

/// The archive pages to render, with Jekyll's warning for a layout that does not
/// exist (once per layout, at `config_location`, naming the first page).
pub fn pages(
    archives: &[Archive],
    post_values: &[PageValue],
    has_layout: &dyn Fn(&str) -> bool,
    config_location: &Location,
) -> (Vec<GeneratedPage>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut missing: Vec<(&str, &Archive, usize)> = Vec::new();
    for archive in archives {
        let Some(layout) = archive.layout.as_deref().filter(|l| !has_layout(l)) else {
            continue;
        };
        match missing.iter_mut().find(|(name, _, _)| *name == layout) {
            Some((_, _, count)) => *count += 1,
            None => missing.push((layout, archive, 1)),
        }
    }
    for (layout, first, count) in missing {
        let others = match count {
            1 => String::new(),
            n => format!(" (and {} other archive pages)", n - 1),
        };
        warnings.push(Warning {
            location: config_location.clone(),
            message: format!(
                "Build Warning: Layout '{layout}' requested in {}{others} does not exist.",
                first.path
            ),
        });
    }
    let pages = archives
        .iter()
        .map(|a| a.page(post_values, has_layout))
        .collect();
    (pages, warnings)
}
