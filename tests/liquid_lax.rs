//! Liquid as Jekyll runs it by default (`error_mode: warn`): what Jekyll only warns
//! about builds, with Jekyll's output, checked against real Jekyll on the
//! `liquid-lax` fixture.

mod common;

use std::path::PathBuf;

use common::jekyll::assert_parity;

#[test]
fn liquid_lax_fixture_matches_jekyll() {
    assert_parity(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/liquid-lax"),
    );
}
