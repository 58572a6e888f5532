//! Incremental rebuilds of a site with its own Liquid layouts: an edit re-renders only
//! what reads the edited file, counted with the render's `BuildStats`, and the result
//! is the clean build's, byte for byte.

mod common;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use coldstart::build::{self, BuildCache, BuildStats, RenderedSite};
use coldstart::config::{BuildOptions, Config};
use coldstart::output::Contents;

/// A site with two layouts (`post` inside `default`), an include, two posts and a
/// page, each body running Liquid.
const FILES: &[(&str, &str)] = &[
    (
        "_layouts/default.html",
        "<html><body>{% include nav.html %}{{ content }}</body></html>\n",
    ),
    (
        "_layouts/post.html",
        "---\nlayout: default\n---\n<article><h1>{{ page.title }}</h1>{{ content }}</article>\n",
    ),
    (
        "_includes/nav.html",
        "<nav>{% for post in site.posts %}<a href=\"{{ post.url }}\">{{ post.title }}</a>{% endfor %}</nav>",
    ),
    (
        "_posts/2024-01-01-one.md",
        "---\ntitle: One\nlayout: post\n---\nFirst {{ page.title }}.\n",
    ),
    (
        "_posts/2024-01-02-two.md",
        "---\ntitle: Two\nlayout: post\n---\nSecond {{ page.title }}.\n",
    ),
    (
        "about.md",
        "---\ntitle: About\nlayout: default\n---\n{{ site.posts | size }} posts.\n",
    ),
];

/// A scratch site and the cache its rebuilds keep.
struct Session {
    dir: tempfile::TempDir,
    cache: BuildCache,
    time: DateTime<Utc>,
}

impl Session {
    fn new() -> Session {
        let dir = tempfile::tempdir().unwrap();
        for (relative, text) in FILES {
            let path = dir.path().join("src").join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let time = Utc::now();
        let mut session = Session {
            dir,
            cache: BuildCache::new(time),
            time,
        };
        let first = session.rebuild(&[]);
        assert_eq!(
            first.bodies_rendered, 3,
            "the first build renders every body"
        );
        session
    }

    fn config(&self) -> Config {
        Config::load(&BuildOptions {
            source: Some(self.dir.path().join("src")),
            project_root: self.dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    }

    fn edit(&self, relative: &str, from: &str, to: &str) -> PathBuf {
        let path = self.dir.path().join("src").join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    /// Rebuilds after `changed`, checks the result against a clean render of the same
    /// source, and gives the incremental render's counts.
    fn rebuild(&mut self, changed: &[PathBuf]) -> BuildStats {
        let incremental =
            build::render_site_incremental(self.config(), changed, &mut self.cache).unwrap();
        let clean =
            build::render_site_incremental(self.config(), &[], &mut BuildCache::new(self.time))
                .unwrap();
        assert_same_site(&incremental, &clean);
        incremental.stats
    }
}

/// Every path and byte of `actual` as in `expected`.
fn assert_same_site(actual: &RenderedSite, expected: &RenderedSite) {
    let bytes = |contents: &Contents| match contents {
        Contents::Bytes(bytes) => bytes.to_vec(),
        Contents::CopyOf(path) => std::fs::read(path).unwrap(),
    };
    let files = |site: &RenderedSite| -> Vec<(String, Vec<u8>)> {
        site.files
            .iter()
            .map(|f| (f.path.clone(), bytes(&f.contents)))
            .collect()
    };
    assert_eq!(
        files(actual),
        files(expected),
        "incremental differs from clean"
    );
}

#[test]
fn a_layout_edit_renders_no_body_again() {
    let mut session = Session::new();
    let layout = session.edit("_layouts/post.html", "<article>", "<article class=\"x\">");
    let stats = session.rebuild(&[layout]);
    assert_eq!(stats.bodies_rendered, 0, "bodies never see their layouts");
}

#[test]
fn an_include_edit_renders_the_liquid_bodies_again() {
    let mut session = Session::new();
    let include = session.edit("_includes/nav.html", "<nav>", "<nav class=\"x\">");
    let stats = session.rebuild(&[include]);
    // Any body may include it: every Liquid body renders again.
    assert_eq!(stats.bodies_rendered, 3);
}
