//! One page for the theme to render: a document of the site or a page of the generate
//! stage, with its `page` and `paginator` values; [`RenderJob::template`] says which
//! template renders it and [`RenderJob::render`] renders it.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::content::document::Document;
use crate::generate::{GeneratedPage, Template};
use crate::output::{Contents, Layer, OutputFile};
use crate::render::Renderer;
use crate::syndication::redirects::{self, RedirectPages};
use crate::syndication::{self, SiteMeta};
use crate::theme::ThemeError;
use crate::theme::liquid_layouts::PageLayouts;

/// One file for the theme to render: a document, or a page of the generate stage.
pub(super) struct RenderJob<'a> {
    /// The document, for documents of the site (a `redirect_to` replaces its output).
    pub(super) document: Option<&'a Document>,
    template: Template,
    pub(super) page: Map<String, Value>,
    pub(super) paginator: Option<Value>,
    pub(super) output_path: String,
    pub(super) source: PathBuf,
    pub(super) layer: Layer,
}

impl<'a> RenderJob<'a> {
    /// A document of the site, with its `page` value (and `paginator`, for the page
    /// jekyll-paginate paginates).
    pub(super) fn document(
        doc: &'a Document,
        page: Map<String, Value>,
        paginator: Option<Value>,
    ) -> Self {
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
    pub(super) fn generated(page: GeneratedPage) -> Self {
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
    pub(super) fn redirects(&self) -> bool {
        self.document
            .is_some_and(|document| redirects::redirect_to(document).is_some())
    }

    /// The template that renders the page (a tera template or one of the site's Liquid
    /// layouts): `None` when its layout is none.
    pub(super) fn template(&self, layouts: &PageLayouts) -> Result<Option<String>, ThemeError> {
        match &self.template {
            Template::Theme(name) => Ok(Some(name.to_string())),
            Template::Layout(layout) | Template::OwnPage(layout) => {
                layouts.template_for(layout, &self.source)
            }
        }
    }

    /// Renders the page with `template` (from [`RenderJob::template`]), or writes its
    /// `content` alone when it has none; a document with `redirect_to` becomes its
    /// redirect page. Templates always see `page`, `site`, `paginator` (`null` except
    /// on paginated pages), `seo` and `feed_meta`.
    pub(super) fn render(
        &self,
        template: Option<&str>,
        layouts: &PageLayouts,
        site_value: &crate::theme::context::SiteValue,
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
                if matches!(self.template, Template::OwnPage(_)) {
                    return Ok(self.output(layouts.render_own_page(
                        template,
                        &self.page,
                        &self.source,
                        head,
                    )?));
                }
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
        Ok(self.output(html))
    }

    /// The page's output file with `html`.
    fn output(&self, html: String) -> OutputFile {
        OutputFile {
            path: self.output_path.clone(),
            contents: Contents::Bytes(html.into_bytes().into()),
            source: self.source.clone(),
            layer: self.layer,
        }
    }
}

impl RenderJob<'_> {
    /// The written page as the site's plugins leave it (mentions, emoji).
    pub(super) fn rewrite_by_plugins(&self, file: OutputFile, renderer: &Renderer) -> OutputFile {
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
