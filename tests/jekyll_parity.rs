//! Differential tests against real Jekyll: each fixture site is built by Jekyll and by
//! coldstart with bare layouts, and every post must have the same URL, heading ids, link
//! targets and text (`tests/common/jekyll.rs`). Jekyll is required: `scripts/test.sh`
//! installs it; without it these tests fail loudly.

mod common;

use std::path::PathBuf;

use common::jekyll::{assert_parity, coldstart, compare};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    let report = compare(
        &repo().join("tests/fixtures/jekyll-parity/kramdown"),
        &wrapper,
        &[],
    )
    .unwrap();
    assert!(
        report.differences.iter().any(|d| d.starts_with("ids ")),
        "a wrong heading id went unnoticed: {report:?}"
    );
}
