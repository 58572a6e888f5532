//! Ruby Liquid's lookup of `hash[key]` when `key` is an array or a hash: nil (no such
//! key), where liquid-core stops the render ("Expected scalar"). Before parsing, every
//! index that is a variable (`authors[page.author]`) is rewritten to look the variable
//! up under [`SCALAR_ROOT`] (`authors[__scalar.page.author]`); the runtime answers such
//! a lookup with the value itself when it is a scalar, and with [`NO_KEY`], a key no
//! hash or array has, when it is not. Line numbers are kept.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::markup::{ALL_MARKUP, is_literal, rewrite_markup};

/// The root of a guarded index lookup (a name no template uses).
pub(super) const SCALAR_ROOT: &str = "__coldstart_scalar";
/// What a guarded lookup of an array or a hash gives: a key nothing has.
pub(super) const NO_KEY: &str = "\u{1}not a key";

/// `text` with every variable index in Liquid markup guarded (outside `{% raw %}`
/// and string literals); unchanged text is not copied.
pub(super) fn guard_variable_indexes(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('[') {
        return text;
    }
    rewrite_markup(text, &ALL_MARKUP, guard_markup)
}

/// One tag or output with its variable indexes guarded, string literals left alone.
fn guard_markup(markup: &str) -> String {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""[^"]*"|'[^']*'|\[\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\]"#)
            .expect("valid regex")
    });
    PIECE
        .replace_all(markup, |piece: &Captures<'_>| match piece.get(1) {
            Some(path) if !is_literal(path.as_str()) => {
                format!("[{SCALAR_ROOT}.{}]", path.as_str())
            }
            _ => piece[0].to_string(),
        })
        .into_owned()
}

/// `text` as the author wrote it (for messages).
pub(super) fn unguarded(text: &str) -> String {
    text.replace(&format!("{SCALAR_ROOT}."), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(text: &str) -> String {
        guard_variable_indexes(Cow::Borrowed(text)).into_owned()
    }

    #[test]
    fn only_variable_indexes_in_markup_are_guarded() {
        assert_eq!(
            guard("[a][b] {{ x[page.k] | f: 'a[b]' }} {% assign y = x[0][\"k\"][k-2] %}"),
            "[a][b] {{ x[__coldstart_scalar.page.k] | f: 'a[b]' }} {% assign y = x[0][\"k\"][__coldstart_scalar.k-2] %}"
        );
        assert_eq!(
            guard("{% raw %}{{ x[k] }}{% endraw %}{{ x[nil] }}"),
            "{% raw %}{{ x[k] }}{% endraw %}{{ x[nil] }}"
        );
        assert!(matches!(
            guard_variable_indexes(Cow::Borrowed("{{ a }}")),
            Cow::Borrowed(_)
        ));
        assert_eq!(unguarded("x[__coldstart_scalar.k]"), "x[k]");
    }
}
