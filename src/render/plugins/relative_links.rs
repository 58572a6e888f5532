//! jekyll-relative-links: a Markdown link to a source file (`[x](other.md)`,
//! `[x]: ../_posts/2020-01-01-a.md`) points at the URL that file is written to.
//!
//! The plugin is a generator: it rewrites the raw text of each Markdown page (and,
//! with `relative_links: collections: true`, of each written document, posts
//! included) before Liquid runs. A link is rewritten when its path, read from the
//! document's folder (or the source root for a leading `/`) and URL-decoded, is
//! the path of a page, a static file or a written document, looked up in that
//! order; anything else (an absolute URL, a fragment, a missing file) stays as
//! written. The links are found by pattern, not by parsing Markdown, so they are
//! found inside code too, as the plugin finds them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::config::{Config, RelativeLinksSettings};
use crate::content::Site;
use crate::content::document::{Document, Kind};
use crate::jekyll_filters::{UrlSettings, relative_url};

/// An inline link `[text](path#fragment "title")`, or a reference definition
/// `[text]: path#fragment "title"` on its own line (with the blank lines before it).
/// The path is the shortest run that lets the rest match, as the plugin reads it.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    let title = r#"(?:[ \t\r\n\f\v]+"(?:\\"|[^"])*"|[ \t\r\n\f\v]+"(?:\\'|[^'])*')"#;
    let inline =
        format!(r"\[(?<text>.*?)\]\((?<path>[^)]+?)(?<fragment>#.+?)?(?<title>{title})?\)");
    let reference = format!(
        r"(?m:^)[ \t\r\n\f\v]*?\[(?<rtext>.*?)\]: (?<rpath>.+?)(?<rfragment>#.+?)?(?<rtitle>{title})?[ \t\r\f\v]*?(?m:$)"
    );
    Regex::new(&format!("{inline}|{reference}")).expect("valid link pattern")
});

/// The site's link targets, and which documents have their links rewritten.
#[derive(Debug, Default)]
pub struct RelativeLinks {
    /// URL (`relative_url` applied) by source path, the first of each path kept.
    targets: HashMap<String, String>,
    /// Written documents of collections have their links rewritten too.
    collections: bool,
    /// The collections whose documents are written (`posts` included).
    written_collections: Vec<String>,
}

impl RelativeLinks {
    /// The links of `site`, when `config` loads jekyll-relative-links.
    pub fn new(config: &Config, site: &Site) -> Option<RelativeLinks> {
        let settings: RelativeLinksSettings = config.plugin_settings.relative_links?;
        let urls = UrlSettings {
            url: config.url.clone(),
            baseurl: config.baseurl.clone(),
        };
        let mut targets = HashMap::new();
        let mut add = |path: &str, url: &str| {
            let path = path.trim_start_matches('/').to_string();
            targets
                .entry(path)
                .or_insert_with(|| relative_url(url, &urls));
        };
        for page in &site.pages {
            add(&page.relative_path, &page.url);
        }
        for file in &site.static_files {
            add(&file.relative_path, &format!("/{}", file.relative_path));
        }
        for file in site.collections.iter().flat_map(|c| &c.files) {
            add(&file.file.relative_path, &file.url);
        }
        for document in site.posts.iter().chain(site.written_documents()) {
            add(&document.relative_path, &document.url);
        }
        let written_collections = std::iter::once("posts".to_string())
            .chain(
                (site.collections.iter())
                    .filter(|c| c.settings.output)
                    .map(|c| c.settings.label.clone()),
            )
            .collect();
        Some(RelativeLinks {
            targets,
            collections: settings.collections,
            written_collections,
        })
    }

    /// Whether `document`'s links are rewritten: a Markdown page, or with
    /// `collections` a Markdown document of a written collection.
    pub fn applies_to(&self, document: &Document) -> bool {
        document.is_markdown
            && match (&document.kind, &document.collection) {
                (Kind::Page, _) => true,
                (_, Some(label)) => self.collections && self.written_collections.contains(label),
                (_, None) => false,
            }
    }

    /// `text` (the body or the excerpt of `document`) with its relative links
    /// pointing at the URLs of their targets.
    pub fn rewrite<'a>(&self, document: &Document, text: &'a str) -> Cow<'a, str> {
        if !self.applies_to(document) {
            return Cow::Borrowed(text);
        }
        let folder = document
            .relative_path
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
        LINK.replace_all(text, |captures: &Captures| {
            self.replacement(captures, folder)
                .unwrap_or_else(|| captures[0].to_string())
        })
    }

    /// The rewritten link of a match in a document of `folder`, `None` to keep it.
    fn replacement(&self, captures: &Captures, folder: &str) -> Option<String> {
        let inline = captures.name("path").is_some();
        let part = |inline_name: &str, reference_name: &str| {
            let name = if inline { inline_name } else { reference_name };
            captures.name(name).map_or("", |m| m.as_str())
        };
        let path = part("path", "rpath");
        if path.starts_with('#') || has_scheme(path) {
            return None;
        }
        let url = self.targets.get(&decode(&resolve(path, folder)?))?;
        let (text, fragment, title) = (
            part("text", "rtext"),
            part("fragment", "rfragment"),
            part("title", "rtitle"),
        );
        Some(if inline {
            format!("[{text}]({url}{fragment}{title})")
        } else {
            format!("\n[{text}]: {url}{fragment}{title}")
        })
    }
}

/// Whether a link is an absolute URL (it starts with a scheme).
fn has_scheme(path: &str) -> bool {
    let Some((scheme, _)) = path.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The source path a link names from a document in `folder`: a leading `/` starts
/// at the source root; `.` and `..` are resolved. `None` when it climbs above the
/// root (no file of the site is there).
fn resolve(path: &str, folder: &str) -> Option<String> {
    let (base, path) = match path.strip_prefix('/') {
        Some(rooted) => ("", rooted),
        None => (folder, path),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `%XX` escapes decoded and `+` read as a space (Ruby's `CGI.unescape`).
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok())
            .flatten()
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                decoded.push(byte);
                i += 2;
            }
            (None, b'+') => decoded.push(b' '),
            (None, byte) => decoded.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_from_the_documents_folder() {
        assert_eq!(resolve("b.md", "docs").as_deref(), Some("docs/b.md"));
        assert_eq!(
            resolve("../_posts/a.md", "docs").as_deref(),
            Some("_posts/a.md")
        );
        assert_eq!(resolve("/x/./y.md", "docs").as_deref(), Some("x/y.md"));
        assert_eq!(resolve("../../a.md", "docs"), None);
        assert_eq!(decode("a%20b+c.md"), "a b c.md");
        assert!(has_scheme("mailto:x") && !has_scheme("a.md") && !has_scheme("1a:b"));
    }

    #[test]
    fn the_pattern_splits_path_fragment_and_title() {
        let captures = LINK.captures(r#"see [a](b.md#c "T") end"#).unwrap();
        assert_eq!((&captures["path"], &captures["fragment"]), ("b.md", "#c"));
        assert_eq!(&captures["title"], r#" "T""#);
        let captures = LINK.captures("x\n\n[r]: d/e.md\nmore").unwrap();
        assert_eq!((&captures["rtext"], &captures["rpath"]), ("r", "d/e.md"));
        assert_eq!(&captures[0], "\n[r]: d/e.md");
    }
}
