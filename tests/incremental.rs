//! Incremental rebuilds give the same site as clean builds: after every edit, the
//! site rendered with the cache of the previous renders is compared, path by path and
//! byte by byte, with a render of the same source from an empty cache.

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use coldstart::build::{self, BuildCache, BuildStats, RenderedSite};
use coldstart::config::{BuildOptions, Config};
use coldstart::output::Contents;
use common::copy_dir;

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch copy of a fixture site (as `src/`) rendered with the default theme, and
/// the cache an incremental rebuild keeps between renders.
struct Session {
    dir: tempfile::TempDir,
    cache: BuildCache,
    time: DateTime<Utc>,
}

impl Session {
    fn new(fixture: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repository().join("tests/fixtures").join(fixture),
            &dir.path().join("src"),
        );
        Session::in_dir(dir)
    }

    /// A session on a site of `files` (source-relative path, text).
    fn with_files(files: &[(&str, &str)]) -> Session {
        let dir = tempfile::tempdir().unwrap();
        for (relative, text) in files {
            let path = dir.path().join("src").join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Session::in_dir(dir)
    }

    fn in_dir(dir: tempfile::TempDir) -> Session {
        let time = Utc::now();
        let mut session = Session {
            dir,
            cache: BuildCache::new(time),
            time,
        };
        session.rebuild_and_compare(&[], "the first build");
        session
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join("src").join(relative)
    }

    fn config(&self) -> Config {
        Config::load(&BuildOptions {
            source: Some(self.dir.path().join("src")),
            theme: Some(repository().join("themes/default").display().to_string()),
            project_root: self.dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn edit(&self, relative: &str, from: &str, to: &str) -> PathBuf {
        let path = self.path(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    /// Rebuilds incrementally after `changed` and checks the result against a clean
    /// render; the counts of both.
    fn rebuild_and_compare(&mut self, changed: &[PathBuf], what: &str) -> (BuildStats, BuildStats) {
        let incremental = build::render_site_incremental(self.config(), changed, &mut self.cache)
            .unwrap_or_else(|e| panic!("{what}: incremental render failed: {e}"));
        let clean =
            build::render_site_incremental(self.config(), &[], &mut BuildCache::new(self.time))
                .unwrap_or_else(|e| panic!("{what}: clean render failed: {e}"));
        assert_same_site(&incremental, &clean, what);
        (incremental.stats, clean.stats)
    }
}

/// Every path and every byte of `actual` as in `expected`.
fn assert_same_site(actual: &RenderedSite, expected: &RenderedSite, what: &str) {
    let paths = |site: &RenderedSite| -> Vec<String> {
        site.files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(paths(actual), paths(expected), "{what}: different files");
    for (got, want) in actual.files.iter().zip(expected.files.iter()) {
        let bytes = |contents: &Contents| match contents {
            Contents::Bytes(bytes) => bytes.to_vec(),
            Contents::CopyOf(path) => std::fs::read(path).unwrap(),
        };
        assert!(
            bytes(&got.contents) == bytes(&want.contents) && got == want,
            "{what}: {} differs:\n--- incremental\n{}\n--- clean\n{}",
            got.path,
            String::from_utf8_lossy(&bytes(&got.contents)),
            String::from_utf8_lossy(&bytes(&want.contents)),
        );
    }
    assert_eq!(
        actual.warnings.len(),
        expected.warnings.len(),
        "{what}: warnings"
    );
}

/// An edit to a session's files, returning the paths it changed.
type Edit = Box<dyn Fn(&Session) -> Vec<PathBuf>>;

#[test]
fn every_kind_of_edit_gives_the_clean_build() {
    let mut session = Session::new("blog");
    let s = &mut session;
    // A post that runs Liquid over an include and `_data`, and a project static folder.
    let steps: Vec<(&str, Edit)> = vec![
        (
            "Liquid post, include and data added",
            Box::new(|s| {
                vec![
                    s.write("_includes/note.html", "<aside>{{ include.text }}</aside>"),
                    s.write(
                        "_data/authors.yml",
                        "ann:\n  name: Ann Example\n  twitter: ann\n",
                    ),
                    s.write(
                        "_posts/2023-05-01-liquid.md",
                        "---\ntitle: Liquid\ntags: [intro]\n---\n{% include note.html text=\"hi\" %}\n\n\
                         {{ site.data.authors.ann.name }} wrote {{ site.posts | size }} posts.\n",
                    ),
                ]
            }),
        ),
        (
            "post body",
            Box::new(|s| {
                vec![s.edit(
                    "_posts/2023-01-10-first-post.md",
                    "Body text",
                    "Edited body text",
                )]
            }),
        ),
        (
            "two posts join a series",
            Box::new(|s| {
                vec![
                    s.edit(
                        "_posts/2023-01-10-first-post.md",
                        "---\n",
                        "---\nseries: tour\n",
                    ),
                    s.edit(
                        "_posts/2023-02-11-second-post.md",
                        "---\n",
                        "---\nseries: tour\n",
                    ),
                ]
            }),
        ),
        (
            "series part body (the other part lists its excerpt)",
            Box::new(|s| {
                vec![s.edit(
                    "_posts/2023-02-11-second-post.md",
                    "Second post body.",
                    "Second post, new body.",
                )]
            }),
        ),
        (
            "an unpublished post names the series",
            Box::new(|s| {
                vec![s.edit(
                    "_posts/2023-03-12-unpublished.md",
                    "---\n",
                    "---\nseries: tour\n",
                )]
            }),
        ),
        (
            "a part leaves the series",
            Box::new(|s| vec![s.edit("_posts/2023-01-10-first-post.md", "series: tour\n", "")]),
        ),
        (
            "post title (neighbours show it)",
            Box::new(|s| {
                vec![s.edit(
                    "_posts/2023-01-10-first-post.md",
                    "title: First Post",
                    "title: Renamed First",
                )]
            }),
        ),
        (
            "post tags",
            Box::new(|s| {
                vec![s.edit(
                    "_posts/2023-01-10-first-post.md",
                    "tags: [intro, serverless]",
                    "tags: [fresh]",
                )]
            }),
        ),
        (
            "new post",
            Box::new(|s| {
                vec![s.write(
                    "_posts/2023-02-20-new-post.md",
                    "---\ntitle: New Post\ntags: [fresh]\ncategories: [notes]\n---\nNew text.\n",
                )]
            }),
        ),
        (
            "renamed post",
            Box::new(|s| {
                let from = s.path("_posts/2023-02-20-new-post.md");
                let to = s.path("_posts/2023-02-21-moved-post.md");
                std::fs::rename(&from, &to).unwrap();
                vec![from, to]
            }),
        ),
        (
            "deleted post",
            Box::new(|s| {
                let path = s.path("_posts/2023-02-11-second-post.md");
                std::fs::remove_file(&path).unwrap();
                vec![path]
            }),
        ),
        (
            "include edit",
            Box::new(|s| {
                vec![s.write(
                    "_includes/note.html",
                    "<aside class=\"note\">{{ include.text }}</aside>",
                )]
            }),
        ),
        (
            "_data edit",
            Box::new(|s| vec![s.edit("_data/authors.yml", "Ann Example", "Ann Other")]),
        ),
        (
            "page edit",
            Box::new(|s| vec![s.edit("about.md", "---", "---\nextra: 1")]),
        ),
        (
            "static file edit and new static file",
            Box::new(|s| {
                vec![
                    s.write("assets/logo.png", "not really a png"),
                    s.write("assets/extra.css", "body { color: red }"),
                ]
            }),
        ),
        (
            "config edit",
            Box::new(|s| vec![s.edit("_config.yml", "title: Fixture Blog", "title: Renamed Blog")]),
        ),
        ("nothing changed", Box::new(|_| Vec::new())),
    ];
    for (what, apply) in &steps {
        let changed = apply(s);
        s.rebuild_and_compare(&changed, what);
    }
}

/// The cache is used, not only harmless: a rebuild with nothing changed renders
/// nothing, and editing one post of a site without Liquid renders that post's body
/// alone and re-themes fewer pages than a clean build.
#[test]
fn an_edit_re_renders_only_what_it_touches() {
    let post = |title: &str| format!("---\ntitle: {title}\n---\nThe body of {title}.\n");
    let (one, two, three) = (post("One"), post("Two"), post("Three"));
    let mut session = Session::with_files(&[
        ("_posts/2024-01-01-one.md", &one),
        ("_posts/2024-02-01-two.md", &two),
        ("_posts/2024-03-01-three.md", &three),
        ("about.md", "---\ntitle: About\n---\nAbout this site.\n"),
    ]);
    let (unchanged, clean) = session.rebuild_and_compare(&[], "nothing changed");
    assert_eq!(clean.bodies_rendered, 4, "a clean build renders every body");
    assert_eq!(
        (unchanged.bodies_rendered, unchanged.pages_rendered),
        (0, 0),
        "an unchanged site renders nothing"
    );
    let edited = session.edit("_posts/2024-02-01-two.md", "The body", "The new body");
    let (incremental, clean) = session.rebuild_and_compare(&[edited], "one post edited");
    assert_eq!(incremental.bodies_rendered, 1, "only the edited body");
    assert!(
        (1..clean.pages_rendered).contains(&incremental.pages_rendered),
        "the edited post re-themed, and not every page: {} of {}",
        incremental.pages_rendered,
        clean.pages_rendered
    );
}

#[test]
fn theme_template_edits_give_the_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    copy_dir(&repository().join("themes/default"), &theme);
    copy_dir(
        &repository().join("tests/fixtures/paged-blog"),
        &dir.path().join("src"),
    );
    let config = || {
        Config::load(&BuildOptions {
            source: Some(dir.path().join("src")),
            theme: Some(theme.display().to_string()),
            project_root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    };
    let time = Utc::now();
    let mut cache = BuildCache::new(time);
    build::render_site_incremental(config(), &[], &mut cache).unwrap();
    let edits = [
        (
            "templates/post.html",
            "</article>",
            "<p>post footer</p></article>",
        ),
        (
            "templates/base.html",
            "</footer>",
            "<p>base footer</p></footer>",
        ),
        (
            "templates/components.html",
            "Page {{ paginator.page }}",
            "Sheet {{ paginator.page }}",
        ),
        (
            "templates/tag.html",
            "{% block content %}",
            "{% block content %}<p>tag</p>",
        ),
    ];
    for (file, from, to) in edits {
        let path = theme.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let incremental = build::render_site_incremental(config(), &[path], &mut cache).unwrap();
        let clean =
            build::render_site_incremental(config(), &[], &mut BuildCache::new(time)).unwrap();
        assert_same_site(&incremental, &clean, file);
    }
}

/// A small deterministic generator (xorshift), so the random edits repeat exactly.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_edits_to_the_paged_blog_give_the_clean_build() {
    let mut session = Session::new("paged-blog");
    let mut random = Random(0x5eed_1234_abcd_0001);
    let posts_dir = session.path("_posts");
    let posts = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    for step in 0..40 {
        let names = posts(&posts_dir);
        let name = &names[random.below(names.len())];
        let relative = format!("_posts/{name}");
        let text = std::fs::read_to_string(session.path(&relative)).unwrap();
        let (what, changed) = match random.below(7) {
            0 => {
                let edited = text.replacen("More text.", &format!("More text, step {step}."), 1);
                ("body", vec![session.write(&relative, &edited)])
            }
            1 => {
                let edited = text.replacen("title: \"", &format!("title: \"Step {step}: "), 1);
                ("title", vec![session.write(&relative, &edited)])
            }
            2 => {
                let tag = ["rust", "web", "serverless", "new"][random.below(4)];
                let edited = text.replacen("---\n", &format!("---\ntags: [{tag}]\n"), 1);
                let edited = edited.replacen("\ntags:", "\nold_tags:", 1);
                ("tags", vec![session.write(&relative, &edited)])
            }
            3 => {
                let new = format!(
                    "_posts/2023-0{}-1{}-added-{step}.md",
                    1 + random.below(9),
                    random.below(10)
                );
                let added = format!(
                    "---\nlayout: post\ntitle: \"Added {step}\"\ncategory: notes\n---\nAdded post.\n\n## Part\n\nMore text.\n"
                );
                ("new post", vec![session.write(&new, &added)])
            }
            4 if names.len() > 12 => {
                let path = session.path(&relative);
                std::fs::remove_file(&path).unwrap();
                ("deleted post", vec![path])
            }
            5 => {
                let from = session.path(&relative);
                let to = session.path(&format!(
                    "_posts/2021-0{}-0{}-renamed-{step}.md",
                    1 + random.below(9),
                    1 + random.below(9)
                ));
                std::fs::rename(&from, &to).unwrap();
                ("renamed post", vec![from, to])
            }
            _ => {
                let hidden = if text.contains("hidden: true") {
                    text.replacen("hidden: true\n", "", 1)
                } else {
                    text.replacen("---\n", "---\nhidden: true\n", 1)
                };
                ("hidden toggled", vec![session.write(&relative, &hidden)])
            }
        };
        session.rebuild_and_compare(&changed, &format!("step {step}: {what} ({name})"));
    }
}
