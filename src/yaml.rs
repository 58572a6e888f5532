//! The one place that parses YAML (`_config.yml`, front matter, `_data/*.yml`).
//!
//! serde_yaml is archived upstream; keeping it behind this module makes a swap to a
//! maintained fork a one-line change. Everything is converted to `serde_json::Value`,
//! the data model every later stage (Liquid, tera) consumes. Key order is preserved.

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostic::{Located, Location};

mod depth;
mod lenient;

/// A YAML file that cannot be read or is not valid YAML, located: the first error of
/// every stage that reads a YAML file of its own (the configuration, the functions
/// stack).
#[derive(Debug, thiserror::Error)]
pub enum YamlFileError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", location.path.display())]
    Read {
        /// The file.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid YAML (or not a mapping).
    #[error("invalid YAML: {message}")]
    Invalid {
        /// Where the parser stopped.
        location: Location,
        /// What the parser said.
        message: String,
    },
}

impl YamlFileError {
    /// `error`, from parsing the text of `path`, located in `path`.
    pub fn in_file(path: &Path, error: YamlError) -> YamlFileError {
        YamlFileError::Invalid {
            location: Location::at(path, error.line, error.column),
            message: error.message,
        }
    }
}

impl Located for YamlFileError {
    fn location(&self) -> Option<&Location> {
        match self {
            YamlFileError::Read { location, .. } | YamlFileError::Invalid { location, .. } => {
                Some(location)
            }
        }
    }
}

/// The text of the YAML file `path`.
pub fn read_file(path: &Path) -> Result<String, YamlFileError> {
    std::fs::read_to_string(path).map_err(|source| YamlFileError::Read {
        location: Location::file(path),
        source,
    })
}

/// A YAML syntax or type error with its 1-based line and column in the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said.
    pub message: String,
    /// 1-based line within the parsed text (0 when unknown).
    pub line: usize,
    /// 1-based column within the parsed text (0 when unknown).
    pub column: usize,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// A mapping key given twice in one mapping: the last value wins, as in Ruby's YAML
/// (which Jekyll reads with), and the repeat is worth a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedKey {
    /// The key.
    pub key: String,
    /// 1-based line of the repeat within the parsed text (0 when not found).
    pub line: usize,
}

/// Parses a YAML document into a JSON-like value. An empty document is `null`. A key
/// repeated in a mapping keeps its last value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    parse_noting_repeats(text).map(|(value, _)| value)
}

/// [`parse`], also telling which keys were repeated.
pub fn parse_noting_repeats(text: &str) -> Result<(Value, Vec<RepeatedKey>), YamlError> {
    depth::check(text)?;
    let notes = lenient::Notes::default();
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(&notes, deserializer).map_err(|e| {
        let message = e.to_string();
        let (line, column) = match e.location() {
            Some(location) => (location.line(), location.column()),
            // Aliases expanding past serde_yaml's limit (a "billion laughs") come
            // without a position: the first alias is where the repeating starts.
            None if message.contains("repetition limit") => (first_alias_line(text), 1),
            None => (0, 0),
        };
        located_error(&message, line, column)
    })?;
    let repeated = notes
        .repeats()
        .into_iter()
        .map(|(key, occurrence)| RepeatedKey {
            line: nth_key_line(text, &key, occurrence),
            key,
        })
        .collect();
    Ok((value, repeated))
}

/// The 1-based line of the first alias (`*name`), 0 when there is none.
fn first_alias_line(text: &str) -> usize {
    let is_alias = |line: &str| {
        let bytes = line.as_bytes();
        bytes.windows(3).any(|w| {
            matches!(w[0], b' ' | b'[' | b',' | b'{')
                && w[1] == b'*'
                && (w[2].is_ascii_alphanumeric() || w[2] == b'_')
        })
    };
    text.lines()
        .position(|line| is_alias(&format!(" {line}")))
        .map_or(0, |index| index + 1)
}

/// The 1-based line where block-mapping key `key` is written for the `occurrence`-th
/// time (1-based) in the text, or 0.
fn nth_key_line(text: &str, key: &str, occurrence: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let content = line.trim_start().trim_start_matches(['-', ' ']);
            mapping_key(content) == Some(key)
        })
        .nth(occurrence.saturating_sub(1))
        .map_or(0, |(index, _)| index + 1)
}

/// A parser message (`PROBLEM at line X column Y[, while CONTEXT at line L column C]`)
/// as an error without the positions. When the parser names the construct it was
/// reading (an unclosed quote or bracket, found only at the end of the text), the
/// error points at where that construct starts, which is the line to fix.
fn located_error(message: &str, line: usize, column: usize) -> YamlError {
    let (problem, context) = match message.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (message, None),
    };
    let without_position = |text: &str| match text.find(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text.to_string(),
    };
    let mut error = YamlError {
        message: without_position(problem),
        line,
        column,
    };
    if let Some(context) = context {
        error.message = format!("{}, while {}", error.message, without_position(context));
        if let Some((context_line, context_column)) = position_in(context) {
            (error.line, error.column) = (context_line, context_column);
        }
    }
    error
}

/// The `line X column Y` a parser message ends with.
fn position_in(text: &str) -> Option<(usize, usize)> {
    let (_, position) = text.rsplit_once(" at line ")?;
    let (line, column) = position.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// Parses a YAML document that must be a mapping (or empty, which gives an empty map).
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    parse_mapping_noting_repeats(text).map(|(map, _)| map)
}

/// [`parse_mapping`], also telling which keys were repeated.
pub fn parse_mapping_noting_repeats(
    text: &str,
) -> Result<(Map<String, Value>, Vec<RepeatedKey>), YamlError> {
    let (value, repeated) = parse_noting_repeats(text)?;
    match value {
        Value::Object(map) => Ok((map, repeated)),
        Value::Null => Ok((Map::new(), repeated)),
        other => Err(YamlError {
            message: format!(
                "expected a mapping of `key: value` pairs, found {}",
                kind(&other)
            ),
            line: 1,
            column: 1,
        }),
    }
}

/// The 1-based line of the deepest key of `path` (a chain of nested mapping keys)
/// that can be found in `text`, or 0 when not even the first key is there.
///
/// The parsed value carries no positions, so validators that need to point at a
/// key (`functions: → echo: → handler:`) find it again in the text. Only block-style
/// mappings are followed; inside a flow mapping (`{a: 1}`) the answer is the line
/// of the nearest enclosing block key, which is still the right place to look.
pub fn key_line(text: &str, path: &[&str]) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let mut found_line = 0;
    let mut parent_indent: Option<usize> = None;
    let mut search_from = 0;
    for key in path {
        let mut child_indent = None;
        let mut hit = None;
        for (index, line) in lines.iter().enumerate().skip(search_from) {
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') || content.starts_with("---") {
                continue;
            }
            let indent = line.len() - content.len();
            if parent_indent.is_some_and(|parent| indent <= parent) {
                break;
            }
            let expected =
                *child_indent.get_or_insert(if parent_indent.is_none() { 0 } else { indent });
            if indent == expected && mapping_key(content) == Some(*key) {
                hit = Some((index, indent));
                break;
            }
        }
        let Some((index, indent)) = hit else { break };
        found_line = index + 1;
        parent_indent = Some(indent);
        search_from = index + 1;
    }
    found_line
}

/// The key of a block-mapping line (`key: value`, `"key":`, `'key':`), if it is one.
fn mapping_key(content: &str) -> Option<&str> {
    let (key, _) = content.split_once(':')?;
    let key = key.trim_end();
    let unquoted = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')));
    Some(unquoted.unwrap_or(key))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_stringifies_keys() {
        let map = parse_mapping("b: 1\na: [x, 2]\n3: three\n").unwrap();
        let keys: Vec<_> = map.keys().cloned().collect();
        assert_eq!(keys, ["b", "a", "3"]);
        assert_eq!(map["a"], serde_json::json!(["x", 2]));
    }

    #[test]
    fn dates_stay_strings() {
        let map = parse_mapping("date: 2024-03-06 23:30 -0500\nmodified: 2017-10-16\n").unwrap();
        assert_eq!(map["date"], "2024-03-06 23:30 -0500");
        assert_eq!(map["modified"], "2017-10-16");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse_mapping("title: ok\ntags: [a, b\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
    }

    #[test]
    fn an_unclosed_quote_or_bracket_is_reported_where_it_opens() {
        let err = parse_mapping("a: 1\nb: \"x\nc: 2\nd: 3\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4), "{err:?}");
        assert_eq!(
            err.message,
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        let err = parse_mapping("a: 1\nx: [1, 2\nc: 2\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4), "{err:?}");
        let err = parse_mapping("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4), "{err:?}");
    }

    #[test]
    fn key_line_follows_nested_block_keys() {
        let text = "version: 1.0\n# handler: no\nfunctions:\n  echo:\n    lang: python3\n    handler: ./echo\n  \"other\":\n    handler: ./other\n";
        assert_eq!(key_line(text, &["functions", "echo", "handler"]), 6);
        assert_eq!(key_line(text, &["functions", "other", "handler"]), 8);
        assert_eq!(key_line(text, &["functions", "echo", "image"]), 4);
        assert_eq!(key_line(text, &["handler"]), 0);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_and_is_noted() {
        let text = "title: one\nlist:\n  - a: 1\n    a: 2\n  - a: 3\ntitle: two\n";
        let (map, repeated) = parse_mapping_noting_repeats(text).unwrap();
        assert_eq!(map["title"], "two");
        assert_eq!(map["list"], serde_json::json!([{"a": 2}, {"a": 3}]));
        let keys: Vec<_> = repeated.iter().map(|r| (r.key.as_str(), r.line)).collect();
        assert_eq!(keys, [("a", 4), ("title", 6)]);
    }

    #[test]
    fn tags_are_dropped_and_odd_keys_stringified() {
        let value = parse("? [1, 2]\n: x\nn: !custom 5\nf: .nan\n~: y\n").unwrap();
        assert_eq!(value["[1,2]"], "x");
        assert_eq!(value["n"], 5);
        assert_eq!(value["f"], ".nan");
        assert_eq!(value[""], "y");
    }

    #[test]
    fn empty_document_is_empty_mapping_and_scalars_are_refused() {
        assert!(parse_mapping("").unwrap().is_empty());
        assert!(parse_mapping("just a string").is_err());
    }
}
