//! A pre-scan that stops deeply nested flow collections (`[[[[…`, `{{{{…`) before
//! the parser sees them: the parser reaches its own recursion limit only after time
//! quadratic in the nesting (38 s for 100,000 brackets), and no real file nests
//! anywhere near [`MAX_DEPTH`].

use super::YamlError;

/// The deepest flow nesting accepted (the parser's own recursion limit).
pub(super) const MAX_DEPTH: usize = 128;

/// An error at the bracket that opens level [`MAX_DEPTH`] + 1, if any. Quoted text
/// and comments are skipped.
pub(super) fn check(text: &str) -> Result<(), YamlError> {
    let mut depth = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (column, c) in line.char_indices() {
            match quote {
                Some('"') if c == '"' && previous != '\\' => quote = None,
                Some('\'') if c == '\'' => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(YamlError {
                                message: format!("collections nested more than {MAX_DEPTH} deep"),
                                line: line_index + 1,
                                column: column + 1,
                            });
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_brackets_stop_at_their_line_and_quotes_do_not_count() {
        let deep = format!("a: 1\nb: {}", "[".repeat(100_000));
        let error = check(&deep).unwrap_err();
        assert_eq!((error.line, error.column), (2, 4 + MAX_DEPTH));
        assert!(check(&format!("a: '{}'\nb: [[1], {{c: 2}}]", "[".repeat(500))).is_ok());
    }

    #[test]
    fn billion_laughs_fail_fast() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let previous = format!("*a{}", i - 1);
            let row = [previous.as_str(); 9].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{row}]\n"));
        }
        let started = std::time::Instant::now();
        let error = crate::yaml::parse(&text).expect_err("expanded instead of refusing");
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        assert_eq!(error.line, 2, "the first alias's line: {error}");
    }
}
