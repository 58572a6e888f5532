//! Benchmark (not a test): from saving a post to its new text being in the open page's
//! DOM, in a real headless Chromium, over `coldstart serve`'s in-place reload (the
//! page fetches itself and morphs). Reports the median and the worst of N edits.
//!
//! The server runs in-process (`coldstart::serve::start` on 127.0.0.1, an ephemeral
//! port) over a scratch copy of the site; Chromium runs through chromedriver (Debian's
//! `chromium` and `chromium-driver`). The page watches its own DOM (a
//! `MutationObserver`) and notes the wall-clock time the edit's text appears; the
//! time is from just before the write to that moment, the same clock on both sides.
//! It covers the watcher's debounce, the incremental rebuild, the event, the page's
//! fetch, parse and morph.
//!
//! ```sh
//! # the embedded blog (content/, default theme)
//! cargo run --release --example morph_latency -- content default 20
//! # a 1,000-post corpus
//! python3 ../shared/bench/corpus.py 1000 /tmp/corpus
//! cargo run --release --example morph_latency -- /tmp/corpus/src ../shared/bench/bench-theme 20
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use coldstart::build;
use coldstart::config::{BuildOptions, Config};
use coldstart::output::Contents;
use coldstart::serve::{self, ServeOptions};

#[allow(dead_code)] // the benchmark needs only part of the browser client
#[path = "../tests/common/browser.rs"]
mod browser;
#[path = "../tests/common/files.rs"]
mod files;
#[allow(dead_code)] // the browser client needs only part of it
#[path = "../tests/common/http.rs"]
mod http;

/// Installed in the page: notes when the expected text first shows in the DOM.
const WATCH_DOM: &str = "window.coldstartSeenAt = null;
    window.coldstartExpected = arguments[0];
    if (!window.coldstartWatching) {
        window.coldstartWatching = true;
        new MutationObserver(() => {
            if (window.coldstartSeenAt === null && window.coldstartExpected
                && document.body.textContent.includes(window.coldstartExpected)) {
                window.coldstartSeenAt = Date.now();
            }
        }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
    }";

fn main() {
    let mut args = std::env::args().skip(1);
    let source = PathBuf::from(args.next().unwrap_or_else(|| "content".into()));
    let theme = args.next().unwrap_or_else(|| "default".into());
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("a number of edits"));
    assert!(
        source.join("_posts").is_dir(),
        "{} has no _posts/ (for a corpus: python3 ../shared/bench/corpus.py 1000 /tmp/corpus)",
        source.display()
    );
    let scratch = tempfile::tempdir().unwrap();
    let site = scratch.path().join("src");
    files::copy_dir(&source, &site);
    let (post, page) = a_post_and_its_page(&site, &theme);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let options = ServeOptions {
        build: BuildOptions {
            source: Some(site.clone()),
            theme: Some(theme.clone()),
            project_root: scratch.path().to_path_buf(),
            ..BuildOptions::default()
        },
        host: "127.0.0.1".into(),
        port: 0,
    };
    let server = runtime
        .block_on(serve::start(options, axum::Router::new()))
        .expect("start the server");
    let url = format!("{}{page}", server.url);
    println!("editing {} at {url}", post.display());

    let browser = browser::Browser::start();
    browser.open(&url);
    let mut latencies = Vec::with_capacity(edits);
    for edit in 0..edits {
        let marker = format!("Edited for the morph benchmark, pass {edit}.");
        let expected = serde_json::to_string(&marker).unwrap();
        browser.run(&WATCH_DOM.replace("arguments[0]", &expected));
        let mut text = std::fs::read_to_string(&post).unwrap();
        text.push_str(&format!("\n{marker}\n"));
        let written = now_ms();
        std::fs::write(&post, text).unwrap();
        let mut seen = 0.0;
        browser::wait_until(Duration::from_secs(60), "the edit in the DOM", || {
            seen = browser
                .run("return window.coldstartSeenAt")
                .as_f64()
                .unwrap_or(0.0);
            seen > 0.0
        });
        latencies.push(seen - written);
        // Let the watcher settle so each edit is measured on its own.
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(
        browser.run("return performance.getEntriesByType('navigation').length"),
        1
    );
    runtime.block_on(server.shutdown()).unwrap();

    latencies.sort_by(f64::total_cmp);
    println!(
        "save → new text in the DOM over {edits} edits: median {:.0} ms, worst {:.0} ms (best {:.0})",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1],
        latencies[0]
    );
}

/// The wall-clock time in milliseconds, as the page's `Date.now()` gives it.
fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// A post of the site (the middle one by name) and its page's path: the page among the
/// rendered outputs that holds a line only that post has (an excerpt list shows the
/// start of a post, never its end), the deepest such one.
fn a_post_and_its_page(site: &Path, theme: &str) -> (PathBuf, String) {
    let mut posts: Vec<PathBuf> = std::fs::read_dir(site.join("_posts"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    posts.sort();
    let post = posts[posts.len() / 2].clone();
    let probe = "Probe line to find the benchmark post page.";
    let original = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{original}\n{probe}\n")).unwrap();
    let options = BuildOptions {
        source: Some(site.to_path_buf()),
        theme: Some(theme.to_string()),
        project_root: site.parent().unwrap().to_path_buf(),
        ..BuildOptions::default()
    };
    let config = Config::load(&options).unwrap();
    let rendered = build::render_site(config).expect("a clean render");
    std::fs::write(&post, original).unwrap();
    let key = rendered
        .files
        .iter()
        .filter(|file| file.path.ends_with(".html"))
        .filter(|file| match &file.contents {
            Contents::Bytes(bytes) => String::from_utf8_lossy(bytes).contains(probe),
            Contents::CopyOf(_) => false,
        })
        .map(|file| file.path.clone())
        .max_by_key(|key| key.matches('/').count())
        .expect("a page showing the post");
    let page = key.strip_suffix("index.html").unwrap_or(&key).to_string();
    (post, page)
}
