//! Tests of the engine's features that Rouge's lexers use beyond plain rules: resetting
//! the stack, patterns built from what a run remembers, and delegating to other lexers.

use std::time::{Duration, Instant};

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// Words are `n`; `(` opens a group whose words are `s` and `((` a nested one; `.`
/// resets to `root` however deep; `<word` makes the next `word` (only) a `k`; `[...]`
/// is lexed by a fresh run of [`INNER`], `{...}` by one kept run of it.
static OUTER: LexerSpec = LexerSpec {
    names: &["test-outer"],
    states: &[
        ("root", OUTER_ROOT),
        ("group", GROUP),
        ("remembering", REMEMBERING),
    ],
    start: &["root"],
    session_of: None,
};

const OUTER_ROOT: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\(", Token("p"), Push("group")),
    Match(r"<(\w+)", Call(remember), Push("remembering")),
    Match(r"\[([^\]]*)\]", Call(fresh), Stay),
    Match(r"\{([^}]*)\}", Call(kept), Stay),
    Match(r"\w+", Token("n"), Stay),
];

const GROUP: &[Rule] = &[
    Match(r"\.", Token("p"), Reset),
    Match(r"\(", Token("p"), Push("group")),
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\w+", Token("s"), Stay),
];

const REMEMBERING: &[Rule] = &[Remembered(remembered_word, Token("k"), Pop), Mixin("root")];

fn remember(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.heredoc_end = matched.group(1).map_or("", |(_, word)| word).to_owned();
}

fn remembered_word(lexing: &Lexing) -> String {
    format!(r"\b{}\b", lexing.heredoc_end)
}

fn fresh(lexing: &mut Lexing, matched: &Matched) {
    if let Some((offset, inner)) = matched.group(1) {
        lexing.delegate_fresh(&INNER, offset, inner);
    }
}

fn kept(lexing: &mut Lexing, matched: &Matched) {
    if let Some((offset, inner)) = matched.group(1) {
        lexing.delegate_kept(&INNER, offset, inner);
    }
}

/// `"` toggles between words `n` and words in a string `s2`.
static INNER: LexerSpec = LexerSpec {
    names: &["test-inner"],
    states: &[("root", INNER_ROOT), ("string", INNER_STRING)],
    start: &["root"],
    session_of: None,
};

const INNER_ROOT: &[Rule] = &[
    Match("\"", Token("s2"), Push("string")),
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\w+", Token("n"), Stay),
];

const INNER_STRING: &[Rule] = &[
    Match("\"", Token("s2"), Pop),
    Match(r"[^\x22]+", Token("s2"), Stay),
];

fn lexed(code: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    super::highlight_until(&OUTER, code, deadline).expect("in time")
}

#[test]
fn reset_clears_the_stack_down_to_root() {
    assert_eq!(
        lexed("a ((b. c"),
        "<span class=\"n\">a</span> <span class=\"p\">((</span><span class=\"s\">b</span>\
         <span class=\"p\">.</span> <span class=\"n\">c</span>"
    );
}

#[test]
fn a_remembered_pattern_is_built_from_the_runs_memory() {
    assert_eq!(
        lexed("<end x end end"),
        "<span class=\"p\">&lt;end</span> <span class=\"n\">x</span> \
         <span class=\"k\">end</span> <span class=\"n\">end</span>"
    );
}

#[test]
fn a_fresh_delegation_starts_the_other_lexer_each_time() {
    // The string left open in the first brackets does not go on in the second.
    assert_eq!(
        lexed("[a \"b] [c]"),
        "<span class=\"n\">a</span> <span class=\"s2\">\"b</span> <span class=\"n\">c</span>"
    );
}

#[test]
fn a_kept_delegation_continues_where_the_other_lexer_stopped() {
    // The string left open in the first braces goes on in the second.
    assert_eq!(
        lexed("{a \"b} {c\" d}"),
        "<span class=\"n\">a</span> <span class=\"s2\">\"b</span> <span class=\"s2\">c\"</span> \
         <span class=\"n\">d</span>"
    );
}

#[test]
fn words_digits_and_blanks_are_ascii_but_boundaries_and_named_classes_unicode_as_in_ruby() {
    let matches = |source: &str, text: &str| super::pattern(source).find(text).is_some();
    assert!(!matches(r"^\w", "ï") && !matches(r"^\d", "٣") && !matches(r"^\s", "\u{a0}"));
    assert!(matches(r"^\p{Word}", "ï") && matches(r"^[[:word:]]", "ï"));
    assert!(matches(r"^[[:digit:]]", "٣") && matches(r"^\p{Space}", "\u{a0}"));
    // No boundary between `a` and `ï`; `\b` in brackets (a backspace) and `\\b` stay.
    assert!(!matches(r"a\b", "aï") && matches(r"a\b", "a."));
    assert!(matches(r"^[\b]", "\u{8}") && matches(r"^\\b", r"\b"));
}
