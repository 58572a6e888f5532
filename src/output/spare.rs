//! The previous site kept beside the destination after a swap, and rewritten into the
//! next site instead of writing every file and folder anew.
//!
//! Writing a site into a fresh folder creates one inode per file and per folder, and
//! deleting the replaced site frees as many. On ext4 that is most of a small site's
//! build: `perf` of five back-to-back builds of Jekyll's docs (273 files in 405
//! folders) put 26% of all samples in `__ext4_new_inode`, most of it scanning for
//! inodes freed in the last seconds (`recently_deleted`). Rewriting the previous site's
//! files in place (a truncating write keeps the inode) and creating only the folders it
//! lacks makes the steady state allocate and free nothing. The price is disk space: one
//! spare copy of the site stays beside it, a hidden sibling, until the next build.
//!
//! The spare is claimed by renaming it to the staging folder, so the destination is
//! never written to and stays complete until the swap, as before.

use std::collections::HashSet;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::SiteFiles;

/// Removes from `root`, a spare site, every entry the new site `files` will not
/// overwrite in place: what it does not write, files where it wants folders and
/// folders where it wants files, links of any kind (a write would go through them),
/// and files that are executable or hard-linked elsewhere (a write would keep the mode,
/// or change the other link).
pub(super) fn prune(root: &Path, files: &SiteFiles) -> io::Result<()> {
    let wanted_files: HashSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let wanted_folders: HashSet<&str> = (files.iter())
        .flat_map(|file| Path::new(&file.path).ancestors().skip(1))
        .filter_map(Path::to_str)
        .filter(|folder| !folder.is_empty())
        .collect();
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry?;
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let relative = relative.to_str().unwrap_or_default();
        let metadata = entry.metadata()?;
        if metadata.is_dir() {
            if !wanted_folders.contains(relative) {
                std::fs::remove_dir(entry.path())?;
            }
        } else {
            let plain = metadata.is_file() && metadata.nlink() == 1 && metadata.mode() & 0o111 == 0;
            if !(plain && wanted_files.contains(relative)) {
                std::fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Contents, Layer, OutputFile};

    fn site(paths: &[&str]) -> SiteFiles {
        let mut site = SiteFiles::new();
        for path in paths {
            site.add(OutputFile {
                path: path.to_string(),
                contents: Contents::Bytes(b"x".as_slice().into()),
                source: "x.md".into(),
                layer: Layer::Site,
            })
            .unwrap();
        }
        site
    }

    #[test]
    fn prune_keeps_only_what_the_new_site_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let root = &dir.path().join("site");
        for folder in ["a/b", "gone/deep", "c"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        for file in ["a/b/index.html", "a/old.html", "gone/deep/x", "c/file", "d"] {
            std::fs::write(root.join(file), "old").unwrap();
        }
        std::fs::hard_link(root.join("d"), dir.path().join("elsewhere")).unwrap();
        prune(root, &site(&["a/b/index.html", "c/file/index.html", "d"])).unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        left.sort();
        // `d` is hard-linked elsewhere, so it goes too; `c/file` is a file where the new
        // site wants a folder.
        assert_eq!(left, ["a", "a/b", "a/b/index.html", "c"]);
    }
}
