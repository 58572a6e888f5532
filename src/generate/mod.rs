//! Site-level generated pages: what Jekyll gets from plugins (jekyll-paginate,
//! jekyll-archives) and hand-written includes, built from the loaded and rendered site.
//!
//! The stage runs after every document has its template value (front matter plus
//! rendered `content`, `excerpt`, `toc`) and before the theme renders anything:
//!
//! - [`Generator::annotate_post`] adds computed data to each post's value:
//!   `reading_time`, `tag_links`, `category_links`; [`Generator::series_infos`]
//!   is the `series_info` to add ([`series`]);
//! - [`Generator::generate`] returns the extra pages to theme: pagination pages
//!   ([`pagination`]), tag and category pages ([`taxonomy`]), the archive by year
//!   ([`archive`]), one page per series, and the 404 page.
//!
//! It reads only the [`Site`], the template values and the configuration, and hands
//! its pages back to the build, which renders them and adds them to the output in the
//! [`crate::output::Layer::Generated`] layer (so a file the site has at the same path wins).
//!
//! Settings, all optional (typed in [`crate::config::GenerateSettings`]):
//!
//! ```yaml
//! paginate: 10                 # jekyll-paginate: posts per page; absent = no pagination
//! paginate_path: /page:num     # where page 2, 3… go
//! wpm: 180                     # words per minute for page.reading_time
//! coldstart:
//!   tag_dir: /tags/            # /tags/ lists every tag, /tags/<slug>/ one tag; false = none
//!   category_dir: /categories/ # the same for categories
//!   archive_path: /archive/    # the archive by year; false = none
//!   series_dir: /series/       # /series/<slug>/ lists a series' parts; false = none
//!   series:                    # display data per series, keyed by the name posts use
//!     serverless-intro:
//!       title: "Serverless, from the ground up"
//!       description: "A five-part introduction."
//! ```

pub mod archive;
pub mod jekyll_archives;
pub mod pagination;
pub mod series;
pub mod taxonomy;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::config::{ensure_leading_slash, folder_url};
use crate::content::Site;
use crate::content::document::{Document, Layout};
use crate::content::slug::{SlugMode, slugify};
use crate::diagnostic::Warning;
use crate::jekyll_filters::reading_minutes;

pub use crate::config::GenerateSettings as Settings;

/// An extra page for the theme to render.
#[derive(Debug, Clone)]
pub struct GeneratedPage {
    /// How the theme renders it.
    pub template: Template,
    /// Where it is written, relative to the destination, `/`-separated.
    pub output_path: String,
    /// The `page` variable: at least `title` and `url`, plus the page's own data.
    pub page: Map<String, Value>,
    /// The `paginator` variable (pagination pages only).
    pub paginator: Option<Value>,
    /// What it was generated from, for error messages and collision reports.
    pub source: PathBuf,
}

/// How a generated page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// A template the theme was checked to have (`tag.html`, `404.html`…).
    Theme(&'static str),
    /// A document's layout, resolved as for the document itself (pagination pages
    /// are copies of the paginated page).
    Layout(Layout),
    /// A page with no document of its own (jekyll-archives'), placed in a layout
    /// with its `page` value alone.
    OwnPage(Layout),
}

/// The `paginator` of a page the site already has (jekyll-paginate's first page).
#[derive(Debug, Clone, PartialEq)]
pub struct PaginatedPage {
    /// The page's index in [`Site::pages`].
    pub index: usize,
    /// Its `paginator` value.
    pub paginator: Value,
}

/// Everything the stage adds to the site.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Pages to render and write.
    pub pages: Vec<GeneratedPage>,
    /// The site's page that gets page 1 of the pagination, when pagination is on.
    pub paginated_page: Option<PaginatedPage>,
    /// Things worth telling the author.
    pub warnings: Vec<Warning>,
}

/// The stage, set up for one site: its series and terms grouped once, used both to
/// annotate posts and to generate pages.
pub struct Generator<'a> {
    settings: &'a Settings,
    site: &'a Site,
    has_template: &'a (dyn Fn(&str) -> bool + Sync),
    /// Indices into `site.posts` of the posts listings show, newest first.
    listed: Vec<usize>,
    series: Vec<series::Series>,
    taxonomies: Vec<taxonomy::TermPages>,
}

impl<'a> Generator<'a> {
    /// Groups the site's posts into series and terms. `has_template` tells which theme
    /// templates exist: a page whose template the theme lacks is not generated, and
    /// nothing links to it.
    pub fn new(
        settings: &'a Settings,
        site: &'a Site,
        has_template: &'a (dyn Fn(&str) -> bool + Sync),
    ) -> Generator<'a> {
        let listed: Vec<usize> = (0..site.posts.len())
            .rev()
            .filter(|&i| !is_truthy(site.posts[i].get("hidden")))
            .collect();
        let taxonomies = taxonomy::Taxonomy::ALL
            .into_iter()
            .map(|taxonomy| {
                taxonomy::TermPages::new(taxonomy, settings, &site.posts, &listed, has_template)
            })
            .collect();
        Generator {
            settings,
            site,
            has_template,
            series: series::collect(settings, &site.posts, has_template),
            listed,
            taxonomies,
        }
    }

    /// Adds what depends on the post alone (and the settings): `reading_time`
    /// (minutes at `wpm`, at least 1) and `tag_links`/`category_links` (`{name, url}`
    /// per tag/category, `url` `null` when it has no page). A rebuild may keep the
    /// result for a post whose body did not change.
    pub fn annotate_post(&self, document: &Document, value: &mut Map<String, Value>) {
        let content = value.get("content").and_then(Value::as_str).unwrap_or("");
        let minutes = reading_minutes(content, self.settings.words_per_minute);
        value.insert("reading_time".into(), Value::from(minutes));
        for taxonomy in &self.taxonomies {
            value.insert(
                taxonomy.taxonomy.links_key().into(),
                taxonomy.links(document),
            );
        }
    }

    /// Every series' `parts` list ([`series::PartList`]), from the posts' values
    /// (before or after [`Generator::series_infos`] are added: the lists read neither).
    pub fn series_lists(&self, post_values: &[PageValue]) -> Vec<series::PartList> {
        series::part_lists(&self.series, post_values)
    }

    /// What to add as [`SERIES_INFO_KEY`] to each post with `series: NAME` (see
    /// [`series`]), by index in the posts, given the [`Generator::series_lists`]: it
    /// depends on the other parts of the series; the front-matter `series` stays as
    /// the author wrote it. It is the only key added after
    /// [`Generator::annotate_post`]. `None` where it is the one `previous` gives (see
    /// [`series::infos`]).
    pub fn series_infos<'v>(
        &self,
        lists: &[series::PartList],
        previous: impl Fn(usize) -> Option<&'v Value>,
    ) -> Vec<(usize, Option<Value>)> {
        series::infos(&self.series, lists, previous)
    }

    /// jekyll-paginate's pages for the paginated page's Liquid (`None` without
    /// pagination or a page to paginate).
    pub fn liquid_pagination(&self) -> Option<crate::render::Pagination> {
        let settings = self.settings.pagination.as_ref()?;
        pagination::liquid_pagination(settings, &self.listed, &self.site.pages)
    }

    /// The extra pages of the site, from the (annotated) post values, the page values
    /// and the [`Generator::series_lists`].
    pub fn generate(
        &self,
        post_values: &[PageValue],
        page_values: &[PageValue],
        series_lists: &[series::PartList],
    ) -> Generated {
        let mut generated = Generated::default();
        if let Some(pagination) = &self.settings.pagination {
            let listed: Vec<&Map<String, Value>> =
                self.listed.iter().map(|&i| &*post_values[i]).collect();
            pagination::paginate(
                pagination,
                &self.settings.location,
                &listed,
                &self.site.pages,
                page_values,
                &mut generated,
            );
        }
        for taxonomy in &self.taxonomies {
            generated.pages.extend(taxonomy.pages(post_values));
        }
        if let Some(url) = &self.settings.archive_path
            && (self.has_template)(archive::TEMPLATE)
        {
            generated.pages.push(archive::page(
                url,
                &self.site.posts,
                post_values,
                &self.listed,
            ));
        }
        generated
            .pages
            .extend(series::pages(&self.series, series_lists));
        if (self.has_template)(NOT_FOUND_TEMPLATE) {
            generated.pages.push(not_found_page());
        }
        generated
    }
}

/// A document's `page` value: shared, so the values a rebuild keeps are handed on
/// without copying (and annotating one copies it only if it is shared).
pub type PageValue = Arc<Map<String, Value>>;

/// The key of a post's series data (`page.series_info`).
pub const SERIES_INFO_KEY: &str = "series_info";

/// The theme template of the 404 page.
pub const NOT_FOUND_TEMPLATE: &str = "404.html";

/// `/404.html`, which static hosts (GitHub Pages, Netlify…) serve for unknown URLs.
fn not_found_page() -> GeneratedPage {
    GeneratedPage {
        template: Template::Theme(NOT_FOUND_TEMPLATE),
        output_path: "404.html".into(),
        page: page_value(
            "Page not found",
            "/404.html",
            [("sitemap", Value::Bool(false))],
        ),
        paginator: None,
        source: PathBuf::from("(generated 404 page)"),
    }
}

/// Ruby truthiness of an optional value: anything but missing, `nil` and `false`.
fn is_truthy(value: Option<&Value>) -> bool {
    !matches!(value, None | Some(Value::Null) | Some(Value::Bool(false)))
}

/// Slugs for generated URLs: Jekyll's `slugify` in its default mode (lowercase,
/// runs of anything but letters, marks and digits become `-`).
pub fn url_slug(name: &str) -> String {
    slugify(name, SlugMode::Default, false)
}

/// The output file for a URL: `/a/b/` → `a/b/index.html`, `/a.html` → `a.html`.
pub fn output_path(url: &str) -> String {
    let relative = url.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    }
}

/// A list of post values, for templates.
fn post_list<'a>(posts: impl IntoIterator<Item = &'a Map<String, Value>>) -> Value {
    Value::Array(posts.into_iter().cloned().map(Value::Object).collect())
}

/// A template map from key–value pairs.
fn object(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect()
}

/// The `page` value of a generated page: `title` and `url`, plus `extra`.
fn page_value(
    title: &str,
    url: &str,
    extra: impl IntoIterator<Item = (&'static str, Value)>,
) -> Map<String, Value> {
    let mut page = object([("title", Value::from(title)), ("url", Value::from(url))]);
    page.extend(
        extra
            .into_iter()
            .map(|(key, value)| (key.to_string(), value)),
    );
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_follow_jekyll_index_rules() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/tags/rust/"), "tags/rust/index.html");
        assert_eq!(output_path("/archive.html"), "archive.html");
    }
}
