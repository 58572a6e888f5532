//! Live reload: rebuild when sources change, swap the served site, and tell the
//! browsers what happened as Server-Sent Events.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
/// broadcasts the event the outcome calls for (only now that the new site is served, so
/// a browser fetching its page gets the new one), and returns the URL paths of the
/// files that changed (`None` when the build failed).
pub fn publish(state: &ServeState, result: Result<ServedSite, BuildError>) -> Option<Vec<String>> {
    let previous = state.status();
    let (event, changed_paths) = match result {
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
            state.set_status(SiteStatus {
                site: Some(Arc::new(site)),
                failure: None,
            });
            (
                LiveEvent::after_good_build(changed.clone(), previous.failure.is_some()),
                Some(changed),
            )
        }
        Err(error) => {
            publish_failure(state, BuildFailure::from_error(&error));
            return None;
        }
    };
    if let Some(event) = event {
        // No receiver just means no browser is connected.
        let _ = state.events.send(event);
    }
    changed_paths
}

/// Records a failure (the last good site is still served), prints it and shows it on
/// every open page's overlay.
fn publish_failure(state: &ServeState, failure: BuildFailure) {
    let failure = Arc::new(failure);
    let previous = state.status();
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
    let _ = state.events.send(LiveEvent::Error(failure));
}

/// Rebuilds on every batch of changes until shutdown, and keeps the watcher's plan in
/// step with the configuration (a config edit may switch the theme). Dropping the
/// watcher on return stops watching.
pub async fn rebuild_on_changes(
    state: Arc<ServeState>,
    mut rebuilder: Rebuilder,
    mut watcher: SourceWatcher,
) {
    let source = rebuilder.options().resolved_source();
    loop {
        let changed = if source.is_dir() {
            tokio::select! {
                _ = state.shutdown.cancelled() => return,
                changed = watcher.next_changes() => match changed {
                    Some(changed) => changed,
                    None => return,
                },
            }
        } else {
            let Some(new_watcher) = wait_for_source(&state, &source, rebuilder.options()).await
            else {
                return;
            };
            watcher = new_watcher;
            rebuilder.start_afresh();
            Vec::new()
        };
        if !source.is_dir() {
            // Gone while the changes came in (being deleted): said and waited for above.
            continue;
        }
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
        if let Some(changed) = publish(&state, result) {
            println!("{}", rebuild_summary(&changed, started.elapsed()));
        }
        if let Err(error) = watcher.follow(watch_plan(&state, rebuilder.options())) {
            eprintln!("warning: cannot watch the new theme: {error}");
        }
    }
}

/// How often a source folder that is gone is looked for.
const SOURCE_POLL: Duration = Duration::from_millis(200);

/// The source folder is gone (deleted, or moved away): says so in the terminal and on
/// the overlay, waits for it to come back, and returns a watcher over it then. The
/// old watcher cannot follow: its watch went with the folder. `None` on shutdown.
async fn wait_for_source(
    state: &ServeState,
    source: &Path,
    options: &BuildOptions,
) -> Option<SourceWatcher> {
    let message = format!(
        "the source folder {} is gone: still serving the last good site, and waiting for \
         the folder to come back",
        source.display()
    );
    publish_failure(
        state,
        BuildFailure {
            file: Some(source.display().to_string()),
            line: 0,
            column: 0,
            message: message.clone(),
            snippet: None,
            report: format!("error: {message}"),
        },
    );
    loop {
        tokio::select! {
            _ = state.shutdown.cancelled() => return None,
            _ = tokio::time::sleep(SOURCE_POLL) => {},
        }
        if !source.is_dir() {
            continue;
        }
        match SourceWatcher::start(watch_plan(state, options)) {
            Ok(watcher) => {
                println!(
                    "The source folder {} is back; watching it again.",
                    source.display()
                );
                return Some(watcher);
            }
            // Half re-created (a subfolder vanished while being watched): try again.
            Err(_) => continue,
        }
    }
}

/// How many changed paths a rebuild's summary names.
const SUMMARY_PATHS: usize = 5;

/// One line on a rebuild: how many pages (HTML files) and other files changed, how long
/// it took from the change being seen to the browsers being told, and the first few
/// changed paths: `rebuilt 1 page in 24 ms: /blog/a/index.html`.
fn rebuild_summary(changed: &[String], took: Duration) -> String {
    let ms = took.as_millis();
    if changed.is_empty() {
        return format!("rebuilt in {ms} ms: no output changed");
    }
    let is_page = |path: &&String| path.ends_with(".html") || path.ends_with(".htm");
    let (pages, files): (Vec<&String>, Vec<&String>) = changed.iter().partition(is_page);
    let counted = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let counts = match (pages.len(), files.len()) {
        (p, 0) => counted(p, "page"),
        (0, f) => counted(f, "file"),
        (p, f) => format!("{} and {}", counted(p, "page"), counted(f, "other file")),
    };
    let named: Vec<&str> = pages
        .iter()
        .chain(&files)
        .take(SUMMARY_PATHS)
        .map(|p| p.as_str())
        .collect();
    let more = changed.len().saturating_sub(SUMMARY_PATHS);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("rebuilt {counts} in {ms} ms: {}{more}", named.join(", "))
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
    fn a_rebuild_summary_counts_pages_and_files_and_names_a_few() {
        let took = Duration::from_millis(24);
        assert_eq!(
            rebuild_summary(&paths(&["/a/index.html"]), took),
            "rebuilt 1 page in 24 ms: /a/index.html"
        );
        assert_eq!(
            rebuild_summary(&paths(&["/feed.xml", "/a/index.html", "/b.html"]), took),
            "rebuilt 2 pages and 1 other file in 24 ms: /a/index.html, /b.html, /feed.xml"
        );
        assert_eq!(
            rebuild_summary(&paths(&["/s.css"]), took),
            "rebuilt 1 file in 24 ms: /s.css"
        );
        let many: Vec<String> = (0..8).map(|n| format!("/{n}.html")).collect();
        assert!(rebuild_summary(&many, took).ends_with("/4.html and 3 more"));
        assert_eq!(
            rebuild_summary(&[], took),
            "rebuilt in 24 ms: no output changed"
        );
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
