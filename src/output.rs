//! The only writer: renders nothing, decides nothing, and writes the site atomically.
//!
//! The whole site is written into a sibling folder of the destination (a fresh one,
//! or the site the previous build replaced, rewritten in place: [`spare`]), and only
//! when every file is written is it swapped in, in one atomic step ([`swap`]). A build that fails at
//! any point — here or in an earlier stage, which never reaches this one — leaves the
//! previous destination exactly as it was.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use thiserror::Error;

use crate::diagnostic::{Located, Location, Warning};
use swap::{Carried, Siblings};

mod spare;
mod swap;

/// Where an output file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Rendered in memory; shared, so a render that keeps a file (an incremental
    /// rebuild) hands it on without copying it.
    Bytes(Arc<[u8]>),
    /// Copied byte for byte from a source file (static files).
    CopyOf(PathBuf),
}

impl Contents {
    /// Whether `self` and `other` are the same bytes: a pointer comparison first (a
    /// file an incremental rebuild kept is the very same allocation), then the bytes.
    pub fn same_as(&self, other: &Contents) -> bool {
        match (self, other) {
            (Contents::Bytes(a), Contents::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => self == other,
        }
    }
}

/// Who produced a file; when two produce the same path, the higher layer wins, and two
/// from the same layer are a collision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// A theme's `static/` folder.
    ThemeStatic,
    /// The project's top-level `static/` folder.
    ProjectStatic,
    /// Files generated for the site when it has none of its own (feed, sitemap, CSS).
    Generated,
    /// The source folder's documents and static files.
    Site,
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the destination, `/`-separated, relative, already validated.
    pub path: String,
    /// The bytes.
    pub contents: Contents,
    /// The source that produced it (for collision reports and incremental rebuilds).
    pub source: PathBuf,
    /// Its precedence.
    pub layer: Layer,
}

/// Why the site could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A URL or path would put a file outside the destination.
    #[error("refusing to write `{path}`: it is outside the destination")]
    OutsideDestination {
        /// The source that asked for it.
        location: Location,
        /// The offending path.
        path: String,
    },
    /// The destination would overwrite the source.
    #[error("the destination {} contains the source folder; choose another with -d", destination.display())]
    UnsafeDestination {
        /// Where the destination was configured.
        location: Location,
        /// The destination.
        destination: PathBuf,
    },
    /// A file system operation failed.
    #[error("cannot write {}: {source}", brief_path(path))]
    Io {
        /// The source being written, when known.
        location: Location,
        /// The path being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Located for OutputError {
    fn location(&self) -> Option<&Location> {
        match self {
            OutputError::OutsideDestination { location, .. }
            | OutputError::UnsafeDestination { location, .. }
            | OutputError::Io { location, .. } => Some(location),
        }
    }
}

/// The files of a site, keyed by output path, with collisions noted as they are added.
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    files: BTreeMap<String, OutputFile>,
    conflicts: Vec<Warning>,
}

impl SiteFiles {
    /// An empty site.
    pub fn new() -> Self {
        SiteFiles::default()
    }

    /// Adds a file. A higher layer replaces a lower one silently; the same layer twice
    /// keeps the later file with a warning naming both sources (Jekyll's "Conflict: the
    /// following destination is shared by multiple files"); a path that is not a plain
    /// relative path is [`OutputError::OutsideDestination`].
    pub fn add(&mut self, file: OutputFile) -> Result<(), OutputError> {
        if !is_safe_relative(&file.path) {
            return Err(OutputError::OutsideDestination {
                location: Location::file(&file.source),
                path: file.path,
            });
        }
        match self.files.get(&file.path) {
            Some(existing) if existing.layer > file.layer => return Ok(()),
            Some(existing) if existing.layer == file.layer => self.conflicts.push(Warning {
                location: Location::file(&file.source),
                message: format!(
                    "{} also writes `{}`; the file written last wins",
                    existing.source.display(),
                    file.path
                ),
            }),
            _ => {}
        }
        self.files.insert(file.path.clone(), file);
        Ok(())
    }

    /// The destinations two files of the same layer wrote, as warnings.
    pub fn conflicts(&self) -> &[Warning] {
        &self.conflicts
    }

    /// Whether a file is already planned at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The file planned at `path`.
    pub fn get(&self, path: &str) -> Option<&OutputFile> {
        self.files.get(path)
    }

    /// All files, by path.
    pub fn iter(&self) -> impl Iterator<Item = &OutputFile> {
        self.files.values()
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A relative `/`-separated path with only normal components: no `..`, no root, no
/// drive, no backslash, no NUL. Anything else could land outside the destination.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` as the new content of `destination`, atomically: into a fresh
/// sibling folder first, then swapped in (see [`swap`]). Entries named in
/// `keep_files` (Jekyll's setting, e.g. `.git`) are carried over from the previous
/// destination, and put back there when anything fails before the swap.
pub fn write_atomically(
    files: &SiteFiles,
    destination: &Path,
    source: &Path,
    keep_files: &[String],
) -> Result<(), OutputError> {
    refuse_unsafe_destination(destination, source)?;
    let parent = destination
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "_site".into());
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, None, e))?;
    let keep_files: Vec<String> = keep_files
        .iter()
        .map(|entry| entry.trim_end_matches('/').to_string())
        .filter(|entry| is_safe_relative(entry))
        .collect();
    let siblings = Siblings::of(parent, &name);
    siblings.recover(destination);
    siblings.collect_leftovers(destination, &keep_files);
    if siblings.claim_spare() && spare::prune(&siblings.staging, files).is_err() {
        let _ = std::fs::remove_dir_all(&siblings.staging);
    }

    if let Err(error) = write_tree(files, &siblings.staging) {
        let _ = std::fs::remove_dir_all(&siblings.staging);
        return Err(error);
    }
    let mut carried = Carried::default();
    let swapped = carried
        .carry(destination, &siblings.staging, &keep_files)
        .and_then(|()| swap::swap_in(&siblings, destination));
    match swapped {
        Ok(previous) => {
            if let Some(previous) = previous {
                siblings.keep_as_spare(&previous, discard_in_background);
            }
            Ok(())
        }
        Err(error) => {
            // Nothing of the destination changed but the carried entries: put them
            // back, and delete the staged site only when they all went back.
            if carried.put_back().is_ok() {
                let _ = std::fs::remove_dir_all(&siblings.staging);
            }
            Err(io_error(destination, None, error))
        }
    }
}

/// Removes a replaced site (one not kept as the spare) without making the build wait
/// for it.
///
/// The new site is complete and in place when this runs; what is left is deleting the
/// old copy, which on a slow or busy file system costs more than writing the new one
/// (measured here: 1.5–3.6 s to unlink a 1,000-post site, 0.1–0.4 s to write it). A
/// detached `rm -rf` does it after coldstart exits; when it cannot be started, the
/// removal happens here. Leftovers of an interrupted removal are collected by the next
/// build ([`Siblings::collect_leftovers`]).
fn discard_in_background(retired: &Path) {
    let detached = std::process::Command::new("rm")
        .arg("-rf")
        .arg("--")
        .arg(retired)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if detached.is_err() {
        let _ = std::fs::remove_dir_all(retired);
    }
}

/// A path short enough for a message: a long one keeps its start and end around `…`.
fn brief_path(path: &Path) -> String {
    const MOST: usize = 100;
    let text = path.display().to_string();
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MOST {
        return text;
    }
    let head: String = chars[..MOST / 2].iter().collect();
    let tail: String = chars[chars.len() - MOST / 2..].iter().collect();
    format!("{head}…{tail}")
}

fn io_error(path: &Path, source: Option<&Path>, error: std::io::Error) -> OutputError {
    OutputError::Io {
        location: Location::file(source.unwrap_or(path)),
        path: path.to_path_buf(),
        source: error,
    }
}

/// Refuses a destination that is, or contains, the source folder: swapping it would
/// throw the source away.
fn refuse_unsafe_destination(destination: &Path, source: &Path) -> Result<(), OutputError> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (destination_abs, source_abs) = (absolute(destination), absolute(source));
    let source_real = source_abs.canonicalize().unwrap_or(source_abs);
    let destination_real = destination_abs.canonicalize().unwrap_or(destination_abs);
    if source_real.starts_with(&destination_real) {
        return Err(OutputError::UnsafeDestination {
            location: Location::file(destination),
            destination: destination.to_path_buf(),
        });
    }
    Ok(())
}

/// Writes every file under `root` (the temporary folder of the swap, which may hold
/// a pruned spare site: its folders are kept and its files overwritten). A failure
/// names the source that asked for the file and its path in the site, never the
/// temporary folder.
fn write_tree(files: &SiteFiles, root: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(root).map_err(|e| io_error(root, None, e))?;
    let mut dirs: BTreeMap<&Path, &Path> = BTreeMap::new();
    for file in files.iter() {
        if let Some(dir) = Path::new(&file.path).parent() {
            dirs.entry(dir).or_insert(&file.source);
        }
    }
    // Folders in parallel too (a site of pretty URLs has one per page); creating a
    // folder that another thread just created is not an error.
    dirs.into_par_iter().try_for_each(|(dir, source)| {
        std::fs::create_dir_all(root.join(dir)).map_err(|e| io_error(dir, Some(source), e))
    })?;
    let all: Vec<&OutputFile> = files.iter().collect();
    all.par_iter().try_for_each(|file| {
        let target = root.join(&file.path);
        let result = match &file.contents {
            Contents::Bytes(bytes) => std::fs::write(&target, bytes),
            Contents::CopyOf(from) => std::fs::copy(from, &target).map(|_| ()),
        };
        result.map_err(|e| io_error(Path::new(&file.path), Some(&file.source), e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, body: &str, source: &str, layer: Layer) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(body.as_bytes().into()),
            source: source.into(),
            layer,
        }
    }

    #[test]
    fn same_layer_collision_warns_and_keeps_the_later_file() {
        let mut site = SiteFiles::new();
        site.add(file("a/index.html", "1", "_posts/one.md", Layer::Site))
            .unwrap();
        site.add(file("a/index.html", "2", "about.md", Layer::Site))
            .unwrap();
        let message = site.conflicts()[0].to_string();
        assert!(
            message.contains("_posts/one.md") && message.contains("about.md"),
            "{message}"
        );
        assert_eq!(
            site.get("a/index.html").unwrap().source,
            Path::new("about.md")
        );
    }

    #[test]
    fn higher_layer_wins_in_either_order() {
        let mut site = SiteFiles::new();
        site.add(file("style.css", "theme", "theme", Layer::ThemeStatic))
            .unwrap();
        site.add(file("style.css", "site", "site", Layer::Site))
            .unwrap();
        site.add(file(
            "style.css",
            "project",
            "project",
            Layer::ProjectStatic,
        ))
        .unwrap();
        assert_eq!(
            site.get("style.css").unwrap().contents,
            Contents::Bytes(Arc::from(&b"site"[..]))
        );
    }

    #[test]
    fn paths_that_escape_are_refused() {
        for bad in [
            "../x.html",
            "a/../../x",
            "/etc/passwd",
            "a\\..\\x",
            "a//b",
            "./a",
            "",
            "a\0b",
        ] {
            let mut site = SiteFiles::new();
            assert!(
                site.add(file(bad, "", "s", Layer::Site)).is_err(),
                "{bad:?} accepted"
            );
        }
    }

    /// A scratch folder with an empty source `src/` and a previous site `_site/` that
    /// has a kept `.git/HEAD` ("ref"): the folder, the source and the destination.
    fn previous_build() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("src");
        std::fs::create_dir_all(&source).unwrap();
        let dest = dir.path().join("_site");
        std::fs::create_dir_all(dest.join(".git")).unwrap();
        std::fs::write(dest.join(".git/HEAD"), "ref").unwrap();
        (dir, source, dest)
    }

    #[test]
    fn write_swaps_in_and_keeps_keep_files() {
        let (dir, source, dest) = previous_build();
        std::fs::write(dest.join("stale.html"), "old").unwrap();
        let mut site = SiteFiles::new();
        site.add(file("a/b/index.html", "new", "x.md", Layer::Site))
            .unwrap();
        write_atomically(&site, &dest, &source, &[".git".into()]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("a/b/index.html")).unwrap(),
            "new"
        );
        assert!(!dest.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join(".git/HEAD")).unwrap(),
            "ref"
        );
        // The replaced site is kept as the spare, and nothing else is left.
        let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, ["._site.coldstart-spare", "_site", "src"]);
    }

    #[test]
    fn the_next_build_rewrites_the_spare_in_place() {
        let (dir, source, dest) = previous_build();
        std::fs::create_dir_all(dest.join("a")).unwrap();
        std::fs::write(dest.join("a/index.html"), "oldest").unwrap();
        std::fs::write(dest.join("gone.html"), "oldest").unwrap();
        let mut site = SiteFiles::new();
        site.add(file("a/index.html", "one", "x.md", Layer::Site))
            .unwrap();
        write_atomically(&site, &dest, &source, &[".git".into()]).unwrap();
        let spare = dir.path().join("._site.coldstart-spare");
        let inode = |path: &Path| std::os::unix::fs::MetadataExt::ino(&path.metadata().unwrap());
        let spare_inode = inode(&spare.join("a/index.html"));
        site.add(file("a/index.html", "two", "x.md", Layer::Site))
            .unwrap();
        write_atomically(&site, &dest, &source, &[".git".into()]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("a/index.html")).unwrap(),
            "two"
        );
        assert_eq!(inode(&dest.join("a/index.html")), spare_inode);
        assert!(!dest.join("gone.html").exists());
        assert_eq!(
            std::fs::read_to_string(dest.join(".git/HEAD")).unwrap(),
            "ref"
        );
        assert_eq!(
            std::fs::read_to_string(spare.join("a/index.html")).unwrap(),
            "one"
        );
    }

    #[test]
    fn leftovers_of_earlier_builds_are_collected() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("src");
        std::fs::create_dir_all(&source).unwrap();
        let dest = dir.path().join("_site");
        for stale in [".\x5fsite.coldstart-old-1", ".\x5fsite.coldstart-new-2"] {
            std::fs::create_dir_all(dir.path().join(stale).join("deep")).unwrap();
        }
        let unrelated = dir.path().join(".keep-me");
        std::fs::create_dir_all(&unrelated).unwrap();
        let mut site = SiteFiles::new();
        site.add(file("index.html", "x", "x.md", Layer::Site))
            .unwrap();
        write_atomically(&site, &dest, &source, &[]).unwrap();
        assert!(!dir.path().join("._site.coldstart-old-1").exists());
        assert!(!dir.path().join("._site.coldstart-new-2").exists());
        assert!(unrelated.exists() && dest.join("index.html").exists());
    }

    #[test]
    fn failed_write_leaves_previous_site_untouched() {
        let (dir, source, dest) = previous_build();
        std::fs::write(dest.join("index.html"), "previous").unwrap();
        let mut site = SiteFiles::new();
        site.add(file("ok.html", "x", "ok.md", Layer::Site))
            .unwrap();
        let missing = OutputFile {
            path: "copy.bin".into(),
            contents: Contents::CopyOf(dir.path().join("does-not-exist")),
            source: "copy.bin".into(),
            layer: Layer::Site,
        };
        site.add(missing).unwrap();
        assert!(write_atomically(&site, &dest, &source, &[]).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!dest.join("ok.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "staging folder removed"
        );
    }

    #[test]
    fn kept_entries_go_back_when_the_swap_fails() {
        let (dir, source, dest) = previous_build();
        std::fs::create_dir_all(dest.join("x/y")).unwrap();
        let mut site = SiteFiles::new();
        // The new site has a file `x`, so the kept `x/y` cannot be carried into it.
        site.add(file("x", "file", "x.md", Layer::Site)).unwrap();
        let keep = [".git".to_string(), "x/y".to_string()];
        assert!(write_atomically(&site, &dest, &source, &keep).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join(".git/HEAD")).unwrap(),
            "ref"
        );
        assert!(dest.join("x/y").is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn destination_containing_the_source_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("site");
        std::fs::create_dir_all(&source).unwrap();
        let site = SiteFiles::new();
        assert!(matches!(
            write_atomically(&site, dir.path(), &source, &[]),
            Err(OutputError::UnsafeDestination { .. })
        ));
        assert!(source.exists());
    }
}
