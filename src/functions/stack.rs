//! `_functions/stack.yml`: OpenFaaS's own stack format, read and checked.
//!
//! The file is kept in faas-cli's format (`version`, `provider`, `functions: NAME:
//! {lang, handler, image, environment, environment_file, fprocess, …}`) so that
//! `faas-cli up` deploys the very files the dev server runs. Keys coldstart has no
//! local meaning for (`image`, `limits`, `secrets`, `labels`, …) are accepted and
//! kept for the export; what coldstart needs is checked here, with the line of the
//! offending key.

use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::languages::Launcher;
use super::limits::FunctionLimits;
use super::mode::WatchdogMode;
use super::{FunctionsError, HandlerSource};
use crate::diagnostic::Location;
use crate::yaml::{self, YamlFileError};

/// Where the stack file lives, relative to the site's source folder.
pub const STACK_FILE: &str = "_functions/stack.yml";

/// The functions of a site, as declared in its stack file.
#[derive(Debug, Clone)]
pub struct Stack {
    /// The stack file itself.
    pub path: PathBuf,
    /// `provider.gateway`, where `faas-cli` would deploy (informational locally).
    pub gateway: Option<String>,
    /// The functions, in the order the file declares them.
    pub functions: Vec<FunctionSpec>,
}

/// One function of the stack, resolved and checked.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    /// The function's name (a DNS label, as OpenFaaS requires); the URL is `/function/NAME`.
    pub name: String,
    /// `lang:` as written (`python3`, `node`, `dockerfile`, …).
    pub lang: String,
    /// The handler folder, `handler:` resolved against the stack file's folder.
    pub handler_dir: PathBuf,
    /// How a request runs this function.
    pub launcher: Launcher,
    /// The watchdog the function runs under (classic, or of-watchdog's streaming or http).
    pub mode: WatchdogMode,
    /// The function's environment: `environment_file` entries over inline
    /// `environment`, as faas-cli merges them. Passed to the process; also holds
    /// the watchdog's settings (`exec_timeout`, `max_inflight`, `content_type`).
    pub environment: Vec<(String, String)>,
    /// Time, concurrency and size bounds read from the environment.
    pub limits: FunctionLimits,
    /// `annotations:` as written (OpenFaaS passes them to the deployment); coldstart
    /// reads its demo settings from the `com.coldstart.*` ones (see [`DemoExample`]).
    pub annotations: Vec<(String, String)>,
    /// The line that declares the function, for messages about it.
    pub location: Location,
}

/// The annotation holding the request body a demo widget starts with.
pub const EXAMPLE_ANNOTATION: &str = "com.coldstart.example";
/// The annotation naming the method a demo widget sends (default `POST`).
pub const METHOD_ANNOTATION: &str = "com.coldstart.method";
/// The annotation giving the `Content-Type` a demo widget sends (default `text/plain`).
pub const CONTENT_TYPE_ANNOTATION: &str = "com.coldstart.content-type";

/// What a demo widget sends by default, declared beside the function in `stack.yml`:
///
/// ```yaml
/// functions:
///   wordcount:
///     lang: python3
///     handler: ./wordcount
///     annotations:
///       com.coldstart.example: "the quick brown fox"
///       com.coldstart.method: POST                  # optional
///       com.coldstart.content-type: text/plain      # optional
/// ```
///
/// Annotations, because they are the stack format's own free-form map: `faas-cli`
/// deploys the file unchanged (they become Kubernetes annotations, which accept these
/// names), so the demo settings need no second file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoExample {
    /// The request body (the query string for `GET`); empty when not declared.
    pub input: String,
    /// The HTTP method.
    pub method: String,
    /// The request's `Content-Type`.
    pub content_type: String,
}

impl FunctionSpec {
    /// The demo defaults declared in the function's annotations.
    pub fn demo_example(&self) -> DemoExample {
        let annotation = |key: &str| {
            self.annotations
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        DemoExample {
            input: annotation(EXAMPLE_ANNOTATION).unwrap_or_default(),
            method: annotation(METHOD_ANNOTATION)
                .map(|m| m.to_ascii_uppercase())
                .unwrap_or_else(|| "POST".into()),
            content_type: annotation(CONTENT_TYPE_ANNOTATION)
                .unwrap_or_else(|| "text/plain".into()),
        }
    }

    /// The value of an environment key, the last definition winning.
    pub fn env(&self, key: &str) -> Option<&str> {
        self.environment
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl Stack {
    /// Reads `SOURCE/_functions/stack.yml`; `Ok(None)` when the site has no functions.
    pub fn find(source_dir: &Path) -> Result<Option<Stack>, FunctionsError> {
        let path = source_dir.join(STACK_FILE);
        if path.is_file() {
            Stack::load(&path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads and checks a stack file.
    pub fn load(path: &Path) -> Result<Stack, FunctionsError> {
        let text = read(path)?;
        Stack::parse(path, &text)
    }

    /// Checks the text of a stack file read from `path` (handlers are resolved
    /// against `path`'s folder and must exist).
    pub fn parse(path: &Path, text: &str) -> Result<Stack, FunctionsError> {
        let file = StackText { path, text };
        let top = parse_yaml(path, text)?;
        if let Some(version) = top.get("version") {
            let text_form = match version {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if text_form != "1.0" && text_form != "1" {
                return Err(file.invalid(
                    &["version"],
                    format!("`version` must be 1.0, found {text_form}"),
                ));
            }
        }
        let provider =
            file.mapping(&top, "provider", "`provider: {name: openfaas}` is required")?;
        if provider.get("name").and_then(Value::as_str) != Some("openfaas") {
            return Err(file.invalid(
                &["provider", "name"],
                "`provider.name` must be `openfaas` (its only valid value)".into(),
            ));
        }
        let gateway = provider
            .get("gateway")
            .and_then(Value::as_str)
            .map(str::to_string);
        let declared = file.mapping(
            &top,
            "functions",
            "`functions:` must be a mapping of function names",
        )?;
        let functions = declared
            .iter()
            .map(|(name, body)| file.function(name, body))
            .collect::<Result<_, _>>()?;
        Ok(Stack {
            path: path.to_path_buf(),
            gateway,
            functions,
        })
    }

    /// The folder holding the stack file; `handler:` paths are relative to it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The function called `name`.
    pub fn function(&self, name: &str) -> Option<&FunctionSpec> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// The function called `name`, or an error naming the stack file.
    pub fn require(&self, name: &str) -> Result<&FunctionSpec, FunctionsError> {
        self.function(name)
            .ok_or_else(|| FunctionsError::UnknownFunction {
                location: Location::file(&self.path),
                name: name.to_string(),
            })
    }

    /// The source a demo widget shows: the handler file, the script an `fprocess`
    /// runs, or for a bare command (`cat`) the function's entry in the stack file.
    /// Needs no runtime, so a page can show it without running anything.
    pub fn handler_source(&self, name: &str) -> Result<HandlerSource, FunctionsError> {
        let spec = self.require(name)?;
        let (language, path) = spec
            .launcher
            .source_file(&spec.handler_dir)
            .unwrap_or(("yaml", self.path.clone()));
        let text = read(&path)?;
        Ok(HandlerSource {
            language: language.to_string(),
            path,
            text,
        })
    }
}

/// The stack file being checked, so every error can point at a key's line.
struct StackText<'a> {
    path: &'a Path,
    text: &'a str,
}

impl StackText<'_> {
    fn at(&self, keys: &[&str]) -> Location {
        Location::at(self.path, yaml::key_line(self.text, keys), 0)
    }

    /// The top-level mapping `key`, or an error saying what it must be.
    fn mapping<'v>(
        &self,
        top: &'v Map<String, Value>,
        key: &str,
        requirement: &str,
    ) -> Result<&'v Map<String, Value>, FunctionsError> {
        top.get(key)
            .and_then(Value::as_object)
            .ok_or_else(|| self.invalid(&[key], requirement.to_string()))
    }

    fn invalid(&self, keys: &[&str], message: String) -> FunctionsError {
        FunctionsError::Invalid {
            location: self.at(keys),
            message,
        }
    }

    fn function(&self, name: &str, body: &Value) -> Result<FunctionSpec, FunctionsError> {
        let key = |k: &'static str| ["functions", name, k];
        if !is_dns_label(name) {
            return Err(self.invalid(
                &["functions", name],
                format!(
                    "function name `{name}` must be a DNS label: lowercase letters, digits \
                     and `-`, starting with a letter, at most 63 characters"
                ),
            ));
        }
        let body = body.as_object().ok_or_else(|| {
            self.invalid(
                &["functions", name],
                format!("function `{name}` must be a mapping"),
            )
        })?;
        let lang = string_field(body, "lang").ok_or_else(|| {
            self.invalid(&key("lang"), format!("function `{name}` needs `lang:`"))
        })?;
        let handler = string_field(body, "handler").ok_or_else(|| {
            self.invalid(
                &key("handler"),
                format!("function `{name}` needs `handler:`"),
            )
        })?;
        let handler_dir = self.handler_dir(name, &handler)?;

        let environment = self.function_environment(name, body)?;
        let fprocess = string_field(body, "fprocess").or_else(|| {
            environment
                .iter()
                .rev()
                .find(|(k, _)| k == "fprocess")
                .map(|(_, v)| v.clone())
        });
        let launcher = Launcher::for_function(&lang, fprocess.as_deref(), &handler_dir).map_err(
            |message| self.invalid(&key("lang"), format!("function `{name}`: {message}")),
        )?;
        let env_value = |k: &str| {
            environment
                .iter()
                .rev()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        };
        let mode = WatchdogMode::for_function(&launcher, &lang, env_value).map_err(
            |(env_key, message)| {
                self.invalid(
                    &["functions", name, "environment", env_key],
                    format!("function `{name}`: {message}"),
                )
            },
        )?;
        let annotations = self.string_map(body.get("annotations"), &key("annotations"))?;
        let limits = FunctionLimits::from_environment(&environment).map_err(|e| {
            let mut keys = key("environment").to_vec();
            keys.push(e.key);
            self.invalid(
                &keys,
                format!("function `{name}`: `{}` {}", e.key, e.message),
            )
        })?;
        Ok(FunctionSpec {
            name: name.to_string(),
            lang,
            handler_dir,
            launcher,
            mode,
            environment,
            limits,
            annotations,
            location: self.at(&["functions", name]),
        })
    }

    /// A function's `environment`, then the variables of each `environment_file`
    /// in order: files over inline entries, later files over earlier ones.
    fn function_environment(
        &self,
        name: &str,
        body: &Map<String, Value>,
    ) -> Result<Vec<(String, String)>, FunctionsError> {
        let keys = ["functions", name, "environment_file"];
        let mut environment =
            self.string_map(body.get("environment"), &["functions", name, "environment"])?;
        let Some(files) = body.get("environment_file") else {
            return Ok(environment);
        };
        let files = files.as_array().ok_or_else(|| {
            self.invalid(&keys, "`environment_file` must be a list of files".into())
        })?;
        for file in files {
            let file = file.as_str().ok_or_else(|| {
                self.invalid(&keys, "`environment_file` entries must be paths".into())
            })?;
            environment.extend(self.environment_file(file)?);
        }
        Ok(environment)
    }

    /// Resolves `handler:` against the stack folder. It must be a folder inside it,
    /// as faas-cli requires a folder and the export copies the tree as it is.
    fn handler_dir(&self, name: &str, handler: &str) -> Result<PathBuf, FunctionsError> {
        let keys = ["functions", name, "handler"];
        let relative = Path::new(handler);
        let stays_inside = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !stays_inside {
            return Err(self.invalid(
                &keys,
                format!("`handler: {handler}` must be a folder beside the stack file (no `..`, not absolute)"),
            ));
        }
        let dir = self.path.parent().unwrap_or(Path::new(".")).join(relative);
        if !dir.is_dir() {
            return Err(self.invalid(
                &keys,
                format!("handler folder {} does not exist", dir.display()),
            ));
        }
        Ok(dir)
    }

    /// A mapping of names to scalar values (`environment`, `annotations`), in order.
    fn string_map(
        &self,
        value: Option<&Value>,
        keys: &[&str],
    ) -> Result<Vec<(String, String)>, FunctionsError> {
        match value {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Object(map)) => Ok(map
                .iter()
                .map(|(k, v)| (k.clone(), scalar_text(v)))
                .collect()),
            Some(_) => Err(self.invalid(
                keys,
                format!(
                    "`{}` must be a mapping of names to values",
                    keys.last().copied().unwrap_or_default()
                ),
            )),
        }
    }

    /// An `environment_file`: YAML with an `environment:` mapping, relative to the stack.
    fn environment_file(&self, relative: &str) -> Result<Vec<(String, String)>, FunctionsError> {
        let path = self.path.parent().unwrap_or(Path::new(".")).join(relative);
        let text = read(&path)?;
        let map = parse_yaml(&path, &text)?;
        StackText {
            path: &path,
            text: &text,
        }
        .string_map(map.get("environment"), &["environment"])
    }
}

fn parse_yaml(path: &Path, text: &str) -> Result<Map<String, Value>, FunctionsError> {
    Ok(yaml::parse_mapping(text).map_err(|e| YamlFileError::in_file(path, e))?)
}

fn read(path: &Path) -> Result<String, FunctionsError> {
    Ok(yaml::read_file(path)?)
}

fn string_field(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_string)
}

/// An environment value as the process will see it (YAML numbers and booleans
/// become their text, as faas-cli writes them).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// RFC 1035 label, which OpenFaaS requires of function names.
fn is_dns_label(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_functions/echo")).unwrap();
        std::fs::write(
            dir.path().join("_functions/echo/handler.py"),
            "def handle(req):\n    return req\n",
        )
        .unwrap();
        dir
    }

    fn parse(dir: &Path, text: &str) -> Result<Stack, FunctionsError> {
        Stack::parse(&dir.join(STACK_FILE), text)
    }

    #[test]
    fn reads_functions_environment_files_and_limits() {
        let dir = site();
        std::fs::write(
            dir.path().join("_functions/env.yml"),
            "environment:\n  GREETING: from-file\n",
        )
        .unwrap();
        let text = "version: 1.0\nprovider:\n  name: openfaas\n  gateway: http://127.0.0.1:8080\nfunctions:\n  echo:\n    lang: python3\n    handler: ./echo\n    image: me/echo:0.1\n    environment:\n      GREETING: inline\n      exec_timeout: 2s\n      max_inflight: 2\n    environment_file: [env.yml]\n";
        let stack = parse(dir.path(), text).unwrap();
        let echo = stack.function("echo").unwrap();
        assert_eq!(echo.env("GREETING"), Some("from-file"));
        assert_eq!(echo.limits.exec_timeout, std::time::Duration::from_secs(2));
        assert_eq!(echo.limits.max_inflight, 2);
        assert_eq!(echo.location.line, 6);
        assert_eq!(stack.gateway.as_deref(), Some("http://127.0.0.1:8080"));
    }

    #[test]
    fn errors_point_at_the_offending_key() {
        let dir = site();
        let head = "version: 1.0\nprovider:\n  name: openfaas\nfunctions:\n  echo:\n";
        let cases = [
            (
                "    lang: python3\n    handler: ./missing\n",
                7,
                "does not exist",
            ),
            (
                "    lang: python3\n    handler: ../echo\n",
                7,
                "beside the stack file",
            ),
            ("    lang: cobol\n    handler: ./echo\n", 6, "cobol"),
            (
                "    lang: python3\n    handler: ./echo\n    environment:\n      exec_timeout: soon\n",
                9,
                "exec_timeout",
            ),
            ("    handler: ./echo\n", 5, "needs `lang:`"),
        ];
        for (body, line, needle) in cases {
            let err = parse(dir.path(), &format!("{head}{body}")).unwrap_err();
            let location = crate::diagnostic::Located::location(&err).unwrap();
            assert_eq!(location.line, line, "{err}");
            assert!(err.to_string().contains(needle), "{err}");
        }
        let err = parse(dir.path(), "provider: {name: aws}\nfunctions: {}\n").unwrap_err();
        assert!(err.to_string().contains("openfaas"), "{err}");
        let err = parse(
            dir.path(),
            "provider: {name: openfaas}\nfunctions:\n  Echo: {lang: python3, handler: ./echo}\n",
        )
        .unwrap_err();
        assert_eq!(crate::diagnostic::Located::location(&err).unwrap().line, 3);
    }
}
