//! The configuration stage's unit tests.

use std::path::Path;

use super::*;
use crate::diagnostic::Located;

/// A project whose `content/_config.yml` is `config`, and the options that build it.
fn project_with(config: &str) -> (tempfile::TempDir, BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/_config.yml"), config).unwrap();
    let options = BuildOptions {
        project_root: dir.path().to_path_buf(),
        ..Default::default()
    };
    (dir, options)
}

fn site_with(config: &str) -> (tempfile::TempDir, Config) {
    let (dir, options) = project_with(config);
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
    assert_eq!(config.site["kramdown"]["input"], "GFM");
    assert_eq!(config.markdown, MarkdownOptions::default());
    assert_eq!(config.liquid, LiquidOptions::default());
    assert_eq!(config.timezone, None);
    assert_eq!(config.generate.pagination, None);
    assert_eq!(config.generate.words_per_minute, DEFAULT_WORDS_PER_MINUTE);
    assert_eq!(config.generate.tag_dir.as_deref(), Some("/tags/"));
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    assert!(config.exclude.iter().any(|e| e == "node_modules"));
}

#[test]
fn user_keys_deep_merge_and_baseurl_is_normalized() {
    let (_dir, config) = site_with(
        "baseurl: blog/\nurl: https://x.org/\nkramdown:\n  auto_ids: false\ntheme: minima\n",
    );
    assert_eq!(config.baseurl, "/blog");
    assert_eq!(config.url, "https://x.org");
    assert!(!config.markdown.auto_ids);
    assert_eq!(
        config.site["kramdown"]["input"], "GFM",
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

/// The error `Config::load` gives for `config`, as the CLI prints it, and its line.
fn load_error(config: &str) -> (String, usize) {
    let (_dir, options) = project_with(config);
    let err = Config::load(&options).unwrap_err();
    let line = err.location().unwrap().line;
    (err.to_string(), line)
}

#[test]
fn stage_settings_are_typed_here() {
    let (_dir, config) = site_with(concat!(
        "timezone: Europe/Berlin
",
        "paginate: \"5\"\npaginate_path: /blog/page:num/\nwpm: 200\n",
        "coldstart:\n  tag_dir: topics\n  archive_path: false\n",
        "liquid:\n  error_mode: strict\n  strict_filters: true\n",
        "kramdown:\n  toc_levels: \"2..3\"\n  smart_quotes: sbquo,lsquo,bdquo,ldquo\n",
        "  auto_id_prefix: h-\n  footnote_backlink: up\n",
    ));
    assert_eq!(config.timezone, Some(chrono_tz::Europe::Berlin));
    let pagination = config.generate.pagination.as_ref().unwrap();
    assert_eq!(
        (pagination.per_page, pagination.path.as_str()),
        (5, "/blog/page:num/")
    );
    assert_eq!(
        config.generate.location.line, 2,
        "warnings point at `paginate`"
    );
    assert_eq!(config.generate.words_per_minute, 200);
    assert_eq!(config.generate.tag_dir.as_deref(), Some("/topics/"));
    assert_eq!(config.generate.archive_path, None);
    assert_eq!(config.generate.series_dir.as_deref(), Some("/series/"));
    assert_eq!(config.liquid.error_mode, ErrorMode::Strict);
    assert!(config.liquid.strict_filters && !config.liquid.strict_variables);
    assert_eq!(config.markdown.toc_levels, 2..=3);
    assert_eq!(
        config.markdown.smart_quotes,
        ["‚", "‘", "„", "“"].map(String::from)
    );
    assert_eq!(config.markdown.auto_id_prefix, "h-");
    assert_eq!(config.markdown.footnote_backlink, "up");
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
}

#[test]
fn wrong_stage_settings_are_errors_at_their_line() {
    let cases = [
        ("title: t\npaginate: x\n", "`paginate`", 2),
        ("paginate: 3\npaginate_path: /p/\n", "`paginate_path`", 2),
        ("title: t\n\nwpm: 0\n", "`wpm`", 3),
        (
            "coldstart:\n  series_dir: [a]\n",
            "`coldstart.series_dir`",
            2,
        ),
        ("coldstart:\n  series: 3\n", "`coldstart.series`", 2),
        ("title: t\nexclude: 3\n", "`exclude`", 2),
    ];
    for (config, key, line) in cases {
        let (message, at) = load_error(config);
        assert!(message.contains(key), "{config:?}: {message}");
        assert_eq!(at, line, "{config:?}: {message}");
    }
}

#[test]
fn values_jekyll_accepts_are_warnings_at_their_line() {
    let (_dir, config) = site_with(concat!(
        "title: t\ntimezone: Mars/Olympus\n",
        "liquid:\n  error_mode: loud\n  strict_variables: sometimes\n",
        "kramdown:\n  toc_levels: all\n  smart_quotes: nope,apos,quot,quot\n",
    ));
    assert_eq!(
        config.timezone,
        Some(chrono_tz::UTC),
        "Ruby reads it as UTC"
    );
    assert_eq!(config.liquid, LiquidOptions::default());
    assert_eq!(config.markdown, MarkdownOptions::default());
    let lines: Vec<(usize, &str)> = (config.warnings.iter())
        .map(|w| (w.location.line, w.message.split(':').next().unwrap()))
        .collect();
    let mut expected = vec![
        (2, "`timezone`"),
        (4, "`liquid.error_mode`"),
        (5, "`liquid.strict_variables`"),
        (7, "`kramdown.toc_levels`"),
        (8, "`kramdown.smart_quotes`"),
    ];
    let mut lines = lines;
    lines.sort();
    expected.sort();
    assert_eq!(lines, expected, "{:?}", config.warnings);
}

#[test]
fn smart_quotes_accept_names_and_code_points() {
    use super::kramdown::smart_quotes_from_config;
    let default = Some(MarkdownOptions::default().smart_quotes);
    assert_eq!(smart_quotes_from_config("lsquo,rsquo,ldquo,rdquo"), default);
    assert_eq!(
        smart_quotes_from_config("&#8216;, 8217, &#x201C;, &rdquo;"),
        default
    );
    assert_eq!(smart_quotes_from_config("apos,apos,quot"), None);
    assert_eq!(smart_quotes_from_config("nope,apos,quot,quot"), None);
}

#[test]
fn toc_levels_accept_lists_and_ranges() {
    use super::kramdown::toc_levels;
    assert_eq!(toc_levels(&serde_json::json!([2, 3])), Some(2..=3));
    assert_eq!(toc_levels(&serde_json::json!("1..4")), Some(1..=4));
    assert_eq!(toc_levels(&serde_json::json!(true)), None);
}
