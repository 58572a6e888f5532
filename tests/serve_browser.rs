//! `coldstart serve` in a real browser: headless Chromium driven over W3C WebDriver
//! (chromedriver on 127.0.0.1, JSON over HTTP). Editing files on disk must show in the
//! open page without a manual reload: text (scroll position kept), a stylesheet
//! (swapped without a reload), and a build error (an overlay, gone once fixed).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`scripts/test.sh` installs them);
//! fails loudly when they are missing.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::http;
use common::served::ServedProject;

/// How long the page may take to show a change.
const CHANGE_TIMEOUT: Duration = Duration::from_secs(20);

const POST_FILE: &str = "src/_posts/2023-01-10-first-post.md";

/// A chromedriver process and one headless Chromium session; both end on drop.
struct Browser {
    driver: Child,
    address: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let chromium = find_program(&["chromium", "chromium-browser"])
            .expect("chromium is not installed (apt-get install chromium chromium-driver)");
        let chromedriver = find_program(&["chromedriver"])
            .expect("chromedriver is not installed (apt-get install chromium-driver)");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            session: String::new(),
            _profile: profile,
        };
        wait_until(Duration::from_secs(20), "chromedriver to be ready", || {
            http::request(browser.address, "GET", "/status", None)
                .ok()
                .and_then(|r| serde_json::from_slice::<Value>(&r.body).ok())
                .is_some_and(|status| status["value"]["ready"] == true)
        });
        let user_data_dir = format!("--user-data-dir={}", browser._profile.path().display());
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=1000,700", user_data_dir],
            },
        }}});
        let created = browser.command("POST", "/session", capabilities);
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        browser
    }

    /// Sends a WebDriver command and returns its `value`, panicking on an error.
    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let response = http::request(self.address, method, path, Some(&body.to_string()))
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let reply: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", response.text()));
        assert_eq!(response.status, 200, "{method} {path}: {reply}");
        reply["value"].clone()
    }

    fn open(&self, url: &str) {
        let path = format!("/session/{}/url", self.session);
        self.command("POST", &path, json!({ "url": url }));
    }

    /// Runs `script` (a function body) in the page and returns its result.
    fn run(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        self.command("POST", &path, json!({ "script": script, "args": [] }))
    }

    /// Waits until `script` returns `true` in the page.
    fn wait_for(&self, what: &str, script: &str) {
        wait_until(CHANGE_TIMEOUT, what, || self.run(script) == true);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = http::request(self.address, "DELETE", &path, None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn an_open_page_follows_edits_without_a_manual_reload() {
    let served = ServedProject::start(|dir| {
        let post = dir.join(POST_FILE);
        let mut text = std::fs::read_to_string(&post).unwrap();
        for n in 1..=150 {
            text.push_str(&format!(
                "\nFiller paragraph {n}, to make the page scroll.\n"
            ));
        }
        std::fs::write(post, text).unwrap();
    });
    let browser = Browser::start();
    browser.open(&format!("{}2023/01/10/first-post/", served.url));
    assert_eq!(
        browser
            .run("return document.body.innerText.includes('The first paragraph is the excerpt.')"),
        true
    );
    browser.run("window.scrollTo(0, 1200); window.coldstartTestMarker = 'no reload yet';");

    // A text edit: the page reloads by itself, at the same scroll position.
    served.edit(
        POST_FILE,
        "The first paragraph",
        "The live-edited first paragraph",
    );
    browser.wait_for(
        "the edited text to appear",
        "return document.body.innerText.includes('The live-edited first paragraph')",
    );
    assert_eq!(
        browser.run("return window.coldstartTestMarker === undefined"),
        true,
        "the page was reloaded"
    );
    browser.wait_for(
        "the scroll position to be restored",
        "return Math.abs(window.scrollY - 1200) < 2",
    );

    // A stylesheet edit: swapped in place, no reload. (The probe theme links no
    // stylesheet, so the test adds the link.)
    browser.run(
        "const link = document.createElement('link'); link.rel = 'stylesheet';
         link.href = '/blog/assets/theme.css'; document.head.appendChild(link);
         window.coldstartTestMarker = 'css';",
    );
    browser.wait_for(
        "the theme stylesheet to apply",
        "return getComputedStyle(document.body).color === 'rgb(0, 0, 0)'",
    );
    served.write(
        "theme/static/assets/theme.css",
        "body { color: rgb(1, 2, 3); }\n",
    );
    browser.wait_for(
        "the edited stylesheet to apply",
        "return getComputedStyle(document.body).color === 'rgb(1, 2, 3)'",
    );
    assert_eq!(
        browser.run("return window.coldstartTestMarker"),
        "css",
        "a stylesheet change must not reload the page"
    );

    // A broken build: an overlay over the last good page, gone once fixed.
    served.edit(POST_FILE, "title: First Post", "title: [broken");
    browser.wait_for(
        "the error overlay",
        "const o = document.getElementById('coldstart-error-overlay');
         return !!o && o.shadowRoot.textContent.includes('Build failed')
             && o.shadowRoot.textContent.includes('2023-01-10-first-post.md')
             && !!o.shadowRoot.querySelector('[role=alertdialog]');",
    );
    served.edit(POST_FILE, "title: [broken", "title: First Post");
    browser.wait_for(
        "the overlay to go after the fix",
        "return document.readyState === 'complete'
             && !document.getElementById('coldstart-error-overlay')
             && document.body.innerText.includes('The live-edited first paragraph')",
    );
}

/// Polls `condition` until it holds, panicking after `timeout`.
fn wait_until(timeout: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The first of `names` found on `PATH`.
fn find_program(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
            .map(|found| found.display().to_string())
    })
}
