//! Containment with real escaping children: a function's descendant that leaves its
//! session or process group and clears its environment still ends with the call,
//! with a warm process's stop, and with a `coldstart serve` killed by SIGKILL.
//!
//! The escapees carry the test's marker only in their argv (their environment is
//! empty), so they are found by `/proc/PID/cmdline`.

mod common;
use common::processes::{
    call, contain_runtime, marker, processes_with_argument, serve_contain_functions,
    shutdown_ends_the_warm_escapee, sigkill_ends_the_warm_process_and_its_escapee,
};

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
    shutdown_ends_the_warm_escapee(&runtime, "warm").await;
}

#[test]
fn sigkill_of_serve_ends_its_warm_process_and_what_escaped_from_it() {
    sigkill_ends_the_warm_process_and_its_escapee(&serve_contain_functions(), "sigkill");
}
