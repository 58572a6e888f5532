//! Where the tera theme and the site's `static/` folder are: the one home of those
//! paths (the theme's `templates/`, `static/` and `includes/` are read through
//! [`ThemeSource`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{BuildOptions, ConfigError, KeyReader};
use crate::diagnostic::Location;

/// Where a build's tera theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// A folder holding `templates/` and optionally `static/` and `includes/`, read
    /// at every build (so `serve` reloads its edits).
    Folder(PathBuf),
    /// coldstart's default theme, compiled into the binary (`themes/default`).
    Embedded,
}

impl ThemeSource {
    /// The theme's folder; `None` for the embedded theme.
    pub fn folder(&self) -> Option<&Path> {
        match self {
            ThemeSource::Folder(dir) => Some(dir),
            ThemeSource::Embedded => None,
        }
    }
}

/// The folder that holds a site's `themes/` and `static/`: the source folder, or the
/// folder holding it when the source is a `content/` folder (coldstart's own layout,
/// `content/` beside `themes/`).
pub fn site_folder(source: &Path) -> PathBuf {
    match (source.file_name(), source.parent()) {
        (Some(name), Some(parent)) if name == "content" => {
            if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            }
        }
        _ => source.to_path_buf(),
    }
}

/// The theme: `--theme`, else the `coldstart: {theme: NAME}` configuration key, else
/// `default`. A name is looked up as `themes/NAME` in the site folder, then as a folder
/// of that name; `default` falls back to the embedded theme. Jekyll's own `theme:` key
/// names a Ruby gem and is left alone.
pub(super) fn resolve_theme(
    options: &BuildOptions,
    site_folder: &Path,
    reader: &KeyReader,
    config_location: &Location,
) -> Result<ThemeSource, ConfigError> {
    let (name, location) = match &options.theme {
        Some(name) => (name.clone(), Location::file("--theme")),
        None => match reader
            .site
            .get("coldstart")
            .and_then(|c| c.get("theme"))
            .and_then(Value::as_str)
        {
            Some(name) => (name.to_string(), config_location.clone()),
            None => ("default".to_string(), Location::file("--theme")),
        },
    };
    let as_path = PathBuf::from(&name);
    let candidates = if name.contains(['/', '\\']) || as_path.is_absolute() {
        vec![as_path]
    } else {
        vec![site_folder.join("themes").join(&name), as_path]
    };
    match candidates.iter().find(|dir| dir.join("templates").is_dir()) {
        Some(dir) => Ok(ThemeSource::Folder(dir.clone())),
        None if name == "default" => Ok(ThemeSource::Embedded),
        None => Err(ConfigError::NoTheme {
            location,
            name,
            looked_in: candidates[0].join("templates"),
        }),
    }
}
