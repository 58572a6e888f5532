//! What a site's Liquid sees, as Jekyll gives it, checked against real Jekyll on
//! whole sites built with their own layouts (`tests/fixtures/jekyll-parity/…`):
//! `site.pages` and `site.html_pages` in Jekyll's reader order, the filters that sort
//! and group them, and what `{{ hash }}` prints.

mod common;

use std::path::{Path, PathBuf};

use common::jekyll::assert_site_parity;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

/// Pages named alike in many folders (`index.md`) listed, grouped and sorted as a
/// docs theme's navigation does (just-the-docs): the links come in Jekyll's order.
#[test]
fn pages_are_listed_sorted_and_grouped_in_jekylls_order() {
    assert_site_parity(&fixture("page-order"));
}

/// `{{ hash }}` prints Ruby's `inspect` in insertion order; `jsonify` and `inspect`
/// keep the order too. YAML merge keys (`<<: *defaults`, a list of them) merge as
/// Psych merges them (Minimal Mistakes' `ui-text.yml`).
#[test]
fn hashes_print_as_ruby_prints_them() {
    assert_site_parity(&fixture("hash-output"));
}

/// `site.baseurl` and `site.url` print as the configuration writes them (`baseurl: /`
/// stays `/`), and `relative_url` and `absolute_url` join them as Jekyll's filters do:
/// the path stripped of whitespace (`'/tags.html ' | relative_url`, YAT's tag links),
/// a post given its URL (`page.next | relative_url`, klise's navigation), and an empty
/// query or fragment dropped as Addressable does (`/tags/#` → `/tags/`).
#[test]
fn site_baseurl_and_url_print_as_written() {
    assert_site_parity(&fixture("baseurl-as-written"));
}

/// With a `url` that is a host alone and no `baseurl`, `'' | absolute_url` is the host
/// with the path `/`, as Addressable's `normalize` writes it.
#[test]
fn a_host_only_url_gets_the_root_path() {
    assert_site_parity(&fixture("host-only-url"));
}

/// `site.tags` and `site.categories` list their names in the order the oldest post
/// first names them, and each name's posts newest first (Jekyll's `post_attr_hash`):
/// the tag clouds that sort by count keep Jekyll's order among equal counts.
#[test]
fn tags_and_categories_are_grouped_in_jekylls_order() {
    assert_site_parity(&fixture("tag-order"));
}

/// `{% tablerow %}` with every kind of `cols` (0, "0", negative, text, a float), with
/// `limit` and `offset`, over nil, text, ranges and numbers: Ruby Liquid's rows, line
/// breaks and `tablerowloop`, and never a panic (liquid-lib's block divided by zero).
#[test]
fn tablerow_lays_out_cells_as_ruby_liquid_does() {
    assert_site_parity(&fixture("tablerow"));
}

/// A Sass page's source map page (`main.css.map`), which jekyll-sass-converter adds
/// to `site.pages` as it converts the Sass page: the pages rendered after it list it,
/// those before it do not.
#[test]
fn sass_source_maps_join_site_pages_as_jekyll_renders_them() {
    assert_site_parity(&fixture("source-map-pages"));
}

/// `slice` with offsets and lengths up to i64's bounds, negative, zero, as text and
/// nil, on text, numbers, arrays and nil: Ruby's `slice`, and never a panic
/// (liquid-lib's offset plus length overflowed).
#[test]
fn slice_cuts_as_ruby_does_whatever_the_numbers() {
    assert_site_parity(&fixture("slice"));
}
