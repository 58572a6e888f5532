//! What a gem-based theme adds to the content, as Jekyll's `ThemeAssetsReader` and
//! `Reader#read_data` do: the files of its `assets/` folder (a page when it has front
//! matter, a static file otherwise) unless the site has a file at the same path, and
//! its `_data/` below the site's.

use std::path::Path;

use serde_json::{Map, Value};

use super::load::ContentError;
use super::walk::Entry;
use crate::config::Config;
use crate::diagnostic::{Location, Warning};

/// Adds to `entries` the theme's asset files whose source-relative path no site file
/// has; symlinked assets are left out with a warning, as Jekyll does.
pub(super) fn add_assets(config: &Config, entries: &mut Vec<Entry>, warnings: &mut Vec<Warning>) {
    let Some((root, assets)) = config
        .gem_theme
        .as_ref()
        .and_then(|theme| Some((theme.root.as_path(), theme.assets_dir()?)))
    else {
        return;
    };
    let taken: std::collections::HashSet<String> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Other { relative, .. } => Some(relative.clone()),
            _ => None,
        })
        .collect();
    for entry in walkdir::WalkDir::new(&assets)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.path_is_symlink() {
            warnings.push(Warning {
                location: Location::file(path),
                message: "Theme reader: Ignored symlinked asset".into(),
            });
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = relative_to(root, path);
        if !taken.contains(&relative) {
            entries.push(Entry::Other {
                path: path.to_path_buf(),
                relative,
            });
        }
    }
}

/// `path` relative to the theme's root (`assets/main.scss`), `/`-separated.
fn relative_to(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}

/// `site.data`: the theme's `_data/` with the site's `data` deep-merged over it.
pub(super) fn data_over_theme(
    config: &Config,
    data: Value,
    warnings: &mut Vec<Warning>,
) -> Result<Value, ContentError> {
    let Some(dir) = config.gem_theme.as_ref().and_then(|t| t.data_dir()) else {
        return Ok(data);
    };
    let Value::Object(mut merged) = super::data::load(&dir, warnings)? else {
        return Ok(data);
    };
    let own = match data {
        Value::Object(own) => own,
        _ => Map::new(),
    };
    for (key, value) in own {
        crate::config::deep_merge(&mut merged, key, value);
    }
    Ok(Value::Object(merged))
}
