//! How each `lang:` becomes a process: the program, its arguments, and the small
//! bootstrap that plays the part of the OpenFaaS template's entry point.
//!
//! Locally there are no containers and no templates folder: a `python3` function is
//! the local `python3` running a bootstrap that does what the template's `index.py`
//! does; a `node` function is the local `node` running a bootstrap that does what the
//! node templates' `index.js` does; anything else names its command in `fprocess`,
//! the `dockerfile` template's contract. Only the interpreter must be on PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::interpreters::{self, Interpreter, find_on_path, is_executable};

/// The classic `python3` template's `index.py`: `handle(req)` on all of stdin.
const PYTHON3_BOOTSTRAP: &str = include_str!("bootstrap/python3_classic.py");

/// The `python3-http` template: a warm server calling `handle(event, context)`.
const PYTHON3_HTTP_BOOTSTRAP: &str = include_str!("bootstrap/python3_http.py");

/// The node templates' `index.js` reading one request from the classic contract
/// (stdin and `Http_*`); status and headers come back on a marked stderr line.
const NODE_BOOTSTRAP: &str = concat!(
    include_str!("bootstrap/node_common.js"),
    include_str!("bootstrap/node_classic.js")
);

/// The node18–node22 templates' warm server (`mode=http`).
const NODE_HTTP_BOOTSTRAP: &str = concat!(
    include_str!("bootstrap/node_common.js"),
    include_str!("bootstrap/node_http.js")
);

/// The start of the stderr line on which the node bootstrap reports the response's
/// status and headers (`{"status": 200, "headers": {…}}`). Starts with an ASCII
/// record separator so that no ordinary log line looks like it.
pub const RESPONSE_META_MARKER: &str = "\u{1e}coldstart-response ";

/// How a function's process is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// `lang: python3`: `handler.py` with `def handle(req)`, run by the local `python3`.
    Python3,
    /// `lang: python3-http`: `handler.py` with `def handle(event, context)`, a warm
    /// server (`mode=http`).
    Python3Http,
    /// `lang: node`: `handler.js` exporting `async (event, context)`, one process
    /// per request under the classic contract.
    Node,
    /// `lang: node18`/`node20`/`node22`: the same handler in a warm server (`mode=http`).
    NodeHttp,
    /// An `fprocess` command line split on whitespace (never through a shell); the
    /// program is found in the handler folder when it contains a `/`, else on PATH.
    Fprocess {
        /// The program and its arguments.
        argv: Vec<String>,
    },
}

/// The resolved program and arguments of one function.
#[derive(Debug, Clone)]
pub struct LaunchCommand {
    /// The absolute path of the program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// The runtime's interpreter as resolved, for the languages coldstart bootstraps.
    pub interpreter: Option<Interpreter>,
}

impl Launcher {
    /// Chooses the launcher for a function: an explicit `fprocess` wins (as it
    /// overrides the template's in faas-cli); otherwise `lang` decides, and its
    /// handler file must exist.
    pub fn for_function(
        lang: &str,
        fprocess: Option<&str>,
        handler_dir: &Path,
    ) -> Result<Launcher, String> {
        if let Some(command) = fprocess.filter(|c| !c.trim().is_empty()) {
            return Ok(Launcher::Fprocess {
                argv: command.split_whitespace().map(str::to_string).collect(),
            });
        }
        let launcher = match lang {
            "python3" | "python" => Launcher::Python3,
            "python3-http" | "python3-http-debian" | "python3-flask" => Launcher::Python3Http,
            "node" => Launcher::Node,
            "node18" | "node20" | "node22" => Launcher::NodeHttp,
            other => {
                return Err(format!(
                    "`lang: {other}` needs an `fprocess` command (in `fprocess:` or \
                     `environment.fprocess`); coldstart runs python3 and node handlers itself"
                ));
            }
        };
        let file = launcher
            .handler_file()
            .expect("python3 and node have a handler file");
        if !handler_dir.join(file).is_file() {
            return Err(format!(
                "`lang: {lang}` expects {} in {}",
                file,
                handler_dir.display()
            ));
        }
        Ok(launcher)
    }

    /// The template's handler file, for the languages coldstart bootstraps.
    fn handler_file(&self) -> Option<&'static str> {
        match self {
            Launcher::Python3 | Launcher::Python3Http => Some("handler.py"),
            Launcher::Node | Launcher::NodeHttp => Some("handler.js"),
            Launcher::Fprocess { .. } => None,
        }
    }

    /// Whether the process reports status and headers on its last stderr line.
    pub fn reports_response_meta(&self) -> bool {
        matches!(self, Launcher::Node)
    }

    /// Resolves the program to run: a runtime's real interpreter (see
    /// [`interpreters::resolve`]; `choices` are `_config.yml`'s
    /// `functions.interpreters`), or an `fprocess` program. The error says which
    /// program is missing, for the function's own 500 response and `list()`.
    pub fn command(
        &self,
        handler_dir: &Path,
        path_var: Option<&str>,
        choices: &[(String, String)],
    ) -> Result<LaunchCommand, String> {
        let (runtime, bootstrap): (&str, [&str; 2]) = match self {
            Launcher::Python3 => ("python3", ["-c", PYTHON3_BOOTSTRAP]),
            Launcher::Python3Http => ("python3", ["-c", PYTHON3_HTTP_BOOTSTRAP]),
            Launcher::Node => ("node", ["-e", NODE_BOOTSTRAP]),
            Launcher::NodeHttp => ("node", ["-e", NODE_HTTP_BOOTSTRAP]),
            Launcher::Fprocess { argv } => {
                return Ok(LaunchCommand {
                    program: program_path(&argv[0], handler_dir, path_var)?,
                    args: argv[1..].iter().map(OsString::from).collect(),
                    interpreter: None,
                });
            }
        };
        let configured = choices
            .iter()
            .find(|(name, _)| name == runtime)
            .map(|(_, program)| program.as_str());
        let interpreter = interpreters::resolve(runtime, configured, path_var)?;
        Ok(LaunchCommand {
            program: interpreter.program.clone(),
            args: bootstrap.iter().map(OsString::from).collect(),
            interpreter: Some(interpreter),
        })
    }

    /// The file to show as the function's source, with a highlighter language name:
    /// the handler file, or for `fprocess` the first argument that is a file in the
    /// handler folder (`sh ./handler.sh`, `./run.py`). `None` for a bare command such as `cat`.
    pub fn source_file(&self, handler_dir: &Path) -> Option<(&'static str, PathBuf)> {
        match self {
            Launcher::Python3 | Launcher::Python3Http => {
                Some(("python", handler_dir.join("handler.py")))
            }
            Launcher::Node | Launcher::NodeHttp => {
                Some(("javascript", handler_dir.join("handler.js")))
            }
            Launcher::Fprocess { argv } => argv
                .iter()
                .map(|arg| handler_dir.join(arg))
                .find(|path| path.is_file())
                .map(|path| (highlight_language(&path), path)),
        }
    }
}

/// An `fprocess` program: a file of the handler folder when it names one with a
/// `/`, else found on `path_var`.
fn program_path(
    program: &str,
    handler_dir: &Path,
    path_var: Option<&str>,
) -> Result<PathBuf, String> {
    if program.contains('/') {
        let path = handler_dir.join(program);
        if !is_executable(&path) {
            return Err(format!(
                "`{program}` is not an executable file in {}",
                handler_dir.display()
            ));
        }
        return Ok(path);
    }
    find_on_path(program, path_var).ok_or_else(|| {
        format!(
            "`{program}` was not found on PATH ({})",
            path_var.unwrap_or("")
        )
    })
}

/// A highlighter language name for a script, from its extension.
fn highlight_language(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("sh" | "bash") => "bash",
        Some("py") => "python",
        Some("js" | "mjs") => "javascript",
        Some("rb") => "ruby",
        _ => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_bootstrap_uses_the_marker_the_runner_strips() {
        assert_eq!(RESPONSE_META_MARKER, "\x1ecoldstart-response ");
        assert!(NODE_BOOTSTRAP.contains(r#"const META = "\x1ecoldstart-response ";"#));
        assert!(NODE_HTTP_BOOTSTRAP.contains("createServer"));
    }

    #[test]
    fn fprocess_wins_and_is_split_without_a_shell() {
        let dir = tempfile::tempdir().unwrap();
        let launcher =
            Launcher::for_function("python3", Some("xargs  echo 'a b'"), dir.path()).unwrap();
        assert_eq!(
            launcher,
            Launcher::Fprocess {
                argv: vec!["xargs".into(), "echo".into(), "'a".into(), "b'".into()]
            }
        );
    }

    #[test]
    fn languages_need_their_handler_file_or_an_fprocess() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Launcher::for_function("python3", None, dir.path())
                .unwrap_err()
                .contains("handler.py")
        );
        assert!(
            Launcher::for_function("dockerfile", None, dir.path())
                .unwrap_err()
                .contains("fprocess")
        );
        std::fs::write(dir.path().join("handler.js"), "").unwrap();
        assert_eq!(
            Launcher::for_function("node20", None, dir.path()),
            Ok(Launcher::NodeHttp)
        );
    }

    #[test]
    fn missing_programs_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Launcher::Fprocess {
            argv: vec!["no-such-program-here".into()],
        };
        let err = missing
            .command(dir.path(), Some("/nonexistent"), &[])
            .unwrap_err();
        assert!(
            err.contains("`no-such-program-here` was not found on PATH"),
            "{err}"
        );
        let cat = Launcher::Fprocess {
            argv: vec!["cat".into()],
        };
        assert!(cat.command(dir.path(), Some("/usr/bin:/bin"), &[]).is_ok());
        let local = Launcher::Fprocess {
            argv: vec!["./run.sh".into()],
        };
        assert!(
            local
                .command(dir.path(), None, &[])
                .unwrap_err()
                .contains("not an executable")
        );
    }
}
