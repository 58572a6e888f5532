//! A site's own Liquid layouts (`_layouts/`), applied as Jekyll's renderer applies
//! them: the document's converted content becomes `content`, its layout renders, then
//! the layout's own `layout:` does, and so on up the chain; `layout` is every layout's
//! front matter merged, the inner layout's values winning.
//!
//! Layouts are parsed once per build ([`LiquidSite::parse_layouts`]) and rendered
//! read-only from every thread ([`LiquidSite::render_layouts`]).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use liquid_core::model::{KStringRef, Object, Value, ValueView};
use liquid_core::runtime::RuntimeBuilder;
use liquid_core::{
    Language, ParseTag, Renderable, Result as LiquidResult, Runtime, TagReflection, TagTokenIter,
    Template,
};
use serde_json::{Map, Value as Json};

use super::errors::{IncludeChain, RenderError};
use super::runtime::{LaxRuntime, RenderState, with_state};
use super::site_value::{liquid_value, page_object, site_posts};
use super::site_view::DocumentSite;
use super::{LiquidSite, markup};
use crate::content::document::{Document, Kind};
use crate::diagnostic::{Location, Warning};
use crate::render::RenderedBody;

/// One file of `_layouts/` as read: its name (the path under `_layouts/` without the
/// extension), front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSource {
    /// `default`, `docs/page`…: what `layout:` names.
    pub name: String,
    /// The file, for errors.
    pub path: PathBuf,
    /// Its front matter (`layout:` names the next layout out).
    pub data: Map<String, Json>,
    /// The text after the front matter.
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// A parsed layout.
struct ParsedLayout {
    source: LayoutSource,
    template: Template,
}

/// The site's layouts, parsed, by name.
pub struct Layouts {
    by_name: HashMap<String, ParsedLayout>,
}

impl Layouts {
    /// Whether the site has a layout of this name.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The layout files, for the rebuild's dependency tracking.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.by_name.values().map(|l| l.source.path.as_path())
    }
}

/// What `{% seo %}` and `{% feed_meta %}` print on the page being rendered.
#[derive(Debug, Clone, Default)]
pub struct HeadTags {
    /// jekyll-seo-tag's tags for this page.
    pub seo: String,
    /// jekyll-feed's `<link>` to the feed.
    pub feed_meta: String,
}

/// Where a layout's `page` comes from.
pub enum PageData {
    /// The document's own `page`.
    Document,
    /// The document's, with these keys set over it (a `redirect_to` document).
    Merged(Map<String, Json>),
    /// A page of its own, with no document (a `redirect_from` page).
    Own(Map<String, Json>),
}

/// One page to place in its layouts.
pub struct LayoutPage<'a> {
    /// The document (for a pagination page, the paginated page it copies).
    pub document: &'a Document,
    /// What its `page` holds.
    pub data: PageData,
    /// Its rendered content and excerpt.
    pub body: &'a RenderedBody,
    /// The URL when it is not the document's own (pagination pages 2, 3…).
    pub url: Option<&'a str>,
    /// Its pager number when it is jekyll-paginate's page (0 is page 1).
    pub pager: Option<usize>,
    /// Its index in `site.posts` (oldest first), for posts: `page.previous`/`next`.
    pub post_index: Option<usize>,
    /// What the head tags print on it.
    pub head: HeadTags,
}

impl LiquidSite {
    /// Parses every layout; parse warnings are reported once, here.
    pub fn parse_layouts(
        &self,
        sources: Vec<LayoutSource>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Layouts, RenderError> {
        let mut by_name = HashMap::new();
        for source in sources {
            let template = self.parse(
                &source.body,
                &source.path,
                source.body_line.saturating_sub(1),
                &IncludeChain::default(),
                warnings,
            )?;
            by_name.insert(source.name.clone(), ParsedLayout { source, template });
        }
        Ok(Layouts { by_name })
    }

    /// Places `page`'s content in the layout `first` and the chain above it; renders
    /// with `page`, `site`, `jekyll`, `paginator`, `content` and `layout` defined.
    pub fn render_layouts(
        self: &Arc<Self>,
        layouts: &Layouts,
        first: &str,
        page: &LayoutPage,
    ) -> Result<(String, Vec<Warning>), RenderError> {
        let page_value = self.layout_page_value(page);
        let pager = page
            .pager
            .and_then(|number| self.pager_value(&page.document.source_path, number));
        let mut output = page.body.content.clone();
        let mut warnings = Vec::new();
        let mut merged = Object::new();
        let mut used = HashSet::new();
        let mut current = layouts.by_name.get(first);
        while let Some(layout) = current {
            used.insert(layout.source.name.as_str());
            merged = merge_layout_data(&layout.source.data, merged);
            let globals = LayoutGlobals {
                page: &page_value,
                paginator: pager,
                content: Value::scalar(output),
                layout: Value::Object(merged.clone()),
            };
            output = self.render_layout(layout, page, &globals, &mut warnings)?;
            current = layout
                .source
                .data
                .get("layout")
                .and_then(Json::as_str)
                .filter(|name| !used.contains(name))
                .and_then(|name| layouts.by_name.get(name));
        }
        Ok((output, warnings))
    }

    /// `page` in a layout: the document with its rendered content and excerpt, its
    /// pagination URL, and for posts the neighbouring posts as `previous` and `next`.
    fn layout_page_value(&self, page: &LayoutPage) -> Value {
        // A page's `page` is a copy taken before it rendered (its `content` is the
        // source); a document's is live (its `content` is converted).
        let rendered = (page.document.kind != Kind::Page).then_some(page.body);
        let mut value = match &page.data {
            PageData::Own(data) => liquid_value(Json::Object(data.clone())),
            _ => page_object(page.document, rendered),
        };
        let Value::Object(object) = &mut value else {
            return value;
        };
        if let PageData::Merged(data) = &page.data {
            for (key, json) in data {
                object.insert(key.clone().into(), liquid_value(json.clone()));
            }
        }
        if let Some(url) = page.url {
            object.insert("url".into(), Value::scalar(url.to_string()));
        }
        if let Some(index) = page.post_index {
            // `site.posts` is newest first.
            let posts = site_posts(&self.site);
            let at = |i: Option<usize>| {
                i.and_then(|i| posts.len().checked_sub(i + 1))
                    .and_then(|i| posts.get(i).cloned())
                    .unwrap_or(Value::Nil)
            };
            object.insert("previous".into(), at(index.checked_sub(1)));
            object.insert("next".into(), at(index.checked_add(1)));
        }
        value
    }

    /// The `paginator` of pager `number` of the paginated page `source`.
    fn pager_value(&self, source: &Path, number: usize) -> Option<&Value> {
        let (page, pagers) = self.paginated.as_ref()?;
        (page == source)
            .then(|| pagers.get(number).map(|(_, v)| v))
            .flatten()
    }

    /// Renders one layout of the chain.
    fn render_layout(
        self: &Arc<Self>,
        layout: &ParsedLayout,
        page: &LayoutPage,
        globals: &LayoutGlobals,
        warnings: &mut Vec<Warning>,
    ) -> Result<String, RenderError> {
        let mut variables: HashMap<KStringRef<'_>, &dyn ValueView> = HashMap::new();
        let site = DocumentSite::new(&self.site, &self.source_maps, page.document);
        variables.insert(KStringRef::from_static("site"), &site);
        variables.insert(KStringRef::from_static("jekyll"), &self.jekyll);
        variables.insert(KStringRef::from_static("page"), globals.page);
        variables.insert(KStringRef::from_static("content"), &globals.content);
        variables.insert(KStringRef::from_static("layout"), &globals.layout);
        if let Some(paginator) = globals.paginator {
            variables.insert(KStringRef::from_static("paginator"), paginator);
        }
        let runtime = RuntimeBuilder::new().set_globals(&variables).build();
        with_state(&runtime, |state| {
            *state = RenderState {
                site: Some(Arc::clone(self)),
                document: layout.source.path.clone(),
                document_dir: Path::new(&page.document.relative_path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                first_line: layout.source.body_line,
                head: page.head.clone(),
                ..RenderState::default()
            }
        });
        let rendered = layout
            .template
            .render(&LaxRuntime::new(&runtime, self.options.strict_variables));
        let (failure, include_warnings) = with_state(&runtime, |state| {
            (state.failure.take(), std::mem::take(&mut state.warnings))
        });
        warnings.extend(include_warnings);
        rendered.map_err(|error| {
            failure.unwrap_or_else(|| RenderError::Render {
                location: Location::file(&layout.source.path),
                message: super::errors::brief(
                    error.to_string().trim_start_matches("liquid:").trim(),
                ),
                chain: IncludeChain::default(),
            })
        })
    }
}

/// The variables one layout of a chain renders with.
struct LayoutGlobals<'a> {
    page: &'a Value,
    paginator: Option<&'a Value>,
    content: Value,
    layout: Value,
}

/// Jekyll's `deep_merge_hashes(layout.data, inner)`: the outer layout's front matter
/// under what the inner layouts already set.
fn merge_layout_data(outer: &Map<String, Json>, inner: Object) -> Object {
    let mut merged = match liquid_value(Json::Object(outer.clone())) {
        Value::Object(object) => object,
        _ => Object::new(),
    };
    for (key, value) in inner {
        let combined = match (merged.remove(&key), value) {
            (Some(Value::Object(outer)), Value::Object(inner)) => {
                let outer_json = super::ordered::to_json(&Value::Object(outer));
                let Json::Object(outer_map) = outer_json else {
                    unreachable!("an object converts to an object")
                };
                Value::Object(merge_layout_data(&outer_map, inner))
            }
            (_, value) => value,
        };
        merged.insert(key, combined);
    }
    merged
}

/// jekyll-seo-tag's `{% seo %}` and jekyll-feed's `{% feed_meta %}`: they print
/// what the build computed for the page being rendered (nothing in a body).
#[derive(Debug, Clone, Copy)]
pub(super) enum HeadTag {
    /// `{% seo %}`.
    Seo,
    /// `{% feed_meta %}`.
    FeedMeta,
}

impl TagReflection for HeadTag {
    fn tag(&self) -> &str {
        match self {
            HeadTag::Seo => "seo",
            HeadTag::FeedMeta => "feed_meta",
        }
    }

    fn description(&self) -> &str {
        "Prints the page's SEO tags or feed link, as the Jekyll plugin does."
    }
}

impl ParseTag for HeadTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> LiquidResult<Box<dyn Renderable>> {
        // The markup is read whole: jekyll-seo-tag leaves out `<title>` when it
        // says `title=false` (in any case), and reads nothing else of it.
        let (_, markup) = markup::decode(&mut arguments)?;
        let without_title = markup.to_ascii_lowercase().contains("title=false");
        Ok(Box::new(PrintedHeadTag {
            tag: *self,
            without_title,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// A head tag as written: `{% seo title=false %}` prints the tags but `<title>`.
#[derive(Debug)]
struct PrintedHeadTag {
    tag: HeadTag,
    without_title: bool,
}

impl Renderable for PrintedHeadTag {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> LiquidResult<()> {
        let text = with_state(runtime, |state| match self.tag {
            HeadTag::Seo if self.without_title => (state.head.seo.lines())
                .filter(|line| !(line.starts_with("<title>") && line.ends_with("</title>")))
                .map(|line| format!("{line}\n"))
                .collect(),
            HeadTag::Seo => state.head.seo.clone(),
            HeadTag::FeedMeta => state.head.feed_meta.clone(),
        });
        writer
            .write_all(text.as_bytes())
            .map_err(|e| liquid_core::Error::with_msg(e.to_string()))
    }
}
