//! coldstart as an installed tool: the binary alone, copied away from the repository
//! and run from an empty folder with no `themes/` anywhere near it, builds and serves a
//! site with the default theme compiled into it. Also what a newcomer met on the way:
//! `serve` on a missing source, `serve --help`, front-matter error lines, the feed's
//! generator, empty tag pages, the favicon and the code blocks' language labels.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::browser::Browser;
use common::served::ServedProject;

/// A binary installed away from the repository, and an empty folder to run it in.
struct Installed {
    dir: tempfile::TempDir,
}

impl Installed {
    /// Copies the built binary to `TMP/bin/coldstart` and writes a small site to
    /// `TMP/site` (no tags, no categories, no theme).
    ///
    /// The copy is made by `cp`, not `std::fs::copy`: a write descriptor open in
    /// this process leaks into any child another test thread forks meanwhile, and
    /// running the copy then fails with "Text file busy" (ETXTBSY).
    fn new() -> Installed {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let copied = Command::new("cp")
            .arg(env!("CARGO_BIN_EXE_coldstart"))
            .arg(bin.join("coldstart"))
            .status()
            .expect("cp runs");
        assert!(copied.success(), "cp of the built binary failed");
        std::fs::create_dir_all(dir.path().join("work")).unwrap();
        let installed = Installed { dir };
        installed.write(
            "site/_config.yml",
            "title: Installed\nplugins: [jekyll-feed]\n",
        );
        installed.write(
            "site/_posts/2024-05-01-hello.md",
            "---\ntitle: Hello\n---\nSome text.\n\n\
             {% highlight python %}\ndef f():\n    return 1\n{% endhighlight %}\n\n\
             ```python\ndef g():\n    return 2\n```\n",
        );
        installed.write("site/about.md", "---\ntitle: About\n---\nAbout me.\n");
        installed
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn binary(&self) -> PathBuf {
        self.path("bin/coldstart")
    }

    /// Runs the installed binary in the empty `work/` folder.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(self.binary())
            .current_dir(self.path("work"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// `coldstart serve -s ../site --port 0`, from the empty `work/`.
    fn serve(self) -> ServedProject {
        let (binary, work) = (self.binary(), self.path("work"));
        let args = ["serve", "--port", "0", "-s", "../site"];
        ServedProject::spawn(self.dir, &work, &binary, &args)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_installed_binary_builds_a_site_from_an_empty_folder() {
    let installed = Installed::new();
    let output = installed.run(&["build", "-s", "../site"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("Built 1 post, 1 page, "),
        "the summary line: {stdout}"
    );

    let post = installed.read("work/_site/2024/05/01/hello.html");
    assert!(post.contains("<title>Hello | Installed</title>"), "{post}");
    assert!(
        post.contains("<link rel=\"icon\" href=\"/favicon.ico\""),
        "the head links the favicon"
    );
    let favicon = std::fs::read(installed.path("work/_site/favicon.ico")).unwrap();
    assert_eq!(&favicon[..4], &[0, 0, 1, 0], "an ICO file");
    assert!(installed.path("work/_site/assets/css/style.css").is_file());
    assert!(installed.path("work/_site/assets/css/syntax.css").is_file());

    // No tags or categories: no index pages that would list nothing.
    for empty in ["tags", "categories"] {
        assert!(
            !installed.path("work/_site").join(empty).exists(),
            "/{empty}/ for a site without any"
        );
    }

    // jekyll-feed's generator element, as a Jekyll build writes it.
    let feed = installed.read("work/_site/feed.xml");
    assert!(
        feed.contains(
            "<generator uri=\"https://jekyllrb.com/\" version=\"4.3.1\">Jekyll</generator>"
        ),
        "{}",
        &feed[..feed.len().min(400)]
    );
}

#[test]
fn an_installed_binary_serves_a_site_from_an_empty_folder() {
    let served = Installed::new().serve();
    let page = served.get("/2024/05/01/hello.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Some text."));
    let favicon = served.get("/favicon.ico");
    assert_eq!(favicon.status, 200);
    assert_eq!(&favicon.body[..4], &[0, 0, 1, 0]);
    assert_eq!(served.get("/assets/css/style.css").status, 200);
    assert_eq!(served.get("/tags/").status, 404);
}

#[test]
fn a_theme_folder_in_the_site_replaces_the_embedded_one() {
    let installed = Installed::new();
    installed.write(
        "site/themes/default/templates/default.html",
        "<p class=\"mine\">{{ page.content | safe }}</p>",
    );
    let output = installed.run(&["build", "-s", "../site"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let post = installed.read("work/_site/2024/05/01/hello.html");
    assert!(post.starts_with("<p class=\"mine\">"), "{post}");
    assert!(
        !installed.path("work/_site/themes").exists(),
        "the theme is not a part of the site"
    );
    assert!(!installed.path("work/_site/favicon.ico").exists());
}

#[test]
fn version_prints_the_package_version() {
    let output = Installed::new().run(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("coldstart {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn serve_on_a_missing_source_exits_with_the_error() {
    let installed = Installed::new();
    let mut child = Command::new(installed.binary())
        .current_dir(installed.path("work"))
        .args(["serve", "--port", "0", "-s", "/no/such/site"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve kept running on a missing source");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    assert!(!status.success());
    let message = stderr(&output);
    assert!(
        message.contains("/no/such/site") && message.contains("does not exist"),
        "{message}"
    );
}

#[test]
fn serve_help_offers_no_destination() {
    let installed = Installed::new();
    let serve = String::from_utf8_lossy(&installed.run(&["serve", "--help"]).stdout).into_owned();
    assert!(serve.contains("--port"), "{serve}");
    assert!(
        !serve.contains("--destination"),
        "serve writes nothing:\n{serve}"
    );
    assert!(!serve.contains("-d,"), "{serve}");
    let build = String::from_utf8_lossy(&installed.run(&["build", "--help"]).stdout).into_owned();
    assert!(build.contains("-d, --destination"), "{build}");
}

#[test]
fn a_front_matter_error_names_its_own_line() {
    let installed = Installed::new();
    installed.write(
        "site/_posts/2024-05-02-broken.md",
        "---\ntitle: Broken\nlayout: post\nsubtitle: \"never closed\nother: 1\n---\nBody.\n",
    );
    // Jekyll reads the post without its front matter and warns; so does coldstart.
    let output = installed.run(&["build", "-s", "../site"]);
    let message = stderr(&output);
    assert!(output.status.success(), "{message}");
    assert!(
        message.contains("2024-05-02-broken.md:4:") && message.contains("warning"),
        "the unclosed quote is on line 4:\n{message}"
    );
}

/// `{{ jekyll.version }}` in Liquid and jekyll-feed's `<generator>` read as they do in
/// a real Jekyll build of the same site.
#[test]
fn the_jekyll_version_and_the_feed_generator_are_jekylls() {
    common::jekyll::require_jekyll();
    let installed = Installed::new();
    installed.write(
        "site/version.txt",
        "---\nlayout: null\n---\nJekyll v{{ jekyll.version }}\n",
    );
    let output = installed.run(&["build", "-s", "../site"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let jekyll = Command::new("jekyll")
        .current_dir(installed.path("work"))
        .args(["build", "-q", "-s", "../site", "-d", "jekyll_site"])
        .output()
        .unwrap();
    assert!(jekyll.status.success(), "jekyll: {}", stderr(&jekyll));

    let generator = |site: &str| {
        let feed = installed.read(&format!("work/{site}/feed.xml"));
        let start = feed.find("<generator").expect("a <generator>");
        let end = feed[start..].find("</generator>").expect("closed") + start;
        feed[start..end].to_string()
    };
    assert_eq!(generator("_site"), generator("jekyll_site"));
    assert!(
        generator("_site").contains("version=\"4.3."),
        "{}",
        generator("_site")
    );
    assert_eq!(
        installed.read("work/_site/version.txt"),
        installed.read("work/jekyll_site/version.txt")
    );
}

/// In the default theme, a code block's language label sits in the block's corner: not
/// in front of the first line, not in the text a reader copies.
#[test]
fn code_labels_stay_out_of_the_code() {
    let served = Installed::new().serve();
    let browser = Browser::start();
    browser.open(&format!("{}2024/05/01/hello.html", served.url));
    let report = browser.run(
        "return [...document.querySelectorAll('figure.highlight code, .highlighter-rouge code')]
           .map(code => {
             const block = code.closest('.highlighter-rouge') || code;
             const label = getComputedStyle(block, '::before');
             const pre = code.closest('pre');
             const first = document.createRange();
             first.setStart(code, 0); first.setEnd(code, 1);
             const selection = window.getSelection();
             selection.selectAllChildren(code);
             const copied = selection.toString();
             selection.removeAllRanges();
             return {
               label: label.content, position: label.position,
               text: code.innerText, copied,
               indent: first.getBoundingClientRect().left - pre.getBoundingClientRect().left
                 - parseFloat(getComputedStyle(pre).paddingLeft)
                 - parseFloat(getComputedStyle(pre).borderLeftWidth),
             };
           })",
    );
    let blocks = report.as_array().expect("a list");
    assert_eq!(blocks.len(), 2, "{report}");
    for block in blocks {
        assert_eq!(
            block["label"].as_str().unwrap().to_lowercase(),
            "\"python\"",
            "{block}"
        );
        assert_eq!(block["position"], "absolute", "{block}");
        for text in [&block["text"], &block["copied"]] {
            let text = text.as_str().unwrap();
            assert!(text.starts_with("def "), "no label in the code: {block}");
        }
        let indent = block["indent"].as_f64().unwrap();
        assert!(
            indent.abs() < 1.0,
            "the first line starts at the edge: {block}"
        );
    }
}

/// The binary was copied, not linked: nothing of the repository is read at run time.
#[test]
fn the_installed_binary_lives_away_from_the_repository() {
    let installed = Installed::new();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(!installed.binary().starts_with(repository));
    assert!(!installed.path("work").join("themes").exists());
    assert!(!installed.path("themes").exists());
}
