//! libsass's `compact` style, which the `sassc` implementation Jekyll uses by default
//! writes: each top-level rule (with what it nests) on one line, a blank line between
//! them. `grass` writes only `expanded` and `compressed`, so the expanded text is
//! folded here; only the whitespace changes.

/// Folds `expanded` CSS to the compact layout: `a { color: red; }`.
pub fn from_expanded(css: &str) -> String {
    let mut items: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut pending = String::new();
    let mut depth = 0usize;
    for line in css.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(line);
        // A selector list, a long value or a comment continues until its end.
        let complete = line.ends_with('{')
            || line.ends_with('}')
            || line.ends_with(';')
            || line.ends_with("*/");
        if !complete {
            continue;
        }
        if line.ends_with('{') {
            depth += 1;
        } else if line == "}" {
            depth = depth.saturating_sub(1);
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&std::mem::take(&mut pending));
        if depth == 0 {
            items.push(std::mem::take(&mut current));
        }
    }
    current.push_str(&pending);
    if !current.is_empty() {
        items.push(current);
    }
    if items.is_empty() {
        return String::new();
    }
    items.join("\n\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_fold_to_one_line_each() {
        let expanded = "a,\nb {\n  color: red;\n  margin: 0;\n}\n\n@media (max-width: 1px) {\n  .x {\n    display: none;\n  }\n}\n";
        assert_eq!(
            from_expanded(expanded),
            "a, b { color: red; margin: 0; }\n\n@media (max-width: 1px) { .x { display: none; } }\n"
        );
    }

    #[test]
    fn comments_and_statements_stand_alone() {
        let expanded = "@charset \"UTF-8\";\n/* one\n   two */\np {\n  q: \"a\"\n    \"b\";\n}\n";
        assert_eq!(
            from_expanded(expanded),
            "@charset \"UTF-8\";\n\n/* one two */\n\np { q: \"a\" \"b\"; }\n"
        );
        assert_eq!(from_expanded(""), "");
    }
}
