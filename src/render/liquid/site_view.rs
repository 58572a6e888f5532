//! `site` as one document sees it: the build's shared `site` value plus what Jekyll
//! computes for the document being rendered.
//!
//! - `site.related_posts`: without `lsi`, the ten most recent posts other than the
//!   document itself (a post or a collection document); a page has none (`nil`).
//! - `site.pages` with the Sass source maps rendered before it: jekyll-sass-converter
//!   appends a Sass page's `.css.map` page to `site.pages` when it converts that page,
//!   and Jekyll renders pages one by one in `site.pages`' order, after every post and
//!   document; so a page after `main.scss` lists `main.css.map` and one before it does
//!   not (a sitemap page written in Liquid shows the difference).
//!
//! Both borrow the shared values, so no page copies the site.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use liquid_core::model::{ArrayView, DisplayCow, KStringCow, ObjectView, State, Value, ValueView};

use super::site_value::{site_posts, source_map_page_object};
use crate::content::Site;
use crate::content::document::{Document, Kind};

/// How many posts Jekyll lists as related.
const RELATED_POSTS: usize = 10;

/// The shared `site` with the rendering document's `related_posts`.
#[derive(Debug)]
pub(super) struct DocumentSite<'a> {
    site: &'a Value,
    related: Option<Vec<&'a Value>>,
    /// `site.pages` with the source maps rendered before the document, when any.
    pages: Option<PagesWithMaps<'a>>,
}

impl<'a> DocumentSite<'a> {
    /// `site` for `document`: a post or collection document gets its related posts, a
    /// page the source maps rendered before it.
    pub(super) fn new(site: &'a Value, maps: &'a SourceMapPages, document: &Document) -> Self {
        let related = (document.kind != Kind::Page).then(|| related_posts(site, &document.url));
        let visible = maps.visible_to(document);
        let pages = site
            .as_object()
            .and_then(|site| site.get("pages"))
            .and_then(ValueView::as_array)
            .filter(|_| !visible.is_empty())
            .map(|base| PagesWithMaps {
                base,
                maps: visible,
            });
        DocumentSite {
            site,
            related,
            pages,
        }
    }

    fn object(&self) -> Option<&'a dyn ObjectView> {
        self.site.as_object()
    }
}

/// Jekyll's `RelatedPosts#most_recent_posts`: of the eleven newest posts, those that
/// are not the document itself, at most ten; none when the site has one post.
fn related_posts<'a>(site: &'a Value, url: &str) -> Vec<&'a Value> {
    let posts = site_posts(site);
    if posts.len() < 2 {
        return Vec::new();
    }
    let is_document = |post: &Value| match post {
        Value::Object(post) => post.get("url").is_some_and(|u| u.to_kstr() == url),
        _ => false,
    };
    posts
        .iter()
        .take(RELATED_POSTS + 1)
        .filter(|post| !is_document(post))
        .take(RELATED_POSTS)
        .collect()
}

impl ValueView for DocumentSite<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self.site.as_debug()
    }
    fn render(&self) -> DisplayCow<'_> {
        self.site.render()
    }
    fn source(&self) -> DisplayCow<'_> {
        self.site.source()
    }
    fn type_name(&self) -> &'static str {
        self.site.type_name()
    }
    fn query_state(&self, state: State) -> bool {
        self.site.query_state(state)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        self.site.to_kstr()
    }
    fn to_value(&self) -> Value {
        let mut value = self.site.to_value();
        if let (Value::Object(object), Some(related)) = (&mut value, &self.related) {
            let related = related.iter().map(|post| (*post).clone()).collect();
            object.insert("related_posts".into(), Value::Array(related));
        }
        if let (Value::Object(object), Some(pages)) = (&mut value, &self.pages) {
            object.insert(PAGES.into(), pages.to_value());
        }
        value
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for DocumentSite<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        let base = self.object().map_or(0, ObjectView::size);
        base + i64::from(self.related.is_some())
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(self.iter().map(|(key, _)| key))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.iter().map(|(_, value)| value))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        let base = self.object().into_iter().flat_map(|site| site.iter());
        let base = base.map(|(key, value)| match &self.pages {
            Some(pages) if key == PAGES => (key, pages as &dyn ValueView),
            _ => (key, value),
        });
        let related = self
            .related
            .as_ref()
            .map(|r| (KStringCow::from_static(KEY), r as &dyn ValueView));
        Box::new(base.chain(related))
    }
    fn contains_key(&self, index: &str) -> bool {
        (index == KEY && self.related.is_some())
            || self.object().is_some_and(|site| site.contains_key(index))
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        match (&self.related, &self.pages, index) {
            (Some(related), _, KEY) => Some(related as &dyn ValueView),
            (_, Some(pages), PAGES) => Some(pages as &dyn ValueView),
            _ => self.object().and_then(|site| site.get(index)),
        }
    }
}

/// The key this view adds.
const KEY: &str = "related_posts";
/// The key this view may extend.
const PAGES: &str = "pages";

/// The source map pages of a build's Sass pages, in `site.pages`' order, and how many
/// of them each page sees (those of the Sass pages before it).
#[derive(Debug, Default)]
pub(super) struct SourceMapPages {
    pages: Vec<Value>,
    seen: HashMap<PathBuf, usize>,
}

impl SourceMapPages {
    /// The maps of `site`'s Sass pages (none when `sass.sourcemap` writes none).
    pub(super) fn new(site: &Site, written: bool) -> Self {
        let mut maps = SourceMapPages::default();
        if !written {
            return maps;
        }
        for page in &site.pages {
            if !maps.pages.is_empty() {
                maps.seen.insert(page.source_path.clone(), maps.pages.len());
            }
            if page.is_sass() {
                maps.pages.push(source_map_page_object(page));
            }
        }
        maps
    }

    /// The maps `document` sees: those of the Sass pages rendered before it (posts and
    /// documents render before every page, so they see none).
    fn visible_to(&self, document: &Document) -> &[Value] {
        let seen = match document.kind {
            Kind::Page => self.seen.get(&document.source_path).copied(),
            _ => None,
        };
        &self.pages[..seen.unwrap_or(0)]
    }
}

/// `site.pages` followed by some source map pages, borrowed, never copied.
#[derive(Debug)]
struct PagesWithMaps<'a> {
    base: &'a dyn ArrayView,
    maps: &'a [Value],
}

impl ValueView for PagesWithMaps<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(self.to_value().render().to_string()))
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(self.to_value().source().to_string()))
    }
    fn type_name(&self) -> &'static str {
        "array"
    }
    fn query_state(&self, state: State) -> bool {
        match state {
            State::Truthy => true,
            State::DefaultValue | State::Empty | State::Blank => ArrayView::size(self) == 0,
        }
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_string(self.render().to_string())
    }
    fn to_value(&self) -> Value {
        Value::Array(ArrayView::values(self).map(ValueView::to_value).collect())
    }
    fn as_array(&self) -> Option<&dyn ArrayView> {
        Some(self)
    }
}

impl ArrayView for PagesWithMaps<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.base.size() + self.maps.len() as i64
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        let maps = self.maps.iter().map(|map| map as &dyn ValueView);
        Box::new(self.base.values().chain(maps))
    }
    fn contains_key(&self, index: i64) -> bool {
        ArrayView::get(self, index).is_some()
    }
    fn get(&self, index: i64) -> Option<&dyn ValueView> {
        let size = ArrayView::size(self);
        let index = if index < 0 { index + size } else { index };
        let base = self.base.size();
        match index {
            i if i < 0 || i >= size => None,
            i if i < base => self.base.get(i),
            i => self
                .maps
                .get(usize::try_from(i - base).ok()?)
                .map(|m| m as &dyn ValueView),
        }
    }
}
