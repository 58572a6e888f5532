//! Liquid's `split` as Ruby's `String#split` does it, which liquid-core does not:
//! trailing empty strings are dropped, a single space splits on runs of whitespace
//! (leading whitespace ignored), and an empty pattern splits into characters.

use liquid_core::Language;
use liquid_core::model::Value;

use super::{Apply, register_functions, text_of, text_value};

/// Registers `split`.
pub(super) fn register(language: &mut Language) {
    let filters: [(&str, Apply); 1] = [("split", |c| {
        let parts = ruby_split(&text_of(c.input), &text_of(c.arg(0)));
        Ok(Value::Array(parts.into_iter().map(text_value).collect()))
    })];
    register_functions(language, &filters);
}

/// `text.split(pattern)` in Ruby.
fn ruby_split(text: &str, pattern: &str) -> Vec<String> {
    let mut parts: Vec<String> = match pattern {
        " " => text.split_whitespace().map(str::to_string).collect(),
        "" => text.chars().map(String::from).collect(),
        _ => text.split(pattern).map(str::to_string).collect(),
    };
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::ruby_split;

    #[test]
    fn split_is_rubys() {
        assert_eq!(ruby_split("a,b,,", ","), ["a", "b"]);
        assert_eq!(ruby_split(",a", ","), ["", "a"]);
        assert_eq!(ruby_split("  a \t b ", " "), ["a", "b"]);
        assert_eq!(ruby_split("abc", ""), ["a", "b", "c"]);
        assert!(ruby_split("", ",").is_empty());
        assert!(ruby_split(",,", ",").is_empty());
    }
}
