//! The pipeline, top to bottom: configuration → content → render → generate → theme →
//! output.
//!
//! [`render_site`] produces the whole site in memory; [`render_site_incremental`] does
//! the same reusing a [`BuildCache`] of the previous render (what `serve` rebuilds
//! with); [`build`] renders and writes the site, atomically.

mod cache;
mod plugin_pages;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;

use rayon::prelude::*;
use serde_json::{Map, Value};
use thiserror::Error;

use crate::config::{BuildOptions, Config, ConfigError};
use crate::content::document::Document;
use crate::content::{self, ContentError};
use crate::diagnostic::{Located, Location, Warning};
use crate::functions::{self, FunctionsError};
use crate::generate::{self, GeneratedPage, Template};
use crate::output::{self, Contents, Layer, OutputError, OutputFile, SiteFiles};
use crate::render::{RenderError, Renderer, highlight};
use crate::syndication::redirects::{self, RedirectPages};
use crate::syndication::{self, Published, SiteMeta, SyndicationError};
use crate::theme::dependencies::SiteReads;
use crate::theme::liquid_layouts::{self, PageLayouts};
use crate::theme::{self, ThemeError, context};
pub use cache::{BuildCache, FileStamp};
use cache::{
    Changes, CompiledTheme, DocumentValues, NEXT_KEY, PREVIOUS_KEY, PageInputs, ThemedOutput,
};
use plugin_pages::{generated_page_list, give_pagers_their_bodies, render_pagers};

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
    /// Wall-clock time of the build.
    pub elapsed: Duration,
    /// What placed the pages in layouts (a tera theme, or the site's own layouts).
    pub layouts: String,
}

impl BuildStats {
    /// "3 posts, 2 pages, 5 static files", with singulars where they belong: the
    /// summary line `build` and `serve` print.
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
/// The result is the same, byte for byte, as [`render_site`] with the cache's build
/// time. On error the cache is left as it was.
pub fn render_site_incremental(
    config: Config,
    changed_paths: &[PathBuf],
    cache: &mut BuildCache,
) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let mut timer = PhaseTimer::from_env();
    let emptied;
    let previous: &BuildCache = if cache.config.as_ref() == Some(&config) {
        cache
    } else {
        emptied = BuildCache::new(cache.time);
        &emptied
    };
    let changed_paths: BTreeSet<&Path> = changed_paths.iter().map(PathBuf::as_path).collect();

    let listing = content::Listing::new(&config, previous.time)?;
    let sources = cache::Sources::refresh(&previous.sources, &listing, &changed_paths)?;
    let content::Loaded { site, mut warnings } = listing.assemble(sources.loaded())?;
    warnings.splice(0..0, config.warnings.iter().cloned());
    let includes = cache::include_stamps(&config);
    let data_changed = previous.data.as_ref() != Some(&site.data);
    // Documents of written collections render and are written as pages are (after
    // them, so a page's index is its index here too).
    let pages: Vec<Arc<Document>> = site
        .pages
        .iter()
        .chain(site.written_documents())
        .cloned()
        .collect();
    timer.lap("load");

    let theme_sources = theme::read_sources(&config.theme)?;
    let compiled = CompiledTheme::refresh(previous.theme.as_ref(), &config, theme_sources)?;
    let changed_templates = compiled.changed_since(previous.theme.as_deref());
    let theme = &compiled.theme;
    let layout_sources = liquid_layouts::read_layouts(&config)?;
    let own_layouts_only = layout_sources.is_some() && !config.theme_chosen;
    timer.lap("theme");

    let settings = generate::Settings::from_config(&config)?;
    let has_template = |name: &str| !own_layouts_only && theme.has_template(name);
    let generator = generate::Generator::new(&settings, &site, &has_template);
    let pagination = generator.liquid_pagination();
    let listed_pages = generated_page_list(&config, &site, pagination.as_ref());
    let renderer = Renderer::new(&config, &site, &listed_pages);
    let liquid_inputs_changed = sources.changed
        || data_changed
        || includes != previous.includes
        || changed_paths
            .iter()
            .any(|path| !is_theme_template_or_static(path, &config));
    let post_bodies = cache::render_bodies(
        &previous.bodies,
        &sources,
        &renderer,
        &site.posts,
        liquid_inputs_changed,
    )?;
    // Jekyll renders posts first: pages' Liquid sees their rendered HTML.
    let rendered_posts: Vec<_> = post_bodies.iter().map(|r| &r.body).collect();
    let page_renderer = renderer.for_pages(
        &config,
        &site,
        &rendered_posts,
        &listed_pages,
        pagination.as_ref(),
    );
    let page_bodies = cache::render_bodies(
        &previous.bodies,
        &sources,
        &page_renderer,
        &pages,
        liquid_inputs_changed,
    )?;
    for rendered in post_bodies.iter().chain(&page_bodies) {
        warnings.extend(rendered.warnings.iter().cloned());
    }
    let pager_bodies = render_pagers(&page_renderer, &site, pagination.as_ref())?;
    let layouts = PageLayouts::new(
        &config,
        theme,
        layout_sources,
        renderer.layout_site(
            &config,
            &site,
            &rendered_posts,
            &listed_pages,
            pagination.as_ref(),
        ),
        &site,
        pagination.as_ref(),
        &mut warnings,
    )?;
    timer.lap("render bodies");

    // Tag and category links depend on which templates the theme has.
    let reuse_values = changed_templates.is_empty();
    let post_bases = cache::base_values(&previous.post_values, &post_bodies, reuse_values, |i| {
        let mut value = context::document_value(&site.posts[i], &post_bodies[i].body);
        generator.annotate_post(&site.posts[i], &mut value);
        value
    });
    let page_bases = cache::base_values(&previous.page_values, &page_bodies, reuse_values, |i| {
        context::document_value(&pages[i], &page_bodies[i].body)
    });
    let (post_bases, kept_posts) = cache::split_bases(post_bases);
    let post_values = cache::annotated(
        &post_bases,
        &kept_posts,
        generator.series_infos(
            &post_bases,
            cache::kept_annotations(&kept_posts, generate::SERIES_INFO_KEY),
        ),
        generate::SERIES_INFO_KEY,
    );
    let (page_values, kept_pages) = cache::split_bases(page_bases);
    timer.lap("page values");

    let (post_templates, post_unchanged, posts_changed) = cache::document_values(
        kept_posts,
        post_bases,
        &post_values,
        &post_bodies,
        &previous.post_values,
        generate::SERIES_INFO_KEY,
    );
    let (page_templates, _, pages_changed) = cache::document_values(
        kept_pages,
        page_values.clone(),
        &page_values,
        &page_bodies,
        &previous.page_values,
        generate::SERIES_INFO_KEY,
    );
    let template_values =
        |values: &DocumentValues| values.iter().map(|v| v.value.clone()).collect::<Vec<_>>();
    let site_value = context::site_value(
        &config,
        &site,
        &template_values(&post_templates),
        &template_values(&page_templates)[..site.pages.len()],
    );
    let changes = Changes {
        site: SiteReads {
            posts: posts_changed,
            tags: posts_changed,
            categories: posts_changed,
            pages: pages_changed,
            data: data_changed,
            // Fixed for the cache's life.
            time: false,
        },
        templates: &changed_templates,
    };
    timer.lap("site value");

    let site_meta = SiteMeta::new(&config, &site, &renderer);
    let redirect_pages = RedirectPages::new(theme, &site_value).with_layouts(&layouts);
    let mut generated = generator.generate(&post_values, &page_values);
    warnings.extend(std::mem::take(&mut generated.warnings));
    if let Some(pagination) = &pagination {
        give_pagers_their_bodies(&mut generated.pages, &pagination.page, &pager_bodies);
    }
    timer.lap("generate");

    let kept = |job: &RenderJob, template: &Option<String>, inputs: PageInputs| {
        // Pages in Liquid layouts are placed again at every build (their bodies are kept).
        if template.as_deref().is_some_and(PageLayouts::is_liquid) {
            return None;
        }
        let kept = previous.outputs.get(&job.output_path)?;
        let reads = template.as_ref().and_then(|t| compiled.reads.get(t));
        let holds = !job.redirects()
            && kept.file.source == job.source
            && kept.file.layer == job.layer
            && kept.still_holds(template.as_deref(), reads, inputs, &changes);
        holds.then(|| kept.clone())
    };
    let mut planned: Vec<Planned> = site
        .posts
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let previous_post = i.checked_sub(1).map(|p| &*post_values[p]);
            let next_post = post_values.get(i + 1).map(|v| &**v);
            let mut job = RenderJob::document(doc, Map::new(), None);
            if post_unchanged[i] {
                let template = job.template(&layouts)?;
                let inputs = PageInputs::Neighbours {
                    previous: previous_post,
                    next: next_post,
                };
                if let Some(output) = kept(&job, &template, inputs) {
                    return Ok(Planned::Kept(output));
                }
            }
            job.page = (*post_values[i]).clone();
            let neighbours = [(PREVIOUS_KEY, previous_post), (NEXT_KEY, next_post)];
            for (key, post) in neighbours {
                job.page.insert(key.into(), context::neighbour_value(post));
            }
            Ok(Planned::Render(Box::new(job)))
        })
        .collect::<Result<_, ThemeError>>()?;
    let paginated = generated.paginated_page;
    let page_jobs = pages.iter().enumerate().map(|(i, doc)| {
        let paginator = paginated
            .as_ref()
            .filter(|p| p.index == i)
            .map(|p| p.paginator.clone());
        RenderJob::document(doc, (*page_values[i]).clone(), paginator)
    });
    let generated_jobs = generated.pages.into_iter().map(RenderJob::generated);
    planned.extend(
        page_jobs
            .chain(generated_jobs)
            .map(|job| Planned::Render(Box::new(job))),
    );
    let themed: Vec<Arc<ThemedOutput>> = planned
        .into_par_iter()
        .map(|planned| {
            let job = match planned {
                Planned::Kept(output) => return Ok(output),
                Planned::Render(job) => *job,
            };
            let template = job.template(&layouts)?;
            let inputs = PageInputs::Values {
                page: &job.page,
                paginator: job.paginator.as_ref(),
            };
            if let Some(output) = kept(&job, &template, inputs) {
                return Ok(output);
            }
            let file = job.render(
                template.as_deref(),
                &layouts,
                &site_value,
                &site_meta,
                &redirect_pages,
            )?;
            let file = job.rewrite_by_plugins(file, &renderer);
            Ok(Arc::new(ThemedOutput::new(
                template,
                job.page,
                job.paginator,
                file,
            )))
        })
        .collect::<Result<_, ThemeError>>()?;
    warnings.extend(layouts.take_warnings());
    timer.lap("theme pages");

    let mut files = SiteFiles::new();
    for output in &themed {
        files.add(output.file.clone())?;
    }
    for (document, rendered) in site.pages.iter().zip(&page_bodies) {
        if let Some(map) = &rendered.body.source_map {
            files.add(OutputFile {
                path: format!("{}.map", document.output_path),
                contents: Contents::Bytes(map.as_bytes().into()),
                source: document.source_path.clone(),
                layer: Layer::Site,
            })?;
        }
    }
    for file in &site.static_files {
        files.add(OutputFile {
            path: file.relative_path.clone(),
            contents: Contents::CopyOf(file.source_path.clone()),
            source: file.source_path.clone(),
            layer: Layer::Site,
        })?;
    }
    for file in site.written_collection_files() {
        files.add(OutputFile {
            path: file.output_path(),
            contents: Contents::CopyOf(file.file.source_path.clone()),
            source: file.file.source_path.clone(),
            layer: Layer::Site,
        })?;
    }
    let syndication_unchanged = !posts_changed
        && !pages_changed
        && !data_changed
        && !sources.changed
        && changed_templates.is_empty();
    let syndicated = match &previous.syndication {
        Some(kept) if syndication_unchanged => kept.clone(),
        _ => {
            let published: Vec<Published> = site
                .posts
                .iter()
                .zip(&post_bodies)
                .chain(pages.iter().zip(&page_bodies))
                .map(|(document, rendered)| Published {
                    document,
                    body: &rendered.body,
                })
                .collect();
            Arc::new(syndication::files(
                &site_meta,
                &published,
                &site.static_files,
                &redirect_pages,
                if own_layouts_only {
                    syndication::Outputs::ListedPlugins
                } else {
                    syndication::Outputs::All
                },
            )?)
        }
    };
    for file in syndicated.iter() {
        files.add(file.clone())?;
    }
    // A site in its own layouts gets nothing of the tera theme.
    let theme_files = !own_layouts_only;
    if let Some(dir) = theme.static_dir().filter(|_| theme_files) {
        add_static_folder(&mut files, dir, Layer::ThemeStatic)?;
    }
    for (path, contents) in theme
        .embedded_static_files()
        .into_iter()
        .filter(|_| theme_files)
    {
        files.add(OutputFile {
            source: theme::embedded::source_path(&format!("static/{path}")),
            path,
            contents: Contents::Bytes(Arc::from(contents.as_ref())),
            layer: Layer::ThemeStatic,
        })?;
    }
    if let Some(dir) = &config.static_dir {
        add_static_folder(&mut files, dir, Layer::ProjectStatic)?;
    }
    if theme_files {
        files.add(OutputFile {
            path: SYNTAX_CSS_PATH.into(),
            contents: Contents::Bytes(highlight::stylesheet().into_bytes().into()),
            source: PathBuf::from("(generated syntax stylesheet)"),
            layer: Layer::Generated,
        })?;
    }
    timer.lap("syndication and files");
    warnings.extend(files.conflicts().iter().cloned());

    let stats = BuildStats {
        posts: site.posts.len(),
        pages: site.pages.len(),
        static_files: site.static_files.len(),
        files: files.len(),
        elapsed: started.elapsed(),
        layouts: layouts.description(),
    };
    let bodies = post_bodies
        .into_iter()
        .chain(page_bodies)
        .map(|rendered| (rendered.source_path().to_path_buf(), rendered))
        .collect();
    *cache = BuildCache {
        time: previous.time,
        sources: sources.files,
        includes,
        data: Some(site.data),
        theme: Some(compiled),
        bodies,
        post_values: post_templates,
        page_values: page_templates,
        outputs: themed
            .into_iter()
            .map(|output| (output.file.path.clone(), output))
            .collect(),
        syndication: Some(syndicated),
        config: Some(config.clone()),
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

/// Whether `path` is a theme template or under a `static/` folder: files no Liquid
/// body can read.
fn is_theme_template_or_static(path: &Path, config: &Config) -> bool {
    let theme = config.theme.folder();
    let dirs = [
        theme.map(|dir| dir.join("templates")),
        theme.map(|dir| dir.join("static")),
        config.static_dir.clone(),
    ];
    dirs.into_iter().flatten().any(|dir| {
        path.starts_with(&dir) || dir.canonicalize().is_ok_and(|real| path.starts_with(real))
    })
}

/// Wall-clock time of each phase of a render, printed to stderr when the environment
/// variable `COLDSTART_TIMINGS` is set (to find what a rebuild spends its time on).
struct PhaseTimer {
    last: Option<Instant>,
    laps: Vec<(&'static str, Duration)>,
}

impl PhaseTimer {
    /// A timer that records only when `COLDSTART_TIMINGS` is set.
    fn from_env() -> PhaseTimer {
        PhaseTimer {
            last: std::env::var_os("COLDSTART_TIMINGS").map(|_| Instant::now()),
            laps: Vec::new(),
        }
    }

    /// Ends the phase called `name`.
    fn lap(&mut self, name: &'static str) {
        if let Some(last) = &mut self.last {
            self.laps.push((name, last.elapsed()));
            *last = Instant::now();
        }
    }

    /// Prints the phases, one line.
    fn report(&self) {
        if self.last.is_some() {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            eprintln!("timings: {}", laps.join(", "));
        }
    }
}

/// A page for the theme: rendered before and still as it would render now, or to
/// render.
enum Planned<'a> {
    /// The previous render's page, still valid.
    Kept(Arc<ThemedOutput>),
    /// A page to render (unless its complete inputs turn out unchanged).
    Render(Box<RenderJob<'a>>),
}

/// One file for the theme to render: a document, or a page of the generate stage.
struct RenderJob<'a> {
    /// The document, for documents of the site (a `redirect_to` replaces its output).
    document: Option<&'a Document>,
    template: Template,
    page: Map<String, Value>,
    paginator: Option<Value>,
    output_path: String,
    source: PathBuf,
    layer: Layer,
}

impl<'a> RenderJob<'a> {
    /// A document of the site, with its `page` value (and `paginator`, for the page
    /// jekyll-paginate paginates).
    fn document(doc: &'a Document, page: Map<String, Value>, paginator: Option<Value>) -> Self {
        RenderJob {
            document: Some(doc),
            template: Template::Layout(doc.layout.clone()),
            page,
            paginator,
            output_path: doc.output_path.clone(),
            source: doc.source_path.clone(),
            layer: Layer::Site,
        }
    }

    /// A generated page: below the site's own files, so a file the site has wins.
    fn generated(page: GeneratedPage) -> Self {
        RenderJob {
            document: None,
            template: page.template,
            page: page.page,
            paginator: page.paginator,
            output_path: page.output_path,
            source: page.source,
            layer: Layer::Generated,
        }
    }

    /// Whether a `redirect_to` replaces the page (its output is then the redirect
    /// page, which reads more than the job's own values).
    fn redirects(&self) -> bool {
        self.document
            .is_some_and(|document| redirects::redirect_to(document).is_some())
    }

    /// The theme template that renders the page: `None` when its layout is none.
    fn template(&self, layouts: &PageLayouts) -> Result<Option<String>, ThemeError> {
        match &self.template {
            Template::Theme(name) => Ok(Some(name.to_string())),
            Template::Layout(layout) => layouts.template_for(layout, &self.source),
        }
    }

    /// Renders the page with `template` (from [`RenderJob::template`]), or writes its
    /// `content` alone when it has none; a document with `redirect_to` becomes its
    /// redirect page. Templates always see `page`, `site`, `paginator` (`null` except
    /// on paginated pages), `seo` and `feed_meta`.
    fn render(
        &self,
        template: Option<&str>,
        layouts: &PageLayouts,
        site_value: &tera::Value,
        site_meta: &SiteMeta,
        redirect_pages: &RedirectPages,
    ) -> Result<OutputFile, ThemeError> {
        let redirect = match self.document {
            Some(document) => redirect_pages.replacement(site_meta, document)?,
            None => None,
        };
        let html = match (redirect, template) {
            (Some(redirect), _) => redirect,
            (None, Some(template)) if PageLayouts::is_liquid(template) => {
                let head = syndication::head_tags(site_meta, &self.page, self.paginator.as_ref());
                layouts.render_liquid(
                    template,
                    self.document,
                    &self.page,
                    self.paginator.as_ref(),
                    &self.source,
                    head,
                )?
            }
            (None, Some(template)) => {
                let context = syndication::page_context(
                    site_meta,
                    site_value,
                    &self.page,
                    self.paginator.as_ref(),
                );
                layouts.theme.render(template, &context, &self.source)?
            }
            (None, None) => match self.page.get("content") {
                Some(Value::String(content)) => content.clone(),
                _ => String::new(),
            },
        };
        Ok(OutputFile {
            path: self.output_path.clone(),
            contents: Contents::Bytes(html.into_bytes().into()),
            source: self.source.clone(),
            layer: self.layer,
        })
    }
}

impl RenderJob<'_> {
    /// The written page as the site's plugins leave it (mentions, emoji).
    fn rewrite_by_plugins(&self, file: OutputFile, renderer: &Renderer) -> OutputFile {
        let Contents::Bytes(bytes) = &file.contents else {
            return file;
        };
        let Ok(html) = std::str::from_utf8(bytes) else {
            return file;
        };
        let front_matter = self.document.map(|document| &document.front_matter);
        let Some(html) = renderer.rewrite_page(html, &file.path, front_matter) else {
            return file;
        };
        OutputFile {
            contents: Contents::Bytes(html.into_bytes().into()),
            ..file
        }
    }
}

/// Adds every file under a theme's or the project's `static/` folder at the same
/// relative path in the output.
fn add_static_folder(
    files: &mut SiteFiles,
    dir: &std::path::Path,
    layer: Layer,
) -> Result<(), BuildError> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ContentError::Read {
            location: Location::file(e.path().unwrap_or(dir)),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.add(OutputFile {
            path: relative,
            contents: Contents::CopyOf(entry.path().to_path_buf()),
            source: entry.path().to_path_buf(),
            layer,
        })?;
    }
    Ok(())
}
