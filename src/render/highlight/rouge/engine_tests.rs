//! Tests of the engine's matching rules, on a small lexer of its own.

use std::time::{Duration, Instant};

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

static TEST_LEXER: LexerSpec = LexerSpec {
    names: &["engine-test"],
    states: &[("root", ROOT)],
    start: &["root"],
    session_of: None,
};

const ROOT: &[Rule] = &[
    Match(r"\n", Token(TEXT), Stay),
    Match(r"\s+", Token("w"), Stay),
    Match(r"^#", Token("c"), Stay),
    Match(r"#", Token("o"), Stay),
    Match(r"a", Token("k"), Stay),
    Match(r"(?<!a)b", Token("nb"), Stay),
    Match(r"\bc", Token("nc"), Stay),
    Match(r"<([^>]*)>", Call(recurse), Stay),
    Match(r"\[([^\]]*)\]", Call(continue_embedded), Stay),
    Match(r"%(.)", Call(quoted), Stay),
];

/// `%|...|`: a string up to its own delimiter, in a state built for it.
fn quoted(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("s", matched.text);
    let (_, delimiter) = matched.group(1).unwrap_or_default();
    let close: &'static str = Box::leak(format!("[{delimiter}]").into_boxed_str());
    let inside: &'static str = Box::leak(format!("[^{delimiter}(]+").into_boxed_str());
    lexing.push_built(delimiter.to_owned(), || {
        vec![
            Match(close, Token("s"), Pop),
            Match(r"\(", Token("p"), Again),
            Match(inside, Token("sx"), Stay),
        ]
    });
}

/// `[...]` holds code lexed where the last `[...]` left off.
fn continue_embedded(lexing: &mut Lexing, matched: &Matched) {
    let (offset, inner) = matched.group(1).unwrap_or_default();
    lexing.token_at("p", 0, "[");
    lexing.delegate_continuing(&TEST_LEXER, offset, inner);
    lexing.token_at("p", matched.text.len() - 1, "]");
}

/// `<...>` holds code lexed afresh.
fn recurse(lexing: &mut Lexing, matched: &Matched) {
    lexing.token_at("p", 0, "<");
    let (offset, inner) = matched.group(1).unwrap_or_default();
    lexing.delegate(&TEST_LEXER, offset, inner);
    lexing.token_at("p", matched.text.len() - 1, ">");
}

fn highlight(code: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    super::highlight_until(&TEST_LEXER, code, deadline).expect("within the deadline")
}

#[test]
fn look_behinds_and_word_boundaries_do_not_see_the_text_before_the_match() {
    assert_eq!(
        highlight("abac"),
        "<span class=\"k\">a</span><span class=\"nb\">b</span>\
         <span class=\"k\">a</span><span class=\"nc\">c</span>"
    );
}

#[test]
fn a_pattern_starting_with_a_caret_is_tried_only_at_the_start_of_a_line() {
    assert_eq!(
        highlight("##\n#"),
        "<span class=\"c\">#</span><span class=\"o\">#</span>\n<span class=\"c\">#</span>"
    );
}

#[test]
fn blanks_are_ascii_only_as_in_ruby() {
    assert_eq!(
        highlight("a \u{a0}a"),
        "<span class=\"k\">a</span><span class=\"w\"> </span>\
         <span class=\"err\">\u{a0}</span><span class=\"k\">a</span>"
    );
}

#[test]
fn delegated_text_is_lexed_afresh_in_place() {
    assert_eq!(
        highlight("a<#a>"),
        "<span class=\"k\">a</span><span class=\"p\">&lt;</span><span class=\"c\">#</span>\
         <span class=\"k\">a</span><span class=\"p\">&gt;</span>"
    );
}

#[test]
fn a_built_state_holds_its_own_rules_and_can_nest() {
    assert_eq!(
        highlight("%|x(y|a"),
        "<span class=\"s\">%|</span><span class=\"sx\">x</span><span class=\"p\">(</span>\
         <span class=\"sx\">y</span><span class=\"s\">|</span><span class=\"sx\">a</span>"
    );
}

#[test]
fn a_continuing_delegate_goes_on_from_where_it_left_off() {
    assert_eq!(
        highlight("[%|x][y|]a"),
        "<span class=\"p\">[</span><span class=\"s\">%|</span><span class=\"sx\">x</span>\
         <span class=\"p\">][</span><span class=\"sx\">y</span><span class=\"s\">|</span>\
         <span class=\"p\">]</span><span class=\"k\">a</span>"
    );
}
