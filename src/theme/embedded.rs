//! The default theme compiled into the binary (`themes/default`: templates and static
//! files), so an installed `coldstart` builds a site from any folder with no other
//! files. A folder theme (`themes/NAME` in the site folder, or `--theme PATH`) replaces
//! it, and is re-read at every build.

use std::borrow::Cow;
use std::path::PathBuf;

use super::{TEMPLATE_EXTENSIONS, TemplateSources};

/// The files of `themes/default`, embedded at compile time (in debug builds too).
#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// How the embedded theme's files are named in messages: not a folder on disk.
pub const LABEL: &str = "(built-in default theme)";

/// Where the embedded theme's `relative` file is said to come from.
pub fn source_path(relative: &str) -> PathBuf {
    PathBuf::from(LABEL).join(relative)
}

/// The embedded theme's templates, as [`super::read_sources`] reads a folder's.
pub fn template_sources() -> TemplateSources {
    let mut sources: TemplateSources = files_under("templates/")
        .filter(|(name, _)| {
            name.rsplit_once('.')
                .is_some_and(|(_, ext)| TEMPLATE_EXTENSIONS.contains(&ext))
        })
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    sources.sort();
    sources
}

/// The embedded theme's static files: path in the site → contents.
pub fn static_files() -> Vec<(String, Cow<'static, [u8]>)> {
    let mut files: Vec<_> = files_under("static/").collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Every embedded file of the theme (templates, static files, its README), named
/// relative to the theme's folder, sorted: what `init --eject-theme` writes out.
pub fn all_files() -> Vec<(String, Cow<'static, [u8]>)> {
    let mut files: Vec<_> = files_under("").collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The embedded files under `prefix`, named relative to it.
fn files_under(prefix: &'static str) -> impl Iterator<Item = (String, Cow<'static, [u8]>)> {
    DefaultTheme::iter().filter_map(move |name| {
        let relative = name.strip_prefix(prefix)?.to_string();
        let file = DefaultTheme::get(&name)?;
        Some((relative, file.data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_has_its_templates_and_static_files() {
        let names: Vec<String> = template_sources().into_iter().map(|(n, _)| n).collect();
        for layout in ["base.html", "default.html", "post.html", "home.html"] {
            assert!(names.iter().any(|n| n == layout), "{layout} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.ends_with(".md")));
        let statics: Vec<String> = static_files().into_iter().map(|(n, _)| n).collect();
        assert!(
            statics.iter().any(|n| n == "assets/css/style.css"),
            "{statics:?}"
        );
        assert!(statics.iter().any(|n| n == "favicon.ico"), "{statics:?}");
    }
}
