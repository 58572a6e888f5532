//! The deployable functions bundle: the stack file and the handler folders as they
//! are, ready for `faas-cli up`, and a README with the one proxy rule the host needs.
//!
//! Published, the demo widgets call `/function/NAME` on the page's own origin, so the
//! host forwards `/function/*` to the OpenFaaS gateway: the same-origin reverse proxy
//! that OpenFaaS recommends for browsers (its gateway sets no CORS headers).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::FunctionsError;
use super::limits::FunctionLimits;
use super::stack::{STACK_FILE, Stack};
use crate::diagnostic::Location;

/// Where `build` writes the bundle unless told otherwise: this folder beside the
/// site's destination (`_site/` → `_functions_bundle/`), outside the published site.
pub const DEFAULT_BUNDLE_DIR: &str = "_functions_bundle";

/// A fresh bundle written beside its final place, waiting to replace the old one.
///
/// `build` stages the bundle before it swaps the site in, so every check and copy
/// that can fail happens while the destination is still untouched; after the swap,
/// [`StagedBundle::install`] only removes the old bundle and renames the new one.
#[derive(Debug)]
pub struct StagedBundle {
    staging: PathBuf,
    dir: PathBuf,
}

/// What `build` does for functions, first half: when `SOURCE/_functions/stack.yml`
/// exists, exports it into a staging folder beside `out` (default
/// [`DEFAULT_BUNDLE_DIR`] beside `site_destination`). A folder at `out` that is not a
/// bundle (no `stack.yml`, not empty) is never replaced: that is an error.
pub fn stage_bundle(
    source_dir: &Path,
    site_destination: &Path,
    out: Option<&Path>,
) -> Result<Option<StagedBundle>, FunctionsError> {
    let Some(stack) = Stack::find(source_dir)? else {
        return Ok(None);
    };
    let dir = match out {
        Some(dir) => dir.to_path_buf(),
        None => site_destination
            .parent()
            .unwrap_or(Path::new("."))
            .join(DEFAULT_BUNDLE_DIR),
    };
    let failed = |path: &Path| {
        let location = Location::file(path);
        move |source| FunctionsError::Export { location, source }
    };
    if dir.exists() {
        let replaceable = dir.join("stack.yml").is_file()
            || std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_none());
        if !replaceable {
            return Err(failed(&dir)(std::io::Error::other(format!(
                "it is not a functions bundle (no stack.yml); not replacing it \
                 (choose another folder with --functions-out; the stack is {STACK_FILE})"
            ))));
        }
    }
    let mut staging = dir.clone().into_os_string();
    staging.push(".staging");
    let staging = PathBuf::from(staging);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(failed(&staging))?;
    }
    export_bundle(&stack, &staging)?;
    Ok(Some(StagedBundle { staging, dir }))
}

impl StagedBundle {
    /// Second half: replaces the old bundle with the staged one (the old one is
    /// removed first, so a function deleted from the stack does not linger) and
    /// returns where it is.
    pub fn install(self) -> Result<PathBuf, FunctionsError> {
        let failed = |source| FunctionsError::Export {
            location: Location::file(&self.dir),
            source,
        };
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).map_err(failed)?;
        }
        std::fs::rename(&self.staging, &self.dir).map_err(failed)?;
        Ok(self.dir.clone())
    }
}

impl Drop for StagedBundle {
    /// A bundle staged for a build that then failed (or one whose install failed)
    /// leaves no staging folder behind; after an install there is none to remove.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// Entries of the functions folder that are not deployed: dot-files (`.secrets/`
/// holds local secrets, `.git`), caches, installed dependencies (faas-cli installs
/// them in the image) and faas-cli's own `build/` output.
const NOT_EXPORTED: &[&str] = &["__pycache__", "node_modules", "build"];

/// Copies the stack's folder (the stack file, handler folders, environment files)
/// into `dest_dir`, leaving out what is not deployed, and writes `README.md`.
pub fn export_bundle(stack: &Stack, dest_dir: &Path) -> Result<(), FunctionsError> {
    copy_tree(stack.dir(), dest_dir)?;
    let readme = dest_dir.join("README.md");
    std::fs::write(&readme, readme_text(stack)).map_err(|source| FunctionsError::Export {
        location: Location::file(&readme),
        source,
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), FunctionsError> {
    let failed = |path: &Path| {
        let location = Location::file(path);
        move |source| FunctionsError::Export { location, source }
    };
    std::fs::create_dir_all(to).map_err(failed(to))?;
    for entry in std::fs::read_dir(from).map_err(failed(from))? {
        let entry = entry.map_err(failed(from))?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if name_text.starts_with('.') || NOT_EXPORTED.contains(&name_text.as_ref()) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().map_err(failed(&entry.path()))?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(failed(&target))?;
        }
    }
    Ok(())
}

fn readme_text(stack: &Stack) -> String {
    let gateway = stack.gateway.as_deref().unwrap_or("http://127.0.0.1:8080");
    let mut text = format!(
        "# Functions\n\n\
         The functions behind this site's live demos, in OpenFaaS's `stack.yml` format.\n\n\
         ## Deploy\n\n\
         ```sh\n\
         faas-cli up -f stack.yml --gateway {gateway}\n\
         ```\n\n\
         `python3` handlers (`def handle(req)`) use the classic python3 template \
         (`faas-cli template pull https://github.com/openfaas/templates-classic`); \
         `node` handlers (`async (event, context)`) are written for the `node22` \
         template (`faas-cli template store pull node22`): deploy them with \
         `lang: node22`, because the classic template named `node` calls \
         `(context, callback)`. Functions in mode `http` (`python3-http`, \
         `node18`-`node22`, `golang-http`) use those store templates as they are \
         (`faas-cli template store pull python3-http`); their Dockerfiles set \
         `mode=http` and `upstream_url` themselves.\n\n\
         ## The one proxy rule\n\n\
         The demos call `/function/NAME` on the page's own origin. Forward \
         `/function/*` to the gateway, unchanged:\n\n\
         ```nginx\n\
         location /function/ {{ proxy_pass {gateway}/function/; }}\n\
         ```\n\n\
         ```caddy\n\
         handle /function/* {{ reverse_proxy {host} }}\n\
         ```\n\n\
         ## Limits\n\n\
         The dev server enforced these; the watchdog's own defaults are no \
         timeout and no in-flight limit, so keep `exec_timeout` and `max_inflight` \
         in each function's `environment` for a public site.\n\n",
        host = gateway
            .trim_start_matches("http://")
            .trim_start_matches("https://"),
    );
    for function in &stack.functions {
        let FunctionLimits {
            exec_timeout,
            max_inflight,
            ..
        } = &function.limits;
        let _ = writeln!(
            text,
            "- `{}` (`lang: {}`, watchdog mode `{}`): exec_timeout {:?}, max_inflight {}",
            function.name,
            function.lang,
            function.mode.name(),
            exec_timeout,
            max_inflight
        );
    }
    text
}
