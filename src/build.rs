//! The pipeline, top to bottom: configuration → content → render → generate → theme →
//! output.
//!
//! [`render_site`] produces the whole site in memory (what `serve` will serve);
//! [`build`] also writes it, atomically.

use std::path::PathBuf;
use std::time::{Duration, Instant};

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
use crate::render::{RenderError, RenderedBody, Renderer, highlight};
use crate::syndication::{self, Published, SiteMeta, SyndicationError, redirects::RedirectPages};
use crate::theme::filters::UrlSettings;
use crate::theme::{Theme, ThemeError, context};

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
}

impl BuildStats {
    /// "3 posts, 2 pages, 5 static files", with singulars where they belong: the
    /// summary line `build` and `serve` print.
    pub fn summary(&self) -> String {
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        [
            count(self.posts, "post", "posts"),
            count(self.pages, "page", "pages"),
            count(self.static_files, "static file", "static files"),
        ]
        .join(", ")
    }
}

/// Builds and writes the site described by `options`, and the functions bundle
/// beside it (see [`functions::export::write_bundle`]).
pub fn build(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let mut config = Config::load(options)?;
    config.functions.published = true;
    let mut site = render_site(config)?;
    let keep_files: Vec<String> = site
        .config
        .site
        .get("keep_files")
        .and_then(|v| v.as_array())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    output::write_atomically(
        &site.files,
        &site.config.destination,
        &site.config.source,
        &keep_files,
    )?;
    site.functions_bundle = functions::export::write_bundle(
        &site.config.source,
        &site.config.destination,
        options.functions_out.as_deref(),
    )?;
    site.stats.elapsed = started.elapsed();
    Ok(site)
}

/// Runs every stage but the write: the site as files in memory.
pub fn render_site(config: Config) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let content::Loaded { site, mut warnings } = content::load(&config)?;
    let theme = Theme::load(
        &config.theme_dir,
        UrlSettings {
            url: config.url.clone(),
            baseurl: config.baseurl.clone(),
        },
    )?;
    let renderer = Renderer::new(&config, &site);

    let render_all =
        |documents: &[Document]| -> Result<Vec<(RenderedBody, Vec<Warning>)>, RenderError> {
            documents.par_iter().map(|d| renderer.render(d)).collect()
        };
    let post_bodies = render_all(&site.posts)?;
    let page_bodies = render_all(&site.pages)?;
    for (_, body_warnings) in post_bodies.iter().chain(&page_bodies) {
        warnings.extend(body_warnings.iter().cloned());
    }

    let settings = generate::Settings::from_config(&config)?;
    let has_template = |name: &str| theme.has_template(name);
    let generator = generate::Generator::new(&settings, &site, &has_template);
    let mut post_values: Vec<_> = site
        .posts
        .iter()
        .zip(&post_bodies)
        .map(|(d, (b, _))| context::document_value(d, b))
        .collect();
    generator.annotate_posts(&mut post_values);
    let page_values: Vec<_> = site
        .pages
        .iter()
        .zip(&page_bodies)
        .map(|(d, (b, _))| context::document_value(d, b))
        .collect();
    let site_value = context::site_value(&config, &site, &post_values, &page_values);
    let site_meta = SiteMeta::new(&config, &site, &renderer);
    let redirect_pages = RedirectPages::new(&theme, &site_value);
    let generated = generator.generate(&post_values, &page_values);
    warnings.extend(generated.warnings);

    let post_jobs = site.posts.iter().enumerate().map(|(i, doc)| {
        let mut page = post_values[i].clone();
        page.insert(
            "previous".into(),
            context::neighbour_value(i.checked_sub(1).map(|p| &post_values[p])),
        );
        page.insert(
            "next".into(),
            context::neighbour_value(post_values.get(i + 1)),
        );
        RenderJob::document(doc, page, None)
    });
    let paginated = generated.paginated_page;
    let page_jobs = site.pages.iter().enumerate().map(|(i, doc)| {
        let paginator = paginated
            .as_ref()
            .filter(|p| p.index == i)
            .map(|p| p.paginator.clone());
        RenderJob::document(doc, page_values[i].clone(), paginator)
    });
    let generated_jobs = generated.pages.into_iter().map(RenderJob::generated);
    let jobs: Vec<RenderJob> = post_jobs.chain(page_jobs).chain(generated_jobs).collect();
    let rendered: Vec<Result<OutputFile, ThemeError>> = jobs
        .into_par_iter()
        .map(|job| job.render(&theme, &site_value, &site_meta, &redirect_pages))
        .collect();

    let mut files = SiteFiles::new();
    for file in rendered {
        files.add(file?)?;
    }
    for file in &site.static_files {
        files.add(OutputFile {
            path: file.relative_path.clone(),
            contents: Contents::CopyOf(file.source_path.clone()),
            source: file.source_path.clone(),
            layer: Layer::Site,
        })?;
    }
    let published: Vec<Published> = site
        .posts
        .iter()
        .zip(&post_bodies)
        .chain(site.pages.iter().zip(&page_bodies))
        .map(|(document, (body, _))| Published { document, body })
        .collect();
    for file in syndication::files(&site_meta, &published, &site.static_files, &redirect_pages)? {
        files.add(file)?;
    }
    let static_layers = [
        (theme.static_dir().map(PathBuf::from), Layer::ThemeStatic),
        (config.static_dir.clone(), Layer::ProjectStatic),
    ];
    for (dir, layer) in static_layers {
        if let Some(dir) = dir {
            add_static_folder(&mut files, &dir, layer)?;
        }
    }
    files.add(OutputFile {
        path: SYNTAX_CSS_PATH.into(),
        contents: Contents::Bytes(highlight::stylesheet().into_bytes()),
        source: PathBuf::from("(generated syntax stylesheet)"),
        layer: Layer::Generated,
    })?;

    let stats = BuildStats {
        posts: site.posts.len(),
        pages: site.pages.len(),
        static_files: site.static_files.len(),
        files: files.len(),
        elapsed: started.elapsed(),
    };
    Ok(RenderedSite {
        config,
        files,
        stats,
        warnings,
        functions_bundle: None,
    })
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

    /// Renders the page with its template, or writes its `content` alone when its
    /// layout is none; a document with `redirect_to` becomes its redirect page.
    /// Templates always see `page`, `site`, `paginator` (`null` except on paginated
    /// pages), `seo` and `feed_meta`.
    fn render(
        self,
        theme: &Theme,
        site_value: &tera::Value,
        site_meta: &SiteMeta,
        redirect_pages: &RedirectPages,
    ) -> Result<OutputFile, ThemeError> {
        let redirect = match self.document {
            Some(document) => redirect_pages.replacement(site_meta, document)?,
            None => None,
        };
        let template = match self.template {
            _ if redirect.is_some() => None,
            Template::Theme(name) => Some(name.to_string()),
            Template::Layout(layout) => theme.template_for(&layout, &self.source)?,
        };
        let html = match (redirect, template) {
            (Some(redirect), _) => redirect,
            (None, Some(template)) => {
                let context = syndication::page_context(
                    site_meta,
                    site_value,
                    self.page,
                    self.paginator.as_ref(),
                );
                theme.render(&template, &context, &self.source)?
            }
            (None, None) => match self.page.get("content") {
                Some(Value::String(content)) => content.clone(),
                _ => String::new(),
            },
        };
        Ok(OutputFile {
            path: self.output_path,
            contents: Contents::Bytes(html.into_bytes()),
            source: self.source,
            layer: self.layer,
        })
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
