//! A document (post, draft or page) as the content stage hands it on: front matter
//! merged with `defaults`, Jekyll's derived values (date, slug, title, categories,
//! tags, URL, output path) computed, the body still raw.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde_json::{Map, Value};

use crate::diagnostic::Warning;

/// Whether a document is a post (from `_posts/` or `_drafts/`), a page or a
/// document of another collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated document of the `posts` collection (drafts included).
    Post,
    /// A file with front matter anywhere outside `_` folders.
    Page,
    /// A document of a collection other than posts (`_docs/x.md`).
    Document,
}

/// Which layout wraps a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// `layout: NAME` (or a front-matter default).
    Named(String),
    /// No `layout` key: the theme's conventional one (`post`, `page`, `home`) when it
    /// exists, else `default` — what GitHub Pages' default-layout plugin does.
    Conventional(&'static str),
    /// `layout: null` or `layout: none`: the body alone.
    None,
}

/// One post, draft or page.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Post or page.
    pub kind: Kind,
    /// Read from `_drafts/`.
    pub draft: bool,
    /// The collection's label: `posts` for posts and drafts, `None` for pages.
    pub collection: Option<String>,
    /// The file, as it can be opened (and as errors name it).
    pub source_path: PathBuf,
    /// Path relative to the source folder, `/`-separated (Jekyll's `page.path`).
    pub relative_path: String,
    /// Front matter with `defaults` applied underneath the file's own values.
    pub front_matter: Map<String, Value>,
    /// The content after the front matter, untouched.
    pub body: String,
    /// 1-based line of the file where `body` starts (to map render errors back).
    pub body_line: usize,
    /// The date (posts always; pages only with a `date:` key), in the site's zone.
    pub date: Option<DateTime<FixedOffset>>,
    /// `title`, or for posts the file slug titleized as Jekyll does.
    pub title: String,
    /// `slug`, or the file slug.
    pub slug: String,
    /// Folder categories, then `categories`, then `category`, deduplicated.
    pub categories: Vec<String>,
    /// `tag`, or `tags` (list or whitespace-separated string).
    pub tags: Vec<String>,
    /// The URL, without `baseurl`, starting with `/`.
    pub url: String,
    /// Jekyll's `id` (posts: URL folder + slug; pages: the URL).
    pub id: String,
    /// Where the output goes, relative to the destination, `/`-separated.
    pub output_path: String,
    /// Converted from Markdown (by extension).
    pub is_markdown: bool,
    /// The layout that wraps it.
    pub layout: Layout,
    /// The raw source of the excerpt (before the separator, with the reference
    /// definitions it uses), or `None` when front matter sets `excerpt` or there is none.
    pub excerpt_source: Option<String>,
    /// `render_with_liquid` is not `false`.
    pub render_with_liquid: bool,
    /// What reading the file noticed (a repeated front-matter key, a permalink that
    /// climbed out of the destination), reported with the build's warnings.
    pub read_warnings: Vec<Warning>,
}

impl Document {
    /// A front-matter value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.front_matter.get(key)
    }

    /// The document as template data under Jekyll's names: its front matter plus the
    /// derived `title`, `url`, `id`, `path`, `name` (the file name), `slug`, `categories`, `tags`, `date` and,
    /// for posts, `collection` and `draft`. Later stages add what they render
    /// (`content`, `excerpt`, `toc`).
    pub fn page_value(&self) -> Map<String, Value> {
        let mut page = self.front_matter.clone();
        let strings =
            |items: &[String]| Value::Array(items.iter().cloned().map(Value::String).collect());
        page.insert("title".into(), Value::String(self.title.clone()));
        page.insert("url".into(), Value::String(self.url.clone()));
        page.insert("id".into(), Value::String(self.id.clone()));
        page.insert("path".into(), Value::String(self.relative_path.clone()));
        let name = self.relative_path.rsplit('/').next().unwrap_or_default();
        page.entry("name")
            .or_insert_with(|| Value::String(name.into()));
        page.insert("slug".into(), Value::String(self.slug.clone()));
        page.insert("categories".into(), strings(&self.categories));
        page.insert("tags".into(), strings(&self.tags));
        if let Some(date) = &self.date {
            page.insert("date".into(), Value::String(date_string(date)));
        }
        if let Some(label) = &self.collection {
            page.insert("collection".into(), Value::String(label.clone()));
        }
        if self.kind == Kind::Post {
            page.insert("draft".into(), Value::Bool(self.draft));
        }
        page
    }

    /// Whether the body is Sass (`.scss` or `.sass`), compiled to CSS after Liquid.
    pub fn is_sass(&self) -> bool {
        self.relative_path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| is_sass_extension(ext))
    }

    /// Whether the output is an HTML file (layouts and HTML-only features apply).
    pub fn is_html_output(&self) -> bool {
        self.output_path.ends_with(".html") || self.output_path.ends_with(".htm")
    }
}

/// Whether a file extension (without dot, any case) is one Jekyll's Sass converter
/// takes: such a page is written as `.css` and never placed in a layout.
pub fn is_sass_extension(ext: &str) -> bool {
    ext.eq_ignore_ascii_case("scss") || ext.eq_ignore_ascii_case("sass")
}

/// A file without front matter, copied byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticFile {
    /// The file, as it can be opened.
    pub source_path: PathBuf,
    /// Path relative to the source, `/`-separated; also its output path.
    pub relative_path: String,
    /// Modification time, for the sitemap and incremental rebuilds.
    pub modified: std::time::SystemTime,
}

/// How dates reach templates: RFC 3339 (`2017-10-15T00:00:00+00:00`), which every date
/// filter parses back.
pub fn date_string(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, false)
}
