//! Go as Rouge's Go lexer splits it: every number is `m`, every comment `c`, strings are
//! `s` (a raw string in backticks is one token, across lines), predeclared types are
//! `kt`, builtin functions `nb`, `true`/`false`/`iota`/`nil` `no`, and operators are
//! taken from Rouge's ordered list (so `/=` is two tokens).

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The Go lexer.
pub(in crate::render::highlight) static GO: LexerSpec = LexerSpec {
    names: &["go", "golang"],
    states: &[
        ("simple_tokens", SIMPLE_TOKENS),
        ("root", ROOT),
        ("interpreted_string", INTERPRETED_STRING),
        ("raw_string", RAW_STRING),
    ],
    start: &["root"],
    session_of: None,
};

macro_rules! keyword {
    () => {
        r"\b(?:break|default|func|interface|select|case|defer|go|map|struct|chan|else|goto|package|switch|const|fallthrough|if|range|type|continue|for|import|return|var)\b"
    };
}

macro_rules! letter {
    () => {
        r"(?:[[:alpha:]]|_)"
    };
}

macro_rules! float {
    () => {
        r"(?:[0-9]+\.(?:[0-9]+)?(?:[eE][+\-]?[0-9]+)?|[0-9]+[eE][+\-]?[0-9]+|\.[0-9]+(?:[eE][+\-]?[0-9]+)?)"
    };
}

/// A character or an escape inside a character or string literal.
macro_rules! unicode_value {
    () => {
        r#"(?:[^\n]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\[abfnrtv\\'"])"#
    };
}

macro_rules! byte_value {
    () => {
        r"(?:\\[0-7]{3}|\\x[0-9A-Fa-f]{2})"
    };
}

const SIMPLE_TOKENS: &[Rule] = &[
    Match(r"(?m://(?:(?!\n).)*|/\*(?:(?!\*/).)*\*/)", Token("c"), Stay),
    Match(keyword!(), Token("k"), Stay),
    Match(
        r"\b(?:bool|byte|complex64|complex128|error|float32|float64|int8|int16|int32|int64|int|rune|string|uint8|uint16|uint32|uint64|uintptr|uint)\b",
        Token("kt"),
        Stay,
    ),
    Match(
        r"\b(?:append|cap|close|complex|copy|delete|imag|len|make|new|panic|print|println|real|recover)\b",
        Token("nb"),
        Stay,
    ),
    Match(r"\b(?:true|false|iota|nil)\b", Token("no"), Stay),
    Match(concat!(r"(?:[0-9]+|", float!(), ")i"), Token("m"), Stay),
    Match(float!(), Token("m"), Stay),
    Match(r"0[xX][0-9A-Fa-f]+|[0-9][0-9]*|0[0-7]*", Token("m"), Stay),
    Match(
        concat!("'(?:", unicode_value!(), "|", byte_value!(), ")'"),
        Token("sc"),
        Stay,
    ),
    Match(
        r"\+=|\+\+|\+|&\^=|&\^|&=|&&|&|==|=|!=|!|-=|--|-|\|=|\|\||\||<=|<-|<<=|<<|<|\*=|\*|\^=|\^|>>=|>>|>=|>|/|/=|:=|%|%=|\.\.\.|\.|:",
        Token("o"),
        Stay,
    ),
    Match(r"\(|\)|\[|\]|\{|\}|,|;", Token("p"), Stay),
    Match(
        concat!(
            "(?!",
            keyword!(),
            ")",
            letter!(),
            "(?:",
            letter!(),
            "|[[:digit:]])*"
        ),
        Token("n"),
        Stay,
    ),
    Match(r"\s+", Token(TEXT), Stay),
];

const ROOT: &[Rule] = &[
    Mixin("simple_tokens"),
    Match(r"`", Token("s"), Push("raw_string")),
    Match(r#"""#, Token("s"), Push("interpreted_string")),
];

const INTERPRETED_STRING: &[Rule] = &[
    Match(
        r#"\\[abfnrtv\\'"]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\x[0-9A-Fa-f]{2}"#,
        Token("se"),
        Stay,
    ),
    Match(r"\\.", Token("err"), Stay),
    Match(r#"""#, Token("s"), Pop),
    Match(r#"[^"\\]+"#, Token("s"), Stay),
];

const RAW_STRING: &[Rule] = &[
    Match(r"`", Token("s"), Pop),
    Match(r"(?m)[^`]+", Token("s"), Stay),
];
