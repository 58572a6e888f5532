//! jekyll-archives against real Jekyll (Debian's build of the plugin 2.2): tag,
//! category, year, month and day pages in the site's own layouts, with per-type
//! layouts and permalinks, and `site.pages` listing them in the plugin's order.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::jekyll::{assert_site_parity, coldstart, require_jekyll};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/archives")
}

/// `enabled: all`: every archive page (slugs of `Hello World`, `C++`, `Café`; folder
/// and front-matter categories; `Rust` and `rust` writing the same page; months and
/// days newest first within their year) matches Jekyll's, with `page.type`, `title`,
/// `date`, `posts`, `name`, `path`, `url` and `permalink`, and the home page's list
/// of `site.pages`.
#[test]
fn archive_pages_match_jekyll() {
    assert_site_parity(&fixture());
}

/// A type whose layout does not exist: its pages are written empty, as Jekyll writes
/// them, with Jekyll's warning given once for all of them.
#[test]
fn a_missing_archive_layout_is_one_warning() {
    require_jekyll();
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(coldstart())
        .args(["build", "--source"])
        .arg(fixture())
        .arg("--destination")
        .arg(out.path())
        .output()
        .expect("coldstart runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "coldstart failed:\n{stderr}");
    let warnings: Vec<&str> = (stderr.lines())
        .filter(|line| line.contains("Layout 'no-such-layout'"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("2023/03/index.html (and 3 other archive pages)"));
    let month = std::fs::read(out.path().join("2024/02/index.html")).unwrap();
    assert!(month.is_empty());
}
