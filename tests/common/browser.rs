//! Headless Chromium driven over W3C WebDriver (chromedriver on 127.0.0.1, JSON over
//! HTTP), for the browser tests. Needs Debian's `chromium` and `chromium-driver`
//! (`scripts/test.sh` installs them); fails loudly when they are missing.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http;

/// How long the page may take to show a change.
pub const CHANGE_TIMEOUT: Duration = Duration::from_secs(20);

/// A chromedriver process and one headless Chromium session; both end on drop.
pub struct Browser {
    driver: Child,
    address: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub fn start() -> Browser {
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

    /// Sends a WebDriver command (a `Null` body: none) and returns its `value`,
    /// panicking on an error.
    pub fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (!body.is_null()).then(|| body.to_string());
        let response = http::request(self.address, method, path, body.as_deref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let reply: Value = serde_json::from_slice(&response.body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", response.text()));
        assert_eq!(response.status, 200, "{method} {path}: {reply}");
        reply["value"].clone()
    }

    /// Navigates to `url`.
    pub fn open(&self, url: &str) {
        let path = format!("/session/{}/url", self.session);
        self.command("POST", &path, json!({ "url": url }));
    }

    /// The handle of the window (tab) commands go to.
    pub fn current_window(&self) -> String {
        let path = format!("/session/{}/window", self.session);
        let handle = self.command("GET", &path, Value::Null);
        handle.as_str().expect("a window handle").to_string()
    }

    /// Opens a new tab and returns its handle (commands still go to the current one).
    pub fn new_window(&self) -> String {
        let path = format!("/session/{}/window/new", self.session);
        let created = self.command("POST", &path, json!({ "type": "tab" }));
        created["handle"]
            .as_str()
            .expect("a window handle")
            .to_string()
    }

    /// Sends the next commands to the window `handle`.
    pub fn switch_to(&self, handle: &str) {
        let path = format!("/session/{}/window", self.session);
        self.command("POST", &path, json!({ "handle": handle }));
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub fn run(&self, script: &str) -> Value {
        let path = format!("/session/{}/execute/sync", self.session);
        self.command("POST", &path, json!({ "script": script, "args": [] }))
    }

    /// Waits until `script` returns `true` in the page.
    pub fn wait_for(&self, what: &str, script: &str) {
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

/// Polls `condition` until it holds, panicking after `timeout`.
pub fn wait_until(timeout: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The first of `names` found on `PATH`.
pub fn find_program(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
            .map(|found| found.display().to_string())
    })
}
