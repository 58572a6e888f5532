//! Why the configuration could not be read: one located error type for the stage.

use std::path::PathBuf;

use thiserror::Error;

use crate::diagnostic::{Located, Location};

/// Why the configuration could not be read.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A configuration file could not be read.
    #[error("cannot read the configuration: {source}")]
    Read {
        /// Where.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A configuration file is not valid YAML (or not a mapping).
    #[error("invalid YAML: {message}")]
    Yaml {
        /// Where.
        location: Location,
        /// What the YAML parser said.
        message: String,
    },
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
            ConfigError::Read { location, .. }
            | ConfigError::Yaml { location, .. }
            | ConfigError::Invalid { location, .. }
            | ConfigError::NoSource { location, .. }
            | ConfigError::NoTheme { location, .. } => Some(location),
        }
    }
}
