//! Containment with real escaping children: a function's descendant that leaves its
//! session or process group and clears its environment still ends with the call,
//! with a warm process's stop, and with a `coldstart serve` killed by SIGKILL.
//!
//! The escapees carry the test's marker only in their argv (their environment is
//! empty), so they are found by `/proc/PID/cmdline`.

mod common;
use common::copy_dir;
use common::served::ServedProject;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use coldstart::functions::{FunctionRequest, FunctionResponse, FunctionsRuntime};

/// The bound on any single invocation, and on processes dying after a kill.
const BOUND: Duration = Duration::from_secs(30);

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/functions-contain")
}

fn runtime() -> (tempfile::TempDir, FunctionsRuntime) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    let runtime = FunctionsRuntime::from_source(dir.path())
        .expect("the fixture stack is valid")
        .expect("the fixture has a stack file");
    (dir, runtime)
}

/// A marker unique to one test of this run.
fn marker(test: &str) -> String {
    format!("contain-{test}-{}", std::process::id())
}

/// Live (not zombie) processes with `marker` as a whole argument.
fn processes_with_argument(marker: &str) -> HashSet<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| cmdline.split(|b| *b == 0).any(|a| a == marker.as_bytes()))
        })
        .filter(|pid| alive(*pid))
        .collect()
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat[stat.rfind(')').unwrap() + 2..].starts_with('Z'))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < BOUND, "{what} within {BOUND:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

async fn call(runtime: &FunctionsRuntime, function: &str, marker: &str) -> FunctionResponse {
    let request = FunctionRequest::new("POST", "").with_header("X-Test-Marker", marker);
    tokio::time::timeout(BOUND, runtime.invoke(function, request))
        .await
        .unwrap_or_else(|_| panic!("{function} answers within {BOUND:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_child_in_its_own_session_with_a_cleared_environment_ends_with_the_call() {
    let (_dir, runtime) = runtime();
    let marker = marker("setsid");
    let response = call(&runtime, "setsid-env-clear", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    assert_eq!(response.body_text(), "escaped\n");
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the call: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_forked_grandchild_in_its_own_group_ends_with_the_call() {
    let (_dir, runtime) = runtime();
    let marker = marker("setpgid");
    let response = call(&runtime, "setpgid-double-fork", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    assert_eq!(response.body_text(), "escaped\n");
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the call: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warm_process_escaped_child_ends_with_the_runtime() {
    let (_dir, runtime) = runtime();
    let marker = marker("warm");
    let response = call(&runtime, "warm-escape", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    wait_until("the warm process's child to start", || {
        !processes_with_argument(&marker).is_empty()
    });
    runtime.shutdown().await;
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the shutdown: {leftovers:?}");
}

/// The contain fixture's functions beside the fixture blog.
fn add_functions(project: &Path) {
    copy_dir(
        &fixture().join("_functions"),
        &project.join("src/_functions"),
    );
}

#[test]
fn sigkill_of_serve_ends_its_warm_process_and_what_escaped_from_it() {
    let served = ServedProject::start(add_functions);
    let marker = marker("sigkill");
    let response = common::http::request_with_headers(
        served.address,
        "POST",
        "/function/warm-escape",
        &[("X-Test-Marker", &marker)],
        Some(""),
    )
    .expect("the warm function answers");
    assert_eq!(response.status, 200, "{}", response.text());
    let warm: u32 = response
        .header("X-Coldstart-Pid")
        .and_then(|pid| pid.parse().ok())
        .expect("the warm process's pid");
    wait_until("the warm process's child to start", || {
        !processes_with_argument(&marker).is_empty()
    });
    assert!(alive(warm));
    let killed = Command::new("kill")
        .args(["-KILL", &served.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    wait_until("the warm process to die with the server", || !alive(warm));
    wait_until("its escaped child to die with the server", || {
        processes_with_argument(&marker).is_empty()
    });
}
