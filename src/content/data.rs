//! `_data/`: YAML, JSON, CSV and TSV files as `site.data`, nested by folder and keyed by
//! file name without extension (Jekyll's `DataReader`).

use std::path::Path;

use serde_json::{Map, Value};

use super::load::ContentError;
use crate::diagnostic::{Location, Warning};

/// Reads a data folder; a missing folder is empty data. Repeated YAML keys (the last
/// value wins) are added to `warnings`.
pub fn load(dir: &Path, warnings: &mut Vec<Warning>) -> Result<Value, ContentError> {
    if !dir.is_dir() {
        return Ok(Value::Object(Map::new()));
    }
    let source = dir.parent().unwrap_or(dir);
    read_folder(source, dir, warnings).map(Value::Object)
}

/// The data files of `dir`, under the site folder `source` (what a symlink may not
/// leave, see [`crate::fs_guard`]).
fn read_folder(
    source: &Path,
    dir: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Map<String, Value>, ContentError> {
    let read_error = |e| ContentError::Read {
        location: Location::file(dir),
        source: e,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    entries.sort_by_key(|e| e.file_name());
    let mut map = Map::new();
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if let Some(refused) = crate::fs_guard::refusal(source, &path) {
            warnings.push(refused.warning());
            continue;
        }
        if path.is_dir() {
            map.insert(name, Value::Object(read_folder(source, &path, warnings)?));
            continue;
        }
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        let value = match ext.to_ascii_lowercase().as_str() {
            "yml" | "yaml" => parse_yaml(&path, warnings)?,
            "json" => parse_json(&path)?,
            "csv" => parse_table(&path, b',')?,
            "tsv" => parse_table(&path, b'\t')?,
            _ => continue,
        };
        map.insert(stem.to_string(), value);
    }
    Ok(map)
}

fn read(path: &Path) -> Result<String, ContentError> {
    std::fs::read_to_string(path).map_err(|e| ContentError::Read {
        location: Location::file(path),
        source: e,
    })
}

fn syntax(path: &Path, line: usize, column: usize, message: String) -> ContentError {
    ContentError::Syntax {
        location: Location::at(path, line, column),
        what: "invalid data file",
        message,
    }
}

fn parse_yaml(path: &Path, warnings: &mut Vec<Warning>) -> Result<Value, ContentError> {
    let (value, repeated) = crate::yaml::parse_noting_repeats(&read(path)?)
        .map_err(|e| syntax(path, e.line, e.column, e.message))?;
    warnings.extend(super::load::repeated_key_warnings(path, repeated));
    Ok(value)
}

fn parse_json(path: &Path) -> Result<Value, ContentError> {
    serde_json::from_str(&read(path)?)
        .map_err(|e| syntax(path, e.line(), e.column(), e.to_string()))
}

/// A CSV/TSV file with a header row → a list of row mappings (Jekyll's `headers: true`).
fn parse_table(path: &Path, delimiter: u8) -> Result<Value, ContentError> {
    let text = read(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let error = |e: csv::Error| {
        let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
        syntax(path, line, 0, e.to_string())
    };
    let headers = reader.headers().map_err(error)?.clone();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(error)?;
        let row: Map<String, Value> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.to_string(),
                    record
                        .get(i)
                        .map_or(Value::Null, |v| Value::String(v.to_string())),
                )
            })
            .collect();
        rows.push(Value::Object(row));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_yaml_json_and_csv() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("team")).unwrap();
        std::fs::write(dir.path().join("nav.yml"), "- {title: Home, url: /}\n").unwrap();
        std::fs::write(dir.path().join("team/people.json"), r#"{"ann": 1}"#).unwrap();
        std::fs::write(
            dir.path().join("prices.csv"),
            "name,price\ntea,2\ncoffee,3\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        let data = load(dir.path(), &mut Vec::new()).unwrap();
        assert_eq!(data["nav"][0]["title"], "Home");
        assert_eq!(data["team"]["people"]["ann"], 1);
        assert_eq!(data["prices"][1]["name"], "coffee");
        assert_eq!(data["prices"][1]["price"], "3");
        assert!(data.get("notes").is_none());
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.json"), "{\n  \"a\": ,\n}").unwrap();
        let err = load(dir.path(), &mut Vec::new()).unwrap_err();
        let location = crate::diagnostic::Located::location(&err).unwrap().clone();
        assert!(location.path.ends_with("bad.json"));
        assert_eq!(location.line, 2);
    }

    #[test]
    fn missing_folder_is_empty() {
        assert_eq!(
            load(Path::new("/nonexistent/_data"), &mut Vec::new()).unwrap(),
            Value::Object(Map::new())
        );
    }
}
