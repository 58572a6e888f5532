//! The theme stage with its cache slices: the compiled theme (kept while its sources
//! are the same), then every page planned and rendered through its template. A page
//! rendered before is kept when its `page` and `paginator`, its template, the
//! templates that template uses and the parts of `site` they read are unchanged.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::jobs::RenderJob;
use super::load::Loaded;
use super::values::Values;
use crate::config::Config;
use crate::generate::{GeneratedPage, PaginatedPage};
use crate::output::OutputFile;
use crate::render::Renderer;
use crate::syndication::SiteMeta;
use crate::syndication::redirects::RedirectPages;
use crate::theme::context;
use crate::theme::dependencies::{self, SiteReads, TemplateReads};
use crate::theme::filters::UrlSettings;
use crate::theme::liquid_layouts::PageLayouts;
use crate::theme::{self, TemplateSources, Theme, ThemeError};

/// `page.previous` of a post.
const PREVIOUS_KEY: &str = "previous";
/// `page.next` of a post.
const NEXT_KEY: &str = "next";

/// A compiled theme with the sources it was compiled from and what each template reads.
pub(super) struct CompiledTheme {
    pub(super) theme: Theme,
    sources: TemplateSources,
    reads: BTreeMap<String, TemplateReads>,
}

impl CompiledTheme {
    /// The theme of `config`: `previous` when its sources are the same, else compiled
    /// anew.
    pub(super) fn refresh(
        previous: Option<&Arc<CompiledTheme>>,
        config: &Config,
    ) -> Result<Arc<CompiledTheme>, ThemeError> {
        let sources = theme::read_sources(&config.theme)?;
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

/// The themed pages the next render may keep, by output path.
pub(super) type OutputCache = HashMap<String, Arc<ThemedOutput>>;

/// A themed page with the inputs it was rendered from.
pub(super) struct ThemedOutput {
    template: Option<String>,
    page: Map<String, Value>,
    paginator: Option<Value>,
    pub(super) file: OutputFile,
}

/// What changed since the cached render, as the themed pages depend on it.
pub(super) struct Changes<'a> {
    /// The parts of `site` whose value differs.
    pub(super) site: SiteReads,
    /// Templates whose text differs.
    pub(super) templates: &'a BTreeSet<String>,
}

impl<'a> Changes<'a> {
    /// The changes the values of `loaded` and `values` show, with `templates`.
    pub(super) fn since(
        loaded: &Loaded,
        values: &Values,
        templates: &'a BTreeSet<String>,
    ) -> Changes<'a> {
        let site = SiteReads {
            posts: values.posts_changed,
            tags: values.posts_changed,
            categories: values.posts_changed,
            pages: values.pages_changed,
            data: loaded.data_changed,
            // Fixed for the cache's life.
            time: false,
        };
        Changes { site, templates }
    }
}

/// What a themed page is rendered from, as far as a cached render must match it.
enum PageInputs<'a> {
    /// The complete `page` and `paginator`, compared as they are.
    Values {
        page: &'a Map<String, Value>,
        paginator: Option<&'a Value>,
    },
    /// A post whose own value is the one last rendered: only its neighbours (the
    /// posts `page.previous` and `page.next` show) may differ.
    Neighbours {
        previous: Option<&'a Map<String, Value>>,
        next: Option<&'a Map<String, Value>>,
    },
}

impl ThemedOutput {
    /// Whether this page, rendered before, is what rendering `inputs` with `template`
    /// (reading `reads`) would give after `changes`.
    fn still_holds(
        &self,
        template: Option<&str>,
        reads: Option<&TemplateReads>,
        inputs: PageInputs,
        changes: &Changes,
    ) -> bool {
        let template_unchanged = reads.is_none_or(|reads| {
            !reads.site.overlaps(&changes.site) && reads.templates.is_disjoint(changes.templates)
        });
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

/// A page for the theme: rendered before and still as it would render now, or to
/// render.
enum PlannedPage<'a> {
    /// The previous render's page, still valid.
    Kept(Arc<ThemedOutput>),
    /// A page to render (unless its complete inputs turn out unchanged).
    Render(Box<RenderJob<'a>>),
}

/// Every page of the site for the theme, in output order: posts, pages, generated
/// pages.
pub(super) struct Planned<'a> {
    pages: Vec<PlannedPage<'a>>,
}

/// The theme stage's result: every themed page, in output order.
pub(super) struct Themed {
    pub(super) outputs: Vec<Arc<ThemedOutput>>,
    /// How many pages this render rendered (the others were kept).
    pub(super) pages_rendered: usize,
}

impl Themed {
    /// What the next render keeps of this one.
    pub(super) fn keep(self) -> OutputCache {
        self.outputs
            .into_iter()
            .map(|output| (output.file.path.clone(), output))
            .collect()
    }
}

/// Everything the theme renders pages with, and the previous render's pages.
pub(super) struct PageTheming<'a> {
    /// The compiled theme.
    pub(super) theme: &'a CompiledTheme,
    /// The theme with the site's own Liquid layouts, when it has them.
    pub(super) layouts: &'a PageLayouts<'a>,
    /// The previous render's themed pages.
    pub(super) previous: &'a OutputCache,
    /// What changed since that render.
    pub(super) changes: Changes<'a>,
    /// `site`.
    pub(super) site_value: &'a context::SiteValue,
    /// `seo` and `feed_meta`'s sources.
    pub(super) site_meta: &'a SiteMeta<'a>,
    /// The pages `redirect_to` and `redirect_from` make.
    pub(super) redirect_pages: &'a RedirectPages<'a>,
    /// What rewrites a written page for the plugins (mentions, emoji).
    pub(super) renderer: &'a Renderer,
}

impl<'a> PageTheming<'a> {
    /// The pages to theme: a post whose value is unchanged is kept without building
    /// its `page` map when its neighbours and its template's inputs are too.
    pub(super) fn plan<'s>(
        &self,
        loaded: &'s Loaded,
        values: &Values,
        generated: Vec<GeneratedPage>,
        paginated: Option<&PaginatedPage>,
    ) -> Result<Planned<'s>, ThemeError> {
        let posts = &values.posts;
        let mut pages: Vec<PlannedPage> = loaded
            .site
            .posts
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let previous_post = i.checked_sub(1).map(|p| &*posts[p]);
                let next_post = posts.get(i + 1).map(|v| &**v);
                let mut job = RenderJob::document(doc, Map::new(), None);
                if values.post_unchanged[i] {
                    let template = job.template(self.layouts)?;
                    let inputs = PageInputs::Neighbours {
                        previous: previous_post,
                        next: next_post,
                    };
                    if let Some(output) = self.kept(&job, &template, inputs) {
                        return Ok(PlannedPage::Kept(output));
                    }
                }
                job.page = (*posts[i]).clone();
                let neighbours = [(PREVIOUS_KEY, previous_post), (NEXT_KEY, next_post)];
                for (key, post) in neighbours {
                    job.page.insert(key.into(), context::neighbour_value(post));
                }
                Ok(PlannedPage::Render(Box::new(job)))
            })
            .collect::<Result<_, ThemeError>>()?;
        let page_jobs = loaded.pages.iter().enumerate().map(|(i, doc)| {
            let paginator = paginated
                .filter(|p| p.index == i)
                .map(|p| p.paginator.clone());
            RenderJob::document(doc, (*values.pages[i]).clone(), paginator)
        });
        let generated_jobs = generated.into_iter().map(RenderJob::generated);
        pages.extend(
            page_jobs
                .chain(generated_jobs)
                .map(|job| PlannedPage::Render(Box::new(job))),
        );
        Ok(Planned { pages })
    }

    /// Renders the planned pages that the previous render's do not stand for.
    pub(super) fn render(&self, planned: Planned) -> Result<Themed, ThemeError> {
        let outputs: Vec<(Arc<ThemedOutput>, bool)> = planned
            .pages
            .into_par_iter()
            .map(|planned| {
                let job = match planned {
                    PlannedPage::Kept(output) => return Ok((output, false)),
                    PlannedPage::Render(job) => *job,
                };
                let template = job.template(self.layouts)?;
                let inputs = PageInputs::Values {
                    page: &job.page,
                    paginator: job.paginator.as_ref(),
                };
                if let Some(output) = self.kept(&job, &template, inputs) {
                    return Ok((output, false));
                }
                let file = job.render(
                    template.as_deref(),
                    self.layouts,
                    self.site_value,
                    self.site_meta,
                    self.redirect_pages,
                )?;
                let file = job.rewrite_by_plugins(file, self.renderer);
                let output = ThemedOutput {
                    template,
                    page: job.page,
                    paginator: job.paginator,
                    file,
                };
                Ok((Arc::new(output), true))
            })
            .collect::<Result<_, ThemeError>>()?;
        let pages_rendered = outputs.iter().filter(|(_, rendered)| *rendered).count();
        let outputs = outputs.into_iter().map(|(output, _)| output).collect();
        Ok(Themed {
            outputs,
            pages_rendered,
        })
    }

    /// The previous render's page for `job`, when it still holds.
    fn kept(
        &self,
        job: &RenderJob,
        template: &Option<String>,
        inputs: PageInputs,
    ) -> Option<Arc<ThemedOutput>> {
        // Pages in Liquid layouts are placed again at every build (their bodies are kept).
        if template.as_deref().is_some_and(PageLayouts::is_liquid) {
            return None;
        }
        let kept = self.previous.get(&job.output_path)?;
        let reads = template.as_ref().and_then(|t| self.theme.reads.get(t));
        let holds = !job.redirects()
            && kept.file.source == job.source
            && kept.file.layer == job.layer
            && kept.still_holds(template.as_deref(), reads, inputs, &self.changes);
        holds.then(|| kept.clone())
    }
}
