//! The `sass:` settings, as jekyll-sass-converter 2.2 (Debian's, with `sassc`) reads
//! them: `sass_dir` (default `_sass`), `load_paths`, `style` and `implementation`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Location, Warning};

/// How compiled CSS is laid out (`sass: style:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SassStyle {
    /// libsass's nested layout (indented by nesting depth).
    Nested,
    /// One declaration per line.
    Expanded,
    /// One rule per line: the default of the `sassc` implementation.
    Compact,
    /// Everything on as few characters as possible.
    Compressed,
}

/// The typed `sass:` settings of a build.
#[derive(Debug, Clone, PartialEq)]
pub struct SassSettings {
    /// Where `@import`/`@use` look, in order: `load_paths`, then `sass_dir`, then the
    /// gem theme's `_sass/`; only folders that exist (as jekyll-sass-converter keeps them).
    pub load_paths: Vec<PathBuf>,
    /// The `sass_dir` folder, inside the source (also when it does not exist).
    pub sass_dir: PathBuf,
    /// The output style.
    pub style: SassStyle,
    /// Whether a page's `NAME.css.map` is written beside it (`sourcemap`: `always`,
    /// the default; `never`; `development`, when `JEKYLL_ENV` is unset or `development`).
    pub source_map: bool,
}

impl SassSettings {
    /// Reads `sass:` from the merged configuration. Values jekyll-sass-converter
    /// ignores (an unknown style) fall back to its defaults, with a warning.
    pub fn from_site(
        site: &Map<String, Value>,
        source: &Path,
        theme_sass: Option<PathBuf>,
        location: &Location,
        warnings: &mut Vec<Warning>,
    ) -> SassSettings {
        let sass = site.get("sass").and_then(Value::as_object);
        let text = |key: &str| {
            sass.and_then(|s| s.get(key)).and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let sass_dir = inside(source, &text("sass_dir").unwrap_or_else(|| "_sass".into()));
        let user_paths: Vec<PathBuf> = match sass.and_then(|s| s.get("load_paths")) {
            Some(Value::Array(paths)) => paths
                .iter()
                .filter_map(Value::as_str)
                .map(|p| source.join(p))
                .collect(),
            Some(Value::String(path)) => vec![source.join(path)],
            _ => Vec::new(),
        };
        let mut load_paths: Vec<PathBuf> = Vec::new();
        let own = user_paths.into_iter().chain([sass_dir.clone()]);
        for path in own.chain(theme_sass) {
            if path.is_dir() && !load_paths.contains(&path) {
                load_paths.push(path);
            }
        }
        // `sassc` keeps libsass's `compact` default; the newer implementation `expanded`.
        let default = match text("implementation").as_deref() {
            Some("sass-embedded") => SassStyle::Expanded,
            _ => SassStyle::Compact,
        };
        let style = match text("style") {
            None => default,
            Some(name) => style_named(&name).unwrap_or_else(|| {
                warnings.push(Warning {
                    location: location.clone(),
                    message: format!(
                        "`sass.style: {name}` is not nested, expanded, compact or compressed; \
                         using {default:?}"
                    ),
                });
                default
            }),
        };
        let environment = std::env::var("JEKYLL_ENV").unwrap_or_default();
        let source_map = match text("sourcemap")
            .as_deref()
            .map(|s| s.trim_start_matches(':'))
        {
            Some("never") => false,
            Some("development") => matches!(environment.as_str(), "" | "development"),
            _ => true,
        };
        SassSettings {
            load_paths,
            sass_dir,
            style,
            source_map,
        }
    }
}

/// A style name as Jekyll accepts it (`compressed` or the symbol-like `:compressed`).
fn style_named(name: &str) -> Option<SassStyle> {
    match name.trim_start_matches(':') {
        "nested" => Some(SassStyle::Nested),
        "expanded" => Some(SassStyle::Expanded),
        "compact" => Some(SassStyle::Compact),
        "compressed" => Some(SassStyle::Compressed),
        _ => None,
    }
}

/// `path` placed inside `source` even when absolute or climbing with `..`, as
/// `Jekyll.sanitized_path` does.
fn inside(source: &Path, path: &str) -> PathBuf {
    let kept: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
        .collect();
    kept.iter()
        .fold(source.to_path_buf(), |dir, part| dir.join(part))
}

#[cfg(test)]
mod tests {
    use std::ops::Not;

    use super::*;

    fn settings(yaml: &str) -> (SassSettings, Vec<Warning>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_sass")).unwrap();
        std::fs::create_dir_all(dir.path().join("vendor")).unwrap();
        let site = crate::yaml::parse_mapping(yaml).unwrap();
        let mut warnings = Vec::new();
        let settings = SassSettings::from_site(
            &site,
            dir.path(),
            None,
            &Location::file("c.yml"),
            &mut warnings,
        );
        let strip = |p: &Path| p.strip_prefix(dir.path()).unwrap().to_path_buf();
        let settings = SassSettings {
            load_paths: settings.load_paths.iter().map(|p| strip(p)).collect(),
            sass_dir: strip(&settings.sass_dir),
            ..settings
        };
        (settings, warnings)
    }

    #[test]
    fn defaults_are_sassc_ones() {
        let (s, warnings) = settings("title: x\n");
        assert_eq!(s.style, SassStyle::Compact);
        assert_eq!(s.sass_dir, PathBuf::from("_sass"));
        assert_eq!(s.load_paths, vec![PathBuf::from("_sass")]);
        assert!(warnings.is_empty());
        assert!(s.source_map);
        let (s, _) = settings("sass:\n  implementation: sass-embedded\n");
        assert_eq!(s.style, SassStyle::Expanded);
    }

    #[test]
    fn style_load_paths_and_sass_dir_are_read() {
        let (s, _) = settings(
            "sass:\n  style: :compressed\n  sass_dir: /../styles\n  load_paths: [vendor, gone]\n",
        );
        assert_eq!(s.style, SassStyle::Compressed);
        assert!(settings("sass:\n  sourcemap: never\n").0.source_map.not());
        assert_eq!(s.sass_dir, PathBuf::from("styles"));
        assert_eq!(s.load_paths, vec![PathBuf::from("vendor")]);
    }

    #[test]
    fn an_unknown_style_warns_and_uses_the_default() {
        let (s, warnings) = settings("sass:\n  style: tiny\n");
        assert_eq!(s.style, SassStyle::Compact);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("tiny"), "{:?}", warnings);
    }
}
