//! Jekyll's gem-based theme (`theme: minima` in `_config.yml`): the installed gem
//! found as RubyGems finds it, and the folders it layers below the site's own
//! (`_layouts`, `_includes`, `_sass`, `_data`, `assets`), the one home of those paths.
//!
//! This is Jekyll's `theme:` key, a Ruby gem's name; coldstart's own tera theme is
//! chosen with `--theme` or `coldstart: theme:` (see [`super::ThemeSource`]).

mod gems;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

pub use gems::GemSearch;

use super::{ConfigError, KeyReader};
use crate::diagnostic::{Location, Warning};
use crate::yaml::{self, YamlFileError};

/// Jekyll's own settings (`Configuration::DEFAULTS`): a theme's `_config.yml` never
/// sets them.
const JEKYLL_DEFAULT_KEYS: &[&str] = &[
    "source",
    "destination",
    "collections_dir",
    "cache_dir",
    "plugins_dir",
    "layouts_dir",
    "data_dir",
    "includes_dir",
    "collections",
    "safe",
    "include",
    "exclude",
    "keep_files",
    "encoding",
    "markdown_ext",
    "strict_front_matter",
    "show_drafts",
    "limit_posts",
    "future",
    "unpublished",
    "whitelist",
    "plugins",
    "markdown",
    "highlighter",
    "lsi",
    "excerpt_separator",
    "incremental",
    "detach",
    "port",
    "host",
    "baseurl",
    "show_dir_listing",
    "permalink",
    "paginate_path",
    "timezone",
    "quiet",
    "verbose",
    "defaults",
    "liquid",
    "kramdown",
];

/// An installed gem-based theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GemTheme {
    /// The gem's name, as `theme:` gives it (lowercased, trimmed, as Jekyll does).
    pub name: String,
    /// The version found.
    pub version: String,
    /// The gem's folder, symlinks resolved.
    pub root: PathBuf,
    /// The gems it depends on at run time, `jekyll` left out: Jekyll loads them as
    /// plugins (minima's `jekyll-feed` and `jekyll-seo-tag`).
    pub plugins: Vec<String>,
}

impl GemTheme {
    /// The theme's `_layouts/`, when it has one.
    pub fn layouts_dir(&self) -> Option<PathBuf> {
        self.folder("_layouts")
    }

    /// The theme's `_includes/`, when it has one.
    pub fn includes_dir(&self) -> Option<PathBuf> {
        self.folder("_includes")
    }

    /// The theme's `_sass/`, when it has one.
    pub fn sass_dir(&self) -> Option<PathBuf> {
        self.folder("_sass")
    }

    /// The theme's `_data/`, when it has one.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.folder("_data")
    }

    /// The theme's `assets/`, when it has one: its files join the site's.
    pub fn assets_dir(&self) -> Option<PathBuf> {
        self.folder("assets")
    }

    /// A folder of the theme, when it exists and (symlinks resolved) stays inside
    /// the theme, as Jekyll's `Theme#path_for` requires.
    fn folder(&self, name: &str) -> Option<PathBuf> {
        let real = self.root.join(name).canonicalize().ok()?;
        (real.is_dir() && real.starts_with(&self.root)).then_some(real)
    }

    /// Merges the theme's `_config.yml` below the site's configuration `site`, as
    /// Jekyll 4 does: the site's values win, and Jekyll's own settings (its
    /// defaults' keys) are never taken from the theme. Skipped with
    /// `ignore_theme_config: true`, and when the file is a symlink.
    pub(super) fn merge_config_below(
        &self,
        site: &mut Map<String, Value>,
    ) -> Result<(), ConfigError> {
        let file = self.root.join("_config.yml");
        let is_plain_file = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
        if site.get("ignore_theme_config") == Some(&Value::Bool(true)) || !is_plain_file {
            return Ok(());
        }
        let text = yaml::read_file(&file)?;
        let theme_config =
            yaml::parse_mapping(&text).map_err(|e| YamlFileError::in_file(&file, e))?;
        for (key, value) in theme_config {
            if !JEKYLL_DEFAULT_KEYS.contains(&key.as_str()) {
                merge_below(site, key, value);
            }
        }
        Ok(())
    }
}

/// Puts `value` under `key` unless the site has it; mappings merge, key by key.
fn merge_below(site: &mut Map<String, Value>, key: String, value: Value) {
    match (site.get_mut(&key), value) {
        (None, value) => {
            site.insert(key, value);
        }
        (Some(Value::Object(own)), Value::Object(theirs)) => {
            for (k, v) in theirs {
                merge_below(own, k, v);
            }
        }
        _ => {}
    }
}

/// The gem theme the configuration `site` names (see [`resolve`]), searched for in the
/// usual places and beside the `folders` (the site's and the project's), with its
/// `_config.yml` merged below `site`. `config` is the configuration files' texts and
/// where they are, to place warnings at their key's line.
pub(super) fn load(
    site: &mut Map<String, Value>,
    folders: &[&Path],
    config: (&[(PathBuf, String)], &Location),
    warnings: &mut Vec<Warning>,
) -> Result<Option<GemTheme>, ConfigError> {
    let (texts, location) = config;
    let reader = KeyReader {
        site,
        location,
        texts,
    };
    let search = GemSearch::standard(folders);
    let locks: Vec<PathBuf> = folders.iter().map(|f| f.join("Gemfile.lock")).collect();
    let theme = resolve(&reader, &search, &locks, warnings);
    if let Some(theme) = &theme {
        theme.merge_config_below(site)?;
    }
    Ok(theme)
}

/// Adds the theme's runtime dependencies to the site's `plugins`: Jekyll requires
/// them, which registers them as plugins.
pub(super) fn add_plugins(theme: Option<&GemTheme>, plugins: &mut Vec<String>) {
    for dependency in theme.iter().flat_map(|theme| &theme.plugins) {
        if !plugins.contains(dependency) {
            plugins.push(dependency.clone());
        }
    }
}

/// The gem theme `theme:` names, found with `search`; `None` without the key. A
/// missing gem is a warning naming where it was looked for and how to install it:
/// Jekyll stops there, but coldstart needs no Ruby, so the site still builds with
/// its own layouts (or coldstart's default theme). `remote_theme:` is a warning too:
/// the build never fetches.
fn resolve(
    reader: &KeyReader,
    search: &GemSearch,
    lock_files: &[PathBuf],
    warnings: &mut Vec<Warning>,
) -> Option<GemTheme> {
    if let Some(remote) = reader.site.get("remote_theme").filter(|v| !v.is_null()) {
        let shown = remote
            .as_str()
            .map_or_else(|| remote.to_string(), str::to_string);
        warnings.push(Warning {
            location: reader.key_location("remote_theme"),
            message: format!(
                "`remote_theme: {}` is not fetched (coldstart builds offline): documents whose \
                 layout the theme would give are written without it, as Jekyll writes them \
                 without jekyll-remote-theme; copy the theme's `_layouts/`, `_includes/` and \
                 `_sass/` into the site, install it as a gem named in `theme:`, or choose a \
                 tera theme with `--theme`",
                first_line(&shown)
            ),
        });
    }
    let name = match reader.site.get("theme")? {
        Value::Null => return None,
        Value::String(name) => name.trim().to_lowercase(),
        other => {
            warnings.push(Warning {
                location: reader.key_location("theme"),
                message: format!(
                    "value of 'theme' in config should be String to use gem-based themes, \
                     but got {}",
                    json_kind(other)
                ),
            });
            return None;
        }
    };
    let pinned = lock_files
        .iter()
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .find_map(|lock| gems::pinned_version(&lock, &name));
    let Some(gem) = search.find(&name, pinned.as_deref()) else {
        warnings.push(Warning {
            location: reader.key_location("theme"),
            message: format!(
                "The {name} theme could not be found (searched {}); install it with \
                 `gem install {name}` (Debian: `apt install jekyll-theme-{}`); building \
                 without it",
                search.patterns().join(", "),
                name.trim_start_matches("jekyll-theme-"),
            ),
        });
        return None;
    };
    let plugins = gems::runtime_dependencies(&gem, &name)
        .into_iter()
        .filter(|dependency| dependency != "jekyll")
        .collect();
    Some(GemTheme {
        root: gem.root.canonicalize().unwrap_or(gem.root),
        version: gem.version,
        name,
        plugins,
    })
}

/// Ruby's class name for a YAML value, as Jekyll's warning prints it.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Bool(true) => "TrueClass",
        Value::Bool(false) => "FalseClass",
        Value::Number(n) if n.is_f64() => "Float",
        Value::Number(_) => "Integer",
        Value::Array(_) => "Array",
        Value::Object(_) => "Hash",
        Value::String(_) => "String",
        Value::Null => "NilClass",
    }
}

/// The first line of a value, cut to 80 characters, for a message.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_config_sits_below_the_site_and_never_sets_jekyll_settings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("_config.yml"),
            "permalink: pretty\nminima:\n  skin: dark\n  date_format: \"%b\"\nauthor: Theme\n",
        )
        .unwrap();
        let theme = GemTheme {
            name: "t".into(),
            version: "1".into(),
            root: dir.path().to_path_buf(),
            plugins: vec![],
        };
        let mut site = yaml::parse_mapping("author: Me\nminima:\n  skin: light\n").unwrap();
        theme.merge_config_below(&mut site).unwrap();
        assert_eq!(site["author"], "Me");
        assert_eq!(site["minima"]["skin"], "light");
        assert_eq!(site["minima"]["date_format"], "%b");
        assert!(!site.contains_key("permalink"));
        site.insert("ignore_theme_config".into(), Value::Bool(true));
        site.remove("author");
        theme.merge_config_below(&mut site).unwrap();
        assert!(!site.contains_key("author"));
    }
}
