//! What two plugins' generators change in the documents once the site is read,
//! before anything renders:
//!
//! - jekyll-default-layout: a Markdown page or post without a `layout` key takes
//!   the first that exists of `home` (the page at `/`), `page` (pages), `post`
//!   (posts) and `default`, else none;
//! - jekyll-titles-from-headings: a Markdown page without a `title` (with
//!   `collections: true`, every written document, whatever its title) takes the
//!   text of a heading opening its body (`# T`, `## T`, `### T`, or a Setext
//!   heading), and with `strip_title` that heading leaves the body.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde_json::Value;

use super::document::{Document, Kind, Layout};
use super::load::LoadContext;
use crate::config::{Config, TitlesSettings};
use crate::jekyll_filters::remove_html;

/// A heading opening a body: up to three `#`, a space and the rest of the line
/// (closing `#`s included, as the plugin reads it), or a line underlined with `=`
/// or `-`; whitespace before it.
static OPENING_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\A[\t\n\x0B\x0C\r ]*(?:#{1,3}[\t\n\x0B\x0C\r ]+(?<atx>.*)|(?<setext>.*)\r?\n[-=]+[\t\n\x0B\x0C\r ]*?)(?m:$)",
    )
    .expect("valid heading pattern")
});

/// Applies the listed plugins to the site's pages and posts and the written
/// documents of its collections (`collection_docs`).
pub(super) fn apply<'a>(
    reader: &LoadContext,
    pages: &mut [Arc<Document>],
    posts: &mut [Arc<Document>],
    collection_docs: impl Iterator<Item = &'a mut Arc<Document>>,
) {
    let config = reader.config;
    let settings = &config.plugin_settings;
    if settings.default_layout {
        let layouts = ConventionalLayouts::find(config);
        for document in pages.iter_mut().chain(posts.iter_mut()) {
            layouts.apply(document);
        }
    }
    if let Some(titles) = settings.titles_from_headings {
        for page in pages.iter_mut() {
            title_from_heading(reader, page, &titles);
        }
        if titles.collections {
            for document in posts.iter_mut() {
                title_from_heading(reader, document, &titles);
            }
            for document in collection_docs {
                title_from_heading(reader, document, &titles);
            }
        }
    }
}

/// Which of jekyll-default-layout's layouts the site has.
struct ConventionalLayouts {
    existing: Vec<&'static str>,
}

impl ConventionalLayouts {
    /// The conventional layouts in the site's layouts folder or its gem theme's.
    fn find(config: &Config) -> ConventionalLayouts {
        let folders: Vec<PathBuf> = std::iter::once(config.layouts_dir())
            .chain(config.gem_theme.as_ref().and_then(|t| t.layouts_dir()))
            .collect();
        let names: Vec<String> = folders
            .iter()
            .filter_map(|dir| std::fs::read_dir(dir).ok())
            .flatten()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.rsplit_once('.')
                    .map_or(name.clone(), |(stem, _)| stem.to_string())
            })
            .collect();
        let existing = ["home", "page", "post", "default"]
            .into_iter()
            .filter(|layout| names.iter().any(|name| name == layout))
            .collect();
        ConventionalLayouts { existing }
    }

    /// The layout of a Markdown page or post without one (`None`: none exists).
    fn choose(&self, document: &Document) -> Option<&'static str> {
        let wanted = [
            ("home", document.url == "/"),
            ("page", document.kind == Kind::Page),
            ("post", document.kind == Kind::Post),
            ("default", true),
        ];
        wanted
            .into_iter()
            .find(|(name, applies)| *applies && self.existing.contains(name))
            .map(|(name, _)| name)
    }

    /// Gives `document` its layout when it is Markdown and has no `layout` key.
    fn apply(&self, document: &mut Arc<Document>) {
        if !document.is_markdown || !matches!(document.layout, Layout::Conventional(_)) {
            return;
        }
        let chosen = self.choose(document);
        let document = Arc::make_mut(document);
        document.layout = chosen.map_or(Layout::None, |name| Layout::Named(name.into()));
        let value = chosen.map_or(Value::Null, |name| Value::String(name.into()));
        document.front_matter.insert("layout".into(), value);
    }
}

/// Gives a Markdown `document` the title of its opening heading (pages only when
/// they have no title), stripping the heading when the settings say so.
fn title_from_heading(
    reader: &LoadContext,
    document: &mut Arc<Document>,
    settings: &TitlesSettings,
) {
    let has_own_title =
        document.kind == Kind::Page && document.get("title").is_some_and(|t| !t.is_null());
    if !document.is_markdown || has_own_title {
        return;
    }
    let Some(heading) = OPENING_HEADING.captures(&document.body) else {
        return;
    };
    let text = heading
        .name("atx")
        .or_else(|| heading.name("setext"))
        .map_or("", |m| m.as_str());
    let title = plain_title(reader.config, text);
    let strip = match document.get("strip_title") {
        Some(value) => value == &Value::Bool(true),
        None => settings.strip_title,
    };
    let stripped = strip.then(|| {
        document.body[heading.get(0).map_or(0, |m| m.end())..]
            .trim()
            .to_string()
    });
    let document = Arc::make_mut(document);
    document
        .front_matter
        .insert("title".into(), Value::String(title.clone()));
    document.title = title;
    if let Some(body) = stripped {
        document.body = body;
        if document.kind == Kind::Post && document.excerpt_source.is_some() {
            document.excerpt_source = reader.excerpt_source(&document.front_matter, &document.body);
        }
    }
}

/// A heading's text as the plugin makes a title of it: converted from Markdown,
/// its tags removed, its whitespace collapsed, and footnote marks (`[^1]`) dropped.
fn plain_title(config: &Config, text: &str) -> String {
    static FOOTNOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[\^[^\]]*\]").expect("valid footnote pattern"));
    let html = crate::render::convert_markdown(text, &config.markdown).html;
    let plain = remove_html(&html);
    let collapsed = plain.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    FOOTNOTE.replace_all(&collapsed, "").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_headings_are_atx_up_to_three_or_setext() {
        let title = |body: &str| {
            OPENING_HEADING.captures(body).map(|c| {
                c.name("atx")
                    .or_else(|| c.name("setext"))
                    .map_or(String::new(), |m| m.as_str().to_string())
            })
        };
        assert_eq!(title("\n## Hello ##\ntext").as_deref(), Some("Hello ##"));
        assert_eq!(title("Hello\n=====\n\ntext").as_deref(), Some("Hello"));
        assert_eq!(title("#### Four\n"), None);
        assert_eq!(title("text\n\n# Later\n"), None);
    }
}
