//! The dev server's function routes: `/function/NAME` and `/function/NAME/PATH…`
//! run the site's functions through [`FunctionsRuntime::invoke`], so a demo widget
//! gets what the OpenFaaS gateway would answer.
//!
//! This module is the glue between HTTP and the runtime: it maps the request to a
//! [`FunctionRequest`] (method, path below the function, raw query, headers, the
//! body read up to the function's cap) and the [`FunctionResponse`] back, prints
//! each invocation (`function NAME 200 12.3 ms`, then the function's stderr) and
//! refuses what a web page elsewhere could make the author's machine run:
//!
//! - a `Host` that is not this server's (DNS rebinding: a hostile name resolving to
//!   127.0.0.1 makes the browser treat the server as that site's origin): `403`;
//! - an `Origin` other than the server's own (`origin_allowed`), or a browser's
//!   `Sec-Fetch-Site` saying the request comes from another site: `403`.
//!
//! The runtime is re-read when `_functions/` changes (checked on each request, by
//! size and modification time of the folder's entries), so editing `stack.yml` needs
//! no restart; handler files are read by each new process anyway.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use crate::config::{BuildOptions, Config};
use crate::functions::limits::FunctionLimits;
use crate::functions::{
    FolderStamps, FunctionRequest, FunctionResponse, FunctionsRuntime, Stamp, origin_allowed,
};
use crate::sync::lock;

/// The functions of the site being served, and the server's own address.
pub struct FunctionsService {
    /// The functions folder (`SOURCE/_functions`).
    folder: PathBuf,
    /// The site's source folder.
    source: PathBuf,
    /// `functions.interpreters` of `_config.yml`: runtime name → program.
    interpreters: Vec<(String, String)>,
    /// The runtime for the folder as it was last read.
    loaded: Mutex<Loaded>,
    /// The folder's last listing, to notice an edit without listing it per call.
    stamps: Mutex<FolderStamps>,
    /// Runtimes replaced by a reload, while calls they started may still run: shut
    /// down with the current one, so no process outlives the server.
    retired: Mutex<Vec<Weak<FunctionsRuntime>>>,
    /// The host name and port the server answers as; set once it is bound.
    identity: OnceLock<ServerIdentity>,
}

/// The host name the server was started with (`-H`) and the port it bound.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ServerIdentity {
    host: String,
    port: u16,
}

/// One reading of the functions folder.
struct Loaded {
    /// The folder's entries when read.
    stamp: Stamp,
    /// The runtime, `Ok(None)` when the site has no stack file, or why it cannot run.
    runtime: Result<Option<Arc<FunctionsRuntime>>, String>,
}

impl FunctionsService {
    /// The functions of the site `options` build, read now (and printed), run by
    /// the interpreters `_config.yml` chooses (`functions.interpreters`).
    pub fn new(options: &BuildOptions) -> Arc<FunctionsService> {
        let source_dir = options.resolved_source();
        // A broken configuration is the build's to report; the functions run anyway.
        let interpreters = Config::load(options)
            .map(|config| config.functions.interpreters)
            .unwrap_or_default();
        let folder = source_dir.join("_functions");
        let mut stamps = FolderStamps::default();
        let loaded = load(&source_dir, &interpreters, stamps.stamp(&folder, 0));
        Arc::new(FunctionsService {
            folder,
            source: source_dir,
            interpreters,
            loaded: Mutex::new(loaded),
            stamps: Mutex::new(stamps),
            retired: Mutex::new(Vec::new()),
            identity: OnceLock::new(),
        })
    }

    /// The routes to mount in the dev server (`serve::start`'s `extra`).
    pub fn router(self: &Arc<Self>) -> Router {
        Router::new()
            .route("/function/{name}", any(invoke_function))
            .route("/function/{name}/", any(invoke_function))
            .route("/function/{name}/{*path}", any(invoke_function))
            .with_state(Arc::clone(self))
    }

    /// Records the address the server is reached at: `host` as given with `-H`, and
    /// the port actually bound. Until then, every call is refused.
    pub fn set_address(&self, host: &str, port: u16) {
        let _ = self.identity.set(ServerIdentity {
            host: super::host::normalized(host),
            port,
        });
    }

    /// Stops every running function (SIGTERM, then SIGKILL) and refuses new calls:
    /// after this, no function process of this server is left.
    pub async fn shutdown(&self) {
        // The runtimes as they are: re-reading the folder now would load a fresh one
        // that knows none of the running processes.
        let current = lock(&self.loaded).runtime.clone().ok().flatten();
        let retired: Vec<_> = lock(&self.retired)
            .drain(..)
            .filter_map(|r| r.upgrade())
            .collect();
        for runtime in current.into_iter().chain(retired) {
            runtime.shutdown().await;
        }
    }

    /// The runtime for the folder as it is now, re-read when it changed.
    fn current(&self) -> Result<Option<Arc<FunctionsRuntime>>, String> {
        // A handler folder's own time changes when a file is added to it.
        let stamp = lock(&self.stamps).stamp(&self.folder, 0);
        let mut loaded = lock(&self.loaded);
        if loaded.stamp != stamp {
            println!("_functions/ changed; reloading the functions.");
            let replaced =
                std::mem::replace(&mut *loaded, load(&self.source, &self.interpreters, stamp));
            if let Ok(Some(old)) = replaced.runtime {
                let mut retired = lock(&self.retired);
                retired.retain(|r| r.strong_count() > 0);
                retired.push(Arc::downgrade(&old));
            }
        }
        loaded.runtime.clone()
    }

    /// Why a request may not run anything, as the response to send instead.
    fn refusal(&self, headers: &HeaderMap) -> Option<(StatusCode, String)> {
        let Some(identity) = self.identity.get() else {
            return Some((
                StatusCode::SERVICE_UNAVAILABLE,
                "The server is still starting.".into(),
            ));
        };
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !identity.accepts_host(host) {
            return Some((
                StatusCode::FORBIDDEN,
                format!(
                    "Host `{host}` is not this server's: functions run only for requests to \
                     http://{}:{} (or localhost / an IP address with that port).",
                    identity.host, identity.port
                ),
            ));
        }
        let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
        if !origin_allowed(origin, &format!("http://{host}")) {
            return Some((
                StatusCode::FORBIDDEN,
                format!(
                    "Origin `{}` is not this server's: only pages the dev server serves may run its functions.",
                    origin.unwrap_or_default()
                ),
            ));
        }
        let fetch_site = headers
            .get("sec-fetch-site")
            .and_then(|s| s.to_str().ok())
            .unwrap_or("none");
        if !matches!(fetch_site, "same-origin" | "none") {
            return Some((
                StatusCode::FORBIDDEN,
                format!(
                    "A {fetch_site} request may not run functions: only pages the dev server serves may."
                ),
            ));
        }
        None
    }
}

impl ServerIdentity {
    /// Whether `host` (a `Host` header) names this server: the right port, and a name
    /// no one else can make resolve here: an IP address, `localhost`, or the `-H` name.
    fn accepts_host(&self, host: &str) -> bool {
        super::host::accepts_host(&self.host, self.port, host)
    }
}

/// Reads the stack (the folder read as `stamp`) and prints what the server will run:
/// each function's template, mode and interpreter.
fn load(source: &Path, interpreters: &[(String, String)], stamp: Stamp) -> Loaded {
    let runtime = match FunctionsRuntime::from_source_with(source, interpreters) {
        Ok(Some(runtime)) => {
            for function in runtime.list() {
                let interpreter = function
                    .interpreter
                    .as_ref()
                    .map(|i| format!(", {i}"))
                    .unwrap_or_default();
                match &function.unavailable {
                    None => println!(
                        "Function /function/{} ({}, mode {}{interpreter})",
                        function.name,
                        function.lang,
                        function.mode.name()
                    ),
                    Some(reason) => eprintln!(
                        "warning: function /function/{} ({}) cannot run here: {reason}",
                        function.name, function.lang
                    ),
                }
            }
            Ok(Some(Arc::new(runtime)))
        }
        Ok(None) => Ok(None),
        Err(error) => {
            let message = crate::diagnostic::report(&error);
            eprintln!("{message}");
            Err(message)
        }
    };
    Loaded { stamp, runtime }
}

/// `ANY /function/NAME[/PATH]`.
async fn invoke_function(
    State(service): State<Arc<FunctionsService>>,
    UrlPath(params): UrlPath<Vec<(String, String)>>,
    request: Request,
) -> Response {
    let name = params
        .iter()
        .find(|(key, _)| key == "name")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    let path = params
        .iter()
        .find(|(key, _)| key == "path")
        .map(|(_, value)| format!("/{value}"))
        .unwrap_or_else(|| {
            // `/function/NAME/` forwards `/`, as the gateway does.
            if request.uri().path().ends_with('/') {
                "/".into()
            } else {
                String::new()
            }
        });
    let response = match service.refusal(request.headers()) {
        Some((status, message)) => FunctionResponse::error(&name, status.as_u16(), &message),
        None => match service.current() {
            Ok(Some(runtime)) => call(&runtime, &name, path, request).await,
            Ok(None) => FunctionResponse::error(
                &name,
                404,
                "This site has no functions (no _functions/stack.yml).",
            ),
            Err(message) => FunctionResponse::error(&name, 500, &message),
        },
    };
    println!("{}", response.record());
    let log = response.log.trim_end();
    if !log.is_empty() {
        eprintln!("  {}", log.replace('\n', "\n  "));
    }
    to_http(response)
}

/// Reads the body (up to the function's cap) and invokes the function.
async fn call(
    runtime: &FunctionsRuntime,
    name: &str,
    path: String,
    request: Request,
) -> FunctionResponse {
    let cap = runtime
        .stack()
        .function(name)
        .map_or(FunctionLimits::default().max_request_bytes, |f| {
            f.limits.max_request_bytes
        });
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, cap).await else {
        return FunctionResponse::error(
            name,
            413,
            &format!("Request body over the limit of {cap} bytes."),
        );
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let request = FunctionRequest {
        method: parts.method.as_str().to_string(),
        path,
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers,
        body: body.to_vec(),
    };
    runtime.invoke(name, request).await
}

/// The HTTP response for an invocation; never cached.
fn to_http(response: FunctionResponse) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let body = match response.stream.as_ref().and_then(|s| s.take()) {
        // Streaming mode: each chunk as the function writes it.
        Some(chunks) => {
            Body::from_stream(futures_util::stream::unfold(chunks, |mut chunks| async {
                let chunk = chunks.recv().await?;
                Some((Ok::<_, std::io::Error>(chunk), chunks))
            }))
        }
        None => Body::from(response.body.clone()),
    };
    let mut http = (status, body).into_response();
    let headers = http.headers_mut();
    for (name, value) in &response.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.append(name, value);
        }
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::try_from(percent_encoded(&response.log, MAX_STDERR_HEADER)) {
        headers.insert(STDERR_HEADER, value);
    }
    http
}

/// The response header carrying the function's stderr (and coldstart's notes) to
/// the widget, percent-encoded, so that it shows them apart from the output. Only
/// pages of this server can read it: it sets no CORS headers.
const STDERR_HEADER: &str = "x-coldstart-stderr";
/// How much of the stderr the header carries (the terminal has all of it).
const MAX_STDERR_HEADER: usize = 4096;

/// The first `max` bytes of `text` (cut at a character), percent-encoded as
/// `encodeURIComponent` would, so `decodeURIComponent` restores it.
fn percent_encoded(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut encoded = String::with_capacity(end * 3);
    for byte in text[..end].bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
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

    #[test]
    fn only_names_that_cannot_be_rebound_are_accepted_as_host() {
        let identity = ServerIdentity {
            host: "127.0.0.1".into(),
            port: 4000,
        };
        assert!(identity.accepts_host("127.0.0.1:4000"));
        assert!(identity.accepts_host("localhost:4000"));
        assert!(identity.accepts_host("[::1]:4000"));
        assert!(identity.accepts_host("192.168.1.5:4000"));
        assert!(!identity.accepts_host("evil.example:4000"));
        assert!(!identity.accepts_host("127.0.0.1:4001"));
        assert!(!identity.accepts_host("127.0.0.1"));
        assert!(!identity.accepts_host(""));
        let named = ServerIdentity {
            host: "blog.test".into(),
            port: 80,
        };
        assert!(named.accepts_host("blog.test:80"));
        assert!(named.accepts_host("blog.test"));
        assert!(named.accepts_host("[::1]"));
    }

    #[test]
    fn stderr_is_encoded_whole_characters_only() {
        assert_eq!(percent_encoded("a b\né", 100), "a%20b%0A%C3%A9");
        assert_eq!(percent_encoded("aé", 2), "a");
    }
}
