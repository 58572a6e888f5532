//! The request and response of one invocation, independent of any web framework.
//!
//! The dev server converts its HTTP request into a [`FunctionRequest`] and writes a
//! [`FunctionResponse`] back; the tests and the build-time recorder build requests
//! directly. Nothing here knows about axum or hyper.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::Receiver;

/// One call of a function, as the gateway would forward it to the watchdog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRequest {
    /// The HTTP method (`GET`, `POST`, …), passed as `Http_Method`.
    pub method: String,
    /// The path below `/function/NAME` (`""` for the bare route, `"/items/3"` for
    /// `/function/NAME/items/3`), passed as `Http_Path` when not empty.
    pub path: String,
    /// The raw query string without `?`, passed as `Http_Query` when not empty.
    pub query: String,
    /// Request headers in arrival order; names in any case (HTTP/2 sends lowercase).
    /// Each becomes `Http_<Canonical_Name>` with its first value, as in the watchdog.
    pub headers: Vec<(String, String)>,
    /// The request body, written to the function's stdin.
    pub body: Vec<u8>,
}

impl FunctionRequest {
    /// A request with a method and a body, no path, query or headers.
    pub fn new(method: &str, body: impl Into<Vec<u8>>) -> Self {
        FunctionRequest {
            method: method.to_string(),
            path: String::new(),
            query: String::new(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the raw query string (without `?`).
    pub fn with_query(mut self, query: &str) -> Self {
        self.query = query.to_string();
        self
    }

    /// Sets the path below `/function/NAME`.
    pub fn with_path(mut self, path: &str) -> Self {
        self.path = path.to_string();
        self
    }

    /// The first value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// What an invocation answered, plus what only the terminal should see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionResponse {
    /// The function's name, for the log line.
    pub function: String,
    /// The HTTP status: 200, or the watchdog's and coldstart's error statuses
    /// (404 unknown function, 405 a method other than the watchdog's five, 413 body
    /// too large, 429 over the in-flight limit, 500 non-zero exit or cannot start,
    /// 502 output over the cap, 503 shutting down, 504 timeout).
    pub status: u16,
    /// Response headers (`Content-Type`, `X-Duration-Seconds`, …).
    pub headers: Vec<(String, String)>,
    /// The response body: the function's stdout, or an error message.
    pub body: Vec<u8>,
    /// The function's stderr and coldstart's notes about the run, for the terminal
    /// log only: never sent to the browser.
    pub log: String,
    /// Wall-clock time from spawn to the collected output.
    pub duration: Duration,
    /// For of-watchdog's streaming mode: the output still coming, chunk by chunk,
    /// after `body` (empty then); `None` when the body is complete.
    pub stream: Option<OutputStream>,
}

/// Output a function is still writing (streaming mode): taken once, by whoever
/// sends it on. Dropping it unread stops the function.
#[derive(Debug, Clone)]
pub struct OutputStream(Arc<Mutex<Option<Receiver<Vec<u8>>>>>);

impl OutputStream {
    /// Wraps the receiving end of the function's output.
    pub fn new(receiver: Receiver<Vec<u8>>) -> Self {
        OutputStream(Arc::new(Mutex::new(Some(receiver))))
    }

    /// The chunks, for the one reader (`None` once taken).
    pub fn take(&self) -> Option<Receiver<Vec<u8>>> {
        crate::sync::lock(&self.0).take()
    }
}

impl PartialEq for OutputStream {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for OutputStream {}

impl FunctionResponse {
    /// A response coldstart makes itself, without running anything (or after a
    /// failure): a status and a plain-text message, also copied to the log.
    pub fn error(function: &str, status: u16, message: &str) -> Self {
        FunctionResponse {
            function: function.to_string(),
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: format!("{message}\n").into_bytes(),
            log: message.to_string(),
            duration: Duration::ZERO,
            stream: None,
        }
    }

    /// The response with its whole body: a streamed output is read to its end and
    /// appended (for the build-time recording and tests).
    pub async fn buffered(mut self) -> Self {
        if let Some(mut chunks) = self.stream.take().and_then(|s| s.take()) {
            while let Some(chunk) = chunks.recv().await {
                self.body.extend_from_slice(&chunk);
            }
        }
        self
    }

    /// The first value of a header, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body as text (lossy), for logs and tests.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The one-line summary the terminal prints for each invocation.
    pub fn record(&self) -> InvocationRecord<'_> {
        InvocationRecord {
            function: &self.function,
            status: self.status,
            duration: self.duration,
        }
    }
}

/// One invocation in one line: `function hello 200 12.3 ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvocationRecord<'a> {
    /// The function's name.
    pub function: &'a str,
    /// The HTTP status answered.
    pub status: u16,
    /// How long it ran.
    pub duration: Duration,
}

impl fmt::Display for InvocationRecord<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "function {} {} {:.1} ms",
            self.function,
            self.status,
            self.duration.as_secs_f64() * 1000.0
        )
    }
}

/// Whether a browser request may invoke a function: "a POST whose `Origin` is not the
/// dev server's own is refused (403)", so a page on another site cannot make the
/// author's machine run things.
///
/// A missing `Origin` is allowed: browsers send it on every cross-origin `fetch` and
/// form POST, so its absence means a non-browser client (curl, a test). `null` (a
/// sandboxed frame, a `file:` page) is refused. Origins compare without regard to
/// ASCII case and a trailing `/`; `own_origin` is `scheme://host:port` as the server
/// is reached (`http://127.0.0.1:4000`).
pub fn origin_allowed(origin: Option<&str>, own_origin: &str) -> bool {
    match origin {
        None => true,
        Some(origin) => {
            let normalize = |o: &str| o.trim().trim_end_matches('/').to_ascii_lowercase();
            origin.trim() != "null" && normalize(origin) == normalize(own_origin)
        }
    }
}

/// Go's `CanonicalMIMEHeaderKey`, which the watchdog's header names pass through:
/// `content-type` → `Content-Type`. Without it an HTTP/2 request (lowercase names)
/// would give `Http_content_type` instead of `Http_Content_Type`.
pub fn canonical_header_name(name: &str) -> String {
    let mut upper_next = true;
    name.chars()
        .map(|c| {
            let out = if upper_next {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper_next = c == '-';
            out
        })
        .collect()
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_canonical_as_in_go() {
        assert_eq!(canonical_header_name("content-type"), "Content-Type");
        assert_eq!(canonical_header_name("X-FORWARDED-BY"), "X-Forwarded-By");
    }

    #[test]
    fn only_the_own_origin_or_none_is_allowed() {
        let own = "http://127.0.0.1:4000";
        assert!(origin_allowed(None, own));
        assert!(origin_allowed(Some("http://127.0.0.1:4000"), own));
        assert!(origin_allowed(Some("HTTP://127.0.0.1:4000/"), own));
        assert!(!origin_allowed(Some("https://evil.example"), own));
        assert!(!origin_allowed(Some("http://127.0.0.1:4001"), own));
        assert!(!origin_allowed(Some("null"), own));
    }

    #[test]
    fn record_is_one_line() {
        let mut response = FunctionResponse::error("hello", 408, "Killed process.");
        response.duration = Duration::from_micros(12_345);
        assert_eq!(response.record().to_string(), "function hello 408 12.3 ms");
    }
}
