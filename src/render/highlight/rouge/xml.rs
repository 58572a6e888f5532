//! XML as Rouge's XML lexer splits it: a tag's `<` and name are `nt` (with `>` or `/>`),
//! an attribute's name with its `=` `na` and its value `s`, entities `ni`, comments `c`,
//! declarations and processing instructions `cp`.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The XML lexer.
pub(in crate::render::highlight) static XML: LexerSpec = LexerSpec {
    names: &["xml"],
    states: &[
        ("root", ROOT),
        ("comment", COMMENT),
        ("tag", TAG),
        ("attr", ATTRIBUTE),
    ],
    start: &["root"],
    session_of: None,
};

/// A name (of a tag or an attribute).
macro_rules! name {
    () => {
        r"[\p{L}:_][\p{Word}\p{Cf}:.·-]*"
    };
}

const ROOT: &[Rule] = &[
    Match(r"[^<&]+", Token(TEXT), Stay),
    Match(r"&\S*?;", Token("ni"), Stay),
    Match(r"<!\[CDATA\[.*?\]\]\>", Token("cp"), Stay),
    Match(r"<!--", Token("c"), Push("comment")),
    Match(r"<\?.*?\?>", Token("cp"), Stay),
    Match(r"<![^>]*>", Token("cp"), Stay),
    Match(concat!(r"(?m:<\s*", name!(), ")"), Token("nt"), Push("tag")),
    Match(
        concat!(r"(?m:<\s*/\s*", name!(), r"\s*>)"),
        Token("nt"),
        Stay,
    ),
];

const COMMENT: &[Rule] = &[
    Match(r"(?m:[^-]+)", Token("c"), Stay),
    Match(r"-->", Token("c"), Pop),
    Match(r"-", Token("c"), Stay),
];

const TAG: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(
        concat!(r"(?m:", name!(), r"\s*=)"),
        Token("na"),
        Push("attr"),
    ),
    Match(r"/?\s*>", Token("nt"), Pop),
];

const ATTRIBUTE: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(r#"(?m:".*?"|'.*?'|[^\s>]+)"#, Token("s"), Pop),
];
