//! The site's functions end to end, with the real binary: `coldstart serve --port 0`
//! on a scratch copy of the fixture blog plus the functions fixture
//! (`tests/fixtures/functions/_functions`) and a post with `{% demo %}`; and
//! `coldstart build` writing the bundle and the recorded output; and a headless
//! Chromium pressing Run.
//!
//! Function processes are found by a marker: a request's `X-Test-Marker` header
//! becomes `Http_X_Test_Marker` in the environment of every process it starts.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::browser::{Browser, wait_until};
use common::copy_dir;
use common::http::{self, Response};
use common::processes::processes_with;
use common::served::{ServedProject, build_scratch, scratch_project};

const DEMO_POST: &str = "src/_posts/2024-02-01-demo.md";

/// The fixture's functions (plus `long-running`, which starts grandchildren and
/// sleeps for a minute), the widget script, and a post that demoes `echo` and
/// `json-echo`.
fn add_functions(project: &Path) {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(
        &fixtures.join("functions/_functions"),
        &project.join("src/_functions"),
    );
    let stack = project.join("src/_functions/stack.yml");
    let mut text = std::fs::read_to_string(&stack).unwrap();
    text.push_str(
        "  long-running:\n    lang: dockerfile\n    handler: ./scripts\n    fprocess: sh ./spawn-and-sleep.sh\n    environment:\n      exec_timeout: 60s\n",
    );
    std::fs::write(&stack, text).unwrap();
    let demo_js =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets/js/demo.js");
    let js_dir = project.join("theme/static/assets/js");
    std::fs::create_dir_all(&js_dir).unwrap();
    std::fs::copy(demo_js, js_dir.join("demo.js")).unwrap();
    std::fs::write(
        project.join(DEMO_POST),
        "---\ntitle: Demo\npermalink: /demo/\n---\nTry it.\n\n{% demo echo input=\"ping from the widget\" title=\"Echo\" %}\n\n{% demo json-echo input='{\"a\": 1}' %}\n",
    )
    .unwrap();
}

fn serve() -> ServedProject {
    ServedProject::start(add_functions)
}

/// POSTs `body` to `/function/NAME` with `headers`.
fn post(served: &ServedProject, name: &str, headers: &[(&str, &str)], body: &str) -> Response {
    http::request_with_headers(
        served.address,
        "POST",
        &format!("/function/{name}"),
        headers,
        Some(body),
    )
    .unwrap_or_else(|e| panic!("POST /function/{name}: {e}"))
}

fn own_origin(served: &ServedProject) -> String {
    format!("http://{}", served.address)
}

#[test]
fn the_dev_server_runs_functions_for_its_own_pages_only() {
    let mut served = serve();
    let origin = own_origin(&served);

    let answer = post(&served, "echo", &[("Origin", &origin)], "hello");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), "hello");
    let duration: f64 = answer
        .header("X-Duration-Seconds")
        .expect("X-Duration-Seconds")
        .parse()
        .unwrap();
    assert!(duration > 0.0 && duration < 10.0, "{duration}");
    served.wait_for_output("function echo 200", Duration::from_secs(5));

    let path_and_query = http::request_with_headers(
        served.address,
        "GET",
        "/function/env/items/3?a=1",
        &[],
        None,
    )
    .unwrap();
    assert_eq!(path_and_query.status, 200);
    assert!(path_and_query.text().contains("Http_Path=/items/3"));
    assert!(path_and_query.text().contains("Http_Query=a=1"));

    let foreign = post(
        &served,
        "echo",
        &[("Origin", "https://evil.example")],
        "hello",
    );
    assert_eq!(foreign.status, 403, "{}", foreign.text());
    let cross_site = post(&served, "echo", &[("Sec-Fetch-Site", "cross-site")], "x");
    assert_eq!(cross_site.status, 403, "{}", cross_site.text());
    let rebound_host = format!("evil.example:{}", served.address.port());
    let rebound = post(
        &served,
        "echo",
        &[
            ("Host", &rebound_host),
            ("Origin", &format!("http://{rebound_host}")),
        ],
        "hello",
    );
    assert_eq!(rebound.status, 403, "{}", rebound.text());
    served.wait_for_output("is not this server's", Duration::from_secs(5));

    let started = Instant::now();
    let slow = post(&served, "slow", &[("Origin", &origin)], "");
    assert_eq!(slow.status, 504, "{}", slow.text());
    assert_eq!(
        slow.header("connection"),
        Some("close"),
        "no browser retries it"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "killed at the timeout, not run to its end"
    );

    let page = served.get("/blog/demo/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<section class=\"demo\" id=\"demo-echo-1\""),
        "{html}"
    );
    assert!(html.contains("data-demo-url=\"/function/echo\""), "{html}");
    assert!(html.contains(">ping from the widget</textarea>"), "{html}");
    assert!(html.contains("id=\"demo-json-echo-2\""), "{html}");
    assert_eq!(
        html.matches("<script src=\"/blog/assets/js/demo.js\" defer></script>")
            .count(),
        1,
        "{html}"
    );
    assert!(
        !html.contains("Recorded at build time"),
        "served demos run live"
    );
}

#[test]
fn stack_edits_apply_without_a_restart() {
    let mut served = serve();
    served.edit(
        "src/_functions/stack.yml",
        "  echo:\n    lang: dockerfile\n    handler: ./echo\n    image: coldstart/echo:0.1\n    fprocess: cat",
        "  echo:\n    lang: dockerfile\n    handler: ./echo\n    image: coldstart/echo:0.1\n    fprocess: rev",
    );
    let answer = post(&served, "echo", &[], "abc\n");
    assert_eq!(answer.text(), "cba\n");
    served.wait_for_output("reloading the functions", Duration::from_secs(5));
}

#[test]
fn ctrl_c_leaves_no_function_process() {
    let mut served = serve();
    let marker = format!("ctrl-c-{}", std::process::id());
    let address = served.address;
    let caller_marker = marker.clone();
    let caller = std::thread::spawn(move || {
        http::request_with_headers(
            address,
            "POST",
            "/function/long-running",
            &[("X-Test-Marker", &caller_marker)],
            Some(""),
        )
    });
    wait_until(Duration::from_secs(10), "the function to start", || {
        !processes_with(&marker).is_empty()
    });
    let status = served
        .interrupt(Duration::from_secs(15))
        .expect("serve stops after Ctrl-C");
    assert!(status.success(), "{status:?}");
    let _ = caller.join();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !processes_with(&marker).is_empty() {
        assert!(
            Instant::now() < deadline,
            "function processes survive Ctrl-C: {:?}",
            processes_with(&marker)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn build_writes_the_bundle_and_the_recorded_output() {
    let dir = scratch_project(add_functions);
    std::fs::write(
        dir.path().join("src/_posts/2024-02-02-failing.md"),
        "---\ntitle: Failing\npermalink: /failing/\n---\n{% demo fail %}\n",
    )
    .unwrap();
    let stderr = build_scratch(dir.path());
    assert!(
        stderr.contains("2024-02-02-failing.md:5: warning:")
            && stderr.contains("`fail`")
            && stderr.contains("500"),
        "a failing recording is a located warning: {stderr}"
    );

    let bundle = dir.path().join("out/_functions_bundle");
    assert!(bundle.join("stack.yml").is_file());
    assert!(bundle.join("hello-python/handler.py").is_file());
    let readme = std::fs::read_to_string(bundle.join("README.md")).unwrap();
    assert!(readme.contains("location /function/"), "{readme}");
    assert!(!dir.path().join("out/_site/_functions").exists());

    let page = std::fs::read_to_string(dir.path().join("out/_site/demo/index.html")).unwrap();
    assert!(page.contains("Recorded at build time"), "{page}");
    assert!(
        page.contains("<code>ping from the widget</code>"),
        "the echo's recorded output: {page}"
    );
    assert!(page.contains("data-demo-recorded=\"true\""), "{page}");
}

#[test]
fn a_browser_runs_a_demo_and_shows_its_output_and_duration() {
    let served = serve();
    let browser = Browser::start();
    browser.open(&format!("{}demo/", served.url));
    browser.wait_for(
        "the Run button to be enabled by demo.js",
        "const b = document.querySelector('#demo-echo-1 .demo-run'); return !!b && !b.hidden;",
    );
    browser.run(
        "const input = document.querySelector('#demo-echo-1 .demo-input');
         input.value = 'typed in the browser';
         document.querySelector('#demo-echo-1 .demo-run').click();",
    );
    browser.wait_for(
        "the function's output",
        "return document.querySelector('#demo-echo-1 .demo-output').textContent === 'typed in the browser';",
    );
    let status =
        browser.run("return document.querySelector('#demo-echo-1 .demo-status').textContent");
    let status = status.as_str().unwrap();
    assert!(status.contains("HTTP 200"), "{status}");
    assert!(
        status.contains("ms in the function") && status.contains("ms round trip"),
        "{status}"
    );
}
