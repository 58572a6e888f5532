//! The command line's part of the configuration: what the flags ask for.

use std::path::PathBuf;

/// What the user asked for on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `-s/--source`: the Jekyll source folder.
    pub source: Option<PathBuf>,
    /// `-d/--destination`: where the site is written.
    pub destination: Option<PathBuf>,
    /// `--config`: configuration files, merged in order (Jekyll allows a comma list).
    pub config_files: Vec<PathBuf>,
    /// `--drafts`: render `_drafts/` as posts dated by their modification time.
    pub drafts: bool,
    /// `--future`: publish posts dated in the future.
    pub future: bool,
    /// `--unpublished`: render documents marked `published: false`.
    pub unpublished: bool,
    /// `--baseurl`: overrides `baseurl` from the configuration.
    pub baseurl: Option<String>,
    /// `--theme NAME|PATH`: a folder of tera templates, or a name under the site's `themes/`.
    pub theme: Option<String>,
    /// The folder the default source (`content/`, else itself) and destination
    /// (`_site/`) are relative to: the working directory.
    pub project_root: PathBuf,
    /// `--functions-out`: where `build` writes the functions bundle (default
    /// `_functions_bundle` beside the destination).
    pub functions_out: Option<PathBuf>,
}

impl BuildOptions {
    /// The source folder these options name: `--source`, else `ROOT/content` when it
    /// exists, else the project root. `serve` needs it before (or without) a valid
    /// configuration, to know what to watch.
    pub fn resolved_source(&self) -> PathBuf {
        let root = &self.project_root;
        match &self.source {
            Some(s) => s.clone(),
            None if root.join("content").is_dir() => root.join("content"),
            None => root.clone(),
        }
    }
}
