//! The HTTP side: the router, the site handler (files from memory, static files
//! streamed from disk), the live-reload script and the event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio_util::io::ReaderStream;

use super::ServeState;
use super::host::{accepts_host, shown};
use super::overlay::{self, SCRIPT, SCRIPT_PATH};
use super::reload::LiveEvent;
use super::resolve::{Resolution, resolve, url_path};
use super::site::ServedSite;
use crate::output::Contents;

/// Where browsers subscribe to live-reload events.
pub const EVENTS_PATH: &str = "/__coldstart/events";

/// The dev server's routes: the live-reload script and events under `/__coldstart/`,
/// then `extra` (another module's routes, such as a functions runtime under
/// `/function/`), and the site itself for everything else.
///
/// Every route answers only requests whose `Host` names this server
/// ([`super::host::accepts_host`]). `extra` must not set a fallback: the site is the
/// fallback.
pub fn router(state: Arc<ServeState>, extra: Router) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(site)
        .with_state(state.clone())
        .merge(extra)
        .layer(middleware::from_fn_with_state(state, refuse_other_hosts))
}

/// Answers 403 to a request addressed to another name (a DNS-rebinding page), before
/// any handler sees it.
async fn refuse_other_hosts(
    State(state): State<Arc<ServeState>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    if accepts_host(&state.host, state.port, host) {
        return next.run(request).await;
    }
    let message = format!(
        "403 Forbidden: Host `{}` is not this server's; open http://localhost:{}/ \
         (or an IP address with that port) instead.\n",
        shown(host),
        state.port
    );
    respond(
        StatusCode::FORBIDDEN,
        "text/plain; charset=utf-8",
        Body::from(message),
    )
}

/// `GET /__coldstart/live-reload.js`.
async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Body::from(SCRIPT),
    )
}

/// `GET /__coldstart/events`: the live-reload event stream. A browser that connects
/// while the build is failing is told so at once; the stream ends on shutdown.
async fn events(
    State(state): State<Arc<ServeState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.events.subscribe();
    let pending_failure = state.status().failure.clone().map(LiveEvent::Error);
    let updates = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                // A slow browser missed events: the next one still tells it to reload.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = stream::iter(pending_failure)
        .chain(updates)
        .map(|event| Ok(Event::default().event(event.name()).data(event.data())))
        .take_until(state.shutdown.clone().cancelled_owned());
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Everything else: a file of the current site, a redirect, or the site's 404 page.
async fn site(State(state): State<Arc<ServeState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    }
    let status = state.status();
    let Some(site) = status.site.as_ref() else {
        let failure = status
            .failure
            .as_ref()
            .expect("without a good site there is a failure");
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            Body::from(overlay::first_build_failed_page(failure)),
        );
    };
    match resolve(&site.rendered.files, site.baseurl(), uri.path()) {
        Resolution::File(key) => match file_response(site, &key, StatusCode::OK).await {
            Some(response) => response,
            None => not_found(site).await,
        },
        Resolution::Redirect(location) => redirect(&location),
        Resolution::NotFound => not_found(site).await,
        Resolution::BadRequest => plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    }
}

/// The site's own `404.html` with status 404, or a plain 404 when it has none.
async fn not_found(site: &ServedSite) -> Response {
    match file_response(site, "404.html", StatusCode::NOT_FOUND).await {
        Some(response) => response,
        None => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// The response for the file at `key`: HTML gets the live-reload script, other
/// in-memory files are sent as they are, static files are streamed from disk. `None`
/// when there is no such file, or when a static file cannot be read or resolves
/// outside the folders the site may be read from (a symlink out).
async fn file_response(site: &ServedSite, key: &str, status: StatusCode) -> Option<Response> {
    let file = site.file(key)?;
    let content_type = content_type(key);
    let is_html = content_type.starts_with("text/html");
    let page = url_path(site.baseurl(), key);
    let body = match &file.contents {
        Contents::Bytes(bytes) if is_html => Body::from(overlay::inject_script(bytes, Some(&page))),
        Contents::Bytes(bytes) => Body::from(Bytes::from_owner(bytes.clone())),
        Contents::CopyOf(path) => {
            let real = site.readable_path(path)?;
            if is_html {
                let html = tokio::fs::read(&real).await.ok()?;
                Body::from(overlay::inject_script(&html, Some(&page)))
            } else {
                let reader = tokio::fs::File::open(&real).await.ok()?;
                let length = reader.metadata().await.ok()?.len();
                let mut response = respond(
                    status,
                    &content_type,
                    Body::from_stream(ReaderStream::new(reader)),
                );
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                return Some(response);
            }
        }
    };
    Some(respond(status, &content_type, body))
}

/// The content type for an output path, by extension; text types declare UTF-8.
fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_text = mime.type_() == mime_guess::mime::TEXT
        || [
            "javascript",
            "json",
            "xml",
            "svg+xml",
            "atom+xml",
            "rss+xml",
        ]
        .contains(&mime.subtype().as_str())
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if is_text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// A temporary redirect (the dev server's answers must not be cached by the browser).
fn redirect(location: &str) -> Response {
    let mut response = respond(
        StatusCode::FOUND,
        "text/plain; charset=utf-8",
        Body::empty(),
    );
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A plain-text response.
fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", Body::from(text))
}

/// A response with the headers every dev-server answer carries: no caching (an edit
/// must show on reload), no content sniffing.
fn respond(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("data.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }
}
