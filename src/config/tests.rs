//! The configuration stage's unit tests.

use std::path::Path;

use super::*;
use crate::diagnostic::Located;

fn site_with(config: &str) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/_config.yml"), config).unwrap();
    let options = BuildOptions {
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let config = Config::load(&options).unwrap();
    (dir, config)
}

#[test]
fn defaults_are_jekylls_and_content_is_the_default_source() {
    let (dir, config) = site_with("title: Hi\n");
    assert_eq!(config.source, dir.path().join("content"));
    assert_eq!(config.destination, dir.path().join("_site"));
    assert_eq!(config.permalink_style, "date");
    assert_eq!(config.excerpt_separator, "\n\n");
    assert!(config.is_markdown_ext("MD") && config.is_markdown_ext("markdown"));
    assert_eq!(config.site["title"], "Hi");
    assert_eq!(config.kramdown["input"], "GFM");
    assert!(config.exclude.iter().any(|e| e == "node_modules"));
}

#[test]
fn user_keys_deep_merge_and_baseurl_is_normalized() {
    let (_dir, config) = site_with(
        "baseurl: blog/\nurl: https://x.org/\nkramdown:\n  auto_ids: false\ntheme: minima\n",
    );
    assert_eq!(config.baseurl, "/blog");
    assert_eq!(config.url, "https://x.org");
    assert_eq!(config.kramdown["auto_ids"], false);
    assert_eq!(
        config.kramdown["input"], "GFM",
        "deep merge keeps the other defaults"
    );
    // Jekyll's gem theme key does not select a tera theme.
    assert!(matches!(&config.theme, ThemeSource::Folder(dir) if dir.ends_with("themes/default")));
}

#[test]
fn the_site_folder_holds_a_content_source() {
    assert_eq!(site_folder(Path::new("content")), Path::new("."));
    assert_eq!(site_folder(Path::new("/blog/content")), Path::new("/blog"));
    assert_eq!(site_folder(Path::new("/blog")), Path::new("/blog"));
    assert_eq!(site_folder(Path::new(".")), Path::new("."));
}

#[test]
fn without_a_theme_folder_the_default_theme_is_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_config.yml"), "title: t\n").unwrap();
    let options = BuildOptions {
        source: Some(dir.path().to_path_buf()),
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    };
    assert_eq!(Config::load(&options).unwrap().theme, ThemeSource::Embedded);
    let unknown = BuildOptions {
        theme: Some("nowhere".into()),
        ..options
    };
    let err = Config::load(&unknown).unwrap_err();
    assert!(
        err.to_string().contains("theme `nowhere` not found"),
        "{err}"
    );
}

#[test]
fn a_theme_inside_the_source_is_used_and_not_published() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let config = Config::load(&BuildOptions {
        source: Some(dir.path().to_path_buf()),
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        config.theme,
        ThemeSource::Folder(dir.path().join("themes/default"))
    );
    assert!(config.exclude.iter().any(|e| e == "themes/default"));
    assert_eq!(config.static_dir, None, "static/ is the site's own folder");
}

#[test]
fn defaults_scopes_are_parsed() {
    let (_dir, config) = site_with(
        "defaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n  - scope: {path: ./docs/}\n    values: {layout: doc}\n",
    );
    assert_eq!(config.defaults.len(), 2);
    assert_eq!(config.defaults[0].kind.as_deref(), Some("posts"));
    assert_eq!(config.defaults[1].path, "docs");
    assert_eq!(config.defaults[1].values["layout"], "doc");
}

#[test]
fn bad_yaml_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/_config.yml"),
        "title: ok\nexclude: [a, b\n",
    )
    .unwrap();
    let options = BuildOptions {
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let err = Config::load(&options).unwrap_err();
    let location = err.location().unwrap();
    assert!(location.path.ends_with("_config.yml"));
    assert!(location.line >= 2, "{err:?}");
}

#[test]
fn exclude_must_be_a_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
    std::fs::write(
        dir.path().join("content/_config.yml"),
        "title: t\nexclude: README.md\n",
    )
    .unwrap();
    let options = BuildOptions {
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let err = Config::load(&options).unwrap_err();
    assert!(err.to_string().contains("`exclude`"), "{err}");
    assert_eq!(err.location().unwrap().line, 2, "the key's line");
}
