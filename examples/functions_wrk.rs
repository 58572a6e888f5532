//! Throughput and latency of `/function/cat` on the dev server, with `wrk`, against
//! two baselines measured in the same run:
//!
//! - **page**: a page of the same dev server (`GET /hello/`, rendered in memory):
//!   what its HTTP layer costs without running anything;
//! - **cgi**: `examples/cgi_baseline.py`, a process-per-request server in Python's
//!   standard library doing what the classic watchdog's `handler.go` does (read the
//!   body, spawn `cat`, buffer stdout, answer 200 + `X-Duration-Seconds`). It stands
//!   in for OpenFaaS's classic watchdog, which cannot be built here (no Go modules).
//!
//! Every function request POSTs a 1 KiB body. The `cat` function has `max_inflight`
//! raised above wrk's connection count (the watchdog's own default is unlimited).
//!
//! Run (needs `wrk`, `python3`, and the release binary):
//! `cargo build --release && cargo run --release --example functions_wrk [SECONDS] [CONNECTIONS]`

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// One wrk run's figures.
struct WrkResult {
    requests_per_second: f64,
    latency_p50_ms: f64,
    latency_p99_ms: f64,
    errors: String,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u32 = args.next().map_or(10, |s| s.parse().expect("SECONDS"));
    let connections: u32 = args.next().map_or(16, |s| s.parse().expect("CONNECTIONS"));
    let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = std::env::current_exe()
        .expect("the example's path")
        .parent()
        .and_then(Path::parent)
        .expect("target/PROFILE/examples")
        .join("coldstart");
    assert!(
        binary.is_file(),
        "{} is missing: run `cargo build --release` first",
        binary.display()
    );

    let site = tempfile::tempdir().expect("a scratch folder");
    let source = site.path().join("src");
    std::fs::create_dir_all(source.join("_functions/cat")).unwrap();
    std::fs::write(source.join("_config.yml"), "title: bench\n").unwrap();
    std::fs::write(
        source.join("hello.md"),
        "---\nlayout: null\npermalink: /hello/\n---\nhello\n",
    )
    .unwrap();
    std::fs::write(
        source.join("_functions/stack.yml"),
        format!(
            "version: 1.0\nprovider: {{name: openfaas}}\nfunctions:\n  cat:\n    lang: dockerfile\n    handler: ./cat\n    fprocess: cat\n    environment:\n      max_inflight: {}\n",
            connections * 4
        ),
    )
    .unwrap();
    let script = site.path().join("post.lua");
    std::fs::write(
        &script,
        "wrk.method = \"POST\"\nwrk.body = string.rep(\"x\", 1024)\nwrk.headers[\"Content-Type\"] = \"text/plain\"\n",
    )
    .unwrap();

    let mut serve = Command::new(&binary);
    serve
        .current_dir(&project)
        .args(["serve", "--port", "0", "-s"])
        .arg(&source)
        .args(["--theme", "default"]);
    let (mut server, server_port) = start(serve, "Serving at ");
    let mut cgi = Command::new("python3");
    cgi.arg(project.join("examples/cgi_baseline.py"))
        .args(["0", "cat"]);
    let (mut baseline, baseline_port) = start(cgi, "listening on");

    let runs = [
        (
            "dev server, in-memory page (GET /hello/)",
            format!("http://127.0.0.1:{server_port}/hello/"),
            false,
        ),
        (
            "dev server, /function/cat (POST 1 KiB)",
            format!("http://127.0.0.1:{server_port}/function/cat"),
            true,
        ),
        (
            "Python CGI-style watchdog, cat (POST 1 KiB)",
            format!("http://127.0.0.1:{baseline_port}/"),
            true,
        ),
    ];
    println!("wrk -t2 -c{connections} -d{seconds}s --latency, same machine, same run");
    let mut results = Vec::new();
    for (label, url, post) in &runs {
        let result = wrk(url, *post, &script, seconds, connections);
        println!(
            "{label:<46} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms{}",
            result.requests_per_second, result.latency_p50_ms, result.latency_p99_ms, result.errors
        );
        results.push(result);
    }
    let (function, cgi) = (&results[1], &results[2]);
    println!(
        "/function/cat vs CGI-style baseline: throughput {:.2}x, p50 latency {:.2}x, p99 latency {:.2}x",
        function.requests_per_second / cgi.requests_per_second,
        function.latency_p50_ms / cgi.latency_p50_ms,
        function.latency_p99_ms / cgi.latency_p99_ms,
    );
    for child in [&mut server, &mut baseline] {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Starts `command`, waits for the stdout line containing `ready`, returns the port
/// in it (the last `:PORT` or number), and drains the rest of stdout.
fn start(mut command: Command, ready: &str) -> (Child, u16) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains(ready))
        .expect("the server says it is ready");
    let port = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .filter_map(|part| part.parse::<u16>().ok())
        .next_back()
        .expect("a port in the ready line");
    std::thread::spawn(move || lines.for_each(drop));
    (child, port)
}

/// Runs wrk and reads its summary.
fn wrk(url: &str, post: bool, script: &Path, seconds: u32, connections: u32) -> WrkResult {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if post {
        command.arg("-s").arg(script);
    }
    let output = command
        .arg(url)
        .output()
        .expect("wrk runs (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {prefix:?} in wrk's output:\n{text}"))
            .to_string()
    };
    let errors = text
        .lines()
        .filter(|line| line.contains("Non-2xx") || line.contains("Socket errors"))
        .map(|line| format!("   [{}]", line.trim()))
        .collect();
    WrkResult {
        requests_per_second: field("Requests/sec:").parse().expect("a rate"),
        latency_p50_ms: milliseconds(&field("50%")),
        latency_p99_ms: milliseconds(&field("99%")),
        errors,
    }
}

/// wrk's `1.23ms` / `456.00us` / `1.02s` as milliseconds.
fn milliseconds(value: &str) -> f64 {
    let split = value
        .find(|c: char| c.is_ascii_alphabetic())
        .expect("a unit");
    let number: f64 = value[..split].parse().expect("a number");
    match &value[split..] {
        "us" => number / 1000.0,
        "ms" => number,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        unit => panic!("unknown wrk unit {unit}"),
    }
}
