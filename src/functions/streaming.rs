//! of-watchdog's `streaming` mode: one process per request, its stdout sent to the
//! caller as it comes.
//!
//! As of-watchdog: the status (`200`) and headers go out before the process has
//! written anything, so a failure shows only in the output and the log; stderr goes
//! to the log (the server's terminal), never to the caller. As every coldstart mode:
//! the process leads its own group, `exec_timeout` kills the group (the stream just
//! ends), the output is capped, and a caller that goes away stops the function.

use std::sync::Arc;
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use super::http::{FunctionRequest, FunctionResponse, OutputStream};
use super::inflight::{self, ProcessGroups};
use super::languages::LaunchCommand;
use super::limits::{MAX_LOG_BYTES, TERMINATION_GRACE};
use super::runner::{PreparedFunction, START_HEADER, Spawned, spawn};

/// How many chunks may wait for a slow reader before the function is held back.
const CHANNEL_CHUNKS: usize = 16;

/// Starts the process and answers at once, the output following in `stream`.
pub async fn run(
    function: &PreparedFunction,
    command: &LaunchCommand,
    request: FunctionRequest,
    groups: &Arc<ProcessGroups>,
    permit: OwnedSemaphorePermit,
) -> FunctionResponse {
    let spec = &function.spec;
    let content_type = spec
        .env("content_type")
        .filter(|t| !t.is_empty())
        .or(request.header("Content-Type"))
        .unwrap_or("application/octet-stream")
        .to_string();
    let started = Instant::now();
    let spawned = match spawn(function, command, request, groups).await {
        Ok(spawned) => spawned,
        Err(e) => {
            return FunctionResponse::error(
                &spec.name,
                500,
                &format!(
                    "Function `{}` cannot start {}: {e}.",
                    spec.name,
                    command.program.display()
                ),
            );
        }
    };
    let (sender, receiver) = mpsc::channel(CHANNEL_CHUNKS);
    let name = spec.name.clone();
    let limits = spec.limits.clone();
    tokio::spawn(async move {
        let note = supervise(
            spawned,
            sender,
            limits.exec_timeout,
            limits.max_output_bytes,
        )
        .await;
        drop(permit);
        if !note.is_empty() {
            eprintln!("  {name}: {}", note.trim_end().replace('\n', "\n  "));
        }
    });
    let mut response = FunctionResponse::error(&spec.name, 200, "");
    response.body.clear();
    response.log.clear();
    response.headers = vec![
        ("Content-Type".into(), content_type),
        (START_HEADER.into(), "cold".into()),
    ];
    response.duration = started.elapsed();
    response.stream = Some(OutputStream::new(receiver));
    response
}

/// Sends stdout on until the process ends, the timeout passes, the cap is reached or
/// the reader goes away; then kills and reaps the group. Returns the stderr and
/// coldstart's notes, for the terminal.
async fn supervise(
    spawned: Spawned,
    sender: mpsc::Sender<Vec<u8>>,
    exec_timeout: std::time::Duration,
    cap: usize,
) -> String {
    let Spawned {
        mut child,
        pgid,
        group,
        writer,
    } = spawned;
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let log_reader = tokio::spawn(read_log(stderr));
    let ended = tokio::time::timeout(exec_timeout, forward(stdout, &sender, cap)).await;
    let note = match ended {
        Err(_) => {
            format!("[coldstart: killed the process group after exec_timeout {exec_timeout:?}]")
        }
        Ok(Forwarded::OverCap) => format!("[coldstart: stdout over {cap} bytes; stopped]"),
        Ok(Forwarded::ReaderGone) => "[coldstart: the caller went away; stopped]".into(),
        Ok(Forwarded::Ended) => String::new(),
    };
    if note.is_empty() {
        let _ = tokio::time::timeout(exec_timeout, child.wait()).await;
    }
    inflight::terminate(&mut child, pgid, TERMINATION_GRACE).await;
    group.settle().await;
    writer.abort();
    let log = log_reader.await.unwrap_or_default();
    [log, note].join("\n").trim().to_string()
}

/// Why forwarding stopped.
enum Forwarded {
    Ended,
    OverCap,
    ReaderGone,
}

async fn forward(
    mut stdout: impl AsyncRead + Unpin,
    sender: &mpsc::Sender<Vec<u8>>,
    cap: usize,
) -> Forwarded {
    let mut sent = 0;
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = match stdout.read(&mut chunk).await {
            Ok(0) | Err(_) => return Forwarded::Ended,
            Ok(n) => n,
        };
        let room = cap - sent;
        if sender.send(chunk[..n.min(room)].to_vec()).await.is_err() {
            return Forwarded::ReaderGone;
        }
        sent += n.min(room);
        if n > room {
            return Forwarded::OverCap;
        }
    }
}

async fn read_log(mut stderr: impl AsyncRead + Unpin) -> String {
    let mut kept = Vec::new();
    let mut chunk = vec![0u8; 8 * 1024];
    while let Ok(n) = stderr.read(&mut chunk).await {
        if n == 0 {
            break;
        }
        let room = MAX_LOG_BYTES.saturating_sub(kept.len());
        kept.extend_from_slice(&chunk[..n.min(room)]);
    }
    String::from_utf8_lossy(&kept).into_owned()
}
