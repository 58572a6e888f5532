//! Applying a tera theme: a document's layout picks `templates/<layout>.html`, which
//! receives Jekyll's variable names (`page`, `site`) so a Liquid layout ports by syntax
//! alone. The compiled template set is shared, read-only, by every render thread.

pub mod context;
pub mod dependencies;
pub mod embedded;
pub mod filters;
pub mod liquid_layouts;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::config::ThemeSource;
use crate::content::document::Layout;
use crate::diagnostic::{Located, Location};

/// Why a theme could not be loaded or applied.
#[derive(Debug, Error)]
pub enum ThemeError {
    /// A template file could not be read.
    #[error("cannot read the template: {source}")]
    Read {
        /// Where.
        location: Location,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A template does not compile, or failed while rendering a page.
    #[error("{message}")]
    Template {
        /// The template, line and column.
        location: Location,
        /// What tera said, plus the page being rendered when there is one.
        message: String,
    },
    /// Neither the requested layout nor `default.html` exists.
    #[error("layout `{layout}` not found, and the theme has no default.html (in {})", theme.display())]
    MissingLayout {
        /// The document that asked for it.
        location: Location,
        /// The layout name.
        layout: String,
        /// The theme's templates folder.
        theme: PathBuf,
    },
}

impl Located for ThemeError {
    fn location(&self) -> Option<&Location> {
        match self {
            ThemeError::Read { location, .. }
            | ThemeError::Template { location, .. }
            | ThemeError::MissingLayout { location, .. } => Some(location),
        }
    }
}

/// A loaded theme: its compiled templates and where its static files are.
pub struct Theme {
    tera: tera::Tera,
    templates_dir: PathBuf,
    static_dir: Option<PathBuf>,
    embedded: bool,
}

/// Extensions of the files under `templates/` that are templates.
const TEMPLATE_EXTENSIONS: &[&str] = &["html", "htm", "xml", "txt", "json", "css", "js"];

impl Theme {
    /// Compiles templates already read by [`read_sources`] from the theme `source`:
    /// a rebuild that finds the same sources can skip this.
    pub fn compile(
        source: &ThemeSource,
        sources: &TemplateSources,
        urls: filters::UrlSettings,
    ) -> Result<Theme, ThemeError> {
        let templates_dir = match source {
            ThemeSource::Folder(dir) => dir.join("templates"),
            ThemeSource::Embedded => embedded::source_path("templates"),
        };
        let mut tera = tera::Tera::new();
        filters::register(&mut tera, urls);
        tera.add_raw_templates(
            sources
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
        .map_err(|e| template_error(&templates_dir, &e, None))?;
        let static_dir = source
            .folder()
            .map(|dir| dir.join("static"))
            .filter(|p| p.is_dir());
        Ok(Theme {
            tera,
            templates_dir,
            static_dir,
            embedded: *source == ThemeSource::Embedded,
        })
    }

    /// A folder theme's `static/` folder, when it has one.
    pub fn static_dir(&self) -> Option<&Path> {
        self.static_dir.as_deref()
    }

    /// The embedded theme's static files (path in the site → contents); none for a
    /// folder theme.
    pub fn embedded_static_files(&self) -> Vec<(String, Cow<'static, [u8]>)> {
        if self.embedded {
            embedded::static_files()
        } else {
            Vec::new()
        }
    }

    /// The template that renders a layout: `<name>.html`, else `default.html`; `None`
    /// for a document without a layout.
    pub fn template_for(
        &self,
        layout: &Layout,
        document: &Path,
    ) -> Result<Option<String>, ThemeError> {
        let name = match layout {
            Layout::None => return Ok(None),
            Layout::Named(name) => name.as_str(),
            Layout::Conventional(name) => name,
        };
        let name = name.trim_end_matches(".html");
        [format!("{name}.html"), "default.html".to_string()]
            .into_iter()
            .find(|t| self.tera.contains_template(t))
            .map(Some)
            .ok_or_else(|| ThemeError::MissingLayout {
                location: Location::file(document),
                layout: name.to_string(),
                theme: self.templates_dir.clone(),
            })
    }

    /// Whether the theme has a template of this name (e.g. `tag.html`).
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with `context`; errors name the template position and the
    /// document being rendered.
    pub fn render(
        &self,
        template: &str,
        context: &tera::Context,
        document: &Path,
    ) -> Result<String, ThemeError> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&self.templates_dir, &e, Some(document)))
    }
}

/// A theme's templates: name (path under `templates/`, `/`-separated) → source text,
/// in name order.
pub type TemplateSources = Vec<(String, String)>;

/// Reads every template of the theme: a folder's `templates/`, or the embedded ones.
pub fn read_sources(source: &ThemeSource) -> Result<TemplateSources, ThemeError> {
    match source {
        ThemeSource::Folder(dir) => {
            let templates_dir = dir.join("templates");
            let mut sources = Vec::new();
            collect_templates(&templates_dir, &templates_dir, &mut sources)?;
            Ok(sources)
        }
        ThemeSource::Embedded => Ok(embedded::template_sources()),
    }
}

fn collect_templates(root: &Path, dir: &Path, out: &mut TemplateSources) -> Result<(), ThemeError> {
    let read_error = |path: &Path, e| ThemeError::Read {
        location: Location::file(path),
        source: e,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_error(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| read_error(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if let Some(refused) = crate::fs_guard::refusal(root, &path) {
            let refused = std::io::Error::new(std::io::ErrorKind::PermissionDenied, refused);
            return Err(read_error(&path, refused));
        }
        if path.is_dir() {
            collect_templates(root, &path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e))
        {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((name, text));
        }
    }
    Ok(())
}

/// Turns a tera error into one that names the template file, line and column.
fn template_error(
    templates_dir: &Path,
    error: &tera::Error,
    document: Option<&Path>,
) -> ThemeError {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let location = match report {
        Some(r) if !r.filename().is_empty() => Location::at(
            templates_dir.join(r.filename()),
            r.span().start_line,
            r.span().start_col + 1,
        ),
        _ => Location::file(templates_dir),
    };
    let mut message = report
        .map(|r| r.message().to_string())
        .unwrap_or_else(|| error.to_string());
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    if let Some(document) = document {
        message.push_str(&format!(" (while rendering {})", document.display()));
    }
    ThemeError::Template { location, message }
}
