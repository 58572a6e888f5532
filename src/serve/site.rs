//! The site as `serve` holds it: one in-memory render, what changed since the last one,
//! and the one safe way to read a static file that the render only points at.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::build::{self, BuildCache, BuildError, FileStamp, RenderedSite};
use crate::config::{BuildOptions, Config};
use crate::output::{Contents, OutputFile};

/// A rendered site ready to serve: the files, plus what is needed to tell whether a
/// static file changed and whether it may be read.
pub struct ServedSite {
    /// The render itself (files, configuration, warnings).
    pub rendered: RenderedSite,
    /// Size and modification time of every `CopyOf` file when the site was rendered:
    /// their bytes are not in memory, so this is how a change to them is noticed.
    static_stamps: BTreeMap<String, Option<FileStamp>>,
    /// The canonical folders static files may be read from (source, theme `static/`,
    /// project `static/`); a `CopyOf` resolving elsewhere (a symlink out) is refused.
    readable_roots: Vec<PathBuf>,
}

/// Renders the site in memory as `serve` shows it, again and again: the configuration
/// is read afresh each time (so config edits apply), `site.url` is replaced by the
/// server's own address (as `jekyll serve` does), and each render reuses what the last
/// one left in a [`BuildCache`], re-rendering only what the changes touch.
pub struct Rebuilder {
    options: BuildOptions,
    site_url: String,
    cache: BuildCache,
}

impl Rebuilder {
    /// A rebuilder for the site `options` names, served at `site_url`; its first
    /// render is a full one.
    pub fn new(options: BuildOptions, site_url: String) -> Rebuilder {
        Rebuilder {
            options,
            site_url,
            cache: BuildCache::new(chrono::Utc::now()),
        }
    }

    /// The options the site is built with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Renders the site after `changed_paths` changed (the watcher's paths; empty for
    /// the first render). This is the one rebuild entry point of `serve`.
    ///
    /// A panic in any stage is caught and returned as [`BuildError::Panicked`], so the
    /// server shows it on the overlay and keeps serving the last good site; the cache,
    /// which the panic may have left half-updated, is dropped, so the next rebuild is a
    /// clean one.
    pub fn rebuild(&mut self, changed_paths: &[PathBuf]) -> Result<ServedSite, BuildError> {
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.rebuild_unguarded(changed_paths)
        }));
        attempt.unwrap_or_else(|payload| {
            self.start_afresh();
            Err(BuildError::from_panic(payload))
        })
    }

    /// Forgets what earlier renders left, so the next one renders everything (after a
    /// panic, or when the source folder was replaced as a whole).
    pub fn start_afresh(&mut self) {
        self.cache = BuildCache::new(chrono::Utc::now());
    }

    fn rebuild_unguarded(&mut self, changed_paths: &[PathBuf]) -> Result<ServedSite, BuildError> {
        let mut config = Config::load(&self.options)?;
        config.url = self.site_url.clone();
        config.url_as_written = self.site_url.clone();
        config.site.insert(
            "url".into(),
            serde_json::Value::String(self.site_url.clone()),
        );
        let rendered = build::render_site_incremental(config, changed_paths, &mut self.cache)?;
        Ok(ServedSite::new(rendered))
    }
}

impl ServedSite {
    /// Wraps a render, stamping its static files and resolving the readable folders.
    pub fn new(rendered: RenderedSite) -> ServedSite {
        let static_stamps = rendered
            .files
            .iter()
            .filter_map(|file| match &file.contents {
                Contents::CopyOf(path) => Some((file.path.clone(), FileStamp::of(path))),
                Contents::Bytes(_) => None,
            })
            .collect();
        let config = &rendered.config;
        let readable_roots = [
            Some(config.source.clone()),
            config.theme.folder().map(|dir| dir.join("static")),
            config.static_dir.clone(),
        ]
        .into_iter()
        .flatten()
        .filter_map(|dir| dir.canonicalize().ok())
        .collect();
        ServedSite {
            rendered,
            static_stamps,
            readable_roots,
        }
    }

    /// The site's `baseurl` ("" or `/path`).
    pub fn baseurl(&self) -> &str {
        &self.rendered.config.baseurl
    }

    /// The file at an output key.
    pub fn file(&self, key: &str) -> Option<&OutputFile> {
        self.rendered.files.get(key)
    }

    /// The output keys whose contents differ between `previous` and `self`: added,
    /// removed, re-rendered differently, or a static file edited on disk.
    pub fn changed_since(&self, previous: &ServedSite) -> Vec<String> {
        let keys: BTreeSet<&str> = self
            .rendered
            .files
            .iter()
            .chain(previous.rendered.files.iter())
            .map(|file| file.path.as_str())
            .collect();
        keys.into_iter()
            .filter(|key| {
                let same = match (previous.file(key), self.file(key)) {
                    (Some(old), Some(new)) => {
                        old.contents.same_as(&new.contents)
                            && previous.static_stamps.get(*key) == self.static_stamps.get(*key)
                    }
                    _ => false,
                };
                !same
            })
            .map(str::to_string)
            .collect()
    }

    /// The real path of a static file, if it lies inside one of the folders a site may
    /// be read from. A symlink that leads out of them yields `None`.
    pub fn readable_path(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        self.readable_roots
            .iter()
            .any(|root| real.starts_with(root))
            .then_some(real)
    }
}
