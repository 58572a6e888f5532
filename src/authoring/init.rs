//! `init DIR`: a new site that builds and serves at once: `_config.yml`, a home page,
//! an about page and a first post, rendered by the default theme that is built into
//! coldstart (nothing of it is copied unless the author asks to edit it).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{AuthoringError, io_error, write_new};
use crate::diagnostic::Location;

/// Where `--eject-theme` writes the default theme, in the new site.
pub const EJECTED_THEME_DIR: &str = "themes/default";

/// The new site's `_config.yml`.
const CONFIG: &str = r#"# Site settings (Jekyll's _config.yml; coldstart reads it as Jekyll does).
title: "My blog"
description: "A new blog, made with coldstart."
author: "Me"
url: ""            # e.g. https://example.com, for the feed and absolute links
baseurl: ""        # e.g. /blog when the site lives under a folder
lang: en

permalink: pretty
markdown: kramdown
kramdown:
  input: GFM

defaults:
  - scope: {path: "", type: posts}
    values: {layout: post}
  - scope: {path: "", type: pages}
    values: {layout: page}

# Header navigation, in order; URLs are site-relative.
nav:
  - title: Home
    url: /
  - title: Archive
    url: /archive/
  - title: About
    url: /about/

paginate: 10
"#;

/// The home page: the default theme's `home` layout lists the posts.
const INDEX: &str = "---\nlayout: home\ntitle: Home\n---\n";

/// The about page.
const ABOUT: &str = r#"---
layout: page
title: About
permalink: /about/
---

This is the about page. Tell your readers who writes here and what about:
edit `about.md`.
"#;

/// The first post, without its front matter (the date is the day of `init`).
const FIRST_POST: &str = r#"
Welcome! This post is `_posts/DATE-welcome.md`: edit it, or remove it.

## Writing

- `coldstart new post "A title"` creates a dated post in `_posts/`;
- `coldstart new draft "A title"` a draft in `_drafts/`, which `coldstart publish`
  turns into a post and `coldstart unpublish` turns back;
- `coldstart serve` shows the site in your browser and reloads it as you save;
- `coldstart check` finds broken links and anchors before your readers do;
- `coldstart build` writes the site into `_site/`, ready to upload.

Posts are Markdown (kramdown, as Jekyll writes it), with Liquid: see the
[about page]({% link about.md %}).
"#;

/// The files a new site has, as (path relative to the site, contents).
fn site_files(today: NaiveDate) -> Vec<(String, String)> {
    let date = today.format("%Y-%m-%d");
    let post = format!(
        "---\ntitle: Welcome\ndate: {date}\ntags: [welcome]\n---\n{}",
        FIRST_POST.replace("DATE", &date.to_string())
    );
    vec![
        ("_config.yml".into(), CONFIG.into()),
        ("index.html".into(), INDEX.into()),
        ("about.md".into(), ABOUT.into()),
        (format!("_posts/{date}-welcome.md"), post),
        (".gitignore".into(), "_site/\n.jekyll-cache/\n".into()),
    ]
}

/// Creates a new site in `dir` (which must be missing or empty) dated `today`, and
/// the default theme under `themes/default` when `eject_theme`; returns the files
/// written.
pub fn init(
    dir: &Path,
    eject_theme: bool,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, AuthoringError> {
    let not_empty = match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => false,
        Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => true,
        Err(error) => return Err(io_error("read", dir)(error)),
    };
    if not_empty {
        return Err(AuthoringError::NotEmpty {
            location: Location::file(dir),
        });
    }
    let mut written = Vec::new();
    for (relative, text) in site_files(today) {
        let path = dir.join(relative);
        write_new(&path, &text)?;
        written.push(path);
    }
    if eject_theme {
        for (relative, bytes) in default_theme_files()? {
            let path = dir.join(EJECTED_THEME_DIR).join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
            }
            std::fs::write(&path, bytes).map_err(io_error("write", &path))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Every file of the default theme, as (path relative to the theme, bytes): the
/// theme compiled into the binary, so ejecting works from any folder.
pub fn default_theme_files() -> Result<Vec<(PathBuf, Vec<u8>)>, AuthoringError> {
    Ok(crate::theme::embedded::all_files()
        .into_iter()
        .map(|(relative, bytes)| (PathBuf::from(relative), bytes.into_owned()))
        .collect())
}
