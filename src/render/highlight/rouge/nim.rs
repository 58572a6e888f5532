//! Nim as Rouge's Nim lexer (a port of Pygments') splits it: a keyword or type may be
//! written with underscores between its letters, `proc ` takes its space and makes the
//! next name a function, `name"..."` is one raw string, and an identifier may not start or
//! end with `_`, so what no rule matches (`_ = f(x)`) is an error token up to the end of
//! the line, as in Rouge.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Nim lexer.
pub(in crate::render::highlight) static NIM: LexerSpec = LexerSpec {
    names: &["nim", "nimrod"],
    states: &[
        ("root", ROOT),
        ("chars", CHARACTER),
        ("strings", STRING_TEXT),
        ("dqs", DOUBLE_QUOTED),
        ("rdqs", RAW_DOUBLE_QUOTED),
        ("tdqs", TRIPLE_QUOTED),
        ("funcname", FUNCTION_NAME),
        ("nl", NEWLINE),
        ("floatnumber", FLOAT),
        ("floatsuffix", FLOAT_SUFFIX),
        ("intsuffix", INTEGER_SUFFIX),
    ],
    start: &["root"],
    session_of: None,
};

const KEYWORDS: &[&str] = &[
    "addr",
    "as",
    "asm",
    "atomic",
    "bind",
    "block",
    "break",
    "case",
    "cast",
    "const",
    "continue",
    "converter",
    "defer",
    "discard",
    "distinct",
    "do",
    "elif",
    "else",
    "end",
    "enum",
    "except",
    "export",
    "func",
    "finally",
    "for",
    "from",
    "generic",
    "if",
    "import",
    "include",
    "interface",
    "iterator",
    "let",
    "macro",
    "method",
    "mixin",
    "nil",
    "object",
    "of",
    "out",
    "proc",
    "ptr",
    "raise",
    "ref",
    "return",
    "static",
    "template",
    "try",
    "tuple",
    "type",
    "using",
    "var",
    "when",
    "while",
    "with",
    "without",
    "yield",
];

const OPERATOR_WORDS: &[&str] = &[
    "and", "or", "not", "xor", "shl", "shr", "div", "mod", "in", "notin", "is", "isnot",
];

const PSEUDO_KEYWORDS: &[&str] = &["nil", "true", "false"];

const TYPES: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "float", "float32", "float64", "bool", "char",
    "range", "array", "seq", "set", "string",
];

const NAMESPACE_WORDS: &[&str] = &["from", "import", "include"];

/// `words` as alternatives, each letter optionally followed by `_` (Nim ignores
/// underscores in identifiers), ending at a word boundary.
fn underscored(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|word| word.chars().map(|c| format!("{c}_?")).collect())
        .collect();
    format!(r"({})\b", alternatives.join("|"))
}

const ROOT: &[Rule] = &[
    Match(r"##.*$", Token("sd"), Stay),
    Match(r"#.*$", Token("c"), Stay),
    Match(
        r"\*|=|>|<|\+|-|\/|@|\$|~|&|%|\!|\?|\||\\|\[|\]",
        Token("o"),
        Stay,
    ),
    Match(
        r"\.\.|\.|,|\[\.|\.\]|{\.|\.}|\(\.|\.\)|{|}|\(|\)|:|\^|`|;",
        Token("p"),
        Stay,
    ),
    Match(r#"(?:\w+)""#, Token("s"), Push("rdqs")),
    Match(r#"""""#, Token("s"), Push("tdqs")),
    Match(r#"""#, Token("s"), Push("dqs")),
    Match(r"'", Token("sc"), Push("chars")),
    Built(|| underscored(OPERATOR_WORDS), Token("ow"), Stay),
    Match(
        r"(p_?r_?o_?c_?\s)(?![\(\[\]])",
        Token("k"),
        Push("funcname"),
    ),
    Built(|| underscored(KEYWORDS), Token("k"), Stay),
    Built(|| underscored(NAMESPACE_WORDS), Token("kn"), Stay),
    Match(r"(v_?a_?r)\b", Token("kd"), Stay),
    Built(|| underscored(TYPES), Token("kt"), Stay),
    Built(|| underscored(PSEUDO_KEYWORDS), Token("kp"), Stay),
    Match(r"\b((?![_\d])\w)(((?!_)\w)|(_(?!_)\w))*", Token("n"), Stay),
    Match(
        r"[0-9][0-9_]*(?=([eE.]|'?[fF](32|64)))",
        Call(float_start),
        Stay,
    ),
    Match(
        r"0[xX][a-fA-F0-9][a-fA-F0-9_]*",
        Token("mh"),
        Push("intsuffix"),
    ),
    Match(r"0[bB][01][01_]*", Token("m"), Push("intsuffix")),
    Match(r"0o[0-7][0-7_]*", Token("mo"), Push("intsuffix")),
    Match(r"[0-9][0-9_]*", Token("mi"), Push("intsuffix")),
    Match(r"\s+", Token(TEXT), Stay),
    Match(r".+$", Token("err"), Stay),
];

const CHARACTER: &[Rule] = &[
    Match(
        r#"\\([\\abcefnrtvl"\']|x[a-fA-F0-9]{2}|[0-9]{1,3})"#,
        Token("se"),
        Stay,
    ),
    Match(r"'", Token("sc"), Pop),
    Match(r".", Token("sc"), Stay),
];

const STRING_TEXT: &[Rule] = &[
    Match(r"(?<!\$)\$(\d+|#|\w+)+", Token("si"), Stay),
    Match(r#"[^\\\'"\$\n]+"#, Token("s"), Stay),
    Match(r#"[\'"\\]"#, Token("s"), Stay),
    Match(r"\$", Token("s"), Stay),
];

const DOUBLE_QUOTED: &[Rule] = &[
    Match(
        r#"\\([\\abcefnrtvl"\']|\n|x[a-fA-F0-9]{2}|[0-9]{1,3})"#,
        Token("se"),
        Stay,
    ),
    Match(r#"""#, Token("s"), Pop),
    Mixin("strings"),
];

const RAW_DOUBLE_QUOTED: &[Rule] = &[
    Match(r#""(?!")"#, Token("s"), Pop),
    Match(r#"""#, Token("se"), Pop),
    Mixin("strings"),
];

const TRIPLE_QUOTED: &[Rule] = &[
    Match(r#""""(?!")"#, Token("s"), Pop),
    Mixin("strings"),
    Mixin("nl"),
];

const FUNCTION_NAME: &[Rule] = &[
    Match(r"((?![\d_])\w)(((?!_)\w)|(_(?!_)\w))*", Token("nf"), Pop),
    Match(r"`.+`", Token("nf"), Pop),
];

const NEWLINE: &[Rule] = &[Match(r"\n", Token("s"), Stay)];

const FLOAT: &[Rule] = &[
    Match(r"\.(?!\.)[0-9_]*", Token("mf"), Stay),
    Match(r"[eE][+-]?[0-9][0-9_]*", Token("mf"), Stay),
    Match("", Token(TEXT), Pop),
];

const FLOAT_SUFFIX: &[Rule] = &[
    Match(r"'?[fF](32|64)", Token("mf"), Stay),
    Match("", Token(TEXT), Pop),
];

const INTEGER_SUFFIX: &[Rule] = &[
    Match(r"'?[iI](32|64)", Token("il"), Stay),
    Match(r"'?[iI](8|16)", Token("mi"), Stay),
    Match(r"'?[uU]", Token("mi"), Stay),
    Match("", Token(TEXT), Pop),
];

/// The integer part of a float: its fraction, exponent and suffix follow.
fn float_start(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    lexing.push("floatsuffix");
    lexing.push("floatnumber");
    lexing.token("mf", text);
}
