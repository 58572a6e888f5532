//! `functions:`: how the site's demo widgets reach their functions.

use serde_json::Value;

use super::{ConfigError, KeyReader};

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
    /// `functions.interpreters`: the program each runtime runs with (`python3:
    /// /usr/bin/python3.12`, `node: node22`), instead of the real interpreter
    /// behind the one on PATH.
    pub interpreters: Vec<(String, String)>,
}

impl FunctionsSettings {
    /// Reads `functions.base_url` and `functions.interpreters` (published is set by
    /// `build`).
    pub(super) fn from_site(reader: &KeyReader) -> Result<FunctionsSettings, ConfigError> {
        let base_url = match reader.site.get("functions").and_then(|f| f.get("base_url")) {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) => Some(url.trim().trim_end_matches('/').to_string()),
            Some(_) => {
                return Err(reader.invalid(
                    "functions.base_url",
                    "expected a URL or a path, e.g. `https://gateway.example.com` or `/`",
                ));
            }
        };
        let interpreters = match reader
            .site
            .get("functions")
            .and_then(|f| f.get("interpreters"))
        {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(map)) if map.values().all(Value::is_string) => map
                .iter()
                .map(|(runtime, program)| {
                    let program = program.as_str().unwrap_or_default();
                    (runtime.clone(), program.to_string())
                })
                .collect(),
            Some(_) => {
                return Err(reader.invalid(
                    "functions.interpreters",
                    "expected a mapping of runtime to program, e.g. `python3: /usr/bin/python3.12`",
                ));
            }
        };
        Ok(FunctionsSettings {
            base_url,
            published: false,
            interpreters,
        })
    }

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
