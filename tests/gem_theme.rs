//! Jekyll's gem-based themes (`theme: minima`), against real Jekyll: the blog `jekyll
//! new` makes, built with Debian's minima gem; a theme gem of our own (layouts,
//! includes, Sass, data, assets, `_config.yml`, a plugin it depends on) layered below
//! a site that overrides parts of it, found through `GEM_HOME` or Bundler's
//! `vendor/bundle`; what is said when the gem is missing or remote; and a rebuild
//! after an edit (what `serve` does), the same as a clean build.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::jekyll::{assert_parity, assert_site_parity, assert_site_parity_with_env};
use common::{copy_dir, files_under};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jekyll-parity")
        .join(name)
}

/// Runs `program build -s source -d out` with the environment changes `env`
/// (`None` removes a variable).
fn build_with(program: &Path, source: &Path, out: &Path, env: &[(&str, Option<&Path>)]) -> Output {
    let mut command = Command::new(program);
    command
        .arg("build")
        .arg("-s")
        .arg(source)
        .arg("-d")
        .arg(out);
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command.output().expect("the build runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_jekyll_new_blog_with_minima_matches_jekyll_page_for_page() {
    assert_site_parity(&fixture("gem-theme-minima"));
}

#[test]
fn the_jekyll_new_blog_with_minima_has_jekylls_post_bodies() {
    // A site's own `post` layout wins over minima's; the harness makes it bare.
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_dir(&fixture("gem-theme-minima"), &site);
    std::fs::create_dir_all(site.join("_layouts")).unwrap();
    std::fs::write(site.join("_layouts/post.html"), "{{ content }}").unwrap();
    assert_parity(&site);
}

#[test]
fn a_theme_gem_layers_below_the_site_as_in_jekyll() {
    let custom = fixture("gem-theme-custom");
    let gem_home = custom.join("gem-home");
    assert_site_parity_with_env(&custom.join("site"), &[("GEM_HOME", &gem_home)]);
}

#[test]
fn a_theme_gem_in_the_sites_vendor_bundle_is_found_without_ruby() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_dir(&fixture("gem-theme-custom/site"), &site);
    let bundle = site.join("vendor/bundle/ruby/3.1.0");
    copy_dir(&fixture("gem-theme-custom/gem-home"), &bundle);
    let (jekyll_out, project_out) = (work.path().join("jekyll"), work.path().join("project"));
    // Jekyll finds the gem through RubyGems' GEM_HOME; coldstart finds it beside the site.
    let jekyll = build_with(
        Path::new("jekyll"),
        &site,
        &jekyll_out,
        &[("GEM_HOME", Some(&bundle))],
    );
    assert!(jekyll.status.success(), "jekyll: {}", text(&jekyll.stderr));
    let project = build_with(
        &common::jekyll::coldstart(),
        &site,
        &project_out,
        &[("GEM_HOME", None), ("GEM_PATH", None)],
    );
    assert!(
        project.status.success(),
        "coldstart: {}",
        text(&project.stderr)
    );
    let summary = text(&project.stdout);
    assert!(
        summary.contains("the cs-theme 1.2.0 theme gem"),
        "{summary}"
    );
    assert_eq!(files_under(&jekyll_out), files_under(&project_out));
    let footer = |root: &Path| {
        let page = std::fs::read_to_string(root.join("index.html")).unwrap();
        page.lines()
            .find(|line| line.contains("<p>"))
            .map(str::to_string)
    };
    assert_eq!(footer(&jekyll_out), footer(&project_out));
    assert!(footer(&project_out).is_some());
}

/// The minima blog copied into `work/site` with its `_config.yml` edited by `edit`.
fn minima_blog_with_config(work: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let site = work.join("site");
    copy_dir(&fixture("gem-theme-minima"), &site);
    let config = site.join("_config.yml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, edit(yaml)).unwrap();
    site
}

/// Builds `site` with coldstart, which must succeed, and returns its stderr and the
/// one warning line containing `needle`.
fn coldstart_warning(site: &Path, out: &Path, needle: &str) -> (String, String) {
    let project = build_with(&common::jekyll::coldstart(), site, out, &[]);
    let stderr = text(&project.stderr);
    assert!(project.status.success(), "coldstart: {stderr}");
    let warning = (stderr.lines())
        .find(|line| line.contains(needle) && line.contains(": warning: "))
        .unwrap_or_else(|| panic!("no warning with {needle:?}: {stderr}"))
        .to_string();
    (warning, stderr)
}

#[test]
fn a_missing_theme_gem_is_a_warning_where_jekyll_stops() {
    let work = tempfile::tempdir().unwrap();
    let site = minima_blog_with_config(work.path(), |yaml| {
        yaml.replace("theme: minima", "theme: cs-no-such-theme")
    });
    let jekyll = build_with(Path::new("jekyll"), &site, &work.path().join("j"), &[]);
    assert!(!jekyll.status.success(), "jekyll built without its theme");
    let said = text(&jekyll.stderr) + &text(&jekyll.stdout);
    let jekyll_message = "The cs-no-such-theme theme could not be found";
    assert!(said.contains(jekyll_message), "jekyll said: {said}");

    let (warning, stderr) = coldstart_warning(&site, &work.path().join("c"), jekyll_message);
    assert!(warning.contains("_config.yml:"), "{warning}");
    assert!(
        warning.contains("gem install cs-no-such-theme"),
        "{warning}"
    );
    assert!(
        warning.contains("/usr/share/rubygems-integration"),
        "{warning}"
    );
    assert_eq!(stderr.matches(jekyll_message).count(), 1, "{stderr}");
}

#[test]
fn a_remote_theme_is_named_in_a_warning_and_never_fetched() {
    let work = tempfile::tempdir().unwrap();
    let site = minima_blog_with_config(work.path(), |yaml| {
        format!("{yaml}\nremote_theme: pages-themes/cayman@v0.2.0\n")
    });
    let (warning, _) = coldstart_warning(&site, &work.path().join("c"), "remote_theme");
    assert!(warning.contains("pages-themes/cayman@v0.2.0"), "{warning}");
    assert!(warning.contains("_config.yml:"), "{warning}");
}

#[test]
fn an_edit_in_a_minima_blog_rebuilds_as_a_clean_build_does() {
    use coldstart::build::{BuildCache, RenderedSite, render_site_incremental};
    use coldstart::config::{BuildOptions, Config};
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_dir(&fixture("gem-theme-minima"), &site);
    let config = || {
        Config::load(&BuildOptions {
            source: Some(site.clone()),
            project_root: work.path().to_path_buf(),
            ..BuildOptions::default()
        })
        .unwrap()
    };
    let time = chrono::Utc::now();
    let mut cache = BuildCache::new(time);
    render_site_incremental(config(), &[], &mut cache).unwrap();
    let post = site.join("_posts/2024-05-01-welcome-to-jekyll.markdown");
    let written = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        written.replace("Jekyll also offers", "Jekyll still offers"),
    )
    .unwrap();
    let incremental = render_site_incremental(config(), &[post], &mut cache).unwrap();
    let clean = render_site_incremental(config(), &[], &mut BuildCache::new(time)).unwrap();
    let files = |site: &RenderedSite| -> Vec<String> {
        site.files.iter().map(|f| f.path.clone()).collect()
    };
    assert_eq!(files(&incremental), files(&clean));
    assert!(files(&clean).contains(&"assets/main.css".to_string()));
    for (got, want) in incremental.files.iter().zip(clean.files.iter()) {
        assert!(got.contents.same_as(&want.contents), "{} differs", got.path);
    }
    let page = clean
        .files
        .get("jekyll/update/2024/05/01/welcome-to-jekyll.html")
        .expect("the post is written");
    let coldstart::output::Contents::Bytes(bytes) = &page.contents else {
        panic!("the post is rendered");
    };
    assert!(text(bytes).contains("Jekyll still offers"));
}
