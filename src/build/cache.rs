//! What an incremental rebuild keeps from the previous render, and the rules that say
//! when a kept result still holds.
//!
//! Every entry records the inputs it was made from, and is reused only when those
//! inputs are unchanged:
//!
//! | result | keyed by | inputs recorded / checked |
//! |---|---|---|
//! | a loaded source file | path | size and modification time (and not reported changed) |
//! | a rendered body | path | the loaded document; for Liquid bodies also "nothing else changed" (includes, `_data`, any document, any other source file) |
//! | a document's template value | path | the annotated `page` map it was converted from |
//! | a themed page | output path | its `page` and `paginator` values, its template, the templates that template uses, and the parts of `site` they read |
//! | feed, sitemap, redirects | — | every document, static file and template |
//!
//! The configuration is an input of everything: a different one empties the cache.
//! The pipeline stays the same code with or without a cache ([`super::render_site`]
//! runs it with an empty one), so the rules above are the whole difference between an
//! incremental and a clean build.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::document::Document;
use crate::content::{ContentError, Listing, Loadable};
use crate::diagnostic::Warning;
use crate::output::OutputFile;
use crate::render::liquid::needs_liquid;
use crate::render::{RenderError, RenderedBody, Renderer};
use crate::theme::context;
use crate::theme::dependencies::{self, SiteReads, TemplateReads};
use crate::theme::filters::UrlSettings;
use crate::theme::{TemplateSources, Theme, ThemeError};

/// Results of earlier renders of one site, for [`super::render_site_incremental`].
/// `serve` owns one for the whole session.
pub struct BuildCache {
    /// The build time every render with this cache uses (`site.time`, what counts as
    /// a future post): fixed, so an unchanged page renders to the same bytes.
    pub(super) time: DateTime<Utc>,
    /// The configuration the entries were made with.
    pub(super) config: Option<Config>,
    pub(super) sources: HashMap<PathBuf, Arc<LoadedSource>>,
    pub(super) includes: Vec<(PathBuf, Option<FileStamp>)>,
    pub(super) data: Option<Value>,
    pub(super) theme: Option<Arc<CompiledTheme>>,
    pub(super) bodies: HashMap<PathBuf, Arc<RenderedDocument>>,
    pub(super) post_values: TemplateValues,
    pub(super) page_values: TemplateValues,
    pub(super) outputs: HashMap<String, Arc<ThemedOutput>>,
    pub(super) syndication: Option<Arc<Vec<OutputFile>>>,
}

impl BuildCache {
    /// An empty cache whose renders use `time` as the build time.
    pub fn new(time: DateTime<Utc>) -> BuildCache {
        BuildCache {
            time,
            config: None,
            sources: HashMap::new(),
            includes: Vec::new(),
            data: None,
            theme: None,
            bodies: HashMap::new(),
            post_values: Vec::new(),
            page_values: Vec::new(),
            outputs: HashMap::new(),
            syndication: None,
        }
    }

    /// The build time of renders with this cache.
    pub fn time(&self) -> DateTime<Utc> {
        self.time
    }
}

/// Size and modification time: what says a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    /// The stamp of the file at `path`, `None` when it cannot be read.
    pub(super) fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// One source file as the content stage read it, and the stamp it had.
pub(super) struct LoadedSource {
    stamp: Option<FileStamp>,
    loaded: Option<Loadable>,
}

/// The source files of this render, and whether any differs from the last one.
pub(super) struct Sources {
    pub(super) files: HashMap<PathBuf, Arc<LoadedSource>>,
    /// A file was added, removed or re-read.
    pub(super) changed: bool,
}

impl Sources {
    /// Reads the files of `listing`, reusing `previous` reads of files whose stamp is
    /// unchanged and that `changed_paths` does not name.
    pub(super) fn refresh(
        previous: &HashMap<PathBuf, Arc<LoadedSource>>,
        listing: &Listing,
        changed_paths: &BTreeSet<&Path>,
    ) -> Result<Sources, ContentError> {
        let files: Vec<(PathBuf, Arc<LoadedSource>, bool)> = listing
            .entries
            .par_iter()
            .map(|entry| {
                let path = entry.path();
                let stamp = FileStamp::of(path);
                match previous.get(path) {
                    Some(kept) if kept.stamp == stamp && !changed_paths.contains(path) => {
                        Ok((path.to_path_buf(), kept.clone(), false))
                    }
                    _ => {
                        let loaded = listing.read(entry)?;
                        let source = Arc::new(LoadedSource { stamp, loaded });
                        Ok((path.to_path_buf(), source, true))
                    }
                }
            })
            .collect::<Result<_, ContentError>>()?;
        let changed = files.len() != previous.len() || files.iter().any(|(_, _, read)| *read);
        Ok(Sources {
            files: files
                .into_iter()
                .map(|(path, source, _)| (path, source))
                .collect(),
            changed,
        })
    }

    /// What the files turned out to be, for [`Listing::assemble`].
    pub(super) fn loaded(&self) -> impl Iterator<Item = Loadable> + '_ {
        self.files.values().filter_map(|s| s.loaded.clone())
    }
}

/// The stamps of every file Liquid's `{% include %}` can read: the source's
/// `_includes/` and the theme's `includes/`.
pub(super) fn include_stamps(config: &Config) -> Vec<(PathBuf, Option<FileStamp>)> {
    [
        config.source.join("_includes"),
        config.theme_dir.join("includes"),
    ]
    .iter()
    .flat_map(|dir| walkdir::WalkDir::new(dir).sort_by_file_name())
    .filter_map(Result::ok)
    .filter(|entry| entry.file_type().is_file())
    .map(|entry| (entry.path().to_path_buf(), FileStamp::of(entry.path())))
    .collect()
}

/// A compiled theme with the sources it was compiled from and what each template reads.
pub(super) struct CompiledTheme {
    pub(super) theme: Theme,
    sources: TemplateSources,
    pub(super) reads: BTreeMap<String, TemplateReads>,
}

impl CompiledTheme {
    /// The theme for `sources`: `previous` when they are the same, else compiled anew.
    pub(super) fn refresh(
        previous: Option<&Arc<CompiledTheme>>,
        config: &Config,
        sources: TemplateSources,
    ) -> Result<Arc<CompiledTheme>, ThemeError> {
        if let Some(previous) = previous.filter(|p| p.sources == sources) {
            return Ok(previous.clone());
        }
        let urls = UrlSettings {
            url: config.url.clone(),
            baseurl: config.baseurl.clone(),
        };
        let theme = Theme::compile(&config.theme_dir, &sources, urls)?;
        let reads = dependencies::scan(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        Ok(Arc::new(CompiledTheme {
            theme,
            sources,
            reads,
        }))
    }

    /// The templates whose text differs from `previous` (added and removed ones too);
    /// every template when there is no previous theme.
    pub(super) fn changed_since(&self, previous: Option<&CompiledTheme>) -> BTreeSet<String> {
        let Some(previous) = previous else {
            return self.sources.iter().map(|(name, _)| name.clone()).collect();
        };
        let old: BTreeMap<&String, &String> =
            previous.sources.iter().map(|(n, t)| (n, t)).collect();
        let new: BTreeMap<&String, &String> = self.sources.iter().map(|(n, t)| (n, t)).collect();
        old.keys()
            .chain(new.keys())
            .filter(|name| old.get(*name) != new.get(*name))
            .map(|name| name.to_string())
            .collect()
    }
}

/// A document's rendered body, with the document it was rendered from.
pub(super) struct RenderedDocument {
    document: Document,
    pub(super) body: RenderedBody,
    pub(super) warnings: Vec<Warning>,
}

impl RenderedDocument {
    /// The document's source file, which keys it in the cache.
    pub(super) fn source_path(&self) -> &Path {
        &self.document.source_path
    }
}

/// Renders the bodies of `documents`, reusing `previous` renders of the same document
/// unless it runs Liquid and `liquid_inputs_changed` (Liquid reads the whole site,
/// includes and data).
pub(super) fn render_bodies(
    previous: &HashMap<PathBuf, Arc<RenderedDocument>>,
    renderer: &Renderer,
    documents: &[Document],
    liquid_inputs_changed: bool,
) -> Result<Vec<Arc<RenderedDocument>>, RenderError> {
    documents
        .par_iter()
        .map(|document| {
            let uses_liquid = needs_liquid(document, &document.body)
                || document
                    .excerpt_source
                    .as_deref()
                    .is_some_and(|excerpt| needs_liquid(document, excerpt));
            match previous.get(&document.source_path) {
                Some(kept)
                    if kept.document == *document && !(uses_liquid && liquid_inputs_changed) =>
                {
                    Ok(kept.clone())
                }
                _ => {
                    let (body, warnings) = renderer.render(document)?;
                    Ok(Arc::new(RenderedDocument {
                        document: document.clone(),
                        body,
                        warnings,
                    }))
                }
            }
        })
        .collect()
}

/// A document's `page` map and the template value converted from it.
pub(super) struct TemplateValue {
    page: Map<String, Value>,
    pub(super) value: tera::Value,
}

/// Template values in site order, each with the path of its document.
pub(super) type TemplateValues = Vec<(PathBuf, Arc<TemplateValue>)>;

/// The template values of `pages` (`pages[i]` belongs to `documents[i]`), converting
/// only maps that differ from `previous`; also whether the list differs from it.
pub(super) fn template_values(
    previous: &TemplateValues,
    documents: &[Document],
    pages: &[Map<String, Value>],
) -> (TemplateValues, bool) {
    let kept: HashMap<&PathBuf, &Arc<TemplateValue>> =
        previous.iter().map(|(path, value)| (path, value)).collect();
    let values: Vec<(Arc<TemplateValue>, bool)> = documents
        .par_iter()
        .zip(pages)
        .map(|(document, page)| match kept.get(&document.source_path) {
            Some(kept) if kept.page == *page => ((*kept).clone(), false),
            _ => {
                let value = context::template_value(page);
                let converted = TemplateValue {
                    page: page.clone(),
                    value,
                };
                (Arc::new(converted), true)
            }
        })
        .collect();
    let reordered = documents.len() != previous.len()
        || documents
            .iter()
            .zip(previous)
            .any(|(d, (path, _))| d.source_path != *path);
    let changed = reordered || values.iter().any(|(_, converted)| *converted);
    let values = documents
        .iter()
        .zip(values)
        .map(|(d, (value, _))| (d.source_path.clone(), value))
        .collect();
    (values, changed)
}

/// What changed since the cached render, as the themed pages depend on it.
pub(super) struct Changes<'a> {
    /// The parts of `site` whose value differs.
    pub(super) site: SiteReads,
    /// Templates whose text differs.
    pub(super) templates: &'a BTreeSet<String>,
}

/// A themed page with the inputs it was rendered from.
pub(super) struct ThemedOutput {
    template: Option<String>,
    page: Map<String, Value>,
    paginator: Option<Value>,
    pub(super) file: OutputFile,
}

impl ThemedOutput {
    /// Records a page rendered from `page` and `paginator` with `template`.
    pub(super) fn new(
        template: Option<String>,
        page: Map<String, Value>,
        paginator: Option<Value>,
        file: OutputFile,
    ) -> ThemedOutput {
        ThemedOutput {
            template,
            page,
            paginator,
            file,
        }
    }

    /// Whether this page, rendered before, is what rendering `page` and `paginator`
    /// with `template` (reading `reads`) would give after `changes`.
    pub(super) fn still_holds(
        &self,
        template: Option<&str>,
        reads: Option<&TemplateReads>,
        page: &Map<String, Value>,
        paginator: Option<&Value>,
        changes: &Changes,
    ) -> bool {
        let template_unchanged = match reads {
            Some(reads) => {
                !reads.site.overlaps(&changes.site)
                    && reads.templates.is_disjoint(changes.templates)
            }
            None => true,
        };
        // Every page prints `seo`, which may read `site.data`.
        template_unchanged
            && !changes.site.data
            && self.template.as_deref() == template
            && self.paginator.as_ref() == paginator
            && self.page == *page
    }
}
