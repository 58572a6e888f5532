//! `collections:` and `collections_dir:` as Jekyll 4.3 reads them: a map of label →
//! metadata, or a list of labels; `posts` always exists, first (Jekyll merges the
//! site's collections into `{posts: {}}`).

use serde_json::{Map, Value};

use super::{ConfigError, KeyReader};

/// One collection of `collections:` (posts included).
#[derive(Debug, Clone, PartialEq)]
pub struct CollectionSettings {
    /// The label: `docs` for `_docs/`.
    pub label: String,
    /// `output`: whether its documents are written (posts always are).
    pub output: bool,
    /// `permalink` as written, if any (the default depends on the site's style).
    pub permalink: Option<String>,
    /// `sort_by`: the front-matter key documents are sorted by.
    pub sort_by: Option<String>,
    /// `order`: file names (relative to the collection folder) listed first, in order.
    pub order: Option<Vec<String>>,
    /// Every key as written, for `site.collections` (Liquid sees the metadata).
    pub metadata: Map<String, Value>,
}

impl CollectionSettings {
    /// Whether this is the `posts` collection (read by the posts reader).
    pub fn is_posts(&self) -> bool {
        self.label == "posts"
    }

    /// Jekyll's `relative_directory`: `_label`, relative to `collections_dir`, as the
    /// documents' `relative_path` and `{% link %}` name them.
    pub fn relative_directory(&self) -> String {
        format!("_{}", self.label)
    }

    /// The collection's folder relative to the source: `[collections_dir/]_label`.
    pub fn folder(&self, collections_dir: &str) -> String {
        if collections_dir.is_empty() {
            self.relative_directory()
        } else {
            format!("{collections_dir}/{}", self.relative_directory())
        }
    }

    /// The URL template of its documents: `permalink`, else Jekyll's
    /// `/:collection/:path` with the suffix of the site's permalink style.
    pub fn url_template(&self, site_permalink_style: &str) -> String {
        match &self.permalink {
            Some(permalink) => super::expand_style(permalink),
            None => format!(
                "/:collection/:path{}",
                collection_suffix(site_permalink_style)
            ),
        }
    }
}

/// Jekyll's `Utils.add_permalink_suffix` for `/:collection/:path`.
fn collection_suffix(style: &str) -> &'static str {
    match style {
        "pretty" => "/",
        "date" | "ordinal" | "none" => ":output_ext",
        other if other.ends_with('/') => "/",
        other if other.ends_with(":output_ext") => ":output_ext",
        _ => "",
    }
}

impl KeyReader<'_> {
    /// `collections:` (map or list), `posts` first.
    pub(super) fn collections(&self) -> Result<Vec<CollectionSettings>, ConfigError> {
        let entries: Vec<(String, Map<String, Value>)> = match self.site.get("collections") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(label, meta)| Ok((label.clone(), self.collection_metadata(label, meta)?)))
                .collect::<Result<_, ConfigError>>()?,
            Some(Value::Array(labels)) => labels
                .iter()
                .filter_map(|label| match label {
                    Value::String(s) => Some((s.clone(), Map::new())),
                    Value::Null => None,
                    other => Some((other.to_string(), Map::new())),
                })
                .collect(),
            Some(_) => {
                return Err(self.invalid(
                    "collections",
                    "expected a mapping of labels (`docs: {output: true}`) or a list of labels",
                ));
            }
        };
        let mut collections: Vec<CollectionSettings> = entries
            .into_iter()
            .map(|(label, metadata)| self.collection(label, metadata))
            .collect::<Result<_, _>>()?;
        match collections.iter().position(CollectionSettings::is_posts) {
            Some(i) => {
                let posts = collections.remove(i);
                collections.insert(0, posts);
            }
            None => collections.insert(0, self.collection("posts".into(), Map::new())?),
        }
        Ok(collections)
    }

    /// `collections_dir`, without surrounding slashes ("" = the source folder).
    pub(super) fn collections_dir(&self) -> Result<String, ConfigError> {
        let dir = self.string("collections_dir")?.unwrap_or_default();
        Ok(dir.trim_matches('/').to_string())
    }

    fn collection_metadata(
        &self,
        label: &str,
        meta: &Value,
    ) -> Result<Map<String, Value>, ConfigError> {
        match meta {
            Value::Object(map) => Ok(map.clone()),
            Value::Null => Ok(Map::new()),
            _ => Err(self.invalid(
                &format!("collections.{label}"),
                "expected a mapping such as `{output: true}`",
            )),
        }
    }

    fn collection(
        &self,
        label: String,
        metadata: Map<String, Value>,
    ) -> Result<CollectionSettings, ConfigError> {
        let key = |name: &str| format!("collections.{label}.{name}");
        let text = |name: &str| -> Result<Option<String>, ConfigError> {
            match metadata.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.invalid(&key(name), "expected a text value")),
            }
        };
        let order = match metadata.get("order") {
            Some(Value::Array(names)) => Some(
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => None,
        };
        let output = label == "posts" || metadata.get("output") == Some(&Value::Bool(true));
        Ok(CollectionSettings {
            output,
            permalink: text("permalink")?,
            sort_by: text("sort_by")?,
            order,
            label,
            metadata,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn read(yaml: &str) -> Vec<CollectionSettings> {
        let site = crate::yaml::parse_mapping(yaml).unwrap();
        let location = Location::file(std::path::Path::new("_config.yml"));
        KeyReader {
            site: &site,
            location: &location,
            texts: &[],
        }
        .collections()
        .unwrap()
    }

    #[test]
    fn a_map_keeps_its_order_after_posts() {
        let collections = read("collections:\n  docs: {output: true, sort_by: weight}\n  notes:\n");
        let labels: Vec<_> = collections.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["posts", "docs", "notes"]);
        assert!(collections[0].output && collections[1].output && !collections[2].output);
        assert_eq!(collections[1].sort_by.as_deref(), Some("weight"));
    }

    #[test]
    fn a_list_of_labels_is_accepted() {
        let collections = read("collections: [recipes, posts]\n");
        assert_eq!(collections.len(), 2);
        assert_eq!(collections[1].label, "recipes");
        assert!(!collections[1].output);
    }

    #[test]
    fn default_templates_follow_the_site_style() {
        let docs = &read("collections: [docs]\n")[1];
        assert_eq!(docs.url_template("date"), "/:collection/:path:output_ext");
        assert_eq!(docs.url_template("pretty"), "/:collection/:path/");
        assert_eq!(docs.url_template("/:title"), "/:collection/:path");
        assert_eq!(docs.folder("my"), "my/_docs");
        assert_eq!(docs.relative_directory(), "_docs");
    }
}
