//! Console sessions (`console`, `terminal`, `shell_session`) as Rouge's console lexer
//! splits them, line by line: a line with a prompt (everything up to its first `$`, `#`,
//! `>` or `;`) is the prompt (`gp`), its blanks (`w`) and a shell command, lexed by the
//! shell lexer where the last command left off; a line of dots (`...`, `<...>`) is a
//! comment (`c`); any other line is output (`go`), and starts the shell lexer afresh.

use std::time::Instant;

use super::{LexerSpec, Lexing, shell, write_spans};

/// The console lexer: no states of its own, its commands lexed by [`shell::SHELL`].
pub(in crate::render::highlight) static CONSOLE: LexerSpec = LexerSpec {
    names: &["console", "terminal", "shell_session", "shell-session"],
    states: &[],
    start: &[],
    session_of: Some(&shell::SHELL),
};

/// Where a line's prompt ends: at its first `$`, `#`, `>` or `;`.
const PROMPT_ENDS: [char; 4] = ['$', '#', '>', ';'];

/// `code`, a console session whose commands `commands` lexes, as Rouge writes it, or
/// `None` when the clock passes `deadline` first.
pub(super) fn highlight_until(
    commands: &'static LexerSpec,
    code: &str,
    deadline: Instant,
) -> Option<String> {
    let mut lexing = Lexing::new(commands);
    let mut start = 0;
    for line in code.split_inclusive('\n') {
        if is_elision(line) {
            lexing.reset();
            push(&mut lexing, "c", start, line.len());
        } else if let Some(prompt_end) = line.find(PROMPT_ENDS).map(|at| at + 1) {
            push(&mut lexing, "gp", start, prompt_end);
            let command = &line[prompt_end..];
            let blank = command.len() - command.trim_start_matches(is_ruby_space).len();
            push(&mut lexing, "w", start + prompt_end, blank);
            let command_start = prompt_end + blank;
            if !lexing.lex(&line[command_start..], start + command_start, deadline) {
                return None;
            }
        } else {
            lexing.reset();
            push(&mut lexing, "go", start, line.len());
        }
        start += line.len();
    }
    Some(write_spans(code, &lexing.tokens))
}

/// Emits `length` bytes from `start` as `class` (nothing when empty).
fn push(lexing: &mut Lexing, class: &'static str, start: usize, length: usize) {
    if length > 0 {
        lexing.tokens.push((class, start..start + length));
    }
}

/// Whether `c` is a blank to Ruby's `\s`.
fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Whether `line` only marks left-out lines: dots, or dots in angle brackets.
fn is_elision(line: &str) -> bool {
    let marks = line.trim_matches(is_ruby_space);
    let dots = marks
        .strip_prefix('<')
        .and_then(|inner| inner.strip_suffix('>'))
        .unwrap_or(marks);
    !dots.is_empty() && dots.bytes().all(|byte| byte == b'.')
}
