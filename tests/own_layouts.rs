//! A Jekyll site rendered through its OWN Liquid layouts (no `--theme`), against real
//! Jekyll: layout chains with merged `layout.*`, includes with parameters, `page`
//! variables (`path`, `name`, `dir`, `previous`/`next`), jekyll-paginate's pages and
//! a site's own `feed.xml`; and what coldstart says about layouts that fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::jekyll::{assert_site_parity, coldstart, require_jekyll};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

/// Runs `coldstart build` on `source` into `out`: (success, stdout, stderr).
fn build(source: &Path, out: &Path) -> (bool, String, String) {
    let output = Command::new(coldstart())
        .arg("build")
        .arg("--source")
        .arg(source)
        .arg("--destination")
        .arg(out)
        .output()
        .expect("coldstart runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_blog_in_its_own_layouts_matches_jekyll_page_for_page() {
    assert_site_parity(&fixture("own-layouts-blog"));
}

#[test]
fn the_sites_own_feed_is_written_as_jekyll_writes_it() {
    require_jekyll();
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("src");
    common::copy_dir(&fixture("own-layouts-blog"), &source);
    let jekyll = Command::new("jekyll")
        .args(["build", "-q", "-s"])
        .arg(&source)
        .arg("-d")
        .arg(work.path().join("jekyll"))
        .status()
        .expect("jekyll runs");
    assert!(jekyll.success());
    let (ok, stdout, stderr) = build(&source, &work.path().join("project"));
    assert!(ok, "{stdout}{stderr}");
    let read = |side: &str| {
        let text = std::fs::read_to_string(work.path().join(side).join("feed.xml")).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(read("project"), read("jekyll"));
    assert!(
        stdout.contains("with the site's own Liquid layouts"),
        "the summary says which layouts were used: {stdout}"
    );
    for tera_only in ["tags", "archive", "assets/css/syntax.css", "sitemap.xml"] {
        assert!(
            !work.path().join("project").join(tera_only).exists(),
            "{tera_only} is not a page of this Jekyll site"
        );
    }
}

#[test]
fn a_layout_error_names_the_layout_line_and_the_document() {
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("src");
    common::copy_dir(&fixture("own-layouts-blog"), &source);
    std::fs::write(
        source.join("_layouts/page.html"),
        "---\nlayout: default\n---\n<p>fine</p>\n{% include missing.html %}\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = build(&source, &work.path().join("project"));
    assert!(!ok, "a missing include fails the build: {stdout}");
    assert!(stderr.contains("_layouts/page.html:5"), "{stderr}");
    assert!(
        stderr.contains("(while rendering ") && stderr.contains(".md)"),
        "the document being rendered is named: {stderr}"
    );
    assert!(!work.path().join("project").exists(), "nothing is written");
}

#[test]
fn a_missing_layout_warns_once_and_renders_the_body_alone() {
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("src");
    common::copy_dir(&fixture("own-layouts-blog"), &source);
    std::fs::write(source.join("odd.md"), "---\nlayout: nowhere\n---\n# Odd\n").unwrap();
    let out = work.path().join("project");
    let (ok, stdout, stderr) = build(&source, &out);
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(
        stderr
            .matches("Layout 'nowhere' requested in odd.md does not exist")
            .count(),
        1,
        "{stderr}"
    );
    let odd = std::fs::read_to_string(out.join("odd/index.html")).unwrap();
    assert_eq!(odd.trim(), "<h1 id=\"odd\">Odd</h1>");
}

#[test]
fn the_blog_without_layouts_keeps_the_default_theme() {
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join("src");
    common::copy_dir(&fixture("own-layouts-blog"), &source);
    std::fs::remove_dir_all(source.join("_layouts")).unwrap();
    let (ok, stdout, stderr) = build(&source, &work.path().join("project"));
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("with the default theme"), "{stdout}");
}

/// A site on a `remote_theme:` without `_layouts/`: coldstart never fetches the theme,
/// so, as Jekyll without jekyll-remote-theme, it writes every page without its missing
/// layout (not in coldstart's own theme), with a warning.
#[test]
fn a_remote_theme_site_is_written_without_the_theme_as_jekyll_writes_it() {
    assert_site_parity(&fixture("remote-theme-unfetched"));
    let work = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = build(&fixture("remote-theme-unfetched"), work.path());
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stderr.contains("remote_theme: mmistakes/minimal-mistakes"),
        "{stderr}"
    );
    assert!(!stdout.contains("with the default theme"), "{stdout}");
}

/// `paginate` without jekyll-paginate in `plugins`: Jekyll gives no paginator and writes
/// no pager pages; neither does coldstart, which says why.
#[test]
fn paginate_without_the_plugin_paginates_nothing() {
    assert_site_parity(&fixture("paginate-unlisted"));
}
