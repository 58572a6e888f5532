//! Sass pages against real Jekyll (Debian's jekyll-sass-converter 2.2 with `sassc`), and
//! what a Sass page does in errors and incremental rebuilds.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::Utc;
use coldstart::build::{self, BuildCache, RenderedSite};
use coldstart::config::{BuildOptions, Config};
use coldstart::output::Contents;
use common::copy_dir;
use common::jekyll::{build_both, coldstart};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sass")
}

fn bare_theme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parity/bare-theme")
}

/// A scratch copy of the fixture site.
fn scratch_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    copy_dir(&fixture(), &src);
    (dir, src)
}

fn build_coldstart(src: &Path, out: &Path) -> Output {
    Command::new(coldstart())
        .arg("build")
        .arg("--source")
        .arg(src)
        .arg("--destination")
        .arg(out)
        .arg("--theme")
        .arg(bare_theme())
        .output()
        .expect("coldstart runs")
}

/// A stylesheet as the list of its top-level rules, each with its whitespace and
/// comments taken out: the same rules (selectors, declarations, at-rule nesting, in
/// order) are equal whatever the layout. This is what "the same CSS" means here:
/// libsass's `compact` and grass's output may place spaces and line breaks
/// differently, and comments (the source-map one too) are dropped, but every selector,
/// property and computed value must be the same text.
fn rules(css: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for mark in ["{", "}", ";", ":", ","] {
        squeezed = squeezed
            .replace(&format!(" {mark}"), mark)
            .replace(&format!("{mark} "), mark);
    }
    let squeezed = squeezed.replace(";}", "}");
    let (mut rules, mut current, mut depth) = (Vec::new(), String::new(), 0usize);
    for c in squeezed.chars() {
        current.push(c);
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    rules.push(std::mem::take(&mut current));
                }
            }
            _ => {}
        }
    }
    rules.extend(Some(current).filter(|rest| !rest.trim().is_empty()));
    rules
}

#[test]
fn rules_ignore_layout_but_not_values() {
    let compact = "a { color: red; }\n\n@media (x: 1px) { b { margin: 0 auto; } }\n\n/*# sourceMappingURL=m.css.map */";
    let expanded =
        "a {\n  color: red;\n}\n\n@media (x: 1px) {\n  b {\n    margin: 0 auto;\n  }\n}\n";
    assert_eq!(rules(compact), rules(expanded));
    assert_eq!(rules(compact).len(), 2);
    assert_ne!(rules("a { color: red; }"), rules("a { color: #f00; }"));
    assert_ne!(rules("a b { x: 1; }"), rules("a, b { x: 1; }"));
}

#[test]
fn sass_pages_compile_to_the_same_css_as_jekyll() {
    let (dir, src) = scratch_site();
    let (jekyll_out, project_out) = (dir.path().join("jekyll"), dir.path().join("project"));
    build_both(&src, &jekyll_out, &project_out);
    for page in [
        "css/main.css",
        "css/print.css",
        "css/climb.css",
        "assets/css/style.css",
        "css/listed.css",
    ] {
        let read = |root: &Path| {
            std::fs::read_to_string(root.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
        };
        let (want, got) = (read(&jekyll_out), read(&project_out));
        assert!(!rules(&want).is_empty(), "{page}: Jekyll wrote no rules");
        assert_eq!(
            rules(&got),
            rules(&want),
            "{page}:\n{got}\n--- Jekyll:\n{want}"
        );
        // The source map beside it lists the same sources (coldstart's maps no segment).
        let sources = |root: &Path| {
            let map = std::fs::read_to_string(root.join(format!("{page}.map")))
                .unwrap_or_else(|e| panic!("{page}.map: {e}"));
            serde_json::from_str::<serde_json::Value>(&map).unwrap()["sources"].clone()
        };
        assert_eq!(sources(&project_out), sources(&jekyll_out), "{page}.map");
    }
    // Without front matter a `.scss` file is a static file, copied as it is.
    let plain = "css/plain.scss";
    assert_eq!(
        std::fs::read(project_out.join(plain)).unwrap(),
        std::fs::read(jekyll_out.join(plain)).unwrap()
    );
    assert!(!project_out.join("css/plain.css").exists());
}

/// Builds the scratch site expecting failure; returns what it printed.
fn failing_build(src: &Path) -> String {
    let out = build_coldstart(src, &src.with_file_name("out"));
    assert!(!out.status.success(), "the build should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_sass_error_names_the_file_line_and_column() {
    let (_dir, src) = scratch_site();
    let partial = src.join("_sass/components/_buttons.scss");
    let text = std::fs::read_to_string(&partial).unwrap();
    std::fs::write(
        &partial,
        text.replacen("$gutter / 2 $gutter", "$gutter / 2 $nope", 1),
    )
    .unwrap();
    let stderr = failing_build(&src);
    assert!(
        stderr
            .contains("_sass/components/_buttons.scss:3:24: error: Sass error: Undefined variable"),
        "{stderr}"
    );
    assert!(
        stderr.contains("3 |   padding: $gutter / 2 $nope;"),
        "{stderr}"
    );

    // In the page itself, lines count from the top of the file (front matter included).
    std::fs::write(&partial, text).unwrap();
    let page = src.join("css/main.scss");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("darken($brand", "darken($nope", 1)).unwrap();
    let stderr = failing_build(&src);
    assert!(stderr.contains("css/main.scss:12:17: error"), "{stderr}");
    assert!(
        stderr.contains("12 |   color: darken($nope, 10%);"),
        "{stderr}"
    );
}

fn css_of(site: &RenderedSite, path: &str) -> String {
    match &site
        .files
        .get(path)
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
    {
        Contents::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Contents::CopyOf(file) => std::fs::read_to_string(file).unwrap(),
    }
}

#[test]
fn an_edited_partial_recompiles_the_sass_pages_in_an_incremental_rebuild() {
    let (dir, src) = scratch_site();
    let config = || {
        Config::load(&BuildOptions {
            source: Some(src.clone()),
            theme: Some(bare_theme().display().to_string()),
            project_root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    };
    let mut cache = BuildCache::new(Utc::now());
    let first = build::render_site_incremental(config(), &[], &mut cache).unwrap();
    assert!(css_of(&first, "css/main.css").contains("padding: 24px"));

    let partial = src.join("_sass/_base.scss");
    let text = std::fs::read_to_string(&partial).unwrap();
    std::fs::write(&partial, text.replacen("$gutter: 12px", "$gutter: 10px", 1)).unwrap();
    let second = build::render_site_incremental(config(), &[partial], &mut cache).unwrap();
    let clean = build::render_site_incremental(config(), &[], &mut BuildCache::new(Utc::now()));
    let clean = clean.unwrap();
    // `print.scss` runs no Liquid: only its `@import` ties it to the partial.
    for page in ["css/main.css", "css/print.css"] {
        let css = css_of(&second, page);
        assert!(css.contains("padding: 20px"), "{page}: {css}");
        assert_eq!(css, css_of(&clean, page));
    }
}

#[test]
fn a_sass_warn_is_a_located_warning_and_the_build_goes_on() {
    let (dir, src) = scratch_site();
    let page = src.join("css/print.scss");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen(
            "@media print",
            "@warn \"few print rules\";\n@media print",
            1,
        ),
    )
    .unwrap();
    let out = build_coldstart(&src, &dir.path().join("out"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("css/print.scss:6:7: warning: Sass @warn: few print rules"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("few print rules").count(), 1, "{stderr}");
}
