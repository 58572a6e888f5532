//! Sass pages, as Jekyll's built-in converter (jekyll-sass-converter) compiles them: a
//! `.scss` or `.sass` file with front matter, after Liquid, is compiled to CSS with
//! `sass: load_paths` and `sass_dir` (`_sass/`) as where `@import` and `@use` look.
//! The compiler is `grass`, in process.

mod compact;
mod indented;

use std::borrow::Cow;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use grass_compiler as grass;
use grass_compiler::codemap::SpanLoc;

use crate::config::Config;
use crate::config::sass::{SassSettings, SassStyle};
use crate::content::document::Document;
use crate::diagnostic::{Location, Warning};
use crate::render::RenderError;

/// A Sass page compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCss {
    /// The stylesheet, ending with the source-map comment when there is a map.
    pub css: String,
    /// The `NAME.css.map` written beside it, when `sass.sourcemap` asks for one.
    pub source_map: Option<String>,
}

/// The Sass side of a build: the settings every Sass page compiles with.
#[derive(Debug, Clone)]
pub struct SassCompiler {
    settings: SassSettings,
    /// The site source: jekyll-sass-converter names the page's input `SOURCE/NAME`,
    /// so imports relative to the input resolve from the source folder.
    source: PathBuf,
}

impl SassCompiler {
    /// The compiler for a build's configuration.
    pub fn new(config: &Config) -> SassCompiler {
        SassCompiler {
            settings: config.sass.clone(),
            source: config.source.clone(),
        }
    }

    /// Compiles a Sass page's body (its Liquid already rendered) to CSS. `@warn`
    /// messages become warnings; a Sass error names the file, line and column, in the
    /// page or in the partial where it is.
    pub fn compile(
        &self,
        document: &Document,
        text: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<CompiledCss, RenderError> {
        let file_name = document.source_path.file_name().unwrap_or_default();
        let entry = PageInput {
            path: self.source.join(file_name),
            text,
            load_paths: &self.settings.load_paths,
            read: Mutex::default(),
        };
        let logger = WarnCollector::default();
        let options = self
            .options(has_extension(&document.source_path, "sass"))
            .fs(&entry)
            .logger(&logger);
        let compiled = grass::from_path(&entry.path, &options);
        let place = |loc: &SpanLoc| entry.locate(document, loc);
        let warned = logger.warnings.into_inner().unwrap_or_default();
        warnings.extend(
            warned
                .into_iter()
                .map(|(loc, message): (SpanLoc, String)| Warning {
                    location: place(&loc),
                    message: format!("Sass @warn: {}", first_line(unquoted(&message))),
                }),
        );
        let css = compiled.map_err(|error| match error.kind() {
            grass::ErrorKind::ParseError { message, loc, .. } => RenderError::Sass {
                location: place(&loc),
                message: first_line(&message),
            },
            other => RenderError::Sass {
                location: Location::file(&document.source_path),
                message: first_line(&format!("{other:?}")),
            },
        })?;
        let mut css = self.styled(&css);
        if !self.settings.source_map {
            return Ok(CompiledCss {
                css,
                source_map: None,
            });
        }
        let css_name = Path::new(&document.output_path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        css.push_str(&format!("\n/*# sourceMappingURL={css_name}.map */"));
        Ok(CompiledCss {
            css,
            source_map: Some(self.source_map(&entry, &css_name)),
        })
    }

    /// Jekyll's `scssify` and `sassify` filters: `text` compiled with the site's
    /// settings (load paths, style); the error is Sass's message.
    pub fn compile_text(&self, text: &str, indented_syntax: bool) -> Result<String, String> {
        let options = self.options(indented_syntax).logger(&grass::NullLogger);
        grass::from_string(text, &options)
            .map(|css| self.styled(&css))
            .map_err(|error| match error.kind() {
                grass::ErrorKind::ParseError { message, .. } => first_line(&message),
                other => first_line(&format!("{other:?}")),
            })
    }

    /// The compiler options of the site's settings, for SCSS or the indented syntax.
    fn options(&self, indented_syntax: bool) -> grass::Options<'_> {
        grass::Options::default()
            .load_paths(&self.settings.load_paths)
            .style(match self.settings.style {
                SassStyle::Compressed => grass::OutputStyle::Compressed,
                _ => grass::OutputStyle::Expanded,
            })
            .input_syntax(if indented_syntax {
                grass::InputSyntax::Sass
            } else {
                grass::InputSyntax::Scss
            })
    }

    /// Compiled CSS in the site's style; Jekyll drops the byte-order mark a compressed
    /// stylesheet may start with.
    fn styled(&self, css: &str) -> String {
        let css = css.trim_start_matches('\u{feff}');
        match self.settings.style {
            SassStyle::Compact => compact::from_expanded(css),
            _ => css.to_string(),
        }
    }

    /// The page's source map: the files the compilation read (the page first, named
    /// relative to the source as Jekyll's are) and their text. grass records no
    /// positions, so it maps no segment (`mappings` is empty): browsers list the
    /// sources, and the file exists where Jekyll writes one.
    fn source_map(&self, entry: &PageInput, css_name: &str) -> String {
        let read = entry.read.lock().map(|r| r.clone()).unwrap_or_default();
        let (mut sources, mut contents) = (Vec::new(), Vec::new());
        for path in read {
            let text = if path == entry.path {
                entry.text.to_string()
            } else {
                std::fs::read_to_string(&path).unwrap_or_default()
            };
            let name = path.strip_prefix(&self.source).unwrap_or(&path);
            sources.push(name.to_string_lossy().replace('\\', "/"));
            contents.push(text);
        }
        let map = serde_json::json!({
            "version": 3,
            "file": css_name,
            "sources": sources,
            "sourcesContent": contents,
            "names": [],
            "mappings": "",
        });
        serde_json::to_string_pretty(&map).unwrap_or_default()
    }
}

/// The page's compiled-from text, served to the compiler under the input's name;
/// every other path is the real file system, where an import from the page that is
/// not beside it is also looked up in the load paths (see [`PageInput::resolve`]).
#[derive(Debug)]
struct PageInput<'a> {
    path: PathBuf,
    text: &'a str,
    /// The site's load paths, in order.
    load_paths: &'a [PathBuf],
    /// Every file the compiler read, in order, once each.
    read: Mutex<Vec<PathBuf>>,
}

impl PageInput<'_> {
    /// The real file a path the compiler asks for stands for, if there is one. grass looks an import with an explicit extension
    /// (`@import "../_sass/core.scss"`) up only beside the importing file, where
    /// libsass, and so Jekyll, then tries every load path: a path below the page's
    /// folder that does not exist is tried in each load path.
    fn resolve<'p>(&self, path: &'p Path, exists: fn(&Path) -> bool) -> Option<Cow<'p, Path>> {
        if exists(path) {
            return Some(Cow::Borrowed(path));
        }
        let relative = path.strip_prefix(self.path.parent()?).ok()?;
        self.load_paths
            .iter()
            .map(|dir| lexically_normal(&dir.join(relative)))
            .find(|candidate| exists(candidate))
            .map(Cow::Owned)
    }

    /// Where a compiler position is: in the page (its body starts at `body_line`) or
    /// in a partial, named by the path the compiler read it from.
    fn locate(&self, document: &Document, loc: &SpanLoc) -> Location {
        let (line, column) = (loc.begin.line, loc.begin.column + 1);
        if Path::new(loc.file.name()) == self.path {
            Location::at(&document.source_path, document.body_line + line, column)
        } else {
            let named = Path::new(loc.file.name());
            let partial = self.resolve(named, Path::is_file);
            Location::at(partial.as_deref().unwrap_or(named), line + 1, column)
        }
    }
}

impl grass::Fs for PageInput<'_> {
    fn is_dir(&self, path: &Path) -> bool {
        self.resolve(path, Path::is_dir).is_some()
    }

    fn is_file(&self, path: &Path) -> bool {
        path == self.path || self.resolve(path, Path::is_file).is_some()
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let resolved = (path != self.path)
            .then(|| self.resolve(path, Path::is_file))
            .flatten();
        let path = resolved.as_deref().unwrap_or(path);
        if let Ok(mut read) = self.read.lock()
            && !read.iter().any(|p| p == path)
        {
            read.push(path.to_path_buf());
        }
        let bytes = match self.path.parent() {
            _ if path == self.path => Ok(self.text.as_bytes().to_vec()),
            Some(source) => crate::fs_guard::read(source, path),
            None => std::fs::read(path),
        }?;
        if !has_extension(path, "sass") {
            return Ok(bytes);
        }
        let text = String::from_utf8_lossy(&bytes);
        Ok(indented::quote_unquoted_imports(&text).as_bytes().to_vec())
    }
}

/// Keeps the `@warn` messages of one compilation (`@debug` is dropped).
#[derive(Debug, Default)]
struct WarnCollector {
    warnings: Mutex<Vec<(SpanLoc, String)>>,
}

impl grass::Logger for WarnCollector {
    fn debug(&self, _location: SpanLoc, _message: &str) {}

    fn warn(&self, location: SpanLoc, message: &str) {
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push((location, message.to_string()));
        }
    }
}

/// `path` with its `.` and `name/..` pairs taken out, without asking the file system:
/// how the source map names a file found as `_sass/../_sass/core.scss`.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(normal.components().next_back(), Some(Component::Normal(_))) =>
            {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// A `@warn` message as Sass prints it: a quoted string without its quotes.
fn unquoted(message: &str) -> &str {
    message
        .strip_prefix('"')
        .and_then(|m| m.strip_suffix('"'))
        .unwrap_or(message)
}

/// A compiler message as one short line.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}
