//! Finding the processes a test started, by a marker in their environment or their
//! arguments, and calling the containment fixture's functions.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use coldstart::functions::{FunctionRequest, FunctionResponse, FunctionsRuntime};

use super::browser::wait_until;
use super::served::ServedProject;

/// The bound on any single invocation, and on processes dying after a kill.
pub const BOUND: Duration = Duration::from_secs(30);

/// The functions whose descendants try to escape (`tests/fixtures/functions-contain`).
pub fn contain_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/functions-contain")
}

/// A runtime over a copy of [`contain_fixture`].
pub fn contain_runtime() -> (tempfile::TempDir, FunctionsRuntime) {
    let dir = tempfile::tempdir().unwrap();
    super::copy_dir(&contain_fixture(), dir.path());
    let runtime = FunctionsRuntime::from_source(dir.path())
        .expect("the fixture stack is valid")
        .expect("the fixture has a stack file");
    (dir, runtime)
}

/// A marker unique to one test of this run.
pub fn marker(test: &str) -> String {
    format!("contain-{test}-{}", std::process::id())
}

/// Live (not zombie) processes with `marker` as a whole argument.
pub fn processes_with_argument(marker: &str) -> HashSet<u32> {
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

pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat[stat.rfind(')').unwrap() + 2..].starts_with('Z'))
}

pub async fn call(runtime: &FunctionsRuntime, function: &str, marker: &str) -> FunctionResponse {
    let request = FunctionRequest::new("POST", "").with_header("X-Test-Marker", marker);
    tokio::time::timeout(BOUND, runtime.invoke(function, request))
        .await
        .unwrap_or_else(|_| panic!("{function} answers within {BOUND:?}"))
}

/// The pids of processes whose environment carries `Http_X_Test_Marker=<marker>`: every
/// process of one function call, grandchildren included, since the runtime passes the
/// request's `X-Test-Marker` header to the function as that variable.
pub fn processes_with(marker: &str) -> HashSet<u32> {
    let needle = format!("Http_X_Test_Marker={marker}");
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                environ
                    .split(|b| *b == 0)
                    .any(|entry| entry == needle.as_bytes())
            })
        })
        .collect()
}

/// A `coldstart serve` of the fixture blog with [`contain_fixture`]'s functions.
pub fn serve_contain_functions() -> ServedProject {
    ServedProject::start(|project: &Path| {
        super::copy_dir(
            &contain_fixture().join("_functions"),
            &project.join("src/_functions"),
        )
    })
}

/// Calls `warm-escape` on `served` (see [`serve_contain_functions`]), kills the
/// server by SIGKILL, and waits until the warm process and the child that escaped
/// from it are gone (the test fails after [`BOUND`]).
pub fn sigkill_ends_the_warm_process_and_its_escapee(served: &ServedProject, test: &str) {
    let marker = marker(test);
    let response = super::http::request_with_headers(
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

/// Calls `warm-escape` on `runtime` (see [`contain_runtime`]), waits until the child
/// that escaped from the warm process runs, shuts the runtime down, and checks that
/// the child is gone.
pub async fn shutdown_ends_the_warm_escapee(runtime: &FunctionsRuntime, test: &str) {
    let marker = marker(test);
    let response = call(runtime, "warm-escape", &marker).await;
    assert_eq!(response.status, 200, "{}", response.body_text());
    wait_until(BOUND, "the warm process's child to start", || {
        !processes_with_argument(&marker).is_empty()
    });
    runtime.shutdown().await;
    let leftovers = processes_with_argument(&marker);
    assert!(leftovers.is_empty(), "outlived the shutdown: {leftovers:?}");
}
