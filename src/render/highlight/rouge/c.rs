//! C as Rouge's C lexer splits it: keywords `k`, type names `kt`, other identifiers
//! `n`; a function's name is `nf` where a definition or declaration starts (return
//! type, name, parameters, then `{` or `;`), and the parts around it are lexed again
//! from the start, as Rouge's `recurse` does; a preprocessor line is one `cp` run (an
//! `#include`'s file `cpf`), `#if 0` blocks are comments, and a label at the start of a
//! line is `nl`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The C lexer.
pub(in crate::render::highlight) static C: LexerSpec = LexerSpec {
    names: &["c"],
    states: &[
        ("expr_bol", EXPRESSION_LINE_START),
        ("bol", LINE_START),
        ("inline_whitespace", INLINE_WHITESPACE),
        ("whitespace", WHITESPACE),
        ("expr_whitespace", EXPRESSION_WHITESPACE),
        ("statements", STATEMENTS),
        ("case", CASE),
        ("root", ROOT),
        ("function", FUNCTION),
        ("string", STRING),
        ("macro", MACRO),
        ("include", INCLUDE),
        ("if_0", IF_0),
    ],
    start: &["root", "bol"],
    session_of: None,
};

/// Rouge's C keywords.
const KEYWORDS: &[&str] = &[
    "auto",
    "break",
    "case",
    "const",
    "continue",
    "default",
    "do",
    "else",
    "enum",
    "extern",
    "for",
    "goto",
    "if",
    "register",
    "restricted",
    "return",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "volatile",
    "virtual",
    "while",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
];

/// Rouge's C type names.
const TYPES: &[&str] = &[
    "int",
    "long",
    "float",
    "short",
    "double",
    "char",
    "unsigned",
    "signed",
    "void",
    "jmp_buf",
    "FILE",
    "DIR",
    "div_t",
    "ldiv_t",
    "mbstate_t",
    "sig_atomic_t",
    "fpos_t",
    "clock_t",
    "time_t",
    "va_list",
    "size_t",
    "ssize_t",
    "off_t",
    "wchar_t",
    "ptrdiff_t",
    "wctrans_t",
    "wint_t",
    "wctype_t",
    "_Bool",
    "_Complex",
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "uint8_t",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "int_least8_t",
    "int_least16_t",
    "int_least32_t",
    "int_least64_t",
    "uint_least8_t",
    "uint_least16_t",
    "uint_least32_t",
    "uint_least64_t",
    "int_fast8_t",
    "int_fast16_t",
    "int_fast32_t",
    "int_fast64_t",
    "uint_fast8_t",
    "uint_fast16_t",
    "uint_fast32_t",
    "uint_fast64_t",
    "intptr_t",
    "uintptr_t",
    "intmax_t",
    "uintmax_t",
    "char16_t",
    "char32_t",
];

/// Rouge's C reserved words (compiler extensions).
const RESERVED: &[&str] = &[
    "__asm",
    "__int8",
    "__based",
    "__except",
    "__int16",
    "__stdcall",
    "__cdecl",
    "__fastcall",
    "__int32",
    "__declspec",
    "__finally",
    "__int61",
    "__try",
    "__leave",
    "inline",
    "_inline",
    "__inline",
    "naked",
    "_naked",
    "__naked",
    "restrict",
    "_restrict",
    "__restrict",
    "thread",
    "_thread",
    "__thread",
    "typename",
    "_typename",
    "__typename",
];

/// An identifier.
macro_rules! id {
    () => {
        r"[a-zA-Z_][a-zA-Z0-9_]*"
    };
}

const EXPRESSION_LINE_START: &[Rule] = &[
    Mixin("inline_whitespace"),
    Match(r"#if\s0", Token("c"), Push("if_0")),
    Match(r"#", Token("cp"), Push("macro")),
    Match("", Token(TEXT), Pop),
];

const LINE_START: &[Rule] = &[
    Match(concat!(id!(), r":(?!:)"), Token("nl"), Stay),
    Mixin("expr_bol"),
];

const INLINE_WHITESPACE: &[Rule] = &[
    Match(r"[ \t\r]+", Token(TEXT), Stay),
    Match(r"\\\n", Token(TEXT), Stay),
    Match(r"(?m:/(\\\n)?[*].*?[*](\\\n)?/)", Token("cm"), Stay),
];

const WHITESPACE: &[Rule] = &[
    Match(r"\n+", Token(TEXT), Push("bol")),
    Match(r"//(\\.|.)*?$", Token("c1"), Push("bol")),
    Mixin("inline_whitespace"),
];

const EXPRESSION_WHITESPACE: &[Rule] = &[
    Match(r"\n+", Token(TEXT), Push("expr_bol")),
    Mixin("whitespace"),
];

const STATEMENTS: &[Rule] = &[
    Mixin("whitespace"),
    Match(r#"(u8|u|U|L)?""#, Token("s"), Push("string")),
    Match(
        r"(?i:(u8|u|U|L)?'(\\.|\\[0-7]{1,3}|\\x[a-f0-9]{1,2}|[^\\'\n])')",
        Token("sc"),
        Stay,
    ),
    Match(r"(?i:(\d+[.]\d*|[.]?\d+)e[+-]?\d+[lu]*)", Token("mf"), Stay),
    Match(r"(?i:\d+e[+-]?\d+[lu]*)", Token("mf"), Stay),
    Match(r"(?i:0x[0-9a-f]+[lu]*)", Token("mh"), Stay),
    Match(r"(?i:0[0-7]+[lu]*)", Token("mo"), Stay),
    Match(r"(?i:\d+[lu]*)", Token("mi"), Stay),
    Match(r"\*/", Token("err"), Stay),
    Match(r"[~!%^&*+=\|?:<>/-]", Token("o"), Stay),
    Match(r"[()\[\],.;]", Token("p"), Stay),
    Match(r"\bcase\b", Token("k"), Push("case")),
    Match(r"(?:true|false|NULL)\b", Token("nb"), Stay),
    Match(id!(), Call(identifier), Stay),
];

/// An identifier: a keyword, a type, a reserved word or a name.
fn identifier(lexing: &mut Lexing, matched: &Matched) {
    let name = matched.text;
    let class = if KEYWORDS.contains(&name) {
        "k"
    } else if TYPES.contains(&name) {
        "kt"
    } else if RESERVED.contains(&name) {
        "kr"
    } else {
        "n"
    };
    lexing.token(class, name);
}

const CASE: &[Rule] = &[Match(r":", Token("p"), Pop), Mixin("statements")];

const ROOT: &[Rule] = &[
    Mixin("expr_whitespace"),
    Match(
        concat!(
            r"([\w*\s]+?[\s*])(",
            id!(),
            r")(\s*\([^;]*?\))((?:\s|//.*?\n|/[*].*?[*]/)*)(\{|;)"
        ),
        Call(function_head),
        Stay,
    ),
    Match(r"\{", Token("p"), Push("function")),
    Mixin("statements"),
];

/// A function's head: its name `nf`, the rest lexed afresh; a body follows a `{`.
fn function_head(lexing: &mut Lexing, matched: &Matched) {
    relex(lexing, matched, 1);
    if let Some((offset, name)) = matched.group(2) {
        lexing.token_at("nf", offset, name);
    }
    relex(lexing, matched, 3);
    relex(lexing, matched, 4);
    if let Some((offset, opening)) = matched.group(5) {
        lexing.token_at("p", offset, opening);
        if opening == "{" {
            lexing.push("function");
        }
    }
}

/// Capture `group` lexed by a fresh run of the C lexer (Rouge's `recurse`).
fn relex(lexing: &mut Lexing, matched: &Matched, group: usize) {
    if let Some((offset, text)) = matched.group(group) {
        lexing.delegate_fresh(&C, offset, text);
    }
}

const FUNCTION: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("statements"),
    Match(r";", Token("p"), Stay),
    Match(r"\{", Token("p"), Push("function")),
    Match(r"\}", Token("p"), Pop),
];

const STRING: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Match(
        r#"\\([\\abfnrtv"']|x[a-fA-F0-9]{2,4}|[0-7]{1,3})"#,
        Token("se"),
        Stay,
    ),
    Match(r#"[^\\"\n]+"#, Token("s"), Stay),
    Match(r"\\\n", Token("s"), Stay),
    Match(r"\\", Token("s"), Stay),
];

const MACRO: &[Rule] = &[
    Mixin("include"),
    Match(r"[^/\n\\]+", Token("cp"), Stay),
    Match(r"(?m:\\.)", Token("cp"), Stay),
    Mixin("inline_whitespace"),
    Match(r"/", Token("cp"), Stay),
    Match(r"\n", Token("cp"), Pop),
];

const INCLUDE: &[Rule] = &[
    Match(
        r"(include)(\s*)(<[^>]+>)([^\n]*)",
        Groups(&["cp", TEXT, "cpf", "c1"]),
        Stay,
    ),
    Match(
        r#"(include)(\s*)("[^"]+")([^\n]*)"#,
        Groups(&["cp", TEXT, "cpf", "c1"]),
        Stay,
    ),
];

const IF_0: &[Rule] = &[
    Match(r"^\s*#if", Token("c"), Push("if_0")),
    Match(r"^\s*#\s*el(?:se|if)", Token("c"), Pop),
    Match(r"(?m:^\s*#\s*endif\b.*?(?<!\\)\n)", Token("c"), Pop),
    Match(r".*?\n", Token("c"), Stay),
];
