//! Configuration: `_config.yml` (or the files named by `--config`) merged over Jekyll's
//! defaults, then the command-line flags over that.
//!
//! Jekyll gives meaning to a fixed set of keys; those are parsed into typed fields here
//! so later stages never re-read YAML. Every key, known or not, also stays in
//! [`Config::site`] so templates see it as `site.KEY`, as in Jekyll.
//!
//! `mod.rs` reads and merges the files and assembles [`Config`]; the submodules type
//! one part each: the flags (`options`), key access with located errors (`keys`),
//! the theme and `static/` folders (`theme`), Jekyll's gem-based `theme:` (`gem_theme`),
//! `functions:`, `collections:`, `sass:`, `liquid:`, `kramdown:`, the generated pages'
//! settings (`generate`) and the emulated plugins' (`plugins`).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostic::{Location, Warning};
use crate::yaml::{self, YamlFileError};

mod archives;
mod collections;
mod error;
mod functions;
mod gem_theme;
mod generate;
mod keys;
mod kramdown;
mod liquid;
mod options;
mod plugins;
pub mod sass;
#[cfg(test)]
mod tests;
mod theme;

pub use archives::{ArchiveKind, ArchiveType, ArchivesSettings};
pub use collections::CollectionSettings;
pub use error::ConfigError;
pub use functions::FunctionsSettings;
pub use gem_theme::{GemSearch, GemTheme};
pub use generate::{DEFAULT_WORDS_PER_MINUTE, GenerateSettings, PaginationSettings};
pub(crate) use generate::{ensure_leading_slash, folder_url};
use keys::KeyReader;
pub use keys::{FrontMatterDefault, front_matter_defaults};
pub use kramdown::MarkdownOptions;
pub use liquid::{ErrorMode, LiquidOptions};
pub use options::BuildOptions;
pub use plugins::{
    DEFAULT_EMOJI_ROOT, FeedSpec, GITHUB_DOT_COM, GithubMetadataSettings, Originals,
    PluginSettings, ReadmeIndexSettings, RelativeLinksSettings, TitlesSettings, mentions_base_url,
};
use theme::resolve_theme;
pub use theme::{ThemeSource, site_folder};

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
    /// Whether the configuration names a `remote_theme:`, which coldstart never fetches
    /// (see [`Config::uses_liquid_layouts`]).
    pub remote_theme: bool,
    /// Jekyll's gem-based theme (`theme: minima`), when the site names one that is
    /// installed: its layouts, includes, Sass, data and assets sit below the site's.
    pub gem_theme: Option<GemTheme>,
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
    /// `url` as written: Jekyll's `absolute_url` joins it verbatim (a trailing slash
    /// doubles), so Liquid's URL filters use this one.
    pub url_as_written: String,
    /// `baseurl`, "" or starting with `/` and without a trailing slash.
    pub baseurl: String,
    /// `timezone`: an IANA zone, or `None` for the machine's local zone. A name that
    /// is not one reads as UTC with a warning, as Ruby reads `TZ` (Jekyll sets it).
    pub timezone: Option<chrono_tz::Tz>,
    /// `future`: publish posts dated after now.
    pub future: bool,
    /// `show_drafts` / `--drafts`.
    pub show_drafts: bool,
    /// `unpublished`: render `published: false` documents.
    pub unpublished: bool,
    /// `strict_front_matter`: whether invalid front matter fails the build; by default
    /// Jekyll warns and reads the file without it.
    pub strict_front_matter: bool,
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
    /// `kramdown`: the Markdown options that change the output.
    pub markdown: MarkdownOptions,
    /// `liquid`: Jekyll's Liquid options.
    pub liquid: LiquidOptions,
    /// The generated pages' settings (`paginate`, `wpm`, `coldstart:` URLs…).
    pub generate: GenerateSettings,
    /// `sass:`: the Sass converter's load paths and output style.
    pub sass: sass::SassSettings,
    /// `plugins:` (and the older `gems:`): the Jekyll plugins the site loads, by gem
    /// name; the render emulates the ones it knows (see `render::plugins`).
    pub plugins: Vec<String>,
    /// The settings of the listed plugins coldstart emulates.
    pub plugin_settings: PluginSettings,
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
        let source = options.resolved_source();
        if !source.is_dir() {
            return Err(ConfigError::NoSource {
                location: Location::file(&source),
                path: source,
            });
        }
        let Merged {
            mut site,
            config_files,
            texts,
            mut warnings,
        } = Merged::read(options, &source)?;
        let config_location = config_files
            .last()
            .map(Location::file)
            .unwrap_or_else(|| Location::file(&source));
        let folders = [source.as_path(), options.project_root.as_path()];
        let gem_theme = gem_theme::load(
            &mut site,
            &folders,
            (&texts, &config_location),
            &mut warnings,
        )?;
        let reader = KeyReader {
            site: &site,
            location: &config_location,
            texts: &texts,
        };
        let config = Config::from_keys(&reader, options, source, gem_theme, &mut warnings)?;
        let config = Config {
            config_files,
            warnings,
            ..config
        };
        // `site.url` and `site.baseurl` stay as written (Jekyll prints `baseurl: /` as
        // `/`); `config.url` and `config.baseurl` are their normalized forms for URLs.
        let mut config = Config { site, ..config };
        config.drop_unlisted_pagination();
        Ok(config)
    }

    /// jekyll-paginate paginates a site rendered by its own Liquid layouts only when
    /// `plugins` lists it (Jekyll ignores `paginate` otherwise); a tera theme paginates
    /// whenever `paginate` is set.
    fn drop_unlisted_pagination(&mut self) {
        let liquid_layouts = self.uses_liquid_layouts();
        let listed = self.plugins.iter().any(|p| p == "jekyll-paginate");
        if liquid_layouts && !listed && self.generate.pagination.take().is_some() {
            self.warnings.push(Warning {
                location: self.generate.location.clone(),
                message: "`paginate`: jekyll-paginate is not in `plugins`, so Jekyll paginates nothing, and neither does coldstart".into(),
            });
        }
    }

    /// Every typed setting read from the merged keys (`reader`) and the flags; the
    /// configuration files, their warnings and `site` are [`Config::load`]'s.
    fn from_keys(
        reader: &KeyReader,
        options: &BuildOptions,
        source: PathBuf,
        gem_theme: Option<GemTheme>,
        warnings: &mut Vec<Warning>,
    ) -> Result<Config, ConfigError> {
        let permalink_style = reader.string("permalink")?.unwrap_or_else(|| "date".into());
        let url_as_written = reader.string("url")?.unwrap_or_default();
        let url = url_as_written.trim_end_matches('/').to_string();
        let baseurl = normalize_baseurl(&reader.string("baseurl")?.unwrap_or_default());
        let folders = Folders::resolve(options, &source, reader)?;
        let mut plugins = reader.string_list("plugins")?;
        if !reader.string_list("gems")?.is_empty() {
            warnings.push(reader.warning(
                "gems",
                "Jekyll 4 no longer reads this key (it was renamed `plugins`): the plugins it lists are not loaded",
            ));
        }
        gem_theme::add_plugins(gem_theme.as_ref(), &mut plugins);
        let theme_sass = gem_theme.as_ref().and_then(GemTheme::sass_dir);
        Ok(Config {
            environment: std::env::var("JEKYLL_ENV")
                .ok()
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| "development".into()),
            permalink: expand_style(&permalink_style),
            permalink_style,
            timezone: timezone(reader, warnings)?,
            future: reader.flag("future")?,
            show_drafts: reader.flag("show_drafts")?,
            unpublished: reader.flag("unpublished")?,
            strict_front_matter: reader.flag("strict_front_matter")?,
            include: reader.string_list("include")?,
            exclude: folders.exclude,
            defaults: reader.defaults()?,
            excerpt_separator: reader.string("excerpt_separator")?.unwrap_or_default(),
            collections: reader.collections()?,
            collections_dir: reader.collections_dir()?,
            markdown_ext: markdown_extensions(reader)?,
            markdown: MarkdownOptions::from_site(reader, warnings),
            liquid: LiquidOptions::from_site(reader, warnings),
            generate: GenerateSettings::from_site(reader)?,
            plugin_settings: PluginSettings::from_site(reader, &plugins),
            plugins,
            sass: sass::SassSettings::from_site(
                reader.site,
                &source,
                theme_sass,
                reader.location,
                warnings,
            ),
            functions: FunctionsSettings::from_site(reader)?,
            destination: folders.destination,
            theme: folders.theme,
            theme_chosen: folders.theme_chosen,
            remote_theme: reader
                .site
                .get("remote_theme")
                .is_some_and(|v| !v.is_null()),
            gem_theme,
            static_dir: folders.static_dir,
            keep_files: reader.string_list("keep_files")?,
            source,
            config_files: Vec::new(),
            site: Map::new(),
            warnings: Vec::new(),
            url,
            url_as_written,
            baseurl,
        })
    }

    /// The folders `{% include %}` reads, in lookup order: the source's `_includes/`,
    /// the gem theme's `_includes/`, then the tera theme's `includes/`. The render
    /// looks there and an incremental rebuild stamps them, so both read this one list.
    pub fn include_dirs(&self) -> Vec<PathBuf> {
        std::iter::once(self.source.join("_includes"))
            .chain(self.gem_theme.as_ref().and_then(GemTheme::includes_dir))
            .chain(self.theme.folder().map(|dir| dir.join("includes")))
            .collect()
    }

    /// The source's Liquid layouts folder: `layouts_dir`, `_layouts` by default.
    pub fn layouts_dir(&self) -> PathBuf {
        let name = self.site.get("layouts_dir").and_then(Value::as_str);
        self.source.join(name.unwrap_or("_layouts"))
    }

    /// Whether documents are placed in Jekyll's Liquid layouts rather than a tera
    /// theme: no tera theme was chosen, and the site has Liquid layouts (its own or its
    /// gem theme's) or names a `remote_theme:`. coldstart never fetches a remote theme,
    /// so such a site's pages are written without their missing layouts, as Jekyll
    /// writes them without jekyll-remote-theme, not dressed in coldstart's theme.
    pub fn uses_liquid_layouts(&self) -> bool {
        !self.theme_chosen && (self.remote_theme || !self.liquid_layout_folders().is_empty())
    }

    /// The folders of Liquid layouts that exist, in lookup order: the source's
    /// [`Config::layouts_dir`], then the gem theme's `_layouts/`.
    pub fn liquid_layout_folders(&self) -> Vec<PathBuf> {
        std::iter::once(self.layouts_dir())
            .chain(self.gem_theme.as_ref().and_then(GemTheme::layouts_dir))
            .filter(|dir| dir.is_dir())
            .collect()
    }

    /// Whether a file extension (without dot, any case) is a Markdown one.
    pub fn is_markdown_ext(&self, ext: &str) -> bool {
        self.markdown_ext
            .iter()
            .any(|m| m.eq_ignore_ascii_case(ext))
    }
}

/// The configuration files' keys merged over Jekyll's defaults, then the flags.
struct Merged {
    site: Map<String, Value>,
    /// The files read, in order.
    config_files: Vec<PathBuf>,
    /// Their texts, to find a key's line for an error.
    texts: Vec<(PathBuf, String)>,
    warnings: Vec<Warning>,
}

impl Merged {
    /// Reads `--config`'s files, else the source's `_config.yml` (or `.yaml`).
    fn read(options: &BuildOptions, source: &Path) -> Result<Merged, ConfigError> {
        let mut site =
            yaml::parse_mapping(JEKYLL_DEFAULTS).expect("built-in defaults are valid YAML");
        let config_files: Vec<PathBuf> = if options.config_files.is_empty() {
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
        let mut texts = Vec::new();
        for file in &config_files {
            let text = yaml::read_file(file)?;
            let (map, repeated) = yaml::parse_mapping_noting_repeats(&text)
                .map_err(|e| YamlFileError::in_file(file, e))?;
            warnings.extend(repeated.into_iter().map(|repeat| Warning {
                location: Location::at(file, repeat.line, 0),
                message: format!("`{}` is given twice; the last value wins", repeat.key),
            }));
            for (key, value) in map {
                // Jekyll deep-merges hashes (`Utils.deep_merge_hashes`).
                deep_merge(&mut site, key, value);
            }
            texts.push((file.clone(), text));
        }
        let flags = [
            ("baseurl", options.baseurl.clone().map(Value::String)),
            ("show_drafts", options.drafts.then_some(Value::Bool(true))),
            ("future", options.future.then_some(Value::Bool(true))),
            (
                "unpublished",
                options.unpublished.then_some(Value::Bool(true)),
            ),
        ];
        for (key, value) in flags {
            if let Some(value) = value {
                site.insert(key.into(), value);
            }
        }
        Ok(Merged {
            site,
            config_files,
            texts,
            warnings,
        })
    }
}

/// The folders of a build outside the source: the destination, the theme, the
/// project's `static/`, and what the walk of the source leaves out.
struct Folders {
    destination: PathBuf,
    theme: ThemeSource,
    theme_chosen: bool,
    static_dir: Option<PathBuf>,
    exclude: Vec<String>,
}

impl Folders {
    fn resolve(
        options: &BuildOptions,
        source: &Path,
        reader: &KeyReader,
    ) -> Result<Folders, ConfigError> {
        let root = &options.project_root;
        let destination = match (&options.destination, reader.string("destination")?) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => root.join(d),
            (None, None) => root.join("_site"),
        };
        let folder = site_folder(source);
        let theme = resolve_theme(options, &folder, reader, reader.location)?;
        let theme_chosen = options.theme.is_some()
            || (reader.site.get("coldstart"))
                .and_then(|c| c.get("theme"))
                .is_some_and(Value::is_string);
        // A `static/` inside the source is one of the site's own folders.
        let static_dir = Some(folder.join("static")).filter(|p| p.is_dir() && folder != source);
        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.extend(reader.string_list("exclude")?);
        // A theme kept in the source folder is the build's, not pages of the site.
        if let Some(relative) = theme
            .folder()
            .and_then(|dir| dir.strip_prefix(source).ok())
            .filter(|relative| !relative.as_os_str().is_empty())
        {
            exclude.push(relative.to_string_lossy().replace('\\', "/"));
        }
        Ok(Folders {
            destination,
            theme,
            theme_chosen,
            static_dir,
            exclude,
        })
    }
}

/// `timezone`: an IANA name. Jekyll sets `TZ` to any string and Ruby reads an unknown
/// zone as UTC, so an unknown name is a warning and UTC.
fn timezone(
    reader: &KeyReader,
    warnings: &mut Vec<Warning>,
) -> Result<Option<chrono_tz::Tz>, ConfigError> {
    let Some(name) = reader.string("timezone")? else {
        return Ok(None);
    };
    Ok(Some(name.parse().unwrap_or_else(|_| {
        let message = "not an IANA time zone name (such as `Europe/Berlin` or `UTC`); \
                       Ruby reads it as UTC, and so does coldstart";
        warnings.push(reader.warning("timezone", message));
        chrono_tz::UTC
    })))
}

/// `markdown_ext`: extensions without dot, lowercase.
fn markdown_extensions(reader: &KeyReader) -> Result<Vec<String>, ConfigError> {
    Ok((reader.string("markdown_ext")?.unwrap_or_default())
        .split(',')
        .map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect())
}

/// Expands a built-in permalink style name (`date`, `pretty`, `ordinal`, `weekdate`,
/// `none`) to its template; any other string is returned as is (a custom template).
pub fn expand_style(style: &str) -> String {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    }
    .to_owned()
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
pub(crate) fn deep_merge(target: &mut Map<String, Value>, key: String, value: Value) {
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
