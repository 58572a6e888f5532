//! Two kramdown block rules that CommonMark lacks, which [`super::prepare`] rewrites
//! into CommonMark that parses the same way:
//!
//! - **Tables without a separator row.** kramdown reads a block of lines that each
//!   hold a `|` (outside code spans) as a table whose rows are all body rows; GFM
//!   wants a header and a delimiter row. A synthetic header is inserted, and the
//!   writer leaves it out (its line is in [`super::prepare::Prepared`]).
//! - **Pipes in code spans** do not split a kramdown table's cells: they are escaped.
//! - **A backtick fence that no later line closes.** kramdown's fence is a regular
//!   expression that backtracks: four backticks closed by three are a three-backtick
//!   fence whose language is the fourth backtick (`language-\``). CommonMark would run
//!   the block to the end of the document. The pair becomes a tilde fence, which may
//!   carry a backtick in its info string.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

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

/// A table as kramdown reads it, starting at a block start.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TableBlock {
    /// The lines that are its rows (separator rows included).
    pub rows: Range<usize>,
    /// For a table with no separator row: the synthetic header and delimiter rows to
    /// insert before it, as many cells wide as its widest row.
    pub hidden_header: Option<[String; 2]>,
    /// For a table with a separator row: that row as GFM must read it (see
    /// [`gfm_delimiter_row`]).
    pub delimiter_row: Option<String>,
}

/// The table starting at `lines[index]`, if kramdown reads one there: after a blank
/// line, lines holding a `|` outside code spans (with a GFM delimiter as the second
/// row, up to the first line without one; without, every line up to a blank one).
pub(super) fn table_at(lines: &[&str], index: usize) -> Option<TableBlock> {
    if index > 0 && !lines[index - 1].trim().is_empty() {
        return None;
    }
    let first = lines[index];
    let indent = first.len() - first.trim_start_matches(' ').len();
    let starts_other_block = first
        .trim_start()
        .starts_with(['-', '*', '+', '>', '#', '<', '[', '`', '~', '{', ':']);
    if indent > 3 || starts_other_block {
        return None;
    }
    let block = lines[index..]
        .iter()
        .take_while(|line| !line.trim().is_empty());
    if lines
        .get(index + 1)
        .is_some_and(|row| is_delimiter_row(row))
    {
        let rows = block.take_while(|row| cell_count(row).is_some()).count();
        let columns = cell_count(first).unwrap_or(1);
        return (rows >= 2).then(|| TableBlock {
            rows: index..index + rows,
            hidden_header: None,
            delimiter_row: Some(gfm_delimiter_row(lines[index + 1], columns)),
        });
    }
    let widths: Option<Vec<usize>> = block.map(|row| cell_count(row)).collect();
    let widths = widths?;
    let columns = *widths.iter().max()?;
    let indent = &first[..indent];
    Some(TableBlock {
        rows: index..index + widths.len(),
        hidden_header: Some([
            format!("{indent}|{}", " |".repeat(columns)),
            format!("{indent}|{}", "-|".repeat(columns)),
        ]),
        delimiter_row: None,
    })
}

/// A kramdown separator row (`| :-- | : | --: |`, any line of `|+: -` with a dash) as
/// a GFM delimiter row `columns` cells wide: GFM wants a dash in every cell and as
/// many cells as the header. kramdown takes each column's alignment from the dashed
/// cells in turn (`[ ]?(:?)-+(:?)[ ]?`), so a cell without a dash gives none and the
/// columns after the last dashed cell are unaligned.
pub(super) fn gfm_delimiter_row(row: &str, columns: usize) -> String {
    static DASHED_CELL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[ ]?(:?)-+(:?)[ ]?").expect("valid regex"));
    let mut alignments = DASHED_CELL.captures_iter(row).map(|cell| {
        let (left, right) = (!cell[1].is_empty(), !cell[2].is_empty());
        match (left, right) {
            (false, false) => "---",
            (true, false) => ":--",
            (false, true) => "--:",
            (true, true) => ":-:",
        }
    });
    let indent = &row[..row.len() - row.trim_start_matches(' ').len()];
    let cells: Vec<&str> = (0..columns)
        .map(|_| alignments.next().unwrap_or("---"))
        .collect();
    format!("{indent}|{}|", cells.join("|"))
}

/// A table row with the `|` inside code spans escaped: kramdown does not split cells
/// there, GFM does unless escaped (and drops the escape inside the span).
pub(super) fn escape_code_span_pipes(row: &str) -> Cow<'_, str> {
    let pipes = row_pipes(row);
    if pipes.in_code.is_empty() {
        return Cow::Borrowed(row);
    }
    let mut escaped = String::with_capacity(row.len() + pipes.in_code.len());
    let mut copied = 0;
    for at in pipes.in_code {
        escaped.push_str(&row[copied..at]);
        escaped.push('\\');
        copied = at;
    }
    escaped.push_str(&row[copied..]);
    Cow::Owned(escaped)
}

/// Whether a row is a GFM delimiter row (`|---|:--:|`): the table then has a header.
fn is_delimiter_row(row: &str) -> bool {
    let row = row.trim();
    row.contains('-')
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Where a row's `|` are: cell separators, and those inside code spans.
#[derive(Default)]
struct RowPipes {
    separators: Vec<usize>,
    in_code: Vec<usize>,
}

/// The `|` of a row (escaped ones are neither separators nor in code).
fn row_pipes(row: &str) -> RowPipes {
    let mut pipes = RowPipes::default();
    let mut chars = row.char_indices().peekable();
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
            '|' if code_ticks == 0 => pipes.separators.push(at),
            '|' => pipes.in_code.push(at),
            _ => {}
        }
    }
    pipes
}

/// The number of cells of a table row: `None` when it holds no `|` outside code spans
/// and escapes (it is then not a table row).
fn cell_count(row: &str) -> Option<usize> {
    let row = row.trim();
    let separators = row_pipes(row).separators;
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
        let table = table_at(&lines, 1).unwrap();
        assert_eq!(table.rows, 1..3);
        let [header, delimiter] = table.hidden_header.unwrap();
        assert_eq!(
            (header.as_str(), delimiter.as_str()),
            ("| | | |", "|-|-|-|")
        );
        // A separator row: GFM reads the header; the table ends at a row with no pipe.
        let headed = table_at(&["a | b", "--|--", "1 | 2", "tail"], 0).unwrap();
        assert_eq!((headed.rows, headed.hidden_header), (0..3, None));
        // A line of the block without a pipe, or a pipe only inside code: a paragraph.
        assert_eq!(table_at(&["a|b thing", "more"], 0), None);
        assert_eq!(table_at(&["`a|b` code"], 0), None);
        // Not at a block start: tables do not interrupt paragraphs.
        assert_eq!(table_at(&["Para", "x | y"], 1), None);
        assert_eq!(cell_count("| a | b |"), Some(2));
        assert_eq!(cell_count(r"a \| b"), None);
    }

    #[test]
    fn pipes_in_code_spans_are_escaped_in_rows() {
        assert_eq!(
            escape_code_span_pipes("`a | b` |[x](y)"),
            r"`a \| b` |[x](y)"
        );
        assert_eq!(escape_code_span_pipes("a | b"), "a | b");
    }
}
