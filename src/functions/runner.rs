//! One invocation under the classic watchdog's contract, made stricter.
//!
//! As the watchdog (`handler.go`): one process per request, argv without a shell,
//! the body on stdin and then closed, stdout as the response body, `Http_*`
//! variables, `200` + `X-Duration-Seconds` on exit 0, `500` with `exit status N`
//! and the output otherwise, `Killed process.` on timeout (as `504` with
//! `Connection: close`, not the watchdog's `408`, which browsers retry), `429` over the
//! in-flight limit, `Content-Type` from `content_type` or echoed from the request.
//!
//! Stricter, because it runs on the author's machine: the environment is an
//! allowlist, stderr goes to the log only (`combine_output=false`), the timeout is
//! always on and kills the whole process group, the body and stdout are capped
//! (`413`; `502` with the output truncated), and whatever the function leaves
//! running when it exits is killed too.

use std::collections::HashSet;
use std::process::ExitStatus;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

use super::contain::Containment;
use super::http::{FunctionRequest, FunctionResponse, canonical_header_name};
use super::inflight::{self, GroupGuard, ProcessGroups};
use super::languages::{LaunchCommand, RESPONSE_META_MARKER};
use super::launch::{Launch, Process};
use super::limits::{MAX_LOG_BYTES, TERMINATION_GRACE};
use super::mode::WatchdogMode;
use super::stack::FunctionSpec;
use super::streaming;
use super::warm::WarmProcess;

/// How long to wait for pipes to drain after the process group is gone; only a
/// process that escaped the group (`setsid`) can hold them open longer.
const DRAIN_BOUND: Duration = Duration::from_secs(1);

/// The response header saying whether the call started the function's process
/// (`cold`: every classic call) or found it running (`warm`, of-watchdog's http mode).
pub const START_HEADER: &str = "X-Coldstart-Start";
/// The response header with how the process ended (`exit status 0`, `signal: killed`).
pub const EXIT_HEADER: &str = "X-Coldstart-Exit";

/// A function ready to be invoked: its spec, its resolved command (or why it
/// cannot run), its in-flight permits and the environment every call starts from.
#[derive(Debug)]
pub struct PreparedFunction {
    /// The stack's declaration.
    pub spec: FunctionSpec,
    /// The program to run, or why it cannot (a missing interpreter).
    pub command: Result<LaunchCommand, String>,
    /// One permit per allowed concurrent invocation.
    pub inflight: Arc<Semaphore>,
    /// The allowlisted server variables, then the function's own environment.
    pub base_environment: Vec<(String, String)>,
    /// The warm process, for a function in of-watchdog's http mode.
    pub warm: WarmProcess,
}

/// How the process ended, before it becomes a status.
enum Ending {
    Exited(std::io::Result<ExitStatus>),
    TimedOut,
    OutputOverflow,
}

/// Bytes read from a pipe, up to a cap.
#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    overflowed: bool,
}

/// What a finished process left: how it ended, what it wrote, how long it took.
struct Outcome {
    ending: Ending,
    stdout: Captured,
    stderr: Captured,
    duration: Duration,
}

/// Runs one invocation and turns every outcome into a response: admit (size, in-flight
/// permit, a runnable command), spawn, supervise until exit or a limit, respond.
pub async fn run(
    function: &PreparedFunction,
    request: FunctionRequest,
    groups: &Arc<ProcessGroups>,
) -> FunctionResponse {
    let name = function.spec.name.as_str();
    let limits = &function.spec.limits;
    if request.body.len() > limits.max_request_bytes {
        return FunctionResponse::error(
            name,
            413,
            &format!(
                "Request body of {} bytes is over the limit of {} bytes.",
                request.body.len(),
                limits.max_request_bytes
            ),
        );
    }
    let Ok(permit) = Arc::clone(&function.inflight).try_acquire_owned() else {
        return over_inflight_limit(name, limits.max_inflight);
    };
    let command = match &function.command {
        Ok(command) => command,
        Err(reason) => {
            return FunctionResponse::error(
                name,
                500,
                &format!("Function `{name}` cannot run: {reason}."),
            );
        }
    };
    match function.spec.mode {
        WatchdogMode::Http { .. } => {
            return function.warm.call(function, command, request, groups).await;
        }
        WatchdogMode::Streaming => {
            // The permit goes with the process, which outlives this call.
            return streaming::run(function, command, request, groups, permit).await;
        }
        WatchdogMode::Classic => {}
    }
    let content_type_of_request = request.header("Content-Type").map(str::to_string);
    match supervise(function, command, request, groups).await {
        Ok(outcome) => respond(&function.spec, outcome, content_type_of_request),
        Err(e) => FunctionResponse::error(
            name,
            500,
            &format!(
                "Function `{name}` cannot start {}: {e}.",
                command.program.display()
            ),
        ),
    }
}

/// The watchdog's `429`, marked as coming from its middleware.
fn over_inflight_limit(name: &str, max_inflight: usize) -> FunctionResponse {
    let mut response = FunctionResponse::error(
        name,
        429,
        &format!("Concurrent request limit exceeded. Max concurrent requests: {max_inflight}"),
    );
    response
        .headers
        .push(("X-OpenFaaS-Internal".into(), "faas-middleware".into()));
    response
}

/// Spawns the process in a group of its own, feeds it the body, and waits for it to
/// exit, to run over its timeout or to overflow its output cap; then kills what is
/// left of the group and collects both pipes. `Err` only when the process cannot start.
async fn supervise(
    function: &PreparedFunction,
    command: &LaunchCommand,
    request: FunctionRequest,
    groups: &Arc<ProcessGroups>,
) -> std::io::Result<Outcome> {
    let limits = &function.spec.limits;
    let started = Instant::now();
    let Spawned {
        mut child,
        pgid,
        group,
        writer,
    } = spawn(function, command, request, groups).await?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let log_reader = tokio::spawn(read_capped(stderr, MAX_LOG_BYTES, false));
    let stdout_reader = read_capped(
        child.stdout.take().expect("stdout is piped"),
        limits.max_output_bytes,
        true,
    );
    tokio::pin!(stdout_reader);

    let deadline = tokio::time::sleep(limits.exec_timeout);
    tokio::pin!(deadline);
    let mut stdout = None;
    let ending = loop {
        tokio::select! {
            status = child.wait() => break Ending::Exited(status),
            _ = &mut deadline => break Ending::TimedOut,
            captured = &mut stdout_reader, if stdout.is_none() => {
                let overflowed = captured.overflowed;
                stdout = Some(captured);
                if overflowed {
                    break Ending::OutputOverflow;
                }
            }
        }
    };
    match ending {
        Ending::Exited(_) => {}
        Ending::TimedOut => inflight::terminate(&mut child, pgid, TERMINATION_GRACE).await,
        Ending::OutputOverflow => {
            inflight::signal_group(pgid, libc::SIGKILL);
            let _ = child.wait().await;
        }
    }
    group.settle().await;
    writer.abort();
    let stdout = match stdout {
        Some(captured) => captured,
        None => tokio::time::timeout(DRAIN_BOUND, stdout_reader)
            .await
            .unwrap_or_default(),
    };
    let stderr = match tokio::time::timeout(DRAIN_BOUND, log_reader).await {
        Ok(Ok(captured)) => captured,
        _ => Captured::default(),
    };
    Ok(Outcome {
        ending,
        stdout,
        stderr,
        duration: started.elapsed(),
    })
}

/// A process started for one request, in a group of its own, its body being written.
pub struct Spawned {
    /// The process.
    pub child: Process,
    /// Its process group (its pid).
    pub pgid: i32,
    /// The group's registration, to settle when the call ends.
    pub group: GroupGuard,
    /// The task writing the request body to its stdin.
    pub writer: tokio::task::JoinHandle<()>,
}

/// Starts a process for one request (classic and streaming): the allowlisted and
/// contract environment, contained (see `contain`), stdin, stdout and stderr piped,
/// the body written on a task of its own.
pub async fn spawn(
    function: &PreparedFunction,
    command: &LaunchCommand,
    request: FunctionRequest,
    groups: &Arc<ProcessGroups>,
) -> std::io::Result<Spawned> {
    let containment = Containment::new();
    let contract = contract_environment(&request);
    let environment = function
        .base_environment
        .iter()
        .chain(&contract)
        .map(|(name, value)| (name.as_str(), value.as_str()));
    let launch = Launch::new(
        &command.program,
        &command.args,
        &function.spec.handler_dir,
        environment,
    )?
    .stdin_piped();
    let mut child = containment.apply(launch).start().await?;
    let pgid = child.id() as i32;
    let group = groups.register(pgid, containment);
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let body = request.body;
    let writer = tokio::spawn(async move {
        // A function that does not read its input closes the pipe early; that is fine.
        let _ = stdin.write_all(&body).await;
    });
    Ok(Spawned {
        child,
        pgid,
        group,
        writer,
    })
}

/// The response for a finished process, as the watchdog writes it: status, headers
/// (`X-Duration-Seconds`, the content type), the body, and the log line.
fn respond(
    spec: &FunctionSpec,
    outcome: Outcome,
    content_type_of_request: Option<String>,
) -> FunctionResponse {
    let Outcome {
        ending,
        stdout,
        stderr,
        duration,
    } = outcome;
    let mut log = String::from_utf8_lossy(&stderr.bytes).into_owned();
    if stderr.overflowed {
        log.push_str(&format!(
            "\n[coldstart: stderr truncated to {MAX_LOG_BYTES} bytes]"
        ));
    }
    let exit = match &ending {
        Ending::Exited(Ok(status)) => exit_description(*status),
        _ => "signal: killed".to_string(),
    };
    let mut headers = run_headers(duration, Some(&exit));
    headers.push((START_HEADER.into(), "cold".into()));
    let (status, body) = match ending {
        Ending::Exited(Ok(status)) if status.success() => {
            let (status, function_headers) =
                success_status_and_headers(spec, &mut log, content_type_of_request);
            headers.extend(function_headers);
            (status, stdout.bytes)
        }
        ending => {
            let (status, message) = failure(spec, ending, &mut log);
            if status == 504 {
                // Not the watchdog's 408: browsers re-send a POST answered 408 on a
                // kept-alive connection, so one click would run the function again.
                headers.push(("Connection".into(), "close".into()));
            }
            let body = match status {
                504 => message.into_bytes(),
                _ => [message.into_bytes(), stdout.bytes].concat(),
            };
            (status, body)
        }
    };
    if status != 200
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
    {
        headers.push(("Content-Type".into(), "text/plain; charset=utf-8".into()));
    }
    FunctionResponse {
        function: spec.name.clone(),
        status,
        headers,
        body,
        log,
        duration,
        stream: None,
    }
}

/// The status of a process that did not exit 0 and the message that starts its
/// body (the output follows it, but after a timeout), noted in the log too.
fn failure(spec: &FunctionSpec, ending: Ending, log: &mut String) -> (u16, String) {
    let limits = &spec.limits;
    match ending {
        Ending::Exited(result) => {
            let description = match result {
                Ok(status) => exit_description(status),
                Err(e) => format!("wait: {e}"),
            };
            note(log, &format!("exited with {description}"));
            (500, format!("{description}\n"))
        }
        Ending::TimedOut => {
            note(
                log,
                &format!(
                    "killed the process group after exec_timeout {:?}",
                    limits.exec_timeout
                ),
            );
            let message = format!(
                "Killed process.\nFunction `{}` ran over its exec_timeout of {:?}.\n",
                spec.name, limits.exec_timeout
            );
            (504, message)
        }
        Ending::OutputOverflow => {
            let message = format!(
                "Function `{}` wrote more than {} bytes to stdout; it was stopped and its output is truncated.\n",
                spec.name, limits.max_output_bytes
            );
            note(log, message.trim_end());
            (502, message)
        }
    }
}

/// The headers every run answers with: the watchdog's `X-Duration-Seconds`, and
/// how the process ended when it did.
pub fn run_headers(duration: Duration, exit: Option<&str>) -> Vec<(String, String)> {
    let mut headers = vec![(
        "X-Duration-Seconds".to_string(),
        format!("{:.6}", duration.as_secs_f64()),
    )];
    if let Some(exit) = exit {
        headers.push((EXIT_HEADER.into(), exit.to_string()));
    }
    headers
}

/// The status and headers of a process that exited 0: `200`, or what the launcher
/// reported (the http templates' status and headers); the content type from the
/// function's `content_type`, else its own header, else echoed from the request.
fn success_status_and_headers(
    spec: &FunctionSpec,
    log: &mut String,
    content_type_of_request: Option<String>,
) -> (u16, Vec<(String, String)>) {
    let meta = if spec.launcher.reports_response_meta() {
        take_response_meta(log)
    } else {
        None
    };
    let (status, mut function_headers) = meta.unwrap_or((200, Vec::new()));
    let content_type = spec
        .env("content_type")
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| take_header(&mut function_headers, "Content-Type"))
        .or(content_type_of_request);
    let mut headers: Vec<(String, String)> = content_type
        .map(|t| ("Content-Type".to_string(), t))
        .into_iter()
        .collect();
    headers.extend(function_headers);
    (status, headers)
}

/// The `Http_*` variables of the classic watchdog (`getAdditionalEnvs`): each header
/// once, first value, canonical name with `-` → `_`; then method, content length
/// (also as the deprecated `Http_ContentLength`; `-1` when chunked), transfer
/// encoding, query and path (only when not empty) and host.
pub fn contract_environment(request: &FunctionRequest) -> Vec<(String, String)> {
    let mut environment = Vec::new();
    let mut seen = HashSet::new();
    for (name, value) in &request.headers {
        let canonical = canonical_header_name(name);
        // Go moves these out of the header map into fields, set below.
        if matches!(
            canonical.as_str(),
            "Host" | "Transfer-Encoding" | "Content-Length"
        ) {
            continue;
        }
        if seen.insert(canonical.clone()) {
            environment.push((
                format!("Http_{}", canonical.replace('-', "_")),
                value.clone(),
            ));
        }
    }
    environment.push(("Http_Method".into(), request.method.clone()));
    let transfer_encoding = request.header("Transfer-Encoding");
    let content_length = match transfer_encoding {
        Some(_) => "-1".to_string(),
        None => request.body.len().to_string(),
    };
    environment.push(("Http_ContentLength".into(), content_length.clone()));
    environment.push(("Http_Content_Length".into(), content_length));
    if let Some(encoding) = transfer_encoding {
        environment.push(("Http_Transfer_Encoding".into(), encoding.to_string()));
    }
    if !request.query.is_empty() {
        environment.push(("Http_Query".into(), request.query.clone()));
    }
    if !request.path.is_empty() {
        environment.push(("Http_Path".into(), request.path.clone()));
    }
    if let Some(host) = request.header("Host").filter(|h| !h.is_empty()) {
        environment.push(("Http_Host".into(), host.to_string()));
    }
    environment
}

/// Reads a pipe to its end, keeping at most `cap` bytes. With `stop_at_cap` it
/// returns as soon as more arrives (the caller stops the function); without, it
/// keeps draining so the writer never blocks, and drops the excess.
async fn read_capped(mut pipe: impl AsyncRead + Unpin, cap: usize, stop_at_cap: bool) -> Captured {
    let mut captured = Captured::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match pipe.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let room = cap - captured.bytes.len();
        captured.bytes.extend_from_slice(&chunk[..n.min(room)]);
        if n > room {
            captured.overflowed = true;
            if stop_at_cap {
                break;
            }
        }
    }
    captured
}

/// Removes the node bootstrap's status line from the log and returns the status
/// and headers it reports.
fn take_response_meta(log: &mut String) -> Option<(u16, Vec<(String, String)>)> {
    let start = log.rfind(RESPONSE_META_MARKER)?;
    let line_end = log[start..].find('\n').map_or(log.len(), |i| start + i + 1);
    let meta: serde_json::Value =
        serde_json::from_str(log[start + RESPONSE_META_MARKER.len()..line_end].trim()).ok()?;
    log.replace_range(start..line_end, "");
    let status = meta["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(200);
    let headers = meta["headers"]
        .as_object()
        .map(|headers| {
            headers
                .iter()
                .map(|(name, value)| {
                    let value = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string);
                    (name.clone(), value)
                })
                .collect()
        })
        .unwrap_or_default();
    Some((status, headers))
}

fn take_header(headers: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let index = headers
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(name))?;
    Some(headers.remove(index).1)
}

fn note(log: &mut String, message: &str) {
    if !log.is_empty() && !log.ends_with('\n') {
        log.push('\n');
    }
    log.push_str("[coldstart: ");
    log.push_str(message);
    log.push(']');
}

/// How Go's `ProcessState` describes an unsuccessful exit (`exit status 3`,
/// `signal: killed`), which the watchdog puts first in a 500 body.
fn exit_description(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let signal = status.signal().unwrap_or(0);
    let name = match signal {
        libc::SIGINT => "interrupt".to_string(),
        libc::SIGABRT => "aborted".to_string(),
        libc::SIGKILL => "killed".to_string(),
        libc::SIGSEGV => "segmentation fault".to_string(),
        libc::SIGPIPE => "broken pipe".to_string(),
        libc::SIGTERM => "terminated".to_string(),
        other => format!("signal {other}"),
    };
    format!("signal: {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_environment_matches_the_watchdog() {
        let request = FunctionRequest::new("POST", "hello")
            .with_header("content-type", "text/plain")
            .with_header("X-Forwarded-By", "first")
            .with_header("x-forwarded-by", "second")
            .with_header("Host", "127.0.0.1:4000")
            .with_query("a=1");
        let environment = contract_environment(&request);
        let get = |k: &str| {
            environment
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("Http_Content_Type"), Some("text/plain"));
        assert_eq!(get("Http_X_Forwarded_By"), Some("first"));
        assert_eq!(get("Http_Method"), Some("POST"));
        assert_eq!(get("Http_Content_Length"), Some("5"));
        assert_eq!(get("Http_ContentLength"), Some("5"));
        assert_eq!(get("Http_Query"), Some("a=1"));
        assert_eq!(get("Http_Host"), Some("127.0.0.1:4000"));
        assert_eq!(get("Http_Path"), None);
        assert_eq!(
            environment
                .iter()
                .filter(|(n, _)| n == "Http_X_Forwarded_By")
                .count(),
            1
        );
    }

    #[test]
    fn response_meta_is_taken_out_of_the_log() {
        let mut log = format!(
            "before\n{RESPONSE_META_MARKER}{{\"status\":201,\"headers\":{{\"X-A\":\"b\"}}}}\n"
        );
        let (status, headers) = take_response_meta(&mut log).unwrap();
        assert_eq!(status, 201);
        assert_eq!(headers, vec![("X-A".to_string(), "b".to_string())]);
        assert_eq!(log, "before\n");
    }
}
