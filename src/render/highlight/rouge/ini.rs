//! INI as Rouge's INI lexer splits it: `[section]` is `nn`, a key before `=` `py`, the
//! rest of its line a string `s` (quoted parts and escapes as Rouge has them), `;` and
//! `#` comments `c` with their line end.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The INI lexer.
pub(in crate::render::highlight) static INI: LexerSpec = LexerSpec {
    names: &["ini"],
    states: &[
        ("basic", BASIC),
        ("root", ROOT),
        ("value", VALUE),
        ("dq", DOUBLE_QUOTED),
        ("esc_str", ESCAPED),
    ],
    start: &["root"],
    session_of: None,
};

const BASIC: &[Rule] = &[
    Match(r"[;#].*?\n", Token("c"), Stay),
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\\\n", Token("se"), Stay),
];

const ROOT: &[Rule] = &[
    Mixin("basic"),
    Match(
        r"([\w\-.]+)(\s*)(=)",
        Groups(&["py", TEXT, "p"]),
        Push("value"),
    ),
    Match(r"\[.*?\]", Token("nn"), Stay),
];

const VALUE: &[Rule] = &[
    Match(r"\n", Token(TEXT), Pop),
    Mixin("basic"),
    Match(r#"""#, Token("s"), Push("dq")),
    Match(r"'.*?'", Token("s"), Stay),
    Mixin("esc_str"),
    Match(r"[^\\\n]+", Token("s"), Stay),
];

const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Mixin("esc_str"),
    Match(r#"(?m:[^\\"]+)"#, Token("s"), Stay),
];

const ESCAPED: &[Rule] = &[Match(r"(?m:\\.)", Token("se"), Stay)];
