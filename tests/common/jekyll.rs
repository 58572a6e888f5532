//! Differential comparison with real Jekyll: a site is built by `jekyll build` and by
//! coldstart, both with bare layouts that print only a document's rendered body, and every
//! post is compared on four measures: its URL, its heading ids, its link targets and its
//! text (words, with typographic quotes and dashes folded; ≥ 98% similar).
//!
//! This is the project's own harness, standing alone: the bare Jekyll layout and the list
//! of post URLs are written here, the bare tera theme is `tests/fixtures/parity/bare-theme`.
//! Jekyll is required: `scripts/test.sh` installs it; without it these tests fail loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Node};

/// Every layout of the Jekyll side is replaced by this one.
const BARE_LAYOUT: &str = "<!--CS-BODY-->{{ content }}<!--/CS-BODY-->\n";
/// A page Jekyll renders that lists each post's and page's URL.
const URL_LIST: &str = "---\nlayout: null\npermalink: /cs-urls.txt\n---\n\
{% for p in site.posts %}post {{ p.url }}\n{% endfor %}{% for p in site.pages %}page {{ p.url }}\n{% endfor %}";
/// The least word similarity that counts as the same text.
const SAME_TEXT: f32 = 0.98;

/// What a comparison found.
#[derive(Debug)]
pub struct Report {
    /// Posts compared (those Jekyll wrote).
    pub posts: usize,
    /// One line per difference, naming the post and the measure.
    pub differences: Vec<String>,
    /// The counts line, as `parity urls=A/N ids=B/N hrefs=C/N text=D/N`.
    pub summary: String,
}

/// A rendered body's heading ids, link targets and words.
#[derive(Debug, PartialEq)]
struct Body {
    ids: Vec<String>,
    hrefs: Vec<String>,
    words: Vec<String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Fails loudly when `jekyll` is not installed.
pub fn require_jekyll() {
    let found = Command::new("jekyll")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`jekyll` is not installed: run scripts/test.sh (it installs Debian's jekyll) before cargo test"
    );
}

/// The coldstart binary under test.
pub fn coldstart() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_coldstart"))
}

/// Copies `from` to `to`, leaving out what Jekyll's own runs would not read
/// (`.git`, `_site`, Gemfiles) and keeping symlinks as links.
fn copy_site(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".git" || name == "_site" || name.starts_with("Gemfile") {
            continue;
        }
        let target = to.join(&name);
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).unwrap();
            std::os::unix::fs::symlink(link, target).unwrap();
        } else if kind.is_dir() {
            copy_site(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds `site` with Jekyll and with `binary` (both bare) and compares every post.
/// `Err` carries the output of a build that failed.
pub fn compare(site: &Path, binary: &Path, extra_flags: &[&str]) -> Result<Report, String> {
    require_jekyll();
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    copy_site(site, &src);
    if let Ok(layouts) = std::fs::read_dir(src.join("_layouts")) {
        for layout in layouts {
            std::fs::write(layout.unwrap().path(), BARE_LAYOUT).unwrap();
        }
    }
    std::fs::write(src.join("cs-urls.txt"), URL_LIST).unwrap();
    let (jekyll_out, project_out) = (work.path().join("jekyll"), work.path().join("project"));
    let jekyll = Command::new("jekyll")
        .args(["build", "-q", "-s"])
        .arg(&src)
        .arg("-d")
        .arg(&jekyll_out)
        .args(extra_flags)
        .output()
        .expect("jekyll runs");
    if !jekyll.status.success() {
        return Err(format!(
            "jekyll failed:\n{}",
            String::from_utf8_lossy(&jekyll.stderr)
        ));
    }
    std::fs::remove_file(src.join("cs-urls.txt")).unwrap();
    let project = Command::new(binary)
        .arg("build")
        .arg("--source")
        .arg(&src)
        .arg("--destination")
        .arg(&project_out)
        .arg("--theme")
        .arg(repo().join("tests/fixtures/parity/bare-theme"))
        .args(extra_flags)
        .output()
        .expect("coldstart runs");
    if !project.status.success() {
        return Err(format!(
            "coldstart failed:\n{}{}",
            String::from_utf8_lossy(&project.stdout),
            String::from_utf8_lossy(&project.stderr)
        ));
    }
    let urls = std::fs::read_to_string(jekyll_out.join("cs-urls.txt")).unwrap();
    let posts = urls.lines().filter_map(|line| line.strip_prefix("post "));
    Ok(compare_posts(posts, &jekyll_out, &project_out))
}

/// Builds `site` with Jekyll and with coldstart, each with the site's OWN layouts
/// (coldstart without `--theme`), and compares every HTML page Jekyll writes on the
/// four measures (the page's URL standing for the post's); every other file Jekyll
/// writes must exist too. `Err` carries the output of a build that failed.
pub fn compare_site(site: &Path, binary: &Path) -> Result<Report, String> {
    compare_site_with_env(site, binary, &[])
}

/// [`compare_site`] with environment variables set for both builds (`GEM_HOME`
/// naming where a gem-based theme is installed).
pub fn compare_site_with_env(
    site: &Path,
    binary: &Path,
    env: &[(&str, &Path)],
) -> Result<Report, String> {
    require_jekyll();
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    copy_site(site, &src);
    let (jekyll_out, project_out) = (work.path().join("jekyll"), work.path().join("project"));
    let builds: [(&Path, Vec<&str>, &Path); 2] = [
        (Path::new("jekyll"), vec!["build", "-q", "-s"], &jekyll_out),
        (binary, vec!["build", "--source"], &project_out),
    ];
    for (program, args, out) in builds {
        let output = Command::new(program)
            .args(args)
            .arg(&src)
            .arg("-d")
            .arg(out)
            .envs(env.iter().copied())
            .output()
            .expect("the build runs");
        if !output.status.success() {
            return Err(format!(
                "{} failed:\n{}{}",
                program.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    let (pages, others): (Vec<_>, Vec<_>) = super::files_under(&jekyll_out)
        .into_iter()
        .partition(|path| path.ends_with(".html"));
    let urls = pages
        .iter()
        .map(|page| format!("/{page}"))
        .collect::<Vec<_>>();
    let mut report = compare_pages(
        urls.iter().map(String::as_str),
        &jekyll_out,
        &project_out,
        page_of,
    );
    for other in others {
        if !project_out.join(&other).exists() {
            report
                .differences
                .push(format!("file {other}: not written"));
        }
    }
    Ok(report)
}

/// Asserts that every page of `site`, in its own layouts, matches Jekyll's (see
/// [`compare_site`]), and that some page was compared.
pub fn assert_site_parity(site: &Path) {
    assert_site_parity_with_env(site, &[]);
}

/// [`assert_site_parity`] with environment variables set for both builds.
pub fn assert_site_parity_with_env(site: &Path, env: &[(&str, &Path)]) {
    let report = compare_site_with_env(site, &coldstart(), env);
    assert_same_as_jekyll(site, report, "page");
}

/// Asserts that `report` compared some `what` (post, page) of `site` and found no
/// difference; a failed build fails with its output.
fn assert_same_as_jekyll(site: &Path, report: Result<Report, String>, what: &str) {
    let report = report.unwrap_or_else(|e| panic!("{}: {e}", site.display()));
    assert!(
        report.posts > 0,
        "{}: no {what} was compared",
        site.display()
    );
    assert!(
        report.differences.is_empty(),
        "{} differs from Jekyll:\n{}\n{}",
        site.display(),
        report.differences.join("\n"),
        report.summary
    );
}

fn compare_posts<'a>(
    posts: impl Iterator<Item = &'a str>,
    jekyll_out: &Path,
    project_out: &Path,
) -> Report {
    compare_pages(posts, jekyll_out, project_out, body_of)
}

/// Compares the pages at the URLs `pages`, each read from both outputs with `read`.
fn compare_pages<'a>(
    pages: impl Iterator<Item = &'a str>,
    jekyll_out: &Path,
    project_out: &Path,
    read: fn(&Path) -> Option<Body>,
) -> Report {
    let (mut n, mut urls, mut ids, mut hrefs, mut text) = (0, 0, 0, 0, 0);
    let mut differences = Vec::new();
    for url in pages {
        let Some(expected) = read(&out_file(jekyll_out, url)) else {
            continue;
        };
        n += 1;
        let Some(actual) = read(&out_file(project_out, url)) else {
            differences.push(format!("url {url}: not written"));
            continue;
        };
        urls += 1;
        let mut same = |measure: &str, want: &Vec<String>, got: &Vec<String>, count: &mut usize| {
            if want == got {
                *count += 1;
            } else {
                let missing: Vec<_> = want.iter().filter(|x| !got.contains(x)).take(3).collect();
                let extra: Vec<_> = got.iter().filter(|x| !want.contains(x)).take(3).collect();
                differences.push(format!(
                    "{measure} {url}: Jekyll only {missing:?}, coldstart only {extra:?}"
                ));
            }
        };
        same("ids", &expected.ids, &actual.ids, &mut ids);
        same("hrefs", &expected.hrefs, &actual.hrefs, &mut hrefs);
        let (want, got): (Vec<&str>, Vec<&str>) = (
            expected.words.iter().map(String::as_str).collect(),
            actual.words.iter().map(String::as_str).collect(),
        );
        let ratio = similar::TextDiff::from_slices(&want, &got).ratio();
        if ratio >= SAME_TEXT {
            text += 1;
        } else {
            differences.push(format!("text {url}: {ratio:.3} similar"));
        }
    }
    Report {
        posts: n,
        differences,
        summary: format!("parity urls={urls}/{n} ids={ids}/{n} hrefs={hrefs}/{n} text={text}/{n}"),
    }
}

/// The file a URL is served from.
fn out_file(root: &Path, url: &str) -> PathBuf {
    let mut relative = url.trim_start_matches('/').to_string();
    if relative.is_empty() || relative.ends_with('/') {
        relative.push_str("index.html");
    }
    let path = root.join(relative);
    if path.is_dir() {
        path.join("index.html")
    } else {
        path
    }
}

/// The body between the bare layouts' markers, or `None` when the file or markers are missing.
fn body_of(path: &Path) -> Option<Body> {
    let html = std::fs::read(path).ok()?;
    let html = String::from_utf8_lossy(&html);
    let start = html.find("<!--CS-BODY-->")? + "<!--CS-BODY-->".len();
    let end = html.rfind("<!--/CS-BODY-->")?;
    Some(parse_body(html.get(start..end)?))
}

/// A whole written page, or `None` when the file is missing.
fn page_of(path: &Path) -> Option<Body> {
    let html = std::fs::read(path).ok()?;
    Some(parse_body(&String::from_utf8_lossy(&html)))
}

/// The heading ids, link targets and words of an HTML text.
fn parse_body(html: &str) -> Body {
    let fragment = Html::parse_fragment(html);
    let mut body = Body {
        ids: vec![],
        hrefs: vec![],
        words: vec![],
    };
    let mut text = String::new();
    for node in fragment.tree.root().descendants() {
        match node.value() {
            Node::Element(element) => {
                let name = element.name();
                if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    && let Some(id) = element.attr("id").filter(|id| !id.is_empty())
                {
                    body.ids.push(id.to_string());
                }
                if name == "a"
                    && let Some(href) = element.attr("href").filter(|h| !h.is_empty())
                {
                    body.hrefs.push(href.to_string());
                }
            }
            Node::Text(chunk) => {
                let in_script = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style"))
                });
                if !in_script {
                    // Chunks are joined with a space, so element boundaries split words.
                    text.push_str(chunk);
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    body.words = fold_typography(&text)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    body
}

/// Folds typographic quotes, dashes, ellipses and no-break spaces to ASCII.
fn fold_typography(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' => folded.push('\''),
            '\u{201c}' | '\u{201d}' => folded.push('"'),
            '\u{2013}' | '\u{2014}' => folded.push('-'),
            '\u{2026}' => folded.push_str("..."),
            '\u{a0}' => folded.push(' '),
            c => folded.push(c),
        }
    }
    folded
}

/// Asserts that every post of `site` matches Jekyll on all four measures, and that some
/// post was compared.
pub fn assert_parity(site: &Path) {
    assert_parity_with(site, &[]);
}

/// [`assert_parity`] with extra flags for both builds (`--drafts`, `--future`…).
pub fn assert_parity_with(site: &Path, flags: &[&str]) {
    assert_same_as_jekyll(site, compare(site, &coldstart(), flags), "post");
}

/// Builds `site` with `jekyll build` into `jekyll_out` and with coldstart and the bare
/// tera theme into `project_out` (`JEKYLL_ENV` unset for both, so both are in
/// `development`); panics with the output of a build that fails. Returns what coldstart
/// printed on stderr (its warnings).
pub fn build_both(site: &Path, jekyll_out: &Path, project_out: &Path) -> String {
    require_jekyll();
    let jekyll = Command::new("jekyll")
        .args(["build", "-q", "-s"])
        .arg(site)
        .arg("-d")
        .arg(jekyll_out)
        .env_remove("JEKYLL_ENV")
        .output()
        .expect("jekyll runs");
    assert!(
        jekyll.status.success(),
        "jekyll failed:\n{}",
        String::from_utf8_lossy(&jekyll.stderr)
    );
    let project = Command::new(coldstart())
        .args(["build", "--source"])
        .arg(site)
        .arg("--destination")
        .arg(project_out)
        .arg("--theme")
        .arg(repo().join("tests/fixtures/parity/bare-theme"))
        .env_remove("JEKYLL_ENV")
        .output()
        .expect("coldstart runs");
    let stderr = String::from_utf8_lossy(&project.stderr).into_owned();
    assert!(
        project.status.success(),
        "coldstart failed:\n{}{stderr}",
        String::from_utf8_lossy(&project.stdout)
    );
    stderr
}
