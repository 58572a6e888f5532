//! Contract tests for the functions runtime, with real child processes: the fixture
//! stack in `tests/fixtures/functions/_functions/` is run through
//! `FunctionsRuntime::invoke`, the same entry point the dev server uses.
//!
//! Processes are tracked by a marker: every request carries a unique `X-Test-Marker`
//! header, so each process of the invocation (grandchildren included) has
//! `Http_X_Test_Marker=<marker>` in its environment and can be found in `/proc`.

mod common;
use common::processes::processes_with;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use coldstart::functions::{FunctionRequest, FunctionResponse, FunctionsRuntime, origin_allowed};

/// A variable of the test process that no function may ever see.
const SECRET_NAME: &str = "COLDSTART_TEST_SECRET";
const SECRET_VALUE: &str = "do-not-leak-4f1c";
/// The bound on any single invocation in these tests.
const INVOKE_BOUND: Duration = Duration::from_secs(30);

fn fixture_source() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/functions")
}

fn runtime() -> FunctionsRuntime {
    static SECRET: Once = Once::new();
    SECRET.call_once(|| {
        // SAFETY: set once, before any runtime (and so any spawn) exists in this test
        // binary; nothing else in these tests reads or writes the environment.
        unsafe { std::env::set_var(SECRET_NAME, SECRET_VALUE) };
    });
    FunctionsRuntime::from_source(&fixture_source())
        .expect("the fixture stack is valid")
        .expect("the fixture has a stack file")
}

/// A marker unique to this test process and call.
fn marker() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "m{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

fn request(method: &str, body: &str, marker: &str) -> FunctionRequest {
    FunctionRequest::new(method, body).with_header("X-Test-Marker", marker)
}

async fn invoke(
    runtime: &FunctionsRuntime,
    function: &str,
    request: FunctionRequest,
) -> FunctionResponse {
    tokio::time::timeout(INVOKE_BOUND, runtime.invoke(function, request))
        .await
        .unwrap_or_else(|_| panic!("invoking {function} took over {INVOKE_BOUND:?}"))
}

/// A process's state letter (`S`, `R`, `Z`, …) and parent pid, if it exists.
fn state_and_parent(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let mut fields = after_name.split(' ');
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// Checks that nothing with the marker remains and that none of `pids` is left as a
/// zombie (under this process or an init that does not reap). Pids may be reused by
/// unrelated live processes, which have no marker.
fn assert_all_gone(pids: &HashSet<u32>, marker: &str) {
    let leftovers = processes_with(marker);
    assert!(
        leftovers.is_empty(),
        "processes with marker {marker} survive: {leftovers:?}"
    );
    for pid in pids {
        if let Some((state, parent)) = state_and_parent(*pid) {
            assert!(
                state != 'Z',
                "pid {pid} is a zombie left unreaped (parent {parent})"
            );
        }
    }
}

/// Collects the marker's pids until `done` resolves, so the test knows which
/// processes a killed invocation had.
async fn watch_processes<F: std::future::Future>(
    marker: &str,
    done: F,
) -> (F::Output, HashSet<u32>) {
    let mut seen = HashSet::new();
    tokio::pin!(done);
    loop {
        tokio::select! {
            output = &mut done => return (output, seen),
            _ = tokio::time::sleep(Duration::from_millis(20)) => seen.extend(processes_with(marker)),
        }
    }
}

/// Invokes `function` with the marker and returns its response and the pids seen.
async fn invoke_watched(
    runtime: &FunctionsRuntime,
    function: &str,
    marker: &str,
) -> (FunctionResponse, HashSet<u32>) {
    watch_processes(
        marker,
        invoke(runtime, function, request("POST", "", marker)),
    )
    .await
}

fn env_lines(response: &FunctionResponse) -> Vec<(String, String)> {
    response
        .body_text()
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn cat_echoes_the_body_with_duration_and_the_requests_content_type() {
    let runtime = runtime();
    let marker = marker();
    let response = invoke(
        &runtime,
        "echo",
        request("POST", "ping\nwith two lines", &marker).with_header("Content-Type", "text/x-demo"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.log);
    assert_eq!(response.body_text(), "ping\nwith two lines");
    assert_eq!(response.header("content-type"), Some("text/x-demo"));
    let seconds: f64 = response
        .header("X-Duration-Seconds")
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds > 0.0 && seconds < 5.0, "{seconds}");
    assert_eq!(
        response
            .header("X-Duration-Seconds")
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len(),
        6
    );
    assert!(
        response
            .record()
            .to_string()
            .starts_with("function echo 200 ")
    );
    assert_all_gone(&HashSet::new(), &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn content_type_env_overrides_the_requests() {
    let runtime = runtime();
    let response = invoke(
        &runtime,
        "json-echo",
        FunctionRequest::new("POST", "{}").with_header("Content-Type", "text/plain"),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("Content-Type"), Some("application/json"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_environment_is_the_contract_plus_an_allowlist() {
    let runtime = runtime();
    let marker = marker();
    let response = invoke(
        &runtime,
        "env",
        request("PUT", "12345", &marker)
            .with_header("content-type", "text/plain")
            .with_header("x-forwarded-by", "test")
            .with_header("Host", "127.0.0.1:4000")
            .with_query("a=1&b=two")
            .with_path("/items/3"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.log);
    let environment = env_lines(&response);
    let get = |name: &str| {
        environment
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Http_Method"), Some("PUT"));
    assert_eq!(get("Http_Path"), Some("/items/3"));
    assert_eq!(get("Http_Query"), Some("a=1&b=two"));
    assert_eq!(get("Http_Content_Type"), Some("text/plain"));
    assert_eq!(get("Http_Content_Length"), Some("5"));
    assert_eq!(get("Http_ContentLength"), Some("5"));
    assert_eq!(get("Http_Host"), Some("127.0.0.1:4000"));
    assert_eq!(get("Http_X_Forwarded_By"), Some("test"));
    assert_eq!(get("GREETING"), Some("hello from stack.yml"));
    assert_eq!(get("FROM_FILE"), Some("from env.yml"));
    assert_eq!(get("PATH").map(str::to_string), std::env::var("PATH").ok());

    let allowed = ["PATH", "LANG", "HOME", "GREETING", "FROM_FILE", "fprocess"];
    for (name, _) in &environment {
        assert!(
            name.starts_with("Http_") || allowed.contains(&name.as_str()),
            "`{name}` leaked into the function's environment"
        );
    }
    assert!(
        std::env::var(SECRET_NAME).is_ok(),
        "the test process has the secret"
    );
    assert!(!response.body_text().contains(SECRET_VALUE));
    assert!(get(SECRET_NAME).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn path_and_query_are_absent_when_empty() {
    let runtime = runtime();
    let response = invoke(&runtime, "env", FunctionRequest::new("GET", "")).await;
    let environment = env_lines(&response);
    assert!(
        environment
            .iter()
            .all(|(k, _)| k != "Http_Path" && k != "Http_Query")
    );
    assert!(
        environment
            .iter()
            .any(|(k, v)| k == "Http_Content_Length" && v == "0")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_non_zero_exit_is_500_with_the_exit_status_and_stderr_only_in_the_log() {
    let runtime = runtime();
    let response = invoke(&runtime, "fail", FunctionRequest::new("POST", "")).await;
    assert_eq!(response.status, 500);
    assert_eq!(response.body_text(), "exit status 3\npartial output");
    assert!(
        response.log.contains("something went wrong"),
        "{}",
        response.log
    );
    assert!(!response.body_text().contains("something went wrong"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_timeout_is_504_closing_the_connection_and_kills_the_grandchildren() {
    let runtime = runtime();
    let marker = marker();
    let started = Instant::now();
    let (response, seen) = invoke_watched(&runtime, "slow", &marker).await;
    let elapsed = started.elapsed();
    // 504, not the watchdog's 408, which browsers retry on a kept-alive connection.
    assert_eq!(response.status, 504, "{}", response.body_text());
    assert_eq!(response.header("Connection"), Some("close"));
    assert!(response.body_text().starts_with("Killed process.\n"));
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(30),
        "{elapsed:?}"
    );
    // sh, three sleeps and the inner sh: at least the script and its grandchildren.
    assert!(seen.len() >= 4, "only saw {seen:?}");
    assert_all_gone(&seen, &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_function_that_ignores_sigterm_is_killed_after_the_grace_period() {
    let runtime = runtime();
    let marker = marker();
    let (response, seen) = invoke_watched(&runtime, "stubborn", &marker).await;
    assert_eq!(response.status, 504);
    assert!(
        response.duration >= Duration::from_millis(2500),
        "{:?}",
        response.duration
    );
    assert!(seen.len() >= 2, "only saw {seen:?}");
    assert_all_gone(&seen, &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn background_children_do_not_outlive_a_successful_call() {
    let runtime = runtime();
    let marker = marker();
    let (response, seen) = invoke_watched(&runtime, "background", &marker).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body_text(), "done\n");
    assert_all_gone(&seen, &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn stdout_over_the_cap_is_502_truncated_and_the_function_stopped() {
    let runtime = runtime();
    let marker = marker();
    let response = invoke(&runtime, "flood", request("GET", "", &marker)).await;
    assert_eq!(response.status, 502);
    let body = response.body_text();
    let (message, output) = body.split_once('\n').unwrap();
    assert!(message.contains("more than 1048576 bytes"), "{message}");
    assert_eq!(output.len(), 1 << 20);
    assert!(output.starts_with("y\ny\n"));
    assert!(
        response.duration < Duration::from_secs(30),
        "stopped, not run to its end"
    );
    assert_all_gone(&HashSet::new(), &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_cap_is_413_and_one_at_the_cap_passes() {
    let runtime = runtime();
    let at_cap = vec![b'x'; 1 << 20];
    let response = invoke(
        &runtime,
        "echo",
        FunctionRequest::new("POST", at_cap.clone()),
    )
    .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, at_cap);
    let over = vec![b'x'; (1 << 20) + 1];
    let response = invoke(&runtime, "echo", FunctionRequest::new("POST", over)).await;
    assert_eq!(response.status, 413);
}

#[tokio::test(flavor = "multi_thread")]
async fn over_the_inflight_limit_is_429_under_real_concurrency() {
    let runtime = runtime();
    let calls = (0..5).map(|_| invoke(&runtime, "busy", FunctionRequest::new("POST", "")));
    let responses = futures_join_all(calls).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        3,
        "{statuses:?}"
    );
    let refused = responses.iter().find(|r| r.status == 429).unwrap();
    assert!(
        refused
            .body_text()
            .contains("Concurrent request limit exceeded")
    );
    // The permits come back: the next call runs.
    assert_eq!(
        invoke(&runtime, "busy", FunctionRequest::new("POST", ""))
            .await
            .status,
        200
    );
}

/// Polls all the futures at once on this task (no extra crate for `join_all`).
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none()
                && let std::task::Poll::Ready(value) = future.as_mut().poll(cx)
            {
                *output = Some(value);
            }
        }
        if outputs.iter().all(Option::is_some) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[test]
fn only_the_servers_own_origin_may_post() {
    let own = "http://127.0.0.1:4000";
    assert!(origin_allowed(Some(own), own));
    assert!(origin_allowed(None, own));
    assert!(!origin_allowed(Some("https://attacker.example"), own));
    assert!(!origin_allowed(Some("null"), own));
}

#[tokio::test(flavor = "multi_thread")]
async fn python3_handler_runs_through_the_template_bootstrap() {
    let runtime = runtime();
    let response = invoke(
        &runtime,
        "hello-python",
        FunctionRequest::new("POST", "reader\n"),
    )
    .await;
    assert_eq!(response.status, 200, "{}", response.log);
    assert_eq!(response.body_text(), "Hello, reader!\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn node_handler_gets_event_and_context_as_in_the_template() {
    let runtime = runtime();
    let response = invoke(
        &runtime,
        "hello-node",
        FunctionRequest::new("POST", r#"{"name": "reader"}"#)
            .with_header("content-type", "application/json")
            .with_query("lang=en")
            .with_path("/greet"),
    )
    .await;
    assert_eq!(response.status, 201, "{}", response.log);
    assert_eq!(response.header("Content-Type"), Some("application/json"));
    assert_eq!(response.header("X-Handler"), Some("node"));
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"greeting": "Hello, reader!", "method": "POST", "path": "/greet", "query": {"lang": "en"}})
    );
    assert!(
        !response.log.contains("coldstart-response"),
        "{}",
        response.log
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_interpreter_fails_that_function_only() {
    let runtime = runtime();
    let listed = runtime.list();
    let cobol = listed.iter().find(|f| f.name == "needs-cobol").unwrap();
    let reason = cobol.unavailable.as_deref().unwrap();
    assert!(
        reason.contains("`cobol-interpreter-not-installed` was not found on PATH"),
        "{reason}"
    );
    assert!(
        listed
            .iter()
            .filter(|f| f.name != "needs-cobol")
            .all(|f| f.unavailable.is_none()),
        "{listed:?}"
    );
    let response = invoke(&runtime, "needs-cobol", FunctionRequest::new("POST", "")).await;
    assert_eq!(response.status, 500);
    assert!(
        response
            .body_text()
            .contains("cannot run: `cobol-interpreter-not-installed` was not found")
    );
    assert_eq!(
        invoke(&runtime, "echo", FunctionRequest::new("POST", "ok"))
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_function_is_404_and_other_methods_405_as_in_the_watchdog() {
    let runtime = runtime();
    let options = invoke(&runtime, "echo", FunctionRequest::new("OPTIONS", "")).await;
    assert_eq!(options.status, 405);
    assert_eq!(
        invoke(&runtime, "nope", FunctionRequest::new("GET", ""))
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_abandoned_invocation_kills_its_process_group() {
    let runtime = runtime();
    let marker = marker();
    let abandoned = tokio::time::timeout(
        Duration::from_millis(300),
        runtime.invoke("slow", request("POST", "", &marker)),
    );
    let (outcome, seen) = watch_processes(&marker, abandoned).await;
    assert!(outcome.is_err(), "the call should still have been running");
    assert!(!seen.is_empty());
    wait_until_gone(&marker).await;
    assert_all_gone(&seen, &marker);
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_ends_running_invocations_and_refuses_new_ones() {
    let runtime = runtime();
    let marker = marker();
    let running = invoke(&runtime, "slow", request("POST", "", &marker));
    let stop = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        runtime.shutdown().await;
    };
    let ((response, ()), seen) =
        watch_processes(&marker, async { tokio::join!(running, stop) }).await;
    assert_eq!(response.status, 500, "{}", response.body_text());
    assert!(
        response.body_text().starts_with("signal: terminated"),
        "{}",
        response.body_text()
    );
    assert_all_gone(&seen, &marker);
    assert_eq!(
        invoke(&runtime, "echo", FunctionRequest::new("POST", ""))
            .await
            .status,
        503
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_the_runtime_leaves_nothing_running() {
    let marker = marker();
    let runtime = runtime();
    let mut call = Box::pin(runtime.invoke("slow", request("POST", "", &marker)));
    let deadline = Instant::now() + INVOKE_BOUND;
    let seen = loop {
        tokio::select! {
            response = &mut call => panic!("`slow` answered early: {}", response.status),
            _ = tokio::time::sleep(Duration::from_millis(20)) => {
                let seen = processes_with(&marker);
                if seen.len() >= 4 || Instant::now() > deadline {
                    break seen;
                }
            }
        }
    };
    // Neither finished nor dropped: only the runtime's own Drop can clean up now.
    std::mem::forget(call);
    drop(runtime);
    wait_until_gone(&marker).await;
    assert_all_gone(&seen, &marker);
}

/// Waits (bounded) until no process carries the marker and reaping has had a moment.
async fn wait_until_gone(marker: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_with(marker).is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[test]
fn handler_source_for_the_widget() {
    let runtime = runtime();
    let python = runtime.handler_source("hello-python").unwrap();
    assert_eq!(python.language, "python");
    assert!(python.text.contains("def handle(req)"));
    let script = runtime.handler_source("fail").unwrap();
    assert_eq!(script.language, "bash");
    assert!(script.path.ends_with("scripts/fail.sh"));
    let cat = runtime.handler_source("echo").unwrap();
    assert_eq!(cat.language, "yaml");
    assert!(cat.text.contains("fprocess: cat"));
    assert!(runtime.handler_source("nope").is_err());
}

#[test]
fn export_writes_a_faas_cli_bundle_and_the_proxy_rule() {
    let runtime = runtime();
    let out = tempfile::tempdir().unwrap();
    runtime.export_bundle(out.path()).unwrap();
    let exported = |p: &str| out.path().join(p);
    assert_eq!(
        std::fs::read_to_string(exported("stack.yml")).unwrap(),
        std::fs::read_to_string(fixture_source().join("_functions/stack.yml")).unwrap()
    );
    for file in [
        "hello-python/handler.py",
        "hello-node/handler.js",
        "scripts/fail.sh",
        "env.yml",
    ] {
        assert!(exported(file).is_file(), "{file} missing from the bundle");
    }
    assert!(
        !exported(".secrets").exists(),
        "local secrets must not be exported"
    );
    let readme = std::fs::read_to_string(exported("README.md")).unwrap();
    assert!(
        readme.contains("location /function/ { proxy_pass http://127.0.0.1:8080/function/; }"),
        "{readme}"
    );
    assert!(readme.contains("faas-cli up -f stack.yml"));
    assert!(exists_all(out.path(), &["echo/README.md"]));
}

fn exists_all(root: &Path, files: &[&str]) -> bool {
    files.iter().all(|f| root.join(f).exists())
}
