//! The generated pages' settings: `paginate`, `paginate_path`, `wpm` and the
//! `coldstart:` URLs of tag, category, archive and series pages, typed once here so a
//! wrong value stops the build before anything renders, at its key's line.

use serde_json::{Map, Value};

use super::ConfigError;
use super::keys::KeyReader;
use crate::diagnostic::Location;

/// Words per minute for `page.reading_time` when `wpm` is not set.
pub const DEFAULT_WORDS_PER_MINUTE: usize = 180;

/// What the generate stage reads from the configuration (see `crate::generate`).
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateSettings {
    /// Where warnings about these settings point (the `paginate` line, else the file).
    pub location: Location,
    /// `wpm`: the reading speed behind `page.reading_time`.
    pub words_per_minute: usize,
    /// `paginate` and `paginate_path`, when pagination is on.
    pub pagination: Option<PaginationSettings>,
    /// `coldstart.tag_dir`: the folder URL of the tag pages (`/tags/`), `None` when off.
    pub tag_dir: Option<String>,
    /// `coldstart.category_dir`: the folder URL of the category pages (`/categories/`).
    pub category_dir: Option<String>,
    /// `coldstart.archive_path`: the URL of the archive by year (`/archive/`).
    pub archive_path: Option<String>,
    /// `coldstart.series_dir`: the folder URL of the series pages (`/series/`).
    pub series_dir: Option<String>,
    /// `coldstart.series`: display data (`title`, `description`) by series name.
    pub series_data: Map<String, Value>,
}

/// `paginate` and `paginate_path` (jekyll-paginate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationSettings {
    /// Posts per page.
    pub per_page: usize,
    /// `paginate_path`, with its `:num` placeholder (Jekyll's default `/page:num`).
    pub path: String,
}

impl GenerateSettings {
    /// Reads the settings; a key with the wrong shape is a [`ConfigError::Invalid`]
    /// at its line (jekyll-paginate fails on a `paginate` that is not a number too).
    pub(super) fn from_site(reader: &KeyReader) -> Result<GenerateSettings, ConfigError> {
        let words_per_minute = reader
            .positive_integer("wpm", "expected a whole number of at least 1")?
            .unwrap_or(DEFAULT_WORDS_PER_MINUTE);
        match reader.value("coldstart") {
            None | Some(Value::Object(_)) => {}
            Some(_) => return Err(reader.invalid("coldstart", "expected a mapping")),
        }
        let series_data = match reader.value("coldstart.series") {
            None => Map::new(),
            Some(Value::Object(map)) => map.clone(),
            Some(_) => {
                return Err(reader.invalid(
                    "coldstart.series",
                    "expected a mapping of series name to `{title, description}`",
                ));
            }
        };
        let location = reader.key_location("paginate");
        Ok(GenerateSettings {
            location,
            words_per_minute,
            pagination: pagination(reader)?,
            tag_dir: url_setting(reader, "tag_dir", "/tags/", folder_url)?,
            category_dir: url_setting(reader, "category_dir", "/categories/", folder_url)?,
            archive_path: url_setting(reader, "archive_path", "/archive/", ensure_leading_slash)?,
            series_dir: url_setting(reader, "series_dir", "/series/", folder_url)?,
            series_data,
        })
    }
}

/// `paginate` (absent or `null`: no pagination) and `paginate_path`.
fn pagination(reader: &KeyReader) -> Result<Option<PaginationSettings>, ConfigError> {
    let message = "expected the number of posts per page, at least 1";
    let Some(per_page) = reader.positive_integer("paginate", message)? else {
        return Ok(None);
    };
    let path = reader.string("paginate_path")?;
    let path = path.unwrap_or_else(|| "/page:num".into());
    if !path.contains(":num") {
        let message = format!("`{path}` must contain `:num` (e.g. `/page:num`)");
        return Err(reader.invalid("paginate_path", &message));
    }
    Ok(Some(PaginationSettings { per_page, path }))
}

/// A `coldstart.KEY` URL: unset is `default`, `false` is off, else a path normalized
/// by `normalize`.
fn url_setting(
    reader: &KeyReader,
    key: &str,
    default: &str,
    normalize: fn(&str) -> String,
) -> Result<Option<String>, ConfigError> {
    let dotted = format!("coldstart.{key}");
    match reader.value(&dotted) {
        None => Ok(Some(default.to_string())),
        Some(Value::Bool(false)) => Ok(None),
        Some(Value::String(path)) if !path.trim().is_empty() => Ok(Some(normalize(path.trim()))),
        Some(_) => Err(reader.invalid(
            &dotted,
            &format!("expected a URL path like `{default}`, or false"),
        )),
    }
}

/// A URL with a leading `/` ensured.
pub(crate) fn ensure_leading_slash(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// A folder URL: leading and trailing `/` ensured.
pub(crate) fn folder_url(path: &str) -> String {
    let with_leading = ensure_leading_slash(path);
    if with_leading.ends_with('/') {
        with_leading
    } else {
        format!("{with_leading}/")
    }
}
