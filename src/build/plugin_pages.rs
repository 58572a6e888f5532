//! What the build adds for Jekyll's plugins before and after the bodies render: the
//! pages they generate as `site.pages` lists them, the paginated page's body as
//! each of its pages 2, 3… renders it, and the generate stage that places those bodies.

use std::path::Path;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::values::Values;
use super::{BuildError, Upstream};
use crate::config::Config;
use crate::content;
use crate::content::document::Layout;
use crate::generate::{self, Generated, GeneratedPage, Generator, jekyll_archives};
use crate::render::liquid::needs_liquid;
use crate::render::{Pagination, RenderedBody, Renderer};
use crate::syndication::{self, redirects};
use crate::theme::liquid_layouts::PageLayouts;

/// The pages Jekyll's plugins add to `site.pages` before anything renders, in the
/// order of their generators: jekyll-redirect-from's (a normal priority), then those of
/// the lowest priority in the order `plugins` lists them: jekyll-paginate's pages after
/// the first (listed last when the plugin is not, since coldstart paginates anyway),
/// jekyll-archives' pages (also of a normal priority, after redirect-from's),
/// jekyll-feed's feed and jekyll-sitemap's files (unless the site has its own).
pub(super) fn generated_page_list(
    config: &Config,
    site: &content::Site,
    pagination: Option<&Pagination>,
) -> Vec<Map<String, Value>> {
    let loads = |name: &str| config.plugins.iter().any(|p| p == name);
    let mut pages = Vec::new();
    if loads("jekyll-redirect-from") {
        let documents = site.posts.iter().chain(&site.pages).map(|d| &**d);
        pages.extend(redirects::listed_pages(
            documents,
            config.plugin_settings.redirects_json,
        ));
    }
    if let Some(archives) = &config.plugin_settings.archives {
        let archives = jekyll_archives::archives(archives, &site.posts);
        pages.extend(archives.iter().map(jekyll_archives::Archive::listed));
    }
    let pagers = || {
        pagination.and_then(|p| {
            let page = site.pages.iter().find(|d| d.source_path == p.page)?;
            Some(generate::pagination::listed_pages(p, page))
        })
    };
    let site_has = |url: &str| {
        let relative = url.trim_start_matches('/');
        site.pages.iter().any(|d| d.url == url)
            || site
                .static_files
                .iter()
                .any(|f| f.relative_path == relative)
    };
    let unlisted =
        |url: String, name: &str| (!site_has(&url)).then(|| redirects::listed_page(&url, name));
    for plugin in &config.plugins {
        match plugin.as_str() {
            "jekyll-paginate" => pages.extend(pagers().into_iter().flatten()),
            "jekyll-feed" => {
                for feed in &config.plugin_settings.feeds {
                    pages.extend(unlisted(feed.path.clone(), &feed.path));
                }
            }
            "jekyll-sitemap" => {
                for file in [
                    syndication::sitemap::SITEMAP_PATH,
                    syndication::sitemap::ROBOTS_PATH,
                ] {
                    pages.extend(unlisted(format!("/{file}"), file));
                }
            }
            _ => {}
        }
    }
    if !loads("jekyll-paginate") {
        pages.extend(pagers().into_iter().flatten());
    }
    pages
}

/// The bodies of the paginated page as its pages 2, 3… render them (each with its
/// own `paginator`); none when it has no Liquid (page 1's body serves them all).
pub(super) fn render_pagers(
    renderer: &Renderer,
    site: &content::Site,
    pagination: Option<&Pagination>,
) -> Result<Vec<RenderedBody>, BuildError> {
    let Some(pagination) = pagination else {
        return Ok(Vec::new());
    };
    let page = site.pages.iter().find(|d| d.source_path == pagination.page);
    let Some(page) = page.filter(|d| needs_liquid(d, &d.body)) else {
        return Ok(Vec::new());
    };
    // Page 1's render already reported every warning the body gives.
    (1..pagination.pagers.len())
        .into_par_iter()
        .map(|number| Ok(renderer.render_pager(page, number)?.0))
        .collect()
}

/// The generate stage: the site's extra pages from the documents' values, with the
/// paginated page's bodies (from [`render_pagers`]) in its pages 2, 3…, then
/// jekyll-archives' pages in the site's `layouts`.
pub(super) fn generate_pages(
    upstream: &Upstream,
    layouts: &PageLayouts,
    generator: &Generator,
    values: &Values,
) -> Generated {
    let Upstream {
        config,
        loaded,
        rendered,
        ..
    } = upstream;
    let site = &loaded.site;
    let mut generated = generator.generate(&values.posts, &values.pages, &values.series_lists);
    if let Some(pagination) = &rendered.pagination {
        give_pagers_their_bodies(&mut generated.pages, &pagination.page, &rendered.pagers);
    }
    if let Some(settings) = &config.plugin_settings.archives {
        let archives = jekyll_archives::archives(settings, &site.posts);
        let has_layout = |name: &str| {
            let layout = Layout::Named(name.to_string());
            matches!(layouts.template_for(&layout, &config.source), Ok(Some(_)))
        };
        let (pages, warnings) =
            jekyll_archives::pages(&archives, &values.posts, &has_layout, &config.location());
        generated.pages.extend(pages);
        generated.warnings.extend(warnings);
    }
    generated
}

/// Puts each pager's body into the generated pagination page of `source` with that
/// `paginator.page`.
fn give_pagers_their_bodies(pages: &mut [GeneratedPage], source: &Path, bodies: &[RenderedBody]) {
    for page in pages.iter_mut().filter(|p| p.source == source) {
        let number = page
            .paginator
            .as_ref()
            .and_then(|p| p.get("page"))
            .and_then(Value::as_u64);
        let body = number.and_then(|n| bodies.get(usize::try_from(n).ok()?.checked_sub(2)?));
        if let Some(body) = body {
            page.page
                .insert("content".into(), Value::String(body.content.clone()));
        }
    }
}
