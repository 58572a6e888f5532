//! JSON as Rouge's JSON lexer splits it: a key with its quotes is `nl` up to its `:`,
//! blanks are `w`, a string value is `s2` with escapes `se`, and `true`/`false`/`null`
//! are `kc` even inside a word.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*};

/// The JSON lexer.
pub(in crate::render::highlight) static JSON: LexerSpec = LexerSpec {
    names: &["json"],
    states: &[
        ("whitespace", WHITESPACE),
        ("root", ROOT),
        ("object", OBJECT),
        ("name", NAME),
        ("value", VALUE),
        ("string", STRING),
        ("array", ARRAY),
        ("constants", CONSTANTS),
    ],
    start: &["root"],
    session_of: None,
};

const WHITESPACE: &[Rule] = &[Match(r"\s+", Token("w"), Stay)];

const ROOT: &[Rule] = &[
    Mixin("whitespace"),
    Match(r"\{", Token("p"), Push("object")),
    Match(r"\[", Token("p"), Push("array")),
    Mixin("name"),
    Mixin("value"),
    Match(r"[\]}]", Token("p"), Stay),
];

const OBJECT: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("name"),
    Mixin("value"),
    Match(r"\}", Token("p"), Pop),
    Match(r",", Token("p"), Stay),
];

const NAME: &[Rule] = &[Match(
    r#"("(?:\\.|[^"\\\n])*?")(\s*)(:)"#,
    Groups(&["nl", "w", "p"]),
    Stay,
)];

const VALUE: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("constants"),
    Match(r#"""#, Token("s2"), Push("string")),
    Match(r"\[", Token("p"), Push("array")),
    Match(r"\{", Token("p"), Push("object")),
];

const STRING: &[Rule] = &[
    Match(r#"[^\\"]+"#, Token("s2"), Stay),
    Match(r"\\.", Token("se"), Stay),
    Match(r#"""#, Token("s2"), Pop),
];

const ARRAY: &[Rule] = &[
    Mixin("value"),
    Match(r"\]", Token("p"), Pop),
    Match(r",", Token("p"), Stay),
];

const CONSTANTS: &[Rule] = &[
    Match(r"(?:true|false|null)", Token("kc"), Stay),
    Match(
        r"(?i)-?(?:0|[1-9]\d*)\.\d+(?:e[+-]?\d+)?",
        Token("mf"),
        Stay,
    ),
    Match(r"(?i)-?(?:0|[1-9]\d*)(?:e[+-]?\d+)?", Token("mi"), Stay),
];
