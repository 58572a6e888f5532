//! Ruby Liquid's comparisons with `nil`, `false`, `empty` and `blank`, where
//! liquid-core's differ: liquid-core holds `false == nil`, `nil == false`, `nil ==
//! empty` and `"" == blank`.
//!
//! In Ruby, `x == nil` holds for nil alone and `x == false` for false alone; `x == empty` asks `x.empty?`, so it holds
//! for an empty text, array or hash and never for nil, a number or a boolean; `x ==
//! blank` asks `x.blank?`, which only exists when a plugin has loaded ActiveSupport
//! (jekyll-mentions and jemoji do): without it the comparison never holds (and `!=`
//! always does). Before parsing, each such comparison of a variable in `if`, `elsif`
//! and `unless` is rewritten as a lookup under [`IS_NIL_ROOT`], [`IS_FALSE_ROOT`] or
//! [`IS_EMPTY_ROOT`]
//! compared with `true`, which the runtime answers by Ruby's rule; `blank` without
//! ActiveSupport becomes the constant outcome. Lines and columns before it are kept.

use std::borrow::Cow;
use std::sync::LazyLock;

use liquid_core::model::{ValueCow, ValueView};
use regex::{Captures, Regex};

use super::markup::{CONDITION_TAGS, VARIABLE_PATH, is_literal, rewrite_markup};

/// The root of a guarded `== nil` operand: the runtime answers whether it is nil.
const IS_NIL_ROOT: &str = "__coldstart_is_nil";
/// The root of a guarded `== false` operand: the runtime answers whether it is false.
const IS_FALSE_ROOT: &str = "__coldstart_is_false";
/// The root of a guarded `== empty` operand: the runtime answers Ruby's `empty?`.
const IS_EMPTY_ROOT: &str = "__coldstart_is_empty";

/// The plugins that load ActiveSupport (through html-pipeline), giving every Ruby
/// value `blank?`.
const ACTIVE_SUPPORT_PLUGINS: [&str; 2] = ["jekyll-mentions", "jemoji"];

/// Whether the site's plugins give `blank` its ActiveSupport meaning (which is
/// liquid-core's).
pub(super) fn blank_is_defined(plugins: &[String]) -> bool {
    plugins
        .iter()
        .any(|plugin| ACTIVE_SUPPORT_PLUGINS.contains(&plugin.as_str()))
}

/// `text` with the comparisons of variables with `nil`, `empty` (and `blank`, unless
/// `blank_defined`) in conditions rewritten (outside `{% raw %}` and strings);
/// unchanged text is not copied.
pub(super) fn guard_nil_comparisons(text: Cow<'_, str>, blank_defined: bool) -> Cow<'_, str> {
    if !["nil", "null", "false", "empty", "blank"]
        .iter()
        .any(|word| text.contains(word))
    {
        return text;
    }
    rewrite_markup(text, &CONDITION_TAGS, |tag| guard_tag(tag, blank_defined))
}

/// One condition tag with its nil/empty/blank comparisons rewritten.
fn guard_tag(tag: &str, blank_defined: bool) -> String {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        let path = VARIABLE_PATH;
        let operator = r"==|!=|<>";
        let special = r"nil|null|false|empty|blank";
        Regex::new(&format!(
            r#""[^"]*"|'[^']*'|\b(?P<lp>{path})\s*(?P<lo>{operator})\s*(?P<ls>{special})\b|\b(?P<rs>{special})\s*(?P<ro>{operator})\s*(?P<rp>{path})"#
        ))
        .expect("valid regex")
    });
    PIECE
        .replace_all(tag, |piece: &Captures<'_>| {
            let parts = match (piece.name("lp"), piece.name("rp")) {
                (Some(path), _) => Some((path, &piece["lo"], &piece["ls"])),
                (_, Some(path)) => Some((path, &piece["ro"], &piece["rs"])),
                _ => None,
            };
            match parts {
                Some((path, operator, special)) if !is_literal(path.as_str()) => {
                    rewrite(path.as_str(), operator, special, blank_defined)
                        .unwrap_or_else(|| piece[0].to_string())
                }
                _ => piece[0].to_string(),
            }
        })
        .into_owned()
}

/// The comparison of `path` with `special` as Ruby makes it, or `None` to keep it.
fn rewrite(path: &str, operator: &str, special: &str, blank_defined: bool) -> Option<String> {
    let equal = operator == "==";
    let root = match special {
        "nil" | "null" => IS_NIL_ROOT,
        "false" => IS_FALSE_ROOT,
        "empty" => IS_EMPTY_ROOT,
        _ if blank_defined => return None,
        // `blank?` is undefined: `==` is nil (false), `!=` its negation.
        _ => return Some(if equal { "false" } else { "true" }.to_string()),
    };
    Some(format!(
        "{root}.{path} {} true",
        if equal { "==" } else { "!=" }
    ))
}

/// A guard root's test: the runtime's answer for the operand looked up under it.
pub(super) type RootTest = fn(Option<&dyn ValueView>) -> ValueCow<'static>;

/// The test the runtime applies to a lookup under `root`, if it is a guard root.
pub(super) fn test_for_root(root: &str) -> Option<RootTest> {
    match root {
        IS_NIL_ROOT => Some(is_nil),
        IS_FALSE_ROOT => Some(is_false),
        IS_EMPTY_ROOT => Some(is_empty),
        _ => None,
    }
}

/// The runtime's answer for an operand guarded under [`IS_NIL_ROOT`]: whether it is
/// nil (or undefined).
fn is_nil(value: Option<&dyn ValueView>) -> ValueCow<'static> {
    ValueCow::Owned(liquid_core::Value::scalar(
        value.is_none_or(ValueView::is_nil),
    ))
}

/// The runtime's answer for an operand guarded under [`IS_FALSE_ROOT`]: whether it
/// is the boolean false.
fn is_false(value: Option<&dyn ValueView>) -> ValueCow<'static> {
    let is_false = value
        .and_then(ValueView::as_scalar)
        .and_then(|scalar| scalar.to_bool())
        == Some(false);
    ValueCow::Owned(liquid_core::Value::scalar(is_false))
}

/// The runtime's answer for an operand guarded under [`IS_EMPTY_ROOT`]: Ruby's
/// `empty?` (an empty text, array or hash; never nil, a number or a boolean).
fn is_empty(value: Option<&dyn ValueView>) -> ValueCow<'static> {
    let empty = value.is_some_and(|value| {
        if let Some(array) = value.as_array() {
            array.size() == 0
        } else if let Some(object) = value.as_object() {
            object.size() == 0
        } else {
            // Only a text can render as nothing.
            value
                .as_scalar()
                .is_some_and(|scalar| scalar.to_kstr().is_empty())
        }
    });
    ValueCow::Owned(liquid_core::Value::scalar(empty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(text: &str, blank_defined: bool) -> String {
        guard_nil_comparisons(Cow::Borrowed(text), blank_defined).into_owned()
    }

    #[test]
    fn comparisons_with_nil_and_empty_become_guarded_lookups() {
        assert_eq!(
            guard("{% if include.source0 == nil %}", false),
            "{% if __coldstart_is_nil.include.source0 == true %}"
        );
        assert_eq!(
            guard("{% unless nil != a[1].b and x == empty %}", false),
            "{% unless __coldstart_is_nil.a[1].b != true and __coldstart_is_empty.x == true %}"
        );
        assert_eq!(
            guard("{%- if _header != false -%}", false),
            "{%- if __coldstart_is_false._header != true -%}"
        );
        assert_eq!(
            guard("{% if x == 'nil' %}{{ y == nil }}", false),
            "{% if x == 'nil' %}{{ y == nil }}"
        );
    }

    #[test]
    fn blank_is_constant_unless_active_support_is_loaded() {
        assert_eq!(guard("{% if x == blank %}", false), "{% if false %}");
        assert_eq!(guard("{% elsif x != blank %}", false), "{% elsif true %}");
        assert_eq!(guard("{% if x == blank %}", true), "{% if x == blank %}");
        assert!(blank_is_defined(&["jemoji".to_string()]));
    }
}
