//! Collections other than posts (Jekyll's `Collection` and `Document`): the files of
//! `[collections_dir/]_LABEL/`, documents when they have front matter and the
//! collection's static files otherwise, sorted by `order`, `sort_by` or date then path.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::date;
use super::document::{Document, Kind, Layout, StaticFile};
use super::load::{
    ContentError, Entry, EntryFilter, EntryKind, LoadContext, Loadable, Parsed, Site,
    categories_and_tags, is_special_or_backup, join_relative, layout_of, read_dir_sorted,
    split_extension, string_value, titleize_slug,
};
use super::posts::DocumentParts;
use crate::config::{CollectionSettings, Config};

/// One collection other than posts, as read.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Its settings from `collections:`.
    pub settings: CollectionSettings,
    /// Its folder relative to `collections_dir` (`_docs`), which starts its
    /// documents' `relative_path`.
    pub relative_directory: String,
    /// Its folder, as it can be opened (Liquid's `directory`).
    pub directory: PathBuf,
    /// The documents, in the collection's order.
    pub docs: Vec<Arc<Document>>,
    /// The files without front matter, by path.
    pub files: Vec<CollectionFile>,
    /// `future`: documents dated after the build are written too (else they are only
    /// listed, as Jekyll's publisher does).
    pub writes_future: bool,
}

/// A static file of a collection: copied to its URL when the collection is written.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionFile {
    /// The file.
    pub file: StaticFile,
    /// Its URL, from the collection's permalink (Jekyll's `StaticFile#url`).
    pub url: String,
}

impl CollectionFile {
    /// Where it is written, relative to the destination.
    pub fn output_path(&self) -> String {
        self.url.trim_start_matches('/').to_string()
    }
}

impl Site {
    /// The documents of the collections whose `output` is true (posts aside), but
    /// those dated after the build unless `future`: rendered and written like pages.
    pub fn written_documents(&self) -> impl Iterator<Item = &Arc<Document>> {
        self.collections
            .iter()
            .filter(|c| c.settings.output)
            .flat_map(move |c| {
                let due = move |d: &&Arc<Document>| d.date.is_none_or(|date| date <= self.time);
                c.docs.iter().filter(move |d| c.writes_future || due(d))
            })
    }

    /// The static files of the collections whose `output` is true.
    pub fn written_collection_files(&self) -> impl Iterator<Item = &CollectionFile> {
        self.collections
            .iter()
            .filter(|c| c.settings.output)
            .flat_map(|c| &c.files)
    }
}

/// The collections of `config` other than posts, empty, in configuration order.
pub fn empty_collections(config: &Config) -> Vec<Collection> {
    config
        .collections
        .iter()
        .filter(|settings| !settings.is_posts())
        .map(|settings| Collection {
            directory: config.source.join(settings.folder(&config.collections_dir)),
            relative_directory: settings.relative_directory(),
            settings: settings.clone(),
            docs: Vec::new(),
            files: Vec::new(),
            writes_future: config.future,
        })
        .collect()
}

/// The collection whose folder is `relative` (source-relative), if any.
pub(super) fn collection_at<'c>(
    config: &'c Config,
    relative: &str,
) -> Option<&'c CollectionSettings> {
    config
        .collections
        .iter()
        .filter(|settings| !settings.is_posts())
        .find(|settings| settings.folder(&config.collections_dir) == relative)
}

/// Where posts of the `_posts` or `_drafts` folder inside `parent` (source-relative)
/// are read, as (their `relative_path` prefix, how many folder categories the
/// `collections_dir` takes up); `None` when `collections_dir` is set and the folder
/// lies outside it (Jekyll then reads no posts there).
pub(super) fn posts_folder<'p>(config: &Config, parent: &'p str) -> Option<(&'p str, usize)> {
    let dir = config.collections_dir.as_str();
    if dir.is_empty() {
        return Some((parent, 0));
    }
    let inside = parent
        .strip_prefix(dir)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
    Some((inside.trim_start_matches('/'), dir.split('/').count()))
}

/// Every file under a collection folder, at any depth, as [`Entry::Collection`].
pub(super) fn collect_entries(
    dir: &Path,
    relative: &str,
    label: &str,
    filter: &EntryFilter,
    out: &mut Vec<Entry>,
) -> Result<(), ContentError> {
    for (name, path, kind) in read_dir_sorted(dir, filter)? {
        let child_relative = join_relative(relative, &name);
        if is_special_or_backup(&name) || filter.excluded(&child_relative) {
            continue;
        }
        match kind {
            EntryKind::Dir => collect_entries(&path, &child_relative, label, filter, out)?,
            EntryKind::File => out.push(Entry::Collection {
                path,
                relative: child_relative,
                label: label.to_string(),
            }),
            EntryKind::Other => {}
        }
    }
    Ok(())
}

/// Puts a document read into its collection.
pub(super) fn place_document(collections: &mut [Collection], doc: Arc<Document>) {
    let label = doc.collection.as_deref().unwrap_or_default();
    if let Some(collection) = collections.iter_mut().find(|c| c.settings.label == label) {
        collection.docs.push(doc);
    }
}

/// Puts a static file read into its collection.
pub(super) fn place_file(collections: &mut [Collection], label: &str, file: CollectionFile) {
    if let Some(collection) = collections.iter_mut().find(|c| c.settings.label == label) {
        collection.files.push(file);
    }
}

impl Collection {
    /// Jekyll's `sort_docs!`: `order` (listed files first), else `sort_by` (documents
    /// without the key last), else date then path.
    pub(super) fn sort(&mut self) {
        self.docs.sort_by(|a, b| by_date_then_path(a, b));
        self.files
            .sort_by(|a, b| a.file.relative_path.cmp(&b.file.relative_path));
        if let Some(order) = &self.settings.order {
            let mut rest = std::mem::take(&mut self.docs);
            for entry in order {
                let wanted = join_relative(&self.relative_directory, entry);
                if let Some(i) = rest.iter().position(|d| d.relative_path == wanted) {
                    self.docs.push(rest.remove(i));
                }
            }
            self.docs.extend(rest);
        } else if let Some(key) = &self.settings.sort_by {
            let (mut keyed, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.docs)
                .into_iter()
                .partition(|d| d.get(key).is_some_and(|v| !v.is_null() && *v != false));
            keyed.sort_by(|a, b| {
                compare_values(&a.front_matter[key], &b.front_matter[key])
                    .then_with(|| by_date_then_path(a, b))
            });
            self.docs = keyed;
            self.docs.extend(rest);
        }
    }
}

fn by_date_then_path(a: &Document, b: &Document) -> Ordering {
    a.date
        .cmp(&b.date)
        .then_with(|| a.relative_path.cmp(&b.relative_path))
}

/// Ruby's `<=>` on two front-matter values, as far as it is defined: numbers by value,
/// text by bytes; values that do not compare are equal (the date and path decide).
fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

impl LoadContext<'_> {
    /// Reads one file of the collection `label`: a document when it has front matter,
    /// else one of the collection's static files.
    pub(super) fn read_collection_entry(
        &self,
        path: PathBuf,
        relative: String,
        label: String,
    ) -> Result<Option<Loadable>, ContentError> {
        let Some(settings) = self.config.collections.iter().find(|c| c.label == label) else {
            return Ok(None);
        };
        let in_collection = relative
            .strip_prefix(&settings.relative_directory())
            .unwrap_or(&relative)
            .to_string();
        if let Some(file) = self.static_file(&path, &relative)? {
            let template = settings.url_template(&self.config.permalink_style);
            let url = static_file_url(&template, &label, &in_collection);
            return Ok(Some(Loadable::CollectionFile { label, file, url }));
        }
        self.read_collection_document(path, relative, &in_collection, settings)
    }

    fn read_collection_document(
        &self,
        path: PathBuf,
        relative: String,
        in_collection: &str,
        settings: &CollectionSettings,
    ) -> Result<Option<Loadable>, ContentError> {
        let text = self.read_text(&path)?;
        let parsed = Parsed::new(&text, &path, self.config.strict_front_matter)?;
        let front_matter =
            self.with_defaults(parsed.front_matter.clone(), &relative, &settings.label);
        if !self.published(&front_matter) {
            return Ok(None);
        }
        let file_name = in_collection.rsplit('/').next().unwrap_or(in_collection);
        let (stem, ext) = split_extension(file_name);
        let dated = date::split_post_filename(file_name).ok().flatten();
        let file_slug = dated
            .as_ref()
            .map_or_else(|| stem.to_string(), |d| d.slug.clone());
        let date = match front_matter.get("date") {
            Some(value) if !value.is_null() => self.parse_date(value, &parsed, &path)?,
            _ => match &dated {
                Some(d) => date::at_midnight(d.date, self.zone),
                None => self.time,
            },
        };
        let slug = string_value(front_matter.get("slug")).unwrap_or_else(|| file_slug.clone());
        let title =
            string_value(front_matter.get("title")).unwrap_or_else(|| titleize_slug(&file_slug));
        // Unlike posts, sub-folders of a collection add no categories (Jekyll 4.3).
        let (categories, tags) = categories_and_tags(Vec::new(), &front_matter);
        let is_markdown = self.config.is_markdown_ext(ext.trim_start_matches('.'));
        let output_ext = if is_markdown { ".html" } else { ext };
        let cleaned_path = in_collection
            .strip_suffix(ext)
            .unwrap_or(in_collection)
            .trim_end_matches('.');
        let template = string_value(front_matter.get("permalink"))
            .unwrap_or_else(|| settings.url_template(&self.config.permalink_style));
        let is_html = output_ext == ".html" || output_ext == ".htm";
        self.document(DocumentParts {
            kind: Kind::Document,
            collection: settings.label.clone(),
            draft: false,
            layout: match layout_of(&front_matter, "page") {
                Layout::Conventional(_) if !is_html => Layout::None,
                layout => layout,
            },
            template,
            basename: stem,
            path_without_ext: cleaned_path,
            output_ext,
            is_markdown,
            date,
            title,
            slug,
            tags,
            categories,
            path,
            relative,
            parsed: &parsed,
            front_matter,
        })
    }
}

/// Jekyll's `StaticFile#url` in a collection: the collection's template with `:path`
/// the file's path without extension and no output extension; the file's own
/// extension then ends the URL.
fn static_file_url(template: &str, label: &str, in_collection: &str) -> String {
    let file_name = in_collection.rsplit('/').next().unwrap_or(in_collection);
    let (stem, ext) = split_extension(file_name);
    let path = in_collection.strip_suffix(ext).unwrap_or(in_collection);
    let mut url = template
        .replace(":collection", label)
        .replace(":path", path)
        .replace(":name", stem)
        .replace(":title", "")
        .replace(":output_ext", "");
    while url.contains("//") {
        url = url.replace("//", "/");
    }
    let mut url = url.trim_end_matches('/').to_string();
    if !url.starts_with('/') {
        url.insert(0, '/');
    }
    url + ext
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_keep_their_extension_under_the_template() {
        assert_eq!(
            static_file_url("/manual/:path/", "docs", "/guide/diagram.txt"),
            "/manual/guide/diagram.txt"
        );
        assert_eq!(
            static_file_url("/:collection/:path:output_ext", "docs", "/a.png"),
            "/docs/a.png"
        );
    }

    #[test]
    fn sort_by_compares_numbers_by_value() {
        assert_eq!(
            compare_values(&serde_json::json!(2), &serde_json::json!(10)),
            Ordering::Less
        );
        assert_eq!(
            compare_values(&serde_json::json!("b"), &serde_json::json!("a")),
            Ordering::Greater
        );
    }
}
