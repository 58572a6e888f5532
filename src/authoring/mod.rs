//! The everyday authoring commands: `init` (a new site), `new post|draft`, `publish`
//! and `unpublish` (jekyll-compose's behaviour).
//!
//! They only ever create files or move one file; none of them overwrites a file that
//! exists, and every refusal names the path it is about.

pub mod compose;
mod front_matter;
pub mod init;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::config::ConfigError;
use crate::diagnostic::{Located, Location};

pub use compose::{Kind, NewDocument, new_document, publish, unpublish};
pub use init::{default_theme_files, init};

/// Why an authoring command did nothing.
#[derive(Debug, Error)]
pub enum AuthoringError {
    /// The file to create exists already.
    #[error("the file already exists; not overwriting it")]
    Exists {
        /// The existing file.
        location: Location,
    },
    /// The draft or post named does not exist.
    #[error("no such {what}")]
    NotFound {
        /// Where it was looked for.
        location: Location,
        /// `draft` or `post`.
        what: &'static str,
    },
    /// `init` was pointed at a folder that has files in it.
    #[error("the folder is not empty; `init` only creates a site in a new or empty folder")]
    NotEmpty {
        /// The folder.
        location: Location,
    },
    /// The title has no character a file name can keep.
    #[error("the title `{title}` gives an empty file name; use letters or digits")]
    EmptySlug {
        /// Where the file would have gone.
        location: Location,
        /// The title as given.
        title: String,
    },
    /// The file has a front matter that cannot be read.
    #[error("invalid front matter: {message}")]
    FrontMatter {
        /// The file and line.
        location: Location,
        /// What the YAML parser said.
        message: String,
    },
    /// `_config.yml` could not be read.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A file system operation failed.
    #[error("cannot {action} {}: {source}", location.path.display())]
    Io {
        /// The file.
        location: Location,
        /// What was being done (`read`, `write`, `move`…).
        action: &'static str,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Located for AuthoringError {
    fn location(&self) -> Option<&Location> {
        match self {
            AuthoringError::Exists { location }
            | AuthoringError::NotFound { location, .. }
            | AuthoringError::NotEmpty { location }
            | AuthoringError::EmptySlug { location, .. }
            | AuthoringError::FrontMatter { location, .. }
            | AuthoringError::Io { location, .. } => Some(location),
            AuthoringError::Config(error) => error.location(),
        }
    }
}

/// An I/O error about `path`.
fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> AuthoringError {
    let location = Location::file(path);
    move |source| AuthoringError::Io {
        location,
        action,
        source,
    }
}

/// Creates `path` (and its folder) with `text`, refusing when it exists: the check and
/// the creation are one step (`create_new`), so a file appearing meanwhile is not lost.
fn write_new(path: &Path, text: &str) -> Result<(), AuthoringError> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => AuthoringError::Exists {
                location: Location::file(path),
            },
            _ => io_error("create", path)(source),
        })?;
    file.write_all(text.as_bytes())
        .map_err(io_error("write", path))
}

/// Moves `from` to `to` with `text` as its new content, never replacing an existing
/// `to`: the new file is created first, then the old one removed.
fn move_with(from: &Path, to: &Path, text: &str) -> Result<PathBuf, AuthoringError> {
    write_new(to, text)?;
    std::fs::remove_file(from).map_err(io_error("remove", from))?;
    Ok(to.to_path_buf())
}
