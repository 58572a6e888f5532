//! What an incremental rebuild keeps from the previous render, and the rules that say
//! when a kept result still holds.
//!
//! Every entry records the inputs it was made from, and is reused only when those
//! inputs are unchanged:
//!
//! | result | keyed by | inputs recorded / checked |
//! |---|---|---|
//! | a loaded source file | path | size and modification time (and not reported changed) |
//! | a rendered body | path | the loaded document; for Liquid bodies and Sass pages also "nothing else changed" (includes, `_data`, any document, any other source file, `_sass/`) |
//! | a document's template value | path | the annotated `page` map it was converted from |
//! | a post's `series_info` | path | every part of its series unchanged, at the same position of the same total |
//! | a themed page | output path | its `page` and `paginator` values, its template, the templates that template uses, and the parts of `site` they read |
//! | feed, sitemap, redirects | — | every document, static file and template |
//!
//! The configuration is an input of everything: a different one empties the cache.
//! The pipeline stays the same code with or without a cache ([`super::render_site`]
//! runs it with an empty one), so the rules above are the whole difference between an
//! incremental and a clean build.
//!
//! Kept results are shared, not copied: documents, `page` maps
//! ([`crate::generate::PageValue`]) and rendered bytes are reference-counted, so an
//! unchanged post costs a few pointer copies per rebuild.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
use crate::generate::PageValue;
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
    pub(super) post_values: DocumentValues,
    pub(super) page_values: DocumentValues,
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

/// One source file as the content stage read it, and the stamp it had.
pub(super) struct LoadedSource {
    stamp: Option<FileStamp>,
    loaded: Option<Loadable>,
}

/// The source files of this render, and whether any differs from the last one.
pub(super) struct Sources {
    pub(super) files: HashMap<PathBuf, Arc<LoadedSource>>,
    /// The files read this time (the others are as the previous render read them).
    pub(super) read: HashSet<PathBuf>,
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
        let read: HashSet<PathBuf> = files
            .iter()
            .filter(|(_, _, read)| *read)
            .map(|(path, _, _)| path.clone())
            .collect();
        let changed = files.len() != previous.len() || !read.is_empty();
        Ok(Sources {
            files: files
                .into_iter()
                .map(|(path, source, _)| (path, source))
                .collect(),
            read,
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
    std::iter::once(config.source.join("_includes"))
        .chain(config.theme.folder().map(|dir| dir.join("includes")))
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
        let theme = Theme::compile(&config.theme, &sources, urls)?;
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

/// A document's rendered body, keyed in the cache by its source file.
pub(super) struct RenderedDocument {
    source_path: PathBuf,
    pub(super) body: RenderedBody,
    pub(super) warnings: Vec<Warning>,
    /// The document runs Liquid (its body or excerpt), so it reads the whole site.
    uses_liquid: bool,
}

impl RenderedDocument {
    /// The document's source file, which keys it in the cache.
    pub(super) fn source_path(&self) -> &Path {
        &self.source_path
    }
}

/// Renders the bodies of `documents`, reusing `previous` renders of documents whose
/// file was not read again (`sources.read`), unless the document runs Liquid and
/// `liquid_inputs_changed` (Liquid reads the whole site, includes and data).
pub(super) fn render_bodies(
    previous: &HashMap<PathBuf, Arc<RenderedDocument>>,
    sources: &Sources,
    renderer: &Renderer,
    documents: &[Arc<Document>],
    liquid_inputs_changed: bool,
) -> Result<Vec<Arc<RenderedDocument>>, RenderError> {
    documents
        .par_iter()
        .map(|document| match previous.get(&document.source_path) {
            // Not read again: the same document, so it runs Liquid as it did.
            Some(kept)
                if !(sources.read.contains(&document.source_path)
                    || kept.uses_liquid && liquid_inputs_changed) =>
            {
                Ok(kept.clone())
            }
            _ => {
                // A Sass page also reads `_sass/`: it goes with the Liquid ones.
                let uses_liquid = document.is_sass()
                    || needs_liquid(document, &document.body)
                    || document
                        .excerpt_source
                        .as_deref()
                        .is_some_and(|excerpt| needs_liquid(document, excerpt));
                let (body, warnings) = renderer.render(document)?;
                Ok(Arc::new(RenderedDocument {
                    source_path: document.source_path.clone(),
                    body,
                    warnings,
                    uses_liquid,
                }))
            }
        })
        .collect()
}

/// A document's `page` map, from its rendered body to its template value, with what
/// it was made from.
pub(super) struct DocumentValue {
    rendered: Arc<RenderedDocument>,
    /// The map before site-wide annotations (a post's series).
    base: PageValue,
    /// The complete map.
    page: PageValue,
    /// `page` as a template value, shared by every listing in `site`.
    pub(super) value: tera::Value,
}

/// Document values in site order.
pub(super) type DocumentValues = Vec<Arc<DocumentValue>>;

/// The base maps of `documents` (their value before site-wide annotations), made by
/// `make` or, for a document whose body render is the very one `previous` used (and
/// when `reuse` allows), shared with it; each with that previous value.
pub(super) fn base_values<'a>(
    previous: &'a DocumentValues,
    rendered: &[Arc<RenderedDocument>],
    reuse: bool,
    make: impl Fn(usize) -> Map<String, Value> + Sync,
) -> Vec<(PageValue, Kept<'a>)> {
    let kept: HashMap<&Path, &Arc<DocumentValue>> = previous
        .iter()
        .map(|value| (value.rendered.source_path(), value))
        .collect();
    rendered
        .par_iter()
        .enumerate()
        .map(|(i, rendered)| match kept.get(rendered.source_path()) {
            Some(kept) if reuse && Arc::ptr_eq(&kept.rendered, rendered) => {
                (kept.base.clone(), Some(*kept))
            }
            _ => (Arc::new(make(i)), None),
        })
        .collect()
}

/// A kept previous value of a document, for [`document_values`].
pub(super) type Kept<'a> = Option<&'a Arc<DocumentValue>>;

/// [`base_values`] split into the maps and the kept values.
pub(super) fn split_bases(bases: Vec<(PageValue, Kept)>) -> (Vec<PageValue>, Vec<Kept>) {
    bases.into_iter().unzip()
}

/// The value at `key` of each kept previous complete map, by index: what a
/// site-wide annotation was, for the documents whose base map is unchanged.
pub(super) fn kept_annotations<'a>(
    kept: &'a [Kept],
    key: &'a str,
) -> impl Fn(usize) -> Option<&'a Value> + 'a {
    move |index| kept[index].and_then(|kept| kept.page.get(key))
}

/// `bases` with each of `annotations` (the value at `key` for the document at an
/// index; `None`: the kept one) added: the kept previous complete map where it has
/// the same annotation, else a copy of the base map with it.
pub(super) fn annotated(
    bases: &[PageValue],
    kept: &[Kept],
    annotations: Vec<(usize, Option<Value>)>,
    key: &str,
) -> Vec<PageValue> {
    let mut values = bases.to_vec();
    for (index, annotation) in annotations {
        match (kept[index], annotation) {
            (Some(kept), None) => values[index] = kept.page.clone(),
            (Some(kept), Some(annotation)) if kept.page.get(key) == Some(&annotation) => {
                values[index] = kept.page.clone();
            }
            (_, Some(annotation)) => {
                Arc::make_mut(&mut values[index]).insert(key.into(), annotation);
            }
            (None, None) => {}
        }
    }
    values
}

/// The values of documents from their base maps `bases` and complete maps `pages`
/// (the base maps after site-wide annotations): the previous value the base map came
/// from (`kept`) when the site-wide annotation (`annotated_key`) is also the same,
/// else converted anew (with the shared `series` lists). Also, per document, whether its value is the previous one,
/// and whether the list differs.
pub(super) fn document_values(
    kept: Vec<Kept>,
    bases: Vec<PageValue>,
    pages: &[PageValue],
    rendered: &[Arc<RenderedDocument>],
    previous: &DocumentValues,
    annotated_key: &str,
    series: &context::SeriesLists,
) -> (DocumentValues, Vec<bool>, bool) {
    let values: Vec<(Arc<DocumentValue>, bool)> = kept
        .into_par_iter()
        .zip(bases)
        .zip(pages)
        .zip(rendered)
        .map(|(((kept, base), page), rendered)| match kept {
            Some(kept)
                if Arc::ptr_eq(&kept.page, page)
                    || kept.page.get(annotated_key) == page.get(annotated_key) =>
            {
                (kept.clone(), true)
            }
            _ => {
                let converted = DocumentValue {
                    rendered: rendered.clone(),
                    base,
                    page: page.clone(),
                    value: context::template_value(page, series),
                };
                (Arc::new(converted), false)
            }
        })
        .collect();
    let reordered = values.len() != previous.len()
        || values
            .iter()
            .zip(previous)
            .any(|((new, _), old)| new.rendered.source_path() != old.rendered.source_path());
    let changed = reordered || values.iter().any(|(_, same)| !same);
    let (values, same) = values.into_iter().unzip();
    (values, same, changed)
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

    /// Whether this page, rendered before, is what rendering `inputs` with `template`
    /// (reading `reads`) would give after `changes`.
    pub(super) fn still_holds(
        &self,
        template: Option<&str>,
        reads: Option<&TemplateReads>,
        inputs: PageInputs,
        changes: &Changes,
    ) -> bool {
        let template_unchanged = match reads {
            Some(reads) => {
                !reads.site.overlaps(&changes.site)
                    && reads.templates.is_disjoint(changes.templates)
            }
            None => true,
        };
        let page_unchanged = match inputs {
            PageInputs::Values { page, paginator } => {
                self.paginator.as_ref() == paginator && self.page == *page
            }
            PageInputs::Neighbours { previous, next } => {
                let shows = |key, post| {
                    self.page
                        .get(key)
                        .is_some_and(|value| context::is_neighbour_value(value, post))
                };
                self.paginator.is_none() && shows(PREVIOUS_KEY, previous) && shows(NEXT_KEY, next)
            }
        };
        // Every page prints `seo`, which may read `site.data`.
        template_unchanged
            && !changes.site.data
            && self.template.as_deref() == template
            && page_unchanged
    }
}

/// `page.previous` of a post.
pub(super) const PREVIOUS_KEY: &str = "previous";
/// `page.next` of a post.
pub(super) const NEXT_KEY: &str = "next";

/// What a themed page is rendered from, as far as a cached render must match it.
pub(super) enum PageInputs<'a> {
    /// The complete `page` and `paginator`, compared as they are.
    Values {
        /// `page`.
        page: &'a Map<String, Value>,
        /// `paginator`.
        paginator: Option<&'a Value>,
    },
    /// A post whose own value is the one last rendered (an unchanged
    /// [`DocumentValue`]): only its neighbours may differ.
    Neighbours {
        /// The post `page.previous` shows.
        previous: Option<&'a Map<String, Value>>,
        /// The post `page.next` shows.
        next: Option<&'a Map<String, Value>>,
    },
}
