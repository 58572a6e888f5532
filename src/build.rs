//! The pipeline, top to bottom: configuration → content → render → generate → theme →
//! syndication → output, one call per stage in [`render_site_incremental`].
//!
//! [`render_site`] produces the whole site in memory; [`render_site_incremental`] does
//! the same reusing a [`BuildCache`] of the previous render (what `serve` rebuilds
//! with); [`build`] renders and writes the site, atomically.
//!
//! Each stage's step lives in its own module with its slice of the cache: `load`
//! (content), `bodies` (render), `values` (template values and `site`),
//! `plugin_pages` (generate, and what Jekyll's plugins add to `site.pages`),
//! `themed` with `jobs` (theme), `files` (syndication and the output's files).

mod bodies;
mod cache;
mod files;
mod jobs;
mod load;
mod plugin_pages;
mod themed;
mod timer;
mod values;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use thiserror::Error;

use crate::config::{BuildOptions, Config, ConfigError};
use crate::content::ContentError;
use crate::diagnostic::{Located, Location, Warning};
use crate::functions::{self, FunctionsError};
use crate::generate::{GeneratedPage, Generator, PaginatedPage};
use crate::output::{self, OutputError, OutputFile, SiteFiles};
use crate::render::RenderError;
use crate::render::liquid::LayoutSource;
use crate::syndication::redirects::RedirectPages;
use crate::syndication::{SiteMeta, SyndicationError};
use crate::theme::ThemeError;
use crate::theme::liquid_layouts::{self, PageLayouts};
use bodies::Rendered;
pub use cache::BuildCache;
pub use load::FileStamp;
use load::Loaded;
use plugin_pages::generate_pages;
use themed::{Changes, CompiledTheme, PageTheming, Themed};
use timer::PhaseTimer;
use values::Values;

/// Where the generated syntax-highlighting stylesheet is written.
pub const SYNTAX_CSS_PATH: &str = "assets/css/syntax.css";

/// Any stage's error.
#[derive(Debug, Error)]
pub enum BuildError {
    /// Configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Content loading.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// Rendering a body (Liquid).
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Theme loading or rendering.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// Writing the site.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Feed, sitemap or redirect pages.
    #[error(transparent)]
    Syndication(#[from] SyndicationError),
    /// The functions stack or its bundle.
    #[error(transparent)]
    Functions(#[from] FunctionsError),
    /// A stage panicked: a bug in coldstart, reported instead of taking `serve` down.
    #[error("internal error (a bug in coldstart, please report it): {0}")]
    Panicked(String),
}

impl BuildError {
    /// The error for a caught panic, with the panic's own message.
    pub fn from_panic(payload: Box<dyn std::any::Any + Send>) -> BuildError {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a stage panicked".to_string());
        BuildError::Panicked(message)
    }
}

impl Located for BuildError {
    fn location(&self) -> Option<&Location> {
        match self {
            BuildError::Config(e) => e.location(),
            BuildError::Content(e) => e.location(),
            BuildError::Render(e) => e.location(),
            BuildError::Theme(e) => e.location(),
            BuildError::Output(e) => e.location(),
            BuildError::Syndication(e) => e.location(),
            BuildError::Functions(e) => e.location(),
            BuildError::Panicked(_) => None,
        }
    }
}

/// A site rendered in memory.
pub struct RenderedSite {
    /// The configuration it was built with.
    pub config: Config,
    /// Every output file.
    pub files: SiteFiles,
    /// Counts for the summary line.
    pub stats: BuildStats,
    /// Everything worth telling the author.
    pub warnings: Vec<Warning>,
    /// Where `build` wrote the functions bundle, when the site has functions.
    pub functions_bundle: Option<PathBuf>,
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    /// Posts rendered (drafts included).
    pub posts: usize,
    /// Pages rendered.
    pub pages: usize,
    /// Static files copied.
    pub static_files: usize,
    /// Files in the output.
    pub files: usize,
    /// Document bodies this render rendered through Liquid and Markdown; the others
    /// were kept from the previous render (see [`render_site_incremental`]).
    pub bodies_rendered: usize,
    /// Pages this render rendered through the theme; the others were kept.
    pub pages_rendered: usize,
    /// Wall-clock time of the build.
    pub elapsed: Duration,
    /// What placed the pages in layouts (a tera theme, or the site's own layouts).
    pub layouts: String,
}

impl BuildStats {
    /// The counts of a render.
    fn count(
        upstream: &Upstream,
        files: &SiteFiles,
        themed: &ThemedSite,
        layouts: &PageLayouts,
        started: Instant,
    ) -> BuildStats {
        let site = &upstream.loaded.site;
        BuildStats {
            posts: site.posts.len(),
            pages: site.pages.len(),
            static_files: site.static_files.len(),
            files: files.len(),
            bodies_rendered: upstream.rendered.bodies_rendered,
            pages_rendered: themed.pages.pages_rendered,
            elapsed: started.elapsed(),
            layouts: layouts.description(),
        }
    }

    /// "3 posts, 2 pages, 5 static files with the default theme", with singulars where
    /// they belong: the summary line `build` and `serve` print.
    pub fn summary(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let counts = [
            count(self.posts, "post", "posts"),
            count(self.pages, "page", "pages"),
            count(self.static_files, "static file", "static files"),
        ]
        .join(", ");
        if self.layouts.is_empty() {
            counts
        } else {
            format!("{counts} with {}", self.layouts)
        }
    }
}

/// Builds and writes the site described by `options`, and the functions bundle
/// beside it (see [`functions::export::stage_bundle`]).
pub fn build(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let mut config = Config::load(options)?;
    config.functions.published = true;
    let mut site = render_site(config)?;
    let bundle = functions::export::stage_bundle(
        &site.config.source,
        &site.config.destination,
        options.functions_out.as_deref(),
    )?;
    output::write_atomically(
        &site.files,
        &site.config.destination,
        &site.config.source,
        &site.config.keep_files,
    )?;
    // The site is published: from here on a failure is a warning, never an error that
    // would claim the destination was left as it was.
    match bundle
        .map(functions::export::StagedBundle::install)
        .transpose()
    {
        Ok(installed) => site.functions_bundle = installed,
        Err(e) => site.warnings.push(Warning {
            location: e
                .location()
                .cloned()
                .unwrap_or_else(|| Location::file(&site.config.source)),
            message: format!("the site was published, but its functions bundle was not: {e}"),
        }),
    }
    site.stats.elapsed = started.elapsed();
    Ok(site)
}

/// Runs every stage but the write: the site as files in memory, built from scratch.
pub fn render_site(config: Config) -> Result<RenderedSite, BuildError> {
    render_site_incremental(config, &[], &mut BuildCache::new(Utc::now()))
}

/// [`render_site`], reusing what `cache` kept from the previous render of the same
/// site wherever its inputs are unchanged (see [`cache`] for the rules), and keeping
/// this render's results for the next. `changed_paths` are files reported changed
/// since then (the watcher's paths): they are re-read whatever their stamps say, and
/// a change outside the theme's templates and `static/` makes Liquid bodies re-render.
///
/// One call per stage, each given its slice of the cache and returning a named
/// result; a clean build runs the same calls with an empty cache. The result is the
/// same, byte for byte, as [`render_site`] with the cache's build time. On error the
/// cache is left as it was.
pub fn render_site_incremental(
    config: Config,
    changed_paths: &[PathBuf],
    cache: &mut BuildCache,
) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let mut timer = PhaseTimer::from_env();
    let emptied;
    let previous = if cache.holds(&config) {
        &*cache
    } else {
        emptied = BuildCache::new(cache.time);
        &emptied
    };
    let changed_paths: BTreeSet<&Path> = changed_paths.iter().map(PathBuf::as_path).collect();

    let loaded = Loaded::load(&config, previous.time, &previous.content, &changed_paths)?;
    timer.lap("load");
    let layout_sources = liquid_layouts::read_layouts(&config)?;
    let templates = Templates::read(&config, previous.theme.as_ref(), layout_sources.is_some())?;
    timer.lap("theme");
    let has_template = |name: &str| templates.has_template(name);
    let generator = Generator::new(&config.generate, &loaded.site, &has_template);
    let rendered = Rendered::render(&config, &loaded, &generator, &previous.bodies)?;
    let upstream = Upstream {
        config: &config,
        loaded: &loaded,
        rendered: &rendered,
        templates: &templates,
        previous,
    };
    let mut layout_warnings = Vec::new();
    let layouts = upstream.place_in_layouts(layout_sources, &mut layout_warnings)?;
    timer.lap("render bodies");
    let values = Values::convert(&upstream, &generator);
    timer.lap("page values");
    let mut generated = generate_pages(&upstream, &layouts, &generator, &values);
    timer.lap("generate");
    let pages = std::mem::take(&mut generated.pages);
    let paginated = generated.paginated_page.as_ref();
    let themed = theme_and_syndicate(&upstream, &layouts, &values, pages, paginated, &mut timer)?;
    let tera_theme = Some(&*templates.theme).filter(|_| !layouts.own_only());
    let files = files::gather(&upstream, &themed, tera_theme)?;
    timer.lap("syndication and files");

    let warnings = (loaded.warnings.iter())
        .chain(rendered.warnings())
        .chain(&layout_warnings)
        .chain(&generated.warnings)
        .chain(&layouts.take_warnings())
        .chain(files.conflicts())
        .cloned()
        .collect();
    let stats = BuildStats::count(&upstream, &files, &themed, &layouts, started);
    *cache = BuildCache {
        time: previous.time,
        config: Some(config.clone()),
        content: loaded.keep(),
        theme: Some(templates.theme),
        bodies: rendered.keep(),
        values: values.keep(),
        outputs: themed.pages.keep(),
        syndication: Some(themed.syndicated),
    };
    timer.report();
    Ok(RenderedSite {
        config,
        files,
        stats,
        warnings,
        functions_bundle: None,
    })
}

/// The tera theme, read before any body renders: compiled, which of its templates
/// changed since the previous render, and whether the site uses it at all.
struct Templates {
    theme: Arc<CompiledTheme>,
    changed: BTreeSet<String>,
    /// Without a chosen tera theme, a site with `_layouts/` gets nothing of the theme.
    own_layouts_only: bool,
}

impl Templates {
    /// The theme of `config`, reusing `previous` when its sources are unchanged;
    /// `has_own_layouts` when the site has Liquid layouts of its own.
    fn read(
        config: &Config,
        previous: Option<&Arc<CompiledTheme>>,
        has_own_layouts: bool,
    ) -> Result<Templates, BuildError> {
        let theme = CompiledTheme::refresh(previous, config)?;
        let changed = theme.changed_since(previous.map(|p| &**p));
        Ok(Templates {
            theme,
            changed,
            own_layouts_only: has_own_layouts && !config.theme_chosen,
        })
    }

    /// Whether the tera theme, when the site uses it, has the template `name`.
    fn has_template(&self, name: &str) -> bool {
        !self.own_layouts_only && self.theme.theme.has_template(name)
    }
}

/// What the content and render stages produced and the previous render kept: read by
/// every later stage.
struct Upstream<'a> {
    config: &'a Config,
    loaded: &'a Loaded,
    rendered: &'a Rendered,
    templates: &'a Templates,
    previous: &'a BuildCache,
}

impl<'a> Upstream<'a> {
    /// The layouts pages are placed in: the tera theme, and the site's own Liquid
    /// layouts (`sources`) when it has them.
    fn place_in_layouts(
        &self,
        sources: Option<Vec<LayoutSource>>,
        warnings: &mut Vec<Warning>,
    ) -> Result<PageLayouts<'a>, BuildError> {
        let Upstream {
            config,
            loaded,
            rendered,
            templates,
            ..
        } = self;
        Ok(PageLayouts::new(
            config,
            &templates.theme.theme,
            sources,
            rendered.layout_site(config, &loaded.site),
            &loaded.site,
            rendered.pagination.as_ref(),
            warnings,
        )?)
    }
}

/// The theme and syndication stages' results.
struct ThemedSite {
    /// Every page in its layout.
    pages: Themed,
    /// The feed, sitemap and redirect files.
    syndicated: Arc<Vec<OutputFile>>,
}

/// The theme and syndication stages: every page, generated ones included, in its
/// layout, then the files of the feed, sitemap and redirect plugins.
fn theme_and_syndicate(
    upstream: &Upstream,
    layouts: &PageLayouts,
    values: &Values,
    generated: Vec<GeneratedPage>,
    paginated: Option<&PaginatedPage>,
    timer: &mut PhaseTimer,
) -> Result<ThemedSite, BuildError> {
    let Upstream {
        config,
        loaded,
        rendered,
        templates,
        previous,
    } = upstream;
    let site_meta = SiteMeta::new(config, &loaded.site, &rendered.renderer);
    let redirect_pages =
        RedirectPages::new(&templates.theme.theme, &values.site_value).with_layouts(layouts);
    let theming = PageTheming {
        theme: &templates.theme,
        layouts,
        previous: &previous.outputs,
        changes: Changes::since(loaded, values, &templates.changed),
        site_value: &values.site_value,
        site_meta: &site_meta,
        redirect_pages: &redirect_pages,
        renderer: &rendered.renderer,
    };
    let planned = theming.plan(loaded, values, generated, paginated)?;
    let pages = theming.render(planned)?;
    timer.lap("theme pages");
    let syndicated = files::syndicate(previous.syndication.as_ref(), &theming, loaded, rendered)?;
    Ok(ThemedSite { pages, syndicated })
}
