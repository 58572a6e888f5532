//! Which layout wraps each page: a template of the tera theme, or one of the site's
//! own Liquid layouts (`_layouts/`), as Jekyll applies them.
//!
//! Without a chosen tera theme (`--theme`, `coldstart: theme:`), a source with
//! `_layouts/` renders every document through its own layouts and nothing of the
//! tera theme is written. With a tera theme, a document asking for a layout the theme
//! lacks but the site has in Liquid gets the Liquid one (a site's `feed.xml` with
//! `layout: feed` is never wrapped in an HTML page). A gem-based theme's `_layouts/`
//! count as the site's own, below them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use super::{Theme, ThemeError};
use crate::config::Config;
use crate::content::Site;
use crate::content::document::{Document, Kind, Layout};
use crate::content::frontmatter;
use crate::diagnostic::{Located, Location, Warning};
use crate::fs_guard;
use crate::render::liquid::{HeadTags, LayoutPage, LayoutSource, Layouts, LiquidSite, PageData};
use crate::render::{Pagination, RenderedBody};

/// The layout jekyll-redirect-from places its pages in (its own when the site has none).
const REDIRECT_LAYOUT: &str = "redirect";

/// What a template name starts with when it names a Liquid layout, not a tera template.
const LIQUID_MARKER: &str = "_layouts/";

/// The site's Liquid layouts, read: its `_layouts/` (or `layouts_dir`), then the gem
/// theme's `_layouts/` for the names the site lacks, as Jekyll's `LayoutReader` layers
/// them; `None` when neither folder exists and the site does not use Liquid layouts
/// anyway (see [`Config::uses_liquid_layouts`]).
pub fn read_layouts(config: &Config) -> Result<Option<Vec<LayoutSource>>, ThemeError> {
    let folders = config.liquid_layout_folders();
    if folders.is_empty() && !config.uses_liquid_layouts() {
        return Ok(None);
    }
    let mut sources: Vec<LayoutSource> = Vec::new();
    for dir in folders {
        let own_names: HashSet<String> = sources.iter().map(|s| s.name.clone()).collect();
        for source in read_layout_folder(&dir)? {
            if !own_names.contains(&source.name) {
                sources.push(source);
            }
        }
    }
    Ok(Some(sources))
}

/// Every layout file under `dir`, by file name.
fn read_layout_folder(dir: &Path) -> Result<Vec<LayoutSource>, ThemeError> {
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let (location, source) = fs_guard::walk_failure(e, dir);
            ThemeError::Read { location, source }
        })?;
        if entry.file_type().is_file() {
            sources.push(read_layout(dir, entry.path())?);
        }
    }
    Ok(sources)
}

/// One layout file: its name is its path under the folder without the extension.
fn read_layout(dir: &Path, path: &Path) -> Result<LayoutSource, ThemeError> {
    let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
        location: Location::file(path),
        source,
    })?;
    let relative = path
        .strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let name = match relative.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() && !stem.ends_with('/') => stem.to_string(),
        _ => relative.clone(),
    };
    let (data, body, body_line) = match frontmatter::split(&text) {
        Some(split) => {
            let (data, _) = frontmatter::parse(&split).map_err(|e| ThemeError::Template {
                location: Location::at(path, e.line, 0),
                message: format!("invalid front matter: {}", e.message),
            })?;
            (data, split.body.to_string(), split.body_line)
        }
        None => (Map::new(), text, 1),
    };
    Ok(LayoutSource {
        name,
        path: path.to_path_buf(),
        data,
        body,
        body_line,
    })
}

/// The site's Liquid layouts, parsed, with what rendering them needs.
struct OwnLayouts<'a> {
    liquid: Arc<LiquidSite>,
    layouts: Layouts,
    site: &'a Site,
    pagination: Option<&'a Pagination>,
    post_index: HashMap<&'a Path, usize>,
}

/// The layouts of one build: the tera theme, and the site's own Liquid layouts when
/// it has them. Shared read-only by every render thread.
pub struct PageLayouts<'a> {
    /// The tera theme.
    pub theme: &'a Theme,
    own: Option<OwnLayouts<'a>>,
    /// No tera theme was chosen and the site has `_layouts/`: only its own apply.
    own_only: bool,
    /// The gem-based theme below the site's layouts, as the summary names it.
    gem_theme: Option<String>,
    /// Render warnings from the layouts, each told once.
    warnings: Mutex<Vec<Warning>>,
}

impl<'a> PageLayouts<'a> {
    /// The tera theme alone.
    pub fn theme_only(theme: &'a Theme) -> PageLayouts<'a> {
        PageLayouts {
            theme,
            own: None,
            own_only: false,
            gem_theme: None,
            warnings: Mutex::default(),
        }
    }

    /// The theme and the site's own layouts (`sources`, from [`read_layouts`]),
    /// parsed with `liquid`; warns, as Jekyll does, of each document asking for a
    /// layout that exists nowhere.
    pub fn new(
        config: &Config,
        theme: &'a Theme,
        sources: Option<Vec<LayoutSource>>,
        liquid: Arc<LiquidSite>,
        site: &'a Site,
        pagination: Option<&'a Pagination>,
        warnings: &mut Vec<Warning>,
    ) -> Result<PageLayouts<'a>, ThemeError> {
        let Some(sources) = sources else {
            return Ok(PageLayouts::theme_only(theme));
        };
        let layouts = liquid
            .parse_layouts(sources, warnings)
            .map_err(|e| located(&e, None))?;
        let post_index = site
            .posts
            .iter()
            .enumerate()
            .map(|(i, post)| (post.source_path.as_path(), i))
            .collect();
        let page_layouts = PageLayouts {
            theme,
            own: Some(OwnLayouts {
                liquid,
                layouts,
                site,
                pagination,
                post_index,
            }),
            own_only: !config.theme_chosen,
            gem_theme: (config.gem_theme.as_ref())
                .map(|gem| format!("the {} {} theme gem", gem.name, gem.version)),
            warnings: Mutex::default(),
        };
        if page_layouts.own_only {
            warnings.extend(page_layouts.missing_layouts(site));
        }
        Ok(page_layouts)
    }

    /// Whether the site's own Liquid layouts replace the tera theme entirely.
    pub fn own_only(&self) -> bool {
        self.own_only
    }

    /// What the build summary says was used.
    pub fn description(&self) -> String {
        match (self.own_only, self.theme.templates_dir.parent()) {
            (true, _) => match &self.gem_theme {
                Some(gem) => format!("the site's own Liquid layouts and {gem}"),
                None => "the site's own Liquid layouts".into(),
            },
            (false, _) if self.theme.embedded => "the default theme".into(),
            (false, Some(dir)) => format!("the theme {}", dir.display()),
            (false, None) => "the theme".into(),
        }
    }

    /// Whether the tera theme has `name`, for the pages only a tera theme generates
    /// (tags, archive, series, 404): never with the site's own layouts alone.
    pub fn has_template(&self, name: &str) -> bool {
        !self.own_only && self.theme.has_template(name)
    }

    /// Whether a template name (from [`PageLayouts::template_for`]) is a Liquid layout.
    pub fn is_liquid(template: &str) -> bool {
        template.starts_with(LIQUID_MARKER)
    }

    /// The template that wraps a document asking for `layout`: a tera template, a
    /// Liquid layout, or `None` for the body alone.
    pub fn template_for(
        &self,
        layout: &Layout,
        document: &Path,
    ) -> Result<Option<String>, ThemeError> {
        let own = |name: &str| {
            let name = name.trim_end_matches(".html");
            self.own
                .as_ref()
                .filter(|own| own.layouts.contains(name))
                .map(|_| format!("{LIQUID_MARKER}{name}"))
        };
        match layout {
            Layout::Named(name) if self.own_only => Ok(own(name)),
            Layout::Conventional(_) | Layout::None if self.own_only => Ok(None),
            Layout::Named(name)
                if !self
                    .theme
                    .has_template(&format!("{}.html", name.trim_end_matches(".html")))
                    && own(name).is_some() =>
            {
                Ok(own(name))
            }
            _ => self.theme.template_for(layout, document),
        }
    }

    /// Places a page in the Liquid layout `template`: `document` is the page's own
    /// document, or `None` for the pagination pages of the paginated page `source`.
    pub fn render_liquid(
        &self,
        template: &str,
        document: Option<&Document>,
        page: &Map<String, Value>,
        paginator: Option<&Value>,
        source: &Path,
        head: HeadTags,
    ) -> Result<String, ThemeError> {
        let own = self.own();
        let document = match document {
            Some(document) => document,
            None => own
                .site
                .pages
                .iter()
                .find(|d| d.source_path == source)
                .map(|d| &**d)
                .ok_or_else(|| ThemeError::Template {
                    location: Location::file(source),
                    message: "a generated page has no document to place in a layout".into(),
                })?,
        };
        let text = |key: &str| match page.get(key) {
            Some(Value::String(text)) => text.clone(),
            _ => String::new(),
        };
        let body = RenderedBody {
            content: text("content"),
            excerpt: text("excerpt"),
            ..RenderedBody::default()
        };
        let pager_number = paginator
            .and_then(|p| p.get("page"))
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok()?.checked_sub(1));
        let own_url = pager_number
            .filter(|&n| n > 0)
            .and_then(|_| page.get("url"));
        let layout_page = LayoutPage {
            document,
            data: PageData::Document,
            body: &body,
            url: own_url.and_then(Value::as_str),
            pager: pager_number.filter(|_| own.pagination.is_some()),
            post_index: (document.kind == Kind::Post)
                .then(|| own.post_index.get(document.source_path.as_path()).copied())
                .flatten(),
            head,
        };
        self.place(own, template, &layout_page, &document.source_path)
    }

    /// Places a page with no document of its own (a jekyll-archives page) in the
    /// Liquid layout `template`: `page` is its whole `page` value (with `url`, `path`
    /// and `content`); `source` names it in errors.
    pub fn render_own_page(
        &self,
        template: &str,
        page: &Map<String, Value>,
        source: &Path,
        head: HeadTags,
    ) -> Result<String, ThemeError> {
        let own = self.own();
        let text = |key: &str| page.get(key).and_then(Value::as_str).unwrap_or_default();
        let document = stand_in_page(text("path"), text("url"), source);
        let body = RenderedBody {
            content: text("content").to_string(),
            ..RenderedBody::default()
        };
        let layout_page = LayoutPage {
            document: &document,
            data: PageData::Own(page.clone()),
            body: &body,
            url: None,
            pager: None,
            post_index: None,
            head,
        };
        self.place(own, template, &layout_page, source)
    }

    /// Renders `page` through the Liquid layout `template` and its chain, keeping the
    /// warnings; an error is located in `errors_in` when not in a layout.
    fn place(
        &self,
        own: &OwnLayouts<'_>,
        template: &str,
        page: &LayoutPage<'_>,
        errors_in: &Path,
    ) -> Result<String, ThemeError> {
        let name = template.trim_start_matches(LIQUID_MARKER);
        let (html, warnings) = own
            .liquid
            .render_layouts(&own.layouts, name, page)
            .map_err(|e| located(&e, Some(errors_in)))?;
        self.tell(warnings);
        Ok(html)
    }

    /// The site's own layouts, which a Liquid template name implies.
    fn own(&self) -> &OwnLayouts<'a> {
        self.own
            .as_ref()
            .expect("a Liquid template comes from own layouts")
    }

    /// Keeps what rendering a layout warned about, for [`PageLayouts::take_warnings`].
    fn tell(&self, warnings: Vec<Warning>) {
        if !warnings.is_empty() {
            let mut told = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
            told.extend(warnings);
        }
    }

    /// Whether redirect pages are placed in the site's own `redirect` layout: it has
    /// one, and the tera theme is not chosen or has no `redirect.html`.
    pub fn has_redirect_layout(&self) -> bool {
        self.own.as_ref().is_some_and(|own| {
            own.layouts.contains(REDIRECT_LAYOUT)
                && (self.own_only || !self.theme.has_template("redirect.html"))
        })
    }

    /// A redirect from `from` to `to` placed in the site's `redirect` layout, as
    /// jekyll-redirect-from does: a `redirect_to` `document` keeps its own `page`
    /// with the redirect's keys over it and an empty body; a `redirect_from` page
    /// (no document) has only those keys. `source` asked for it.
    pub fn render_redirect(
        &self,
        from: &str,
        to: &str,
        source: &Document,
        document: Option<&Document>,
    ) -> Result<String, ThemeError> {
        let own = self.own.as_ref().expect("called when has_redirect_layout");
        let mut data = Map::new();
        data.insert("layout".into(), Value::from(REDIRECT_LAYOUT));
        data.insert("sitemap".into(), Value::Bool(false));
        data.insert(
            "redirect".into(),
            serde_json::json!({"from": from, "to": to}),
        );
        let data = match document {
            Some(_) => PageData::Merged(data),
            None => {
                data.insert("url".into(), Value::from(from));
                data.insert("permalink".into(), Value::from(from));
                PageData::Own(data)
            }
        };
        let body = RenderedBody::default();
        let page = LayoutPage {
            document: source,
            data,
            body: &body,
            url: None,
            pager: None,
            post_index: None,
            head: HeadTags::default(),
        };
        own.liquid
            .render_layouts(&own.layouts, REDIRECT_LAYOUT, &page)
            .map(|(html, _)| html)
            .map_err(|e| located(&e, Some(&source.source_path)))
    }

    /// The warnings the layouts gave while rendering, each once, in a stable order.
    pub fn take_warnings(&self) -> Vec<Warning> {
        let mut warnings =
            std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|e| e.into_inner()));
        let mut seen = HashSet::new();
        warnings.sort_by_key(|w| w.to_string());
        warnings.retain(|w| seen.insert(w.to_string()));
        warnings
    }

    /// The files whose edits change how pages are placed in layouts.
    pub fn layout_files(&self) -> Vec<PathBuf> {
        self.own
            .iter()
            .flat_map(|own| own.layouts.paths().map(Path::to_path_buf))
            .collect()
    }

    /// Jekyll's "Layout 'x' requested in PATH does not exist." for each document.
    fn missing_layouts(&self, site: &Site) -> Vec<Warning> {
        let Some(own) = &self.own else {
            return Vec::new();
        };
        let documents = site
            .posts
            .iter()
            .chain(&site.pages)
            .chain(site.written_documents());
        documents
            .filter_map(|document| match &document.layout {
                Layout::Named(name) if !own.layouts.contains(name) => Some(Warning {
                    location: Location::file(&document.source_path),
                    message: format!(
                        "Build Warning: Layout '{name}' requested in {} does not exist.",
                        document.relative_path
                    ),
                }),
                _ => None,
            })
            .collect()
    }
}

/// The page a layout renders a generated page for, when it has no document: at
/// `relative_path` and `url`, with nothing else (its `page` value is given whole).
fn stand_in_page(relative_path: &str, url: &str, source: &Path) -> Document {
    Document {
        kind: Kind::Page,
        draft: false,
        collection: None,
        source_path: source.to_path_buf(),
        relative_path: relative_path.to_string(),
        front_matter: Map::new(),
        body: String::new(),
        body_line: 1,
        date: None,
        title: String::new(),
        slug: String::new(),
        categories: Vec::new(),
        tags: Vec::new(),
        url: url.to_string(),
        id: url.to_string(),
        output_path: relative_path.to_string(),
        is_markdown: false,
        layout: Layout::None,
        excerpt_source: None,
        render_with_liquid: true,
        read_warnings: Vec::new(),
    }
}

/// A layout's render error as the theme stage reports it: at the layout's line, with
/// the document being rendered.
fn located(error: &crate::render::RenderError, document: Option<&Path>) -> ThemeError {
    let location = error
        .location()
        .cloned()
        .unwrap_or_else(|| Location::file("_layouts"));
    let mut message = error.to_string();
    if let Some(document) = document {
        message.push_str(&format!(" (while rendering {})", document.display()));
    }
    ThemeError::Template { location, message }
}
