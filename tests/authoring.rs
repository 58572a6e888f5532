//! `init`, `new post|draft`, `publish` and `unpublish` on temporary sites, refusals
//! included: nothing is ever overwritten.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository (the default theme is found from there until it is embedded).
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `coldstart ARGS…` in `dir`.
fn coldstart_in(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("coldstart runs")
}

/// Runs it and asserts success.
fn ok_in(dir: &Path, args: &[&str]) -> String {
    let output = coldstart_in(dir, args);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}:\n{text}{errors}");
    text
}

/// Runs it and asserts failure; returns stderr.
fn refused_in(dir: &Path, args: &[&str]) -> String {
    let output = coldstart_in(dir, args);
    assert!(!output.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A site whose posts default to `layout: article`, with one draft and one post.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("_config.yml"),
        "title: T\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: article}\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("_drafts")).unwrap();
    std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
    std::fs::write(
        dir.path().join("_drafts/idea.md"),
        "---\ntitle: Idea # kept\nseries: Intro\n---\nBody.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("_posts/2020-01-02-old.md"),
        "---\ntitle: Old\ndate: 2020-01-02 10:00\nseries: intro\n---\nOld.\n",
    )
    .unwrap();
    dir
}

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let parent = tempfile::tempdir().unwrap();
    let site = parent.path().join("blog");
    ok_in(parent.path(), &["init", site.to_str().unwrap()]);
    let post = site.join(format!("_posts/{}-welcome.md", today()));
    assert!(post.is_file() && site.join("about.md").is_file());
    assert!(
        !site.join("themes").exists(),
        "no theme files without --eject-theme"
    );
    let source = site.to_str().unwrap();
    let destination = site.join("_site");
    ok_in(
        &repo(),
        &["build", "-s", source, "-d", destination.to_str().unwrap()],
    );
    assert!(destination.join("about/index.html").is_file());
    assert!(ok_in(&repo(), &["check", "-s", source]).contains(": no problems"));

    let before = read(&post);
    let refusal = refused_in(parent.path(), &["init", source]);
    assert!(refusal.contains("not empty"), "{refusal}");
    assert_eq!(read(&post), before, "a refused init changes nothing");
}

#[test]
fn init_with_eject_theme_builds_from_the_copied_theme() {
    let parent = tempfile::tempdir().unwrap();
    ok_in(parent.path(), &["init", "blog", "--eject-theme"]);
    let site = parent.path().join("blog");
    let base = site.join("themes/default/templates/base.html");
    assert_eq!(
        read(&base),
        read(repo().join("themes/default/templates/base.html"))
    );
    ok_in(&site, &["build"]);
    assert!(site.join("_site/index.html").is_file());
}

#[test]
fn new_post_is_dated_slugged_and_prefilled_from_defaults() {
    let site = site();
    ok_in(site.path(), &["new", "post", "Hello: World, Again!"]);
    let path = site
        .path()
        .join(format!("_posts/{}-hello-world-again.md", today()));
    let text = read(&path);
    assert!(
        text.starts_with("---\nlayout: article\ntitle: 'Hello: World, Again!'\ndate: "),
        "{text}"
    );
    assert!(text.contains(&format!("date: {} ", today())), "{text}");

    std::fs::write(&path, "mine").unwrap();
    let refusal = refused_in(site.path(), &["new", "post", "Hello: World, Again!"]);
    assert!(refusal.contains("already exists"), "{refusal}");
    assert_eq!(read(&path), "mine", "never overwritten");
}

#[test]
fn new_draft_joins_a_series_as_its_next_part() {
    let site = site();
    ok_in(
        site.path(),
        &["new", "draft", "Third part", "--series", "intro", "-s", "."],
    );
    let text = read(site.path().join("_drafts/third-part.md"));
    assert_eq!(
        text,
        "---\nlayout: article\ntitle: Third part\nseries: intro\npart: 3\n---\n\n"
    );
}

#[test]
fn publish_dates_a_draft_and_unpublish_takes_it_back() {
    let site = site();
    let out = ok_in(site.path(), &["publish", "idea"]);
    let post = site.path().join(format!("_posts/{}-idea.md", today()));
    assert!(out.contains("Published"), "{out}");
    assert!(!site.path().join("_drafts/idea.md").exists());
    let text = read(&post);
    assert!(
        text.starts_with("---\ntitle: Idea # kept\nseries: Intro\ndate: "),
        "{text}"
    );
    assert!(text.ends_with("---\nBody.\n"), "{text}");

    let name = format!("{}-idea.md", today());
    ok_in(site.path(), &["unpublish", &name]);
    assert!(!post.exists());
    assert_eq!(
        read(site.path().join("_drafts/idea.md")),
        "---\ntitle: Idea # kept\nseries: Intro\n---\nBody.\n"
    );
}

#[test]
fn refusals_name_the_file_and_change_nothing() {
    let site = site();
    let refusal = refused_in(site.path(), &["publish", "nothing-here"]);
    assert!(
        refusal.contains("_drafts/nothing-here: error: no such draft"),
        "{refusal}"
    );
    let refusal = refused_in(site.path(), &["unpublish", "nothing-here.md"]);
    assert!(refusal.contains("no such post"), "{refusal}");
    // A file of that name outside `_drafts/` is not a draft.
    std::fs::write(site.path().join("notes.md"), "mine").unwrap();
    let refusal = refused_in(site.path(), &["publish", "notes.md"]);
    assert!(refusal.contains("no such draft"), "{refusal}");
    assert_eq!(read(site.path().join("notes.md")), "mine");

    // A post of the same name today: publish refuses and the draft stays.
    let taken = site.path().join(format!("_posts/{}-idea.md", today()));
    std::fs::write(&taken, "taken").unwrap();
    let refusal = refused_in(site.path(), &["publish", "_drafts/idea.md"]);
    assert!(refusal.contains("already exists"), "{refusal}");
    assert_eq!(read(&taken), "taken");
    assert!(site.path().join("_drafts/idea.md").is_file());

    let refusal = refused_in(site.path(), &["new", "post", "!!!"]);
    assert!(refusal.contains("empty file name"), "{refusal}");
}
