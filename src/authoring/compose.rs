//! `new post|draft`, `publish` and `unpublish`: jekyll-compose's behaviour.
//!
//! A new post is `_posts/YYYY-MM-DD-slug.md`, a new draft `_drafts/slug.md`, the slug
//! being Jekyll's `slugify` of the title; the front matter holds `layout` (from the
//! `defaults:` of `_config.yml` for posts, else `post`), `title`, and `date` for posts
//! (`2024-05-06 10:00 +0000`, as jekyll-compose writes it). `publish` moves a draft to
//! `_posts/` under today's date and sets `date:`; `unpublish` moves a post back to
//! `_drafts/` without its date prefix and without `date:`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::front_matter::{remove_key, set_key, yaml_string};
use super::{AuthoringError, io_error, move_with, write_new};
use crate::config;
use crate::content::{date, frontmatter, load};
use crate::diagnostic::Location;
use crate::generate::url_slug;
use crate::yaml::YamlFileError;

/// The folder of posts.
const POSTS: &str = "_posts";
/// The folder of drafts.
const DRAFTS: &str = "_drafts";
/// jekyll-compose's layout for new documents when `defaults:` sets none.
const DEFAULT_LAYOUT: &str = "post";

/// What `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated post in `_posts/`.
    Post,
    /// An undated draft in `_drafts/`.
    Draft,
}

/// A document to create.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    /// Post or draft.
    pub kind: Kind,
    /// The title, as the author typed it.
    pub title: &'a str,
    /// The series to join (`series: NAME`, and `part:` the next number in it).
    pub series: Option<&'a str>,
}

/// Creates a new post or draft in `source` and returns its path.
pub fn new_document(
    source: &Path,
    document: &NewDocument,
    now: DateTime<FixedOffset>,
) -> Result<PathBuf, AuthoringError> {
    let slug = url_slug(document.title);
    let (folder, kind_name) = match document.kind {
        Kind::Post => (POSTS, "posts"),
        Kind::Draft => (DRAFTS, "drafts"),
    };
    if slug.is_empty() {
        return Err(AuthoringError::EmptySlug {
            location: Location::file(source.join(folder)),
            title: document.title.to_string(),
        });
    }
    let file_name = match document.kind {
        Kind::Post => format!("{}-{slug}.md", now.format("%Y-%m-%d")),
        Kind::Draft => format!("{slug}.md"),
    };
    let layout = default_layout(source, &format!("{folder}/{file_name}"), kind_name)?;
    let mut yaml = format!(
        "layout: {}\ntitle: {}\n",
        yaml_string(&layout),
        yaml_string(document.title)
    );
    if document.kind == Kind::Post {
        yaml.push_str(&format!("date: {}\n", compose_date(now)));
    }
    if let Some(series) = document.series {
        let part = next_series_part(source, series)?;
        yaml.push_str(&format!("series: {}\npart: {part}\n", yaml_string(series)));
    }
    let path = source.join(folder).join(file_name);
    write_new(&path, &format!("---\n{yaml}---\n\n"))?;
    Ok(path)
}

/// Moves a draft (a path, or a name in `_drafts/` with or without `.md`) to
/// `_posts/` under `now`'s date, setting `date:`; returns the new path.
pub fn publish(
    source: &Path,
    draft: &str,
    now: DateTime<FixedOffset>,
) -> Result<PathBuf, AuthoringError> {
    let from = find_document(source, DRAFTS, draft, "draft")?;
    let name = file_name(&from);
    let to = source
        .join(POSTS)
        .join(format!("{}-{name}", now.format("%Y-%m-%d")));
    let text = read(&from)?;
    move_with(&from, &to, &set_key(&text, "date", &compose_date(now)))
}

/// Moves a post (a path, or a name in `_posts/`) to `_drafts/` without the date
/// prefix of its name and without `date:`; returns the new path.
pub fn unpublish(source: &Path, post: &str) -> Result<PathBuf, AuthoringError> {
    let from = find_document(source, POSTS, post, "post")?;
    let name = file_name(&from);
    let undated = match date::split_post_filename(&name) {
        Ok(Some(parts)) => format!("{}{}", parts.slug, parts.ext),
        _ => name,
    };
    let to = source.join(DRAFTS).join(undated);
    let text = read(&from)?;
    move_with(&from, &to, &remove_key(&text, "date"))
}

/// jekyll-compose's date format.
fn compose_date(now: DateTime<FixedOffset>) -> String {
    now.format("%Y-%m-%d %H:%M %z").to_string()
}

/// The file `name` designates: a path to a file in a `folder` folder (`_drafts/`
/// for `publish`), as given or under `source`; else `name`, `name.md` or
/// `name.markdown` in `source/folder`. A path elsewhere is not taken: `publish notes`
/// must not move a `notes` file that happens to be in the current folder.
fn find_document(
    source: &Path,
    folder: &str,
    name: &str,
    what: &'static str,
) -> Result<PathBuf, AuthoringError> {
    let given = PathBuf::from(name);
    let in_folder = source.join(folder).join(name);
    let candidates = [
        given.clone(),
        source.join(&given),
        in_folder.clone(),
        in_folder.with_extension("md"),
        in_folder.with_extension("markdown"),
    ];
    let in_the_folder = |path: &PathBuf| {
        path.parent()
            .and_then(Path::file_name)
            .is_some_and(|parent| parent == folder)
    };
    candidates
        .into_iter()
        .find(|path| path.is_file() && in_the_folder(path))
        .ok_or_else(|| AuthoringError::NotFound {
            location: Location::file(in_folder),
            what,
        })
}

/// The file name of `path` as a string.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a file as text.
fn read(path: &Path) -> Result<String, AuthoringError> {
    std::fs::read_to_string(path).map_err(io_error("read", path))
}

/// The `layout` the `defaults:` of `source`'s `_config.yml` give the document at
/// `relative`, else jekyll-compose's `post`.
fn default_layout(source: &Path, relative: &str, kind: &str) -> Result<String, AuthoringError> {
    let Some(config_file) = ["_config.yml", "_config.yaml"]
        .iter()
        .map(|name| source.join(name))
        .find(|path| path.is_file())
    else {
        return Ok(DEFAULT_LAYOUT.to_string());
    };
    let text = read(&config_file)?;
    let site = crate::yaml::parse_mapping(&text)
        .map_err(|e| config::ConfigError::from(YamlFileError::in_file(&config_file, e)))?;
    let defaults = config::front_matter_defaults(&site, &Location::file(&config_file))?;
    let values = load::apply_defaults(&defaults, Map::new(), relative, kind);
    Ok(match values.get("layout") {
        Some(Value::String(layout)) => layout.clone(),
        _ => DEFAULT_LAYOUT.to_string(),
    })
}

/// One more than the parts of `series` in `_posts/` and `_drafts/` (names that
/// slugify alike are one series, as in `generate::series`): the larger of their count
/// and their highest `part:`.
fn next_series_part(source: &Path, series: &str) -> Result<u64, AuthoringError> {
    let wanted = url_slug(series);
    let mut count = 0;
    let mut highest = 0;
    for folder in [POSTS, DRAFTS] {
        for front_matter in front_matters(&source.join(folder))? {
            let name = match front_matter.get("series") {
                Some(Value::String(name)) => name.trim().to_string(),
                Some(Value::Number(number)) => number.to_string(),
                _ => continue,
            };
            if url_slug(&name) == wanted {
                count += 1;
                highest = highest.max(
                    front_matter
                        .get("part")
                        .and_then(Value::as_u64)
                        .unwrap_or(0),
                );
            }
        }
    }
    Ok(count.max(highest) + 1)
}

/// The front matter of every file directly in `folder` that has one readable.
fn front_matters(folder: &Path) -> Result<Vec<Map<String, Value>>, AuthoringError> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(Vec::new());
    };
    let mut all = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(split) = frontmatter::split(&text) {
            let (front_matter, _repeated_keys) =
                frontmatter::parse(&split).map_err(|e| AuthoringError::FrontMatter {
                    location: Location::at(&path, e.line, e.column),
                    message: e.message,
                })?;
            all.push(front_matter);
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_part_follows_the_highest_written_part_or_the_count() {
        let site = tempfile::tempdir().unwrap();
        let posts = site.path().join(POSTS);
        std::fs::create_dir_all(&posts).unwrap();
        let write = |name: &str, front_matter: &str| {
            std::fs::write(posts.join(name), format!("---\n{front_matter}\n---\n")).unwrap()
        };
        write("2020-01-01-a.md", "series: Cold Starts");
        write("2020-01-02-b.md", "series: cold-starts");
        write("2020-01-03-c.md", "series: other");
        assert_eq!(next_series_part(site.path(), "cold starts").unwrap(), 3);
        write("2020-01-04-d.md", "series: Cold Starts\npart: 7");
        assert_eq!(next_series_part(site.path(), "Cold Starts").unwrap(), 8);
        assert_eq!(next_series_part(site.path(), "new one").unwrap(), 1);
    }

    #[test]
    fn dates_are_written_as_jekyll_compose_writes_them() {
        let now = DateTime::parse_from_rfc3339("2024-05-06T07:08:09+02:00").unwrap();
        assert_eq!(compose_date(now), "2024-05-06 07:08 +0200");
    }
}
