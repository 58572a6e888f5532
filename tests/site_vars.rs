//! What a page's Liquid sees, checked against real Jekyll on
//! `tests/fixtures/jekyll-parity/site-vars`: `site.posts` with rendered `content` and
//! `excerpt` (a listing page and a Liquid `feed.xml`), `jekyll.*`, `site.pages`,
//! `site.html_pages`, `site.static_files`, `paginator`, and `redirect_from` files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::jekyll::{assert_parity, coldstart};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/site-vars")
}

/// The site built by real Jekyll and by coldstart (bare theme), in `work`, and what
/// coldstart printed on stderr.
fn build_both(work: &Path) -> (PathBuf, PathBuf, String) {
    let (jekyll_out, project_out) = (work.join("jekyll"), work.join("project"));
    let stderr = common::jekyll::build_both(&fixture(), &jekyll_out, &project_out);
    (jekyll_out, project_out, stderr)
}

/// A written file with the bare theme's markers dropped and whitespace runs folded
/// (the Markdown writer's indentation is not what these tests are about).
fn normalized(root: &Path, path: &str) -> String {
    let text = std::fs::read_to_string(root.join(path))
        .unwrap_or_else(|e| panic!("{path} in {}: {e}", root.display()));
    let text = text
        .replace("<!--CS-BODY-->", "")
        .replace("<!--/CS-BODY-->", "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts `path` reads the same in both outputs.
fn assert_same(outputs: &(PathBuf, PathBuf, String), path: &str) {
    assert_eq!(
        normalized(&outputs.1, path),
        normalized(&outputs.0, path),
        "{path}: coldstart (left) differs from Jekyll (right)"
    );
}

#[test]
fn site_vars_posts_match_jekyll() {
    assert_parity(&fixture());
}

#[test]
fn pages_see_posts_rendered_content_and_excerpts() {
    let work = tempfile::tempdir().unwrap();
    let outputs = build_both(work.path());
    assert_same(&outputs, "posts.html");
    assert_same(&outputs, "feed.xml");
    assert!(normalized(&outputs.1, "feed.xml").contains("&lt;em&gt;emphasis&lt;/em&gt;"));
}

/// The text of `path` in a rendered site.
fn rendered(site: &coldstart::build::RenderedSite, path: &str) -> String {
    let file = site.files.iter().find(|f| f.path == path).unwrap();
    match &file.contents {
        coldstart::output::Contents::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        coldstart::output::Contents::CopyOf(from) => {
            String::from_utf8_lossy(&std::fs::read(from).unwrap()).into_owned()
        }
    }
}

#[test]
fn a_post_edit_re_renders_the_pages_that_list_its_content() {
    use coldstart::build::{self, BuildCache};
    use coldstart::config::{BuildOptions, Config};
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&fixture(), &dir.path().join("src"));
    let config = || {
        Config::load(&BuildOptions {
            source: Some(dir.path().join("src")),
            theme: Some(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default")
                    .display()
                    .to_string(),
            ),
            project_root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    };
    let time = chrono::Utc::now();
    let mut cache = BuildCache::new(time);
    build::render_site_incremental(config(), &[], &mut cache).unwrap();
    let post = dir.path().join("src/_posts/2021-01-01-first.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replace("*first*", "**strength**")).unwrap();
    let incremental = build::render_site_incremental(config(), &[post], &mut cache).unwrap();
    let clean = build::render_site_incremental(config(), &[], &mut BuildCache::new(time)).unwrap();
    for path in ["posts.html", "feed.xml", "page2/index.html"] {
        let page = rendered(&incremental, path);
        assert!(
            page.contains("strength") || path.contains("page2"),
            "{path}: {page}"
        );
        assert_eq!(page, rendered(&clean, path), "{path}");
    }
    let paths = |site: &build::RenderedSite| {
        site.files
            .iter()
            .map(|f| f.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&incremental), paths(&clean));
    for file in clean.files.iter() {
        assert_eq!(
            rendered(&incremental, &file.path),
            rendered(&clean, &file.path),
            "{}",
            file.path
        );
    }
}

#[test]
fn redirect_files_land_where_jekyll_writes_them() {
    let work = tempfile::tempdir().unwrap();
    let outputs = build_both(work.path());
    for root in [&outputs.0, &outputs.1] {
        assert!(root.join("old.pdf").is_file(), "{}", root.display());
        assert!(!root.join("old.pdf.html").exists(), "{}", root.display());
        assert!(root.join("café/index.html").is_file(), "{}", root.display());
    }
    assert!(!outputs.2.contains("also writes"), "{}", outputs.2);
    assert_eq!(
        std::fs::read_to_string(outputs.1.join("redirects.json")).unwrap(),
        std::fs::read_to_string(outputs.0.join("redirects.json")).unwrap()
    );
}

#[test]
fn jekyll_site_pages_and_static_files_read_as_in_jekyll() {
    let work = tempfile::tempdir().unwrap();
    let outputs = build_both(work.path());
    assert_same(&outputs, "vars.html");
    let vars = normalized(&outputs.1, "vars.html");
    assert!(
        vars.contains("environment development version 4.3.1"),
        "{vars}"
    );
    assert!(vars.contains("<li>/page2/ index.html</li>"), "{vars}");
}

#[test]
fn the_paginated_page_sees_its_paginator() {
    let work = tempfile::tempdir().unwrap();
    let outputs = build_both(work.path());
    assert_same(&outputs, "index.html");
    assert_same(&outputs, "page2/index.html");
    assert!(normalized(&outputs.1, "page2/index.html").contains("page 2 of 2"));
}

#[test]
fn jekyll_env_sets_the_environment() {
    let work = tempfile::tempdir().unwrap();
    let project = Command::new(coldstart())
        .args(["build", "--source"])
        .arg(fixture())
        .arg("--destination")
        .arg(work.path())
        .arg("--theme")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity/bare-theme"))
        .env("JEKYLL_ENV", "production")
        .output()
        .unwrap();
    assert!(project.status.success());
    assert!(normalized(work.path(), "vars.html").contains("environment production"));
}
