//! The Jekyll plugins real blogs load, against real Jekyll with Debian's plugins:
//! jekyll-mentions (links compared), jekyll-avatar (its markup printed escaped, so
//! the text comparison sees every attribute), jekyll-include-cache and
//! jekyll-github-metadata offline. jemoji is not in Debian: its output is checked
//! against the plugin's documented markup. An unknown tag fails both builds, and
//! coldstart's message names the tag, the file, the line and the likely plugin.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cli::{build_in, build_ok_in};
use common::jekyll::{assert_parity, build_both, require_jekyll};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bare_theme() -> PathBuf {
    repo().join("tests/fixtures/parity/bare-theme")
}

/// Writes a one-post site under `dir/src` with this configuration and post body.
fn write_site(dir: &Path, config: &str, body: &str) {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("_posts")).unwrap();
    std::fs::write(src.join("_config.yml"), config).unwrap();
    std::fs::write(
        src.join("_posts/2024-01-02-post.md"),
        format!("---\ntitle: Post\n---\n{body}"),
    )
    .unwrap();
}

#[test]
fn plugins_fixture_matches_jekyll() {
    assert_parity(&repo().join("tests/fixtures/jekyll-parity/plugins"));
}

/// jemoji's markup (its spec fixture: `:+1:` is `unicode/1f44d.png`, no `align`),
/// not inside code; `emoji.src` moves the images.
#[test]
fn jemoji_writes_the_plugins_images() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        "plugins: [jemoji]\nemoji:\n  src: https://cdn.example.com/e\n",
        "Good :+1: and `:smile:` :not_an_emoji:\n",
    );
    build_ok_in(dir.path(), &bare_theme(), &[]);
    let html = std::fs::read_to_string(dir.path().join("out/2024/01/02/post.html")).unwrap();
    assert!(
        html.contains("<p>Good <img class=\"emoji\" title=\":+1:\" alt=\":+1:\" src=\"https://cdn.example.com/e/emoji/unicode/1f44d.png\" height=\"20\" width=\"20\"> and <code class=\"language-plaintext highlighter-rouge\">:smile:</code> :not_an_emoji:</p>"),
        "{html}"
    );
}

/// Without the plugin listed, text stays as written.
#[test]
fn plugins_act_only_when_listed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), "title: t\n", "Hi @ann :smile:\n");
    build_ok_in(dir.path(), &bare_theme(), &[]);
    let html = std::fs::read_to_string(dir.path().join("out/2024/01/02/post.html")).unwrap();
    assert!(html.contains("<p>Hi @ann :smile:</p>"), "{html}");
}

/// Jekyll 4 ignores the old `gems:` key: what it lists is not loaded (as real Jekyll
/// shows), and coldstart says so at the key's line.
#[test]
fn the_old_gems_key_loads_nothing() {
    require_jekyll();
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), "title: t\ngems: [jemoji]\n", "Good :+1:\n");
    let (jekyll_out, project_out) = (dir.path().join("jekyll"), dir.path().join("out"));
    let stderr = build_both(&dir.path().join("src"), &jekyll_out, &project_out);
    let post = "2024/01/02/post.html";
    let by_jekyll = std::fs::read_to_string(jekyll_out.join(post)).unwrap();
    assert!(by_jekyll.contains("<p>Good :+1:</p>"), "{by_jekyll}");
    let html = std::fs::read_to_string(project_out.join(post)).unwrap();
    assert!(html.contains("<p>Good :+1:</p>"), "{html}");
    assert!(
        stderr.contains("_config.yml:2: warning: `gems`: Jekyll 4 no longer reads this key"),
        "{stderr}"
    );
}

/// `{% gist %}` without jekyll-gist: Jekyll fails ("Unknown tag 'gist'"), and so
/// does coldstart, naming the tag, the file and line, and the plugin.
#[test]
fn unknown_tags_fail_naming_the_plugin() {
    require_jekyll();
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), "title: t\n", "Intro\n\n{% gist 1234 %}\n");
    let jekyll = Command::new("jekyll")
        .args(["build", "-q", "-s"])
        .arg(dir.path().join("src"))
        .arg("-d")
        .arg(dir.path().join("jekyll"))
        .output()
        .unwrap();
    assert!(!jekyll.status.success(), "Jekyll built an unknown tag");
    let output = build_in(dir.path(), &bare_theme(), &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("_posts/2024-01-02-post.md:6")
            && stderr.contains("Unknown tag 'gist'")
            && stderr.contains("jekyll-gist"),
        "{stderr}"
    );
}

/// `github_edit_link` with no repository known: the link is empty and the build
/// warns at the tag (Jekyll stops there with "No repo name found"; a missing
/// edit link is not worth refusing a site).
#[test]
fn edit_links_without_a_repository_warn() {
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        "title: t\nplugins: [jekyll-github-metadata]\n",
        "Intro\n\n[{% github_edit_link %}]\n",
    );
    let output = build_ok_in(dir.path(), &bare_theme(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("_posts/2024-01-02-post.md:6") && stderr.contains("JekyllEditLink"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(dir.path().join("out/2024/01/02/post.html")).unwrap();
    assert!(html.contains("<p>[]</p>"), "{html}");
}

/// jekyll-gist offline: the same `<script>` tags as the plugin writes (by number, by
/// user and id, with a file, named by a variable), and its warning that no
/// `<noscript>` copy was made, at the tag's line.
#[test]
fn gists_embed_the_plugins_script_tags() {
    require_jekyll();
    let dir = tempfile::tempdir().unwrap();
    write_site(
        dir.path(),
        "title: t\nplugins: [jekyll-gist]\n",
        "Intro\n\n{% assign g = 'octo/abc123' %}\n\n{% gist 5555251 gist.md %}\n\n\
         {% gist parkr/931c1c8d465a04042403 %}\n\n{% gist g notes.txt %}\n",
    );
    let stderr = build_both(
        &dir.path().join("src"),
        &dir.path().join("jekyll"),
        &dir.path().join("out"),
    );
    let scripts = |side: &str| {
        let html =
            std::fs::read_to_string(dir.path().join(side).join("2024/01/02/post.html")).unwrap();
        regex::Regex::new(r#"<script src="https://gist[^>]*> </script>"#)
            .unwrap()
            .find_iter(&html)
            .map(|script| script.as_str().to_string())
            .collect::<Vec<_>>()
    };
    let (ours, theirs) = (scripts("out"), scripts("jekyll"));
    assert_eq!(ours.len(), 3, "{ours:?}");
    assert_eq!(ours, theirs);
    assert!(
        stderr.contains("_posts/2024-01-02-post.md:8") && stderr.contains("<noscript>"),
        "{stderr}"
    );
}
