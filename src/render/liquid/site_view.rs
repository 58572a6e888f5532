//! `site` as one document sees it: the build's shared `site` value plus
//! `site.related_posts`, which Jekyll computes for the document being rendered.
//!
//! Without `lsi`, Jekyll's related posts of a document (a post or a collection
//! document) are the ten most recent posts other than itself; a page has none
//! (`nil`). The list borrows the shared posts, so no page copies the site.

use std::fmt;

use liquid_core::model::{DisplayCow, KStringCow, ObjectView, State, Value, ValueView};

use super::site_value::site_posts;
use crate::content::document::{Document, Kind};

/// How many posts Jekyll lists as related.
const RELATED_POSTS: usize = 10;

/// The shared `site` with the rendering document's `related_posts`.
#[derive(Debug)]
pub(super) struct DocumentSite<'a> {
    site: &'a Value,
    related: Option<Vec<&'a Value>>,
}

impl<'a> DocumentSite<'a> {
    /// `site` for `document`: a post or collection document gets its related posts.
    pub(super) fn new(site: &'a Value, document: &Document) -> Self {
        let related = (document.kind != Kind::Page).then(|| related_posts(site, &document.url));
        DocumentSite { site, related }
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
        match (&self.related, index) {
            (Some(related), KEY) => Some(related as &dyn ValueView),
            _ => self.object().and_then(|site| site.get(index)),
        }
    }
}

/// The key this view adds.
const KEY: &str = "related_posts";
