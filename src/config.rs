//! Configuration: `_config.yml` (or the files named by `--config`) merged over Jekyll's
//! defaults, then the command-line flags over that.
//!
//! Jekyll gives meaning to a fixed set of keys; those are parsed into typed fields here
//! so later stages never re-read YAML. Every key, known or not, also stays in
//! [`Config::site`] so templates see it as `site.KEY`, as in Jekyll.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use thiserror::Error;

use crate::diagnostic::{Located, Location, Warning};
use crate::yaml;

mod collections;
pub use collections::CollectionSettings;
pub mod sass;

/// What the user asked for on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `-s/--source`: the Jekyll source folder.
    pub source: Option<PathBuf>,
    /// `-d/--destination`: where the site is written.
    pub destination: Option<PathBuf>,
    /// `--config`: configuration files, merged in order (Jekyll allows a comma list).
    pub config_files: Vec<PathBuf>,
    /// `--drafts`: render `_drafts/` as posts dated by their modification time.
    pub drafts: bool,
    /// `--future`: publish posts dated in the future.
    pub future: bool,
    /// `--unpublished`: render documents marked `published: false`.
    pub unpublished: bool,
    /// `--baseurl`: overrides `baseurl` from the configuration.
    pub baseurl: Option<String>,
    /// `--theme NAME|PATH`: a folder of tera templates, or a name under the site's `themes/`.
    pub theme: Option<String>,
    /// The folder the default source (`content/`, else itself) and destination
    /// (`_site/`) are relative to: the working directory.
    pub project_root: PathBuf,
    /// `--functions-out`: where `build` writes the functions bundle (default
    /// `_functions_bundle` beside the destination).
    pub functions_out: Option<PathBuf>,
}

impl BuildOptions {
    /// The source folder these options name: `--source`, else `ROOT/content` when it
    /// exists, else the project root. `serve` needs it before (or without) a valid
    /// configuration, to know what to watch.
    pub fn resolved_source(&self) -> PathBuf {
        let root = &self.project_root;
        match &self.source {
            Some(s) => s.clone(),
            None if root.join("content").is_dir() => root.join("content"),
            None => root.clone(),
        }
    }
}

/// One entry of `defaults:` — front-matter values applied to documents in scope.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatterDefault {
    /// `scope.path`: a source-relative folder or file, possibly with `*` globs; "" = everywhere.
    pub path: String,
    /// `scope.type`: `posts`, `pages` or `drafts`; `None` = every type.
    pub kind: Option<String>,
    /// `values`: the front matter to apply.
    pub values: Map<String, Value>,
}

/// The resolved configuration of one build.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The Jekyll source folder.
    pub source: PathBuf,
    /// The output folder.
    pub destination: PathBuf,
    /// The tera theme: a folder, or the default theme compiled into the binary.
    pub theme: ThemeSource,
    /// Whether a tera theme was chosen (`--theme` or `coldstart: theme:`): without
    /// one, a source with `_layouts/` renders through its own Liquid layouts.
    pub theme_chosen: bool,
    /// The site folder's own `static/` (see [`site_folder`]), copied into the output root
    /// when it exists outside the source.
    pub static_dir: Option<PathBuf>,
    /// The configuration files that were read, in order.
    pub config_files: Vec<PathBuf>,
    /// `keep_files`: entries of the previous destination a build carries over (`.git`).
    pub keep_files: Vec<String>,
    /// The site permalink template, built-in style names already expanded.
    pub permalink: String,
    /// The permalink setting as written (`pretty`, `date`, a template…): page URLs depend on it.
    pub permalink_style: String,
    /// `url`, without a trailing slash.
    pub url: String,
    /// `baseurl`, "" or starting with `/` and without a trailing slash.
    pub baseurl: String,
    /// `timezone`: IANA name, or `None` for the machine's local zone.
    pub timezone: Option<String>,
    /// `future`: publish posts dated after now.
    pub future: bool,
    /// `show_drafts` / `--drafts`.
    pub show_drafts: bool,
    /// `unpublished`: render `published: false` documents.
    pub unpublished: bool,
    /// `exclude`: entries never read.
    pub exclude: Vec<String>,
    /// `include`: entries read even though they start with `.` or `_`.
    pub include: Vec<String>,
    /// `defaults`: front-matter defaults by scope.
    pub defaults: Vec<FrontMatterDefault>,
    /// `excerpt_separator` (default a blank line).
    pub excerpt_separator: String,
    /// `collections:`, in the order written, `posts` included.
    pub collections: Vec<CollectionSettings>,
    /// `collections_dir`: the folder holding the collections' `_label` folders ("" = the source).
    pub collections_dir: String,
    /// `markdown_ext`: extensions (without dot, lowercase) treated as Markdown.
    pub markdown_ext: Vec<String>,
    /// `kramdown`: Markdown options as written.
    pub kramdown: Map<String, Value>,
    /// `sass:`: the Sass converter's load paths and output style.
    pub sass: sass::SassSettings,
    /// `plugins:` (and the older `gems:`): the Jekyll plugins the site loads, by gem
    /// name; the render emulates the ones it knows (see `render::plugins`).
    pub plugins: Vec<String>,
    /// `functions:`: where the demo widgets call, and whether their outputs are
    /// recorded into the pages.
    pub functions: FunctionsSettings,
    /// `slugify_mode` is not a Jekyll key; Jekyll's `:slug` uses the default mode.
    /// Every key of the merged configuration, for `site.KEY` in templates.
    pub site: Map<String, Value>,
    /// What reading the configuration files noticed (a key given twice).
    pub warnings: Vec<Warning>,
    /// `jekyll.environment`: the `JEKYLL_ENV` variable, `development` when unset.
    pub environment: String,
}

/// The Jekyll release whose behaviour coldstart reproduces: Liquid's `jekyll.version`
/// and the feed's `<generator>` say it, as they do in a Jekyll build.
pub const JEKYLL_VERSION: &str = "4.3.1";

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

/// How the site's `{% demo %}` widgets reach their functions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionsSettings {
    /// `functions.base_url`: where a published site's widgets call
    /// `BASE/function/NAME` (a gateway's origin, or a path such as `/` for a
    /// same-origin proxy). `None`: the page's own origin, with the output recorded
    /// at build time shown until a run answers.
    pub base_url: Option<String>,
    /// Whether the render is for publishing (`build`) rather than for `serve`, where
    /// the dev server itself runs the functions on the page's origin.
    pub published: bool,
}

impl FunctionsSettings {
    /// The URL a widget calls for `function`: `/function/NAME` on the page's own
    /// origin (the dev server, or a same-origin proxy), or under `base_url` once
    /// published.
    pub fn endpoint(&self, function: &str) -> String {
        match (&self.base_url, self.published) {
            (Some(base), true) => format!("{base}/function/{function}"),
            _ => format!("/function/{function}"),
        }
    }

    /// Whether each demo runs once at render time and its answer is written into the
    /// page: when published without a `base_url`, so a static host (or a reader
    /// without JavaScript) still shows what the function answers.
    pub fn record_outputs(&self) -> bool {
        self.published && self.base_url.is_none()
    }
}

/// Why the configuration could not be read.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A configuration file could not be read.
    #[error("cannot read the configuration: {source}")]
    Read {
        /// Where.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A configuration file is not valid YAML (or not a mapping).
    #[error("invalid YAML: {message}")]
    Yaml {
        /// Where.
        location: Location,
        /// What the YAML parser said.
        message: String,
    },
    /// A key has a value of the wrong shape.
    #[error("`{key}`: {message}")]
    Invalid {
        /// The configuration file.
        location: Location,
        /// The offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The source folder does not exist.
    #[error("the source folder {} does not exist", path.display())]
    NoSource {
        /// Where it was looked for.
        location: Location,
        /// The folder.
        path: PathBuf,
    },
    /// The theme could not be found.
    #[error("theme `{name}` not found (looked in {})", looked_in.display())]
    NoTheme {
        /// The flag or configuration that named it.
        location: Location,
        /// The theme name or path as given.
        name: String,
        /// The folder that does not exist.
        looked_in: PathBuf,
    },
}

impl Located for ConfigError {
    fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::Read { location, .. }
            | ConfigError::Yaml { location, .. }
            | ConfigError::Invalid { location, .. }
            | ConfigError::NoSource { location, .. }
            | ConfigError::NoTheme { location, .. } => Some(location),
        }
    }
}

/// Jekyll's default configuration (`Jekyll::Configuration::DEFAULTS`), as far as it
/// matters for building posts and pages. Exposed to templates like user keys.
const JEKYLL_DEFAULTS: &str = r#"
permalink: date
baseurl: ""
url: ""
excerpt_separator: "\n\n"
future: false
show_drafts: null
unpublished: false
timezone: null
markdown: kramdown
markdown_ext: "markdown,mkdown,mkdn,mkd,md"
highlighter: rouge
lsi: false
include: [".htaccess"]
exclude: []
keep_files: [".git", ".svn"]
encoding: "utf-8"
defaults: []
collections: {}
paginate_path: "/page:num"
liquid:
  error_mode: warn
  strict_filters: false
  strict_variables: false
kramdown:
  auto_ids: true
  toc_levels: [1, 2, 3, 4, 5, 6]
  entity_output: as_char
  smart_quotes: "lsquo,rsquo,ldquo,rdquo"
  input: GFM
  hard_wrap: false
  guess_lang: true
  footnote_nr: 1
  show_warnings: false
"#;

/// Entries Jekyll always excludes (`Jekyll::Configuration::DEFAULT_EXCLUDES`).
const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    ".ruby-lsp",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

impl Config {
    /// Where problems with the configuration are reported: the last configuration
    /// file read, else the source folder.
    pub fn location(&self) -> Location {
        self.config_files
            .last()
            .map(Location::file)
            .unwrap_or_else(|| Location::file(&self.source))
    }

    /// Reads the configuration for a build: Jekyll's defaults, then each configuration
    /// file, then the flags. Resolves the source, destination and theme folders.
    pub fn load(options: &BuildOptions) -> Result<Config, ConfigError> {
        let root = &options.project_root;
        let source = options.resolved_source();
        if !source.is_dir() {
            return Err(ConfigError::NoSource {
                location: Location::file(&source),
                path: source,
            });
        }

        let mut site =
            yaml::parse_mapping(JEKYLL_DEFAULTS).expect("built-in defaults are valid YAML");
        let config_files = if options.config_files.is_empty() {
            ["_config.yml", "_config.yaml"]
                .iter()
                .map(|name| source.join(name))
                .find(|p| p.is_file())
                .into_iter()
                .collect()
        } else {
            options.config_files.clone()
        };
        let mut warnings = Vec::new();
        for file in &config_files {
            let text = std::fs::read_to_string(file).map_err(|e| ConfigError::Read {
                location: Location::file(file),
                source: e,
            })?;
            let (map, repeated) =
                yaml::parse_mapping_noting_repeats(&text).map_err(|e| ConfigError::Yaml {
                    location: Location::at(file, e.line, e.column),
                    message: e.message,
                })?;
            warnings.extend(repeated.into_iter().map(|repeat| Warning {
                location: Location::at(file, repeat.line, 0),
                message: format!("`{}` is given twice; the last value wins", repeat.key),
            }));
            for (key, value) in map {
                // Jekyll deep-merges hashes (`Utils.deep_merge_hashes`).
                deep_merge(&mut site, key, value);
            }
        }
        let config_location = config_files
            .last()
            .map(Location::file)
            .unwrap_or_else(|| Location::file(&source));

        if let Some(baseurl) = &options.baseurl {
            site.insert("baseurl".into(), Value::String(baseurl.clone()));
        }
        if options.drafts {
            site.insert("show_drafts".into(), Value::Bool(true));
        }
        if options.future {
            site.insert("future".into(), Value::Bool(true));
        }
        if options.unpublished {
            site.insert("unpublished".into(), Value::Bool(true));
        }

        let reader = KeyReader {
            site: &site,
            location: &config_location,
        };
        let permalink_style = reader.string("permalink")?.unwrap_or_else(|| "date".into());
        let url = reader
            .string("url")?
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let baseurl = normalize_baseurl(&reader.string("baseurl")?.unwrap_or_default());

        let destination = match (&options.destination, reader.string("destination")?) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => root.join(d),
            (None, None) => root.join("_site"),
        };

        let folder = site_folder(&source);
        let theme = resolve_theme(options, &folder, &reader, &config_location)?;
        let theme_chosen = options.theme.is_some()
            || site
                .get("coldstart")
                .and_then(|c| c.get("theme"))
                .is_some_and(Value::is_string);
        // A `static/` inside the source is one of the site's own folders.
        let static_dir = Some(folder.join("static")).filter(|p| p.is_dir() && folder != source);

        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.extend(reader.string_list("exclude")?);
        // A theme kept in the source folder is the build's, not pages of the site.
        if let Some(relative) = theme
            .folder()
            .and_then(|dir| dir.strip_prefix(&source).ok())
            .filter(|relative| !relative.as_os_str().is_empty())
        {
            exclude.push(relative.to_string_lossy().replace('\\', "/"));
        }
        let markdown_ext = reader
            .string("markdown_ext")?
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();

        let timezone = reader.string("timezone")?;
        let future = reader.flag("future")?;
        let show_drafts = reader.flag("show_drafts")?;
        let unpublished = reader.flag("unpublished")?;
        let include = reader.string_list("include")?;
        let keep_files = reader.string_list("keep_files")?;
        let defaults = reader.defaults()?;
        let collections = reader.collections()?;
        let collections_dir = reader.collections_dir()?;
        let excerpt_separator = reader.string("excerpt_separator")?.unwrap_or_default();
        let mut plugins = reader.string_list("plugins")?;
        plugins.extend(reader.string_list("gems")?);
        let functions = FunctionsSettings {
            base_url: match site.get("functions").and_then(|f| f.get("base_url")) {
                None | Some(Value::Null) => None,
                Some(Value::String(url)) => Some(url.trim().trim_end_matches('/').to_string()),
                Some(_) => {
                    return Err(reader.invalid(
                        "functions.base_url",
                        "expected a URL or a path, e.g. `https://gateway.example.com` or `/`",
                    ));
                }
            },
            published: false,
        };
        let kramdown = match site.get("kramdown") {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        };
        let sass = sass::SassSettings::from_site(&site, &source, &config_location, &mut warnings);
        site.insert("url".into(), Value::String(url.clone()));
        site.insert("baseurl".into(), Value::String(baseurl.clone()));
        Ok(Config {
            environment: std::env::var("JEKYLL_ENV")
                .ok()
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| "development".into()),
            permalink: crate::content::permalink::expand_style(&permalink_style),
            permalink_style,
            url,
            baseurl,
            timezone,
            future,
            show_drafts,
            unpublished,
            include,
            exclude,
            defaults,
            excerpt_separator,
            collections,
            collections_dir,
            markdown_ext,
            kramdown,
            plugins,
            sass,
            functions,
            source,
            destination,
            theme,
            theme_chosen,
            static_dir,
            keep_files,
            config_files,
            site,
            warnings,
        })
    }

    /// Whether a file extension (without dot, any case) is a Markdown one.
    pub fn is_markdown_ext(&self, ext: &str) -> bool {
        self.markdown_ext
            .iter()
            .any(|m| m.eq_ignore_ascii_case(ext))
    }
}

/// `baseurl` as Jekyll uses it in URLs: "" or `/path`, never a trailing `/`.
fn normalize_baseurl(raw: &str) -> String {
    let trimmed = raw.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') || trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// Jekyll's `Utils.deep_merge_hashes` for one key: mappings merge, anything else replaces.
fn deep_merge(target: &mut Map<String, Value>, key: String, value: Value) {
    match (target.get_mut(&key), value) {
        (Some(Value::Object(existing)), Value::Object(incoming)) => {
            for (k, v) in incoming {
                deep_merge(existing, k, v);
            }
        }
        (_, value) => {
            target.insert(key, value);
        }
    }
}

/// The theme: `--theme`, else the `coldstart: {theme: NAME}` configuration key, else
/// `default`. A name is looked up as `themes/NAME` in the site folder, then as a folder
/// of that name; `default` falls back to the embedded theme. Jekyll's own `theme:` key
/// names a Ruby gem and is left alone.
fn resolve_theme(
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

/// The `defaults:` entries of a configuration mapping, parsed as [`Config::load`] does;
/// for commands that need them without a whole build configuration (`new post`).
pub fn front_matter_defaults(
    site: &Map<String, Value>,
    location: &Location,
) -> Result<Vec<FrontMatterDefault>, ConfigError> {
    KeyReader { site, location }.defaults()
}

/// Typed access to configuration keys with errors that name the key.
struct KeyReader<'a> {
    site: &'a Map<String, Value>,
    location: &'a Location,
}

impl KeyReader<'_> {
    fn invalid(&self, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            location: self.location.clone(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// A scalar as a string (numbers and booleans stringified, as Ruby's `to_s`).
    fn string(&self, key: &str) -> Result<Option<String>, ConfigError> {
        match self.site.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.invalid(key, "expected a single value, not a list or mapping")),
        }
    }

    fn flag(&self, key: &str) -> Result<bool, ConfigError> {
        match self.site.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.invalid(key, "expected true or false")),
        }
    }

    /// Jekyll requires `include`/`exclude` to be arrays.
    fn string_list(&self, key: &str) -> Result<Vec<String>, ConfigError> {
        match self.site.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect()),
            Some(_) => Err(self.invalid(key, "expected a list, e.g. `[node_modules, README.md]`")),
        }
    }

    fn defaults(&self) -> Result<Vec<FrontMatterDefault>, ConfigError> {
        let entries = match self.site.get("defaults") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Array(entries)) => entries,
            Some(_) => return Err(self.invalid("defaults", "expected a list of `{scope, values}`")),
        };
        entries
            .iter()
            .map(|entry| {
                let values = match entry.get("values") {
                    Some(Value::Object(values)) => values.clone(),
                    None | Some(Value::Null) => Map::new(),
                    Some(_) => return Err(self.invalid("defaults", "`values` must be a mapping")),
                };
                let scope = entry.get("scope");
                let path = scope
                    .and_then(|s| s.get("path"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let kind = scope
                    .and_then(|s| s.get("type"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                Ok(FrontMatterDefault {
                    path: path.trim_start_matches("./").trim_matches('/').to_string(),
                    kind,
                    values,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            matches!(&config.theme, ThemeSource::Folder(dir) if dir.ends_with("themes/default"))
        );
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
            "exclude: README.md\n",
        )
        .unwrap();
        let options = BuildOptions {
            project_root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let err = Config::load(&options).unwrap_err();
        assert!(err.to_string().contains("`exclude`"), "{err}");
    }
}
