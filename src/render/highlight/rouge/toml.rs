//! TOML as Rouge's TOML lexer splits it: a key is any run of non-space characters
//! before `=`, so a value's own `key=value` text (`"target-cpu=native"` in an array) is
//! split there too, and what no rule matches is an error token, as in Rouge.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The TOML lexer.
pub(in crate::render::highlight) static TOML: LexerSpec = LexerSpec {
    names: &["toml"],
    states: &[
        ("root", ROOT),
        ("basic", BASIC),
        ("value", VALUE),
        ("content", CONTENT),
        ("dq", DOUBLE_QUOTED),
        ("mdq", MULTILINE_DOUBLE_QUOTED),
        ("sq", SINGLE_QUOTED),
        ("msq", MULTILINE_SINGLE_QUOTED),
        ("esc_str", ESCAPE),
        ("array", ARRAY),
        ("inline", INLINE_TABLE),
    ],
    start: &["root"],
    session_of: None,
};

/// A bare or quoted key.
macro_rules! key {
    () => {
        r#"(?:\S+|"[^"]+"|'[^']+')"#
    };
}

const BASIC: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"#.*?$", Token("c"), Stay),
    Match(r"(true|false)", Token("kc"), Stay),
    Match(
        concat!("(", key!(), r")(\s*)(=)(\s*)(\{)"),
        Groups(&["nn", TEXT, "o", TEXT, "p"]),
        Push("inline"),
    ),
    Match(r"(?<!=)\s*\[[\S]+\]", Token("nn"), Stay),
    Match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", Token("ld"), Stay),
    Match(
        r"[+-]?\d+(?:_\d+)*\.\d+(?:_\d+)*(?:[eE][+-]?\d+(?:_\d+)*)?",
        Token("mf"),
        Stay,
    ),
    Match(r"[+-]?\d+(?:_\d+)*[eE][+-]?\d+(?:_\d+)*", Token("mf"), Stay),
    Match(r"[+-]?(?:nan|inf)", Token("mf"), Stay),
    Match(r"0x\h+(?:_\h+)*", Token("mh"), Stay),
    Match(r"0o[0-7]+(?:_[0-7]+)*", Token("mo"), Stay),
    Match(r"0b[01]+(?:_[01]+)*", Token("mb"), Stay),
    Match(r"[+-]?\d+(?:_\d+)*", Token("mi"), Stay),
];

const ROOT: &[Rule] = &[
    Mixin("basic"),
    Match(
        concat!("(", key!(), r")(\s*)(=)"),
        Groups(&["py", TEXT, "p"]),
        Push("value"),
    ),
];

const VALUE: &[Rule] = &[Match(r"\n", Token(TEXT), Pop), Mixin("content")];

const CONTENT: &[Rule] = &[
    Mixin("basic"),
    Match(
        concat!("(", key!(), r")(\s*)(=)"),
        Groups(&["py", TEXT, "p"]),
        Stay,
    ),
    Match(r#"""""#, Token("s"), Push("mdq")),
    Match(r#"""#, Token("s"), Push("dq")),
    Match(r"'''", Token("s"), Push("msq")),
    Match(r"'", Token("s"), Push("sq")),
    Mixin("esc_str"),
    Match(r",", Token("p"), Stay),
    Match(r"\[", Token("p"), Push("array")),
];

const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Match(r"\n", Token("err"), Pop),
    Mixin("esc_str"),
    Match(r#"[^\\"\n]+"#, Token("s"), Stay),
];

const MULTILINE_DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"""""#, Token("s"), Pop),
    Mixin("esc_str"),
    Match(r#"[^\\"]+"#, Token("s"), Stay),
    Match(r#""+"#, Token("s"), Stay),
];

const SINGLE_QUOTED: &[Rule] = &[
    Match(r"'", Token("s"), Pop),
    Match(r"\n", Token("err"), Pop),
    Match(r"[^'\n]+", Token("s"), Stay),
];

const MULTILINE_SINGLE_QUOTED: &[Rule] = &[
    Match(r"'''", Token("s"), Pop),
    Match(r"[^']+", Token("s"), Stay),
    Match(r"'+", Token("s"), Stay),
];

const ESCAPE: &[Rule] = &[Match(r#"\\[0t\tn\n "\\r]"#, Token("se"), Stay)];

const ARRAY: &[Rule] = &[Mixin("content"), Match(r"\]", Token("p"), Pop)];

const INLINE_TABLE: &[Rule] = &[Mixin("content"), Match(r"\}", Token("p"), Pop)];
