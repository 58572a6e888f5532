//! The pipeline, top to bottom: configuration → content → render → theme → output.
//!
//! [`render_site`] produces the whole site in memory (what `serve` will serve);
//! [`build`] also writes it, atomically.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use thiserror::Error;

use crate::config::{BuildOptions, Config, ConfigError};
use crate::content::document::Document;
use crate::content::{self, ContentError};
use crate::diagnostic::{Located, Location, Warning};
use crate::output::{self, Contents, Layer, OutputError, OutputFile, SiteFiles};
use crate::render::{RenderError, RenderedBody, Renderer, highlight};
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
}

impl Located for BuildError {
    fn location(&self) -> Option<&Location> {
        match self {
            BuildError::Config(e) => e.location(),
            BuildError::Content(e) => e.location(),
            BuildError::Render(e) => e.location(),
            BuildError::Theme(e) => e.location(),
            BuildError::Output(e) => e.location(),
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

/// Builds and writes the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let started = Instant::now();
    let config = Config::load(options)?;
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

    let post_values: Vec<_> = site
        .posts
        .iter()
        .zip(&post_bodies)
        .map(|(d, (b, _))| context::document_value(d, b))
        .collect();
    let page_values: Vec<_> = site
        .pages
        .iter()
        .zip(&page_bodies)
        .map(|(d, (b, _))| context::document_value(d, b))
        .collect();
    let site_value = context::site_value(&config, &site, &post_values, &page_values);

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
        (doc, page, &post_bodies[i].0)
    });
    let page_jobs = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, doc)| (doc, page_values[i].clone(), &page_bodies[i].0));
    let jobs: Vec<_> = post_jobs.chain(page_jobs).collect();
    let rendered: Vec<Result<OutputFile, ThemeError>> = jobs
        .into_par_iter()
        .map(|(doc, page, body)| {
            let html = match theme.template_for(&doc.layout, &doc.source_path)? {
                Some(template) => theme.render(
                    &template,
                    &context::page_context(&site_value, page),
                    &doc.source_path,
                )?,
                None => body.content.clone(),
            };
            Ok(OutputFile {
                path: doc.output_path.clone(),
                contents: Contents::Bytes(html.into_bytes()),
                source: doc.source_path.clone(),
                layer: Layer::Site,
            })
        })
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
    })
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
