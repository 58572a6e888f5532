//! R as Rouge's R lexer splits it: `#'` comments are `cd`, other comments `c1`; a name
//! in backticks is `n`; strings may span lines; `%op%` is one operator; a sign before a
//! number is part of it (`x-1` is `x` then `-1`); a primitive of `base` is `nf` only
//! when `(` follows; keywords `k`, `NULL`/`TRUE`/`NA…` `kc`, `pi`/`letters`/`T` `nb`.

use super::words::listed;
use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*};

/// The R lexer.
pub(in crate::render::highlight) static R: LexerSpec = LexerSpec {
    names: &["r", "R", "s", "S"],
    states: &[("root", ROOT)],
    start: &["root"],
    session_of: None,
};

const KEYWORDS: &str = "if else for while repeat in next break function";

const KEYWORD_CONSTANTS: &str =
    "NULL Inf TRUE FALSE NaN NA NA_integer_ NA_real_ NA_complex_ NA_character_";

const BUILTIN_CONSTANTS: &str = "LETTERS letters month.abb month.name pi T F";

/// The functions of `base` that are `.Primitive`, but keywords, in Rouge's order (its
/// pattern joins them unescaped, so each `.` matches any character).
const PRIMITIVE_FUNCTIONS: &str = "
    abs acos acosh all any anyNA Arg as.call as.character
    as.complex as.double as.environment as.integer as.logical
    as.null.default as.numeric as.raw asin asinh atan atanh attr
    attributes baseenv browser c call ceiling class Conj cos cosh
    cospi cummax cummin cumprod cumsum digamma dim dimnames
    emptyenv exp expression floor forceAndCall gamma gc.time
    globalenv Im interactive invisible is.array is.atomic is.call
    is.character is.complex is.double is.environment is.expression
    is.finite is.function is.infinite is.integer is.language
    is.list is.logical is.matrix is.na is.name is.nan is.null
    is.numeric is.object is.pairlist is.raw is.recursive is.single
    is.symbol lazyLoadDBfetch length lgamma list log max min
    missing Mod names nargs nzchar oldClass on.exit pos.to.env
    proc.time prod quote range Re rep retracemem return round
    seq_along seq_len seq.int sign signif sin sinh sinpi sqrt
    standardGeneric substitute sum switch tan tanh tanpi tracemem
    trigamma trunc unclass untracemem UseMethod xtfrm";

/// A primitive called: its name right before `(`.
fn primitive_call() -> String {
    let names: Vec<&str> = PRIMITIVE_FUNCTIONS.split_whitespace().collect();
    format!(r"\b(?<!.)(?:{})(?=\()", names.join("|"))
}

const ROOT: &[Rule] = &[
    Match(r"#'.*?$", Token("cd"), Stay),
    Match(r"#.*?$", Token("c1"), Stay),
    Match(r"\s+", Token("w"), Stay),
    Match(r"`[^`]+?`", Token("n"), Stay),
    Match(r"(?m:'(\\.|.)*?')", Token("s1"), Stay),
    Match(r#"(?m:"(\\.|.)*?")"#, Token("s2"), Stay),
    Match(r"%[^%]*?%", Token("o"), Stay),
    Match(r"0[xX][a-fA-F0-9]+([pP][0-9]+)?[Li]?", Token("mh"), Stay),
    Match(
        r"[+-]?(\d+([.]\d+)?|[.]\d+)([eE][+-]?\d+)?[Li]?",
        Token("m"),
        Stay,
    ),
    Built(primitive_call, Token("nf"), Stay),
    Match(
        r"(?:(?:[[:alpha:]]|[.][._[:alpha:]])[._[:alnum:]]*)|[.]",
        Call(name),
        Stay,
    ),
    Match(r"[\[\]{}();,]", Token("p"), Stay),
    Match(r"[-<>?*+^/!=~$@:%&|]", Token("o"), Stay),
];

/// A name: a keyword, a constant, a builtin constant or a plain name.
fn name(lexing: &mut Lexing, matched: &Matched) {
    let word = matched.text;
    let class = if listed(KEYWORDS, word) {
        "k"
    } else if listed(KEYWORD_CONSTANTS, word) {
        "kc"
    } else if listed(BUILTIN_CONSTANTS, word) {
        "nb"
    } else {
        "n"
    };
    lexing.token(class, word);
}
