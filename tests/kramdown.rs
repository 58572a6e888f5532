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
