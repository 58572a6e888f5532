//! The pages two plugins make of Markdown files without front matter (which Jekyll
//! reads as static files), appended to `site.pages` after the site's own as their
//! generators append them:
//!
//! - jekyll-optional-front-matter: every such file but a README, LICENSE and the
//!   like (unless `include:` names it) becomes a page;
//! - jekyll-readme-index (after it): a `README` becomes its folder's index page
//!   when no page or file is that folder's index (`/dir/` or `/dir/index.html`).
//!
//! The files stay static files too (copied as they are) unless `remove_originals`.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::document::{Document, StaticFile};
use super::load::{ContentError, LoadContext, Loadable};
use super::walk::glob_matches;
use crate::config::Config;

/// File names (without extension, any case) jekyll-optional-front-matter leaves alone.
const NOT_PAGES: [&str; 8] = [
    "README",
    "LICENSE",
    "LICENCE",
    "COPYING",
    "CODE_OF_CONDUCT",
    "CONTRIBUTING",
    "ISSUE_TEMPLATE",
    "PULL_REQUEST_TEMPLATE",
];

/// Adds the plugins' pages to `pages` (the site's, sorted) from `static_files`
/// (sorted by path), removing the originals the settings say to remove.
pub(super) fn add(
    reader: &LoadContext,
    pages: &mut Vec<Arc<Document>>,
    static_files: &mut Vec<StaticFile>,
) -> Result<(), ContentError> {
    let settings = &reader.config.plugin_settings;
    if let Some(originals) = settings.optional_front_matter {
        let files: Vec<&StaticFile> = static_files
            .iter()
            .filter(|file| is_markdown(reader.config, file) && !is_left_alone(reader.config, file))
            .collect();
        for file in &files {
            pages.extend(read_page(reader, file, Map::new())?);
        }
        if originals.removed {
            let removed: Vec<String> = files.iter().map(|f| f.relative_path.clone()).collect();
            static_files.retain(|file| !removed.contains(&file.relative_path));
        }
    }
    if let Some(readme) = settings.readme_index {
        let readmes: Vec<StaticFile> = (static_files.iter())
            .filter(|file| is_readme(reader.config, &file.relative_path))
            .cloned()
            .collect();
        for file in readmes {
            let folder = parent(&format!("/{}", file.relative_path));
            if has_index(&folder, pages, static_files) {
                continue;
            }
            let permalink =
                Map::from_iter([("permalink".into(), Value::String(format!("{folder}/")))]);
            pages.extend(read_page(reader, &file, permalink)?);
            if readme.originals.removed {
                static_files.retain(|f| f.relative_path != file.relative_path);
            }
        }
        if readme.with_front_matter {
            move_readme_pages(reader, pages, static_files)?;
        }
    }
    Ok(())
}

/// `with_frontmatter`: README pages (with front matter) whose folder has no index
/// move to the folder's URL.
fn move_readme_pages(
    reader: &LoadContext,
    pages: &mut [Arc<Document>],
    static_files: &[StaticFile],
) -> Result<(), ContentError> {
    for index in 0..pages.len() {
        let page = &pages[index];
        let folder = parent(&page.url);
        if !is_readme(reader.config, &page.relative_path) || has_index(&folder, pages, static_files)
        {
            continue;
        }
        let file = StaticFile {
            source_path: page.source_path.clone(),
            relative_path: page.relative_path.clone(),
            modified: std::time::UNIX_EPOCH,
        };
        let permalink = Map::from_iter([("permalink".into(), Value::String(format!("{folder}/")))]);
        if let Some(moved) = read_page(reader, &file, permalink)? {
            pages[index] = moved;
        }
    }
    Ok(())
}

/// The file read as a page with `set` in its front matter.
fn read_page(
    reader: &LoadContext,
    file: &StaticFile,
    set: Map<String, Value>,
) -> Result<Option<Arc<Document>>, ContentError> {
    let loaded = reader.read_page(file.source_path.clone(), file.relative_path.clone(), set)?;
    Ok(match loaded {
        Some(Loadable::Document(page)) => Some(page),
        _ => None,
    })
}

/// The file's extension, without the dot.
fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// Whether the file has one of the site's Markdown extensions.
fn is_markdown(config: &Config, file: &StaticFile) -> bool {
    let ext = extension(&file.relative_path);
    !ext.is_empty() && config.is_markdown_ext(ext)
}

/// A README, LICENSE… that `include:` does not name.
fn is_left_alone(config: &Config, file: &StaticFile) -> bool {
    let path = file.relative_path.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let included = config.include.iter().any(|pattern| {
        let pattern = pattern.trim_start_matches('/');
        !pattern.is_empty()
            && (path.starts_with(pattern)
                || glob_matches(pattern, path, false)
                || glob_matches(pattern, name, false))
    });
    !included && NOT_PAGES.contains(&stem.to_uppercase().as_str())
}

/// Whether `path` is `readme` with a Markdown extension, in any case.
fn is_readme(config: &Config, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        stem.eq_ignore_ascii_case("readme") && config.is_markdown_ext(ext)
    })
}

/// The folder of a URL (Ruby's `File.dirname`): `/docs` for `/docs/README.md`,
/// `` for `/README.md` (so its index is `/`).
fn parent(url: &str) -> String {
    let trimmed = url.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((folder, _)) => folder.trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Whether a page or static file is `folder`'s index: its URL is `folder/` or
/// `folder/index.html` (`.htm`, `.xhtml`, `.xml`), in any case.
fn has_index(folder: &str, pages: &[Arc<Document>], static_files: &[StaticFile]) -> bool {
    let prefix = format!("{folder}/").to_lowercase();
    let is_index = |url: &str| {
        let url = url.to_lowercase();
        url.strip_prefix(&prefix).is_some_and(|rest| {
            ["", "index.html", "index.htm", "index.xhtml", "index.xml"].contains(&rest)
        })
    };
    pages.iter().any(|page| is_index(&page.url))
        || (static_files.iter()).any(|file| is_index(&format!("/{}", file.relative_path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_of_urls_are_rubys_dirname() {
        assert_eq!(parent("/docs/README.md"), "/docs");
        assert_eq!(parent("/README.md"), "");
        assert_eq!(parent("/a/b/README.html"), "/a/b");
    }
}
