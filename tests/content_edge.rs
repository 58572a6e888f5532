//! What Jekyll accepts in content and configuration, checked against real Jekyll on
//! `tests/fixtures/jekyll-parity/content-edge`: repeated YAML keys, a permalink that
//! climbs out of the destination, Ruby-style dates, `collections:` as a list, file
//! names with trailing dots, a `.yml` file in `_posts/`, an excerpt cut inside a block.

mod common;

use std::path::{Path, PathBuf};

use common::jekyll::{assert_parity, build_both};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/content-edge")
}

#[test]
fn content_edge_fixture_matches_jekyll() {
    assert_parity(&fixture());
}

#[test]
fn files_land_where_jekyll_writes_them_and_warnings_name_the_line() {
    let work = tempfile::tempdir().unwrap();
    // The destination is nested, so a file written outside it would be seen.
    let (jekyll_out, project_out) = (work.path().join("j/site"), work.path().join("p/site"));
    let stderr = build_both(&fixture(), &jekyll_out, &project_out);
    let jekyll_files = common::files_under(&jekyll_out);
    let project_files = common::files_under(&project_out);
    for expected in [
        "baddie.html",
        "trailing.html",
        "2018/10/12/trailing-dots.html",
        "2023/01/29/odd-date.html",
        "assets/icons.svg",
    ] {
        assert!(
            jekyll_files.contains(&expected.to_string()),
            "{jekyll_files:?}"
        );
        assert!(
            project_files.contains(&expected.to_string()),
            "{project_files:?}"
        );
    }
    assert!(!project_files.iter().any(|f| f.contains("wrong-extension")));
    let outside = common::files_under(&work.path().join("p"));
    assert!(
        outside.iter().all(|f| f.starts_with("site/")),
        "{outside:?}"
    );
    let once = |needle: &str| {
        assert_eq!(
            stderr.matches(needle).count(),
            1,
            "{needle:?} in:\n{stderr}"
        );
    };
    once("_config.yml:6: warning: `title` is given twice");
    once("2023-01-29-odd-date.md:4: warning: `title` is given twice");
    once("exploit.md:2: warning: the URL `/%2e%2e/%2e%2e/%2e%2e/baddie.html` climbs above");
    once("2020-01-01-open-block.md:6: warning: Excerpt modified");
    once("2021-03-27-broken-front-matter.md:2:19: warning: invalid front matter, read as none");
    let broken = "/2021-03-27-broken-front-matter.html";
    assert!(
        jekyll_files.iter().any(|f| f.ends_with(broken)),
        "{jekyll_files:?}"
    );
    assert!(
        project_files.iter().any(|f| f.ends_with(broken)),
        "{project_files:?}"
    );
}

/// A posts folder listed in `include` is read as posts and, again, as ordinary pages
/// (`_posts/2017/2017-01-02-first/index.html`), as Jekyll reads it.
#[test]
fn an_included_posts_folder_is_read_as_posts_and_as_pages() {
    common::jekyll::assert_site_parity(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/posts-included"),
    );
}
