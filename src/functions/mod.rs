//! Functions: the series' serverless functions, run locally under the OpenFaaS
//! classic watchdog's contract, and exported for `faas-cli`.
//!
//! A library with one entry point, [`FunctionsRuntime::invoke`]: the dev server's
//! `/function/NAME` route, the tests and the build-time output recorder all call it,
//! so they cannot disagree about what a function answers. This module knows nothing
//! about the web server; the server mounts it.
//!
//! - [`stack`]: `_functions/stack.yml`, OpenFaaS's own format, read and checked.
//! - [`languages`]: `python3`, `node` and `fprocess` as local processes, and
//!   [`interpreters`]: the real interpreter behind each runtime, found once.
//! - [`mode`]: classic, or of-watchdog's `streaming` and `http` (`warm`: one warm
//!   process, requests proxied to it).
//! - [`limits`]: time, concurrency and size bounds.
//! - `runner`, `inflight` and `contain`: one invocation, the process groups it
//!   leaves, and the descendants that left the group (`setsid`), held in a
//!   `cgroup` per invocation where the machine allows it, killed by a `guard`
//!   process when the server dies, and forked from one `spawner` thread.
//! - [`http`]: request and response types, the Origin rule, the log line.
//! - [`export`]: the deployable bundle.

mod cgroup;
mod contain;
pub mod export;
mod guard;
mod health;
pub mod http;
mod inflight;
pub mod interpreters;
pub mod languages;
mod launch;
pub mod limits;
pub mod mode;
mod reaper;
mod runner;
mod spawner;
pub mod stack;
mod stamp;
mod streaming;
mod warm;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Semaphore;

pub use cgroup::DISABLE_VARIABLE as DISABLE_CGROUPS_VARIABLE;
pub use http::{FunctionRequest, FunctionResponse, InvocationRecord, OutputStream, origin_allowed};
pub use interpreters::Interpreter;
pub use mode::WatchdogMode;
pub use runner::{EXIT_HEADER, START_HEADER};
pub use stack::{DemoExample, FunctionSpec, STACK_FILE, Stack};
pub use stamp::{FolderStamps, Stamp};

use crate::diagnostic::{Located, Location};
use inflight::ProcessGroups;
use limits::TERMINATION_GRACE;
use runner::PreparedFunction;
use warm::WarmProcess;

/// The only variables of the server's own environment a function sees; the rest
/// (tokens, keys, `AWS_*`) stays with the server, as SAM's allowlist does.
pub const ALLOWED_SERVER_VARIABLES: &[&str] = &["PATH", "LANG", "HOME"];

/// The methods the classic watchdog passes to a function; any other (OPTIONS
/// included) is answered `405`, as the watchdog does.
pub const WATCHDOG_METHODS: &[&str] = &["POST", "PUT", "PATCH", "DELETE", "GET"];

/// What can be wrong with a site's functions.
#[derive(Debug, thiserror::Error)]
pub enum FunctionsError {
    /// A stack or environment file cannot be read or is not valid YAML.
    #[error(transparent)]
    File(#[from] crate::yaml::YamlFileError),
    /// The stack file is valid YAML but not a stack coldstart can run.
    #[error("{message}")]
    Invalid {
        /// The offending key's line.
        location: Location,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// A function name that the stack does not declare.
    #[error("no function `{name}` in the stack file")]
    UnknownFunction {
        /// The stack file.
        location: Location,
        /// The name asked for.
        name: String,
    },
    /// Writing the exported bundle failed.
    #[error("cannot write the functions bundle at {}: {source}", location.path.display())]
    Export {
        /// The file or folder being written.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Located for FunctionsError {
    fn location(&self) -> Option<&Location> {
        match self {
            FunctionsError::File(error) => error.location(),
            FunctionsError::Invalid { location, .. }
            | FunctionsError::UnknownFunction { location, .. }
            | FunctionsError::Export { location, .. } => Some(location),
        }
    }
}

/// Whether this process holds its functions' processes in cgroups, one per
/// invocation; else by process group and a subreaper per invocation (see `contain`).
pub fn contained_by_cgroups() -> bool {
    cgroup::CgroupRoot::shared().is_some()
}

/// A function as listed for the widget and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInfo {
    /// The function's name.
    pub name: String,
    /// `lang:` as written in the stack.
    pub lang: String,
    /// Why it cannot run here (a missing interpreter), or `None` when it can.
    pub unavailable: Option<String>,
    /// The watchdog mode it runs under.
    pub mode: WatchdogMode,
    /// The interpreter that runs it, for the runtimes coldstart bootstraps.
    pub interpreter: Option<Interpreter>,
}

/// The code a demo widget shows for a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerSource {
    /// A highlighter language name (`python`, `javascript`, `bash`, `yaml`, …).
    pub language: String,
    /// The file shown.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Runs a site's functions. Build one per site; share it (`Arc`) between requests.
///
/// On Linux, building one makes this process a child subreaper (see `inflight`), so
/// killed grandchildren are reaped here instead of lingering as zombies.
#[derive(Debug)]
pub struct FunctionsRuntime {
    stack: Stack,
    functions: Vec<PreparedFunction>,
    groups: Arc<ProcessGroups>,
    shutting_down: AtomicBool,
}

impl FunctionsRuntime {
    /// Reads `SOURCE/_functions/stack.yml` and prepares its functions; `Ok(None)`
    /// when the site has none.
    pub fn from_source(source_dir: &Path) -> Result<Option<FunctionsRuntime>, FunctionsError> {
        FunctionsRuntime::from_source_with(source_dir, &[])
    }

    /// As [`FunctionsRuntime::from_source`], with `_config.yml`'s choice of
    /// interpreters (`functions.interpreters`: runtime name → program).
    pub fn from_source_with(
        source_dir: &Path,
        interpreters: &[(String, String)],
    ) -> Result<Option<FunctionsRuntime>, FunctionsError> {
        Ok(Stack::find(source_dir)?
            .map(|stack| FunctionsRuntime::with_interpreters(stack, interpreters)))
    }

    /// Prepares a checked stack with the interpreters found on PATH.
    pub fn new(stack: Stack) -> FunctionsRuntime {
        FunctionsRuntime::with_interpreters(stack, &[])
    }

    /// Prepares a checked stack: the allowlisted environment is read from this
    /// process now, and each function's program is resolved on the PATH it will
    /// see (a runtime's real interpreter, or `interpreters`' choice). A missing
    /// interpreter makes only that function unavailable.
    pub fn with_interpreters(stack: Stack, interpreters: &[(String, String)]) -> FunctionsRuntime {
        inflight::become_subreaper();
        let server_environment: Vec<(String, String)> = ALLOWED_SERVER_VARIABLES
            .iter()
            .filter_map(|name| {
                std::env::var(name)
                    .ok()
                    .map(|value| (name.to_string(), value))
            })
            .collect();
        let functions = stack
            .functions
            .iter()
            .map(|spec| {
                let mut base_environment = server_environment.clone();
                base_environment.extend(spec.environment.iter().cloned());
                let path_var = base_environment
                    .iter()
                    .rev()
                    .find(|(name, _)| name == "PATH")
                    .map(|(_, value)| value.as_str());
                PreparedFunction {
                    command: spec
                        .launcher
                        .command(&spec.handler_dir, path_var, interpreters),
                    inflight: Arc::new(Semaphore::new(spec.limits.max_inflight)),
                    spec: spec.clone(),
                    base_environment,
                    warm: WarmProcess::default(),
                }
            })
            .collect();
        FunctionsRuntime {
            stack,
            functions,
            groups: Arc::default(),
            shutting_down: AtomicBool::new(false),
        }
    }

    /// The stack the runtime was built from.
    pub fn stack(&self) -> &Stack {
        &self.stack
    }

    /// The functions in stack order, with whether each can run here.
    pub fn list(&self) -> Vec<FunctionInfo> {
        self.functions
            .iter()
            .map(|f| FunctionInfo {
                name: f.spec.name.clone(),
                lang: f.spec.lang.clone(),
                unavailable: f.command.as_ref().err().cloned(),
                mode: f.spec.mode.clone(),
                interpreter: f.command.as_ref().ok().and_then(|c| c.interpreter.clone()),
            })
            .collect()
    }

    /// Invokes `function` with `request` under the watchdog contract and returns
    /// what it answered; the watchdog's own `/_/health` and `/_/ready` are answered
    /// without running it (see `health`). Never fails: every problem is a status (404 unknown
    /// function, 405 method, 413, 429, 500, 502, 503 while shutting down, 504 timeout) with a message.
    pub async fn invoke(&self, function: &str, request: FunctionRequest) -> FunctionResponse {
        let stopping = self.shutting_down.load(Ordering::SeqCst);
        if let Some(probe) = health::Probe::of_path(&request.path)
            && let Some(prepared) = self.functions.iter().find(|f| f.spec.name == function)
        {
            return probe.answer(prepared, &request.method, stopping);
        }
        if stopping {
            return FunctionResponse::error(
                function,
                503,
                "The functions runtime is shutting down.",
            );
        }
        if !WATCHDOG_METHODS.contains(&request.method.as_str()) {
            return FunctionResponse::error(
                function,
                405,
                &format!("Method {} is not allowed.", request.method),
            );
        }
        match self.functions.iter().find(|f| f.spec.name == function) {
            Some(prepared) => runner::run(prepared, request, &self.groups).await,
            None => FunctionResponse::error(
                function,
                404,
                &format!("No function `{function}` in {}.", self.stack.path.display()),
            ),
        }
    }

    /// The source a demo widget shows (see [`Stack::handler_source`]).
    pub fn handler_source(&self, function: &str) -> Result<HandlerSource, FunctionsError> {
        self.stack.handler_source(function)
    }

    /// Stops everything (Ctrl-C): new invocations get 503; running process groups
    /// get SIGTERM, then SIGKILL after the grace period; returns when every
    /// invocation has reaped its processes (or after a bound).
    pub async fn shutdown(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
        self.groups.signal_all(libc::SIGTERM);
        for function in &self.functions {
            function.warm.stop().await;
        }
        let all_gone = || async {
            while self.groups.len() > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        };
        if tokio::time::timeout(TERMINATION_GRACE, all_gone())
            .await
            .is_err()
        {
            self.groups.signal_all(libc::SIGKILL);
            let _ = tokio::time::timeout(TERMINATION_GRACE, all_gone()).await;
        }
    }

    /// Writes the deployable bundle (see [`export::export_bundle`]).
    pub fn export_bundle(&self, dest_dir: &Path) -> Result<(), FunctionsError> {
        export::export_bundle(&self.stack, dest_dir)
    }
}

impl Drop for FunctionsRuntime {
    /// Kills and reaps whatever is still running, so no function outlives the server.
    fn drop(&mut self) {
        self.groups.kill_all_detached();
    }
}
