//! What the indented syntax (`.sass`) accepts and grass does not: `@import` of
//! unquoted names (`@import utils, basic, layout`), which Dart Sass and libsass read
//! as names up to the comma or the end of the line. The names are quoted before grass
//! parses the file; nothing else changes, so lines keep their numbers.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// `text` with every `@import` of plain unquoted names given quotes.
pub(super) fn quote_unquoted_imports(text: &str) -> Cow<'_, str> {
    static UNQUOTED_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^([ \t]*@import[ \t]+)([\w./-]+(?:[ \t]*,[ \t]*[\w./-]+)*)[ \t]*$")
            .expect("valid regex")
    });
    UNQUOTED_IMPORT.replace_all(text, |found: &regex::Captures<'_>| {
        let names = found[2]
            .split(',')
            .map(|name| format!("\"{}\"", name.trim()))
            .collect::<Vec<_>>();
        format!("{}{}", &found[1], names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquoted_names_are_quoted_and_the_rest_is_kept() {
        let sass =
            "@import utils, basic,layout\n  @import a/_b.sass\n@import \"q\"\n@import url(x.css)\n";
        assert_eq!(
            quote_unquoted_imports(sass),
            "@import \"utils\", \"basic\", \"layout\"\n  @import \"a/_b.sass\"\n@import \"q\"\n@import url(x.css)\n"
        );
    }
}
