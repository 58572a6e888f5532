//! Containment with real escaping children: a function's descendant that leaves its
//! session or process group and clears its environment still ends with the call,
//! with a warm process's stop, and with a `coldstart serve` killed by SIGKILL.
//!
//! The escapees carry the test's marker only in their argv (their environment is
//! empty), so they are found by `/proc/PID/cmdline`.

mod common;
use common::browser::wait_until;
use common::copy_dir;
use common::processes::{
    BOUND, alive, call, contain_fixture, contain_runtime, marker, processes_with_argument,
};
use common::served::ServedProject;

use std::path::Path;
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn a_child_in_its_own_session_with_a_cleared_environment_ends_with_the_call() {
    let (_dir, runtime) = contain_runtime();
    let marker = marker("setsid");
    let response = call(&runtime, "setsid-env-clear", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    assert_eq!(response.body_text(), "escaped\n");
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the call: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_forked_grandchild_in_its_own_group_ends_with_the_call() {
    let (_dir, runtime) = contain_runtime();
    let marker = marker("setpgid");
    let response = call(&runtime, "setpgid-double-fork", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    assert_eq!(response.body_text(), "escaped\n");
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the call: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warm_process_escaped_child_ends_with_the_runtime() {
    let (_dir, runtime) = contain_runtime();
    let marker = marker("warm");
    let response = call(&runtime, "warm-escape", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    wait_until(BOUND, "the warm process's child to start", || {
        !processes_with_argument(&marker).is_empty()
    });
    runtime.shutdown().await;
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the shutdown: {leftovers:?}");
}

/// The contain fixture's functions beside the fixture blog.
fn add_functions(project: &Path) {
    copy_dir(
        &contain_fixture().join("_functions"),
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
    wait_until(BOUND, "the warm process's child to start", || {
        !processes_with_argument(&marker).is_empty()
    });
    assert!(alive(warm));
    let killed = Command::new("kill")
        .args(["-KILL", &served.pid().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    wait_until(BOUND, "the warm process to die with the server", || {
        !alive(warm)
    });
    wait_until(BOUND, "its escaped child to die with the server", || {
        processes_with_argument(&marker).is_empty()
    });
}
