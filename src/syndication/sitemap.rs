//! `/sitemap.xml` and `/robots.txt` as jekyll-sitemap 1.4 writes them
//! (`lib/sitemap.xml`, `lib/robots.txt`): posts, then HTML pages, then static
//! documents, with absolute `<loc>`s and `/index.html` shortened to `/`.
//!
//! Front matter `sitemap: false` leaves a document out, as do `redirect_to` (the
//! plugin marks such documents `sitemap: false`) and `/404.html`.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use super::{Published, SiteMeta};
use crate::content::document::{Kind, StaticFile, date_string};
use crate::jekyll_filters::xml_escape as escape_xml;

/// Where the sitemap is written.
pub const SITEMAP_PATH: &str = "sitemap.xml";
/// Where robots.txt is written.
pub const ROBOTS_PATH: &str = "robots.txt";

/// Output extensions of the pages jekyll-sitemap lists (Jekyll's `html_pages`).
const HTML_PAGE_EXTENSIONS: &[&str] = &[".html", ".htm", ".xhtml"];
/// Extensions of the static files jekyll-sitemap lists.
const STATIC_FILE_EXTENSIONS: &[&str] = &[".htm", ".html", ".xhtml", ".pdf", ".xml"];

/// One `<url>` of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// The site-relative URL (without `baseurl`), as documents have it.
    pub url: String,
    /// `<lastmod>`, when known.
    pub last_modified: Option<DateTime<FixedOffset>>,
}

/// The URLs jekyll-sitemap lists, in its order: posts (oldest first; `lastmod` the
/// last modification or the date), HTML pages (`lastmod` only when modified), static
/// `.htm .html .xhtml .pdf .xml` files (`lastmod` their modification time).
pub fn urls(
    meta: &SiteMeta,
    documents: &[Published],
    static_files: &[StaticFile],
) -> Vec<SitemapUrl> {
    let listed = |published: &&Published| {
        let document = published.document;
        document.get("sitemap") != Some(&serde_json::Value::Bool(false))
            && super::redirects::redirect_to(document).is_none()
    };
    let posts = documents
        .iter()
        .filter(|p| p.document.kind == Kind::Post)
        .filter(listed)
        .map(|p| SitemapUrl {
            url: p.document.url.clone(),
            last_modified: meta
                .last_modified(&p.document.front_matter)
                .or(p.document.date),
        });
    let pages = documents
        .iter()
        .filter(|p| p.document.kind == Kind::Page)
        .filter(|p| has_extension(&p.document.output_path, HTML_PAGE_EXTENSIONS))
        .filter(|p| p.document.url != "/404.html")
        .filter(listed)
        .map(|p| SitemapUrl {
            url: p.document.url.clone(),
            last_modified: meta.last_modified(&p.document.front_matter),
        });
    let files = static_files
        .iter()
        .filter(|f| has_extension(&f.relative_path, STATIC_FILE_EXTENSIONS))
        .filter(|f| !f.relative_path.ends_with("404.html"))
        .map(|f| SitemapUrl {
            url: format!("/{}", f.relative_path),
            last_modified: Some(
                meta.zone
                    .convert(chrono::DateTime::<chrono::Utc>::from(f.modified).fixed_offset()),
            ),
        });
    posts.chain(pages).chain(files).collect()
}

fn has_extension(path: &str, extensions: &[&str]) -> bool {
    extensions.iter().any(|ext| path.ends_with(ext))
}

/// The sitemap document, byte for byte in jekyll-sitemap's layout.
pub fn xml(meta: &SiteMeta, urls: &[SitemapUrl]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd\" xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        let location = meta.absolute_url(&url.url.replace("/index.html", "/"));
        let _ = write!(xml, "<url>\n<loc>{}</loc>\n", escape_xml(&location));
        if let Some(date) = &url.last_modified {
            let _ = writeln!(xml, "<lastmod>{}</lastmod>", date_string(date));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: one line pointing crawlers at the sitemap.
pub fn robots_txt(meta: &SiteMeta) -> String {
    format!("Sitemap: {}\n", meta.absolute_url(SITEMAP_PATH))
}
