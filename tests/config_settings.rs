//! The settings `config` types once, checked against real Jekyll: values Jekyll accepts,
//! odd as they are (an unknown time zone, a page count written as a string, kramdown's
//! string forms), still build, with the same URLs, heading ids, links and text.

mod common;

use std::path::PathBuf;

use common::jekyll::assert_parity;

#[test]
fn settings_jekyll_accepts_build_as_in_jekyll() {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/settings");
    assert_parity(&fixture);
}
