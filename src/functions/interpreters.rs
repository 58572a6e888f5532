//! The real interpreter behind each runtime (`python3`, `node`), found once.
//!
//! A `python3` on PATH is often a version manager's shim (pyenv, asdf): a shell
//! script that finds the real interpreter on every call and adds 200–300 ms to each
//! cold start, which would falsify the very figures the demos show. So each runtime is
//! asked once where its executable really is (`sys.executable`, `process.execPath`)
//! and which version it is; functions then run that file directly. `_config.yml`
//! may name the program to use instead (`functions.interpreters`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long asking an interpreter where it lives may take (a shim that hangs).
const PROBE_BOUND: Duration = Duration::from_secs(15);

/// A runtime's interpreter as found: the executable that runs, and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreter {
    /// The runtime's name (`python3`, `node`).
    pub runtime: String,
    /// The real executable (not a shim).
    pub program: PathBuf,
    /// Its version (`3.11.2`, `22.3.0`).
    pub version: String,
}

impl std::fmt::Display for Interpreter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} ({})",
            self.runtime,
            self.version,
            self.program.display()
        )
    }
}

/// The code that makes an interpreter print its real executable, then its version.
fn probe_arguments(runtime: &str) -> Option<[&'static str; 2]> {
    match runtime {
        "python3" => Some([
            "-c",
            "import sys; print(sys.executable); print(sys.version.split()[0])",
        ]),
        "node" => Some([
            "-e",
            "console.log(process.execPath); console.log(process.versions.node)",
        ]),
        _ => None,
    }
}

/// Finds the interpreter of `runtime`: `configured` (a path, or a name looked up on
/// `path_var`) when `_config.yml` chooses one, else `runtime` on `path_var`; then
/// asks it for its real executable. Answers are cached per process, so each runtime
/// is probed once however many functions and reloads use it.
pub fn resolve(
    runtime: &str,
    configured: Option<&str>,
    path_var: Option<&str>,
) -> Result<Interpreter, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, Result<Interpreter, String>>>> = OnceLock::new();
    let key = format!(
        "{runtime}\0{}\0{}",
        configured.unwrap_or(""),
        path_var.unwrap_or("")
    );
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return found.clone();
    }
    let found = probe(runtime, configured, path_var);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, found.clone());
    found
}

fn probe(
    runtime: &str,
    configured: Option<&str>,
    path_var: Option<&str>,
) -> Result<Interpreter, String> {
    let wanted = configured.unwrap_or(runtime);
    let program = if wanted.contains('/') {
        PathBuf::from(wanted)
    } else {
        find_on_path(wanted, path_var).ok_or_else(|| {
            format!(
                "`{wanted}` was not found on PATH ({})",
                path_var.unwrap_or("")
            )
        })?
    };
    if !is_executable(&program) {
        return Err(format!("`{}` is not an executable file", program.display()));
    }
    let Some(arguments) = probe_arguments(runtime) else {
        return Ok(Interpreter {
            runtime: runtime.to_string(),
            program,
            version: String::new(),
        });
    };
    let answer = run_bounded(&program, &arguments, path_var).map_err(|e| {
        format!(
            "`{}` could not be asked for its version: {e}",
            program.display()
        )
    })?;
    let mut lines = answer.lines();
    let real = lines.next().map(str::trim).filter(|l| !l.is_empty());
    let version = lines.next().unwrap_or("").trim().to_string();
    Ok(Interpreter {
        runtime: runtime.to_string(),
        // An interpreter that cannot say where it is runs as found.
        program: real.map_or(program, PathBuf::from),
        version,
    })
}

/// Runs a probe with only PATH set, and returns its stdout; killed past [`PROBE_BOUND`].
fn run_bounded(
    program: &Path,
    arguments: &[&str],
    path_var: Option<&str>,
) -> Result<String, String> {
    let mut command = Command::new(program);
    command
        .args(arguments)
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(path) = path_var {
        command.env("PATH", path);
    }
    if let Ok(home) = std::env::var("HOME") {
        // pyenv and asdf shims find their versions under HOME.
        command.env("HOME", home);
    }
    let mut child = command.spawn().map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) if status.success() => break,
            Some(status) => return Err(format!("it exited with {status}")),
            None if started.elapsed() > PROBE_BOUND => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer within {PROBE_BOUND:?}"));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let mut text = String::new();
    use std::io::Read;
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_string(&mut text)
            .map_err(|e| e.to_string())?;
    }
    Ok(text)
}

/// `program` in the first folder of `path_var` that has it as an executable file.
pub fn find_on_path(program: &str, path_var: Option<&str>) -> Option<PathBuf> {
    std::env::split_paths(path_var?)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

/// Whether `path` is a file someone may execute.
pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_shim_is_resolved_to_the_real_interpreter() {
        let real = find_on_path("python3", std::env::var("PATH").ok().as_deref())
            .expect("python3 is installed (scripts/test.sh)");
        let dir = tempfile::tempdir().unwrap();
        let shim = dir.path().join("python3");
        std::fs::write(
            &shim,
            format!("#!/bin/sh\nexec {} \"$@\"\n", real.display()),
        )
        .unwrap();
        std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = format!("{}:/usr/bin:/bin", dir.path().display());
        let found = resolve("python3", None, Some(&path)).unwrap();
        assert_ne!(found.program, shim, "the shim itself was kept");
        assert!(found.version.starts_with('3'), "{found}");
        let chosen = resolve("python3", Some(shim.to_str().unwrap()), None).unwrap();
        assert_ne!(chosen.program, shim);
        let missing = resolve("python3", Some("/nonexistent/python9"), None).unwrap_err();
        assert!(missing.contains("/nonexistent/python9"), "{missing}");
    }
}
