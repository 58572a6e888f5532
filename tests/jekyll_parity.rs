//! Differential tests against real Jekyll: each fixture site (and the real Rust blog
//! corpus in `../shared`) is built by Jekyll and by coldstart with bare layouts, and
//! every post must have the same URL, heading ids, link targets and text.
//!
//! The comparison is `../shared/bench/parity.py`, the project's shared measure. Jekyll
//! is required: `scripts/test.sh` installs it; without it these tests fail loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parity_script() -> PathBuf {
    let script = repo().join("../shared/bench/parity.py");
    assert!(
        script.is_file(),
        "{} is missing: the shared folder must sit beside the repository",
        script.display()
    );
    script
}

fn require_jekyll() {
    let found = Command::new("jekyll")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`jekyll` is not installed: run scripts/test.sh (it installs Debian's jekyll) before cargo test"
    );
}

/// Runs the parity comparison of `site` with `binary`; returns (passed, output).
fn parity(site: &Path, binary: &Path) -> (bool, String) {
    require_jekyll();
    let output = Command::new("python3")
        .arg(parity_script())
        .arg(site)
        .arg(binary)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn coldstart() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_coldstart"))
}

fn assert_parity(site: &Path) {
    let (passed, output) = parity(site, &coldstart());
    assert!(passed, "{} differs from Jekyll:\n{output}", site.display());
    let last = output.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("parity urls="),
        "unexpected parity output:\n{output}"
    );
    let counts: Vec<&str> = last.split_whitespace().skip(1).collect();
    assert!(
        counts.iter().all(|c| !c.ends_with("=0/0")),
        "no post was compared:\n{output}"
    );
}

#[test]
fn kramdown_fixture_matches_jekyll() {
    assert_parity(&repo().join("tests/fixtures/jekyll-parity/kramdown"));
}

#[test]
fn permalinks_fixture_matches_jekyll() {
    assert_parity(&repo().join("tests/fixtures/jekyll-parity/permalinks"));
}

#[test]
fn dates_fixture_matches_jekyll() {
    assert_parity(&repo().join("tests/fixtures/jekyll-parity/dates"));
}

/// Includes with params (sub-folder and `{{ var }}` names), a series loop over
/// `site.posts` with `where`/`sort`/`forloop`, `capture`/`assign`, `post_url`,
/// `link`, `highlight`, `raw` and Jekyll's filters.
#[test]
fn liquid_fixture_matches_jekyll() {
    assert_parity(&repo().join("tests/fixtures/jekyll-parity/liquid"));
}

#[test]
fn rust_blog_2018_matches_jekyll_on_every_post() {
    let corpus = repo().join("../shared/corpora/rust-blog-2018");
    assert!(corpus.is_dir(), "{} is missing", corpus.display());
    let (passed, output) = parity(&corpus, &coldstart());
    assert!(passed, "rust-blog-2018 differs from Jekyll:\n{output}");
    assert!(output.contains("urls=89/89"), "{output}");
}

/// The comparison must be able to fail: a build whose heading ids differ from
/// Jekyll's is caught.
#[test]
fn parity_detects_a_wrong_heading_id() {
    let dir = tempfile::tempdir().unwrap();
    let wrapper = dir.path().join("coldstart-with-a-wrong-id");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nset -e\n'{}' \"$@\"\nout=''\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --destination ]; then out=\"$2\"; fi; shift; done\n\
             find \"$out\" -name '*.html' -exec sed -i 's/id=\"what-is-it\"/id=\"what-is-it-not\"/' {{}} +\n",
            coldstart().display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (passed, output) = parity(
        &repo().join("tests/fixtures/jekyll-parity/kramdown"),
        &wrapper,
    );
    assert!(!passed, "a wrong heading id went unnoticed:\n{output}");
    assert!(output.contains("ids"), "{output}");
}
