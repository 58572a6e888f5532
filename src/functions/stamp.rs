//! Noticing an edit in a folder between two calls, without opening the folder on
//! every call.
//!
//! The dev server re-reads `_functions/` and restarts a warm process when its
//! handler folder changes, so each call compares the files' sizes and modification
//! times with the last call's. Listing a folder opens it, and the dev server's file
//! watcher is woken by every open of a watched folder: listing on each call cost
//! its watcher threads about 5% of the server's CPU under load. So the names are
//! listed again only when the folder's own modification time changes (a file
//! added, removed or renamed); a call only `stat`s.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A folder's state: each file's (and subfolder's) path, modification time and size.
pub type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// How recent a folder's modification time may be for its listing to be kept: the
/// kernel stamps times at its clock tick, so a file added within the same tick as
/// the listing would leave the time unchanged (git's "racy" entries).
const SETTLED: Duration = Duration::from_millis(100);

/// The last listing of each folder, to stamp them again without opening them.
#[derive(Debug, Default)]
pub struct FolderStamps {
    listings: HashMap<PathBuf, Listing>,
}

/// A folder's entries as listed when the folder had modification time `modified`.
#[derive(Debug)]
struct Listing {
    modified: SystemTime,
    entries: Vec<PathBuf>,
}

impl FolderStamps {
    /// The stamp of `root`'s entries and, `depth` levels down, its subfolders'.
    pub fn stamp(&mut self, root: &Path, depth: usize) -> Stamp {
        let mut stamp = Vec::new();
        let mut folders = vec![(root.to_path_buf(), 0)];
        while let Some((folder, level)) = folders.pop() {
            for entry in self.entries(&folder) {
                let Ok(metadata) = std::fs::metadata(&entry) else {
                    continue;
                };
                if metadata.is_dir() && level < depth {
                    folders.push((entry.clone(), level + 1));
                }
                stamp.push((entry, metadata.modified().ok(), metadata.len()));
            }
        }
        stamp.sort();
        stamp
    }

    /// `folder`'s entries: the kept listing while the folder's modification time is
    /// unchanged and settled, else a new one.
    fn entries(&mut self, folder: &Path) -> Vec<PathBuf> {
        let Some(modified) = std::fs::metadata(folder).and_then(|m| m.modified()).ok() else {
            self.listings.remove(folder);
            return Vec::new();
        };
        if let Some(listing) = self.listings.get(folder)
            && listing.modified == modified
        {
            return listing.entries.clone();
        }
        let entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        let settled = SystemTime::now()
            .duration_since(modified)
            .is_ok_and(|age| age >= SETTLED);
        if settled {
            let listing = Listing {
                modified,
                entries: entries.clone(),
            };
            self.listings.insert(folder.to_path_buf(), listing);
        } else {
            self.listings.remove(folder);
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_added_edited_or_removed_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.py"), "1").unwrap();
        let mut stamps = FolderStamps::default();
        let first = stamps.stamp(dir.path(), 1);
        assert_eq!(first, stamps.stamp(dir.path(), 1));
        std::fs::write(sub.join("b.py"), "2").unwrap();
        let added = stamps.stamp(dir.path(), 1);
        assert_ne!(first, added);
        std::fs::write(sub.join("a.py"), "11").unwrap();
        let edited = stamps.stamp(dir.path(), 1);
        assert_ne!(added, edited);
        std::fs::remove_file(sub.join("b.py")).unwrap();
        assert_ne!(edited, stamps.stamp(dir.path(), 1));
    }

    #[test]
    fn a_settled_folder_is_not_listed_again() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "1").unwrap();
        let old = SystemTime::now() - Duration::from_secs(10);
        std::fs::File::open(dir.path())
            .unwrap()
            .set_modified(old)
            .unwrap();
        let mut stamps = FolderStamps::default();
        stamps.stamp(dir.path(), 0);
        assert!(stamps.listings.contains_key(dir.path()));
    }
}
