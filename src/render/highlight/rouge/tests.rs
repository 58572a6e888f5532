//! Tests of the engine: matching as Ruby's `StringScanner` does, and the features that
//! Rouge's lexers use beyond plain rules: resetting the stack, pushing the current state
//! again, patterns built from what a run remembers, and delegating to other lexers.

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
    highlighted(&OUTER, code)
}

fn highlighted(lexer: &'static LexerSpec, code: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    super::highlight_until(lexer, code, deadline).expect("in time")
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

/// Blanks are `w`, `a` is `k`; `#` is `c` at a line's start and `o` elsewhere; `b` not
/// after `a` is `nb`, `c` at a word's start `nc`; `%|` opens a string up to the next
/// `|` (a pattern built from the remembered `|`) in which `(` nests one level deeper;
/// other words are `n`.
static SCANNING: LexerSpec = LexerSpec {
    names: &["test-scanning"],
    states: &[("root", SCANNING_ROOT), ("quoted", QUOTED)],
    start: &["root"],
    session_of: None,
};

const SCANNING_ROOT: &[Rule] = &[
    Match(r"\n", Token(TEXT), Stay),
    Match(r"\s+", Token("w"), Stay),
    Match(r"^#", Token("c"), Stay),
    Match(r"#", Token("o"), Stay),
    Match(r"a", Token("k"), Stay),
    Match(r"(?<!a)b", Token("nb"), Stay),
    Match(r"\bc", Token("nc"), Stay),
    Match(r"%(.)", Call(remember), Push("quoted")),
    Match(r"\w+", Token("n"), Stay),
];

const QUOTED: &[Rule] = &[
    Remembered(closing_quote, Token("s"), Pop),
    Match(r"\(", Token("p"), Again),
    Match(r"[^|(]+", Token("sx"), Stay),
];

fn closing_quote(lexing: &Lexing) -> String {
    format!("[{}]", lexing.heredoc_end)
}

fn scanned(code: &str) -> String {
    highlighted(&SCANNING, code)
}

#[test]
fn look_behinds_and_word_boundaries_do_not_see_the_text_before_the_match() {
    assert_eq!(
        scanned("abac"),
        "<span class=\"k\">a</span><span class=\"nb\">b</span>\
         <span class=\"k\">a</span><span class=\"nc\">c</span>"
    );
}

#[test]
fn a_pattern_starting_with_a_caret_is_tried_only_at_the_start_of_a_line() {
    assert_eq!(
        scanned("##\n#"),
        "<span class=\"c\">#</span><span class=\"o\">#</span>\n<span class=\"c\">#</span>"
    );
}

#[test]
fn blanks_are_ascii_only_as_in_ruby() {
    assert_eq!(
        scanned("a \u{a0}a"),
        "<span class=\"k\">a</span><span class=\"w\"> </span>\
         <span class=\"err\">\u{a0}</span><span class=\"k\">a</span>"
    );
}

#[test]
fn word_characters_are_ascii_only_as_in_ruby() {
    assert_eq!(
        scanned("dïd"),
        "<span class=\"n\">d</span><span class=\"err\">ï</span><span class=\"n\">d</span>"
    );
}

#[test]
fn pushing_the_state_again_nests_it() {
    assert_eq!(
        scanned("%|x(y|a"),
        "<span class=\"p\">%|</span><span class=\"sx\">x</span><span class=\"p\">(</span>\
         <span class=\"sx\">y</span><span class=\"s\">|</span><span class=\"sx\">a</span>"
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
