//! Syndication: the files and head tags Jekyll sites get from jekyll-feed,
//! jekyll-sitemap, jekyll-seo-tag and jekyll-redirect-from, built in and in the same
//! shapes, so feed readers, crawlers and old links see what they saw under Jekyll.
//!
//! This stage only reads: it takes the loaded documents with their rendered bodies and
//! returns output files ([`files`]) and template values ([`page_context`]). Every
//! generated file is [`Layer::Generated`], so a file the site has at the same path wins.

pub mod feed;
pub mod redirects;
pub mod seo;
pub mod sitemap;
mod text;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::config::{Config, FeedSpec};
use crate::content::Site;
use crate::content::date::{self, Zone};
use crate::content::document::{Document, StaticFile};
use crate::diagnostic::{Located, Location};
use crate::jekyll_filters::{self as filters, UrlSettings};
use crate::output::{Contents, Layer, OutputError, OutputFile};
use crate::render::liquid::HeadTags;
use crate::render::{RenderedBody, Renderer};
use crate::theme::{ThemeError, context};

/// Why a syndication file could not be made.
#[derive(Debug, Error)]
pub enum SyndicationError {
    /// The theme's `redirect.html` failed to render.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// A `redirect_from` path points outside the destination.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl Located for SyndicationError {
    fn location(&self) -> Option<&Location> {
        match self {
            SyndicationError::Theme(e) => e.location(),
            SyndicationError::Output(e) => e.location(),
        }
    }
}

/// A document as this stage sees it: the loaded document and its rendered body.
#[derive(Debug, Clone, Copy)]
pub struct Published<'a> {
    /// The post or page.
    pub document: &'a Document,
    /// Its converted content and excerpt (without layout).
    pub body: &'a RenderedBody,
}

/// What every generator needs to know about the site: its configuration, URLs,
/// `_data`, build time and zone, and the Markdown converter the plugins call
/// (`markdownify`, `smartify`).
pub struct SiteMeta<'a> {
    settings: &'a Map<String, Value>,
    /// `plugins:`, the gems the site loads.
    plugins: &'a [String],
    /// jekyll-feed's feeds.
    feeds: &'a [FeedSpec],
    /// Where `{% feed_meta %}` links to.
    feed_link: &'a str,
    /// Whether jekyll-redirect-from writes `/redirects.json`.
    redirects_json: bool,
    urls: UrlSettings,
    data: &'a Value,
    time: DateTime<FixedOffset>,
    zone: Zone,
    renderer: &'a Renderer,
    /// What every page's head prints the same: computed once, not per page.
    shared: SharedHead,
}

/// Head values that are the same on every page: the feed link and the site strings the
/// SEO tags print (each one a Markdown conversion).
#[derive(Default)]
struct SharedHead {
    feed_meta: String,
    seo: seo::SiteStrings,
}

impl<'a> SiteMeta<'a> {
    /// The metadata of the site being built.
    pub fn new(config: &'a Config, site: &'a Site, renderer: &'a Renderer) -> SiteMeta<'a> {
        let mut meta = SiteMeta {
            settings: &config.site,
            plugins: &config.plugins,
            feeds: &config.plugin_settings.feeds,
            feed_link: &config.plugin_settings.feed_link,
            redirects_json: config.plugin_settings.redirects_json,
            urls: UrlSettings {
                url: config.url.clone(),
                baseurl: config.baseurl.clone(),
            },
            data: &site.data,
            time: site.time,
            // The content stage already refused an unknown zone.
            zone: Zone::of(config.timezone),
            renderer,
            shared: SharedHead::default(),
        };
        meta.shared = SharedHead {
            feed_meta: feed::meta_link(&meta),
            seo: seo::SiteStrings::new(&meta),
        };
        meta
    }

    /// A configuration value by path (`["feed", "path"]`), `None` when missing or null.
    fn setting(&self, path: &[&str]) -> Option<&'a Value> {
        let mut value = self.settings.get(*path.first()?)?;
        for key in &path[1..] {
            value = value.get(key)?;
        }
        Some(value).filter(|v| !v.is_null())
    }

    /// A configuration string by path, `None` when missing, empty or not a string.
    fn setting_str(&self, path: &[&str]) -> Option<&'a str> {
        self.setting(path)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Jekyll's `absolute_url` with this site's `url` and `baseurl`.
    fn absolute_url(&self, path: &str) -> String {
        filters::absolute_url(path, &self.urls)
    }

    /// A front-matter date (a string such as `2023-03-01 10:00` or RFC 3339) in the
    /// site's zone; `None` when absent or unparseable.
    fn date(&self, value: Option<&Value>) -> Option<DateTime<FixedOffset>> {
        let text = match value? {
            Value::String(text) => text.clone(),
            Value::Null => return None,
            other => other.to_string(),
        };
        date::parse_date(&text, self.zone).ok()
    }

    /// When a document was last changed: `last_modified_at` (jekyll-last-modified-at,
    /// read by jekyll-feed, jekyll-sitemap and jekyll-seo-tag) or coldstart's `modified`.
    fn last_modified(&self, page: &Map<String, Value>) -> Option<DateTime<FixedOffset>> {
        self.date(page.get("last_modified_at"))
            .or_else(|| self.date(page.get("modified")))
    }

    /// The author of a page as jekyll-seo-tag and jekyll-feed resolve it: the first
    /// non-empty of `author`, `authors[0]` and `site.author`; a name string is looked up
    /// in `site.data.authors` for more fields. Always a map (empty when there is none).
    fn author(&self, page: &Map<String, Value>) -> Map<String, Value> {
        let first_author = page
            .get("authors")
            .and_then(Value::as_array)
            .and_then(|a| a.first());
        let resolved = [
            page.get("author"),
            first_author,
            self.settings.get("author"),
        ]
        .into_iter()
        .flatten()
        .find(|v| !text::is_blank(v));
        match resolved {
            Some(Value::Object(author)) => author.clone(),
            Some(Value::String(name)) => {
                let mut author = Map::new();
                author.insert("name".into(), Value::String(name.clone()));
                if let Some(Value::Object(known)) =
                    self.data.get("authors").and_then(|a| a.get(name))
                {
                    author.extend(known.clone());
                }
                author
            }
            _ => Map::new(),
        }
    }
}

/// The template context of one page: `page` and `site` ([`context::page_context`]),
/// `paginator` (`null` except on paginated pages), plus
/// what jekyll-seo-tag's `{% seo %}` and jekyll-feed's `{% feed_meta %}` print, as
/// ready HTML marked safe: `seo` (for this page) and `feed_meta`.
pub fn page_context(
    meta: &SiteMeta,
    site: &context::SiteValue,
    page: &Map<String, Value>,
    paginator: Option<&Value>,
) -> tera::Context {
    let seo = tera::Value::safe_string(&seo::tags(meta, page, paginator));
    let mut page_context = context::page_context(site, page);
    page_context.insert("paginator", &paginator);
    page_context.insert_value("seo", seo);
    page_context.insert_value(
        "feed_meta",
        tera::Value::safe_string(&meta.shared.feed_meta),
    );
    page_context
}

/// What jekyll-seo-tag's `{% seo %}` and jekyll-feed's `{% feed_meta %}` print on
/// one page placed in a site's own Liquid layouts (nothing for a plugin the site
/// does not load).
pub fn head_tags(
    meta: &SiteMeta,
    page: &Map<String, Value>,
    paginator: Option<&Value>,
) -> HeadTags {
    let loads = |name: &str| meta.plugins.iter().any(|p| p == name);
    HeadTags {
        seo: if loads("jekyll-seo-tag") {
            seo::tags(meta, page, paginator)
        } else {
            String::new()
        },
        feed_meta: if loads("jekyll-feed") {
            meta.shared.feed_meta.clone()
        } else {
            String::new()
        },
    }
}

/// Which of this stage's files a build writes: all of them for a tera theme (they
/// are part of what coldstart's themes give a blog), only those of the plugins the
/// site loads when it renders through its own Liquid layouts, as Jekyll does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outputs {
    /// The feed, sitemap, robots.txt and redirects.
    All,
    /// Only what `plugins:` (or `gems:`) lists.
    ListedPlugins,
}

impl Outputs {
    /// Whether `plugin` (a gem name) writes its files.
    fn writes(self, meta: &SiteMeta, plugin: &str) -> bool {
        self == Outputs::All || meta.plugins.iter().any(|p| p == plugin)
    }
}

/// Every file this stage generates for the site: the Atom feed, the sitemap and
/// robots.txt, a redirect page per `redirect_from` path and `redirects.json`.
/// `documents` are posts (oldest first) then pages, as Jekyll iterates them.
pub fn files(
    meta: &SiteMeta,
    documents: &[Published],
    static_files: &[StaticFile],
    redirect_pages: &redirects::RedirectPages,
    outputs: Outputs,
) -> Result<Vec<OutputFile>, SyndicationError> {
    let generated = |path: &str, text: String, what: &str| OutputFile {
        path: path.trim_start_matches('/').to_string(),
        contents: Contents::Bytes(text.into_bytes().into()),
        source: PathBuf::from(format!("(generated {what})")),
        layer: Layer::Generated,
    };
    let mut files = Vec::new();
    if outputs.writes(meta, "jekyll-feed") {
        for spec in meta.feeds {
            files.push(generated(
                &spec.path,
                feed::atom(meta, documents, spec),
                "feed",
            ));
        }
    }
    if outputs.writes(meta, "jekyll-sitemap") {
        let sitemap_urls = sitemap::urls(meta, documents, static_files);
        files.push(generated(
            sitemap::SITEMAP_PATH,
            sitemap::xml(meta, &sitemap_urls),
            "sitemap",
        ));
        files.push(generated(
            sitemap::ROBOTS_PATH,
            sitemap::robots_txt(meta),
            "robots.txt",
        ));
    }
    if !outputs.writes(meta, "jekyll-redirect-from") {
        return Ok(files);
    }
    let plan = redirects::Plan::new(meta, documents);
    files.extend(plan.pages(redirect_pages)?);
    if redirects::json_enabled(meta) {
        files.push(generated(
            redirects::JSON_PATH,
            plan.json(),
            "redirects.json",
        ));
    }
    Ok(files)
}
