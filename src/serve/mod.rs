//! `coldstart serve`: build the site in memory, serve it, rebuild on every change and
//! tell the browser (live reload over Server-Sent Events, an overlay on build errors).
//!
//! - [`site`]: the in-memory site, the one rebuild entry point, what changed
//! - [`resolve`]: request path → file of the site (never a file-system join)
//! - [`routes`]: the axum router and handlers
//! - [`listen`]: the accept loop (header timeout, connection cap), and
//!   [`write_timeout`]: a client that stops reading is cut off
//! - [`watch`]: file watching, debounced and filtered
//! - [`reload`]: the rebuild loop and the events it sends
//! - [`overlay`]: the injected script, the error overlay's data, the error page
//! - [`host`]: which `Host` headers are answered (DNS rebinding)
//! - [`functions`]: `/function/NAME`, the site's functions run by [`crate::functions`]
//!
//! Nothing outside `serve` depends on it; it asks [`crate::build`] for renders. Other
//! dev-server features (the functions runtime) mount their routes through [`start`]'s
//! `extra` router.

pub mod functions;
pub mod host;
pub mod listen;
pub mod overlay;
pub mod reload;
pub mod resolve;
pub mod routes;
pub mod site;
pub mod watch;
pub mod write_timeout;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use thiserror::Error;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::BuildOptions;
use functions::FunctionsService;
use overlay::BuildFailure;
use reload::LiveEvent;
use site::{Rebuilder, ServedSite};
use watch::SourceWatcher;

/// Jekyll's port.
pub const DEFAULT_PORT: u16 = 4000;

/// How long shutdown waits for open connections and a running build.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// What `coldstart serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The build flags (source, drafts, future, theme…).
    pub build: BuildOptions,
    /// The address or name to bind: loopback unless the user says otherwise.
    pub host: String,
    /// The port; 0 picks a free one.
    pub port: u16,
}

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    /// The address could not be bound (in use, not local, not permitted).
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// `host:port` as asked.
        address: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The source folder does not exist: there is nothing to build or watch.
    #[error("the source folder {} does not exist", .0.display())]
    NoSource(std::path::PathBuf),
    /// The file watcher could not start.
    #[error("cannot watch the source files: {0}")]
    Watch(#[from] notify::Error),
    /// The async runtime or the server itself failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The state shared by the handlers and the rebuild loop.
pub struct ServeState {
    /// The current site and build error, swapped as one.
    status: RwLock<Arc<SiteStatus>>,
    /// Live-reload events, fanned out to every connected browser.
    events: broadcast::Sender<LiveEvent>,
    /// Cancelled on Ctrl-C: ends event streams, the rebuild loop and the server.
    shutdown: CancellationToken,
    /// The `-H` name, as [`host::accepts_host`] compares it.
    host: String,
    /// The port bound.
    port: u16,
}

/// The last good site and, when the last build failed, why.
#[derive(Clone, Default)]
pub struct SiteStatus {
    /// The site being served; `None` until a build succeeds.
    pub site: Option<Arc<ServedSite>>,
    /// The last build's error; `None` once a build succeeds.
    pub failure: Option<Arc<BuildFailure>>,
}

impl ServeState {
    /// The current status (a cheap shared snapshot: requests in flight keep theirs).
    pub fn status(&self) -> Arc<SiteStatus> {
        self.status
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Replaces the status atomically.
    fn set_status(&self, status: SiteStatus) {
        *self
            .status
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(status);
    }
}

/// A server that is running: where it listens, and how to stop it.
pub struct RunningServer {
    /// The address actually bound (the real port when 0 was asked).
    pub address: SocketAddr,
    /// The site's URL as served (`http://127.0.0.1:4000/blog/`).
    pub url: String,
    state: Arc<ServeState>,
    server: JoinHandle<()>,
    rebuilder: JoinHandle<()>,
}

/// Binds, builds the site once, starts watching and serving. Must run inside a tokio
/// runtime. A missing source folder is an error; a failed first build still starts
/// the server: it shows the error until a change fixes it. `extra` routes are mounted
/// beside the site's (see [`routes::router`]).
pub async fn start(options: ServeOptions, extra: Router) -> Result<RunningServer, ServeError> {
    let source = options.build.resolved_source();
    if !source.is_dir() {
        return Err(ServeError::NoSource(source));
    }
    let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port))
        .await
        .map_err(|source| ServeError::Bind {
            address: format!("{}:{}", options.host, options.port),
            source,
        })?;
    let address = listener.local_addr()?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {address}, reachable from other machines: \
             anyone who can reach it can read the site, drafts included"
        );
    }
    let site_url = site_url(&options.host, address);

    let state = Arc::new(ServeState {
        status: RwLock::new(Arc::new(SiteStatus::default())),
        events: broadcast::channel(64).0,
        shutdown: CancellationToken::new(),
        host: host::normalized(&options.host),
        port: address.port(),
    });
    let started = Instant::now();
    let (first, rebuilder) = {
        let mut rebuilder = Rebuilder::new(options.build, site_url.clone());
        tokio::task::spawn_blocking(move || (rebuilder.rebuild(&[]), rebuilder))
            .await
            .expect("rebuild catches its own panics")
    };
    match &first {
        Ok(site) => println!(
            "Built {} in {} ms",
            site.rendered.stats.summary(),
            started.elapsed().as_millis()
        ),
        Err(_) => eprintln!("The first build failed; serving the error until it is fixed."),
    }
    reload::publish(&state, first);

    let watcher = SourceWatcher::start(reload::watch_plan(&state, rebuilder.options()))?;
    let rebuilder = tokio::spawn(reload::rebuild_on_changes(
        state.clone(),
        rebuilder,
        watcher,
    ));

    let baseurl = state
        .status()
        .site
        .as_ref()
        .map(|site| site.rendered.config.baseurl.clone())
        .unwrap_or_default();
    let app = routes::router(state.clone(), extra);
    let shutdown = state.shutdown.clone();
    let server = tokio::spawn(listen::serve(listener, app, shutdown));
    Ok(RunningServer {
        address,
        url: format!("{site_url}{baseurl}/"),
        state,
        server,
        rebuilder,
    })
}

impl RunningServer {
    /// Stops serving: ends the event streams, lets requests in flight finish (within a
    /// grace period), stops the rebuild loop and the watcher.
    pub async fn shutdown(self) -> Result<(), ServeError> {
        self.state.shutdown.cancel();
        // A server task that panicked or would not stop: nothing more to wait for.
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, self.server).await;
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, self.rebuilder).await;
        Ok(())
    }
}

/// Runs `coldstart serve` until Ctrl-C (or SIGTERM), printing the URL; opens it in the
/// browser first when `open_browser` is set. The site's functions are served at
/// `/function/NAME`, and stopped (every process of theirs) before the server stops.
pub fn run(options: ServeOptions, open_browser: bool) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Runtime::new()?;
    let result = runtime.block_on(async {
        let stopped = stop_signal()?;
        let functions = FunctionsService::new(&options.build);
        let host = options.host.clone();
        let server = start(options, functions.router()).await?;
        functions.set_address(&host, server.address.port());
        println!("Serving at {}  (Ctrl-C to stop)", server.url);
        if open_browser {
            open_in_browser(&server.url);
        }
        stopped.await;
        println!("Stopping.");
        functions.shutdown().await;
        server.shutdown().await
    });
    // A build still running on a blocking thread is abandoned, not awaited.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

/// `site.url` while serving, as Jekyll does: the scheme, the host used (a wildcard
/// address becomes `localhost`) and the real port.
fn site_url(host: &str, address: SocketAddr) -> String {
    let host = match host.parse::<IpAddr>() {
        Ok(ip) if ip.is_unspecified() => "localhost".to_string(),
        Ok(IpAddr::V6(ip)) => format!("[{ip}]"),
        _ => host.to_string(),
    };
    format!("http://{host}:{}", address.port())
}

/// Listens for Ctrl-C (and SIGTERM on Unix) from now on, so that a signal sent as soon
/// as the server answers stops it cleanly; the future resolves on the first one.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

/// Listens for Ctrl-C; the future resolves on it.
#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Opens `url` with the desktop's opener (`xdg-open` or macOS's `open`) when one is
/// installed; the child is reaped on a thread so it never lingers as a zombie.
fn open_in_browser(url: &str) {
    let opener = ["xdg-open", "open"].into_iter().find(|name| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    });
    let Some(opener) = opener else {
        eprintln!("warning: --open: neither xdg-open nor open is installed; open {url} yourself");
        return;
    };
    match std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(error) => eprintln!("warning: --open: cannot run {opener}: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_url_uses_the_host_and_the_real_port() {
        let address: SocketAddr = "127.0.0.1:4123".parse().unwrap();
        assert_eq!(site_url("127.0.0.1", address), "http://127.0.0.1:4123");
        assert_eq!(site_url("localhost", address), "http://localhost:4123");
        assert_eq!(site_url("0.0.0.0", address), "http://localhost:4123");
        assert_eq!(site_url("::1", address), "http://[::1]:4123");
    }
}
