//! `redirect_from` and `redirect_to` as jekyll-redirect-from 0.16 handles them.
//!
//! Each `redirect_from` path (a string or a list; leading `/` ensured) becomes a page
//! that sends the reader to the document's absolute URL: at `PATH.html` when the path
//! has no extension, at `PATH/index.html` when it ends with `/`. A document with
//! `redirect_to` is itself replaced by such a page. `/redirects.json` maps every
//! source path to its target unless `redirect_from: {json: false}`.
//!
//! The page is the plugin's `redirect.html`, byte for byte, unless the theme has a
//! `redirect.html` template, which then receives `page.redirect.from`,
//! `page.redirect.to` and `site`.

use serde_json::{Map, Value, json};

use super::text::printed;
use super::{Published, SiteMeta, SyndicationError};
use crate::content::document::Document;
use crate::content::permalink;
use crate::diagnostic::Location;
use crate::output::{Contents, Layer, OutputError, OutputFile};
use crate::theme::liquid_layouts::PageLayouts;
use crate::theme::{Theme, ThemeError, context};

/// Where the map of redirects is written.
pub const JSON_PATH: &str = "redirects.json";

/// The theme template that overrides the built-in redirect page.
const THEME_TEMPLATE: &str = "redirect.html";

/// `redirect_to`: the string, or the first entry of a list.
pub fn redirect_to(document: &Document) -> Option<String> {
    match document.get("redirect_to")? {
        Value::Array(targets) => targets.iter().find(|t| !t.is_null()).map(printed),
        Value::Null => None,
        target => Some(printed(target)),
    }
}

/// `redirect_from`: the string, or every non-null entry of a list.
fn redirect_from(document: &Document) -> Vec<String> {
    match document.get("redirect_from") {
        Some(Value::Array(paths)) => paths.iter().filter(|p| !p.is_null()).map(printed).collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(path) => vec![printed(path)],
    }
}

/// Whether `/redirects.json` is written (`redirect_from.json` is not `false`).
pub fn json_enabled(meta: &SiteMeta) -> bool {
    meta.redirects_json
}

/// The pages jekyll-redirect-from adds, as `site.pages` lists them: one per
/// `redirect_from` path of `documents` (posts, then pages), then `/redirects.json`
/// when `json` (`redirect_from.json` is not `false`).
pub fn listed_pages<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
    json: bool,
) -> Vec<Map<String, Value>> {
    let mut pages: Vec<Map<String, Value>> = documents
        .into_iter()
        .flat_map(redirect_from)
        .map(|from| listed_page(&with_leading_slash(&from), "redirect.html"))
        .collect();
    if json {
        pages.push(listed_page(&format!("/{JSON_PATH}"), JSON_PATH));
    }
    pages
}

/// A generated page's `site.pages` entry: its `url` and `name`.
pub fn listed_page(url: &str, name: &str) -> Map<String, Value> {
    let mut page = Map::new();
    page.insert("url".into(), Value::from(url));
    page.insert("name".into(), Value::from(name));
    page
}

/// Where a redirect leads: an `http(s)://` URL as it is, anything else made absolute.
fn target_url(meta: &SiteMeta, to: &str) -> String {
    if to.starts_with("http://") || to.starts_with("https://") {
        to.to_string()
    } else {
        meta.absolute_url(to)
    }
}

/// `/x` for `x`.
fn with_leading_slash(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

/// Renders redirect pages: with the theme's `redirect.html` when it has one, else
/// jekyll-redirect-from's page.
pub struct RedirectPages<'a> {
    theme: &'a Theme,
    site: &'a context::SiteValue,
    /// The site's own Liquid layouts, whose `redirect` layout wins when it has one.
    layouts: Option<&'a PageLayouts<'a>>,
}

impl<'a> RedirectPages<'a> {
    /// A renderer using `theme` and the shared `site` template value.
    pub fn new(theme: &'a Theme, site: &'a context::SiteValue) -> RedirectPages<'a> {
        RedirectPages {
            theme,
            site,
            layouts: None,
        }
    }

    /// The same, placing redirects in the site's own `redirect` layout when it has
    /// one (as jekyll-redirect-from does).
    pub fn with_layouts(self, layouts: &'a PageLayouts<'a>) -> RedirectPages<'a> {
        RedirectPages {
            layouts: Some(layouts),
            ..self
        }
    }

    /// The page that redirects from `from` (a URL path) to `to` (an absolute URL);
    /// `source` is the document that asked for it, named in errors.
    fn render(
        &self,
        from: &str,
        to: &str,
        source: &Document,
        document: Option<&Document>,
    ) -> Result<String, ThemeError> {
        if let Some(layouts) = self.layouts.filter(|l| l.has_redirect_layout()) {
            return layouts.render_redirect(from, to, source, document);
        }
        if !self.theme.has_template(THEME_TEMPLATE) {
            return Ok(builtin_page(to));
        }
        let page = json!({
            "url": from,
            "permalink": from,
            "layout": "redirect",
            "sitemap": false,
            "redirect": {"from": from, "to": to},
        });
        let Value::Object(page) = page else {
            unreachable!("json! of an object literal is an object")
        };
        self.theme.render(
            THEME_TEMPLATE,
            &context::page_context(self.site, &page),
            &source.source_path,
        )
    }

    /// For a document with `redirect_to`, the page that replaces its output; `None`
    /// for every other document.
    pub fn replacement(
        &self,
        meta: &SiteMeta,
        document: &Document,
    ) -> Result<Option<String>, ThemeError> {
        redirect_to(document)
            .map(|to| {
                let to = target_url(meta, &to);
                self.render(&document.url, &to, document, Some(document))
            })
            .transpose()
    }
}

/// The file a redirect from `from` is written to: `from` itself when its last
/// segment has an extension (`/old.pdf` → `old.pdf`), else with `.html` added, or
/// `index.html` inside it when it ends with `/`.
fn redirect_file(from: &str) -> Option<String> {
    let last = from.rsplit('/').next().unwrap_or_default();
    let extension = match last.rfind('.') {
        Some(dot) if dot > 0 && dot + 1 < last.len() => &last[dot..],
        _ => ".html",
    };
    permalink::output_path(from, extension, false).map(|placed| placed.path)
}

/// jekyll-redirect-from's `redirect.html`, with `to` printed as the plugin prints it.
fn builtin_page(to: &str) -> String {
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"en-US\">\n  \
         <meta charset=\"utf-8\">\n  \
         <title>Redirecting&hellip;</title>\n  \
         <link rel=\"canonical\" href=\"{to}\">\n  \
         <script>location=\"{to}\"</script>\n  \
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n  \
         <meta name=\"robots\" content=\"noindex\">\n  \
         <h1>Redirecting&hellip;</h1>\n  \
         <a href=\"{to}\">Click here if you are not redirected.</a>\n\
         </html>\n"
    )
}

/// One redirect: from a URL path to an absolute URL.
#[derive(Debug, Clone)]
struct Redirect<'a> {
    from: String,
    to: String,
    /// The document whose front matter asked for it.
    source: &'a Document,
    /// A `redirect_from` entry (gets a page of its own), not a `redirect_to`.
    needs_page: bool,
}

/// Every redirect of the site, in jekyll-redirect-from's order: documents in order,
/// each one's `redirect_from` paths, then its `redirect_to`.
pub struct Plan<'a> {
    redirects: Vec<Redirect<'a>>,
}

impl<'a> Plan<'a> {
    /// Collects the redirects `documents` ask for.
    pub fn new(meta: &SiteMeta, documents: &[Published<'a>]) -> Plan<'a> {
        let mut redirects = Vec::new();
        for document in documents.iter().map(|p| p.document) {
            for from in redirect_from(document) {
                redirects.push(Redirect {
                    from: with_leading_slash(&from),
                    to: meta.absolute_url(&document.url),
                    source: document,
                    needs_page: true,
                });
            }
            if let Some(to) = redirect_to(document) {
                redirects.push(Redirect {
                    from: document.url.clone(),
                    to: target_url(meta, &to),
                    source: document,
                    needs_page: false,
                });
            }
        }
        Plan { redirects }
    }

    /// The redirect pages for `redirect_from` paths. They are generated files: a page
    /// or file the site has at the same path wins. Paths that decode to one file and
    /// lead to the same place make one page, as in Jekyll (`/caf%C3%A9/`, `/café/`).
    pub fn pages(&self, pages: &RedirectPages) -> Result<Vec<OutputFile>, SyndicationError> {
        let mut written: Vec<(String, &str)> = Vec::new();
        let mut files = Vec::new();
        for redirect in self.redirects.iter().filter(|r| r.needs_page) {
            let path =
                redirect_file(&redirect.from).ok_or_else(|| OutputError::OutsideDestination {
                    location: Location::file(&redirect.source.source_path),
                    path: redirect.from.clone(),
                })?;
            if written.contains(&(path.clone(), redirect.to.as_str())) {
                continue;
            }
            let html = pages.render(&redirect.from, &redirect.to, redirect.source, None)?;
            written.push((path.clone(), &redirect.to));
            files.push(OutputFile {
                path,
                contents: Contents::Bytes(html.into_bytes().into()),
                source: redirect.source.source_path.clone(),
                layer: Layer::Generated,
            });
        }
        Ok(files)
    }

    /// `/redirects.json`: `{"FROM": "TO", …}` on one line (a later duplicate replaces
    /// an earlier one's target, keeping its place, as a Ruby hash does).
    pub fn json(&self) -> String {
        let mut map = Map::new();
        for redirect in &self.redirects {
            map.insert(redirect.from.clone(), Value::String(redirect.to.clone()));
        }
        Value::Object(map).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_files_keep_their_extension() {
        assert_eq!(redirect_file("/old.pdf").as_deref(), Some("old.pdf"));
        assert_eq!(redirect_file("/old").as_deref(), Some("old.html"));
        assert_eq!(redirect_file("/old/").as_deref(), Some("old/index.html"));
        assert_eq!(
            redirect_file("/caf%C3%A9/").as_deref(),
            Some("café/index.html")
        );
        assert_eq!(redirect_file("/a.b/c").as_deref(), Some("a.b/c.html"));
    }

    #[test]
    fn builtin_page_is_the_plugins_template() {
        let page = builtin_page("https://x.org/a");
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">\n  <meta charset"));
        assert!(page.ends_with("Click here if you are not redirected.</a>\n</html>\n"));
    }
}
