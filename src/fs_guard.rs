//! The one rule for reading a site's files, as Jekyll's safe mode has it: a symlink
//! that leads out of the source folder is not followed, a symlink loop is reported
//! rather than walked, and nothing but a regular file is ever read (a device, pipe or
//! socket would hang or flood the build). Every place the build reads the source
//! asks [`refusal`] (listings, for their symlinks) or reads through [`read`].

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::diagnostic::{Location, Warning};

/// Why a path of the source is not read.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum Refusal {
    /// A symlink whose target is outside the source folder.
    #[error("a symlink that leaves the source folder: not read (as in Jekyll's safe mode)")]
    Outside(PathBuf),
    /// A symlink that leads back to itself or to a folder above it.
    #[error("a symlink loop: not followed")]
    Loop(PathBuf),
    /// A device, pipe or socket (or a link to one).
    #[error("not a regular file or folder (a device, pipe or socket): not read")]
    Special(PathBuf),
}

impl Refusal {
    /// The refusal as a warning located at the path refused.
    pub fn warning(&self) -> Warning {
        let (Refusal::Outside(path) | Refusal::Loop(path) | Refusal::Special(path)) = self;
        Warning {
            location: Location::file(path),
            message: self.to_string(),
        }
    }
}

/// Why `path` (a file or folder found under `source`) must not be read, if it must
/// not. Paths that do not lie under `source` (a theme outside it) are only checked
/// for being regular; a path that does not exist is not refused (reading it fails
/// on its own).
pub fn refusal(source: &Path, path: &Path) -> Option<Refusal> {
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            return Some(Refusal::Loop(path.to_path_buf()));
        }
        Err(_) => return None,
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let source_real = source.canonicalize().unwrap_or_else(|_| absolute(source));
    let lexical = absolute(path);
    let under_source = lexical.starts_with(absolute(source)) || lexical.starts_with(&source_real);
    if under_source && !real.starts_with(&source_real) {
        return Some(Refusal::Outside(path.to_path_buf()));
    }
    let Ok(metadata) = real.metadata() else {
        return None;
    };
    if metadata.is_dir() {
        let above = path.parent().and_then(|p| p.canonicalize().ok());
        if above.is_some_and(|above| above.starts_with(&real)) {
            return Some(Refusal::Loop(path.to_path_buf()));
        }
    } else if !metadata.is_file() {
        return Some(Refusal::Special(path.to_path_buf()));
    }
    None
}

/// Reads the file at `path` of the site whose source is `source`, unless [`refusal`]
/// refuses it: the refusal is then the error (kind `PermissionDenied`).
pub fn read(source: &Path, path: &Path) -> io::Result<Vec<u8>> {
    if let Some(refused) = refusal(source, path) {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, refused));
    }
    std::fs::read(path)
}

/// [`read`], as UTF-8 text; invalid UTF-8 is an error giving its line and column.
pub fn read_to_string(source: &Path, path: &Path) -> io::Result<String> {
    String::from_utf8(read(source, path)?).map_err(|e| {
        let (line, column) = utf8_position(e.as_bytes(), e.utf8_error());
        let message = format!("not UTF-8 text: an invalid byte at line {line}, column {column}");
        io::Error::new(io::ErrorKind::InvalidData, message)
    })
}

/// Where a folder walk failed under `dir`, and why (a file system loop has no I/O
/// error of its own).
pub fn walk_failure(error: walkdir::Error, dir: &Path) -> (Location, io::Error) {
    let location = Location::file(error.path().unwrap_or(dir));
    let source = error
        .into_io_error()
        .unwrap_or_else(|| io::Error::other("file system loop"));
    (location, source)
}

/// The 1-based line and column (in characters) of the first invalid byte of `bytes`,
/// as `error` found it: what a message shows instead of a byte offset.
pub fn utf8_position(bytes: &[u8], error: std::str::Utf8Error) -> (usize, usize) {
    let valid = &bytes[..error.valid_up_to()];
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn invalid_utf8_is_placed_by_line_and_column() {
        let mut bytes = "a\nbé".as_bytes().to_vec();
        bytes.push(0xff);
        let error = std::str::from_utf8(&bytes).unwrap_err();
        assert_eq!(utf8_position(&bytes, error), (2, 3));
    }

    #[test]
    fn links_out_loops_and_pipes_are_refused_links_inside_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("site");
        std::fs::create_dir_all(source.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        std::fs::write(source.join("inside.txt"), "i").unwrap();
        symlink(dir.path().join("secret"), source.join("out")).unwrap();
        symlink(source.join("inside.txt"), source.join("in")).unwrap();
        symlink(&source, source.join("sub/up")).unwrap();
        symlink(source.join("self"), source.join("self")).unwrap();
        symlink("/dev/zero", source.join("zero")).unwrap();
        let fifo = std::ffi::CString::new(source.join("pipe").to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let refused = |name: &str| refusal(&source, &source.join(name));
        assert!(matches!(refused("out"), Some(Refusal::Outside(_))));
        assert!(matches!(refused("sub/up"), Some(Refusal::Loop(_))));
        assert!(matches!(refused("self"), Some(Refusal::Loop(_))));
        assert!(refused("zero").is_some());
        assert!(matches!(refused("pipe"), Some(Refusal::Special(_))));
        assert_eq!(refused("in"), None);
        assert_eq!(refused("sub"), None);
        let error = read(&source, &source.join("pipe")).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
}
