//! Integration tests: the real `coldstart` binary builds fixture sites written for this
//! project, and the files it writes are checked.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::copy_dir;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A scratch project: a copy of the fixture blog as `src/`, built into `out/`.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("blog"), &dir.path().join("src"));
        Project { dir }
    }

    fn src(&self, relative: &str) -> PathBuf {
        self.dir.path().join("src").join(relative)
    }

    fn out(&self, relative: &str) -> PathBuf {
        self.dir.path().join("out").join(relative)
    }

    fn read(&self, relative: &str) -> String {
        let path = self.out(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn build(&self, extra: &[&str]) -> Output {
        common::cli::build_in(self.dir.path(), &fixtures().join("themes/probe"), extra)
    }

    fn build_ok(&self, extra: &[&str]) -> String {
        let output = self.build(extra);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "build failed:\n{stderr}");
        format!("{}{stderr}", String::from_utf8_lossy(&output.stdout))
    }

    fn build_err(&self, extra: &[&str]) -> String {
        let output = self.build(extra);
        assert!(!output.status.success(), "build unexpectedly succeeded");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

/// Every file under `root`, relative, sorted.
fn tree(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(root)
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

#[test]
fn builds_posts_pages_data_and_static_files_with_jekyll_urls() {
    let project = Project::new();
    let summary = project.build_ok(&[]);
    assert!(
        summary.contains("3 posts") && summary.contains("3 pages"),
        "{summary}"
    );

    let files = tree(&project.dir.path().join("out"));
    for expected in [
        "2023/01/10/first-post/index.html",
        "2023/02/11/second-post/index.html",
        "guides/2023/04/01/guide-one/index.html",
        "about/index.html",
        "index.html",
        "feed.xml",
        "assets/logo.png",
        "assets/theme.css",
        "assets/css/syntax.css",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected} in {files:#?}"
        );
    }
    for absent in [
        "notes.txt",
        ".hidden",
        "_includes/private.html",
        "_config.yml",
        "_data/authors.yml",
    ] {
        assert!(
            !files.iter().any(|f| f == absent),
            "{absent} should not be published: {files:#?}"
        );
    }
    assert!(
        !files
            .iter()
            .any(|f| f.contains("future") || f.contains("unpublished") || f.contains("draft")),
        "{files:#?}"
    );

    let png = std::fs::read(project.out("assets/logo.png")).unwrap();
    assert_eq!(
        png,
        std::fs::read(project.src("assets/logo.png")).unwrap(),
        "static files are copied byte for byte"
    );
}

#[test]
fn templates_get_jekyll_page_and_site_variables() {
    let project = Project::new();
    project.build_ok(&[]);
    let first = project.read("2023/01/10/first-post/index.html");
    assert!(
        first.contains("<title>First Post | Fixture Blog</title>"),
        "{first}"
    );
    assert!(
        first.contains(r#"data-date="2023-01-10T00:00:00+00:00""#),
        "{first}"
    );
    assert!(
        first.contains(r#"data-url="/2023/01/10/first-post/""#),
        "{first}"
    );
    assert!(
        first.contains(r#"data-id="/2023/01/10/first-post""#),
        "{first}"
    );
    assert!(
        first.contains(r#"<p class="tags">intro,serverless</p>"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<p class="next">/2023/02/11/second-post/</p>"#),
        "newer post is next: {first}"
    );
    assert!(first.contains(r#"<p class="previous"></p>"#), "{first}");
    assert!(
        first.contains(r#"<h2 id="a-section">A Section</h2>"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<a href="https://example.com/ref">reference</a>"#),
        "{first}"
    );
    assert!(
        first.contains(r#"<p class="excerpt"><p>The first paragraph is the excerpt.</p>"#),
        "{first}"
    );

    let second = project.read("2023/02/11/second-post/index.html");
    assert!(
        second.contains("<title>Second Post | Fixture Blog</title>"),
        "title from the slug: {second}"
    );
    assert!(
        second.contains(r#"<p class="tags">serverless,faas</p>"#),
        "string tags split: {second}"
    );
    assert!(
        second.contains(
            r#"<li data-level="2">one</li><li data-level="2">two</li><li data-level="2">three</li>"#
        ),
        "{second}"
    );

    let guide = project.read("guides/2023/04/01/guide-one/index.html");
    assert_eq!(
        guide.trim(),
        "<p>Guide <em>body</em> only.</p>",
        "layout: null writes the body alone"
    );

    let home = project.read("index.html");
    assert!(
        home.contains(r#"<a href="/blog/guides/2023/04/01/guide-one/">Guide One</a> 2023-04-01"#),
        "newest first, baseurl: {home}"
    );
    let order: Vec<usize> = ["Guide One", "Second Post", "First Post"]
        .iter()
        .map(|t| home.find(t).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "site.posts newest first: {home}"
    );
    assert!(home.contains(r#"<p class="data">Ann Author</p>"#), "{home}");
    assert!(
        home.contains("<li>serverless=2</li>") && home.contains("<li>intro=1</li>"),
        "{home}"
    );
    assert!(
        home.contains(r#"<p class="custom">custom value</p>"#),
        "{home}"
    );

    let about = project.read("about/index.html");
    assert!(
        about.contains(r#"data-layout="default""#) && about.contains("<em>this</em>"),
        "missing layout falls back to default.html: {about}"
    );
    assert_eq!(project.read("feed.xml").trim(), "<feed>static-ish</feed>");
}

#[test]
fn front_matter_defaults_and_folder_categories_apply() {
    let project = Project::new();
    project.build_ok(&[]);
    // `guides/_posts` gives category `guides`, but the post has layout: null; check a
    // post with the defaults' layout instead.
    let first = project.read("2023/01/10/first-post/index.html");
    assert!(
        first.contains(r#"data-layout="post""#),
        "defaults gave layout: post: {first}"
    );
    std::fs::write(
        project.src("guides/_posts/2023-04-01-guide-one.md"),
        "---\ntitle: Guide One\n---\nx\n",
    )
    .unwrap();
    project.build_ok(&[]);
    let guide = project.read("guides/2023/04/01/guide-one/index.html");
    assert!(
        guide.contains(r#"<p class="categories">guides</p>"#),
        "{guide}"
    );
    assert!(
        guide.contains(r#"<p class="series">guides</p>"#),
        "path-scoped default: {guide}"
    );
}

#[test]
fn drafts_future_and_unpublished_flags() {
    let project = Project::new();
    project.build_ok(&["--drafts", "--future", "--unpublished"]);
    let files = tree(&project.dir.path().join("out"));
    for slug in ["a-draft", "future-post", "unpublished"] {
        assert!(
            files.iter().any(|f| f.contains(slug)),
            "{slug} missing: {files:#?}"
        );
    }
}

#[test]
fn two_sources_for_one_url_warn_naming_both_as_jekyll_does() {
    let project = Project::new();
    project.build_ok(&[]);
    std::fs::write(
        project.src("about-me.md"),
        "---\npermalink: /about/\n---\nclash\n",
    )
    .unwrap();
    // Jekyll builds, with a "Conflict" warning; so does coldstart.
    let output = project.build_ok(&[]);
    let warning = output
        .lines()
        .find(|line| line.contains("warning:") && line.contains("about/index.html"))
        .unwrap_or_else(|| panic!("no conflict warning in:\n{output}"));
    assert!(
        warning.contains("about.md") && warning.contains("about-me.md"),
        "{warning}"
    );
}

/// Jekyll reads a file with invalid front matter without it and warns; so does
/// coldstart, at the error's line.
#[test]
fn bad_front_matter_is_a_warning_at_its_line_as_in_jekyll() {
    let project = Project::new();
    std::fs::write(
        project.src("_posts/2023-05-01-broken.md"),
        "---\ntitle: Broken\ntags: [a, b\n---\nbody **x**\n",
    )
    .unwrap();
    let output = project.build_ok(&[]);
    let warning = output
        .lines()
        .find(|line| line.contains("2023-05-01-broken.md:") && line.contains("warning:"))
        .unwrap_or_else(|| panic!("no warning in:\n{output}"));
    assert!(warning.contains("invalid front matter"), "{warning}");
    let written = tree(&project.dir.path().join("out"));
    let page = written
        .iter()
        .find(|path| path.contains("broken"))
        .unwrap_or_else(|| panic!("no page for the post in {written:?}"));
    let html = std::fs::read_to_string(project.dir.path().join("out").join(page)).unwrap();
    assert!(html.contains("body <strong>x</strong>"), "{html}");
}

/// With `strict_front_matter`, invalid front matter fails the build, at its line.
#[test]
fn bad_front_matter_points_at_the_file_and_line_and_keeps_the_old_site() {
    let project = Project::new();
    let config = project.src("_config.yml");
    let settings = std::fs::read_to_string(&config).unwrap_or_default();
    std::fs::write(&config, format!("{settings}\nstrict_front_matter: true\n")).unwrap();
    project.build_ok(&[]);
    let files_before = tree(&project.dir.path().join("out"));
    std::fs::write(
        project.src("_posts/2023-05-01-broken.md"),
        "---\ntitle: Broken\ntags: [a, b\n---\nbody\n",
    )
    .unwrap();
    let stderr = project.build_err(&[]);
    let first_line = stderr.lines().next().unwrap();
    assert!(
        first_line.starts_with("src/_posts/2023-05-01-broken.md:"),
        "{stderr}"
    );
    assert!(first_line.contains("invalid front matter"), "{stderr}");
    assert!(
        stderr.contains("| tags: [a, b") || stderr.contains("| ---"),
        "snippet shown: {stderr}"
    );
    assert_eq!(tree(&project.dir.path().join("out")), files_before);
    let leftovers: Vec<_> = std::fs::read_dir(project.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no half-written folder: {leftovers:?}");
}

/// A broken functions stack that no page uses fails the build before the swap: the
/// message "the destination was left as it was" is true, and nothing is left behind.
#[test]
fn a_broken_functions_stack_fails_before_the_site_is_replaced() {
    let project = Project::new();
    project.build_ok(&[]);
    let files_before = tree(&project.dir.path().join("out"));
    std::fs::create_dir_all(project.src("_functions")).unwrap();
    std::fs::write(project.src("_functions/stack.yml"), "functions: [broken\n").unwrap();
    // A new post too: had the site been swapped in, the tree would show it.
    std::fs::write(
        project.src("_posts/2023-05-02-new.md"),
        "---\ntitle: New\n---\nnew\n",
    )
    .unwrap();
    let stderr = project.build_err(&[]);
    assert!(stderr.contains("stack.yml"), "{stderr}");
    assert!(
        stderr.contains("the destination was left as it was"),
        "{stderr}"
    );
    assert_eq!(tree(&project.dir.path().join("out")), files_before);
    let leftovers: Vec<_> = std::fs::read_dir(project.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no bundle or staging folder: {leftovers:?}"
    );
}

#[test]
fn bad_dates_and_template_errors_are_located() {
    let project = Project::new();
    std::fs::write(
        project.src("_posts/2023-05-02-bad-date.md"),
        "---\ntitle: x\ndate: 2023-02-30\n---\nbody\n",
    )
    .unwrap();
    let stderr = project.build_err(&[]);
    assert!(
        stderr.starts_with("src/_posts/2023-05-02-bad-date.md:3"),
        "{stderr}"
    );

    let project = Project::new();
    let theme = project.dir.path().join("theme");
    copy_dir(&fixtures().join("themes/probe"), &theme);
    std::fs::write(
        theme.join("templates/post.html"),
        "<p>\n{{ page.title | no_such_filter }}\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(project.dir.path())
        .args(["build", "-s", "src", "-d", "out", "--theme", "theme"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("post.html:2"), "{stderr}");
}

#[test]
fn a_permalink_cannot_escape_the_destination() {
    let project = Project::new();
    std::fs::write(
        project.src("escape.md"),
        "---\npermalink: /../../escaped.html\n---\nx\n",
    )
    .unwrap();
    project.build_ok(&[]);
    assert!(!project.dir.path().join("escaped.html").exists());
    assert!(
        project.out("escaped.html").exists(),
        "`..` is sanitised as Jekyll does"
    );
}

#[test]
fn the_embedded_blog_builds_with_the_default_theme() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(&root)
        .args(["build", "-d"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let post =
        std::fs::read_to_string(out.path().join("site/serverless/concepts/index.html")).unwrap();
    for id in [
        "intro",
        "virtualization",
        "orders-of-magnitude",
        "enter-serverless",
        "what-is-it",
        "but-what-does-it-mean-to-me",
    ] {
        assert!(
            post.contains(&format!(r#"id="{id}""#)),
            "heading id {id} missing"
        );
    }
    assert!(
        post.contains(r#"href="https://github.com/openfaas/faas""#),
        "reference links resolve"
    );
    assert!(post.contains("Serverless Concepts"));
    assert!(out.path().join("site/about/index.html").exists());
    assert!(out.path().join("site/index.html").exists());
}

#[test]
fn a_bare_jekyll_folder_builds_with_the_default_theme() {
    // No _config.yml at all: no title, no url, no author — the default theme copes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site/_posts")).unwrap();
    std::fs::write(
        dir.path().join("site/_posts/2024-01-01-hello.md"),
        "# Hello\n\nWorld.\n",
    )
    .unwrap();
    let theme = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let output = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(dir.path())
        .args(["build", "-s", "site", "-d", "out", "--theme"])
        .arg(theme)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let post = std::fs::read_to_string(dir.path().join("out/2024/01/01/hello.html")).unwrap();
    assert!(post.contains(r#"<h1 id="hello">Hello</h1>"#), "{post}");
}
