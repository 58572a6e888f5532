//! of-watchdog's `http` mode: `fprocess` started once and kept warm, each request
//! reverse-proxied to it at `upstream_url`.
//!
//! The first call (and the first after a crash, a timeout or an edit of the handler
//! folder) starts the process and waits until its port accepts connections: that
//! call is *cold*, and says so (`X-Coldstart-Start: cold`); the next ones are *warm*.
//! As of-watchdog: `504` when `exec_timeout` passes (the process group is killed,
//! so the next call starts a fresh one), `500` when the upstream fails. The process
//! leads its own group, registered like every invocation's, so Ctrl-C, shutdown and
//! dropping the runtime stop it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt};

use super::contain::Containment;
use super::http::{FunctionRequest, FunctionResponse};
use super::inflight::{self, GroupGuard, ProcessGroups};
use super::languages::LaunchCommand;
use super::launch::{Launch, Process};
use super::limits::{MAX_LOG_BYTES, TERMINATION_GRACE};
use super::runner::{PreparedFunction, START_HEADER, run_headers};
use super::stamp::{FolderStamps, Stamp};
use crate::sync::lock;

/// The header telling the bootstraps which call a request is, so that they tag
/// the lines written while answering it.
const CALL_HEADER: &str = "X-Coldstart-Call";
/// What starts and ends a line's call tag (ASCII record and unit separators).
const CALL_TAG_START: char = '\u{1e}';
const CALL_TAG_END: char = '\u{1f}';
/// How often a starting process's port is tried.
const READY_POLL: Duration = Duration::from_millis(5);
/// Hop-by-hop headers, which a proxy never forwards.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "host",
];

/// A function's warm process, if it runs, and the connections kept open to it.
#[derive(Debug, Default)]
pub struct WarmProcess {
    running: tokio::sync::Mutex<Option<Running>>,
    idle: Mutex<Vec<SendRequest<Full<Bytes>>>>,
    log: Arc<Mutex<LogTail>>,
    handler_stamps: Mutex<FolderStamps>,
}

/// The live process.
#[derive(Debug)]
struct Running {
    child: Process,
    group: GroupGuard,
    pid: u32,
    port: u16,
    handler_stamp: Stamp,
}

/// The last [`MAX_LOG_BYTES`] the process wrote to stdout and stderr, and how many
/// bytes it wrote in all, so a call can take what was written while it ran.
#[derive(Debug, Default)]
struct LogTail {
    kept: Vec<u8>,
    total: u64,
}

/// Where a call's process is, and whether the call started it.
struct Ready {
    port: u16,
    pid: u32,
    cold: bool,
}

impl WarmProcess {
    /// Proxies one admitted request to the warm process, starting it first when it
    /// is not running, has died, or its handler folder changed.
    pub async fn call(
        &self,
        function: &PreparedFunction,
        command: &LaunchCommand,
        request: FunctionRequest,
        groups: &Arc<ProcessGroups>,
    ) -> FunctionResponse {
        let spec = &function.spec;
        let started = Instant::now();
        let log_start = lock(&self.log).total;
        let call = next_call_id();
        let timeout = requested_timeout(&request, spec.limits.exec_timeout);
        let deadline = tokio::time::Instant::now() + timeout;
        let answer = tokio::time::timeout_at(deadline, async {
            let ready = self.ready(function, command, groups).await?;
            let answer = self
                .forward(ready.port, &request, call, spec.limits.max_output_bytes)
                .await;
            Ok::<_, String>((ready, answer))
        })
        .await;
        let duration = started.elapsed();
        let mut response = match answer {
            Err(_) => {
                self.stop().await;
                let mut response = FunctionResponse::error(
                    &spec.name,
                    504,
                    &format!(
                        "Function `{}` ran over its timeout of {timeout:?}; its process group was killed.",
                        spec.name
                    ),
                );
                response.headers.push(("Connection".into(), "close".into()));
                response
            }
            Ok(Err(message)) => FunctionResponse::error(&spec.name, 500, &message),
            Ok(Ok((ready, Err(message)))) => {
                self.discard_if_dead().await;
                let mut response = FunctionResponse::error(&spec.name, 500, &message);
                response.headers.push(start_header(ready.cold));
                response
            }
            Ok(Ok((ready, Ok(mut response)))) => {
                response.function = spec.name.clone();
                response.headers.push(start_header(ready.cold));
                response
                    .headers
                    .push(("X-Coldstart-Pid".into(), ready.pid.to_string()));
                response
            }
        };
        response.duration = duration;
        response.headers.extend(run_headers(duration, None));
        response.log = self.log_since(log_start, call) + &response.log;
        response
    }

    /// The running process's port, starting one when needed.
    async fn ready(
        &self,
        function: &PreparedFunction,
        command: &LaunchCommand,
        groups: &Arc<ProcessGroups>,
    ) -> Result<Ready, String> {
        let mut running = self.running.lock().await;
        // The handler folder's files, one level down too: an edit restarts the process.
        let stamp = lock(&self.handler_stamps).stamp(&function.spec.handler_dir, 1);
        if let Some(live) = running.as_mut() {
            if matches!(live.child.try_wait(), Ok(None)) && live.handler_stamp == stamp {
                return Ok(Ready {
                    port: live.port,
                    pid: live.pid,
                    cold: false,
                });
            }
            let old = running.take().expect("checked above");
            stop_running(old).await;
        }
        lock(&self.idle).clear();
        let live = self.spawn(function, command, groups, stamp).await?;
        let ready = Ready {
            port: live.port,
            pid: live.pid,
            cold: true,
        };
        *running = Some(live);
        Ok(ready)
    }

    /// Starts the process and waits until its port accepts a connection.
    async fn spawn(
        &self,
        function: &PreparedFunction,
        command: &LaunchCommand,
        groups: &Arc<ProcessGroups>,
        handler_stamp: Stamp,
    ) -> Result<Running, String> {
        let spec = &function.spec;
        let port = match spec.mode {
            super::mode::WatchdogMode::Http {
                declared_port: Some(port),
            } => port,
            _ => free_port().map_err(|e| format!("no free port for `{}`: {e}", spec.name))?,
        };
        let containment = Containment::new();
        let cannot_start = |e: std::io::Error| {
            format!(
                "Function `{}` cannot start {}: {e}.",
                spec.name,
                command.program.display()
            )
        };
        let upstream_url = format!("http://127.0.0.1:{port}");
        let environment = function
            .base_environment
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .chain([("upstream_url", upstream_url.as_str())]);
        let launch = Launch::new(
            &command.program,
            &command.args,
            &spec.handler_dir,
            environment,
        )
        .map(|launch| containment.apply(launch))
        .map_err(cannot_start)?;
        let mut child = launch.start().await.map_err(cannot_start)?;
        let pid = child.id();
        let group = groups.register(pid as i32, containment);
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn AsyncRead + Send + Unpin>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn AsyncRead + Send + Unpin>),
        ]
        .into_iter()
        .flatten()
        {
            tokio::spawn(collect_log(pipe, Arc::clone(&self.log)));
        }
        let mut running = Running {
            child,
            group,
            pid,
            port,
            handler_stamp,
        };
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Ok(running);
            }
            if let Ok(Some(status)) = running.child.try_wait() {
                running.group.settle().await;
                return Err(format!(
                    "Function `{}` exited with {status} before listening on port {port}.",
                    spec.name
                ));
            }
            tokio::time::sleep(READY_POLL).await;
        }
    }

    /// Sends the request over a kept-alive connection (or a new one) and reads the
    /// answer, up to `cap` bytes of body.
    async fn forward(
        &self,
        port: u16,
        request: &FunctionRequest,
        call: u64,
        cap: usize,
    ) -> Result<FunctionResponse, String> {
        let pooled = lock(&self.idle).pop();
        let mut sender = match pooled {
            Some(sender) if !sender.is_closed() => sender,
            _ => connect(port).await?,
        };
        let upstream_failed =
            |e: &dyn std::fmt::Display| format!("The function's server failed: {e}.");
        sender.ready().await.map_err(|e| upstream_failed(&e))?;
        let answer = sender
            .send_request(to_upstream(request, port, call)?)
            .await
            .map_err(|e| upstream_failed(&e))?;
        let (parts, body) = answer.into_parts();
        let body = match Limited::new(body, cap).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                return Ok(FunctionResponse::error(
                    "",
                    502,
                    &format!("The function answered more than {cap} bytes."),
                ));
            }
            Err(e) => return Err(upstream_failed(&e)),
        };
        lock(&self.idle).push(sender);
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()))
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok(FunctionResponse {
            function: String::new(),
            status: parts.status.as_u16(),
            headers,
            body: body.to_vec(),
            log: String::new(),
            duration: Duration::ZERO,
            stream: None,
        })
    }

    /// Forgets a process that died during a call, so the next call restarts it.
    async fn discard_if_dead(&self) {
        let mut running = self.running.lock().await;
        if let Some(live) = running.as_mut()
            && !matches!(live.child.try_wait(), Ok(None))
        {
            let dead = running.take().expect("checked above");
            stop_running(dead).await;
        }
    }

    /// Stops the warm process (SIGTERM to its group, SIGKILL after the grace
    /// period) and reaps it; the next call starts a new one.
    pub async fn stop(&self) {
        lock(&self.idle).clear();
        if let Some(live) = self.running.lock().await.take() {
            stop_running(live).await;
        }
    }

    /// What the process wrote since `start` (a value of `LogTail::total`) for call
    /// `call`: the lines the bootstraps tagged with it, untagged, and the untagged
    /// lines (any server that does not tag its lines), but not other calls' lines.
    fn log_since(&self, start: u64, call: u64) -> String {
        let log = lock(&self.log);
        let new = usize::try_from(log.total - start).unwrap_or(usize::MAX);
        let kept = &log.kept[log.kept.len().saturating_sub(new)..];
        lines_of_call(&String::from_utf8_lossy(kept), call)
    }
}

/// The lines of `log` that belong to `call` (tagged `RS call US`, the tag removed)
/// or to no call.
fn lines_of_call(log: &str, call: u64) -> String {
    let own = format!("{CALL_TAG_START}{call}{CALL_TAG_END}");
    log.split_inclusive('\n')
        .filter_map(|line| match line.strip_prefix(own.as_str()) {
            Some(own_line) => Some(own_line),
            None if line.starts_with(CALL_TAG_START) => None,
            None => Some(line),
        })
        .collect()
}

/// A number unique to one warm call, sent as [`CALL_HEADER`].
fn next_call_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

async fn stop_running(mut live: Running) {
    let pgid = live.pid as i32;
    inflight::terminate(&mut live.child, pgid, TERMINATION_GRACE).await;
    live.group.settle().await;
}

/// The call's timeout: `exec_timeout`, or shorter when the request's `X-Timeout`
/// (a Go duration, as of-watchdog's `getTimeout` parses it) asks for less.
fn requested_timeout(request: &FunctionRequest, exec_timeout: Duration) -> Duration {
    request
        .header("X-Timeout")
        // Go's ParseDuration wants a unit; only `0` goes without.
        .filter(|v| v.trim() == "0" || !v.trim().bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| super::limits::parse_duration(v.trim()).ok())
        .filter(|asked| *asked <= exec_timeout)
        .unwrap_or(exec_timeout)
}

fn start_header(cold: bool) -> (String, String) {
    (
        START_HEADER.into(),
        if cold { "cold" } else { "warm" }.into(),
    )
}

/// The request as the upstream gets it: same method, path, query, headers (but
/// hop-by-hop ones) and body.
fn to_upstream(
    request: &FunctionRequest,
    port: u16,
    call: u64,
) -> Result<hyper::Request<Full<Bytes>>, String> {
    let mut uri = if request.path.is_empty() {
        "/".to_string()
    } else {
        request.path.clone()
    };
    if !request.query.is_empty() {
        uri.push('?');
        uri.push_str(&request.query);
    }
    let mut builder = hyper::Request::builder()
        .method(request.method.as_str())
        .uri(uri)
        .header("Host", format!("127.0.0.1:{port}"))
        .header(CALL_HEADER, call.to_string());
    for (name, value) in &request.headers {
        if !HOP_BY_HOP.contains(&name.to_ascii_lowercase().as_str()) {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    builder
        .body(Full::new(Bytes::from(request.body.clone())))
        .map_err(|e| format!("The request cannot be forwarded: {e}."))
}

/// A new HTTP/1.1 connection to the upstream, its driver on a task of its own.
async fn connect(port: u16) -> Result<SendRequest<Full<Bytes>>, String> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("The function's server does not answer on port {port}: {e}."))?;
    let _ = stream.set_nodelay(true);
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("The function's server does not speak HTTP: {e}."))?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Appends what a pipe of the warm process writes to the shared log tail.
async fn collect_log(mut pipe: impl AsyncRead + Unpin, log: Arc<Mutex<LogTail>>) {
    let mut chunk = vec![0u8; 8 * 1024];
    while let Ok(n) = pipe.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        let mut log = lock(&log);
        log.total += n as u64;
        log.kept.extend_from_slice(&chunk[..n]);
        let excess = log.kept.len().saturating_sub(MAX_LOG_BYTES);
        log.kept.drain(..excess);
    }
}

/// A port no one listens on now (the kernel's choice).
fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_gets_its_own_lines_and_the_untagged_ones() {
        let log = "started\n\u{1e}7\u{1f}mine\n\u{1e}8\u{1f}theirs\n\u{1e}7\u{1f}mine too";
        assert_eq!(lines_of_call(log, 7), "started\nmine\nmine too");
        assert_eq!(lines_of_call(log, 8), "started\ntheirs\n");
    }
}
