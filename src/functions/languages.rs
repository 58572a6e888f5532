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

/// Mirrors the classic `python3` template's `index.py`: all of stdin as a string
/// into `handle(req)`, and a result other than `None` printed to stdout.
/// The handler folder is the working directory, so `import handler` finds it; no
/// `__pycache__` is written there, as the dev server watches the source folder.
const PYTHON3_BOOTSTRAP: &str = r#"
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, ".")
import handler

def get_stdin():
    buf = ""
    while True:
        line = sys.stdin.readline()
        buf += line
        if line == "":
            break
    return buf

ret = handler.handle(get_stdin())
if ret != None:
    print(ret)
"#;

/// Mirrors the node templates' `index.js` (node18–node22: `FunctionEvent`,
/// `FunctionContext`, the callback and the body parsing of `body-parser`), but reads
/// one request from the classic watchdog contract (stdin and `Http_*`) instead of
/// serving HTTP. As in the template, a thrown error is sent with the context's status,
/// which is still 200 unless the handler set one or called `fail()`.
///
/// Status and headers cannot travel on stdout (that is the body), so the bootstrap
/// reports them on one final stderr line starting with [`RESPONSE_META_MARKER`],
/// which the runner removes from the log.
const NODE_BOOTSTRAP: &str = r#"
"use strict";
const path = require("path");
const handler = require(path.resolve("handler.js"));
const env = process.env;
const META = "\x1ecoldstart-response ";

const readStdin = () => new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks)));
    process.stdin.on("error", reject);
});

const requestHeaders = () => {
    const skip = ["Http_Method", "Http_Path", "Http_Query", "Http_ContentLength"];
    const headers = {};
    for (const [name, value] of Object.entries(env)) {
        if (name.startsWith("Http_") && !skip.includes(name)) {
            headers[name.slice(5).toLowerCase().replace(/_/g, "-")] = value;
        }
    }
    if (!headers["content-type"]) {
        headers["content-type"] = "text/plain";
    }
    return headers;
};

const query = () => {
    const result = {};
    for (const [key, value] of new URLSearchParams(env.Http_Query || "")) {
        result[key] = key in result ? [].concat(result[key], value) : value;
    }
    return result;
};

const parseBody = (raw, contentType) => {
    if (env.RAW_BODY === "true") {
        return raw;
    }
    const mime = contentType.split(";")[0].trim().toLowerCase();
    if (mime.startsWith("text/")) {
        return raw.toString();
    }
    if (mime === "application/json") {
        return raw.length ? JSON.parse(raw.toString()) : {};
    }
    if (mime === "application/x-www-form-urlencoded") {
        return Object.fromEntries(new URLSearchParams(raw.toString()));
    }
    return {};
};

let sent = false;
const send = (status, headers, value) => {
    if (sent) {
        return;
    }
    sent = true;
    let body = value;
    if (value === undefined || value === null) {
        body = "";
    } else if (!Buffer.isBuffer(value) && typeof value !== "string") {
        body = JSON.stringify(value);
    }
    process.stderr.write(META + JSON.stringify({ status: Number(status), headers }) + "\n", () => {
        process.stdout.write(body, () => process.exit(0));
    });
};

const isArray = (a) => (!!a) && (a.constructor === Array);
const isObject = (a) => (!!a) && (a.constructor === Object);

class FunctionEvent {
    constructor(body, headers) {
        this.body = body;
        this.headers = headers;
        this.method = env.Http_Method;
        this.query = query();
        this.path = env.Http_Path || "/";
    }
}

class FunctionContext {
    constructor(cb) {
        this.statusCode = 200;
        this.cb = cb;
        this.headerValues = {};
        this.cbCalled = 0;
    }
    status(statusCode) {
        if (!statusCode) {
            return this.statusCode;
        }
        this.statusCode = statusCode;
        return this;
    }
    headers(value) {
        if (!value) {
            return this.headerValues;
        }
        this.headerValues = value;
        return this;
    }
    succeed(value) {
        this.cbCalled++;
        this.cb(undefined, value);
    }
    fail(value) {
        if (this.status() == "200") {
            this.status(500);
        }
        this.cbCalled++;
        this.cb(value, undefined);
    }
}

readStdin().then((raw) => {
    const headers = requestHeaders();
    let body;
    try {
        body = parseBody(raw, headers["content-type"]);
    } catch (e) {
        console.error(e);
        return send(400, {}, String(e));
    }
    const cb = (err, functionResult) => {
        if (err) {
            console.error(err);
            return send(fnContext.status(), {}, err.toString ? err.toString() : err);
        }
        const result = isArray(functionResult) || isObject(functionResult)
            ? JSON.stringify(functionResult)
            : functionResult;
        send(fnContext.status(), fnContext.headers(), result);
    };
    const fnEvent = new FunctionEvent(body, headers);
    const fnContext = new FunctionContext(cb);
    Promise.resolve(handler(fnEvent, fnContext, cb))
        .then((res) => {
            if (!fnContext.cbCalled) {
                fnContext.succeed(res);
            }
        })
        .catch((e) => cb(e));
});
"#;

/// The start of the stderr line on which the node bootstrap reports the response's
/// status and headers (`{"status": 200, "headers": {…}}`). Starts with an ASCII
/// record separator so that no ordinary log line looks like it.
pub const RESPONSE_META_MARKER: &str = "\u{1e}coldstart-response ";

/// How a function's process is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// `lang: python3`: `handler.py` with `def handle(req)`, run by the local `python3`.
    Python3,
    /// `lang: node` (or `node18`/`node20`/`node22`): `handler.js` exporting
    /// `async (event, context)`, run by the local `node`.
    Node,
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
            "node" | "node18" | "node20" | "node22" => Launcher::Node,
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
            Launcher::Python3 => Some("handler.py"),
            Launcher::Node => Some("handler.js"),
            Launcher::Fprocess { .. } => None,
        }
    }

    /// Whether the process reports status and headers on its last stderr line.
    pub fn reports_response_meta(&self) -> bool {
        matches!(self, Launcher::Node)
    }

    /// Resolves the program to run, searching `path_var` (the PATH the function
    /// will see) for interpreters and bare command names. The error says which
    /// program is missing, for the function's own 500 response and `list()`.
    pub fn command(
        &self,
        handler_dir: &Path,
        path_var: Option<&str>,
    ) -> Result<LaunchCommand, String> {
        let (program, args): (&str, Vec<OsString>) = match self {
            Launcher::Python3 => ("python3", vec!["-c".into(), PYTHON3_BOOTSTRAP.into()]),
            Launcher::Node => ("node", vec!["-e".into(), NODE_BOOTSTRAP.into()]),
            Launcher::Fprocess { argv } => {
                (&argv[0], argv[1..].iter().map(OsString::from).collect())
            }
        };
        let program = if program.contains('/') {
            let path = handler_dir.join(program);
            if !is_executable(&path) {
                return Err(format!(
                    "`{program}` is not an executable file in {}",
                    handler_dir.display()
                ));
            }
            path
        } else {
            find_on_path(program, path_var).ok_or_else(|| {
                format!(
                    "`{program}` was not found on PATH ({})",
                    path_var.unwrap_or("")
                )
            })?
        };
        Ok(LaunchCommand { program, args })
    }

    /// The file to show as the function's source, with a highlighter language name:
    /// the handler file, or for `fprocess` the first argument that is a file in the
    /// handler folder (`sh ./handler.sh`, `./run.py`). `None` for a bare command such as `cat`.
    pub fn source_file(&self, handler_dir: &Path) -> Option<(&'static str, PathBuf)> {
        match self {
            Launcher::Python3 => Some(("python", handler_dir.join("handler.py"))),
            Launcher::Node => Some(("javascript", handler_dir.join("handler.js"))),
            Launcher::Fprocess { argv } => argv
                .iter()
                .map(|arg| handler_dir.join(arg))
                .find(|path| path.is_file())
                .map(|path| (highlight_language(&path), path)),
        }
    }
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

fn find_on_path(program: &str, path_var: Option<&str>) -> Option<PathBuf> {
    std::env::split_paths(path_var?)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_bootstrap_uses_the_marker_the_runner_strips() {
        assert_eq!(RESPONSE_META_MARKER, "\x1ecoldstart-response ");
        assert!(NODE_BOOTSTRAP.contains(r#"const META = "\x1ecoldstart-response ";"#));
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
            Ok(Launcher::Node)
        );
    }

    #[test]
    fn missing_programs_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Launcher::Fprocess {
            argv: vec!["no-such-program-here".into()],
        };
        let err = missing
            .command(dir.path(), Some("/nonexistent"))
            .unwrap_err();
        assert!(
            err.contains("`no-such-program-here` was not found on PATH"),
            "{err}"
        );
        let cat = Launcher::Fprocess {
            argv: vec!["cat".into()],
        };
        assert!(cat.command(dir.path(), Some("/usr/bin:/bin")).is_ok());
        let local = Launcher::Fprocess {
            argv: vec!["./run.sh".into()],
        };
        assert!(
            local
                .command(dir.path(), None)
                .unwrap_err()
                .contains("not an executable")
        );
    }
}
