//! The demo widget in a real headless Chromium: one click on a function that times
//! out is exactly one invocation (no browser retry); a warm function's history
//! shows the cold call, then the warm one; a published page on a static host with
//! no gateway keeps its recording when Run is pressed.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

mod common;
use common::browser::{Browser, wait_until};
use common::copy_dir;
use common::served::{ServedProject, build_scratch, scratch_project};

const DEMO_POST: &str = "src/_posts/2024-02-01-demo.md";

/// The warm fixture's functions, a `slow` one that counts its invocations in a
/// file of the project, the widget script, and a post with their demos.
fn add_functions(project: &Path) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &repo.join("tests/fixtures/functions-warm/_functions"),
        &project.join("src/_functions"),
    );
    let count = project.join("invocations");
    std::fs::write(
        project.join("src/_functions/scripts/count-and-hang.sh"),
        "echo call >> \"$COUNT_FILE\"\nsleep 30\n",
    )
    .unwrap();
    let stack = project.join("src/_functions/stack.yml");
    let mut text = std::fs::read_to_string(&stack).unwrap();
    text.push_str(&format!(
        "  slow:\n    lang: dockerfile\n    handler: ./scripts\n    fprocess: sh ./count-and-hang.sh\n    environment:\n      exec_timeout: 1s\n      COUNT_FILE: {}\n",
        count.display()
    ));
    std::fs::write(&stack, text).unwrap();
    let js_dir = project.join("theme/static/assets/js");
    std::fs::create_dir_all(&js_dir).unwrap();
    std::fs::copy(
        repo.join("themes/default/static/assets/js/demo.js"),
        js_dir.join("demo.js"),
    )
    .unwrap();
    std::fs::write(
        project.join(DEMO_POST),
        "---\ntitle: Demo\npermalink: /demo/\n---\n{% demo slow %}\n\n{% demo warm-py input=\"hello\" %}\n\n{% demo warm-py warm-node input=\"side by side\" %}\n",
    )
    .unwrap();
}

fn click(browser: &Browser, widget: &str) {
    browser.wait_for(
        "demo.js to show the Run button",
        &format!(
            "const b = document.querySelector('#{widget} .demo-run'); return !!b && !b.hidden;"
        ),
    );
    browser.run(&format!(
        "document.querySelector('#{widget} .demo-run').click();"
    ));
}

#[test]
fn one_click_on_a_timing_out_function_is_one_invocation() {
    let served = ServedProject::start(add_functions);
    let browser = Browser::start();
    browser.open(&format!("{}demo/", served.url));
    click(&browser, "demo-slow-1");
    browser.wait_for(
        "the timeout to be shown",
        "return document.querySelector('#demo-slow-1').dataset.demoStatus === '504';",
    );
    // A browser that retried would have started the function again by now.
    std::thread::sleep(Duration::from_secs(3));
    let count = std::fs::read_to_string(served.path("invocations")).unwrap_or_default();
    assert_eq!(count.lines().count(), 1, "invocations: {count:?}");
}

#[test]
fn a_warm_functions_history_shows_the_cold_call_then_the_warm_one() {
    let served = ServedProject::start(add_functions);
    let browser = Browser::start();
    browser.open(&format!("{}demo/", served.url));
    click(&browser, "demo-warm-py-2");
    browser.wait_for(
        "the first run",
        "return document.querySelectorAll('#demo-warm-py-2 .demo-history li').length === 1;",
    );
    click(&browser, "demo-warm-py-2");
    browser.wait_for(
        "the second run",
        "return document.querySelectorAll('#demo-warm-py-2 .demo-history li').length === 2;",
    );
    let history = browser.run(
        "return Array.from(document.querySelectorAll('#demo-warm-py-2 .demo-history li')).map(li => li.textContent);",
    );
    let runs: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        runs[1].starts_with("cold") && runs[0].starts_with("warm"),
        "{runs:?}"
    );
    let facts =
        browser.run("return document.querySelector('#demo-warm-py-2 .demo-facts').textContent;");
    let facts = facts.as_str().unwrap();
    assert!(
        facts.contains("warm") && facts.contains("to first byte"),
        "{facts}"
    );
}

#[test]
fn a_comparison_runs_one_input_through_each_function() {
    let served = ServedProject::start(add_functions);
    let browser = Browser::start();
    browser.open(&format!("{}demo/", served.url));
    browser.wait_for(
        "the Run all button",
        "return !!document.querySelector('.demo-compare .demo-run-all');",
    );
    browser.run(
        "document.querySelector('#demo-warm-py-3 .demo-input').value = 'the same input';
         document.querySelector('.demo-compare .demo-run-all').click();",
    );
    browser.wait_for(
        "both functions to answer",
        "return document.querySelector('#demo-warm-py-3').dataset.demoStatus === '200'
            && document.querySelector('#demo-warm-node-4').dataset.demoStatus === '201';",
    );
    for widget in ["demo-warm-py-3", "demo-warm-node-4"] {
        let output = browser.run(&format!(
            "return document.querySelector('#{widget} .demo-output').textContent;"
        ));
        assert!(
            output.as_str().unwrap().contains("the same input"),
            "{widget}: {output}"
        );
    }
}

#[test]
fn a_published_page_without_a_gateway_keeps_its_recording() {
    let dir = scratch_project(add_functions);
    std::fs::write(
        dir.path().join(DEMO_POST),
        "---\ntitle: Demo\npermalink: /demo/\n---\n{% demo warm-py input=\"hello\" %}\n",
    )
    .unwrap();
    build_scratch(dir.path());

    // A real static host: Python's, which answers a POST with 501 and an HTML page,
    // serving the site under its baseurl (`/blog`).
    let root = dir.path().join("host");
    std::fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink(dir.path().join("out/_site"), root.join("blog")).unwrap();
    let mut host = Command::new("python3")
        .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 is installed (scripts/test.sh)");
    let mut line = String::new();
    BufReader::new(host.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split(" port ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
        .to_string();

    let browser = Browser::start();
    browser.open(&format!("http://127.0.0.1:{port}/blog/demo/"));
    let recorded =
        browser.run("return document.querySelector('#demo-warm-py-1 .demo-output').textContent;");
    let recorded = recorded.as_str().unwrap().to_string();
    assert!(recorded.contains("\"echo\": \"hello\""), "{recorded}");
    click(&browser, "demo-warm-py-1");
    browser.wait_for(
        "the widget to see there is no gateway",
        "return document.querySelector('#demo-warm-py-1').dataset.demoStatus === 'no-gateway';",
    );
    let after =
        browser.run("return document.querySelector('#demo-warm-py-1 .demo-output').textContent;");
    assert_eq!(after.as_str().unwrap(), recorded, "the recording stays");
    let status =
        browser.run("return document.querySelector('#demo-warm-py-1 .demo-status').textContent;");
    assert!(status.as_str().unwrap().contains("dev server"), "{status}");
    let _ = host.kill();
    let _ = host.wait();
    wait_until(Duration::from_secs(5), "the host to stop", || {
        host.try_wait().is_ok()
    });
}
