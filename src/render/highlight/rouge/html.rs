//! HTML as Rouge's HTML lexer splits it: a tag's `<`, name and `>` are `nt`, an
//! attribute's name with its `=` is `na` and its value `s`, entities `ni`, comments `c`.
//! `<style>` content goes to the CSS lexer and `<script>` content to the registry's
//! `javascript` lexer (plain text while there is none); Markdown's inline HTML uses it
//! too ([`super::markdown`]).
use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT, find_lexer};

/// The HTML lexer.
pub(in crate::render::highlight) static HTML: LexerSpec = LexerSpec {
    names: &["html"],
    states: &[
        ("root", ROOT),
        ("tag_end", TAG_END),
        ("tag_end_end", TAG_END_END),
        ("tag_start", TAG_START),
        ("comment", COMMENT),
        ("tag", TAG),
        ("attr", ATTRIBUTE),
        ("dq", DOUBLE_QUOTED),
        ("sq", SINGLE_QUOTED),
        ("script_content", SCRIPT_CONTENT),
        ("style_content", STYLE_CONTENT),
    ],
    start: &["root"],
    session_of: None,
};

/// A tag or attribute name's first character, as a class body.
macro_rules! name_start {
    () => {
        r"\p{L}:_-"
    };
}

/// A tag or attribute name's other characters, as a class body.
macro_rules! name_rest {
    () => {
        r"\p{Word}\p{Cf}:.·-"
    };
}

const ROOT: &[Rule] = &[
    Match(r"[^<&]+", Token(TEXT), Stay),
    Match(r"&\S*?;", Token("ni"), Stay),
    Match(r"(?im:<!DOCTYPE .*?>)", Token("cp"), Stay),
    Match(r"(?m:<!\[CDATA\[.*?\]\]>)", Token("cp"), Stay),
    Match(r"<!--", Token("c"), Push("comment")),
    Match(r"(?m:<\?.*?\?>)", Token("cp"), Stay),
    Match(r"<\s*script\s*", Call(script), Stay),
    Match(r"<\s*style\s*", Call(style), Stay),
    Match(r"</", Token("nt"), Push("tag_end")),
    Match(r"<", Token("nt"), Push("tag_start")),
];

/// `<script`: its content goes to the JavaScript lexer, from its start.
fn script(lexing: &mut Lexing, matched: &Matched) {
    embedded(lexing, matched, "javascript", "script_content");
}

/// `<style`: its content goes to the CSS lexer, from its start.
fn style(lexing: &mut Lexing, matched: &Matched) {
    embedded(lexing, matched, "css", "style_content");
}

/// A tag opening embedded code in `language`, read in the state `content`.
fn embedded(lexing: &mut Lexing, matched: &Matched, language: &str, content: &'static str) {
    lexing.token("nt", matched.text);
    if let Some(lexer) = find_lexer(language) {
        lexing.restart_kept(lexer);
    }
    lexing.push(content);
    lexing.push("tag");
}

const TAG_END: &[Rule] = &[
    Mixin("tag_end_end"),
    Match(
        concat!("[", name_start!(), "][", name_rest!(), "]*"),
        Token("nt"),
        Goto("tag_end_end"),
    ),
];

const TAG_END_END: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r">", Token("nt"), Pop),
];

const TAG_START: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(
        concat!("[", name_start!(), "][", name_rest!(), "]*"),
        Token("nt"),
        Goto("tag"),
    ),
    Match("", Token(TEXT), Goto("tag")),
];

const COMMENT: &[Rule] = &[
    Match(r"[^-]+", Token("c"), Stay),
    Match(r"-->", Token("c"), Pop),
    Match(r"-", Token("c"), Stay),
];

const TAG: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(
        r"[\p{L}:_\[\]()*.-][\p{Word}\p{Cf}:.·\[\]()*-]*\s*=\s*",
        Token("na"),
        Push("attr"),
    ),
    Match(r"[\p{L}:_*#-][\p{Word}\p{Cf}:.·*#-]*", Token("na"), Stay),
    Match(r"/?\s*>", Token("nt"), Pop),
];

const ATTRIBUTE: &[Rule] = &[
    Match(r#"""#, Token("s"), Goto("dq")),
    Match(r"'", Token("s"), Goto("sq")),
    Match(r"[^\s>]+", Token("s"), Pop),
];

const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Match(r#"[^"]+"#, Token("s"), Stay),
];

const SINGLE_QUOTED: &[Rule] = &[
    Match(r"'", Token("s"), Pop),
    Match(r"[^']+", Token("s"), Stay),
];

const SCRIPT_CONTENT: &[Rule] = &[
    Match(r"[^<]+", Call(script_code), Stay),
    Match(r"(?m:<\s*/\s*script\s*>)", Token("nt"), Pop),
    Match(r"<", Call(script_code), Stay),
];

const STYLE_CONTENT: &[Rule] = &[
    Match(r"[^<]+", Call(style_code), Stay),
    Match(r"(?m:<\s*/\s*style\s*>)", Token("nt"), Pop),
    Match(r"<", Call(style_code), Stay),
];

/// Code inside `<script>`.
fn script_code(lexing: &mut Lexing, matched: &Matched) {
    embedded_code(lexing, matched, "javascript");
}

/// Code inside `<style>`.
fn style_code(lexing: &mut Lexing, matched: &Matched) {
    embedded_code(lexing, matched, "css");
}

/// Embedded code, by the registry's lexer for `language` (plain text without one).
fn embedded_code(lexing: &mut Lexing, matched: &Matched, language: &str) {
    match find_lexer(language) {
        Some(lexer) => lexing.delegate_kept(lexer, 0, matched.text),
        None => lexing.token(TEXT, matched.text),
    }
}
