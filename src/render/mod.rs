//! Rendering one document's body: Liquid over the raw content, then Markdown (with
//! kramdown's rules), with code blocks highlighted, or Sass to CSS. Each document renders on its own,
//! so the build runs this stage in parallel.

pub mod demo;
pub(crate) mod escape;
pub mod highlight;
pub mod liquid;
pub mod markdown;
pub mod plugins;
pub mod sass;

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::content::Site;
use crate::content::document::Document;
use crate::diagnostic::{Location, Warning};
pub use liquid::RenderError;
use liquid::{LiquidSite, SiteExtras, needs_liquid};
pub use liquid::{Pager, Pagination};
use markdown::{MarkdownOptions, TocEntry};
use plugins::{PagePlugins, RelativeLinks};
use sass::SassCompiler;

/// A document's rendered body.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    /// The body as HTML (or the document's own format when it is not Markdown).
    pub content: String,
    /// The excerpt, rendered the same way (front-matter `excerpt` is used as written).
    pub excerpt: String,
    /// The headings with their ids, for tables of contents.
    pub toc: Vec<TocEntry>,
    /// A Sass page's source map, written beside it as `OUTPUT.map`.
    pub source_map: Option<String>,
}

/// What every body render shares: the Liquid site (built once per build) and the
/// Markdown options read from `kramdown:`.
#[derive(Clone)]
pub struct Renderer {
    liquid: Arc<LiquidSite>,
    markdown: MarkdownOptions,
    /// What the loaded plugins do to each written page.
    pages: Arc<PagePlugins>,
    /// What Sass pages compile with.
    sass: Arc<SassCompiler>,
    /// jekyll-relative-links' targets, when the site loads it.
    links: Arc<Option<RelativeLinks>>,
}

impl Renderer {
    /// Takes the typed `kramdown:` options of `config` and builds the Liquid side of the
    /// build (`site`, tags, filters) from the configuration and the content: the
    /// renderer of posts, which run first (see [`Renderer::for_pages`]).
    /// `generated_pages` are the pages `site.pages` lists after the site's own.
    pub fn new(config: &Config, site: &Site, generated_pages: &[Map<String, Value>]) -> Renderer {
        let markdown = config.markdown.clone();
        let extras = SiteExtras {
            post_bodies: None,
            generated_pages,
            pagination: None,
            layouts: false,
        };
        let liquid = LiquidSite::new(config, site, markdown.clone(), extras);
        Renderer {
            liquid,
            markdown,
            pages: Arc::new(PagePlugins::from_config(config)),
            sass: Arc::new(SassCompiler::new(config)),
            links: Arc::new(RelativeLinks::new(config, site)),
        }
    }

    /// The renderer of pages, which Jekyll renders after every post: their `site.posts`
    /// hold each post's rendered `content` and `excerpt` (`post_bodies`, in
    /// `site.posts`' order), and the paginated page sees `paginator`.
    pub fn for_pages(
        &self,
        config: &Config,
        site: &Site,
        post_bodies: &[&RenderedBody],
        generated_pages: &[Map<String, Value>],
        pagination: Option<&Pagination>,
    ) -> Renderer {
        let extras = SiteExtras {
            post_bodies: Some(post_bodies),
            generated_pages,
            pagination,
            layouts: false,
        };
        Renderer {
            liquid: LiquidSite::new(config, site, self.markdown.clone(), extras),
            markdown: self.markdown.clone(),
            pages: Arc::clone(&self.pages),
            sass: Arc::clone(&self.sass),
            links: Arc::clone(&self.links),
        }
    }

    /// The Liquid site that places documents in the site's own layouts: `site` as
    /// pages see it (posts with their rendered bodies), always built. Called on the
    /// renderer of pages, whose Liquid site it is when that one was built (includes
    /// are then parsed once for bodies and layouts).
    pub fn layout_site(
        &self,
        config: &Config,
        site: &Site,
        post_bodies: &[&RenderedBody],
        generated_pages: &[Map<String, Value>],
        pagination: Option<&Pagination>,
    ) -> Arc<LiquidSite> {
        if self.liquid.has_site() {
            return Arc::clone(&self.liquid);
        }
        let extras = SiteExtras {
            post_bodies: Some(post_bodies),
            generated_pages,
            pagination,
            layouts: true,
        };
        LiquidSite::new(config, site, self.markdown.clone(), extras)
    }

    /// Renders a document's body and excerpt, its code blocks within one highlighting
    /// budget (a warning says how many ran out of it). Warnings point at lines of the
    /// source file.
    pub fn render(&self, document: &Document) -> Result<(RenderedBody, Vec<Warning>), RenderError> {
        let (rendered, cut_off) =
            highlight::within_document_budget(|| self.render_pager(document, 0));
        let (body, mut warnings) = rendered?;
        if cut_off > 0 {
            warnings.push(Warning {
                location: Location::file(&document.source_path),
                message: format!(
                    "{cut_off} code block(s) ran out of the highlighting time budget and are shown as plain text"
                ),
            });
        }
        Ok((body, warnings))
    }

    /// [`Renderer::render`] of the paginated page as its pager `number` (0: its own
    /// URL) sees it (see [`LiquidSite::render_pager`]).
    pub fn render_pager(
        &self,
        document: &Document,
        number: usize,
    ) -> Result<(RenderedBody, Vec<Warning>), RenderError> {
        let mut warnings = Vec::new();
        if document.is_sass() {
            let source = self.liquid(document, &document.body, number, &mut warnings)?;
            let compiled = self.sass.compile(document, &source, &mut warnings)?;
            let body = RenderedBody {
                content: compiled.css,
                source_map: compiled.source_map,
                ..RenderedBody::default()
            };
            return Ok((body, warnings));
        }
        let body = self.resolve_links(document, &document.body);
        let (content, toc) = self.convert(document, &body, number, &mut warnings)?;
        let excerpt = match (&document.excerpt_source, document.get("excerpt")) {
            (_, Some(Value::String(written))) => written.clone(),
            (Some(source), _) => {
                let source = self.resolve_links(document, source);
                let (source, modified) = self.liquid.close_excerpt_blocks(document, &source);
                warnings.extend(modified);
                self.convert(document, &source, number, &mut Vec::new())?.0
            }
            (None, _) => String::new(),
        };
        Ok((
            RenderedBody {
                content,
                excerpt,
                toc,
                source_map: None,
            },
            warnings,
        ))
    }

    /// Whether `document`'s body depends on the other files of the site through
    /// jekyll-relative-links (so a kept render of it goes stale when they change).
    pub fn resolves_links(&self, document: &Document) -> bool {
        (*self.links)
            .as_ref()
            .is_some_and(|links| links.applies_to(document))
    }

    /// `text` of `document` with jekyll-relative-links' rewrites, when the site loads it.
    fn resolve_links<'a>(&self, document: &Document, text: &'a str) -> Cow<'a, str> {
        match &*self.links {
            Some(links) => links.rewrite(document, text),
            None => Cow::Borrowed(text),
        }
    }

    /// Jekyll's `markdownify`: a piece of front matter or configuration (a title, a
    /// description) converted with the site's Markdown options. Plugins that print such
    /// values (the SEO tags, the feed) pass them through this first.
    pub fn markdownify(&self, text: &str) -> String {
        convert_markdown(text, &self.markdown).html
    }

    /// A written page (after its layout) as the loaded plugins leave it
    /// (mentions, emoji; `None`: unchanged); `front_matter` is the document's,
    /// when it is one.
    pub fn rewrite_page(
        &self,
        html: &str,
        output_path: &str,
        front_matter: Option<&serde_json::Map<String, Value>>,
    ) -> Option<String> {
        self.pages.rewrite(html, output_path, front_matter)
    }

    /// The text with its Liquid rendered (when it has any; as pager `pager` sees it).
    fn liquid<'a>(
        &self,
        document: &Document,
        source: &'a str,
        pager: usize,
        warnings: &mut Vec<Warning>,
    ) -> Result<Cow<'a, str>, RenderError> {
        if !needs_liquid(document, source) {
            return Ok(Cow::Borrowed(source));
        }
        let (text, liquid_warnings) = self.liquid.render_pager(document, source, pager)?;
        warnings.extend(liquid_warnings);
        Ok(Cow::Owned(text))
    }

    /// Liquid (as pager `pager` sees it), then Markdown (for Markdown documents).
    fn convert(
        &self,
        document: &Document,
        source: &str,
        pager: usize,
        warnings: &mut Vec<Warning>,
    ) -> Result<(String, Vec<TocEntry>), RenderError> {
        let source = self.liquid(document, source, pager, warnings)?;
        if !document.is_markdown {
            return Ok((source.into_owned(), Vec::new()));
        }
        let output = convert_markdown(&source, &self.markdown);
        warnings.extend(output.warnings.into_iter().map(|w| Warning {
            location: Location::at(
                &document.source_path,
                document.body_line + w.line.saturating_sub(1),
                0,
            ),
            message: w.message,
        }));
        Ok((output.html, output.toc))
    }
}

/// Markdown to HTML with code blocks highlighted: the one conversion bodies, excerpts
/// and `markdownify` all use.
pub(crate) fn convert_markdown(text: &str, options: &MarkdownOptions) -> markdown::MarkdownOutput {
    markdown::to_html(text, options, &highlight::code_block_html)
}
