//! Contract tests for of-watchdog's http mode (warm functions) and for containment,
//! with real processes: the fixture stack in `tests/fixtures/functions-warm/`,
//! copied to a temporary folder (a test edits a handler), run through
//! `FunctionsRuntime::invoke`, the entry point the dev server uses.

mod common;
use common::copy_dir;
use common::processes::processes_with;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coldstart::functions::{
    FunctionRequest, FunctionResponse, FunctionsRuntime, START_HEADER, Stack,
};

/// The bound on any single invocation in these tests.
const INVOKE_BOUND: Duration = Duration::from_secs(30);

/// A copy of the fixture site and the runtime for it.
fn runtime() -> (tempfile::TempDir, FunctionsRuntime) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/functions-warm");
    copy_dir(&fixture, dir.path());
    let runtime = FunctionsRuntime::from_source(dir.path())
        .expect("the fixture stack is valid")
        .expect("the fixture has a stack file");
    (dir, runtime)
}

async fn invoke(runtime: &FunctionsRuntime, function: &str, body: &str) -> FunctionResponse {
    let request = FunctionRequest::new("POST", body)
        .with_header("Content-Type", "text/plain")
        .with_query("a=1")
        .with_path("/items/3");
    tokio::time::timeout(INVOKE_BOUND, runtime.invoke(function, request))
        .await
        .unwrap_or_else(|_| panic!("invoking {function} took over {INVOKE_BOUND:?}"))
}

fn json(response: &FunctionResponse) -> serde_json::Value {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("{e}: {} {}", response.status, response.body_text()))
}

fn pid_of(response: &FunctionResponse) -> u32 {
    json(response)["pid"]
        .as_u64()
        .expect("the handler reports its pid") as u32
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat[stat.rfind(')').unwrap() + 2..].starts_with('Z'))
}

async fn wait_until_dead(pid: u32) {
    let started = Instant::now();
    while alive(pid) {
        assert!(started.elapsed() < INVOKE_BOUND, "process {pid} still runs");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warm_python_function_keeps_its_process_across_calls() {
    let (_dir, runtime) = runtime();
    let first = invoke(&runtime, "warm-py", "hello").await;
    assert_eq!(first.status, 200, "{}", first.body_text());
    assert_eq!(first.header(START_HEADER), Some("cold"));
    let answer = json(&first);
    assert_eq!(answer["echo"], "hello");
    assert_eq!(answer["method"], "POST");
    assert_eq!(answer["path"], "/items/3");
    assert_eq!(answer["query"]["a"], "1");
    assert_eq!(first.header("X-Handler"), Some("python3-http"));
    assert!(first.log.contains("log line from"), "{}", first.log);
    let second = invoke(&runtime, "warm-py", "again").await;
    assert_eq!(second.header(START_HEADER), Some("warm"));
    assert_eq!(pid_of(&first), pid_of(&second), "the same warm process");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warm_node_function_answers_with_the_templates_context() {
    let (_dir, runtime) = runtime();
    let first = invoke(&runtime, "warm-node", "ping").await;
    assert_eq!(first.status, 201, "{}", first.body_text());
    assert_eq!(first.header("X-Handler"), Some("node22"));
    assert_eq!(json(&first)["body"], "ping");
    let second = invoke(&runtime, "warm-node", "ping").await;
    assert_eq!(second.header(START_HEADER), Some("warm"));
    assert_eq!(pid_of(&first), pid_of(&second));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crashed_warm_process_is_restarted_by_the_next_call() {
    let (_dir, runtime) = runtime();
    let before = pid_of(&invoke(&runtime, "warm-py", "hello").await);
    let crashed = invoke(&runtime, "warm-py", "crash").await;
    assert_eq!(crashed.status, 500, "{}", crashed.body_text());
    wait_until_dead(before).await;
    let after = invoke(&runtime, "warm-py", "hello").await;
    assert_eq!(after.status, 200, "{}", after.body_text());
    assert_eq!(after.header(START_HEADER), Some("cold"));
    assert_ne!(pid_of(&after), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_timeout_is_504_and_kills_the_warm_process_group() {
    let (_dir, runtime) = runtime();
    let before = pid_of(&invoke(&runtime, "warm-py", "hello").await);
    let started = Instant::now();
    let hung = invoke(&runtime, "warm-py", "hang").await;
    assert_eq!(hung.status, 504, "{}", hung.body_text());
    assert_eq!(hung.header("Connection"), Some("close"));
    assert!(started.elapsed() < INVOKE_BOUND);
    assert!(!alive(before), "the timed-out process {before} was killed");
    let after = invoke(&runtime, "warm-py", "hello").await;
    assert_eq!(after.header(START_HEADER), Some("cold"));
    assert_ne!(pid_of(&after), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn editing_the_handler_restarts_the_warm_process() {
    let (dir, runtime) = runtime();
    let before = pid_of(&invoke(&runtime, "warm-py", "hello").await);
    let handler = dir.path().join("_functions/warm-py/handler.py");
    let text = std::fs::read_to_string(&handler).unwrap();
    std::fs::write(&handler, text.replace("\"python3-http\"", "\"edited\"")).unwrap();
    let after = invoke(&runtime, "warm-py", "hello").await;
    assert_eq!(after.header("X-Handler"), Some("edited"));
    assert_eq!(after.header(START_HEADER), Some("cold"));
    assert_ne!(pid_of(&after), before);
    wait_until_dead(before).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn shutdown_and_drop_stop_the_warm_processes() {
    let (_dir, first) = runtime();
    let python = pid_of(&invoke(&first, "warm-py", "hello").await);
    let node = pid_of(&invoke(&first, "warm-node", "hello").await);
    first.shutdown().await;
    assert!(!alive(python) && !alive(node));
    let refused = invoke(&first, "warm-py", "hello").await;
    assert_eq!(refused.status, 503);

    let (_dir, second) = runtime();
    let python = pid_of(&invoke(&second, "warm-py", "hello").await);
    drop(second);
    wait_until_dead(python).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_child_that_leaves_the_group_with_setsid_does_not_outlive_the_call() {
    let (_dir, runtime) = runtime();
    let marker = format!("escape-{}", std::process::id());
    let request = FunctionRequest::new("POST", "").with_header("X-Test-Marker", &marker);
    let response = tokio::time::timeout(INVOKE_BOUND, runtime.invoke("escape", request))
        .await
        .expect("bounded");
    assert_eq!(response.status, 200, "{}", response.body_text());
    assert_eq!(response.body_text(), "escaped\n");
    let leftovers = processes_with(&marker);
    assert!(leftovers.is_empty(), "escaped the call: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn streaming_sends_output_before_the_process_ends_and_the_timeout_kills_it() {
    let (_dir, runtime) = runtime();
    let marker = format!("stream-{}", std::process::id());
    let request = FunctionRequest::new("POST", "").with_header("X-Test-Marker", &marker);
    let response = tokio::time::timeout(INVOKE_BOUND, runtime.invoke("stream", request))
        .await
        .expect("bounded");
    assert_eq!(response.status, 200);
    let mut chunks = response
        .stream
        .as_ref()
        .and_then(|s| s.take())
        .expect("a streamed body");
    let first = tokio::time::timeout(INVOKE_BOUND, chunks.recv())
        .await
        .expect("bounded")
        .expect("a first chunk");
    assert_eq!(first, b"first\n", "sent while the function still runs");
    assert!(
        !processes_with(&marker).is_empty(),
        "the function is still running"
    );
    let mut rest = Vec::new();
    while let Some(chunk) = tokio::time::timeout(INVOKE_BOUND, chunks.recv())
        .await
        .expect("the stream ends at the timeout")
    {
        rest.extend(chunk);
    }
    assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    let started = Instant::now();
    while !processes_with(&marker).is_empty() {
        assert!(started.elapsed() < INVOKE_BOUND, "the group was not killed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn absurd_limits_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("f")).unwrap();
    for (key, value) in [
        ("exec_timeout", "99999999999999999999h"),
        ("max_inflight", "18446744073709551615"),
    ] {
        let stack = format!(
            "version: 1.0\nprovider:\n  name: openfaas\nfunctions:\n  f:\n    lang: dockerfile\n    handler: ./f\n    fprocess: cat\n    environment:\n      {key}: {value}\n"
        );
        let error = Stack::parse(&dir.path().join("stack.yml"), &stack)
            .expect_err("an absurd limit is refused");
        let message = coldstart::diagnostic::report(&error);
        assert!(message.contains("stack.yml:10"), "{message}");
        assert!(message.contains(key), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_watchdog_answers_health_and_readiness_itself() {
    let (_dir, runtime) = runtime();
    let probe = |method: &str, path: &str| {
        let request = FunctionRequest::new(method, "").with_path(path);
        runtime.invoke("warm-py", request)
    };
    let health = probe("GET", "/_/health").await;
    assert_eq!((health.status, health.body_text()), (200, "OK".to_string()));
    assert_eq!(probe("GET", "/_/ready").await.status, 200);
    assert_eq!(probe("POST", "/_/health").await.status, 405);
    runtime.shutdown().await;
    assert_eq!(probe("GET", "/_/health").await.status, 503);
}

#[tokio::test(flavor = "multi_thread")]
async fn x_timeout_shortens_a_warm_call_but_never_lengthens_it() {
    let (_dir, runtime) = runtime();
    let hang = |timeout: &str| {
        let request = FunctionRequest::new("POST", "hang").with_header("X-Timeout", timeout);
        tokio::time::timeout(INVOKE_BOUND, runtime.invoke("warm-py", request))
    };
    let shortened = hang("300ms").await.expect("bounded");
    assert_eq!(shortened.status, 504);
    assert!(
        shortened.body_text().contains("300ms"),
        "{}",
        shortened.body_text()
    );
    let capped = hang("1h").await.expect("bounded");
    assert_eq!(capped.status, 504);
    assert!(capped.body_text().contains("2s"), "{}", capped.body_text());
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_warm_calls_keep_their_logs_apart() {
    let (_dir, runtime) = runtime();
    invoke(&runtime, "warm-py", "hello").await;
    let (alpha, beta) = tokio::join!(
        invoke(&runtime, "warm-py", "log alpha"),
        invoke(&runtime, "warm-py", "log beta")
    );
    for (response, own, other) in [(&alpha, "alpha", "beta"), (&beta, "beta", "alpha")] {
        for i in 0..5 {
            assert!(
                response.log.contains(&format!("{own} {i}\n")),
                "{own} {i} missing: {:?}",
                response.log
            );
        }
        assert!(!response.log.contains(other), "{:?}", response.log);
        assert!(!response.log.contains('\u{1e}'), "{:?}", response.log);
    }
}
