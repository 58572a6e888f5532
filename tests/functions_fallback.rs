//! Containment without cgroups (`COLDSTART_CGROUPS=off`, as on a machine without a
//! writable cgroup v2): a function's descendant that leaves its session but keeps
//! its environment is found by the invocation's tag and ends with the call.
//!
//! Its own test binary: the variable is read once per process, and the other
//! containment tests (`functions_contain`) run with cgroups.

mod common;
use common::processes::{call, contain_runtime, marker, processes_with_argument};

#[test]
fn without_cgroups_a_child_in_its_own_session_ends_with_the_call() {
    // SAFETY: the only test of this binary sets the variable before it starts any
    // thread that could read the environment (the runtime below is built after).
    unsafe { std::env::set_var(coldstart::functions::DISABLE_CGROUPS_VARIABLE, "off") };
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    tokio.block_on(async {
        let (_dir, runtime) = contain_runtime();
        let marker = marker("fallback");
        let response = call(&runtime, "setsid-keep-env", &marker).await;
        assert_eq!(response.status, 200, "{}", response.body_text());
        assert_eq!(response.body_text(), "escaped\n");
        let leftovers = processes_with_argument(&marker);
        assert!(leftovers.is_empty(), "outlived the call: {leftovers:?}");
    });
    assert!(
        !coldstart::functions::contained_by_cgroups(),
        "the call ran in a cgroup: the fallback was not tested"
    );
}
