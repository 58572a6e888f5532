//! Splitting a file into YAML front matter and body, as Jekyll does
//! (`Jekyll::Document::YAML_FRONT_MATTER_REGEXP`): the file starts with a `---` line,
//! and the front matter ends at the next line that is `---` or `...`.

use serde_json::{Map, Value};

use crate::yaml::{self, RepeatedKey, YamlError};

/// A file's front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the delimiters (without them).
    pub yaml: &'a str,
    /// Everything after the closing delimiter line.
    pub body: &'a str,
    /// 1-based line of the file where the YAML starts (the line after `---`).
    pub yaml_line: usize,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Whether a file's first line opens front matter (`---` then only whitespace), which
/// is what makes a file a page rather than a static file.
pub fn has_front_matter(first_bytes: &[u8]) -> bool {
    let Some(rest) = first_bytes.strip_prefix(b"---") else {
        return false;
    };
    let line_end = rest.iter().position(|&b| b == b'\n');
    match line_end {
        Some(end) => rest[..end].iter().all(|b| b.is_ascii_whitespace()),
        None => false,
    }
}

/// Splits `text` into front matter and body, or `None` when it has no front matter
/// (the whole text is the body).
pub fn split(text: &str) -> Option<Split<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !has_front_matter(text.as_bytes()) {
        return None;
    }
    let first_newline = text.find('\n')?;
    let after_open = &text[first_newline + 1..];
    let mut offset = 0;
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        let trimmed = raw_line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + raw_line.len()..];
            // Jekyll's front matter pattern ends `---\s*$\n?`: blank lines after the
            // closing line go with it, up to the last line break before the content.
            let blank = body.len()
                - body
                    .trim_start_matches([' ', '\t', '\r', '\n', '\x0b', '\x0c'])
                    .len();
            let skipped = body[..blank].rfind('\n').map_or(0, |at| at + 1);
            return Some(Split {
                yaml,
                body: &body[skipped..],
                yaml_line: 2,
                body_line: line + 1 + body[..skipped].matches('\n').count(),
            });
        }
        offset += raw_line.len();
    }
    None
}

/// Parses front matter YAML, with the keys it repeats (the last value wins); errors
/// and repeats carry the line in the file (not in the YAML).
pub fn parse(split: &Split) -> Result<(Map<String, Value>, Vec<RepeatedKey>), YamlError> {
    let file_line = |line: usize| {
        if line > 0 {
            line + split.yaml_line - 1
        } else {
            0
        }
    };
    let (map, mut repeated) = yaml::parse_mapping_noting_repeats(split.yaml).map_err(|mut e| {
        e.line = file_line(e.line);
        e
    })?;
    for repeat in &mut repeated {
        repeat.line = file_line(repeat.line);
    }
    Ok((map, repeated))
}

/// The 1-based file line where front-matter key `key` is set, for errors about its value.
pub fn key_line(split: &Split, key: &str) -> Option<usize> {
    split
        .yaml
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + split.yaml_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_after_the_closing_line_go_with_it() {
        let parts = split("---\na: 1\n---  \n\n \n    code\n").unwrap();
        assert_eq!(parts.body, "    code\n");
        assert_eq!(parts.body_line, 6);
        assert_eq!(split("---\na: 1\n---\n").unwrap().body, "");
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: x\ntags: [a]\n---\nbody\nmore\n").unwrap();
        assert_eq!(s.yaml, "title: x\ntags: [a]\n");
        assert_eq!(s.body, "body\nmore\n");
        assert_eq!(s.body_line, 5);
        assert_eq!(key_line(&s, "tags"), Some(3));
        assert_eq!(key_line(&s, "missing"), None);
    }

    #[test]
    fn dots_close_and_empty_front_matter_is_allowed() {
        let s = split("---\n...\nx").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), ("", "x", 3));
        let s = split("---\r\na: 1\r\n---\r\nbody").unwrap();
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# Title\n---\n").is_none());
        assert!(split("----\nx\n----\n").is_none());
        assert!(split("---\nunterminated: yes\n").is_none());
        assert!(!has_front_matter(b"--- not a delimiter"));
        assert!(has_front_matter(b"---  \r\nx"));
    }

    #[test]
    fn repeated_keys_point_into_the_file() {
        let s = split("---\ntitle: a\ntitle: b\n---\n").unwrap();
        let (map, repeated) = parse(&s).unwrap();
        assert_eq!(map["title"], "b");
        assert_eq!(repeated[0].line, 3);
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let s = split("---\ntitle: ok\ntags: [a\n---\n").unwrap();
        let err = parse(&s).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }
}
