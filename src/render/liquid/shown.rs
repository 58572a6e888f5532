//! What `{{ … }}` prints for a hash, as Ruby Liquid prints it: Ruby's `inspect`
//! (`{"a"=>1, "b"=>[1, 2]}`, keys in insertion order, nil as `nil`), and an array as
//! its items joined (hashes inside printed so). liquid-core prints a hash as its keys
//! and values run together, in no fixed order and with the hidden order entry of
//! [`super::ordered`]. Before parsing, every output is given a last filter,
//! [`SHOWN_FILTER`], that makes that text of hashes and passes anything else as it
//! is. Lines and columns before it are kept.

use std::borrow::Cow;
use std::sync::LazyLock;

use liquid_core::Language;
use liquid_core::model::{Value, ValueView};
use regex::Regex;

use super::filters::{Apply, register_functions, ruby_inspect, text_value};
use super::markup::rewrite_markup;

/// The filter every output ends with (a name no template uses).
const SHOWN_FILTER: &str = "__coldstart_shown";

/// Registers [`SHOWN_FILTER`].
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 1] = [(SHOWN_FILTER, |c| Ok(shown(c.input)))];
    register_functions(language, &filters);
}

/// `text` with [`SHOWN_FILTER`] ending every output (outside `{% raw %}`); unchanged
/// text is not copied.
pub(super) fn show_hashes_as_ruby(text: Cow<'_, str>) -> Cow<'_, str> {
    static OUTPUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{\{.*?\}\}")
            .expect("valid regex")
    });
    if !text.contains("{{") {
        return text;
    }
    rewrite_markup(text, &OUTPUT, end_with_filter)
}

/// One `{{ … }}` with [`SHOWN_FILTER`] last; an empty output, or one whose `}}` is
/// inside a string literal (its quotes unbalanced), is left as written.
fn end_with_filter(output: &str) -> String {
    let inner = &output[2..output.len() - 2];
    let (inner, trim) = match inner.strip_suffix('-') {
        Some(inner) => (inner, "-"),
        None => (inner, ""),
    };
    let balanced = inner.matches('"').count() % 2 == 0 && inner.matches('\'').count() % 2 == 0;
    if !balanced || inner.trim_matches(['-', ' ', '\t', '\n', '\r']).is_empty() {
        return output.to_string();
    }
    format!("{{{{{inner} | {SHOWN_FILTER} {trim}}}}}")
}

/// `text` as the author wrote it (for messages).
pub(super) fn unshown(text: &str) -> String {
    text.replace(&format!(" | {SHOWN_FILTER} "), "")
}

/// What Ruby's `to_s` of an output value gives where it differs from liquid-core's:
/// a hash inspected, an array with hashes joined; anything else as it is.
fn shown(value: &dyn ValueView) -> Value {
    if value.as_object().is_some() || value.as_array().is_some_and(|a| has_hash(a.values())) {
        let mut text = String::new();
        push_shown(value, &mut text);
        return text_value(text);
    }
    value.to_value()
}

/// Whether an array holds a hash, at any depth.
fn has_hash<'v>(mut items: impl Iterator<Item = &'v dyn ValueView>) -> bool {
    items.any(|item| {
        item.as_object().is_some() || item.as_array().is_some_and(|a| has_hash(a.values()))
    })
}

/// Appends Ruby's `to_s` of `value` as Liquid prints it (arrays joined, flat).
fn push_shown(value: &dyn ValueView, text: &mut String) {
    if value.as_object().is_some() {
        text.push_str(&ruby_inspect(value));
    } else if let Some(items) = value.as_array() {
        for item in items.values() {
            push_shown(item, text);
        }
    } else {
        text.push_str(&value.to_kstr());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> String {
        show_hashes_as_ruby(Cow::Borrowed(text)).into_owned()
    }

    #[test]
    fn every_output_ends_with_the_filter() {
        assert_eq!(
            rewrite("a {{ x }} {{- y | f: 'a' -}}"),
            "a {{ x  | __coldstart_shown }} {{- y | f: 'a'  | __coldstart_shown -}}"
        );
        assert_eq!(unshown(&rewrite("{{ x }}")), "{{ x }}");
    }

    #[test]
    fn raw_blocks_empty_outputs_and_split_strings_are_left_alone() {
        for text in [
            "{% raw %}{{ x }}{% endraw %}",
            "{{ }}{{-}}",
            "{{ 'a }}' }}",
            "no output {% if a %}{% endif %}",
        ] {
            assert!(
                matches!(show_hashes_as_ruby(Cow::Borrowed(text)), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }
}
