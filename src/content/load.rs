//! Reading a Jekyll source folder into a [`Site`]: the folder walked ([`super::walk`]),
//! then each file read by its kind (pages and static files here; posts and drafts in
//! [`super::posts`], which also finishes every collection's documents; other
//! collections in [`super::collections`]), with every value Jekyll derives from it
//! (front-matter defaults in [`super::defaults`]), then the site assembled.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use rayon::prelude::*;
use serde_json::{Map, Value};
use thiserror::Error;

use super::collections::{self, Collection};
use super::date::{self, Zone};
use super::document::{self, Document, Kind, Layout, StaticFile};
use super::excerpt;
use super::frontmatter::{self, Split};
use super::permalink::{self, PageUrlParts};
use crate::config::Config;
use crate::diagnostic::{Located, Location, Warning};
use crate::yaml::RepeatedKey;

pub use super::defaults::apply_defaults;
pub use super::walk::Entry;
pub(super) use super::walk::{
    EntryFilter, EntryKind, is_special_or_backup, join_relative, read_dir_sorted, walk,
};

/// Everything the source folder holds, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Published posts (and drafts with `--drafts`), oldest first (Jekyll's collection
    /// order). Shared with what read them, so assembling a site copies no document.
    pub posts: Vec<Arc<Document>>,
    /// Pages, in Jekyll's `site.pages` order (by file name, then walk order).
    pub pages: Vec<Arc<Document>>,
    /// Files copied as they are.
    pub static_files: Vec<StaticFile>,
    /// The collections other than posts, in configuration order.
    pub collections: Vec<Collection>,
    /// `_data`, as `site.data`.
    pub data: Value,
    /// When the build started, in the site's zone (`site.time`).
    pub time: DateTime<FixedOffset>,
}

/// Why the source could not be read.
#[derive(Debug, Error)]
pub enum ContentError {
    /// A file or folder could not be read.
    #[error("cannot read: {source}")]
    Read {
        /// Where.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Front matter (or a data file) is not valid YAML, JSON or CSV.
    #[error("{what}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// "invalid front matter", "invalid data file"…
        what: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A front-matter or configuration value Jekyll would refuse.
    #[error("`{key}`: {message}")]
    Value {
        /// Where.
        location: Location,
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
}

impl Located for ContentError {
    fn location(&self) -> Option<&Location> {
        match self {
            ContentError::Read { location, .. }
            | ContentError::Syntax { location, .. }
            | ContentError::Value { location, .. } => Some(location),
        }
    }
}

/// The site's content and what was noticed while reading it.
#[derive(Debug)]
pub struct Loaded {
    /// The content.
    pub site: Site,
    /// Things worth telling the author.
    pub warnings: Vec<Warning>,
}

/// What one entry turned out to be (nothing, for an unpublished or future document or
/// a file in `_posts` not named like a post).
#[derive(Debug, Clone)]
pub enum Loadable {
    /// A post, draft or page (shared: a rebuild's cache keeps it).
    Document(Arc<Document>),
    /// A file copied as it is.
    Static(StaticFile),
    /// A file of a collection without front matter.
    CollectionFile {
        /// The collection's label.
        label: String,
        /// The file.
        file: StaticFile,
        /// Its URL under the collection's permalink.
        url: String,
    },
}

/// The source folder walked, ready to be read file by file: [`load`] in steps, so a
/// cache of earlier reads can sit between them (each [`Listing::read`] depends only on
/// its file, the configuration and the build time).
pub struct Listing<'a> {
    /// Every file to read, in walk order.
    pub entries: Vec<Entry>,
    /// Warnings for the symlinks the walk did not follow.
    refused: Vec<Warning>,
    reader: LoadContext<'a>,
}

impl<'a> Listing<'a> {
    /// Walks the source folder of `config`; `now` is the build time (`site.time`, and
    /// what makes a post "future").
    pub fn new(config: &'a Config, now: DateTime<Utc>) -> Result<Listing<'a>, ContentError> {
        let zone = Zone::of(config.timezone);
        let time = in_zone(now, zone);
        let filter = EntryFilter::new(config);
        let mut entries = Vec::new();
        walk(&config.source, "", &filter, &mut Vec::new(), &mut entries)?;
        let mut refused = (filter.refused.into_inner()).unwrap_or_else(|e| e.into_inner());
        super::theme_files::add_assets(config, &mut entries, &mut refused);
        Ok(Listing {
            entries,
            refused,
            reader: LoadContext { config, zone, time },
        })
    }

    /// Pages in `site.pages`' order, as Jekyll's reader sorts them: by file name, those
    /// of the same name (`index.md`…) in walk order (Ruby's sort is stable here).
    fn sort_pages(&self, pages: &mut [Arc<Document>]) {
        let walk_order: HashMap<&str, usize> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(rank, entry)| match entry {
                Entry::Other { relative, .. } => Some((relative.as_str(), rank)),
                _ => None,
            })
            .collect();
        pages.sort_by_cached_key(|page| {
            let path = page.relative_path.as_str();
            let name = path.rsplit('/').next().unwrap_or(path).to_string();
            (name, walk_order.get(path).copied().unwrap_or(usize::MAX))
        });
    }

    /// Reads one entry of [`Listing::entries`].
    pub fn read(&self, entry: &Entry) -> Result<Option<Loadable>, ContentError> {
        self.reader.read(entry.clone())
    }

    /// The site from what the entries turned out to be (in any order) and `_data`:
    /// posts by date, pages and static files by path.
    pub fn assemble(
        &self,
        loaded: impl IntoIterator<Item = Loadable>,
    ) -> Result<Loaded, ContentError> {
        let mut posts = Vec::new();
        let mut pages = Vec::new();
        let mut static_files = Vec::new();
        let mut collections = collections::empty_collections(self.reader.config);
        let mut warnings = self.refused.clone();
        for item in loaded {
            if let Loadable::Document(doc) = &item {
                warnings.extend(doc.read_warnings.iter().cloned());
            }
            match item {
                Loadable::Document(doc) if doc.kind == Kind::Post => posts.push(doc),
                Loadable::Document(doc) if doc.kind == Kind::Page => pages.push(doc),
                Loadable::Document(doc) => collections::place_document(&mut collections, doc),
                Loadable::CollectionFile { label, file, url } => {
                    let item = collections::CollectionFile { file, url };
                    collections::place_file(&mut collections, &label, item);
                }
                Loadable::Static(file) => static_files.push(file),
            }
        }
        for collection in &mut collections {
            collection.sort();
        }
        posts.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.relative_path.cmp(&b.relative_path))
        });
        self.sort_pages(&mut pages);
        static_files.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
        super::optional_pages::add(&self.reader, &mut pages, &mut static_files)?;
        let written = (collections.iter_mut())
            .filter(|c| c.settings.output)
            .flat_map(|c| c.docs.iter_mut());
        super::plugin_generators::apply(&self.reader, &mut pages, &mut posts, written);

        let data = super::data::load(&self.reader.config.source.join("_data"), &mut warnings)?;
        let data = super::theme_files::data_over_theme(self.reader.config, data, &mut warnings)?;
        Ok(Loaded {
            site: Site {
                posts,
                pages,
                static_files,
                collections,
                data,
                time: self.reader.time,
            },
            warnings,
        })
    }
}

/// Reads the source folder described by `config`, as of `now` (the build time).
pub fn load(config: &Config, now: DateTime<Utc>) -> Result<Loaded, ContentError> {
    let listing = Listing::new(config, now)?;
    let results: Vec<Option<Loadable>> = listing
        .entries
        .par_iter()
        .map(|entry| listing.read(entry))
        .collect::<Result<_, _>>()?;
    listing.assemble(results.into_iter().flatten())
}

/// `now` in the site's zone.
fn in_zone(now: DateTime<Utc>, zone: Zone) -> DateTime<FixedOffset> {
    match zone {
        Zone::Local => now.with_timezone(&chrono::Local).fixed_offset(),
        Zone::Named(tz) => now.with_timezone(&tz).fixed_offset(),
    }
}

/// What reading one file needs.
pub(super) struct LoadContext<'a> {
    pub(super) config: &'a Config,
    pub(super) zone: Zone,
    pub(super) time: DateTime<FixedOffset>,
}

impl LoadContext<'_> {
    fn read(&self, entry: Entry) -> Result<Option<Loadable>, ContentError> {
        match entry {
            Entry::Post {
                path,
                relative,
                categories,
            } => self.read_post(path, relative, categories, false),
            Entry::Draft {
                path,
                relative,
                categories,
            } => self.read_post(path, relative, categories, true),
            Entry::Collection {
                path,
                relative,
                label,
            } => self.read_collection_entry(path, relative, label),
            Entry::Other { path, relative } => self.read_other(path, relative),
        }
    }

    pub(super) fn read_text(&self, path: &Path) -> Result<String, ContentError> {
        let bytes = std::fs::read(path).map_err(|e| ContentError::Read {
            location: Location::file(path),
            source: e,
        })?;
        String::from_utf8(bytes).map_err(|e| {
            let (line, column) = crate::fs_guard::utf8_position(e.as_bytes(), e.utf8_error());
            ContentError::Syntax {
                location: Location::at(path, line, column),
                what: "not UTF-8 text",
                message: "an invalid byte (the file must be UTF-8)".to_string(),
            }
        })
    }

    /// The file as a static file when it has no front matter (Jekyll's
    /// `has_yaml_header?` decides between a page or document and a static file).
    pub(super) fn static_file(
        &self,
        path: &Path,
        relative: &str,
    ) -> Result<Option<StaticFile>, ContentError> {
        let mut head = [0u8; 64];
        let read = {
            use std::io::Read;
            let mut file = std::fs::File::open(path).map_err(|e| ContentError::Read {
                location: Location::file(path),
                source: e,
            })?;
            file.read(&mut head).map_err(|e| ContentError::Read {
                location: Location::file(path),
                source: e,
            })?
        };
        if frontmatter::has_front_matter(&head[..read]) {
            return Ok(None);
        }
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        Ok(Some(StaticFile {
            source_path: path.to_path_buf(),
            relative_path: relative.to_string(),
            modified,
        }))
    }

    fn read_other(
        &self,
        path: PathBuf,
        relative: String,
    ) -> Result<Option<Loadable>, ContentError> {
        if let Some(file) = self.static_file(&path, &relative)? {
            return Ok(Some(Loadable::Static(file)));
        }
        self.read_page(path, relative, Map::new())
    }

    /// The file as a page (with or without front matter), `set` over its front
    /// matter and defaults (what a plugin sets in `page.data`); `None` when unpublished.
    pub(super) fn read_page(
        &self,
        path: PathBuf,
        relative: String,
        set: Map<String, Value>,
    ) -> Result<Option<Loadable>, ContentError> {
        let text = self.read_text(&path)?;
        let parsed = Parsed::new(&text, &path, self.config.strict_front_matter)?;
        let mut front_matter = self.with_defaults(parsed.front_matter.clone(), &relative, "pages");
        front_matter.extend(set);
        if !self.published(&front_matter) {
            return Ok(None);
        }
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (basename, ext) = split_extension(&file_name);
        // Jekyll's `Page#process` drops trailing dots: `a...md` is `a.html`.
        let basename = basename.trim_end_matches('.');
        let is_markdown = self.config.is_markdown_ext(ext.trim_start_matches('.'));
        let is_sass = document::is_sass_extension(ext.trim_start_matches('.'));
        let permalink_override = string_value(front_matter.get("permalink"));
        // Jekyll's `Renderer#output_ext`: an extension the permalink itself ends with
        // wins over the converter's (`/icons.svg` for `icons.liquid`).
        let output_ext = match (
            permalink_override
                .as_deref()
                .and_then(permalink::permalink_ext),
            is_markdown,
            is_sass,
        ) {
            (Some(ext), ..) => ext,
            (None, true, _) => ".html",
            (None, _, true) => ".css",
            _ => ext,
        };
        let dir = relative.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let url = permalink::page_url(
            &self.config.permalink_style,
            permalink_override.as_deref(),
            &PageUrlParts {
                dir,
                basename,
                output_ext,
            },
        );
        let mut read_warnings = parsed.warnings.clone();
        let output_path =
            self.output_path(&url, output_ext, true, &parsed, &path, &mut read_warnings)?;
        let date = match front_matter.get("date") {
            Some(value) if !value.is_null() => Some(self.parse_date(value, &parsed, &path)?),
            _ => None,
        };
        let title = string_value(front_matter.get("title")).unwrap_or_default();
        let conventional = if basename == "index" { "home" } else { "page" };
        let is_html = output_ext == ".html" || output_ext == ".htm";
        Ok(Some(Loadable::Document(Arc::new(Document {
            kind: Kind::Page,
            collection: None,
            draft: false,
            excerpt_source: None,
            render_with_liquid: front_matter.get("render_with_liquid") != Some(&Value::Bool(false)),
            layout: match layout_of(&front_matter, conventional) {
                Layout::Conventional(_) if !is_html => Layout::None,
                // Jekyll never places an asset (Sass) in a layout.
                _ if is_sass => Layout::None,
                layout => layout,
            },
            source_path: path.clone(),
            slug: string_value(front_matter.get("slug")).unwrap_or_else(|| basename.to_string()),
            relative_path: relative,
            body: parsed.body.to_string(),
            body_line: parsed.body_line,
            date,
            title,
            categories: split_list(front_matter.get("categories")),
            tags: split_list(front_matter.get("tags")),
            id: url.clone(),
            url,
            output_path,
            is_markdown,
            front_matter,
            read_warnings,
        }))))
    }

    /// The permalink template for posts: `collections.posts.permalink`, else the site's.
    pub(super) fn posts_permalink(&self) -> String {
        self.config
            .site
            .get("collections")
            .and_then(|c| c.get("posts"))
            .and_then(|p| p.get("permalink"))
            .and_then(Value::as_str)
            .map(permalink::expand_style)
            .unwrap_or_else(|| self.config.permalink.clone())
    }

    /// The part of `body` a document's excerpt is made from: up to its
    /// `excerpt_separator` (or the site's), unless front matter sets `excerpt`.
    pub(super) fn excerpt_source(
        &self,
        front_matter: &Map<String, Value>,
        body: &str,
    ) -> Option<String> {
        let separator = string_value(front_matter.get("excerpt_separator"))
            .unwrap_or_else(|| self.config.excerpt_separator.clone());
        (!front_matter.contains_key("excerpt"))
            .then(|| excerpt::source(body, &separator))
            .flatten()
    }

    pub(super) fn published(&self, front_matter: &Map<String, Value>) -> bool {
        self.config.unpublished || front_matter.get("published") != Some(&Value::Bool(false))
    }

    /// Applies `defaults` to a document of this site (see [`apply_defaults`]).
    pub(super) fn with_defaults(
        &self,
        own: Map<String, Value>,
        relative: &str,
        kind: &str,
    ) -> Map<String, Value> {
        apply_defaults(&self.config.defaults, own, relative, kind)
    }

    pub(super) fn parse_date(
        &self,
        value: &Value,
        parsed: &Parsed,
        path: &Path,
    ) -> Result<DateTime<FixedOffset>, ContentError> {
        let mut text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if parsed.is_unquoted_yaml_timestamp("date", &text) {
            // Ruby's YAML reads an unquoted `2024-03-06 23:30:00` (seconds, no zone) as
            // a UTC time before Jekyll sees it; a quoted one is local time.
            text.push_str(" UTC");
        }
        date::parse_date(&text, self.zone).map_err(|e| ContentError::Value {
            location: Location::at(path, parsed.key_line("date"), 0),
            key: "date".into(),
            message: e.to_string(),
        })
    }

    pub(super) fn modification_date(
        &self,
        path: &Path,
    ) -> Result<DateTime<FixedOffset>, ContentError> {
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map_err(|e| ContentError::Read {
                location: Location::file(path),
                source: e,
            })?;
        Ok(in_zone(modified.into(), self.zone))
    }

    /// The file `url` is written to. A URL that climbs above the destination is kept
    /// inside it, as Jekyll does, with a warning; one that cannot be a path is an error.
    pub(super) fn output_path(
        &self,
        url: &str,
        output_ext: &str,
        is_page: bool,
        parsed: &Parsed,
        path: &Path,
        warnings: &mut Vec<Warning>,
    ) -> Result<String, ContentError> {
        let placed = permalink::output_path(url, output_ext, is_page).ok_or_else(|| {
            self.permalink_error(
                format!("`{url}` cannot be written as a file in the destination"),
                parsed,
                path,
            )
        })?;
        if placed.climbed_out {
            warnings.push(Warning {
                location: Location::at(path, parsed.key_line("permalink"), 0),
                message: format!(
                    "the URL `{url}` climbs above the destination; written as `{}` inside it",
                    placed.path
                ),
            });
        }
        Ok(placed.path)
    }

    pub(super) fn permalink_error(
        &self,
        message: String,
        parsed: &Parsed,
        path: &Path,
    ) -> ContentError {
        let line = parsed.key_line("permalink");
        ContentError::Value {
            location: Location::at(path, line, 0),
            key: "permalink".into(),
            message,
        }
    }
}

/// A file's front matter and body, with line numbers for errors.
pub(super) struct Parsed<'a> {
    pub(super) front_matter: Map<String, Value>,
    /// Repeated keys.
    pub(super) warnings: Vec<Warning>,
    pub(super) body: &'a str,
    pub(super) body_line: usize,
    /// The front matter failed to parse (and was read as none): Jekyll then skips what
    /// it derives after reading (`read_post_data`).
    pub(super) invalid: bool,
    split: Option<Split<'a>>,
}

impl<'a> Parsed<'a> {
    /// Splits and parses `text`. Invalid front matter fails only when `strict` (Jekyll's
    /// `strict_front_matter`); else, as Jekyll does, the file is read without it, with a
    /// warning at the error's line.
    pub(super) fn new(
        text: &'a str,
        path: &Path,
        strict: bool,
    ) -> Result<Parsed<'a>, ContentError> {
        match frontmatter::split(text) {
            Some(split) => {
                let (front_matter, warnings, invalid) = match frontmatter::parse(&split) {
                    Ok((front_matter, repeated)) => {
                        (front_matter, repeated_key_warnings(path, repeated), false)
                    }
                    Err(e) if strict => {
                        return Err(ContentError::Syntax {
                            location: Location::at(path, e.line, e.column),
                            what: "invalid front matter",
                            message: e.message,
                        });
                    }
                    Err(e) => {
                        let warning = Warning {
                            location: Location::at(path, e.line, e.column),
                            message: format!(
                                "invalid front matter, read as none (as Jekyll does unless `strict_front_matter`): {}",
                                e.message
                            ),
                        };
                        (Map::new(), vec![warning], true)
                    }
                };
                Ok(Parsed {
                    front_matter,
                    warnings,
                    body: split.body,
                    body_line: split.body_line,
                    invalid,
                    split: Some(split),
                })
            }
            None => Ok(Parsed {
                front_matter: Map::new(),
                warnings: Vec::new(),
                body: text,
                body_line: 1,
                invalid: false,
                split: None,
            }),
        }
    }

    /// Whether `key` is written unquoted as a YAML 1.1 timestamp with a time and no
    /// zone (`2024-03-06 23:30:00`), which Ruby's YAML parses as UTC.
    fn is_unquoted_yaml_timestamp(&self, key: &str, value: &str) -> bool {
        static TIMESTAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"^\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?$")
                .unwrap()
        });
        let Some(split) = &self.split else {
            return false;
        };
        let written = split.yaml.lines().find_map(|l| {
            l.strip_prefix(key)
                .and_then(|r| r.trim_start().strip_prefix(':'))
        });
        written.is_some_and(|w| {
            let w = w.trim();
            !w.starts_with(['"', '\'']) && TIMESTAMP.is_match(value)
        })
    }

    fn key_line(&self, key: &str) -> usize {
        self.split
            .as_ref()
            .and_then(|s| frontmatter::key_line(s, key))
            .unwrap_or(0)
    }
}

/// One warning per repeated YAML key of the file at `path`.
pub fn repeated_key_warnings(path: &Path, repeated: Vec<RepeatedKey>) -> Vec<Warning> {
    repeated
        .into_iter()
        .map(|repeat| Warning {
            location: Location::at(path, repeat.line, 0),
            message: format!("`{}` is given twice; the last value wins", repeat.key),
        })
        .collect()
}

/// `layout:` as Jekyll reads it: absent → the conventional layout, `null`/`none` → no layout.
pub(super) fn layout_of(front_matter: &Map<String, Value>, conventional: &'static str) -> Layout {
    match front_matter.get("layout") {
        None => Layout::Conventional(conventional),
        Some(Value::Null) => Layout::None,
        Some(Value::String(s)) if s == "none" || s == "null" || s.is_empty() => Layout::None,
        Some(value) => Layout::Named(string_value(Some(value)).unwrap_or_default()),
    }
}

/// A scalar as Ruby's `to_s` shows it; `None` for null, lists and mappings.
pub(super) fn string_value(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `categories`/`tags`: a list (items stringified), or a string split on whitespace.
pub(super) fn split_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| string_value(Some(v))).collect(),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
        Some(other) => string_value(Some(other)).into_iter().collect(),
        None => Vec::new(),
    }
}

/// A document's categories (`folder_categories`, then `categories`, then `category`)
/// and tags (`tag`, else `tags`), each without repeats, as Jekyll's
/// `populate_categories`/`populate_tags` read them: a string under the singular key is
/// not split (`tag: one tag`), a list under it is taken item by item (`category: [A, B]`).
pub(super) fn categories_and_tags(
    mut folder_categories: Vec<String>,
    front_matter: &Map<String, Value>,
) -> (Vec<String>, Vec<String>) {
    folder_categories.extend(split_list(front_matter.get("categories")));
    folder_categories.extend(pluralized(front_matter, "category", "categories"));
    dedup_in_order(&mut folder_categories);
    let mut tags = pluralized(front_matter, "tag", "tags");
    dedup_in_order(&mut tags);
    (folder_categories, tags)
}

/// Jekyll's `Utils.pluralized_array_from_hash`: the singular key's value (a scalar
/// whole, a list item by item) unless it is missing, null or false; else the plural
/// key's, split on whitespace when it is a string.
fn pluralized(front_matter: &Map<String, Value>, singular: &str, plural: &str) -> Vec<String> {
    match front_matter.get(singular) {
        None | Some(Value::Null | Value::Bool(false)) => split_list(front_matter.get(plural)),
        Some(Value::Array(items)) => items.iter().filter_map(|v| string_value(Some(v))).collect(),
        Some(value) => string_value(Some(value)).into_iter().collect(),
    }
}

pub(super) fn dedup_in_order(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// Jekyll's `Utils.titleize_slug`: split on `-`, capitalize each word (Ruby's
/// `capitalize` lowercases the rest), join with spaces.
pub fn titleize_slug(slug: &str) -> String {
    slug.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// `name.ext` → (`name`, `.ext`); a name without a dot has an empty extension.
pub(super) fn split_extension(file_name: &str) -> (&str, &str) {
    match file_name.rfind('.') {
        Some(0) | None => (file_name, ""),
        Some(i) => (&file_name[..i], &file_name[i..]),
    }
}

/// `File.dirname` of a URL path: `/a/b/c.html` → `/a/b`, `/a/b/` → `/a`, `/x` → `/`.
pub(super) fn url_dirname(url: &str) -> &str {
    let trimmed = url.trim_end_matches('/');
    match trimmed.rfind('/') {
        Some(0) | None => "",
        Some(i) => &trimmed[..i],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titleize_matches_jekyll() {
        assert_eq!(titleize_slug("Rust-1.17"), "Rust 1.17");
        assert_eq!(titleize_slug("welcome-to-JEKYLL"), "Welcome To Jekyll");
        assert_eq!(titleize_slug("1.0-Timeline"), "1.0 Timeline");
    }

    #[test]
    fn categories_and_tags_follow_the_string_and_list_rules() {
        assert_eq!(
            split_list(Some(&Value::String("Alpha Beta".into()))),
            ["Alpha", "Beta"]
        );
        assert_eq!(
            split_list(Some(&serde_json::json!(["a b", 2]))),
            ["a b", "2"]
        );
        assert!(split_list(None).is_empty());
    }

    #[test]
    fn layout_rules() {
        let fm = |yaml: &str| crate::yaml::parse_mapping(yaml).unwrap();
        assert_eq!(
            layout_of(&fm("layout: post"), "page"),
            Layout::Named("post".into())
        );
        assert_eq!(layout_of(&fm("layout: null"), "page"), Layout::None);
        assert_eq!(layout_of(&fm("layout: none"), "page"), Layout::None);
        assert_eq!(
            layout_of(&fm("title: x"), "page"),
            Layout::Conventional("page")
        );
    }

    #[test]
    fn url_dirname_is_files() {
        assert_eq!(url_dirname("/2014/09/15/Rust.html"), "/2014/09/15");
        assert_eq!(url_dirname("/serverless/concepts/"), "/serverless");
        assert_eq!(url_dirname("/x"), "");
    }
}
