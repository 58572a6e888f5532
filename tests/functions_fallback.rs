//! Containment without cgroups (`COLDSTART_CGROUPS=off`, as on a machine without a
//! writable cgroup v2), where each call runs under a subreaper of its own: a
//! function's descendant that leaves its session or group, whether it keeps or
//! clears its environment, ends with the call, with a warm process's stop, and with
//! a `coldstart serve` killed by SIGKILL.
//!
//! The escapees carry the test's marker only in their argv. Its own test binary: the
//! variable is read once per process (and inherited by the server it starts), and
//! the other containment tests (`functions_contain`) run with cgroups where the
//! machine has them.

mod common;
use common::processes::{
    call, contain_runtime, marker, processes_with_argument, serve_contain_functions,
    shutdown_ends_the_warm_escapee, sigkill_ends_the_warm_process_and_its_escapee,
};

#[test]
fn without_cgroups_nothing_a_function_starts_outlives_its_call() {
    // SAFETY: the only test of this binary sets the variable before it starts any
    // thread that could read the environment (the runtime below is built after).
    unsafe { std::env::set_var(coldstart::functions::DISABLE_CGROUPS_VARIABLE, "off") };
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    tokio.block_on(escapees_end_with_their_calls());
    assert!(
        !coldstart::functions::contained_by_cgroups(),
        "the calls ran in cgroups: the fallback was not tested"
    );
    sigkill_ends_the_warm_process_and_its_escapee(&serve_contain_functions(), "sigkill");
}

async fn escapees_end_with_their_calls() {
    let (_dir, runtime) = contain_runtime();
    for function in ["setsid-keep-env", "setsid-env-clear", "setpgid-double-fork"] {
        let marker = marker(function);
        let response = call(&runtime, function, &marker).await;
        assert_eq!(response.status, 200, "{function}: {}", response.body_text());
        assert_eq!(response.body_text(), "escaped\n");
        let leftovers = processes_with_argument(&marker);
        assert!(
            leftovers.is_empty(),
            "{function}: outlived the call: {leftovers:?}"
        );
    }
    shutdown_ends_the_warm_escapee(&runtime, "warm").await;
}
