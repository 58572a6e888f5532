//! The accept loop: HTTP/1.1 connections served by hyper with the bounds a hostile or
//! careless client cannot get around. A connection that has not sent a whole request
//! head within [`HEADER_READ_TIMEOUT`] (idle, or trickling bytes: slowloris) is closed;
//! at most [`connection_cap`] connections are open at once, and when the cap is hit,
//! the terminal says so and new connections wait in the kernel's backlog until one
//! closes (idle ones close by the timeout), so the server stays reachable. A client
//! that stops reading a response is cut off too (see `write_timeout`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;

use super::write_timeout::StallLimited;

/// How long a client may take to send a request's head, counted from when the
/// connection is ready for one (just opened, or idle after a response).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections a dev server keeps open, whatever the descriptor limit allows.
const MOST_CONNECTIONS: usize = 4096;

/// Descriptors kept for everything else (source files, the watcher, functions' pipes).
const RESERVED_DESCRIPTORS: usize = 128;

/// How often at most the terminal is told that the cap or an accept error was hit.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// How long to wait before accepting again after an error (descriptors exhausted).
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// How many connections may be open at once: [`MOST_CONNECTIONS`], or fewer when the
/// process's open-file limit would run out first.
pub fn connection_cap() -> usize {
    let limit = open_file_limit().unwrap_or(1024);
    limit
        .saturating_sub(RESERVED_DESCRIPTORS)
        .clamp(16, MOST_CONNECTIONS)
}

/// The soft limit on open files, when the platform tells it.
#[cfg(unix)]
fn open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (status == 0).then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<usize> {
    None
}

/// A message printed at most once per [`LOG_EVERY`].
struct Throttled {
    last: Option<Instant>,
}

impl Throttled {
    fn print(&mut self, message: impl FnOnce() -> String) {
        if self.last.is_none_or(|last| last.elapsed() >= LOG_EVERY) {
            self.last = Some(Instant::now());
            eprintln!("{}", message());
        }
    }
}

/// Serves `app` on `listener` until `shutdown`, then lets open connections finish
/// (the caller bounds how long it waits).
pub async fn serve(listener: TcpListener, app: Router, shutdown: CancellationToken) {
    let cap = connection_cap();
    let permits = Arc::new(Semaphore::new(cap));
    let mut cap_notice = Throttled { last: None };
    let mut error_notice = Throttled { last: None };
    loop {
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                cap_notice.print(|| {
                    format!(
                        "warning: {cap} connections are open, the most this server keeps: new \
                         connections wait until one closes (idle ones close after {} s)",
                        HEADER_READ_TIMEOUT.as_secs()
                    )
                });
                tokio::select! {
                    permit = permits.clone().acquire_owned() => permit.expect("never closed"),
                    _ = shutdown.cancelled() => break,
                }
            }
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.cancelled() => break,
        };
        match accepted {
            Ok((stream, _)) => {
                tokio::spawn(serve_connection(
                    stream,
                    app.clone(),
                    permit,
                    shutdown.clone(),
                ));
            }
            Err(error) => {
                error_notice.print(|| format!("warning: cannot accept a connection: {error}"));
                tokio::time::sleep(ACCEPT_RETRY).await;
            }
        }
    }
    // Every permit back means every connection has ended.
    let _ = permits.acquire_many(cap as u32).await;
}

/// Serves one connection, holding `permit` until it ends; on shutdown, finishes the
/// response in flight and closes.
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    permit: OwnedSemaphorePermit,
    shutdown: CancellationToken,
) {
    // Responses go out in several writes (headers, then a streamed file); without
    // TCP_NODELAY, Nagle's algorithm holds the tail back ~40 ms per response.
    let _ = stream.set_nodelay(true);
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .serve_connection(
            TokioIo::new(StallLimited::new(stream)),
            TowerToHyperService::new(app),
        );
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {},
        _ = shutdown.cancelled() => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
    drop(permit);
}
