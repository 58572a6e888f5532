//! The Jekyll plugins coldstart emulates beyond the feed, SEO tags, sitemap and
//! redirects, each against real Jekyll with Debian's build of the plugin: a fixture
//! under `tests/fixtures/jekyll-parity/` lists the plugin in `_config.yml`, and both
//! its posts (bare layouts) and its whole pages (its own layouts) must match.

mod common;

use std::path::{Path, PathBuf};

use common::jekyll::{assert_parity, assert_site_parity, build_both};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

/// jekyll-relative-links with `collections: true`: inline and reference links to
/// pages, posts, collection documents and static files, from pages, posts and
/// documents (and the excerpts pages list); fragments, titles, `/`-rooted and `..`
/// paths; absolute URLs, fragments and missing files left alone.
#[test]
fn relative_links_in_every_document_match_jekyll() {
    let site = fixture("relative-links");
    assert_parity(&site);
    assert_site_parity(&site);
}

/// jekyll-relative-links by default: pages only (posts keep their `.md` links), the
/// URLs under `baseurl`.
#[test]
fn relative_links_in_pages_only_match_jekyll() {
    assert_site_parity(&fixture("relative-links-pages"));
}

/// `relative_links: enabled: false` turns the plugin off.
#[test]
fn relative_links_turned_off_match_jekyll() {
    assert_site_parity(&fixture("relative-links-off"));
}

/// jekyll-optional-front-matter with jekyll-readme-index: Markdown files without
/// front matter become pages (README, LICENSE left alone unless `include:` names
/// them), appended to `site.pages`; a README becomes its folder's index only where
/// the folder has none; the originals are still copied.
#[test]
fn optional_front_matter_and_readme_index_match_jekyll() {
    assert_site_parity(&fixture("optional-front-matter"));
}

/// jekyll-readme-index alone, with `remove_originals` and `with_frontmatter`: the
/// root README is the home page, a README page moves to its folder's URL.
#[test]
fn readme_index_settings_match_jekyll() {
    assert_site_parity(&fixture("readme-index"));
}

/// jekyll-default-layout: `home` for the page at `/`, `page` for other pages,
/// `post` for posts (`page.layout` names it); a `layout` key, `layout: null` and
/// HTML pages are left alone.
#[test]
fn default_layout_matches_jekyll() {
    assert_site_parity(&fixture("default-layout"));
}

/// jekyll-default-layout with only a `default` layout: every Markdown page and post
/// takes it.
#[test]
fn default_layout_falls_back_to_default_like_jekyll() {
    assert_site_parity(&fixture("default-layout-fallback"));
}

/// jekyll-titles-from-headings with `strip_title` and `collections`: titles from
/// `#`…`###` and Setext headings, Markdown and footnote marks removed, a page's own
/// title kept (a post's replaced), `strip_title: false` in front matter, excerpts
/// made from the stripped body.
#[test]
fn titles_from_headings_match_jekyll() {
    let site = fixture("titles-from-headings");
    assert_parity(&site);
    assert_site_parity(&site);
}

/// The GitHub Pages defaults together on a README-style site with no front matter
/// at all: optional front matter, README index, default layout, titles from
/// headings and relative links.
#[test]
fn github_pages_plugins_together_match_jekyll() {
    assert_site_parity(&fixture("github-pages-plugins"));
}

/// jekyll-seo-tag's `{% seo title=false %}`: every tag but `<title>`, so a layout
/// can write its own.
#[test]
fn seo_without_title_matches_jekyll() {
    assert_site_parity(&fixture("seo-title-false"));
}

/// A feed's title and the ids of the feed and its entries, in order: what says
/// which documents it lists.
fn feed_outline(out: &Path, path: &str) -> Vec<String> {
    let xml = std::fs::read_to_string(out.join(path))
        .unwrap_or_else(|e| panic!("{path} not written in {}: {e}", out.display()));
    let elements = [("<title type=\"html\">", "</title>"), ("<id>", "</id>")];
    let mut outline = Vec::new();
    let mut rest = xml.as_str();
    while let Some((start, open, close)) = elements
        .iter()
        .filter_map(|(open, close)| Some((rest.find(open)?, *open, *close)))
        .min()
    {
        let after = &rest[start + open.len()..];
        let end = after.find(close).expect("a closed element");
        outline.push(after[..end].to_string());
        rest = &after[end..];
    }
    outline
}

/// jekyll-feed's `feed: categories:` and `feed: collections:` (with their own
/// categories): one feed per category and per collection, each titled and listing
/// the documents Jekyll's lists, newest first.
#[test]
fn category_and_collection_feeds_match_jekyll() {
    let work = tempfile::tempdir().unwrap();
    let (jekyll_out, project_out) = (work.path().join("jekyll"), work.path().join("project"));
    build_both(&fixture("feeds"), &jekyll_out, &project_out);
    for path in [
        "feed.xml",
        "feed/release.xml",
        "feed/docs.xml",
        "feed/docs/guide.xml",
    ] {
        let expected = feed_outline(&jekyll_out, path);
        assert!(expected.len() > 2, "{path}: {expected:?}");
        assert_eq!(feed_outline(&project_out, path), expected, "{path}");
    }
}
