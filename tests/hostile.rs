//! Hostile sites through the real `coldstart build`: one case per class of attack
//! (data loss, escapes, crashes and hangs, messages), and a seeded fuzz run over front
//! matter, Liquid and Markdown. Each case checks the exit status or the warning, the
//! file and line in the message, that nothing panicked, that a failed build left the
//! destination byte for byte as it was, and that nothing outside the project changed;
//! every run has a generous wall-clock bound (a hang test, not a speed test).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far beyond any honest build here, even on a loaded machine.
const HANG_BOUND: Duration = Duration::from_secs(300);

/// What one build printed and how it ended.
struct Run {
    success: bool,
    stderr: String,
}

/// `coldstart build -s src -d _site` in `project`, killed (and the test failed) if
/// it outlives [`HANG_BOUND`]; a panic message fails the test.
fn build(project: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(project)
        .args(["build", "-s", "src", "-d", "_site"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG_BOUND {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the build hung for more than {HANG_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
    assert!(status.code().is_some(), "killed by a signal: {status}");
    Run {
        success: status.success(),
        stderr,
    }
}

/// Builds `project`, which succeeds with a warning at `place` (`file:line`).
fn builds_with_a_warning_at(project: &Path, place: &str) {
    let run = build(project);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stderr.contains(place) && run.stderr.contains("warning"),
        "{}",
        run.stderr
    );
}

/// Every file under `root` with its bytes (symlinks as their targets' text).
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(root)
        .into_iter()
        .map(|relative| {
            let bytes = std::fs::read(root.join(&relative)).unwrap();
            (relative, bytes)
        })
        .collect()
}

/// A project folder with `src/_config.yml` and the given source files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("src/_config.yml"), "title: Hostile\n");
    for (path, text) in files {
        write(&dir.path().join("src").join(path), text);
    }
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds `project` once cleanly, adds `bad` files, and checks the failed build:
/// non-zero exit, `expected` (a file and line) in the message, `_site` unchanged.
fn fails_leaving_the_site(project: &Path, bad: &[(&str, &str)], expected: &str) -> String {
    assert!(build(project).success, "the clean build failed");
    let site = project.join("_site");
    write(&site.join(".git/HEAD"), "ref: refs/heads/main\n");
    let before = snapshot(&site);
    for (path, text) in bad {
        write(&project.join("src").join(path), text);
    }
    let run = build(project);
    assert!(!run.success, "built: {}", run.stderr);
    assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    assert!(snapshot(&site) == before, "the destination changed");
    for (path, _) in bad {
        std::fs::remove_file(project.join("src").join(path)).unwrap();
    }
    run.stderr
}

const CONFIG_KEEPING_GIT: &str = "title: Hostile\nkeep_files: [.git]\n";

#[test]
fn keep_files_survive_failed_and_successful_builds() {
    let dir = project(&[("_config.yml", CONFIG_KEEPING_GIT), ("index.md", "# Hi\n")]);
    fails_leaving_the_site(
        dir.path(),
        &[(
            "_posts/2024-01-01-bad.md",
            "---\n---\nok\n\n{{ 1 | divided_by: 0 }}\n",
        )],
        "2024-01-01-bad.md:5",
    );
    assert!(build(dir.path()).success);
    let head = std::fs::read_to_string(dir.path().join("_site/.git/HEAD")).unwrap();
    assert_eq!(head, "ref: refs/heads/main\n");
    // The replaced site goes with a detached `rm -rf` that may outlive the build.
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("coldstart-new"))
            .collect()
    };
    let started = Instant::now();
    while !leftovers().is_empty() && started.elapsed() < HANG_BOUND {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(leftovers().is_empty(), "{:?}", leftovers());
}

#[test]
fn symlinks_out_of_the_source_loops_and_pipes_are_refused_with_a_warning() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    write(&secret, "TOP-SECRET-VALUE\n");
    write(
        &outside.path().join("folder/inner.yml"),
        "k: TOP-SECRET-VALUE\n",
    );
    let dir = project(&[("index.md", "# Hi\n")]);
    let src = dir.path().join("src");
    let links = [
        (secret.clone(), "secret.txt"),
        (secret.clone(), "_data/secret.yml"),
        (outside.path().join("folder"), "_data/folder"),
        (outside.path().join("folder"), "copied"),
        (src.clone(), "sub/loop"),
    ];
    for (target, link) in &links {
        std::fs::create_dir_all(src.join(link).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, src.join(link)).unwrap();
    }
    std::os::unix::fs::symlink("/dev/zero", src.join("zero.txt")).unwrap();
    let fifo = std::ffi::CString::new(src.join("_data/pipe.yml").to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let outside_before = snapshot(outside.path());

    let run = build(dir.path());
    assert!(run.success, "{}", run.stderr);
    for (_, link) in &links {
        assert!(
            run.stderr.contains(&format!("{link}: warning")),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("_data/pipe.yml: warning"),
        "{}",
        run.stderr
    );
    for (path, bytes) in snapshot(&dir.path().join("_site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET-VALUE"),
            "{path} leaks the secret"
        );
    }
    assert!(snapshot(outside.path()) == outside_before);

    write(&src.join("page.md"), "---\n---\n{% include leak.html %}\n");
    std::os::unix::fs::symlink(&secret, src.join("_includes/leak.html")).unwrap_or_else(|_| {
        std::fs::create_dir_all(src.join("_includes")).unwrap();
        std::os::unix::fs::symlink(&secret, src.join("_includes/leak.html")).unwrap();
    });
    let run = build(dir.path());
    assert!(!run.success);
    assert!(run.stderr.contains("page.md:3"), "{}", run.stderr);
    assert!(run.stderr.contains("leaves the source"), "{}", run.stderr);
}

#[test]
fn liquid_that_crashed_the_engine_builds_as_jekyll_does() {
    let dir = project(&[(
        "_posts/2024-01-01-numbers.md",
        "---\n---\n{{ 99999999999999999999 }},{% tablerow i in (1..2) cols: 0 %}{{ i }}{% endtablerow %},{{ -9223372036854775807 | minus: 1 | divided_by: -1 }},{{ -9223372036854775807 | minus: 1 | modulo: -1 }}\n",
    )]);
    let run = build(dir.path());
    assert!(run.success, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.path().join("_site/2024/01/01/numbers.html")).unwrap();
    assert!(html.contains("99999999999999999999,"), "{html}");
}

#[test]
fn tablerow_with_a_variable_zero_cols_builds_as_jekyll_does() {
    common::jekyll::assert_parity(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jekyll-parity/tablerow-cols"),
    );
}

#[test]
fn messages_name_the_file_and_line_and_stay_short() {
    let dir = project(&[("index.md", "# Hi\n")]);
    fails_leaving_the_site(
        dir.path(),
        &[(
            "climb.md",
            "---\n---\nintro\n{% include ../../etc/passwd %}\n",
        )],
        "climb.md:4",
    );
    let long_permalink = format!("---\npermalink: /{}/\n---\nhi\n", "a".repeat(300));
    let stderr = fails_leaving_the_site(
        dir.path(),
        &[("_posts/2024-01-01-long.md", &long_permalink)],
        "2024-01-01-long.md",
    );
    assert!(
        !stderr.contains("coldstart-new"),
        "names a temporary folder: {stderr}"
    );
    let minified = format!(
        "---\n---\n<p>{}{{{{ 1 | divided_by: 0 }}}}{}</p>\n",
        "x".repeat(5_000),
        "y".repeat(5_000)
    );
    let stderr = fails_leaving_the_site(dir.path(), &[("minified.md", &minified)], "minified.md:3");
    let longest = stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a line of {longest} characters: {stderr}");
}

#[test]
fn liquid_limits_are_errors_naming_file_and_line() {
    let dir = project(&[("index.md", "# Hi\n")]);
    let deep = format!(
        "---\n---\nintro\n{}x{}\n",
        "{% if true %}".repeat(1200),
        "{% endif %}".repeat(1200)
    );
    let stderr = fails_leaving_the_site(
        dir.path(),
        &[("_posts/2024-01-01-deep.md", &deep)],
        "2024-01-01-deep.md:4",
    );
    assert!(stderr.contains("nested"), "{stderr}");
    let unclosed = format!("---\n---\nintro {}\n", "{% raw %}".repeat(50_000));
    let stderr = fails_leaving_the_site(
        dir.path(),
        &[("_posts/2024-01-01-raw.md", &unclosed)],
        "2024-01-01-raw.md:3:7",
    );
    assert!(stderr.contains("never closed"), "{stderr}");
    let stderr = fails_leaving_the_site(
        dir.path(),
        &[(
            "_posts/2024-01-01-loop.md",
            "---\n---\n{% for i in (1..100000000000) %}{% endfor %}\n",
        )],
        "2024-01-01-loop.md",
    );
    assert!(stderr.contains("more than"), "{stderr}");
    // A mebibyte written ten thousand times: few iterations, gigabytes of output.
    let doubling = "{% assign s = s | append: s %}".repeat(20);
    let huge = format!(
        "---\n---\n{{% assign s = 'x' %}}{doubling}\n{{% for i in (1..10000) %}}{{{{ s }}}}{{% endfor %}}\n"
    );
    let stderr = fails_leaving_the_site(
        dir.path(),
        &[("_posts/2024-01-01-huge.md", &huge)],
        "2024-01-01-huge.md",
    );
    assert!(stderr.contains("MiB"), "{stderr}");
}

#[test]
fn hostile_markdown_and_yaml_end_in_bounded_time() {
    let markers = format!("---\n---\n{}x\n", "- ".repeat(100_000));
    let dir = project(&[("_posts/2024-01-01-list.md", &markers)]);
    let run = build(dir.path());
    assert!(run.success, "{}", run.stderr);
    // Jekyll reads a file whose front matter is invalid without it, with a warning;
    // with `strict_front_matter` the build fails.
    let brackets = format!("---\ntitle: t\ntags: {}\n---\nx\n", "[".repeat(100_000));
    let post = dir.path().join("src/_posts/2024-01-02-yaml.md");
    write(&post, &brackets);
    builds_with_a_warning_at(dir.path(), "2024-01-02-yaml.md:3");
    std::fs::remove_file(&post).unwrap();
    write(
        &dir.path().join("src/_config.yml"),
        "strict_front_matter: true\n",
    );
    fails_leaving_the_site(
        dir.path(),
        &[("_posts/2024-01-02-yaml.md", &brackets)],
        "2024-01-02-yaml.md:3",
    );
}

/// A tiny seeded generator (xorshift), so every run tries the same inputs.
struct Seeded(u64);

impl Seeded {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        from[(self.0 % from.len() as u64) as usize]
    }
}

const FRONT_MATTER: &[&str] = &[
    "title: x\n",
    "tags: [a, [b, {c: d}]]\n",
    "date: 2024-13-45\n",
    "layout: nope\n",
    "permalink: /:title/../../x\n",
    "a: &a [1, *a]\n",
    "b: !!binary xx\n",
    "c: \"\\u0000\"\n",
    "d: {\n",
    "excerpt_separator: ''\n",
    "published: maybe\n",
    "categories: 12\n",
];

const BODY: &[&str] = &[
    "{{ ",
    "}}",
    "{% ",
    " %}",
    "if x",
    "endif",
    "for i in (1..3)",
    "endfor",
    "| plus: ",
    "| divided_by: 0",
    "| modulo: -1",
    "99999999999999999999",
    "-9223372036854775808",
    "cols: 0",
    "tablerow i in (0..2)",
    "endtablerow",
    "include ../x",
    "raw",
    "endraw",
    "- ",
    "> ",
    "* ",
    "1. ",
    "```",
    "~~~",
    "[a](",
    ")",
    "[^1]",
    "{: #id}",
    "<div markdown=\"1\">",
    "</div>",
    "\n",
    "\n\n",
    "    ",
    "| a | b |\n|---|---|\n",
    "$$",
    "\\",
    "&amp;",
    "<!--",
    "é",
    "\t",
];

/// The fuzz run's rounds and seed: 12 from a fixed seed, or as many as
/// `COLDSTART_FUZZ_ROUNDS` says from `COLDSTART_FUZZ_SEED` (a longer run by hand).
fn fuzz_budget() -> (u32, u64) {
    let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
    (
        number("COLDSTART_FUZZ_ROUNDS").map_or(12, |n: u64| n as u32),
        number("COLDSTART_FUZZ_SEED").unwrap_or(0x5eed_c01d_57a7),
    )
}

#[test]
fn fuzzed_posts_never_panic_or_hang() {
    let (rounds, seed) = fuzz_budget();
    let mut seeded = Seeded(seed.max(1));
    let dir = project(&[]);
    for round in 0..rounds {
        let mut text = String::from("---\n");
        for _ in 0..3 {
            text.push_str(seeded.pick(FRONT_MATTER));
        }
        text.push_str("---\n");
        for _ in 0..60 {
            text.push_str(seeded.pick(BODY));
        }
        let post = dir.path().join("src/_posts/2024-01-01-fuzz.md");
        write(&post, &text);
        let run = build(dir.path());
        if !run.success {
            assert!(
                run.stderr.contains("2024-01-01-fuzz.md") || run.stderr.contains("_config.yml"),
                "round {round}: an error without its file:\n{}\n{text}",
                run.stderr
            );
        }
    }
}

#[test]
fn invalid_utf8_is_an_error_at_its_line_and_column() {
    let dir = project(&[("index.md", "# Hi\n")]);
    assert!(build(dir.path()).success);
    let before = snapshot(&dir.path().join("_site"));
    let post = dir.path().join("src/_posts/2024-01-01-bytes.md");
    std::fs::create_dir_all(post.parent().unwrap()).unwrap();
    std::fs::write(&post, b"---\n---\nok\nab\xff\n").unwrap();
    let run = build(dir.path());
    assert!(!run.success);
    assert!(
        run.stderr.contains("2024-01-01-bytes.md:4:3"),
        "{}",
        run.stderr
    );
    assert!(snapshot(&dir.path().join("_site")) == before);
}

#[test]
fn billion_laughs_front_matter_is_a_warning_at_its_first_alias() {
    let mut front_matter = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let row = vec![format!("*a{}", i - 1); 9].join(", ");
        front_matter.push_str(&format!("a{i}: &a{i} [{row}]\n"));
    }
    let dir = project(&[(
        "_posts/2024-01-01-laughs.md",
        &format!("---\n{front_matter}---\nx\n"),
    )]);
    builds_with_a_warning_at(dir.path(), "2024-01-01-laughs.md:3");
}
