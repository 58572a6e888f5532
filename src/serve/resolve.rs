//! From a request path to a file of the in-memory site, without ever touching the file
//! system: the answer is a key of [`SiteFiles`] (whose keys are validated relative
//! paths), a redirect, or a refusal.
//!
//! The request path is percent-decoded once, must be valid UTF-8 (which rules out
//! overlong encodings such as `%c0%ae`), and may contain no NUL, no backslash, no empty
//! segment and no `.` or `..` segment. Anything else is [`Resolution::BadRequest`]: a
//! path that tries to climb is refused outright rather than normalised into something
//! that might exist.

use crate::output::SiteFiles;

/// What a request path names in a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Serve the file at this key of the site.
    File(String),
    /// Send the browser to this path (already percent-encoded, always starting with one `/`).
    Redirect(String),
    /// Nothing there: the site's 404 page.
    NotFound,
    /// A malformed or hostile path (traversal, NUL, backslash, bad encoding).
    BadRequest,
}

/// Resolves the raw (still percent-encoded) request path against `files`, for a site
/// served under `baseurl` ("" or `/path` without a trailing slash).
///
/// Mirrors Jekyll's servlet: `dir/` serves `dir/index.html`, `/dir` redirects to
/// `/dir/` when that index exists, and `/page` serves `page.html` when it exists.
/// Outside `baseurl`, `/` redirects to `baseurl/` and everything else is not found.
pub fn resolve(files: &SiteFiles, baseurl: &str, raw_path: &str) -> Resolution {
    let Some(decoded) = decode_path(raw_path) else {
        return Resolution::BadRequest;
    };
    let inner = decoded[1..].strip_suffix('/').unwrap_or(&decoded[1..]);
    if !inner.is_empty() && inner.split('/').any(is_forbidden_segment) {
        return Resolution::BadRequest;
    }
    let Some(within_site) = strip_baseurl(&decoded, baseurl) else {
        return if decoded == "/" {
            Resolution::Redirect(format!("{}/", encode_path(baseurl)))
        } else {
            Resolution::NotFound
        };
    };
    let relative = match within_site {
        "" => return Resolution::Redirect(format!("{}/", encode_path(baseurl))),
        path => &path[1..],
    };
    let (segments, is_folder) = match relative.strip_suffix('/') {
        Some(folder) => (folder, true),
        None => (relative, relative.is_empty()),
    };
    let index_of = |folder: &str| {
        if folder.is_empty() {
            "index.html".to_string()
        } else {
            format!("{folder}/index.html")
        }
    };
    if is_folder {
        let key = index_of(segments);
        return if files.contains(&key) {
            Resolution::File(key)
        } else {
            Resolution::NotFound
        };
    }
    if files.contains(segments) {
        Resolution::File(segments.to_string())
    } else if files.contains(&index_of(segments)) {
        Resolution::Redirect(format!(
            "{}/{}/",
            encode_path(baseurl),
            encode_path(segments)
        ))
    } else if files.contains(&format!("{segments}.html")) {
        Resolution::File(format!("{segments}.html"))
    } else {
        Resolution::NotFound
    }
}

/// The site URL path of an output file (`about/index.html` → `/blog/about/index.html`),
/// as the browser requests it; used in live-reload events.
pub fn url_path(baseurl: &str, key: &str) -> String {
    format!("{baseurl}/{key}")
}

/// `path` without the `baseurl` prefix: `Some("")` for the bare baseurl, `Some("/…")`
/// inside it, `None` outside it.
fn strip_baseurl<'a>(path: &'a str, baseurl: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(baseurl)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// A segment that could climb, alias another path, or confuse a file system.
fn is_forbidden_segment(segment: &str) -> bool {
    segment.is_empty() || segment == "." || segment == ".."
}

/// Percent-decodes a request path. `None` when an escape is malformed, the result is not
/// UTF-8 (overlong forms included), or it contains a NUL or a backslash.
fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(decoded).ok()?;
    (text.starts_with('/') && !text.contains(['\0', '\\'])).then_some(text)
}

/// Percent-encodes everything in a path but unreserved characters and `/`, so that a
/// redirect target is a valid header value that means the same path.
fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Contents, Layer, OutputFile};
    use std::sync::Arc;

    fn site(paths: &[&str]) -> SiteFiles {
        let mut files = SiteFiles::new();
        for path in paths {
            files
                .add(OutputFile {
                    path: path.to_string(),
                    contents: Contents::Bytes(Arc::from(&[][..])),
                    source: (*path).into(),
                    layer: Layer::Site,
                })
                .unwrap();
        }
        files
    }

    fn file(key: &str) -> Resolution {
        Resolution::File(key.into())
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_a_slash() {
        let files = site(&["index.html", "about/index.html", "feed.xml", "contact.html"]);
        assert_eq!(resolve(&files, "", "/"), file("index.html"));
        assert_eq!(resolve(&files, "", "/about/"), file("about/index.html"));
        assert_eq!(
            resolve(&files, "", "/about"),
            Resolution::Redirect("/about/".into())
        );
        assert_eq!(resolve(&files, "", "/feed.xml"), file("feed.xml"));
        assert_eq!(resolve(&files, "", "/contact"), file("contact.html"));
        assert_eq!(resolve(&files, "", "/nothing/"), Resolution::NotFound);
        assert_eq!(resolve(&files, "", "/feed.xml/"), Resolution::NotFound);
    }

    #[test]
    fn the_site_lives_under_baseurl() {
        let files = site(&["index.html", "about/index.html"]);
        assert_eq!(
            resolve(&files, "/blog", "/"),
            Resolution::Redirect("/blog/".into())
        );
        assert_eq!(
            resolve(&files, "/blog", "/blog"),
            Resolution::Redirect("/blog/".into())
        );
        assert_eq!(resolve(&files, "/blog", "/blog/"), file("index.html"));
        assert_eq!(
            resolve(&files, "/blog", "/blog/about"),
            Resolution::Redirect("/blog/about/".into())
        );
        assert_eq!(resolve(&files, "/blog", "/about/"), Resolution::NotFound);
        assert_eq!(resolve(&files, "/blog", "/blogger/"), Resolution::NotFound);
    }

    #[test]
    fn encoded_names_are_decoded_and_redirects_re_encoded() {
        let files = site(&["caf\u{e9} menu/index.html", "a b.txt"]);
        assert_eq!(resolve(&files, "", "/a%20b.txt"), file("a b.txt"));
        assert_eq!(
            resolve(&files, "", "/caf%C3%A9%20menu"),
            Resolution::Redirect("/caf%C3%A9%20menu/".into())
        );
    }

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        let files = site(&["index.html", "etc/passwd"]);
        for hostile in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc/passwd",
            "/..%2fetc/passwd",
            "/a/../etc/passwd",
            "/./etc/passwd",
            "//etc/passwd",
            "/etc//passwd",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "/etc/passwd%00.html",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae/etc",
            "/%zz",
            "/%2",
            "/%ff",
        ] {
            assert_eq!(
                resolve(&files, "", hostile),
                Resolution::BadRequest,
                "{hostile}"
            );
        }
        for hostile in ["/blog/../etc/passwd", "/../blog/", "/blog/%2e%2e/"] {
            assert_eq!(
                resolve(&files, "/blog", hostile),
                Resolution::BadRequest,
                "{hostile}"
            );
        }
    }

    #[test]
    fn url_paths_carry_the_baseurl() {
        assert_eq!(url_path("/blog", "a/index.html"), "/blog/a/index.html");
        assert_eq!(url_path("", "style.css"), "/style.css");
    }
}
