//! Editing one top-level key of a file's front matter as text, so the rest of the
//! author's YAML (comments, quoting, order) stays exactly as written.

use crate::content::frontmatter;

/// A string as a YAML scalar: plain when YAML reads it back as the same string,
/// quoted otherwise (`'Hello: World'`), as jekyll-compose writes titles.
pub fn yaml_string(value: &str) -> String {
    serde_yaml::to_string(value)
        .map(|yaml| yaml.trim_end().to_string())
        .unwrap_or_else(|_| format!("{value:?}"))
}

/// Whether `line` sets the top-level `key`.
fn sets_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// `text` with front-matter key `key` set to `value` (YAML): its line replaced, or a
/// line added at the end of the front matter, or a front matter added when the file
/// has none.
pub fn set_key(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key}: {value}\n");
    let Some(split) = frontmatter::split(text) else {
        return format!("---\n{line}---\n{text}");
    };
    let (head, tail) = split_at_yaml(text, split.yaml);
    let mut yaml = String::new();
    let mut replaced = false;
    for yaml_line in split.yaml.split_inclusive('\n') {
        if sets_key(yaml_line, key) && !replaced {
            yaml.push_str(&line);
            replaced = true;
        } else {
            yaml.push_str(yaml_line);
        }
    }
    if !replaced {
        if !yaml.is_empty() && !yaml.ends_with('\n') {
            yaml.push('\n');
        }
        yaml.push_str(&line);
    }
    format!("{head}{yaml}{tail}")
}

/// `text` without the top-level front-matter key `key` (unchanged when it has none).
pub fn remove_key(text: &str, key: &str) -> String {
    let Some(split) = frontmatter::split(text) else {
        return text.to_string();
    };
    let (head, tail) = split_at_yaml(text, split.yaml);
    let yaml: String = split
        .yaml
        .split_inclusive('\n')
        .filter(|line| !sets_key(line, key))
        .collect();
    format!("{head}{yaml}{tail}")
}

/// The text before and after the front matter's YAML (`yaml` is a slice of `text`).
fn split_at_yaml<'a>(text: &'a str, yaml: &str) -> (&'a str, &'a str) {
    let start = yaml.as_ptr() as usize - text.as_ptr() as usize;
    (&text[..start], &text[start + yaml.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_key_replaces_or_appends_and_keeps_the_rest() {
        let text = "---\ntitle: A # mine\ndate: 2020-01-01\n---\nbody\n";
        assert_eq!(
            set_key(text, "date", "2024-05-06 10:00 +0000"),
            "---\ntitle: A # mine\ndate: 2024-05-06 10:00 +0000\n---\nbody\n"
        );
        assert_eq!(
            set_key("---\ntitle: A\n---\nbody\n", "date", "X"),
            "---\ntitle: A\ndate: X\n---\nbody\n"
        );
        assert_eq!(set_key("body\n", "date", "X"), "---\ndate: X\n---\nbody\n");
    }

    #[test]
    fn remove_key_leaves_similar_keys() {
        let text = "---\ndate: 1\ndates: 2\n---\nbody date: 3\n";
        assert_eq!(
            remove_key(text, "date"),
            "---\ndates: 2\n---\nbody date: 3\n"
        );
    }

    #[test]
    fn titles_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(yaml_string("Plain title"), "Plain title");
        assert_eq!(yaml_string("Hello: World"), "'Hello: World'");
        assert_eq!(yaml_string("true"), "'true'");
    }
}
