//! What `serve` adds to pages and nothing else does: the live-reload script injected
//! into HTML responses, the build error as the browser shows it, and the page served
//! while no build has succeeded yet.

use crate::render::escape::{escape_attribute, escape_text};
use serde::Serialize;

use crate::build::BuildError;
use crate::diagnostic::{self, Located};

/// Where the live-reload script is served; outside any `baseurl` so it never collides
/// with a site file.
pub const SCRIPT_PATH: &str = "/__coldstart/live-reload.js";

/// The live-reload client: idiomorph (vendored, 0BSD: the DOM morph) then the client,
/// which listens to the event stream, morphs its page in place when the page changed,
/// swaps stylesheets, and shows or clears the error overlay.
/// Both run inside one function, so a site's own `Idiomorph` global is left alone.
pub const SCRIPT: &str = concat!(
    "(function () {\n",
    include_str!("idiomorph.min.js"),
    include_str!("client.js"),
    "\n})();\n"
);

/// The tag injected into an HTML response. `page` is the URL path of the file served
/// (`/blog/about/index.html`), which the client looks for in change events; `None` on
/// the page served while no build has succeeded, which reloads on any event.
fn script_tag(page: Option<&str>) -> String {
    match page {
        Some(page) => format!(
            "<script src=\"{SCRIPT_PATH}\" data-page=\"{}\"></script>",
            escape_attribute(page)
        ),
        None => format!("<script src=\"{SCRIPT_PATH}\"></script>"),
    }
}

/// A failed build as the terminal and the browser show it.
#[derive(Debug, Clone, Serialize)]
pub struct BuildFailure {
    /// The file at fault, when known.
    pub file: Option<String>,
    /// Its 1-based line, 0 when unknown.
    pub line: usize,
    /// Its 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The offending source line with a caret, when the file can be read.
    pub snippet: Option<String>,
    /// The full terminal report (location, message, snippet, causes).
    pub report: String,
}

impl BuildFailure {
    /// Captures a build error, reading its snippet now (the file may change later).
    pub fn from_error(error: &BuildError) -> BuildFailure {
        let location = error.location();
        BuildFailure {
            file: location.map(|l| l.path.display().to_string()),
            line: location.map_or(0, |l| l.line),
            column: location.map_or(0, |l| l.column),
            message: error.to_string(),
            snippet: location.and_then(|l| diagnostic::snippet(&l.path, l.line, l.column)),
            report: diagnostic::report(error),
        }
    }
}

/// `html` with the live-reload script inserted before the last `</body>` (any case),
/// or appended when there is none; `page` as for [`script_tag`].
pub fn inject_script(html: &[u8], page: Option<&str>) -> Vec<u8> {
    let closing = html
        .windows(b"</body".len())
        .rposition(|window| window.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let tag = script_tag(page);
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..closing]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[closing..]);
    out
}

/// The page served for every request while no build has succeeded: the error, readable
/// without JavaScript, and the script that reloads once the error is fixed.
pub fn first_build_failed_page(failure: &BuildFailure) -> Vec<u8> {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Build failed | coldstart</title></head>\n<body>\
         <h1>The site could not be built</h1>\n<pre>{}</pre>\n\
         <p>Fix the error and save: this page reloads by itself.</p>\n</body></html>\n",
        escape_text(&failure.report)
    );
    inject_script(page.as_bytes(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT_TAG: &str = "<script src=\"/__coldstart/live-reload.js\"></script>";

    fn injected(html: &str) -> String {
        String::from_utf8(inject_script(html.as_bytes(), None)).unwrap()
    }

    #[test]
    fn the_tag_names_the_page_escaped() {
        let html = inject_script(b"<p>a</p>", Some("/b/\"q\"&.html"));
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<p>a</p><script src=\"/__coldstart/live-reload.js\" \
             data-page=\"/b/&quot;q&quot;&amp;.html\"></script>"
        );
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        assert_eq!(
            injected("<p>a</p></BODY></html>"),
            format!("<p>a</p>{SCRIPT_TAG}</BODY></html>")
        );
        assert_eq!(
            injected("<pre></body></pre></body>"),
            format!("<pre></body></pre>{SCRIPT_TAG}</body>")
        );
    }

    #[test]
    fn without_a_body_the_script_is_appended() {
        assert_eq!(injected("<p>a</p>"), format!("<p>a</p>{SCRIPT_TAG}"));
    }

    #[test]
    fn the_failure_page_escapes_the_report() {
        let failure = BuildFailure {
            file: None,
            line: 0,
            column: 0,
            message: "bad <tag>".into(),
            snippet: None,
            report: "error: bad <tag> & more".into(),
        };
        let page = String::from_utf8(first_build_failed_page(&failure)).unwrap();
        assert!(page.contains("error: bad &lt;tag&gt; &amp; more"), "{page}");
        assert!(page.contains(SCRIPT_TAG));
    }
}
