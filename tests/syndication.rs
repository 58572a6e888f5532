//! Integration tests of the feed, sitemap, SEO tags and redirects: the real `coldstart`
//! binary builds `tests/fixtures/syndication` with the default theme; the feed is read
//! by Python's `feedparser`, the sitemap by `xml.etree`, and the same site built by
//! real Jekyll with jekyll-feed, jekyll-sitemap, jekyll-seo-tag and
//! jekyll-redirect-from is the reference for the differential test.
//!
//! `scripts/test.sh` installs Jekyll, the plugins and feedparser; without them these
//! tests fail loudly.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::copy_dir;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch copy of the fixture blog as `src/`, built into `out/` (coldstart) and
/// `jekyll/` (Jekyll).
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/syndication"),
            &dir.path().join("src"),
        );
        Project { dir }
    }

    fn write_source(&self, relative: &str, text: &str) {
        let path = self.dir.path().join("src").join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn build(&self, theme: &Path) {
        common::cli::build_ok_in(self.dir.path(), theme, &[]);
    }

    fn build_default(&self) {
        self.build(&repo().join("themes/default"));
    }

    fn build_with_jekyll(&self) {
        let found = Command::new("jekyll").arg("--version").output();
        assert!(
            found.is_ok_and(|o| o.status.success()),
            "`jekyll` is not installed: run scripts/test.sh (it installs Jekyll and the plugins)"
        );
        let output = Command::new("jekyll")
            .current_dir(self.dir.path())
            .args(["build", "-s", "src", "-d", "jekyll"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "jekyll build failed (are ruby-jekyll-feed, -sitemap, -seo-tag, -redirect-from installed?):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn read(&self, relative: &str) -> String {
        let path = self.dir.path().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn out(&self, relative: &str) -> String {
        self.read(&format!("out/{relative}"))
    }
}

/// Runs a Python script with `input` on stdin; returns what it prints, as JSON.
fn python_json(script: &str, input: &str) -> Value {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named 'feedparser'"),
        "Python's feedparser is missing: run scripts/test.sh (it pip-installs feedparser)"
    );
    assert!(output.status.success(), "python failed:\n{stderr}");
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

/// The feed as feedparser reads it: `bozo` (not well-formed), the feed's title and
/// links, and each entry's fields.
fn parse_feed(xml: &str) -> Value {
    python_json(
        r#"
import json, sys, feedparser
feed = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": bool(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "version": feed.version,
    "title": feed.feed.get("title"),
    "links": [(l.get("rel"), l.get("href")) for l in feed.feed.get("links", [])],
    "entries": [{
        "title": e.get("title"),
        "link": e.get("link"),
        "id": e.get("id"),
        "published": e.get("published"),
        "updated": e.get("updated"),
        "terms": [t.get("term") for t in e.get("tags", [])],
        "summary": e.get("summary"),
        "content": [c.get("value") for c in e.get("content", [])],
        "author": e.get("author"),
    } for e in feed.entries],
}))
"#,
        xml,
    )
}

/// The sitemap as `xml.etree` reads it: each `<url>`'s `loc` and `lastmod`.
fn parse_sitemap(xml: &str) -> Vec<(String, Option<String>)> {
    let parsed = python_json(
        r#"
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset", root.tag
print(json.dumps([[u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)]
                  for u in root.findall("s:url", ns)]))
"#,
        xml,
    );
    serde_json::from_value(parsed).unwrap()
}

const BLOG: &str = "https://example.org/blog";

#[test]
fn feed_has_the_newest_posts_in_jekyll_feeds_shape() {
    let project = Project::new();
    project.build_default();
    let feed = parse_feed(&project.out("feed.xml"));
    assert_eq!(
        feed["bozo"], false,
        "not well-formed: {}",
        feed["bozo_exception"]
    );
    assert_eq!(feed["version"], "atom10");
    assert_eq!(feed["title"], "Syndication &amp; Co");
    let links = feed["links"].as_array().unwrap();
    assert!(links.contains(&serde_json::json!(["self", format!("{BLOG}/feed.xml")])));
    assert!(links.contains(&serde_json::json!(["alternate", format!("{BLOG}/")])));

    // feed.posts_limit is 3: the newest three, newest first; no draft, not "Oldest".
    let entries = feed["entries"].as_array().unwrap();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Fourth", "Away", "Second"]);

    let second = &entries[2];
    assert_eq!(second["link"], format!("{BLOG}/2023/02/11/second.html"));
    assert_eq!(second["id"], format!("{BLOG}/2023/02/11/second"));
    assert_eq!(second["published"], "2023-02-11T00:00:00+00:00");
    assert_eq!(
        second["updated"], "2023-03-01T10:00:00+00:00",
        "last_modified_at"
    );
    assert_eq!(second["summary"], "The second post, summarised");
    assert_eq!(second["author"], "Ann Author");
    assert_eq!(second["content"][0], "<p>Second body.</p>");
    assert_eq!(entries[0]["terms"], serde_json::json!(["rust"]));
    assert_eq!(
        entries[1]["content"][0], "",
        "redirect_to empties the content"
    );
}

#[test]
fn feed_path_and_cdata_terminators_and_categories_and_tags() {
    let project = Project::new();
    project.write_source("_config.yml", &{
        let config =
            std::fs::read_to_string(repo().join("tests/fixtures/syndication/_config.yml")).unwrap();
        config.replace("posts_limit: 3", "path: /atom.xml")
    });
    project.write_source(
        "_posts/2023-05-01-raw.md",
        "---\ntitle: Raw\n---\nRaw HTML: <span title=\"a]]>b\">end of CDATA</span>\n",
    );
    project.build_default();
    assert!(
        project
            .out("index.html")
            .contains(&format!("href=\"{BLOG}/atom.xml\"")),
        "feed_meta follows feed.path"
    );
    let feed = parse_feed(&project.out("atom.xml"));
    assert_eq!(
        feed["bozo"], false,
        "not well-formed: {}",
        feed["bozo_exception"]
    );
    let entries = feed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "every published post without a limit");
    // The `]]>` in the post survives the CDATA section intact (feedparser re-escapes
    // the attribute when it cleans the HTML).
    assert!(
        entries[0]["content"][0]
            .as_str()
            .unwrap()
            .contains("<span title=\"a]]&gt;b\">end of CDATA</span>"),
        "{}",
        entries[0]["content"][0]
    );
    let first = entries
        .iter()
        .find(|e| e["link"] == format!("{BLOG}/news/2023/01/10/first.html"))
        .expect("the first post");
    assert_eq!(
        first["title"], "First &amp; best",
        "smartified, tags stripped"
    );
    assert_eq!(first["terms"], serde_json::json!(["news", "rust", "web"]));
    assert_eq!(first["summary"], "The first paragraph is the excerpt.");
}

#[test]
fn sitemap_lists_posts_pages_and_static_documents() {
    let project = Project::new();
    project.build_default();
    let urls = parse_sitemap(&project.out("sitemap.xml"));
    let locations: Vec<&str> = urls.iter().map(|(loc, _)| loc.as_str()).collect();
    let expected: Vec<String> = [
        "/2022/12/01/oldest.html",
        "/news/2023/01/10/first.html",
        "/2023/02/11/second.html",
        "/about.html",
        "/",
        "/docs/guide.pdf",
        "/docs/static.html",
    ]
    .iter()
    .map(|path| format!("{BLOG}{path}"))
    .collect();
    assert_eq!(
        locations, expected,
        "no sitemap: false, redirect, 404 or .txt"
    );
    assert_eq!(urls[2].1.as_deref(), Some("2023-03-01T10:00:00+00:00"));
    assert_eq!(urls[3].1, None, "pages have a lastmod only when modified");
    assert!(urls[5].1.is_some(), "static files: their modification time");
    assert_eq!(
        project.out("robots.txt"),
        format!("Sitemap: {BLOG}/sitemap.xml\n")
    );
}

#[test]
fn redirect_pages_and_redirects_json() {
    let project = Project::new();
    project.build_default();
    let to_first = format!("{BLOG}/news/2023/01/10/first.html");
    for page in ["old/first/index.html", "old-first.html"] {
        let html = project.out(page);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en-US\">\n"));
        for tag in [
            format!("<link rel=\"canonical\" href=\"{to_first}\">"),
            format!("<script>location=\"{to_first}\"</script>"),
            format!("<meta http-equiv=\"refresh\" content=\"0; url={to_first}\">"),
            "<meta name=\"robots\" content=\"noindex\">".to_string(),
            format!("<a href=\"{to_first}\">Click here if you are not redirected.</a>"),
        ] {
            assert!(html.contains(&tag), "{page} lacks {tag}:\n{html}");
        }
    }
    assert!(
        project
            .out("second-old/index.html")
            .contains(&format!("url={BLOG}/2023/02/11/second.html\""))
    );
    let away = project.out("2023/03/01/away.html");
    assert!(
        away.contains("<script>location=\"https://elsewhere.example/x\"</script>"),
        "redirect_to replaces the post:\n{away}"
    );
    assert!(!away.contains("Moved elsewhere"));

    let json: Value = serde_json::from_str(&project.out("redirects.json")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "/old/first/": to_first,
            "/old-first": to_first,
            "/second-old/": format!("{BLOG}/2023/02/11/second.html"),
            "/2023/03/01/away.html": "https://elsewhere.example/x",
        })
    );
}

#[test]
fn files_the_site_has_win_over_generated_ones() {
    let project = Project::new();
    project.write_source("robots.txt", "User-agent: *\n");
    project.write_source("sitemap.xml", "<urlset/>\n");
    project.write_source("feed.xml", "---\nlayout: null\n---\n<feed>own</feed>\n");
    project.write_source("old-first.html", "<p>a real page</p>\n");
    project.write_source("redirects.json", "{}\n");
    project.build_default();
    assert_eq!(project.out("robots.txt"), "User-agent: *\n");
    assert_eq!(project.out("sitemap.xml"), "<urlset/>\n");
    assert_eq!(project.out("feed.xml"), "<feed>own</feed>\n");
    assert_eq!(project.out("old-first.html"), "<p>a real page</p>\n");
    assert_eq!(project.out("redirects.json"), "{}\n");
}

#[test]
fn a_theme_can_restyle_redirect_pages() {
    let project = Project::new();
    let theme = project.dir.path().join("theme");
    copy_dir(&repo().join("themes/default"), &theme);
    std::fs::write(
        theme.join("templates/redirect.html"),
        "<p>{{ site.title }}: {{ page.redirect.from }} moved to {{ page.redirect.to }}</p>",
    )
    .unwrap();
    project.build(&theme);
    assert_eq!(
        project.out("old-first.html"),
        format!(
            "<p>Syndication &amp; Co: /old-first moved to {BLOG}/news/2023/01/10/first.html</p>"
        )
    );
}

#[test]
fn seo_tags_on_a_post_and_on_the_home_page() {
    let project = Project::new();
    project.build_default();
    let post = project.out("2023/02/11/second.html");
    for tag in [
        "<title>Second | Syndication &amp; Co</title>",
        "<meta property=\"og:type\" content=\"article\" />",
        "<meta property=\"article:published_time\" content=\"2023-02-11T00:00:00+00:00\" />",
        "<link rel=\"canonical\" href=\"https://example.org/blog/2023/02/11/second.html\" />",
        "<meta name=\"description\" content=\"The second post, summarised\" />",
        "<meta property=\"og:image\" content=\"https://example.org/blog/img/second.png\" />",
        "<meta name=\"twitter:card\" content=\"summary_large_image\" />",
        "\"@type\":\"BlogPosting\"",
        "\"dateModified\":\"2023-03-01T10:00:00+00:00\"",
        "<link type=\"application/atom+xml\" rel=\"alternate\" href=\"https://example.org/blog/feed.xml\" title=\"Syndication &amp; Co\" />",
    ] {
        assert!(post.contains(tag), "the post lacks {tag}:\n{post}");
    }
    assert_eq!(post.matches("<title>").count(), 1, "one title");

    let home = project.out("index.html");
    for tag in [
        "<title>Syndication &amp; Co | Notes on and sitemaps</title>",
        "<meta property=\"og:type\" content=\"website\" />",
        "<link rel=\"canonical\" href=\"https://example.org/blog/\" />",
        "<meta name=\"twitter:card\" content=\"summary\" />",
        "\"@type\":\"WebSite\"",
    ] {
        assert!(home.contains(tag), "the home page lacks {tag}:\n{home}");
    }
}

/// The SEO block of a page, without the lines that name the generator.
fn seo_block(html: &str) -> Vec<String> {
    let start = html.find("<title>").expect("a <title>");
    let end = html[start..].find("</script>").expect("JSON-LD") + start;
    html[start..end]
        .lines()
        .filter(|line| !line.contains("name=\"generator\""))
        .map(str::to_string)
        .collect()
}

#[test]
fn same_output_as_the_jekyll_plugins() {
    let project = Project::new();
    project.build_default();
    project.build_with_jekyll();
    let both = |path: &str| (project.read(&format!("jekyll/{path}")), project.out(path));

    let (jekyll, coldstart) = both("sitemap.xml");
    assert_eq!(parse_sitemap(&coldstart), parse_sitemap(&jekyll));
    for file in [
        "robots.txt",
        "redirects.json",
        "old-first.html",
        "old/first/index.html",
        "second-old/index.html",
        "2023/03/01/away.html",
    ] {
        let (jekyll, coldstart) = both(file);
        assert_eq!(coldstart, jekyll, "{file} differs");
    }

    let (jekyll, coldstart) = both("feed.xml");
    let (jekyll, coldstart) = (parse_feed(&jekyll), parse_feed(&coldstart));
    assert_eq!(coldstart["title"], jekyll["title"]);
    assert_eq!(coldstart["links"], jekyll["links"]);
    let comparable = |feed: &Value| -> Vec<Value> {
        feed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let mut e = e.clone();
                // Paragraph spacing inside the content is the Markdown stage's business.
                e.as_object_mut().unwrap().remove("content");
                e
            })
            .collect()
    };
    assert_eq!(comparable(&coldstart), comparable(&jekyll));

    for page in [
        "index.html",
        "about.html",
        "news/2023/01/10/first.html",
        "2023/02/11/second.html",
    ] {
        let (jekyll, coldstart) = both(page);
        assert_eq!(
            seo_block(&coldstart),
            seo_block(&jekyll),
            "SEO tags of {page}"
        );
    }
}
