//! Walking the source folder as Jekyll's `Reader` and `EntryFilter` do: which names
//! are read at all, and which files are posts, drafts, collection documents or
//! other files (pages and static files), in walk order.

use std::path::{Path, PathBuf};

use crate::config::Config;

use super::collections;
use super::load::ContentError;
use crate::diagnostic::{Location, Warning};

/// Jekyll's `EntryFilter#special?` and `#backup?`: names starting with `.`, `_`, `#`
/// or `~` (hidden files, editor locks) and backups ending in `~` are never read, in
/// `_posts/` and `_drafts/` too.
pub(super) fn is_special_or_backup(name: &str) -> bool {
    name.starts_with(['.', '_', '#', '~']) || name.ends_with('~')
}

/// Jekyll's `EntryFilter`: which names are read at all.
pub(super) struct EntryFilter<'a> {
    config: &'a Config,
    /// The destination, when it lies inside the source (it must never be read back).
    destination: Option<PathBuf>,
    /// A warning for each symlink the walk refused to follow.
    pub(super) refused: std::sync::Mutex<Vec<Warning>>,
}

impl<'a> EntryFilter<'a> {
    pub(super) fn new(config: &'a Config) -> Self {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let destination =
            Some(absolute(&config.destination)).filter(|d| d.starts_with(absolute(&config.source)));
        EntryFilter {
            config,
            destination,
            refused: std::sync::Mutex::default(),
        }
    }

    /// Notes a symlink the walk does not follow.
    fn refuse(&self, refused: crate::fs_guard::Refusal) {
        let mut warnings = self.refused.lock().unwrap_or_else(|e| e.into_inner());
        warnings.push(refused.warning());
    }

    /// Whether the entry `relative` (source-relative, `/`-separated) with base name
    /// `name` is skipped. Special folders (`_posts`, `_drafts`) are handled by the walk.
    pub(super) fn skips(&self, relative: &str, name: &str, full: &Path) -> bool {
        let included = self
            .config
            .include
            .iter()
            .any(|i| i == name || i == relative);
        if !included && is_special_or_backup(name) {
            return true;
        }
        if !included && self.excluded(relative) {
            return true;
        }
        let absolute = std::path::absolute(full).unwrap_or_else(|_| full.to_path_buf());
        self.destination
            .as_deref()
            .is_some_and(|d| absolute.starts_with(d))
    }

    /// Jekyll's `excluded?`: an `exclude` entry matches a path it prefixes, or as a glob.
    pub(super) fn excluded(&self, relative: &str) -> bool {
        self.config.exclude.iter().any(|pattern| {
            let pattern = pattern.trim_start_matches("./").trim_start_matches('/');
            !pattern.is_empty()
                && (relative.starts_with(pattern)
                    || (pattern.contains(['*', '?']) && glob_matches(pattern, relative, false)))
        })
    }
}

/// `File.fnmatch`, enough for exclude and scope patterns: `*` matches any run of
/// characters (not `/` when `pathname` is set, as with `FNM_PATHNAME`), `?` one.
pub(super) fn glob_matches(pattern: &str, text: &str, pathname: bool) -> bool {
    fn matches(p: &[char], t: &[char], pathname: bool) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some('*'), _) => {
                let can_consume = t.first().is_some_and(|&c| !pathname || c != '/');
                matches(&p[1..], t, pathname) || (can_consume && matches(p, &t[1..], pathname))
            }
            (Some('?'), Some(_)) => matches(&p[1..], &t[1..], pathname),
            (Some(a), Some(b)) if a == b => matches(&p[1..], &t[1..], pathname),
            _ => false,
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches(&p, &t, pathname)
}

/// Walks `dir` (source-relative `relative`), collecting entries. `_posts` and
/// `_drafts` at any depth hold posts and drafts whose folder categories are the
/// folders above them; every other `_`/`.` name is skipped unless included.
///
/// The order is Jekyll's reader order, which `site.pages` keeps for pages of the
/// same name: the folder's entries as the file system lists them (Ruby's
/// `Dir.entries` does not sort), every sub-folder's files before the folder's own.
pub(super) fn walk(
    dir: &Path,
    relative: &str,
    filter: &EntryFilter,
    categories: &mut Vec<String>,
    out: &mut Vec<Entry>,
) -> Result<(), ContentError> {
    let mut names = read_dir_listed(dir, filter)?;
    names.retain(|(name, ..)| name != "_config.yml" && name != "_config.yaml");
    let mut own_files = Vec::new();
    for (name, path, kind) in names {
        let child_relative = join_relative(relative, &name);
        let is_dir = kind == EntryKind::Dir;
        if is_dir && (name == "_posts" || name == "_drafts") {
            collect_posts_folder(&path, relative, &name, filter, categories, out)?;
            // Jekyll reads a posts folder that `include` lists a second time, as an
            // ordinary folder: its files are pages and static files too.
            if filter.skips(&child_relative, &name, &path) {
                continue;
            }
        }
        if let Some(settings) = is_dir
            .then(|| collections::collection_at(filter.config, &child_relative))
            .flatten()
        {
            let relative = settings.relative_directory();
            collections::collect_entries(&path, &relative, &settings.label, filter, out)?;
            continue;
        }
        if filter.skips(&child_relative, &name, &path) {
            continue;
        }
        if is_dir {
            categories.push(name.clone());
            walk(&path, &child_relative, filter, categories, out)?;
            categories.pop();
        } else if kind == EntryKind::File {
            own_files.push(Entry::Other {
                path,
                relative: child_relative,
            });
        }
    }
    out.extend(own_files);
    Ok(())
}

/// The posts (or, when shown, drafts) of the `_posts` or `_drafts` folder `name` in the
/// folder `relative`, with the folder categories above it.
fn collect_posts_folder(
    path: &Path,
    relative: &str,
    name: &str,
    filter: &EntryFilter,
    categories: &[String],
    out: &mut Vec<Entry>,
) -> Result<(), ContentError> {
    let drafts = name == "_drafts";
    let posts_folder = collections::posts_folder(filter.config, relative);
    let Some((parent, depth)) = posts_folder.filter(|_| !drafts || filter.config.show_drafts)
    else {
        return Ok(());
    };
    let relative = join_relative(parent, name);
    let categories = &categories[depth.min(categories.len())..];
    collect_posts(path, &relative, filter, categories, drafts, out)
}

/// Everything under a `_posts` or `_drafts` folder, at any depth; sub-folders there do
/// not add categories (Jekyll: `_posts/es/x.md` has none, `es/_posts/x.md` has `es`).
fn collect_posts(
    dir: &Path,
    relative: &str,
    filter: &EntryFilter,
    categories: &[String],
    drafts: bool,
    out: &mut Vec<Entry>,
) -> Result<(), ContentError> {
    for (name, path, kind) in read_dir_sorted(dir, filter)? {
        let child_relative = join_relative(relative, &name);
        if is_special_or_backup(&name) || filter.excluded(&child_relative) {
            continue;
        }
        if kind == EntryKind::Dir {
            collect_posts(&path, &child_relative, filter, categories, drafts, out)?;
        } else if kind == EntryKind::File {
            let categories = categories.to_vec();
            out.push(if drafts {
                Entry::Draft {
                    path,
                    relative: child_relative,
                    categories,
                }
            } else {
                Entry::Post {
                    path,
                    relative: child_relative,
                    categories,
                }
            });
        }
    }
    Ok(())
}

/// What a folder entry is, symlinks followed (as `Path::is_dir`/`is_file` see it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum EntryKind {
    Dir,
    File,
    /// Neither (a broken symlink, a socket…).
    Other,
}

/// The entries of `dir` by name, as [`read_dir_listed`] gives them.
pub(super) fn read_dir_sorted(
    dir: &Path,
    filter: &EntryFilter,
) -> Result<Vec<(String, PathBuf, EntryKind)>, ContentError> {
    let mut names = read_dir_listed(dir, filter)?;
    names.sort();
    Ok(names)
}

/// The entries of `dir` in the file system's order, with their kinds: from the folder
/// listing itself, so only symlinks cost a `stat`. Symlinks [`crate::fs_guard`]
/// refuses are left out, with a warning kept by `filter`.
fn read_dir_listed(
    dir: &Path,
    filter: &EntryFilter,
) -> Result<Vec<(String, PathBuf, EntryKind)>, ContentError> {
    let read_error = |e| ContentError::Read {
        location: Location::file(dir),
        source: e,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let path = entry.path();
        let file_type = match entry.file_type() {
            Ok(t) if t.is_symlink() => match crate::fs_guard::refusal(&filter.config.source, &path)
            {
                Some(refused) => {
                    filter.refuse(refused);
                    continue;
                }
                None => std::fs::metadata(&path).map(|m| m.file_type()),
            },
            other => other,
        };
        let kind = match file_type {
            Ok(t) if t.is_dir() => EntryKind::Dir,
            Ok(t) if t.is_file() => EntryKind::File,
            _ => EntryKind::Other,
        };
        names.push((entry.file_name().to_string_lossy().into_owned(), path, kind));
    }
    Ok(names)
}

pub(super) fn join_relative(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// A file found by the walk, classified by where it is: one unit of [`Listing::read`].
#[derive(Debug, Clone)]
pub enum Entry {
    /// In a `_posts` folder; `categories` are the folders above `_posts`.
    Post {
        /// The file.
        path: PathBuf,
        /// Source-relative, `/`-separated.
        relative: String,
        /// The folders above `_posts`.
        categories: Vec<String>,
    },
    /// In a `_drafts` folder.
    Draft {
        /// The file.
        path: PathBuf,
        /// Source-relative, `/`-separated.
        relative: String,
        /// The folders above `_drafts`.
        categories: Vec<String>,
    },
    /// In the folder of a collection other than posts.
    Collection {
        /// The file.
        path: PathBuf,
        /// Source-relative, `/`-separated.
        relative: String,
        /// The collection's label.
        label: String,
    },
    /// Anywhere else that is not filtered out: a page or a static file.
    Other {
        /// The file.
        path: PathBuf,
        /// Source-relative, `/`-separated.
        relative: String,
    },
}

impl Entry {
    /// The file the entry reads.
    pub fn path(&self) -> &Path {
        match self {
            Entry::Post { path, .. }
            | Entry::Draft { path, .. }
            | Entry::Collection { path, .. }
            | Entry::Other { path, .. } => path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnmatch_subset() {
        assert!(glob_matches("*.bak", "a/b.bak", false));
        assert!(!glob_matches("*.bak", "a/b.bak", true));
        assert!(glob_matches("draft?.md", "draft1.md", true));
    }
}
