//! Watching the files a site is built from, and telling which changes matter.
//!
//! Events are debounced (notify-debouncer-full merges an editor's several events per
//! save, atomic renames included) and filtered: editor swap and backup files, `.git`
//! and the destination folder never trigger a rebuild.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::config::{self, BuildOptions, Config};

/// How long the debouncer waits for a burst of events to settle: long enough to merge
/// one save's events (an editor's write, or temporary file and rename, comes within a
/// millisecond or two), short enough to add little to a reload. A save split across
/// two batches costs a second rebuild that finds nothing changed, and sends no event.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// What to watch: folders (recursively) and single files (through their folder, so an
/// editor replacing the file by a rename is still seen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchPlan {
    /// Folders whose whole tree matters: the source, the theme, `static/`.
    folders: Vec<PathBuf>,
    /// Files that matter on their own: the configuration files.
    files: Vec<PathBuf>,
    /// Trees whose changes never matter: the destination.
    ignored: Vec<PathBuf>,
}

impl WatchPlan {
    /// The plan for a site: the source folder, the site folder's `static/` and `themes/`,
    /// the configuration files and, once a configuration has been read, its theme.
    /// Before that (when the first build fails) the defaults of `options` are used.
    pub fn new(options: &BuildOptions, config: Option<&Config>) -> WatchPlan {
        let root = &options.project_root;
        let source = options.resolved_source();
        let site_folder = config::site_folder(&source);
        let mut folders = vec![
            site_folder.join("static"),
            site_folder.join("themes"),
            source,
        ];
        let mut files = options.config_files.clone();
        let mut ignored = vec![options.destination.clone().unwrap_or(root.join("_site"))];
        if let Some(config) = config {
            folders.extend(config.theme.folder().map(Path::to_path_buf));
            files.extend(config.config_files.iter().cloned());
            ignored.push(config.destination.clone());
        }
        let folders = unique(folders.iter().filter_map(|dir| dir.canonicalize().ok()));
        let files = unique(files.iter().filter_map(|file| absolute_file(file)));
        let ignored = unique(ignored.iter().filter_map(|dir| absolute_file(dir)));
        WatchPlan {
            folders,
            files,
            ignored,
        }
    }

    /// Whether a change at `path` (absolute, as notify reports it) can change the site.
    pub fn is_relevant(&self, path: &Path) -> bool {
        let watched = self.files.iter().any(|file| file == path)
            || self.folders.iter().any(|dir| path.starts_with(dir));
        watched && !self.ignored.iter().any(|dir| path.starts_with(dir)) && !is_noise(path)
    }
}

/// A running watcher and the changes it reports; dropping it stops watching.
pub struct SourceWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    plan: WatchPlan,
    changes: UnboundedReceiver<Vec<PathBuf>>,
}

impl SourceWatcher {
    /// Starts watching what `plan` names.
    pub fn start(plan: WatchPlan) -> notify::Result<SourceWatcher> {
        let (sender, changes) = tokio::sync::mpsc::unbounded_channel();
        let debouncer = start_debouncer(plan.clone(), sender)?;
        Ok(SourceWatcher {
            _debouncer: debouncer,
            plan,
            changes,
        })
    }

    /// The next changes: every relevant path reported since the last call (waiting for
    /// at least one), sorted and without repeats. `None` once watching has stopped.
    pub async fn next_changes(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = self.changes.recv().await?;
        while let Ok(more) = self.changes.try_recv() {
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// Switches to `plan` when it differs from the current one (a configuration edit may
    /// have switched the theme). On error the old plan stays in force.
    pub fn follow(&mut self, plan: WatchPlan) -> notify::Result<()> {
        if plan != self.plan {
            *self = SourceWatcher::start(plan)?;
        }
        Ok(())
    }
}

/// Starts the debouncer over `plan`; each debounced batch of relevant changed paths is
/// sent to `changes`.
fn start_debouncer(
    plan: WatchPlan,
    changes: UnboundedSender<Vec<PathBuf>>,
) -> notify::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let targets: Vec<(PathBuf, RecursiveMode)> = plan
        .folders
        .iter()
        .map(|dir| (dir.clone(), RecursiveMode::Recursive))
        .chain(
            plan.files
                .iter()
                .filter_map(|file| file.parent())
                .filter(|parent| !plan.folders.iter().any(|dir| parent.starts_with(dir)))
                .map(|parent| (parent.to_path_buf(), RecursiveMode::NonRecursive)),
        )
        .collect();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        match result {
            Ok(events) => {
                let paths: Vec<PathBuf> = unique(
                    events
                        .iter()
                        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                        .flat_map(|event| event.paths.iter())
                        .filter(|path| plan.is_relevant(path))
                        .cloned(),
                );
                if !paths.is_empty() {
                    // The receiver is gone only while shutting down.
                    let _ = changes.send(paths);
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
            }
        }
    })?;
    for (path, mode) in targets {
        debouncer.watch(&path, mode)?;
    }
    Ok(debouncer)
}

/// Files editors and tools write next to the real ones: Vim's swap files and its `4913`
/// write test, Emacs's `.#lock` and `file~` backups, JetBrains' safe-write temporaries,
/// and anything inside `.git`.
fn is_noise(path: &Path) -> bool {
    if path.components().any(|c| c.as_os_str() == ".git") {
        return true;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "4913"
        || name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// An absolute form of a path that may not exist yet: its folder canonicalized (so it
/// compares equal to what notify reports) and its name kept.
fn absolute_file(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = path.canonicalize() {
        return Some(real);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// The items in their first order, without repeats.
fn unique(items: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_is_noise() {
        for noisy in [
            "/s/_posts/.post.md.swp",
            "/s/_posts/post.md~",
            "/s/_posts/.#post.md",
            "/s/_posts/4913",
            "/s/.git/index",
            "/s/a.md___jb_tmp___",
        ] {
            assert!(is_noise(Path::new(noisy)), "{noisy}");
        }
        assert!(!is_noise(Path::new("/s/_posts/2024-01-01-post.md")));
        assert!(!is_noise(Path::new("/s/assets/site.css")));
    }

    #[test]
    fn only_watched_trees_and_files_outside_the_destination_are_relevant() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("site/_site")).unwrap();
        std::fs::write(root.join("extra.yml"), "").unwrap();
        let options = BuildOptions {
            source: Some(root.join("site")),
            destination: Some(root.join("site/_site")),
            config_files: vec![root.join("extra.yml")],
            project_root: root.clone(),
            ..BuildOptions::default()
        };
        let plan = WatchPlan::new(&options, None);
        assert!(plan.is_relevant(&root.join("site/_posts/a.md")));
        assert!(plan.is_relevant(&root.join("extra.yml")));
        assert!(!plan.is_relevant(&root.join("other.yml")));
        assert!(!plan.is_relevant(&root.join("site/_site/index.html")));
        assert!(!plan.is_relevant(&root.join("site/_posts/.a.md.swp")));
    }
}
