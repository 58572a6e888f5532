//! Two kramdown block rules that CommonMark lacks, which [`super::prepare`] rewrites
//! into CommonMark that parses the same way:
//!
//! - **Tables without a separator row.** kramdown reads a block of lines that each
//!   hold a `|` (outside code spans) as a table whose rows are all body rows; GFM
//!   wants a header and a delimiter row. A synthetic header is inserted, and the
//!   writer leaves it out (its line is in [`super::prepare::Prepared`]).
//! - **A backtick fence that no later line closes.** kramdown's fence is a regular
//!   expression that backtracks: four backticks closed by three are a three-backtick
//!   fence whose language is the fourth backtick (`language-\``). CommonMark would run
//!   the block to the end of the document. The pair becomes a tilde fence, which may
//!   carry a backtick in its info string.

/// A backtick fence read as kramdown reads it when no later line closes it at its own
/// length: a shorter fence that a later line does close.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ShortenedFence {
    /// The line to write instead of the opening one.
    pub opening: String,
    /// The index of the line that closes it (to be written as `~~~`).
    pub closing_line: usize,
}

/// For a backtick fence of `length` opening at `lines[index]`: the shorter fence kramdown
/// reads when no later line closes this one, if a later line closes a shorter one.
pub(super) fn shortened_fence(
    lines: &[&str],
    index: usize,
    length: usize,
) -> Option<ShortenedFence> {
    let later = &lines[index + 1..];
    let closing_length = |line: &&str| backtick_fence_length(line);
    if length <= 3 || later.iter().filter_map(closing_length).any(|n| n >= length) {
        return None;
    }
    let line = lines[index];
    let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
    let info = &line.trim_start_matches(' ')[length..];
    (3..length).rev().find_map(|shorter| {
        let offset = later
            .iter()
            .position(|line| backtick_fence_length(line).is_some_and(|n| n >= shorter))?;
        Some(ShortenedFence {
            opening: format!("{indent}~~~{}{info}", "`".repeat(length - shorter)),
            closing_line: index + 1 + offset,
        })
    })
}

/// The number of backticks of a line that is a closing backtick fence (up to three
/// spaces, backticks, trailing whitespace).
fn backtick_fence_length(line: &&str) -> Option<usize> {
    let trimmed = line.trim_end();
    let fence = trimmed.trim_start_matches(' ');
    let ticks = fence.len() - fence.trim_start_matches('`').len();
    (trimmed.len() - fence.len() <= 3 && ticks >= 3 && ticks == fence.len()).then_some(ticks)
}

/// For a block starting at `lines[index]` (after a blank line) that kramdown reads as a
/// table with no separator row: the synthetic header and delimiter rows to insert
/// before it, as many cells wide as its widest row.
pub(super) fn headless_table_header(lines: &[&str], index: usize) -> Option<[String; 2]> {
    if index > 0 && !lines[index - 1].trim().is_empty() {
        return None;
    }
    let rows: Vec<&str> = lines[index..]
        .iter()
        .take_while(|line| !line.trim().is_empty())
        .copied()
        .collect();
    let first = rows.first()?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let starts_other_block = first
        .trim_start()
        .starts_with(['-', '*', '+', '>', '#', '<', '[', '`', '~', '{', ':']);
    if indent > 3 || starts_other_block || rows.get(1).is_some_and(|row| is_delimiter_row(row)) {
        return None;
    }
    let widths: Option<Vec<usize>> = rows.iter().map(|row| cell_count(row)).collect();
    let columns = widths?.into_iter().max()?;
    let indent = &first[..indent];
    Some([
        format!("{indent}|{}", " |".repeat(columns)),
        format!("{indent}|{}", "-|".repeat(columns)),
    ])
}

/// Whether a row is a GFM delimiter row (`|---|:--:|`): the table then has a header.
fn is_delimiter_row(row: &str) -> bool {
    let row = row.trim();
    row.contains('-')
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The number of cells of a table row: `None` when it holds no `|` outside code spans
/// and escapes (it is then not a table row).
fn cell_count(row: &str) -> Option<usize> {
    let mut separators = Vec::new();
    let mut chars = row.trim().char_indices().peekable();
    let mut code_ticks = 0;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '`' => {
                let mut ticks = 1;
                while chars.next_if(|(_, c)| *c == '`').is_some() {
                    ticks += 1;
                }
                code_ticks = if code_ticks == ticks {
                    0
                } else {
                    code_ticks.max(ticks)
                };
            }
            '|' if code_ticks == 0 => separators.push(at),
            _ => {}
        }
    }
    let row = row.trim();
    let leading = usize::from(separators.first() == Some(&0));
    let trailing =
        usize::from(separators.len() > leading && separators.last() == Some(&(row.len() - 1)));
    (!separators.is_empty()).then(|| separators.len() + 1 - leading - trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_backticks_closed_by_three_are_three_with_a_backtick_language() {
        let lines = ["````", "code", "```", "after"];
        assert_eq!(
            shortened_fence(&lines, 0, 4),
            Some(ShortenedFence {
                opening: "~~~`".to_string(),
                closing_line: 2
            })
        );
        assert_eq!(shortened_fence(&["````", "x", "````"], 0, 4), None);
        assert_eq!(shortened_fence(&["```", "x"], 0, 3), None);
        assert_eq!(shortened_fence(&["````", "x", "``"], 0, 4), None);
    }

    #[test]
    fn rows_with_pipes_and_no_separator_get_a_hidden_header() {
        let lines = ["", "a | b | c", "1 | 2", "", "next"];
        let [header, delimiter] = headless_table_header(&lines, 1).unwrap();
        assert_eq!(
            (header.as_str(), delimiter.as_str()),
            ("| | | |", "|-|-|-|")
        );
        // A separator row: GFM reads it already.
        assert_eq!(headless_table_header(&["a | b", "--|--"], 0), None);
        // A line of the block without a pipe, or a pipe only inside code: a paragraph.
        assert_eq!(headless_table_header(&["a|b thing", "more"], 0), None);
        assert_eq!(headless_table_header(&["`a|b` code"], 0), None);
        // Not at a block start: tables do not interrupt paragraphs.
        assert_eq!(headless_table_header(&["Para", "x | y"], 1), None);
        assert_eq!(cell_count("| a | b |"), Some(2));
        assert_eq!(cell_count(r"a \| b"), None);
    }
}
