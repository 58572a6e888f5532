//! The documents' template values with their cache slice: each document's `page` map
//! (front matter, rendered `content`, the generate stage's annotations) converted
//! once into a template value, and the `site` value built from them. A value is
//! shared with the previous render's when its body render is the very same and its
//! site-wide annotation (a post's `series_info`) is unchanged.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::Upstream;
use super::bodies::RenderedDocument;
use crate::generate::series::PartList;
use crate::generate::{Generator, PageValue, SERIES_INFO_KEY};
use crate::theme::context;

/// The documents' values the next render may keep.
#[derive(Default)]
pub(super) struct ValueCache {
    posts: DocumentValues,
    pages: DocumentValues,
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
    value: tera::Value,
}

/// Document values in site order.
type DocumentValues = Vec<Arc<DocumentValue>>;

/// The values stage's result.
pub(super) struct Values {
    /// The posts' complete `page` maps, in site order.
    pub(super) posts: Vec<PageValue>,
    /// The complete `page` maps of [`Loaded::pages`].
    pub(super) pages: Vec<PageValue>,
    /// Per post, whether its value is the previous render's.
    pub(super) post_unchanged: Vec<bool>,
    /// A post's value differs, or the list of posts does.
    pub(super) posts_changed: bool,
    /// The same for pages.
    pub(super) pages_changed: bool,
    /// The `site` template value, with the `parts` of every series shared.
    pub(super) site_value: context::SiteValue,
    /// Every series' parts, for the series pages.
    pub(super) series_lists: Vec<PartList>,
    kept: ValueCache,
}

impl Values {
    /// The values of the rendered documents, sharing the previous render's that still
    /// hold (never when a template changed: tag and category links depend on which
    /// templates the theme has).
    pub(super) fn convert(upstream: &Upstream, generator: &Generator) -> Values {
        let Upstream {
            config,
            loaded,
            rendered,
            templates,
            previous,
        } = upstream;
        let previous = &previous.values;
        let reuse = templates.changed.is_empty();
        let site = &loaded.site;
        let post_bases = base_values(&previous.posts, &rendered.posts, reuse, |i| {
            let mut value = context::document_value(&site.posts[i], &rendered.posts[i].body);
            generator.annotate_post(&site.posts[i], &mut value);
            value
        });
        let page_bases = base_values(&previous.pages, &rendered.pages, reuse, |i| {
            context::document_value(&loaded.pages[i], &rendered.pages[i].body)
        });
        let (post_bases, kept_posts): (Vec<_>, Vec<_>) = post_bases.into_iter().unzip();
        let series_lists = generator.series_lists(&post_bases);
        let series_infos = generator.series_infos(
            &series_lists,
            kept_annotations(&kept_posts, SERIES_INFO_KEY),
        );
        let posts = annotated(&post_bases, &kept_posts, series_infos, SERIES_INFO_KEY);
        let (pages, kept_pages): (Vec<_>, Vec<_>) = page_bases.into_iter().unzip();
        let shared_series = context::SeriesLists::new(&series_lists);
        let post_values = converted(
            kept_posts,
            post_bases,
            &posts,
            &rendered.posts,
            &previous.posts,
            &shared_series,
        );
        let page_values = converted(
            kept_pages,
            pages.clone(),
            &pages,
            &rendered.pages,
            &previous.pages,
            &shared_series,
        );
        let template_values =
            |values: &DocumentValues| values.iter().map(|v| v.value.clone()).collect::<Vec<_>>();
        let site_value = context::site_value(
            config,
            site,
            &template_values(&post_values.values),
            &template_values(&page_values.values)[..site.pages.len()],
            shared_series,
        );
        Values {
            posts,
            pages,
            post_unchanged: post_values.unchanged,
            posts_changed: post_values.changed,
            pages_changed: page_values.changed,
            site_value,
            series_lists,
            kept: ValueCache {
                posts: post_values.values,
                pages: page_values.values,
            },
        }
    }

    /// What the next render keeps of this one.
    pub(super) fn keep(self) -> ValueCache {
        self.kept
    }
}

/// A kept previous value of a document.
type Kept<'a> = Option<&'a Arc<DocumentValue>>;

/// The base maps of `documents` (their value before site-wide annotations), made by
/// `make` or, for a document whose body render is the very one `previous` used (and
/// when `reuse` allows), shared with it; each with that previous value.
fn base_values<'a>(
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

/// The value at `key` of each kept previous complete map, by index: what a
/// site-wide annotation was, for the documents whose base map is unchanged.
fn kept_annotations<'a>(
    kept: &'a [Kept],
    key: &'a str,
) -> impl Fn(usize) -> Option<&'a Value> + 'a {
    move |index| kept[index].and_then(|kept| kept.page.get(key))
}

/// `bases` with each of `annotations` (the value at `key` for the document at an
/// index; `None`: the kept one) added: the kept previous complete map where it has
/// the same annotation, else a copy of the base map with it.
fn annotated(
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

/// Documents' template values, and what differs from the previous render's.
struct Converted {
    values: DocumentValues,
    /// Per document, whether its value is the previous one.
    unchanged: Vec<bool>,
    /// Whether the list differs (a value, or the order).
    changed: bool,
}

/// The values of documents from their base maps `bases` and complete maps `pages`
/// (the base maps after site-wide annotations): the previous value the base map came
/// from (`kept`) when the site-wide annotation is also the same, else converted anew
/// (with the shared `series` lists).
fn converted(
    kept: Vec<Kept>,
    bases: Vec<PageValue>,
    pages: &[PageValue],
    rendered: &[Arc<RenderedDocument>],
    previous: &DocumentValues,
    series: &context::SeriesLists,
) -> Converted {
    let values: Vec<(Arc<DocumentValue>, bool)> = kept
        .into_par_iter()
        .zip(bases)
        .zip(pages)
        .zip(rendered)
        .map(|(((kept, base), page), rendered)| match kept {
            Some(kept)
                if Arc::ptr_eq(&kept.page, page)
                    || kept.page.get(SERIES_INFO_KEY) == page.get(SERIES_INFO_KEY) =>
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
    let (values, unchanged) = values.into_iter().unzip();
    Converted {
        values,
        unchanged,
        changed,
    }
}
