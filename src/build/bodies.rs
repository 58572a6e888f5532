//! The render stage with its cache slice: every document's body through Liquid,
//! Markdown and highlighting, posts first (pages' Liquid sees their rendered HTML),
//! then the pages 2, 3… of the paginated page. A body is kept from the previous
//! render when its file was not read again, unless it runs Liquid and anything Liquid
//! reads changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::BuildError;
use super::load::Loaded;
use super::plugin_pages::{generated_page_list, render_pagers};
use crate::config::Config;
use crate::content::Site;
use crate::content::document::Document;
use crate::diagnostic::Warning;
use crate::generate::Generator;
use crate::render::liquid::{LiquidSite, needs_liquid};
use crate::render::{Pagination, RenderError, RenderedBody, Renderer};

/// The rendered bodies the next render may keep, by source file.
pub(super) type BodyCache = HashMap<PathBuf, Arc<RenderedDocument>>;

/// A document's rendered body, keyed in the cache by its source file.
pub(super) struct RenderedDocument {
    source_path: PathBuf,
    pub(super) body: RenderedBody,
    warnings: Vec<Warning>,
    /// The document runs Liquid (its body or excerpt), so it reads the whole site.
    uses_liquid: bool,
}

impl RenderedDocument {
    /// The document's source file, which keys it in the cache.
    pub(super) fn source_path(&self) -> &Path {
        &self.source_path
    }
}

/// The render stage's result.
pub(super) struct Rendered {
    /// The renderer of the posts, which also rewrites written pages for the plugins.
    pub(super) renderer: Renderer,
    /// The renderer of the pages, whose Liquid site the layouts share when it has one.
    page_renderer: Renderer,
    /// jekyll-paginate's pages, when the site paginates.
    pub(super) pagination: Option<Pagination>,
    /// The posts' bodies, in site order.
    pub(super) posts: Vec<Arc<RenderedDocument>>,
    /// The bodies of [`Loaded::pages`], in that order.
    pub(super) pages: Vec<Arc<RenderedDocument>>,
    /// The paginated page's body as its pages 2, 3… render it.
    pub(super) pagers: Vec<RenderedBody>,
    /// How many bodies this render rendered (the others were kept).
    pub(super) bodies_rendered: usize,
    /// The pages the generate stage will add, as `site.pages` lists them.
    listed_pages: Vec<Map<String, Value>>,
}

impl Rendered {
    /// Renders the bodies of the loaded site, reusing `previous` ones that still hold.
    pub(super) fn render(
        config: &Config,
        loaded: &Loaded,
        generator: &Generator,
        previous: &BodyCache,
    ) -> Result<Rendered, BuildError> {
        let site = &loaded.site;
        let pagination = generator.liquid_pagination();
        let listed_pages = generated_page_list(config, site, pagination.as_ref());
        let renderer = Renderer::new(config, site, &listed_pages);
        let posts = render_bodies(previous, loaded, &renderer, &site.posts)?;
        let rendered_posts: Vec<_> = posts.iter().map(|r| &r.body).collect();
        let page_renderer = renderer.for_pages(
            config,
            site,
            &rendered_posts,
            &listed_pages,
            pagination.as_ref(),
        );
        let pages = render_bodies(previous, loaded, &page_renderer, &loaded.pages)?;
        let pagers = render_pagers(&page_renderer, site, pagination.as_ref())?;
        let bodies_rendered = posts
            .iter()
            .chain(&pages)
            .filter(|r| {
                !previous
                    .get(r.source_path())
                    .is_some_and(|p| Arc::ptr_eq(p, r))
            })
            .count();
        Ok(Rendered {
            renderer,
            page_renderer,
            pagination,
            posts,
            pages,
            pagers,
            bodies_rendered,
            listed_pages,
        })
    }

    /// The Liquid site the site's own layouts see: `site` as pages see it, with the
    /// posts' rendered bodies.
    pub(super) fn layout_site(&self, config: &Config, site: &Site) -> Arc<LiquidSite> {
        let posts: Vec<_> = self.posts.iter().map(|r| &r.body).collect();
        let pagination = self.pagination.as_ref();
        (self.page_renderer).layout_site(config, site, &posts, &self.listed_pages, pagination)
    }

    /// What rendering the bodies noticed, posts then pages.
    pub(super) fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.posts
            .iter()
            .chain(&self.pages)
            .flat_map(|rendered| &rendered.warnings)
    }

    /// What the next render keeps of this one.
    pub(super) fn keep(self) -> BodyCache {
        self.posts
            .into_iter()
            .chain(self.pages)
            .map(|rendered| (rendered.source_path.clone(), rendered))
            .collect()
    }
}

/// Renders the bodies of `documents`, reusing `previous` renders of documents whose
/// file was not read again, unless the document runs Liquid and its inputs changed
/// (Liquid reads the whole site, includes and data).
fn render_bodies(
    previous: &BodyCache,
    loaded: &Loaded,
    renderer: &Renderer,
    documents: &[Arc<Document>],
) -> Result<Vec<Arc<RenderedDocument>>, RenderError> {
    documents
        .par_iter()
        .map(|document| match previous.get(&document.source_path) {
            // Not read again: the same document, so it runs Liquid as it did.
            Some(kept)
                if !(loaded.read.contains(&document.source_path)
                    || kept.uses_liquid && loaded.liquid_inputs_changed) =>
            {
                Ok(kept.clone())
            }
            _ => {
                // A Sass page also reads `_sass/`, and relative links the site's
                // paths: they go with the Liquid ones.
                let uses_liquid = document.is_sass()
                    || renderer.resolves_links(document)
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
