//! Which watchdog a function runs under: the classic one (a process per request,
//! output buffered) or one of of-watchdog's modes, as the function's template says.
//!
//! of-watchdog reads `mode` (and `upstream_url` for `http`) from the environment
//! its template's Dockerfile sets; the local runtime has no Dockerfile, so the
//! templates it knows by name (`python3-http`, `node18`–`node22`, `golang-http`, …)
//! imply their mode, and `environment.mode` in `stack.yml` says it for the rest.

use super::languages::Launcher;

/// How requests reach a function's process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchdogMode {
    /// The classic watchdog (of-watchdog's `serializing`): one process per request,
    /// the body on stdin, stdout buffered as the answer.
    Classic,
    /// of-watchdog `streaming`: one process per request, stdout sent as it comes.
    Streaming,
    /// of-watchdog `http`: one warm process, requests reverse-proxied to it.
    Http {
        /// The port of `upstream_url` when the stack declares one (an `fprocess`
        /// server); `None` for coldstart's own bootstraps, which get a free port.
        declared_port: Option<u16>,
    },
}

/// The templates whose Dockerfile sets `mode=http`.
const HTTP_TEMPLATES: &[&str] = &[
    "python3-http",
    "python3-http-debian",
    "python3-flask",
    "node18",
    "node20",
    "node22",
    "golang-http",
    "golang-middleware",
];

impl WatchdogMode {
    /// The mode of a function: its launcher's for the templates coldstart runs itself,
    /// else `environment.mode`, else the mode its `lang:` template implies.
    /// The error names the `environment` key at fault and what is wrong.
    pub fn for_function(
        launcher: &Launcher,
        lang: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<WatchdogMode, (&'static str, String)> {
        let declared = env("mode").map(|m| m.trim().to_ascii_lowercase());
        let implied = match launcher {
            Launcher::Python3 | Launcher::Node => Some("serializing"),
            Launcher::Python3Http | Launcher::NodeHttp => Some("http"),
            Launcher::Fprocess { .. } => None,
        };
        let name = match (implied, declared.as_deref()) {
            (Some(implied), Some(declared)) if declared != implied => {
                return Err((
                    "mode",
                    format!(
                        "`lang: {lang}` runs in mode `{implied}`, not `{declared}`; \
                         choose the template of that mode, or an `fprocess`"
                    ),
                ));
            }
            (Some(implied), _) => implied.to_string(),
            (None, Some(declared)) => declared.to_string(),
            (None, None) if HTTP_TEMPLATES.contains(&lang) => "http".into(),
            (None, None) => "serializing".into(),
        };
        match name.as_str() {
            "serializing" | "classic" => Ok(WatchdogMode::Classic),
            "streaming" => Ok(WatchdogMode::Streaming),
            "http" if implied.is_some() => Ok(WatchdogMode::Http {
                declared_port: None,
            }),
            "http" => {
                let url = env("upstream_url").ok_or((
                    "mode",
                    "mode `http` needs `upstream_url` (e.g. `http://127.0.0.1:8082`), \
                     where the function's server listens"
                        .to_string(),
                ))?;
                Ok(WatchdogMode::Http {
                    declared_port: Some(local_port(&url).map_err(|m| ("upstream_url", m))?),
                })
            }
            other => Err((
                "mode",
                format!("mode `{other}` is not one of serializing, streaming, http"),
            )),
        }
    }

    /// The mode's name as of-watchdog spells it.
    pub fn name(&self) -> &'static str {
        match self {
            WatchdogMode::Classic => "serializing",
            WatchdogMode::Streaming => "streaming",
            WatchdogMode::Http { .. } => "http",
        }
    }
}

/// The port of an `upstream_url` on this machine (`http://127.0.0.1:PORT`,
/// `http://localhost:PORT`): the dev server proxies to nothing else.
fn local_port(url: &str) -> Result<u16, String> {
    let rest = url
        .trim()
        .strip_prefix("http://")
        .ok_or_else(|| format!("`{url}` must start with http://"))?;
    let authority = rest.split('/').next().unwrap_or("");
    let (host, port) = authority
        .rsplit_once(':')
        .ok_or_else(|| format!("`{url}` must name a port"))?;
    if !matches!(host, "127.0.0.1" | "localhost") {
        return Err(format!("`{url}` must be on 127.0.0.1 or localhost"));
    }
    match port.parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(format!("`{port}` in `{url}` is not a port number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(
        launcher: Launcher,
        lang: &str,
        pairs: &[(&str, &str)],
    ) -> Result<WatchdogMode, String> {
        let env = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        };
        WatchdogMode::for_function(&launcher, lang, env).map_err(|(_, m)| m)
    }

    #[test]
    fn templates_imply_their_mode_and_environment_chooses_for_fprocess() {
        let cat = || Launcher::Fprocess {
            argv: vec!["cat".into()],
        };
        assert_eq!(
            mode(Launcher::Python3, "python3", &[]),
            Ok(WatchdogMode::Classic)
        );
        assert_eq!(
            mode(Launcher::NodeHttp, "node22", &[]),
            Ok(WatchdogMode::Http {
                declared_port: None
            })
        );
        assert_eq!(mode(cat(), "dockerfile", &[]), Ok(WatchdogMode::Classic));
        assert_eq!(
            mode(cat(), "bash-streaming", &[("mode", "streaming")]),
            Ok(WatchdogMode::Streaming)
        );
        assert_eq!(
            mode(
                cat(),
                "golang-http",
                &[("upstream_url", "http://127.0.0.1:8082")]
            ),
            Ok(WatchdogMode::Http {
                declared_port: Some(8082)
            })
        );
        assert!(
            mode(cat(), "golang-http", &[])
                .unwrap_err()
                .contains("upstream_url")
        );
        assert!(
            mode(
                cat(),
                "x",
                &[("mode", "http"), ("upstream_url", "http://evil.example:80")]
            )
            .unwrap_err()
            .contains("127.0.0.1")
        );
        assert!(
            mode(cat(), "x", &[("mode", "static")])
                .unwrap_err()
                .contains("static")
        );
        assert!(
            mode(Launcher::Python3, "python3", &[("mode", "http")])
                .unwrap_err()
                .contains("serializing")
        );
    }
}
