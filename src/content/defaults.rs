//! Front-matter defaults (`defaults:`) as Jekyll's `FrontmatterDefaults` applies them
//! to a document by its path and type.

use serde_json::{Map, Value};

use super::walk::glob_matches;
use crate::config::FrontMatterDefault;

/// Applies `defaults` to the front matter `own` of the document at `relative` (source
/// relative) of `kind` (`posts`, `drafts`, `pages`): every matching scope, less
/// specific first, then the file's own front matter on top (Jekyll's
/// `FrontmatterDefaults#all`).
pub fn apply_defaults(
    defaults: &[FrontMatterDefault],
    own: Map<String, Value>,
    relative: &str,
    kind: &str,
) -> Map<String, Value> {
    let mut matching: Vec<_> = defaults
        .iter()
        .filter(|d| {
            scope_applies(&d.path, relative)
                && d.kind.as_deref().is_none_or(|k| type_matches(k, kind))
        })
        .collect();
    matching.sort_by_key(|d| (d.path.len(), d.kind.is_some()));
    let mut merged = Map::new();
    for default in matching {
        for (k, v) in &default.values {
            merged.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in own {
        merged.insert(k, v);
    }
    merged
}

/// Jekyll's `applies_path?`: an empty scope matches everything; otherwise the
/// document must be the scope path or under it. A scope with `*` is expanded like
/// `Dir.glob` (a `*` stays within one folder), so it matches when the pattern matches
/// the document's path or one of its parent folders.
fn scope_applies(scope: &str, relative: &str) -> bool {
    if scope.is_empty() {
        return true;
    }
    if scope.contains('*') {
        let folder_prefixes = relative.match_indices('/').map(|(i, _)| &relative[..i]);
        return folder_prefixes
            .chain([relative])
            .any(|prefix| glob_matches(scope, prefix, true));
    }
    relative == scope || relative.starts_with(&format!("{scope}/"))
}

/// Whether a `scope.type` names this kind of document.
fn type_matches(scope_type: &str, kind: &str) -> bool {
    scope_type == kind || (scope_type == "posts" && kind == "drafts")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_paths_match_folders_not_prefixes() {
        assert!(scope_applies("", "anything.md"));
        assert!(scope_applies("docs", "docs/a.md"));
        assert!(!scope_applies("docs", "docs-old/a.md"));
        assert!(scope_applies("docs/*", "docs/x/a.md"));
        assert!(!scope_applies("*.md", "docs/a.md"));
        assert!(scope_applies("*.md", "a.md"));
        assert!(scope_applies("_posts", "_posts/2020-01-01-a.md"));
    }
}
