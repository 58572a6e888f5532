//! Why the configuration could not be read: one located error type for the stage.

use std::path::PathBuf;

use thiserror::Error;

use crate::diagnostic::{Located, Location};
use crate::yaml::YamlFileError;

/// Why the configuration could not be read.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A configuration file cannot be read or is not valid YAML (or not a mapping).
    #[error(transparent)]
    File(#[from] YamlFileError),
    /// A key has a value of the wrong shape.
    #[error("`{key}`: {message}")]
    Invalid {
        /// The configuration file.
        location: Location,
        /// The offending key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The source folder does not exist.
    #[error("the source folder {} does not exist", path.display())]
    NoSource {
        /// Where it was looked for.
        location: Location,
        /// The folder.
        path: PathBuf,
    },
    /// The theme could not be found.
    #[error("theme `{name}` not found (looked in {})", looked_in.display())]
    NoTheme {
        /// The flag or configuration that named it.
        location: Location,
        /// The theme name or path as given.
        name: String,
        /// The folder that does not exist.
        looked_in: PathBuf,
    },
}

impl Located for ConfigError {
    fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::File(error) => error.location(),
            ConfigError::Invalid { location, .. }
            | ConfigError::NoSource { location, .. }
            | ConfigError::NoTheme { location, .. } => Some(location),
        }
    }
}
