//! Finding the source line a problem of the built page came from: the first line of
//! the page's source file (then of the theme's templates) where the URL or id is
//! written. A URL built by Liquid (`{% post_url %}`) is not found as written; then
//! only the file is named.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Location;

/// A text to look for, and how many of its characters come before the thing the
/// location should point at (the `(` of `(/url)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// The text.
    pub text: String,
    /// Characters before the thing itself.
    pub lead: usize,
}

impl Needle {
    /// `thing` written between `before` and `after`.
    pub fn around(before: &str, thing: &str, after: &str) -> Needle {
        Needle {
            text: format!("{before}{thing}{after}"),
            lead: before.chars().count(),
        }
    }
}

/// Source texts read once, searched for what a page refers to.
pub struct Locator {
    texts: HashMap<PathBuf, Option<String>>,
    templates: Vec<PathBuf>,
}

impl Locator {
    /// A locator that falls back on the templates of the theme folder `theme_dir`
    /// (none for the theme compiled into the binary: its links are the site's own).
    pub fn new(theme_dir: Option<&Path>) -> Locator {
        let templates = theme_dir
            .into_iter()
            .flat_map(|dir| walkdir::WalkDir::new(dir.join("templates")).sort_by_file_name())
            .flatten()
            .filter(|entry| entry.file_type().is_file())
            .map(|entry| entry.into_path())
            .collect();
        Locator {
            texts: HashMap::new(),
            templates,
        }
    }

    /// Where the first of `needles` is written: in `source`, else in a template, else
    /// `source` without a line.
    pub fn locate(&mut self, source: &Path, needles: &[Needle]) -> Location {
        let needles: Vec<&Needle> = needles.iter().filter(|n| !n.text.is_empty()).collect();
        for needle in &needles {
            if let Some(location) = self.find_in(source, needle) {
                return location;
            }
        }
        for index in 0..self.templates.len() {
            let template = self.templates[index].clone();
            for needle in &needles {
                if let Some(location) = self.find_in(&template, needle) {
                    return location;
                }
            }
        }
        Location::file(source)
    }

    /// The first line of `path` containing `needle`.
    fn find_in(&mut self, path: &Path, needle: &Needle) -> Option<Location> {
        let text = self
            .texts
            .entry(path.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(path).ok())
            .as_deref()?;
        text.lines().enumerate().find_map(|(index, line)| {
            line.find(&needle.text).map(|byte| {
                let column = line[..byte].chars().count() + needle.lead + 1;
                Location::at(path, index + 1, column)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_needle_found_wins_and_the_column_points_past_its_lead() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "intro /x\n\nsee [x](/x) and <b id=\"x\">\n").unwrap();
        let mut locator = Locator::new(Some(dir.path()));
        let found = locator.locate(&page, &[Needle::around("(", "/x", ")")]);
        assert_eq!((found.line, found.column), (3, 9));
        let missing = locator.locate(&page, &[Needle::around("\"", "/y", "\"")]);
        assert_eq!((missing.path, missing.line), (page, 0));
    }
}
