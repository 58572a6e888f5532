//! Invocation overhead of `FunctionsRuntime::invoke` over a plain process spawn.
//!
//! Both sides run `cat` on the same 1 KiB body, sequentially, in the same run:
//! `invoke` on the fixture stack's `echo` function (`fprocess: cat`), and
//! `std::process::Command` spawning `cat`, writing the body and reading the output.
//! The difference is what the watchdog contract costs on top of fork+exec: the
//! allowlisted environment, the process group, the timeout, the caps, the reaping.
//!
//! Run: `cargo run --release --example functions_bench [ITERATIONS]`
//!
//! Throughput over HTTP (`wrk` against `/function/echo`, compared with the classic
//! watchdog) needs the dev server's route and is measured there.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coldstart::functions::{FunctionRequest, FunctionsRuntime};

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("ITERATIONS is a number"))
        .unwrap_or(2000);
    let body = vec![b'x'; 1024];
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/functions");
    let runtime = FunctionsRuntime::from_source(&source)
        .expect("the fixture stack is valid")
        .expect("the fixture has a stack file");
    let tokio = tokio::runtime::Runtime::new().expect("a tokio runtime");

    let invoke_once = || {
        let response =
            tokio.block_on(runtime.invoke("echo", FunctionRequest::new("POST", body.clone())));
        assert_eq!(response.status, 200, "{}", response.log);
        assert_eq!(response.body, body);
    };
    let spawn_once = || {
        let mut child = Command::new("cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("cat runs");
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(&body)
            .expect("cat reads");
        let output = child.wait_with_output().expect("cat exits");
        assert_eq!(output.stdout, body);
    };

    // Interleave rounds so that drift in machine load hits both sides alike.
    let rounds = 10;
    let per_round = iterations.div_ceil(rounds);
    for _ in 0..50 {
        invoke_once();
        spawn_once();
    }
    let (mut invoke_times, mut spawn_times) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        invoke_times.extend(measure(per_round, invoke_once));
        spawn_times.extend(measure(per_round, spawn_once));
    }
    let invoke = Summary::of(&mut invoke_times);
    let spawn = Summary::of(&mut spawn_times);
    println!("{} calls each, 1 KiB body, sequential", invoke_times.len());
    println!("plain Command spawn of cat: {spawn}");
    println!("FunctionsRuntime::invoke:   {invoke}");
    println!(
        "ratio invoke/spawn: median {:.2}x, mean {:.2}x (overhead {:.0} us median)",
        invoke.median.as_secs_f64() / spawn.median.as_secs_f64(),
        invoke.mean.as_secs_f64() / spawn.mean.as_secs_f64(),
        (invoke.median.as_secs_f64() - spawn.median.as_secs_f64()) * 1e6
    );
}

fn measure(count: usize, mut call: impl FnMut()) -> Vec<Duration> {
    (0..count)
        .map(|_| {
            let started = Instant::now();
            call();
            started.elapsed()
        })
        .collect()
}

/// Median, mean and 99th percentile of a set of timings.
struct Summary {
    median: Duration,
    mean: Duration,
    p99: Duration,
}

impl Summary {
    fn of(times: &mut [Duration]) -> Summary {
        times.sort();
        let total: Duration = times.iter().sum();
        Summary {
            median: times[times.len() / 2],
            mean: total / times.len() as u32,
            p99: times[times.len() * 99 / 100],
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        write!(
            f,
            "median {:.0} us, mean {:.0} us, p99 {:.0} us",
            us(self.median),
            us(self.mean),
            us(self.p99)
        )
    }
}
