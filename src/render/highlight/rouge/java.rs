//! Java as Rouge's Java lexer splits it: keywords `k`, declarations (`public`,
//! `static`) `kd`, primitive types `kt`; a method's name is `nf` where its return type
//! and name come before `(` (the words before it lexed again, as Rouge delegates them);
//! `.member` is `o` then `na`; capitalised names `nc`, all-capital ones `no`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Java lexer.
pub(in crate::render::highlight) static JAVA: LexerSpec = LexerSpec {
    names: &["java"],
    states: &[("root", ROOT), ("class", CLASS), ("import", IMPORT)],
    start: &["root"],
    session_of: None,
};

/// An identifier.
macro_rules! id {
    () => {
        r"[[:alpha:]_][[:word:]]*"
    };
}

/// A decimal digit, or two with underscores between them.
macro_rules! digit {
    () => {
        r"(?:[0-9]_+[0-9]|[0-9])"
    };
}

const ROOT: &[Rule] = &[
    Match(r"[^\S\n]+", Token(TEXT), Stay),
    Match(r"//.*?$", Token("c1"), Stay),
    Match(r"(?m:/\*.*?\*/)", Token("cm"), Stay),
    Match(
        concat!(
            r"(?:assert|break|case|catch|continue|default|do|else|finally|for",
            r"|if|goto|instanceof|new|return|switch|this|throw|try|while)\b"
        ),
        Token("k"),
        Stay,
    ),
    Match(
        r"(?m:(\s*(?:[a-zA-Z_][a-zA-Z0-9_.\[\]<>]*\s+)+?)([a-zA-Z_][a-zA-Z0-9_]*)(\s*)(\())",
        Call(method),
        Stay,
    ),
    Match(concat!("@", id!()), Token("nd"), Stay),
    Match(
        concat!(
            r"(?:abstract|const|enum|extends|final|implements|native|private|protected",
            r"|public|static|strictfp|super|synchronized|throws|transient|volatile)\b"
        ),
        Token("kd"),
        Stay,
    ),
    Match(
        r"(?:boolean|byte|char|double|float|int|long|short|var|void)\b",
        Token("kt"),
        Stay,
    ),
    Match(r"(?:true|false|null)\b", Token("kc"), Stay),
    Match(r"(?:class|interface)\b", Token("kd"), Push("class")),
    Match(r"(?:import|package)\b", Token("kn"), Push("import")),
    Match(r#""(\\\\|\\"|[^"])*""#, Token("s"), Stay),
    Match(r"'(?:\\.|[^\\]|\\u[0-9a-f]{4})'", Token("sc"), Stay),
    Match(concat!(r"(\.)(", id!(), ")"), Groups(&["o", "na"]), Stay),
    Match(concat!(id!(), ":"), Token("nl"), Stay),
    Match(r"[[:upper:]][[:upper:][:digit:]_]*\b", Token("no"), Stay),
    Match(r"[[:upper:]][[:alnum:]]*\b", Token("nc"), Stay),
    Match(concat!(r"\$?", id!()), Token("n"), Stay),
    Match(r"[~^*!%&\[\](){}<>\|+=:;,./?-]", Token("o"), Stay),
    Match(
        concat!(digit!(), r"+\.", digit!(), r"+([eE]", digit!(), r"+)?[fd]?"),
        Token("mf"),
        Stay,
    ),
    Match(r"(?i:0b(?:[01]_+[01]|[01])+)", Token("mb"), Stay),
    Match(
        r"(?i:0x(?:[0-9a-f]_+[0-9a-f]|[0-9a-f])+)",
        Token("mh"),
        Stay,
    ),
    Match(r"0(?:[0-7]_+[0-7]|[0-7])+", Token("mo"), Stay),
    Match(concat!(digit!(), "+L?"), Token("mi"), Stay),
    Match(r"\n", Token(TEXT), Stay),
];

/// A method's signature up to `(`: the words before its name lexed afresh, the name
/// `nf`.
fn method(lexing: &mut Lexing, matched: &Matched) {
    if let Some((offset, before)) = matched.group(1) {
        lexing.delegate_fresh(&JAVA, offset, before);
    }
    for (group, class) in [(2, "nf"), (3, TEXT), (4, "o")] {
        if let Some((offset, text)) = matched.group(group) {
            lexing.token_at(class, offset, text);
        }
    }
}

const CLASS: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(id!(), Token("nc"), Pop),
];

const IMPORT: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(r"(?i:[a-z0-9_.]+\*?)", Token("nn"), Pop),
];
