//! Integration tests for Liquid in content: the real `coldstart` binary builds small
//! sites written in a temporary folder, and its exit status, messages and output are
//! checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch Jekyll site in `src/`, built into `out/` with the bare parity theme.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A site holding `files` (path relative to the source, contents).
    fn with(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let path = dir.path().join("src").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        Site { dir }
    }

    fn out(&self, relative: &str) -> PathBuf {
        self.dir.path().join("out").join(relative)
    }

    fn read(&self, relative: &str) -> String {
        let path = self.out(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn build(&self) -> Output {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity/bare-theme");
        Command::new(env!("CARGO_BIN_EXE_coldstart"))
            .current_dir(self.dir.path())
            .args(["build", "-s", "src", "-d", "out", "--theme"])
            .arg(theme)
            .output()
            .unwrap()
    }

    fn build_ok(&self) {
        let output = self.build();
        assert!(
            output.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn build_err(&self) -> String {
        let output = self.build();
        assert!(!output.status.success(), "build unexpectedly succeeded");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

const POST: &str = "_posts/2024-01-02-a.md";
const POST_HTML: &str = "2024/01/02/a.html";

#[test]
fn missing_include_fails_with_file_line_and_chain_and_keeps_the_old_site() {
    let site = Site::with(&[
        (
            POST,
            "---\ntitle: A\n---\nIntro\n\n{% include outer.html %}\n",
        ),
        (
            "_includes/outer.html",
            "one\n{% include inner/missing.html x=1 %}\n",
        ),
    ]);
    std::fs::create_dir_all(site.out("")).unwrap();
    std::fs::write(site.out("keep.txt"), "previous build").unwrap();
    let stderr = site.build_err();
    assert!(
        stderr.contains("_includes/outer.html:2"),
        "names the include file and line:\n{stderr}"
    );
    assert!(
        stderr.contains("Could not locate the included file 'inner/missing.html'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("included from") && stderr.contains("2024-01-02-a.md:6"),
        "names the include chain with the post's own line:\n{stderr}"
    );
    assert_eq!(site.read("keep.txt"), "previous build");
    assert!(!site.out(POST_HTML).exists());
}

#[test]
fn self_including_include_is_an_error_not_a_crash() {
    let site = Site::with(&[
        (POST, "---\ntitle: A\n---\n{% include loop.html %}\n"),
        ("_includes/loop.html", "again {% include loop.html %}"),
    ]);
    let output = site.build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("does it include itself?"), "{stderr}");
    assert!(stderr.contains("loop.html"), "{stderr}");
}

#[test]
fn undefined_variables_render_empty() {
    let site = Site::with(&[(
        POST,
        "---\ntitle: A\n---\n[{{ page.missing }}|{{ nothing.deeper.still }}|{% if page.missing %}yes{% endif %}|{{ page.title }}]\n",
    )]);
    site.build_ok();
    assert!(
        site.read(POST_HTML).contains("<p>[|||A]</p>"),
        "{}",
        site.read(POST_HTML)
    );
}

#[test]
fn render_with_liquid_false_leaves_liquid_literal() {
    let site = Site::with(&[(
        POST,
        "---\ntitle: A\nrender_with_liquid: false\n---\nWrite {{ x }} and {% raw %}.\n",
    )]);
    site.build_ok();
    assert!(
        site.read(POST_HTML)
            .contains("Write {{ x }} and {% raw %}."),
        "{}",
        site.read(POST_HTML)
    );
}

#[test]
fn unknown_tag_stops_the_build_at_its_line() {
    let site = Site::with(&[(POST, "---\ntitle: A\n---\nok\n{% frobnicate %}\n")]);
    let stderr = site.build_err();
    assert!(stderr.contains("2024-01-02-a.md:5"), "{stderr}");
    assert!(stderr.contains("Unknown tag"), "{stderr}");
}
