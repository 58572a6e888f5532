//! Where a URL written on a page leads: a file of the built site (and an anchor on
//! it), another site, or nothing `check` can follow (`mailto:`, `javascript:`…).

use crate::output::SiteFiles;

/// A URL, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A place in this site: `path` (under the destination, no leading `/`; `None` for
    /// the page itself) and the fragment, both percent-decoded.
    Internal {
        /// The path; `None` means the same page (`#x`).
        path: Option<String>,
        /// The anchor, empty when none.
        fragment: String,
    },
    /// An absolute URL of another site, and its host.
    External {
        /// The URL without its fragment.
        url: String,
        /// The host (lowercased), for the per-host counts.
        host: String,
    },
    /// A site path outside the site's `baseurl` (`/about/` when it is `/blog`):
    /// another site on the same host, or a link that forgot the `baseurl`. The path
    /// as it would be under the `baseurl` (no leading `/`).
    OutsideBaseurl(String),
    /// A scheme `check` does not follow.
    Ignored,
}

/// The site being checked, as URLs see it.
pub struct SiteUrls<'a> {
    /// `url` from the configuration (`https://example.com`), possibly empty.
    pub url: &'a str,
    /// `baseurl` (`/blog` or empty).
    pub baseurl: &'a str,
}

/// Classifies `url`, written on the page at output path `page`.
pub fn resolve(url: &str, page: &str, site: &SiteUrls) -> Resolved {
    let (without_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let fragment = percent_decode(fragment);
    let address = without_fragment
        .split(['?'])
        .next()
        .unwrap_or(without_fragment);
    if let Some((scheme, _)) = address.split_once(':')
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !scheme.is_empty()
    {
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Resolved::Ignored;
        }
        return absolute(without_fragment, fragment, site);
    }
    if address.starts_with("//") {
        return absolute(&format!("https:{without_fragment}"), fragment, site);
    }
    if address.is_empty() {
        return Resolved::Internal {
            path: None,
            fragment,
        };
    }
    let decoded = percent_decode(address);
    let joined = if decoded.starts_with('/') {
        match strip_baseurl(&decoded, site.baseurl) {
            Some(path) => path.to_string(),
            None => return Resolved::OutsideBaseurl(normalize(&decoded)),
        }
    } else {
        let folder = page.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        format!("/{folder}/{decoded}")
    };
    Resolved::Internal {
        path: Some(normalize(&joined)),
        fragment,
    }
}

/// An `http(s)://` URL: internal when it is the site's own `url`, else external.
fn absolute(url: &str, fragment: String, site: &SiteUrls) -> Resolved {
    let own = site.url.trim_end_matches('/');
    if !own.is_empty()
        && let Some(rest) = url.strip_prefix(own)
        && (rest.is_empty() || rest.starts_with('/'))
    {
        return resolve(
            &format!("{}{}#{fragment}", "/", rest.trim_start_matches('/')),
            "",
            site,
        );
    }
    let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    let authority = after_scheme.split(['/', '?']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or(authority);
    Resolved::External {
        url: url.to_string(),
        host: host.to_ascii_lowercase(),
    }
}

/// `path` without `baseurl`, or `None` when it is outside it.
fn strip_baseurl<'a>(path: &'a str, baseurl: &str) -> Option<&'a str> {
    let base = baseurl.trim_end_matches('/');
    if base.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// A `/`-path with `.`, `..` and empty segments resolved, without its leading `/`;
/// a trailing `/` is kept (it names a folder's index).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut normalized = parts.join("/");
    if path.ends_with('/') && !normalized.is_empty() {
        normalized.push('/');
    }
    normalized
}

/// The output file a site path is served from, as static hosts serve it: a folder's
/// `index.html`, the file itself, or `path.html`.
pub fn find_file<'a>(files: &'a SiteFiles, path: &str) -> Option<&'a str> {
    let trimmed = path.trim_end_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            format!("{trimmed}/index.html")
        }]
    } else {
        vec![
            path.to_string(),
            format!("{path}/index.html"),
            format!("{path}.html"),
        ]
    };
    candidates
        .iter()
        .find_map(|candidate| files.get(candidate).map(|file| file.path.as_str()))
}

/// `%XX` sequences decoded (as UTF-8, lossily); anything else kept.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: SiteUrls = SiteUrls {
        url: "https://example.com",
        baseurl: "/blog",
    };

    fn internal(path: Option<&str>, fragment: &str) -> Resolved {
        Resolved::Internal {
            path: path.map(str::to_string),
            fragment: fragment.to_string(),
        }
    }

    #[test]
    fn urls_are_classified_and_resolved_against_the_page() {
        let page = "2024/post/index.html";
        assert_eq!(resolve("#a%20b", page, &SITE), internal(None, "a b"));
        assert_eq!(
            resolve("/blog/about/#x", page, &SITE),
            internal(Some("about/"), "x")
        );
        assert_eq!(
            resolve("../other/img.png", page, &SITE),
            internal(Some("2024/other/img.png"), "")
        );
        assert_eq!(
            resolve("https://example.com/blog/?q=1", page, &SITE),
            internal(Some(""), "")
        );
        assert_eq!(
            resolve("/elsewhere/", page, &SITE),
            Resolved::OutsideBaseurl("elsewhere/".into())
        );
        assert_eq!(
            resolve("mailto:me@example.com", page, &SITE),
            Resolved::Ignored
        );
        assert_eq!(
            resolve("//Other.org/a#b", page, &SITE),
            Resolved::External {
                url: "https://Other.org/a".into(),
                host: "other.org".into()
            }
        );
    }

    #[test]
    fn normalize_keeps_the_folder_slash() {
        assert_eq!(normalize("/a/./b/../c/"), "a/c/");
        assert_eq!(normalize("/"), "");
    }
}
