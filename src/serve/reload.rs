//! Live reload: rebuild when sources change, swap the served site, and tell the
//! browsers what happened as Server-Sent Events.

use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use super::overlay::BuildFailure;
use super::resolve::url_path;
use super::site::{Rebuilder, ServedSite};
use super::watch::{SourceWatcher, WatchPlan};
use super::{ServeState, SiteStatus};
use crate::build::BuildError;
use crate::config::BuildOptions;

/// What the browsers are told after a build.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Pages or assets changed (or the site recovered from an error): reload.
    Reload {
        /// The URL paths of the changed files.
        paths: Vec<String>,
    },
    /// Only stylesheets changed: swap them without reloading.
    Css {
        /// The URL paths of the changed stylesheets.
        paths: Vec<String>,
    },
    /// The build failed: show the overlay; the last good site is still served.
    Error(Arc<BuildFailure>),
}

impl LiveEvent {
    /// The SSE event name (`reload`, `css`, `error`).
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Reload { .. } => "reload",
            LiveEvent::Css { .. } => "css",
            LiveEvent::Error(_) => "error",
        }
    }

    /// The SSE data: one line of JSON.
    pub fn data(&self) -> String {
        match self {
            LiveEvent::Reload { paths } | LiveEvent::Css { paths } => {
                json!({ "paths": paths }).to_string()
            }
            LiveEvent::Error(failure) => json!(failure.as_ref()).to_string(),
        }
    }

    /// The event a successful build calls for: `None` when nothing visible changed and
    /// there was no error to clear; `css` when only stylesheets changed; else `reload`.
    fn after_good_build(changed: Vec<String>, was_failing: bool) -> Option<LiveEvent> {
        if changed.is_empty() && !was_failing {
            None
        } else if !changed.is_empty() && !was_failing && changed.iter().all(|p| p.ends_with(".css"))
        {
            Some(LiveEvent::Css { paths: changed })
        } else {
            Some(LiveEvent::Reload { paths: changed })
        }
    }
}

/// Makes a build's outcome current: a good site replaces the served one, a failure
/// keeps the last good site and records the error. Prints warnings and errors,
/// broadcasts the event the outcome calls for, and returns how many files changed
/// (`None` when the build failed).
pub fn publish(state: &ServeState, result: Result<ServedSite, BuildError>) -> Option<usize> {
    let previous = state.status();
    let (event, changed_count) = match result {
        Ok(site) => {
            for warning in &site.rendered.warnings {
                eprintln!("{warning}");
            }
            let changed: Vec<String> = match &previous.site {
                Some(old) => site
                    .changed_since(old)
                    .iter()
                    .map(|key| url_path(site.baseurl(), key))
                    .collect(),
                None => Vec::new(),
            };
            let changed_count = changed.len();
            state.set_status(SiteStatus {
                site: Some(Arc::new(site)),
                failure: None,
            });
            (
                LiveEvent::after_good_build(changed, previous.failure.is_some()),
                Some(changed_count),
            )
        }
        Err(error) => {
            let failure = Arc::new(BuildFailure::from_error(&error));
            eprintln!("{}", failure.report);
            if previous.site.is_some() {
                eprintln!("Build failed; still serving the last good site.");
            } else {
                eprintln!("Build failed; serving the error until it is fixed.");
            }
            state.set_status(SiteStatus {
                site: previous.site.clone(),
                failure: Some(failure.clone()),
            });
            (Some(LiveEvent::Error(failure)), None)
        }
    };
    if let Some(event) = event {
        // No receiver just means no browser is connected.
        let _ = state.events.send(event);
    }
    changed_count
}

/// Rebuilds on every batch of changes until shutdown, and keeps the watcher's plan in
/// step with the configuration (a config edit may switch the theme). Dropping the
/// watcher on return stops watching.
pub async fn rebuild_on_changes(
    state: Arc<ServeState>,
    mut rebuilder: Rebuilder,
    mut watcher: SourceWatcher,
) {
    loop {
        let changed = tokio::select! {
            _ = state.shutdown.cancelled() => return,
            changed = watcher.next_changes() => match changed {
                Some(changed) => changed,
                None => return,
            },
        };
        for path in &changed {
            println!("Changed: {}", path.display());
        }
        let started = Instant::now();
        let result;
        (result, rebuilder) = tokio::task::spawn_blocking(move || {
            let result = rebuilder.rebuild(&changed);
            (result, rebuilder)
        })
        .await
        .expect("rebuild catches its own panics");
        if let Some(count) = publish(&state, result) {
            println!(
                "Rebuilt in {} ms: {count} file{} changed",
                started.elapsed().as_millis(),
                if count == 1 { "" } else { "s" }
            );
        }
        if let Err(error) = watcher.follow(watch_plan(&state, rebuilder.options())) {
            eprintln!("warning: cannot watch the new theme: {error}");
        }
    }
}

/// What to watch for the site as last built (its theme folder and config files), or
/// for the options alone while no build has succeeded.
pub(super) fn watch_plan(state: &ServeState, options: &BuildOptions) -> WatchPlan {
    let status = state.status();
    let config = status.site.as_ref().map(|site| &site.rendered.config);
    WatchPlan::new(options, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn stylesheet_only_changes_are_css_events() {
        let event = LiveEvent::after_good_build(paths(&["/a.css", "/b/c.css"]), false);
        assert!(matches!(event, Some(LiveEvent::Css { .. })));
        let event = LiveEvent::after_good_build(paths(&["/a.css", "/index.html"]), false);
        assert!(matches!(event, Some(LiveEvent::Reload { .. })));
    }

    #[test]
    fn nothing_changed_is_silent_unless_an_error_must_be_cleared() {
        assert!(LiveEvent::after_good_build(Vec::new(), false).is_none());
        let event = LiveEvent::after_good_build(Vec::new(), true);
        assert!(matches!(event, Some(LiveEvent::Reload { .. })));
        let event = LiveEvent::after_good_build(paths(&["/a.css"]), true);
        assert!(matches!(event, Some(LiveEvent::Reload { .. })));
    }

    #[test]
    fn events_carry_their_paths_as_json() {
        let event = LiveEvent::Reload {
            paths: paths(&["/blog/index.html"]),
        };
        assert_eq!(event.name(), "reload");
        assert_eq!(event.data(), r#"{"paths":["/blog/index.html"]}"#);
    }
}
