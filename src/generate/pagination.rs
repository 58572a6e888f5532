//! Pagination with jekyll-paginate 1.1's semantics.
//!
//! - On when `paginate: N` is set (posts per page).
//! - The paginated page is a page named exactly `index.html` (not `index.md`) in the
//!   folder of `paginate_path` or one above it, the deepest one winning
//!   (`Pager.pagination_candidate?`, `Pagination#template_page`).
//! - It keeps its own URL as page 1; page n ≥ 2 is a copy of it at `paginate_path`
//!   with `:num` replaced (`/page:num` → `/page2/index.html`).
//! - Its posts are `site.posts` (newest first) without those with a truthy `hidden`.
//! - `paginator` has `page, per_page, posts, total_posts, total_pages, previous_page,
//!   previous_page_path, next_page, next_page_path`; the paths have no `baseurl` and are
//!   `null` at the ends. With no posts at all there is no page and no paginator, as in
//!   jekyll-paginate.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::{
    Generated, GeneratedPage, PageValue, PaginatedPage, Template, ensure_leading_slash, folder_url,
    output_path, post_list,
};
use crate::config::PaginationSettings;
use crate::content::document::Document;
use crate::diagnostic::{Location, Warning};
use crate::render::{Pager, Pagination};

impl PaginationSettings {
    /// The URL of page `number` ≥ 2 as `paginator` gives it: `:num` replaced, a leading
    /// `/` ensured, nothing else changed (`/page2`, `/blog/page2/`).
    fn path_of(&self, number: usize) -> String {
        ensure_leading_slash(&self.path.replacen(":num", &number.to_string(), 1))
    }

    /// The folders (source-relative, as components) that may hold the paginated
    /// `index.html`: `paginate_path`'s folder and each one above it.
    fn folder_components(&self) -> Vec<&str> {
        let relative = self.path.trim_start_matches('/').trim_end_matches('/');
        match relative.rfind('/') {
            Some(end) => relative[..end]
                .split('/')
                .filter(|c| !c.is_empty() && *c != ".")
                .collect(),
            None => Vec::new(),
        }
    }
}

/// Paginates `listed` (the post values listings show, newest first) over the
/// `index.html` of `pages` jekyll-paginate would choose: its paginator goes into
/// `generated.paginated_page`, pages 2… into `generated.pages`. Without such a page,
/// a warning at `location` (as jekyll-paginate logs one).
pub fn paginate(
    settings: &PaginationSettings,
    location: &Location,
    listed: &[&Map<String, Value>],
    pages: &[Arc<Document>],
    page_values: &[PageValue],
    generated: &mut Generated,
) {
    let Some(index) = template_page(settings, pages) else {
        generated.warnings.push(Warning {
            location: location.clone(),
            message: "`paginate` is set, but there is no index.html page in the folder of \
                      `paginate_path` or above it to paginate; skipping pagination"
                .into(),
        });
        return;
    };
    let total_pages = listed.len().div_ceil(settings.per_page);
    let template = &pages[index];
    for (offset, chunk) in listed.chunks(settings.per_page).enumerate() {
        let number = offset + 1;
        let paginator = Paginator {
            settings,
            first_page_url: &template.url,
            number,
            total_pages,
            total_posts: listed.len(),
        }
        .value(chunk);
        if number == 1 {
            generated.paginated_page = Some(PaginatedPage { index, paginator });
            continue;
        }
        let url = folder_url(&settings.path_of(number));
        let mut page = (*page_values[index]).clone();
        page.insert("url".into(), Value::from(url.as_str()));
        page.insert("id".into(), Value::from(url.as_str()));
        generated.pages.push(GeneratedPage {
            template: Template::Layout(template.layout.clone()),
            output_path: output_path(&url),
            page,
            paginator: Some(paginator),
            source: template.source_path.clone(),
        });
    }
}

/// jekyll-paginate's pages as the paginated page's Liquid sees them: `listed` are
/// indices into the site's posts, newest first. `None` when nothing is paginated.
pub fn liquid_pagination(
    settings: &PaginationSettings,
    listed: &[usize],
    pages: &[Arc<Document>],
) -> Option<Pagination> {
    let template = &pages[template_page(settings, pages)?];
    let total_pages = listed.len().div_ceil(settings.per_page);
    let pagers = listed
        .chunks(settings.per_page)
        .enumerate()
        .map(|(offset, posts)| {
            let paginator = Paginator {
                settings,
                first_page_url: &template.url,
                number: offset + 1,
                total_pages,
                total_posts: listed.len(),
            };
            let Value::Object(mut fields) = paginator.value(&[]) else {
                unreachable!("a paginator is an object")
            };
            fields.remove("posts");
            Pager {
                url: paginator.url(),
                fields,
                posts: posts.to_vec(),
            }
        })
        .collect();
    Some(Pagination {
        page: template.source_path.clone(),
        pagers,
    })
}

/// The pages after the first of `pagination`, as `site.pages` lists them: copies of
/// the paginated page (`page`) at their own URLs.
pub fn listed_pages(pagination: &Pagination, page: &Document) -> Vec<Map<String, Value>> {
    let name = page.relative_path.rsplit('/').next().unwrap_or_default();
    pagination
        .pagers
        .iter()
        .skip(1)
        .map(|pager| {
            let mut value = page.page_value();
            value.insert("url".into(), Value::from(pager.url.as_str()));
            value.insert("name".into(), Value::from(name));
            value.insert("content".into(), Value::from(page.body.as_str()));
            value
        })
        .collect()
}

/// The index (in `pages`) of the page jekyll-paginate paginates: named `index.html`, in
/// the folder of `paginate_path` or above it, the longest path winning.
fn template_page(settings: &PaginationSettings, pages: &[Arc<Document>]) -> Option<usize> {
    let folder = settings.folder_components();
    pages
        .iter()
        .enumerate()
        .filter(|(_, page)| {
            let (page_folder, name) = match page.relative_path.rsplit_once('/') {
                Some((dir, name)) => (dir.split('/').collect::<Vec<_>>(), name),
                None => (Vec::new(), page.relative_path.as_str()),
            };
            name == "index.html" && folder.starts_with(&page_folder)
        })
        .max_by_key(|(_, page)| page.relative_path.len())
        .map(|(index, _)| index)
}

/// One page's `paginator`, before its posts are known.
struct Paginator<'a> {
    settings: &'a PaginationSettings,
    first_page_url: &'a str,
    number: usize,
    total_pages: usize,
    total_posts: usize,
}

impl Paginator<'_> {
    /// The URL of page `number`: the paginated page's own for page 1.
    fn path_of(&self, number: usize) -> String {
        if number <= 1 {
            self.first_page_url.to_string()
        } else {
            self.settings.path_of(number)
        }
    }

    /// The URL of this page: the paginated page's own for page 1, else a folder.
    fn url(&self) -> String {
        match self.number {
            1 => self.first_page_url.to_string(),
            n => folder_url(&self.settings.path_of(n)),
        }
    }

    /// The `paginator` value with `posts` on this page.
    fn value(&self, posts: &[&Map<String, Value>]) -> Value {
        let previous = Some(self.number - 1).filter(|n| *n >= 1);
        let next = Some(self.number + 1).filter(|n| *n <= self.total_pages);
        let path = |number: Option<usize>| match number {
            Some(n) => Value::from(self.path_of(n)),
            None => Value::Null,
        };
        serde_json::json!({
            "page": self.number,
            "per_page": self.settings.per_page,
            "posts": post_list(posts.iter().copied()),
            "total_posts": self.total_posts,
            "total_pages": self.total_pages,
            "previous_page": previous,
            "previous_page_path": path(previous),
            "next_page": next,
            "next_page_path": path(next),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(path: &str) -> PaginationSettings {
        PaginationSettings {
            per_page: 2,
            path: path.into(),
        }
    }

    #[test]
    fn candidate_folder_is_the_folder_of_paginate_path() {
        let s = settings("/blog/page:num/");
        assert_eq!(s.folder_components(), vec!["blog"]);
        assert_eq!(
            settings("/page:num").folder_components(),
            Vec::<&str>::new()
        );
        assert_eq!(
            settings("/a/b/page/:num").folder_components(),
            vec!["a", "b", "page"]
        );
    }

    #[test]
    fn pager_urls_are_the_page_then_folders() {
        let s = settings("/page:num");
        let pager = |number| Paginator {
            settings: &s,
            first_page_url: "/blog/",
            number,
            total_pages: 3,
            total_posts: 5,
        };
        assert_eq!(pager(1).url(), "/blog/");
        assert_eq!(pager(2).url(), "/page2/");
    }

    #[test]
    fn paths_replace_num_and_keep_the_rest() {
        assert_eq!(settings("/page:num").path_of(3), "/page3");
        assert_eq!(settings("blog/page:num/").path_of(2), "/blog/page2/");
    }

    #[test]
    fn paginator_paths_are_null_at_the_ends() {
        let s = settings("/page:num");
        let paginator = |number| Paginator {
            settings: &s,
            first_page_url: "/",
            number,
            total_pages: 3,
            total_posts: 5,
        };
        let first = paginator(1).value(&[]);
        assert_eq!(first["previous_page"], Value::Null);
        assert_eq!(first["previous_page_path"], Value::Null);
        assert_eq!(first["next_page_path"], "/page2");
        let second = paginator(2).value(&[]);
        assert_eq!(second["previous_page_path"], "/");
        assert_eq!(second["next_page"], 3);
        let last = paginator(3).value(&[]);
        assert_eq!(last["next_page"], Value::Null);
        assert_eq!(last["previous_page_path"], "/page2");
    }
}
