//! Putting a staged site in place of the destination without ever leaving no site,
//! and without ever deleting what `keep_files` protects.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: the staged folder and the
//! destination trade places atomically, so at every instant one complete site is in
//! place. Where that call is missing (another system, a file system without it), the
//! swap is two renames, and a crash between them is repaired by the next build
//! ([`recover`]), which renames the previous site back before doing anything else.

use std::io;
use std::path::{Path, PathBuf};

/// The sibling folders one build of the destination `name` uses beside it.
pub(super) struct Siblings {
    /// Where the new site is written before the swap (and where the previous site
    /// lands after an exchange).
    pub(super) staging: PathBuf,
    /// Where the previous site goes in the two-rename fallback.
    pub(super) retired: PathBuf,
    /// Where the replaced site waits to be rewritten into the next one ([`super::spare`]).
    spare: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Siblings {
    /// The sibling names for `destination`, unique to this process.
    pub(super) fn of(parent: &Path, name: &str) -> Siblings {
        let id = std::process::id();
        Siblings {
            staging: parent.join(format!("{}{id}", staging_prefix(name))),
            retired: parent.join(format!("{}{id}", retired_prefix(name))),
            spare: parent.join(format!(".{name}.coldstart-spare")),
            parent: parent.to_path_buf(),
            name: name.to_string(),
        }
    }

    /// Leftovers of earlier builds (a crash mid-write, an interrupted background
    /// removal): each is deleted, but only after every `keep_files` entry the
    /// destination lacks has been moved back into it.
    pub(super) fn collect_leftovers(&self, destination: &Path, keep_files: &[String]) {
        for leftover in self.leftovers() {
            rescue_kept(&leftover, destination, keep_files);
            let _ = std::fs::remove_dir_all(&leftover);
        }
    }

    /// A previous site a two-rename swap retired and never replaced (the process died
    /// between the renames): renamed back to `destination`, the newest first.
    pub(super) fn recover(&self, destination: &Path) {
        if destination.symlink_metadata().is_ok() {
            return;
        }
        let prefix = retired_prefix(&self.name);
        let mut retired: Vec<(std::time::SystemTime, PathBuf)> = self
            .leftovers()
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
            })
            .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
            .collect();
        retired.sort();
        if let Some((_, newest)) = retired.pop() {
            let _ = std::fs::rename(newest, destination);
        }
    }

    /// Takes the spare site left by an earlier build as this build's staging folder;
    /// false when there is none (or another build took it first).
    pub(super) fn claim_spare(&self) -> bool {
        std::fs::rename(&self.spare, &self.staging).is_ok()
    }

    /// Keeps the site a swap replaced, now at `previous`, as the next build's spare;
    /// when another build already left one, `previous` is handed to `discard`.
    pub(super) fn keep_as_spare(&self, previous: &Path, discard: impl FnOnce(&Path)) {
        if self.spare.symlink_metadata().is_ok() || std::fs::rename(previous, &self.spare).is_err()
        {
            discard(previous);
        }
    }

    fn leftovers(&self) -> Vec<PathBuf> {
        let prefixes = [staging_prefix(&self.name), retired_prefix(&self.name)];
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|entry| {
                let file_name = entry.file_name();
                let file_name = file_name.to_string_lossy();
                prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            })
            .map(|entry| entry.path())
            .collect()
    }
}

fn staging_prefix(name: &str) -> String {
    format!(".{name}.coldstart-new-")
}

fn retired_prefix(name: &str) -> String {
    format!(".{name}.coldstart-old-")
}

/// Moves `keep_files` entries of `from` into `to` where `to` lacks them.
fn rescue_kept(from: &Path, to: &Path, keep_files: &[String]) {
    for entry in keep_files {
        let (source, target) = (from.join(entry), to.join(entry));
        if source.symlink_metadata().is_ok() && target.symlink_metadata().is_err() {
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::rename(source, target);
        }
    }
}

/// The `keep_files` entries moved from the previous site into the staged one, so a
/// failure before the swap can put them back.
#[derive(Default)]
pub(super) struct Carried(Vec<(PathBuf, PathBuf)>);

impl Carried {
    /// Moves each `keep_files` entry of `previous` into `staging` (unless the new site
    /// has a file there); stops at the first failure, having recorded what moved.
    pub(super) fn carry(
        &mut self,
        previous: &Path,
        staging: &Path,
        keep_files: &[String],
    ) -> io::Result<()> {
        for entry in keep_files {
            let (from, to) = (previous.join(entry), staging.join(entry));
            if from.symlink_metadata().is_err() || to.symlink_metadata().is_ok() {
                continue;
            }
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(&from, &to)?;
            self.0.push((from, to));
        }
        Ok(())
    }

    /// Puts every carried entry back where it was, the last moved first. Whatever
    /// cannot be moved back stays in the staging folder, which is then kept (the
    /// next build rescues it, see [`Siblings::collect_leftovers`]).
    pub(super) fn put_back(self) -> io::Result<()> {
        let mut result = Ok(());
        for (from, to) in self.0.into_iter().rev() {
            if let Err(e) = std::fs::rename(&to, &from) {
                result = Err(e);
            }
        }
        result
    }
}

/// Puts `staging` in place of `destination` in one step. Afterwards the previous
/// site, if there was one, is at the returned path, for the caller to discard.
pub(super) fn swap_in(siblings: &Siblings, destination: &Path) -> io::Result<Option<PathBuf>> {
    if destination.symlink_metadata().is_err() {
        std::fs::rename(&siblings.staging, destination)?;
        return Ok(None);
    }
    match exchange(&siblings.staging, destination) {
        Ok(()) => Ok(Some(siblings.staging.clone())),
        Err(e) if e.kind() == io::ErrorKind::Unsupported => {
            two_renames(siblings, destination).map(Some)
        }
        Err(e) => Err(e),
    }
}

/// The fallback: the previous site is renamed aside, then the new one into place
/// (and the previous one back if that fails). [`Siblings::recover`] repairs a crash
/// between the two.
fn two_renames(siblings: &Siblings, destination: &Path) -> io::Result<PathBuf> {
    let _ = std::fs::remove_dir_all(&siblings.retired);
    std::fs::rename(destination, &siblings.retired)?;
    if let Err(e) = std::fs::rename(&siblings.staging, destination) {
        let _ = std::fs::rename(&siblings.retired, destination);
        return Err(e);
    }
    Ok(siblings.retired.clone())
}

/// Exchanges two paths atomically; `Unsupported` where the system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c_path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c_path(a)?, c_path(b)?);
    // SAFETY: both pointers are NUL-terminated strings that outlive the call.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => {
            Err(io::Error::new(io::ErrorKind::Unsupported, error))
        }
        _ => Err(error),
    }
}

/// Exchanges two paths atomically; `Unsupported` where the system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_retired_by_an_interrupted_swap_is_renamed_back() {
        let dir = tempfile::tempdir().unwrap();
        let siblings = Siblings::of(dir.path(), "_site");
        let dest = dir.path().join("_site");
        let retired = dir.path().join("._site.coldstart-old-999");
        std::fs::create_dir_all(retired.join(".git")).unwrap();
        std::fs::write(retired.join("index.html"), "previous").unwrap();
        siblings.recover(&dest);
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert!(dest.join(".git").is_dir() && !retired.exists());
    }

    #[test]
    fn leftovers_give_back_kept_entries_before_they_go() {
        let dir = tempfile::tempdir().unwrap();
        let siblings = Siblings::of(dir.path(), "_site");
        let dest = dir.path().join("_site");
        std::fs::create_dir_all(&dest).unwrap();
        let staged = dir.path().join("._site.coldstart-new-999");
        std::fs::create_dir_all(staged.join(".git")).unwrap();
        std::fs::write(staged.join(".git/HEAD"), "ref").unwrap();
        siblings.collect_leftovers(&dest, &[".git".into()]);
        assert_eq!(
            std::fs::read_to_string(dest.join(".git/HEAD")).unwrap(),
            "ref"
        );
        assert!(!staged.exists());
    }

    #[test]
    fn exchange_swaps_both_folders() {
        let dir = tempfile::tempdir().unwrap();
        let siblings = Siblings::of(dir.path(), "_site");
        let dest = dir.path().join("_site");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("old.html"), "old").unwrap();
        std::fs::create_dir_all(&siblings.staging).unwrap();
        std::fs::write(siblings.staging.join("new.html"), "new").unwrap();
        let previous = swap_in(&siblings, &dest).unwrap().unwrap();
        assert!(dest.join("new.html").exists() && previous.join("old.html").exists());
    }
}
