//! Typed access to the merged configuration's keys, with errors that name the key,
//! and the `defaults:` entries.

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::ConfigError;
use crate::diagnostic::Location;
use crate::yaml;

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

/// The `defaults:` entries of a configuration mapping, parsed as [`Config::load`] does;
/// for commands that need them without a whole build configuration (`new post`).
pub fn front_matter_defaults(
    site: &Map<String, Value>,
    location: &Location,
) -> Result<Vec<FrontMatterDefault>, ConfigError> {
    KeyReader {
        site,
        location,
        texts: &[],
    }
    .defaults()
}

/// Typed access to configuration keys with errors that name the key.
pub(super) struct KeyReader<'a> {
    pub(super) site: &'a Map<String, Value>,
    pub(super) location: &'a Location,
    /// The configuration files' texts, to point an error at its key's line.
    pub(super) texts: &'a [(PathBuf, String)],
}

impl KeyReader<'_> {
    /// The error for `key` (dotted for a nested key), at its line in the last
    /// configuration file that sets it.
    pub(super) fn invalid(&self, key: &str, message: &str) -> ConfigError {
        ConfigError::Invalid {
            location: self.key_location(key),
            key: key.into(),
            message: message.into(),
        }
    }

    /// Where `key` (dotted for a nested key) is set: its line in the last
    /// configuration file that sets it, else the configuration itself.
    pub(super) fn key_location(&self, key: &str) -> Location {
        let path: Vec<&str> = key.split('.').collect();
        (self.texts.iter().rev())
            .map(|(file, text)| (file, yaml::key_line(text, &path)))
            .find(|(_, line)| *line > 0)
            .map(|(file, line)| Location::at(file, line, 0))
            .unwrap_or_else(|| self.location.clone())
    }

    /// A scalar as a string (numbers and booleans stringified, as Ruby's `to_s`).
    pub(super) fn string(&self, key: &str) -> Result<Option<String>, ConfigError> {
        match self.site.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(self.invalid(key, "expected a single value, not a list or mapping")),
        }
    }

    pub(super) fn flag(&self, key: &str) -> Result<bool, ConfigError> {
        match self.site.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.invalid(key, "expected true or false")),
        }
    }

    /// Jekyll requires `include`/`exclude` to be arrays.
    pub(super) fn string_list(&self, key: &str) -> Result<Vec<String>, ConfigError> {
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

    pub(super) fn defaults(&self) -> Result<Vec<FrontMatterDefault>, ConfigError> {
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
