//! The content stage with its cache slice: the source files read (or kept from the
//! previous render when their stamps are unchanged), the site assembled from them, and
//! whether anything a Liquid body can read has changed since.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde_json::Value;

use super::BuildError;
use crate::config::Config;
use crate::content::document::Document;
use crate::content::{self, ContentError, Entry, Listing, Loadable, Site};
use crate::diagnostic::Warning;

/// Size and modification time: what says a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of the file at `path`, `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// What the content stage keeps for the next render.
#[derive(Default)]
pub(super) struct ContentCache {
    /// Every source file as it was read, by path.
    sources: SourceFiles,
    /// The stamps of the files `{% include %}` can read.
    includes: Vec<(PathBuf, Option<FileStamp>)>,
    /// `site.data` as it was.
    data: Option<Value>,
}

/// The source files as read, by path and by whether each was read as a page or static
/// file (a posts folder that `include` lists is read twice: as posts and as pages).
type SourceFiles = HashMap<(PathBuf, bool), Arc<LoadedSource>>;

/// One source file as the content stage read it, and the stamp it had.
struct LoadedSource {
    stamp: Option<FileStamp>,
    loaded: Option<Loadable>,
}

/// The content stage's result.
pub(super) struct Loaded {
    /// The site.
    pub(super) site: Site,
    /// Every document rendered and written as a page: the site's pages, then the
    /// documents of written collections (so a page's index is its index here too).
    pub(super) pages: Vec<Arc<Document>>,
    /// What reading the configuration and the content noticed.
    pub(super) warnings: Vec<Warning>,
    /// The files read this time (the others are as the previous render read them).
    pub(super) read: HashSet<PathBuf>,
    /// A source file was added, removed or read again.
    pub(super) sources_changed: bool,
    /// `site.data` differs from the previous render's.
    pub(super) data_changed: bool,
    /// Something a Liquid body can read changed: a source file, `_data`, an include,
    /// or a reported path outside the theme's templates and the `static/` folders.
    pub(super) liquid_inputs_changed: bool,
    sources: SourceFiles,
    includes: Vec<(PathBuf, Option<FileStamp>)>,
}

impl Loaded {
    /// Walks the source folder of `config` as of `time` and reads its files, reusing
    /// `previous` reads of files whose stamp is unchanged and that `changed_paths`
    /// does not name.
    pub(super) fn load(
        config: &Config,
        time: DateTime<Utc>,
        previous: &ContentCache,
        changed_paths: &BTreeSet<&Path>,
    ) -> Result<Loaded, BuildError> {
        let listing = Listing::new(config, time)?;
        let (sources, read) = read_sources(&previous.sources, &listing, changed_paths)?;
        let content::Loaded { site, mut warnings } =
            listing.assemble(sources.values().filter_map(|s| s.loaded.clone()))?;
        warnings.splice(0..0, config.warnings.iter().cloned());
        let includes = include_stamps(config);
        let sources_changed = sources.len() != previous.sources.len() || !read.is_empty();
        let data_changed = previous.data.as_ref() != Some(&site.data);
        let liquid_inputs_changed = sources_changed
            || data_changed
            || includes != previous.includes
            || changed_paths
                .iter()
                .any(|path| !is_out_of_liquids_reach(path, config));
        let pages = site
            .pages
            .iter()
            .chain(site.written_documents())
            .cloned()
            .collect();
        Ok(Loaded {
            site,
            pages,
            warnings,
            read,
            sources_changed,
            data_changed,
            liquid_inputs_changed,
            sources,
            includes,
        })
    }

    /// What the next render keeps of this one.
    pub(super) fn keep(self) -> ContentCache {
        ContentCache {
            sources: self.sources,
            includes: self.includes,
            data: Some(self.site.data),
        }
    }
}

/// The files of `listing`, each read anew or kept from `previous`, and the paths read.
fn read_sources(
    previous: &SourceFiles,
    listing: &Listing,
    changed_paths: &BTreeSet<&Path>,
) -> Result<(SourceFiles, HashSet<PathBuf>), ContentError> {
    let files: Vec<((PathBuf, bool), Arc<LoadedSource>, bool)> = listing
        .entries
        .par_iter()
        .map(|entry| {
            let path = entry.path();
            let key = (path.to_path_buf(), matches!(entry, Entry::Other { .. }));
            let stamp = FileStamp::of(path);
            match previous.get(&key) {
                Some(kept) if kept.stamp == stamp && !changed_paths.contains(path) => {
                    Ok((key, kept.clone(), false))
                }
                _ => {
                    let loaded = listing.read(entry)?;
                    let source = Arc::new(LoadedSource { stamp, loaded });
                    Ok((key, source, true))
                }
            }
        })
        .collect::<Result<_, ContentError>>()?;
    let read = files
        .iter()
        .filter(|(_, _, read)| *read)
        .map(|((path, _), _, _)| path.clone())
        .collect();
    let files = files
        .into_iter()
        .map(|(path, source, _)| (path, source))
        .collect();
    Ok((files, read))
}

/// The stamps of every file Liquid's `{% include %}` can read.
fn include_stamps(config: &Config) -> Vec<(PathBuf, Option<FileStamp>)> {
    config
        .include_dirs()
        .into_iter()
        .flat_map(|dir| walkdir::WalkDir::new(dir).sort_by_file_name())
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| (entry.path().to_path_buf(), FileStamp::of(entry.path())))
        .collect()
}

/// Whether `path` is a theme template, a Liquid layout (a body is rendered before
/// its layouts, which it never sees) or under a `static/` folder: files no Liquid
/// body can read.
fn is_out_of_liquids_reach(path: &Path, config: &Config) -> bool {
    let theme = config.theme.folder();
    let dirs = [
        theme.map(|dir| dir.join("templates")),
        theme.map(|dir| dir.join("static")),
        config.static_dir.clone(),
        Some(config.layouts_dir()),
    ];
    dirs.into_iter().flatten().any(|dir| {
        path.starts_with(&dir) || dir.canonicalize().is_ok_and(|real| path.starts_with(real))
    })
}
