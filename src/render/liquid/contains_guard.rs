//! Ruby Liquid's `contains` on nil: `{% if page.tags contains "x" %}` is false when
//! `page.tags` is nil, where liquid-lib stops the render ("Expected string | array |
//! object"). Before parsing, the variable left of every `contains` in `if`, `elsif`
//! and `unless` is rewritten to look it up under [`CONTAINER_ROOT`]; the runtime
//! answers such a lookup with the value itself, or with an empty text (which contains
//! nothing) when it is nil or undefined. Lines and columns before it are kept.
//!
//! The variable compared with `false` (`node.has_children != false`) is guarded the
//! same way: liquid-core holds `nil == false` (Ruby truthiness), Ruby Liquid does not,
//! and an empty text is not `false` either.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::markup::rewrite_markup;

/// The root of a guarded `contains` operand (a name no template uses).
pub(super) const CONTAINER_ROOT: &str = "__coldstart_container";

/// `text` with the variable left of each `contains`, and each variable compared with
/// `false`, in a condition guarded (outside `{% raw %}` and string literals);
/// unchanged text is not copied.
pub(super) fn guard_contains(text: Cow<'_, str>) -> Cow<'_, str> {
    static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{%-?\s*(?:if|elsif|unless)\s.*?%\}",
        )
        .expect("valid regex")
    });
    if !text.contains("contains") && !text.contains("false") {
        return text;
    }
    rewrite_markup(text, &CONDITION, guard_tag)
}

/// One condition tag with the variable operand of each `contains`, and of each
/// comparison with `false`, guarded.
fn guard_tag(tag: &str) -> String {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        let path = r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*";
        let compared = r"\s*(?:==|!=|<>)\s*";
        Regex::new(&format!(
            r#""[^"]*"|'[^']*'|(\bfalse{compared})({path})|\b({path})(\s+contains\b|{compared}false\b)"#
        ))
        .expect("valid regex")
    });
    PIECE
        .replace_all(tag, |piece: &Captures<'_>| {
            let guarded = |path: &str| {
                if ["true", "false", "nil", "null", "empty", "blank"].contains(&path) {
                    path.to_string()
                } else {
                    format!("{CONTAINER_ROOT}.{path}")
                }
            };
            match (piece.get(1), piece.get(2), piece.get(3), piece.get(4)) {
                (Some(before), Some(path), ..) => {
                    format!("{}{}", before.as_str(), guarded(path.as_str()))
                }
                (_, _, Some(path), Some(after)) => {
                    format!("{}{}", guarded(path.as_str()), after.as_str())
                }
                _ => piece[0].to_string(),
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(text: &str) -> String {
        guard_contains(Cow::Borrowed(text)).into_owned()
    }

    #[test]
    fn variables_left_of_contains_in_conditions_are_guarded() {
        assert_eq!(
            guard(r#"{% if _html_class contains "no_anchor" %}{% elsif a.b[0] contains x %}"#),
            r#"{% if __coldstart_container._html_class contains "no_anchor" %}{% elsif __coldstart_container.a.b[0] contains x %}"#
        );
        assert_eq!(
            guard(r#"{% if n.kids != false and false == m[0] %}{% unless x == falsey %}"#),
            r#"{% if __coldstart_container.n.kids != false and false == __coldstart_container.m[0] %}{% unless x == falsey %}"#
        );
        let untouched = r#"{{ a contains b }}{% if "x contains" == y %}{% raw %}{% if a contains b %}{% endraw %}"#;
        assert_eq!(guard(untouched), untouched);
    }
}
