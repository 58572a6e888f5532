//! A real `coldstart serve` process on an ephemeral port over a scratch copy of the
//! fixture blog and probe theme, for the serve tests (HTTP and browser alike).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::copy_dir;
use super::http::{self, EventStream, Response};

/// How long the first build and the bind may take (a debug build, a cold cache).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A scratch project: the fixture blog in `src/`, the probe theme in `theme/`, then
/// changed by `prepare` (given the project folder).
pub fn scratch_project(prepare: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy_dir(&fixtures.join("blog"), &dir.path().join("src"));
    copy_dir(&fixtures.join("themes/probe"), &dir.path().join("theme"));
    // The serve tests break a build with invalid front matter (`title: [broken`),
    // which fails only with `strict_front_matter` (else Jekyll, and coldstart, warn).
    let config = dir.path().join("src/_config.yml");
    let settings = std::fs::read_to_string(&config).unwrap_or_default();
    std::fs::write(&config, format!("{settings}\nstrict_front_matter: true\n")).unwrap();
    prepare(dir.path());
    dir
}

/// Builds a [`scratch_project`] (`src/` with `theme/`) into its `out/_site`, as a user
/// would; panics with the output of a failed build. Returns what the build printed on
/// stderr (its warnings).
pub fn build_scratch(project: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(project)
        .args(["build", "-s", "src", "--theme", "theme", "-d", "out/_site"])
        .output()
        .expect("coldstart runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// A scratch project (`src/`, `theme/`) served by a child `coldstart serve`.
pub struct ServedProject {
    pub dir: tempfile::TempDir,
    child: Child,
    /// Where the server listens.
    pub address: SocketAddr,
    /// The site's URL as printed (`http://127.0.0.1:PORT/blog/`).
    pub url: String,
    /// The server's output lines, stdout and stderr merged.
    output: Receiver<String>,
}

impl ServedProject {
    /// Copies the fixture blog and the probe theme, lets `prepare` change them, then
    /// starts `coldstart serve --port 0` and waits for the URL it prints.
    pub fn start(prepare: impl FnOnce(&Path)) -> ServedProject {
        let dir = scratch_project(prepare);
        let working_dir = dir.path().to_path_buf();
        ServedProject::spawn(
            dir,
            &working_dir,
            Path::new(env!("CARGO_BIN_EXE_coldstart")),
            &["serve", "--port", "0", "-s", "src", "--theme", "theme"],
        )
    }

    /// Runs `program ARGS…` (a `coldstart serve`) in `working_dir` and waits for the
    /// URL it prints; `dir` (the scratch project) lives as long as the server.
    pub fn spawn(
        dir: tempfile::TempDir,
        working_dir: &Path,
        program: &Path,
        args: &[&str],
    ) -> ServedProject {
        let mut child = Command::new(program)
            .current_dir(working_dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start coldstart serve");
        let (sender, output) = channel();
        let streams: [Box<dyn std::io::Read + Send>; 2] = [
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for stream in streams {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        let mut project = ServedProject {
            dir,
            child,
            address: "127.0.0.1:1".parse().unwrap(),
            url: String::new(),
            output,
        };
        let line = project.wait_for_output("Serving at ", START_TIMEOUT);
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .expect("a URL in the serving line")
            .to_string();
        let authority = url["http://".len()..].split('/').next().unwrap();
        project.address = authority.parse().expect("a numeric address");
        project.url = url;
        project
    }

    /// [`ServedProject::start`] with extra files (project-relative path, contents).
    pub fn start_with_files(files: &[(&str, &str)]) -> ServedProject {
        ServedProject::start(|dir| {
            for (relative, contents) in files {
                std::fs::write(dir.join(relative), contents).unwrap();
            }
        })
    }

    /// A path under the scratch project.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Rewrites a file of the scratch project.
    pub fn write(&self, relative: &str, contents: &str) {
        std::fs::write(self.path(relative), contents).unwrap();
    }

    /// Replaces `from` by `to` in a file of the scratch project (it must occur).
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(relative)).unwrap();
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// `GET raw_path` on the server.
    pub fn get(&self, raw_path: &str) -> Response {
        http::get(self.address, raw_path)
    }

    /// A live-reload event stream.
    pub fn events(&self) -> EventStream {
        EventStream::connect(self.address, "/__coldstart/events")
    }

    /// Waits for an output line containing `needle`, panicking with the output so far
    /// when it does not come within `timeout`.
    pub fn wait_for_output(&mut self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(remaining) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => panic!(
                    "no {needle:?} from coldstart serve within {timeout:?}; output:\n{}\nexit: {:?}",
                    seen.join("\n"),
                    self.child.try_wait()
                ),
            }
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the exit, at most `timeout`.
    pub fn interrupt(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -INT failed");
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServedProject {
    /// Stops the server as a user does, with Ctrl-C, so that it stops its functions'
    /// warm processes too (a SIGKILL would leave them running); killed if it lingers.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let pid = self.child.id().to_string();
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
