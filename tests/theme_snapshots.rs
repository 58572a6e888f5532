//! The embedded blog (`content/`) through the default tera theme, page by page, as
//! reviewed snapshots (`tests/snapshots/`): the home page, a post with its table of
//! contents, highlighted code and series box, a tag page, and the Atom feed. A change
//! to any of them shows as a diff to review (`cargo insta review`) instead of passing
//! a list of `contains` checks.
//!
//! What a build cannot repeat is masked before the comparison: the demos' recording
//! notes (time, duration, interpreter), a function's process id, the footer's year and
//! the feed's build time.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

/// The blog, built once for every test of this file.
static BUILT: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(common::jekyll::coldstart())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "-d"])
        .arg(out.path().join("site"))
        .output()
        .expect("coldstart runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
});

/// A written file of the built blog.
fn page(path: &str) -> String {
    let file: PathBuf = BUILT.path().join("site").join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Compares `text` with the snapshot `name`, with what changes from build to build masked.
fn assert_page_snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(
        r#"<span class="demo-provenance">[^<]*</span>"#,
        r#"<span class="demo-provenance">[when, how long, which interpreter]</span>"#,
    );
    settings.add_filter(r#""pid": \d+"#, r#""pid": [pid]"#);
    settings.add_filter(r"© \d{4}", "© [year]");
    settings.add_filter(r#"(hreflang="en" />\s*<updated>)[^<]*"#, "${1}[build time]");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn home_page() {
    assert_page_snapshot("home", &page("index.html"));
}

#[test]
fn post_with_toc_highlighting_and_series_box() {
    assert_page_snapshot("post", &page("serverless/a-first-function/index.html"));
}

#[test]
fn tag_page() {
    assert_page_snapshot("tag", &page("tags/openfaas/index.html"));
}

/// The feed is one line of XML; one element a line makes its snapshot reviewable.
#[test]
fn feed() {
    assert_page_snapshot("feed", &page("feed.xml").replace("><", ">\n<"));
}
