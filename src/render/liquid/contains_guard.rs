//! Ruby Liquid's `contains` on nil: `{% if page.tags contains "x" %}` is false when
//! `page.tags` is nil, where liquid-lib stops the render ("Expected string | array |
//! object"). Before parsing, the variable left of every `contains` in `if`, `elsif`
//! and `unless` is rewritten to look it up under [`CONTAINER_ROOT`]; the runtime
//! answers such a lookup with the value itself, or with an empty text (which contains
//! nothing) when it is nil or undefined. Lines and columns before it are kept.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::markup::{CONDITION_TAGS, VARIABLE_PATH, is_literal, rewrite_markup};

/// The root of a guarded `contains` operand (a name no template uses).
pub(super) const CONTAINER_ROOT: &str = "__coldstart_container";

/// `text` with the variable left of each `contains` in a condition guarded (outside
/// `{% raw %}` and string literals); unchanged text is not copied.
pub(super) fn guard_contains(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains("contains") {
        return text;
    }
    rewrite_markup(text, &CONDITION_TAGS, guard_tag)
}

/// One condition tag with each variable operand of `contains` guarded.
fn guard_tag(tag: &str) -> String {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r#""[^"]*"|'[^']*'|\b({VARIABLE_PATH})(\s+contains\b)"#
        ))
        .expect("valid regex")
    });
    PIECE
        .replace_all(tag, |piece: &Captures<'_>| {
            match (piece.get(1), piece.get(2)) {
                (Some(path), Some(operator)) if !is_literal(path.as_str()) => {
                    format!("{CONTAINER_ROOT}.{}{}", path.as_str(), operator.as_str())
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
        let untouched = r#"{{ a contains b }}{% if "x contains" == y %}{% raw %}{% if a contains b %}{% endraw %}"#;
        assert_eq!(guard(untouched), untouched);
    }
}
