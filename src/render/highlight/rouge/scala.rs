//! Scala as Rouge's Scala lexer splits it: keywords `k`; after `class`, `trait` or
//! `object` the name is `nc`, after `def` `nf` and after `val` `nv`; a name followed by
//! `.` is `nv` and the member after it `py`; a capitalised name `nc`, a name before `(`
//! `nf`; after `:` (and in `[...]`) a type is `kt`; punctuation and operators `o`.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The Scala lexer.
pub(in crate::render::highlight) static SCALA: LexerSpec = LexerSpec {
    names: &["scala"],
    states: &[
        ("root", ROOT),
        ("class", CLASS),
        ("type", TYPE),
        ("typeparam", TYPE_PARAMETER),
        ("comment", COMMENT),
        ("import", IMPORT),
    ],
    start: &["root"],
    session_of: None,
};

/// A letter of a name.
macro_rules! letter {
    () => {
        r"[\p{L}$_]"
    };
}

/// An operator character: printable ASCII or a maths or other symbol, but no blank,
/// letter, digit, bracket or delimiter.
macro_rules! op {
    () => {
        r#"(?:(?!\p{Space}|[\p{L}$_]|[0-9]|[(){}\[\]]|[‘’".;,])[\u0020-\u007F\p{Sm}\p{So}])"#
    };
}

/// A name: letters and digits, then operator characters after an underscore.
macro_rules! idrest {
    () => {
        concat!(
            "(?:",
            letter!(),
            "(?:",
            letter!(),
            "|[0-9])*(?:(?<=_)",
            op!(),
            "+)?)"
        )
    };
}

/// A name, an operator or a back-quoted name.
macro_rules! name_or_operator {
    () => {
        concat!(idrest!(), "|", op!(), "+|`[^`]+`")
    };
}

/// A piece of a type's path (Rouge's pattern misses a `|` before the back-quoted form).
macro_rules! typechunk {
    () => {
        concat!("(?:", idrest!(), "|", op!(), "+`[^`]+`)")
    };
}

const ROOT: &[Rule] = &[
    Match(
        r"(class|trait|object)(\s+)",
        Groups(&["k", TEXT]),
        Push("class"),
    ),
    Match(concat!("'", idrest!(), "(?!')"), Token("ss"), Stay),
    Match(r"[^\S\n]+", Token(TEXT), Stay),
    Match(r"//.*", Token("c1"), Stay),
    Match(r"/\*", Token("cm"), Push("comment")),
    Match(concat!("@", idrest!()), Token("nd"), Stay),
    Match(
        concat!(r"(def)(\s+)(", name_or_operator!(), r")(\s*)"),
        Groups(&["k", TEXT, "nf", TEXT]),
        Stay,
    ),
    Match(
        concat!(r"(val)(\s+)(", name_or_operator!(), r")(\s*)"),
        Groups(&["k", TEXT, "nv", TEXT]),
        Stay,
    ),
    Match(
        concat!(r"(this)(\n*)(\.)(", idrest!(), ")"),
        Groups(&["k", TEXT, "o", "py"]),
        Stay,
    ),
    Match(
        concat!("(", idrest!(), r"|_)(\n*)(\.)(", idrest!(), ")"),
        Groups(&["nv", TEXT, "o", "py"]),
        Stay,
    ),
    Match(concat!(r"[\p{Lu}$_]", idrest!(), r"\b"), Token("nc"), Stay),
    Match(
        concat!("(", idrest!(), r")(\p{Space}*)(\()"),
        Groups(&["nf", TEXT, "o"]),
        Stay,
    ),
    Match(
        concat!(r"(\.)(", idrest!(), ")"),
        Groups(&["o", "py"]),
        Stay,
    ),
    Match(
        concat!(
            r"(abstract|case|catch|def|do|else|extends|final|finally|for|forSome",
            r"|if|implicit|lazy|match|new|override|private|protected|requires|return",
            r"|sealed|super|this|throw|try|val|var|while|with|yield)\b",
            r"|(<[%:-]|=>|>:|[#=@_\u21D2\u2190])(\b|(?=\s)|$)"
        ),
        Token("k"),
        Stay,
    ),
    Match(concat!(":(?!", op!(), ")"), Token("k"), Push("type")),
    Match(r"(true|false|null)\b", Token("kc"), Stay),
    Match(
        r"(import|package)(\s+)",
        Groups(&["k", TEXT]),
        Push("import"),
    ),
    Match(r"(type)(\s+)", Groups(&["k", TEXT]), Push("type")),
    Match(r#"(?m:""".*?"""(?!"))"#, Token("s"), Stay),
    Match(r#""(\\\\|\\"|[^"])*""#, Token("s"), Stay),
    Match(r"'\\.'|'[^\\]'|'\\u[0-9a-fA-F]{4}'", Token("sc"), Stay),
    Match(idrest!(), Token("n"), Stay),
    Match(r"`[^`]+`", Token("n"), Stay),
    Match(r"\[", Token("o"), Push("typeparam")),
    Match(r"[\(\)\{\};,.#]", Token("o"), Stay),
    Match(concat!(op!(), "+"), Token("o"), Stay),
    Match(
        r"([0-9][0-9]*\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?",
        Token("mf"),
        Stay,
    ),
    Match(r"([0-9][0-9]*[fFdD])", Token("mf"), Stay),
    Match(r"0x[0-9a-fA-F]+", Token("mh"), Stay),
    Match(r"[0-9]+L?", Token("mi"), Stay),
    Match(r"\n", Token(TEXT), Stay),
];

const CLASS: &[Rule] = &[
    Match(
        concat!("(", name_or_operator!(), r")(\s*)(\[)"),
        Groups(&["nc", TEXT, "o"]),
        Push("typeparam"),
    ),
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\{", Token("o"), Pop),
    Match(r"\(", Token("o"), Pop),
    Match(r"//.*", Token("c1"), Pop),
    Match(name_or_operator!(), Token("nc"), Pop),
];

const TYPE: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"<[%:]|>:|[#_\u21D2]|forSome|type", Token("k"), Stay),
    Match(r"([,\);}]|=>|=)(\s*)", Groups(&["o", TEXT]), Pop),
    Match(r"[\(\{]", Token("o"), Push("type")),
    Match(
        concat!("(", typechunk!(), r"(?:\.", typechunk!(), r")*)(\s*)(\[)"),
        Groups(&["kt", TEXT, "o"]),
        Goto("typeparam"),
    ),
    Match(
        concat!("(", typechunk!(), r"(?:\.", typechunk!(), r")*)(\s*)$"),
        Groups(&["kt", TEXT]),
        Pop,
    ),
    Match(r"//.*", Token("c1"), Pop),
    Match(concat!(r"\.|", name_or_operator!()), Token("kt"), Stay),
];

const TYPE_PARAMETER: &[Rule] = &[
    Match(r"[\s,]+", Token(TEXT), Stay),
    Match(r"<[%:]|=>|>:|[#_\u21D2]|forSome|type", Token("k"), Stay),
    Match(r"([\]\)\}])", Token("o"), Pop),
    Match(r"[\(\[\{]", Token("o"), Push("typeparam")),
    Match(concat!(r"\.|", name_or_operator!()), Token("kt"), Stay),
];

const COMMENT: &[Rule] = &[
    Match(r"[^/\*]+", Token("cm"), Stay),
    Match(r"/\*", Token("cm"), Push("comment")),
    Match(r"\*/", Token("cm"), Pop),
    Match(r"[*/]", Token("cm"), Stay),
];

const IMPORT: &[Rule] = &[Match(concat!("(", idrest!(), r"|\.)+"), Token("nn"), Pop)];
