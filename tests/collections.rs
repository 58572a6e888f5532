//! Collections against real Jekyll: a `_docs` collection written under a custom
//! permalink (sorted by `sort_by`, with a static file and a dated document), a `_notes`
//! collection that is not written (listed from a post in its `order`), and a post
//! using `{% link _docs/… %}`, `site.collections` and `site.documents`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::jekyll::assert_parity;

fn fixture_named(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

fn fixture() -> PathBuf {
    fixture_named("collections")
}

/// The words of an HTML file's text (tags and comments dropped).
fn words(path: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(path).unwrap();
    let fragment = scraper::Html::parse_fragment(&html);
    let text: Vec<String> = fragment
        .root_element()
        .text()
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect();
    text
}

/// Builds `site` with Jekyll and coldstart (bare theme) into `work`.
fn build_both(site: &Path, work: &Path) -> (PathBuf, PathBuf) {
    let (jekyll_out, project_out) = (work.join("jekyll"), work.join("project"));
    common::jekyll::build_both(site, &jekyll_out, &project_out);
    (jekyll_out, project_out)
}

/// The post lists `site.notes` in `order`, links collection documents and files,
/// and counts `site.collections` and `site.documents` as Jekyll does.
#[test]
fn collections_fixture_matches_jekyll() {
    assert_parity(&fixture());
}

/// Every file Jekyll writes (documents under the custom permalink, the collection's
/// static file, nothing of the collection without `output`) is written by coldstart
/// at the same path, and each written document reads the same.
#[test]
fn collection_files_are_written_where_jekyll_writes_them() {
    let expected = assert_same_pages(&fixture());
    assert!(expected.contains("manual/guide/diagram.txt"));
    assert!(expected.contains("manual/history/index.html"));
}

/// Builds `site` both ways: every file Jekyll writes is written by coldstart, every
/// HTML file reads the same, and coldstart writes no HTML file Jekyll does not.
/// Returns Jekyll's files.
fn assert_same_pages(site: &Path) -> BTreeSet<String> {
    let work = tempfile::tempdir().unwrap();
    let (jekyll_out, project_out) = build_both(site, work.path());
    let written: BTreeSet<String> = common::files_under(&project_out).into_iter().collect();
    let expected: BTreeSet<String> = common::files_under(&jekyll_out).into_iter().collect();
    for path in &expected {
        assert!(written.contains(path), "coldstart did not write {path}");
    }
    for path in written.iter().filter(|p| p.ends_with(".html")) {
        assert!(expected.contains(path), "Jekyll does not write {path}");
        assert_eq!(
            words(&project_out.join(path)),
            words(&jekyll_out.join(path)),
            "{path} reads differently"
        );
    }
    expected
}

/// With `collections_dir`, posts and collections are read inside it (a `_posts` outside
/// is not read), and their `path` and categories are relative to it.
#[test]
fn collections_dir_fixture_matches_jekyll() {
    let site = fixture_named("collections-dir");
    assert_parity(&site);
    let expected = assert_same_pages(&site);
    assert!(expected.contains("es/2020/01/03/hola.html"));
}
