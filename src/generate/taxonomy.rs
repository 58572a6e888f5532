//! Tag and category pages: one page per tag (category) listing its posts, and an
//! index of all of them with counts.
//!
//! A term's URL is the taxonomy's folder plus its slug (`/tags/` + `cold-starts` +
//! `/`). Names whose slugs are equal (`Rust`, `rust`) share one page, named as the
//! newest post spells it; a name whose slug is empty (`!!!`) gets none.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::{
    GeneratedPage, PageValue, Settings, Template, object, output_path, page_value, post_list,
    url_slug,
};
use crate::content::document::Document;

/// Tags or categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    /// `page.tags`.
    Tags,
    /// `page.categories`.
    Categories,
}

impl Taxonomy {
    /// Both, in the order their pages are generated.
    pub const ALL: [Taxonomy; 2] = [Taxonomy::Tags, Taxonomy::Categories];

    /// The folder URL of its pages, `None` when they are switched off.
    fn folder(self, settings: &Settings) -> Option<&str> {
        match self {
            Taxonomy::Tags => settings.tag_dir.as_deref(),
            Taxonomy::Categories => settings.category_dir.as_deref(),
        }
    }

    /// A post's names in this taxonomy.
    fn names(self, document: &Document) -> &[String] {
        match self {
            Taxonomy::Tags => &document.tags,
            Taxonomy::Categories => &document.categories,
        }
    }

    /// The template of one term's page.
    pub fn term_template(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tag.html",
            Taxonomy::Categories => "category.html",
        }
    }

    /// The template of the index of all terms.
    pub fn index_template(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags.html",
            Taxonomy::Categories => "categories.html",
        }
    }

    /// The index page's title.
    fn index_title(self) -> &'static str {
        match self {
            Taxonomy::Tags => "Tags",
            Taxonomy::Categories => "Categories",
        }
    }

    /// The key of the per-post links (`page.tag_links`, `page.category_links`).
    pub fn links_key(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tag_links",
            Taxonomy::Categories => "category_links",
        }
    }
}

/// One tag or category and its listed posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The name, as the newest post using it spells it.
    pub name: String,
    /// Its URL slug.
    pub slug: String,
    /// Its posts, as indices into `site.posts`, newest first.
    pub posts: Vec<usize>,
}

/// A taxonomy's terms and which of its pages the theme can render.
#[derive(Debug, Clone)]
pub struct TermPages {
    /// Which taxonomy.
    pub taxonomy: Taxonomy,
    /// The folder URL of its pages, `None` when they are switched off.
    pub folder: Option<String>,
    /// Its terms, sorted by name (case-insensitively).
    pub terms: Vec<Term>,
    /// The theme has the per-term template, so terms have pages (and URLs).
    pub has_term_pages: bool,
    /// The theme has the index template.
    pub has_index: bool,
}

impl TermPages {
    /// Groups the listed posts (`listed`: indices into `posts`, newest first) by term.
    pub fn new(
        taxonomy: Taxonomy,
        settings: &Settings,
        posts: &[Arc<Document>],
        listed: &[usize],
        has_template: &dyn Fn(&str) -> bool,
    ) -> TermPages {
        let mut terms: Vec<Term> = Vec::new();
        for &index in listed {
            for name in taxonomy.names(&posts[index]) {
                let slug = url_slug(name);
                if slug.is_empty() {
                    continue;
                }
                match terms.iter_mut().find(|term| term.slug == slug) {
                    Some(term) if term.posts.last() == Some(&index) => {}
                    Some(term) => term.posts.push(index),
                    None => terms.push(Term {
                        name: name.clone(),
                        slug,
                        posts: vec![index],
                    }),
                }
            }
        }
        terms.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.name.cmp(&b.name))
        });
        let folder = taxonomy.folder(settings);
        TermPages {
            taxonomy,
            folder: folder.map(str::to_string),
            terms,
            has_term_pages: folder.is_some() && has_template(taxonomy.term_template()),
            has_index: folder.is_some() && has_template(taxonomy.index_template()),
        }
    }

    /// The URL of a term's page, when terms have pages.
    fn term_url(&self, term: &Term) -> Option<String> {
        let folder = self.folder.as_deref().filter(|_| self.has_term_pages)?;
        Some(format!("{folder}{}/", term.slug))
    }

    /// The URL of the index of all terms, when there is one: never for a site without
    /// terms (an empty index page would be a dead end).
    fn index_url(&self) -> Option<&str> {
        self.folder
            .as_deref()
            .filter(|_| self.has_index && !self.terms.is_empty())
    }

    /// `{name, url}` for each of a post's names, `url` `null` when the name has no page:
    /// what `page.tag_links` / `page.category_links` hold.
    pub fn links(&self, document: &Document) -> Value {
        let links = self
            .taxonomy
            .names(document)
            .iter()
            .map(|name| {
                let slug = url_slug(name);
                let url = self
                    .terms
                    .iter()
                    .find(|term| term.slug == slug)
                    .and_then(|term| self.term_url(term));
                serde_json::json!({ "name": name, "url": url })
            })
            .collect();
        Value::Array(links)
    }

    /// The term pages and the index page the theme can render.
    pub fn pages(&self, post_values: &[PageValue]) -> Vec<GeneratedPage> {
        let source = || format!("(generated {} page)", self.taxonomy.links_key());
        let mut pages = Vec::new();
        for term in &self.terms {
            let Some(url) = self.term_url(term) else {
                break;
            };
            let mut term_value = self.term_value(term);
            term_value.insert(
                "posts".into(),
                post_list(term.posts.iter().map(|&i| &*post_values[i])),
            );
            let index_url = self.index_url().map_or(Value::Null, Value::from);
            pages.push(GeneratedPage {
                template: Template::Theme(self.taxonomy.term_template()),
                output_path: output_path(&url),
                page: page_value(
                    &term.name,
                    &url,
                    [
                        ("term", Value::Object(term_value)),
                        ("index_url", index_url),
                    ],
                ),
                paginator: None,
                source: source().into(),
            });
        }
        if let Some(index_url) = self.index_url() {
            let terms = self
                .terms
                .iter()
                .map(|term| Value::Object(self.term_value(term)))
                .collect();
            pages.push(GeneratedPage {
                template: Template::Theme(self.taxonomy.index_template()),
                output_path: output_path(index_url),
                page: page_value(
                    self.taxonomy.index_title(),
                    index_url,
                    [("terms", Value::Array(terms))],
                ),
                paginator: None,
                source: source().into(),
            });
        }
        pages
    }

    /// A term as templates see it: `name`, `slug`, `url` (or `null`), `count`.
    fn term_value(&self, term: &Term) -> Map<String, Value> {
        object([
            ("name", Value::from(term.name.as_str())),
            ("slug", Value::from(term.slug.as_str())),
            ("url", self.term_url(term).map_or(Value::Null, Value::from)),
            ("count", Value::from(term.posts.len())),
        ])
    }
}
