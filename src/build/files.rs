//! The syndication and output stages: the files Jekyll's feed, sitemap and redirect
//! plugins add (kept while nothing they read changed), and every file of the site
//! gathered in layers for the writer.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::bodies::Rendered;
use super::load::Loaded;
use super::themed::{CompiledTheme, PageTheming};
use super::{BuildError, SYNTAX_CSS_PATH, ThemedSite, Upstream};
use crate::config::Config;
use crate::content::ContentError;
use crate::fs_guard;
use crate::output::{Contents, Layer, OutputFile, SiteFiles};
use crate::render::highlight;
use crate::syndication::{self, Published, SyndicationError};
use crate::theme;

/// The feed, sitemap and redirect files, kept from the previous render (`previous`)
/// when no source file, document value or template changed.
pub(super) fn syndicate(
    previous: Option<&Arc<Vec<OutputFile>>>,
    theming: &PageTheming,
    loaded: &Loaded,
    rendered: &Rendered,
) -> Result<Arc<Vec<OutputFile>>, SyndicationError> {
    let changes = &theming.changes;
    let unchanged = !(changes.site.posts
        || changes.site.pages
        || changes.site.data
        || loaded.sources_changed
        || !changes.templates.is_empty());
    if let Some(kept) = previous.filter(|_| unchanged) {
        return Ok(kept.clone());
    }
    let published: Vec<Published> = loaded
        .site
        .posts
        .iter()
        .zip(&rendered.posts)
        .chain(loaded.pages.iter().zip(&rendered.pages))
        .map(|(document, rendered)| Published {
            document,
            body: &rendered.body,
        })
        .collect();
    // A site in its own layouts gets only the files of the plugins it lists.
    let outputs = if theming.layouts.own_only() {
        syndication::Outputs::ListedPlugins
    } else {
        syndication::Outputs::All
    };
    let files = syndication::files(
        theming.site_meta,
        &published,
        &loaded.site.static_files,
        theming.redirect_pages,
        outputs,
    )?;
    Ok(Arc::new(files))
}

/// Every file of the site: themed pages, Sass source maps, static files, the files of
/// written collections, syndication, the theme's and the project's `static/`, and the
/// syntax stylesheet (the last two only with a tera theme: a site in its own layouts
/// gets nothing of it, `theme_files` false).
pub(super) fn gather(
    upstream: &Upstream,
    themed: &ThemedSite,
    theme: Option<&CompiledTheme>,
) -> Result<SiteFiles, BuildError> {
    let Upstream {
        config,
        loaded,
        rendered,
        ..
    } = upstream;
    let site = &loaded.site;
    let mut files = SiteFiles::new();
    for output in &themed.pages.outputs {
        files.add(output.file.clone())?;
    }
    for (document, rendered) in site.pages.iter().zip(&rendered.pages) {
        if let Some(map) = &rendered.body.source_map {
            files.add(OutputFile {
                path: format!("{}.map", document.output_path),
                contents: Contents::Bytes(map.as_bytes().into()),
                source: document.source_path.clone(),
                layer: Layer::Site,
            })?;
        }
    }
    let copies = site
        .static_files
        .iter()
        .map(|file| (file.relative_path.clone(), file));
    let collection_copies = site
        .written_collection_files()
        .map(|file| (file.output_path(), &file.file));
    for (path, file) in copies.chain(collection_copies) {
        files.add(OutputFile {
            path,
            contents: Contents::CopyOf(file.source_path.clone()),
            source: file.source_path.clone(),
            layer: Layer::Site,
        })?;
    }
    for file in themed.syndicated.iter() {
        files.add(file.clone())?;
    }
    if let Some(theme) = theme {
        add_static_files(&mut files, config, &theme.theme)?;
        files.add(OutputFile {
            path: SYNTAX_CSS_PATH.into(),
            contents: Contents::Bytes(highlight::stylesheet().into_bytes().into()),
            source: PathBuf::from("(generated syntax stylesheet)"),
            layer: Layer::Generated,
        })?;
    } else if let Some(dir) = &config.static_dir {
        add_static_folder(&mut files, dir, Layer::ProjectStatic)?;
    }
    Ok(files)
}

/// Adds the theme's static files (its folder's or the embedded ones), then the
/// project's `static/` folder above them.
fn add_static_files(
    files: &mut SiteFiles,
    config: &Config,
    theme: &theme::Theme,
) -> Result<(), BuildError> {
    if let Some(dir) = theme.static_dir() {
        add_static_folder(files, dir, Layer::ThemeStatic)?;
    }
    for (path, contents) in theme.embedded_static_files() {
        files.add(OutputFile {
            source: theme::embedded::source_path(&format!("static/{path}")),
            path,
            contents: Contents::Bytes(Arc::from(contents.as_ref())),
            layer: Layer::ThemeStatic,
        })?;
    }
    if let Some(dir) = &config.static_dir {
        add_static_folder(files, dir, Layer::ProjectStatic)?;
    }
    Ok(())
}

/// Adds every file under a theme's or the project's `static/` folder at the same
/// relative path in the output.
fn add_static_folder(files: &mut SiteFiles, dir: &Path, layer: Layer) -> Result<(), BuildError> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let (location, source) = fs_guard::walk_failure(e, dir);
            ContentError::Read { location, source }
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
