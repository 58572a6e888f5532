//! Differential tests of kramdown's HTML handling, link URLs and code highlighting
//! against real Jekyll (see `tests/common/jekyll.rs`): block HTML that ends at its
//! closing tag, span elements that keep their content, URLs with spaces, and code split
//! into the words Rouge's spans give.

mod common;

use std::path::PathBuf;

use common::jekyll::assert_parity;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

#[test]
fn kramdown_html_fixture_matches_jekyll() {
    assert_parity(&fixture("kramdown-html"));
}

/// `{::options parse_block_html="true" /}` switches kramdown to parse Markdown inside
/// block HTML from that line on: the links inside such blocks are links in both
/// builds, and the block before the switch keeps its text as written in both.
#[test]
fn parse_block_html_switched_on_by_an_options_line_matches_jekyll() {
    let out = tempfile::tempdir().unwrap();
    let (jekyll, project) = (out.path().join("jekyll"), out.path().join("project"));
    common::jekyll::build_both(&fixture("kramdown-html"), &jekyll, &project);
    let page = "2024/07/01/parse-block-html-option.html";
    for side in [&jekyll, &project] {
        let html = std::fs::read_to_string(side.join(page)).unwrap();
        for link in ["https://example.com/1", "https://example.com/guide"] {
            assert!(
                html.contains(&format!("href=\"{link}\"")),
                "{}: no link to {link}:\n{html}",
                side.display()
            );
        }
        assert!(
            html.contains("[not a link](https://example.com/before)"),
            "{}",
            side.display()
        );
    }
}
