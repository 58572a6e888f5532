//! HTML as Rouge's HTML lexer splits it: a tag's `<name` and `>` are `nt`, an attribute
//! with its `=` is `na` and its value `s`, entities `ni`; the content of `<script>` is
//! lexed as JavaScript and that of `<style>` as CSS, each by one run per element that
//! goes on across the `<` characters inside it.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT, css, javascript};

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

/// Rouge's tag name.
macro_rules! tag_name {
    () => {
        r"[\p{L}:_-][\p{Word}\p{Cf}:.·-]*"
    };
}

const ROOT: &[Rule] = &[
    Match(r"(?m)[^<&]+", Token(TEXT), Stay),
    Match(r"&\S*?;", Token("ni"), Stay),
    Match(r"(?im)<!DOCTYPE .*?>", Token("cp"), Stay),
    Match(r"(?m)<!\[CDATA\[.*?\]\]>", Token("cp"), Stay),
    Match(r"<!--", Token("c"), Push("comment")),
    Match(r"(?m)<\?.*?\?>", Token("cp"), Stay),
    Match(r"(?m)<\s*script\s*", Call(script), Stay),
    Match(r"(?m)<\s*style\s*", Call(style), Stay),
    Match(r"</", Token("nt"), Push("tag_end")),
    Match(r"<", Token("nt"), Push("tag_start")),
    Match(concat!(r"<\s*", tag_name!()), Token("nt"), Push("tag")),
    Match(
        concat!(r"<\s*/\s*", tag_name!(), r"\s*>"),
        Token("nt"),
        Stay,
    ),
];

const TAG_END: &[Rule] = &[
    Mixin("tag_end_end"),
    Match(tag_name!(), Token("nt"), Goto("tag_end_end")),
];

const TAG_END_END: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r">", Token("nt"), Pop),
];

const TAG_START: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(tag_name!(), Token("nt"), Goto("tag")),
    Match(r"", Token(TEXT), Goto("tag")),
];

const COMMENT: &[Rule] = &[
    Match(r"[^-]+", Token("c"), Stay),
    Match(r"-->", Token("c"), Pop),
    Match(r"-", Token("c"), Stay),
];

const TAG: &[Rule] = &[
    Match(r"(?m)\s+", Token(TEXT), Stay),
    Match(
        r"(?m)[\p{L}:_\[\]()*.-][\p{Word}\p{Cf}:.·\[\]()*-]*\s*=\s*",
        Token("na"),
        Push("attr"),
    ),
    Match(r"[\p{L}:_*#-][\p{Word}\p{Cf}:.·*#-]*", Token("na"), Stay),
    Match(r"(?m)/?\s*>", Token("nt"), Pop),
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
    Match(r"[^<]+", Call(javascript_text), Stay),
    Match(r"(?m)<\s*/\s*script\s*>", Token("nt"), Pop),
    Match(r"<", Call(javascript_text), Stay),
];

const STYLE_CONTENT: &[Rule] = &[
    Match(r"[^<]+", Call(css_text), Stay),
    Match(r"(?m)<\s*/\s*style\s*>", Token("nt"), Pop),
    Match(r"<", Call(css_text), Stay),
];

/// `<script`: its attributes, then JavaScript from a fresh run.
fn script(lexing: &mut Lexing, matched: &Matched) {
    open_embedding(lexing, matched, &javascript::JAVASCRIPT, "script_content");
}

/// `<style`: its attributes, then CSS from a fresh run.
fn style(lexing: &mut Lexing, matched: &Matched) {
    open_embedding(lexing, matched, &css::CSS, "style_content");
}

/// The start of an element whose `content` is in another language, which `lexer` lexes
/// from its start (after the tag's attributes).
fn open_embedding(
    lexing: &mut Lexing,
    matched: &Matched,
    lexer: &'static LexerSpec,
    content: &str,
) {
    lexing.token("nt", matched.text);
    lexing.restart_kept(lexer);
    lexing.push(content);
    lexing.push("tag");
}

/// Script text, lexed by the element's JavaScript run.
fn javascript_text(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_kept(&javascript::JAVASCRIPT, 0, matched.text);
}

/// Style text, lexed by the element's CSS run.
fn css_text(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_kept(&css::CSS, 0, matched.text);
}
