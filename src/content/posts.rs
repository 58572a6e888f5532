//! Reading posts and drafts, and what they share with every collection's documents:
//! the front matter read, the date, slug, title and terms derived, then the URL,
//! output path and excerpt ([`LoadContext::document`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::date;
use super::document::{Document, Kind, Layout};
use super::load::{
    ContentError, LoadContext, Loadable, Parsed, categories_and_tags, layout_of, split_extension,
    string_value, titleize_slug, url_dirname,
};
use super::permalink::{self, DocumentUrlParts};
use crate::diagnostic::Location;

/// What a post or a collection document is made of before its URL is known.
pub(super) struct DocumentParts<'a> {
    pub(super) kind: Kind,
    pub(super) collection: String,
    pub(super) draft: bool,
    pub(super) layout: Layout,
    /// The permalink template (front matter's, else the collection's).
    pub(super) template: String,
    /// The file name without extension (`:name`).
    pub(super) basename: &'a str,
    /// The path inside the collection without extension (`:path`).
    pub(super) path_without_ext: &'a str,
    pub(super) output_ext: &'a str,
    pub(super) is_markdown: bool,
    pub(super) date: DateTime<FixedOffset>,
    pub(super) title: String,
    pub(super) slug: String,
    pub(super) categories: Vec<String>,
    pub(super) tags: Vec<String>,
    pub(super) path: PathBuf,
    pub(super) relative: String,
    pub(super) parsed: &'a Parsed<'a>,
    pub(super) front_matter: Map<String, Value>,
}

impl LoadContext<'_> {
    /// Reads a post (or, with `draft`, a draft); `None` for a file Jekyll skips.
    pub(super) fn read_post(
        &self,
        path: PathBuf,
        relative: String,
        folder_categories: Vec<String>,
        draft: bool,
    ) -> Result<Option<Loadable>, ContentError> {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some((file_date, file_slug, ext)) = post_file_name(&file_name, &path, draft)? else {
            return Ok(None);
        };
        let text = self.read_text(&path)?;
        let parsed = Parsed::new(&text, &path, self.config.strict_front_matter)?;
        let front_matter = self.with_defaults(
            parsed.front_matter.clone(),
            &relative,
            if draft { "drafts" } else { "posts" },
        );
        if !self.published(&front_matter) {
            return Ok(None);
        }
        // Jekyll derives a post's date, slug, title and categories from its file name
        // after reading it (`read_post_data`), and skips that when the front matter
        // failed to parse: the post is then dated at build time and named by its whole
        // file name.
        let derived = !parsed.invalid;
        let basename = file_name.strip_suffix(&ext).unwrap_or(&file_name);
        let file_slug = if derived {
            file_slug
        } else {
            basename.to_string()
        };
        let date = self.post_date(&front_matter, &parsed, &path, (file_date, derived))?;
        if date > self.time && !self.config.future {
            return Ok(None);
        }
        let slug = string_value(front_matter.get("slug")).unwrap_or_else(|| file_slug.clone());
        let title_slug = if derived { file_slug.as_str() } else { "" };
        let title =
            string_value(front_matter.get("title")).unwrap_or_else(|| titleize_slug(title_slug));
        let folder_categories: Vec<String> =
            folder_categories.into_iter().filter(|_| derived).collect();
        let (categories, tags) = categories_and_tags(folder_categories, &front_matter);
        let is_markdown = self.config.is_markdown_ext(ext.trim_start_matches('.'));
        let output_ext = if is_markdown {
            ".html".to_string()
        } else {
            ext.clone()
        };
        let collection_path = relative
            .strip_prefix("_posts/")
            .or_else(|| relative.strip_prefix("_drafts/"))
            .unwrap_or(&relative);
        let path_without_ext = collection_path
            .strip_suffix(&ext)
            .unwrap_or(collection_path);
        let template =
            string_value(front_matter.get("permalink")).unwrap_or_else(|| self.posts_permalink());
        self.document(DocumentParts {
            kind: Kind::Post,
            collection: "posts".into(),
            draft,
            layout: layout_of(&front_matter, "post"),
            template,
            basename,
            path_without_ext,
            output_ext: &output_ext,
            is_markdown,
            date,
            title,
            slug,
            categories,
            tags,
            path,
            relative: relative.clone(),
            parsed: &parsed,
            front_matter,
        })
    }

    /// A post's date: its front matter's, else its file name's at midnight (the build
    /// time when Jekyll did not derive it: `derived` false), else (a draft) its
    /// modification time.
    fn post_date(
        &self,
        front_matter: &Map<String, Value>,
        parsed: &Parsed,
        path: &Path,
        (file_date, derived): (Option<chrono::NaiveDate>, bool),
    ) -> Result<DateTime<FixedOffset>, ContentError> {
        match (front_matter.get("date"), file_date) {
            (Some(value), _) if !value.is_null() => self.parse_date(value, parsed, path),
            (_, Some(day)) if derived => Ok(date::at_midnight(day, self.zone)),
            (_, Some(_)) => Ok(self.time),
            (_, None) => self.modification_date(path),
        }
    }

    /// A post or another collection's document, once its own rules gave its URL
    /// template, slug, date and terms: its URL, output path and excerpt.
    pub(super) fn document(&self, parts: DocumentParts) -> Result<Option<Loadable>, ContentError> {
        let DocumentParts {
            parsed,
            path,
            slug,
            front_matter,
            ..
        } = parts;
        let url = permalink::document_url(
            &parts.template,
            &DocumentUrlParts {
                date: parts.date,
                slug_source: &slug,
                basename: parts.basename,
                categories: &parts.categories,
                collection: &parts.collection,
                path: parts.path_without_ext,
                output_ext: parts.output_ext,
            },
        )
        .map_err(|e| self.permalink_error(e.to_string(), parsed, &path))?;
        let mut read_warnings = parsed.warnings.clone();
        let output_path = self.output_path(
            &url,
            parts.output_ext,
            false,
            parsed,
            &path,
            &mut read_warnings,
        )?;
        Ok(Some(Loadable::Document(Arc::new(Document {
            kind: parts.kind,
            collection: Some(parts.collection),
            draft: parts.draft,
            // No excerpt either when the front matter failed to parse (`read_post_data`).
            excerpt_source: (!parsed.invalid)
                .then(|| self.excerpt_source(&front_matter, parsed.body))
                .flatten(),
            render_with_liquid: front_matter.get("render_with_liquid") != Some(&Value::Bool(false)),
            layout: parts.layout,
            source_path: path,
            relative_path: parts.relative,
            body: parsed.body.to_string(),
            body_line: parsed.body_line,
            date: Some(parts.date),
            title: parts.title,
            id: format!("{}/{}", url_dirname(&url), slug),
            slug,
            categories: parts.categories,
            tags: parts.tags,
            url,
            output_path,
            is_markdown: parts.is_markdown,
            front_matter,
            read_warnings,
        }))))
    }
}

/// A post's date (none for a draft), slug and extension from its file name; `None`
/// for a file Jekyll skips in `_posts` (not named `DATE-slug.ext`, or YAML data).
fn post_file_name(
    file_name: &str,
    path: &Path,
    draft: bool,
) -> Result<Option<(Option<chrono::NaiveDate>, String, String)>, ContentError> {
    if draft {
        let (stem, ext) = split_extension(file_name);
        return Ok(Some((None, stem.to_string(), ext.to_string())));
    }
    let named = date::split_post_filename(file_name).map_err(|e| ContentError::Value {
        location: Location::file(path),
        key: "file name".into(),
        message: e.to_string(),
    })?;
    Ok(named
        .filter(|name| !is_yaml_extension(&name.ext))
        .map(|name| (Some(name.date), name.slug, name.ext)))
}

/// Whether a post's extension makes Jekyll read it as YAML data (`.yml`, `.yaml`).
fn is_yaml_extension(ext: &str) -> bool {
    ext == ".yml" || ext == ".yaml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_terms_add_folders_and_keep_one_tag_unsplit() {
        let front_matter =
            crate::yaml::parse_mapping("categories: a b\ncategory: c\ntag: one tag\n").unwrap();
        let (categories, tags) = categories_and_tags(vec!["a".into()], &front_matter);
        assert_eq!(categories, ["a", "b", "c"]);
        assert_eq!(tags, ["one tag"]);
        // A list under the singular key is taken item by item, and wins over the plural.
        let front_matter =
            crate::yaml::parse_mapping("category: [X, Y]\ntags: [t]\ntag: [u, v]\n").unwrap();
        let (categories, tags) = categories_and_tags(Vec::new(), &front_matter);
        assert_eq!(categories, ["X", "Y"]);
        assert_eq!(tags, ["u", "v"]);
    }
}
