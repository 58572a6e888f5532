//! The watchdogs' own routes, answered before a function runs: `GET /_/health`
//! (`200 OK` while the function can run and the server is not stopping, `503`
//! otherwise) and `GET /_/ready` (as health, but `429` once every `max_inflight`
//! permit is taken), other methods `405`, as of-watchdog's `makeHealthHandler`
//! and `readiness` handler answer them.

use std::time::Duration;

use super::http::FunctionResponse;
use super::runner::PreparedFunction;

/// Which of the watchdog's routes a request path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// `/_/health`.
    Health,
    /// `/_/ready`.
    Ready,
}

impl Probe {
    /// The probe `path` (the part after `/function/NAME`) asks for, if any.
    pub fn of_path(path: &str) -> Option<Probe> {
        match path {
            "/_/health" => Some(Probe::Health),
            "/_/ready" => Some(Probe::Ready),
            _ => None,
        }
    }

    /// The watchdog's answer for `function`, asked with `method`.
    pub fn answer(
        self,
        function: &PreparedFunction,
        method: &str,
        stopping: bool,
    ) -> FunctionResponse {
        let status = if method != "GET" {
            405
        } else if stopping || function.command.is_err() {
            503
        } else if self == Probe::Ready && function.inflight.available_permits() == 0 {
            429
        } else {
            200
        };
        FunctionResponse {
            function: function.spec.name.clone(),
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: if status == 200 {
                b"OK".to_vec()
            } else {
                Vec::new()
            },
            log: String::new(),
            duration: Duration::ZERO,
            stream: None,
        }
    }
}
