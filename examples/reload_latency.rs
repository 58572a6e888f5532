//! Benchmark (not a test): how long from saving a post to the browser being told to
//! reload, on the 1,000-post benchmark corpus.
//!
//! The server runs in-process (`coldstart::serve::start` on 127.0.0.1, an ephemeral
//! port) over a scratch copy of the corpus; a real SSE client listens on a socket.
//! Each edit appends a line to a different post; the time is from just before the
//! write to the `reload` event arriving on the socket. That includes the watcher's
//! debounce (5 ms), the incremental rebuild, the diff of old and new site, and
//! delivery. For comparison, the same run then times three clean in-memory renders
//! (`build::render_site`) of the same site: what every save cost before rebuilds were
//! incremental.
//!
//! ```sh
//! python3 ../shared/bench/corpus.py 1000 /tmp/corpus
//! cargo run --release --example reload_latency -- /tmp/corpus/src ../shared/bench/bench-theme 21
//! ```
//!
//! Measured on the 2-core development box (noisy; `COLDSTART_TIMINGS=1` prints each
//! rebuild's phases): write → reload median 27.8 ms (min 20.5, max 63.0) over 21
//! edits; clean render in the same run: median 860 ms, 31× the incremental median (the
//! next run: 24.1 ms, min 20.9, max 69.6; clean 867 ms).
//! Before: 105.8 ms with the first incremental rebuilds (which deep-copied every
//! unchanged post's data a few times per rebuild), 2,316 ms before incremental
//! rebuilds. The target is 50 ms. The max is an edit to a part of the corpus's
//! 100-part series: every part lists the others' excerpts, so all 100 re-render.
//! An edit to another post spends ~15–20 ms in the rebuild (loading 4, the edited
//! body 1–4, page values 3, themed pages 3, feed/sitemap/files 3), plus the 5 ms
//! debounce.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coldstart::build;
use coldstart::config::{BuildOptions, Config};
use coldstart::serve::{self, ServeOptions};

#[path = "../tests/common/files.rs"]
mod files;
#[allow(dead_code)] // the benchmark needs only the event stream
#[path = "../tests/common/http.rs"]
mod http;
use files::copy_dir;

fn main() {
    let mut args = std::env::args().skip(1);
    let source = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/corpus/src".into()));
    let theme = args.next().unwrap_or_else(|| "default".into()); // the embedded theme; the README's figure uses bench-theme
    let edits: usize = args
        .next()
        .map_or(21, |n| n.parse().expect("a number of edits"));
    assert!(
        source.join("_posts").is_dir(),
        "{} has no _posts/: run `python3 ../shared/bench/corpus.py 1000 /tmp/corpus` first",
        source.display()
    );

    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("src");
    copy_dir(&source, &site);
    let mut posts: Vec<PathBuf> = std::fs::read_dir(site.join("_posts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    posts.sort();

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let build_options = BuildOptions {
        source: Some(site.clone()),
        theme: Some(theme.clone()),
        project_root: scratch.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let options_for_full_render = build_options.clone();
    let options = ServeOptions {
        build: build_options,
        host: "127.0.0.1".into(),
        port: 0,
    };
    let started = Instant::now();
    let server = runtime
        .block_on(serve::start(options, axum::Router::new()))
        .expect("start the server");
    println!(
        "first build + start: {} ms ({} posts)",
        started.elapsed().as_millis(),
        posts.len()
    );
    let mut events = http::EventStream::connect(server.address, "/__coldstart/events");

    let mut latencies = Vec::with_capacity(edits);
    for edit in 0..edits {
        let post = &posts[(edit * 37) % posts.len()];
        let mut text = std::fs::read_to_string(post).unwrap();
        text.push_str(&format!("\nEdited for the benchmark, pass {edit}.\n"));
        let written = Instant::now();
        std::fs::write(post, text).unwrap();
        loop {
            let event = events
                .next(Duration::from_secs(60))
                .expect("a live-reload event within 60 s");
            if event.name == "reload" {
                break;
            }
            assert_ne!(event.name, "error", "the build failed: {}", event.data);
        }
        latencies.push(written.elapsed());
        // Let the watcher settle so each edit is measured on its own.
        std::thread::sleep(Duration::from_millis(300));
    }
    runtime.block_on(server.shutdown()).unwrap();

    let mut full_renders: Vec<Duration> = (0..3)
        .map(|_| {
            let config = Config::load(&options_for_full_render).unwrap();
            let started = Instant::now();
            build::render_site(config).expect("a clean render");
            started.elapsed()
        })
        .collect();
    full_renders.sort();

    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "\nwrite → reload event over {edits} edits: median {:.1} ms (min {:.1}, max {:.1})",
        ms(latencies[latencies.len() / 2]),
        ms(latencies[0]),
        ms(latencies[latencies.len() - 1]),
    );
    let median = latencies[latencies.len() / 2];
    let full = full_renders[full_renders.len() / 2];
    println!(
        "clean render of the same site, median of {}: {:.1} ms ({:.0}x the incremental median)",
        full_renders.len(),
        ms(full),
        ms(full) / ms(median),
    );
    println!(
        "reproduce: python3 ../shared/bench/corpus.py 1000 /tmp/corpus && \
         cargo run --release --example reload_latency -- {} {theme} {edits}",
        source.display()
    );
}
