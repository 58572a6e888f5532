//! JavaScript as Rouge's JavaScript lexer splits it: after an operator, an opening
//! bracket, a keyword or `;` an expression starts, where `/` opens a regex literal and
//! `{` an object literal (whose `key:` is `na`); elsewhere `/` is division. A braced
//! block's `name:` is a label (`nl`), quotes are `dl` around `s2`/`s1`, and a template
//! string's `${...}` holds code.

use super::typescript::{self, TYPESCRIPT};
use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The JavaScript lexer.
pub(in crate::render::highlight) static JAVASCRIPT: LexerSpec = LexerSpec {
    names: &["javascript", "js"],
    states: &[
        ("root", ROOT),
        ("multiline_comment", MULTILINE_COMMENT),
        ("comments_and_whitespace", COMMENTS_AND_WHITESPACE),
        ("expr_start", EXPRESSION_START),
        ("regex", REGEX),
        ("regex_end", REGEX_END),
        ("regex_group", REGEX_GROUP),
        ("dq", DOUBLE_QUOTED),
        ("sq", SINGLE_QUOTED),
        ("statement", STATEMENT),
        ("object", OBJECT),
        ("ternary", TERNARY),
        ("template_string", TEMPLATE_STRING),
        ("template_string_expr", TEMPLATE_STRING_EXPRESSION),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's JavaScript identifier.
macro_rules! id {
    () => {
        r"(?i:[\p{L}\p{Nl}$_][\p{Word}]*)"
    };
}

const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "finally",
    "from",
    "for",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "of",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "try",
    "typeof",
    "void",
    "while",
    "yield",
];

const DECLARATIONS: &[&str] = &[
    "var",
    "let",
    "const",
    "with",
    "function",
    "class",
    "extends",
    "constructor",
    "get",
    "set",
    "static",
];

const RESERVED: &[&str] = &[
    "enum",
    "implements",
    "interface",
    "package",
    "private",
    "protected",
    "public",
];

const CONSTANTS: &[&str] = &["true", "false", "null", "NaN", "Infinity", "undefined"];

const BUILTINS: &[&str] = &[
    "Array",
    "Boolean",
    "Date",
    "Error",
    "Function",
    "Math",
    "netscape",
    "Number",
    "Object",
    "Packages",
    "RegExp",
    "String",
    "sun",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "eval",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "document",
    "window",
    "navigator",
    "self",
    "global",
    "Promise",
    "Set",
    "Map",
    "WeakSet",
    "WeakMap",
    "Symbol",
    "Proxy",
    "Reflect",
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Uint16ClampedArray",
    "Int32Array",
    "Uint32Array",
    "Uint32ClampedArray",
    "Float32Array",
    "Float64Array",
    "DataView",
    "ArrayBuffer",
];

pub(super) const MULTILINE_COMMENT: &[Rule] = &[
    Match(r"[*]/", Token("cm"), Pop),
    Match(r"[^*/]+", Token("cm"), Stay),
    Match(r"[*/]", Token("cm"), Stay),
];

pub(super) const COMMENTS_AND_WHITESPACE: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"<!--", Token("c"), Stay),
    Match(r"//.*?$", Token("c1"), Stay),
    Match(r"/[*]", Token("cm"), Push("multiline_comment")),
];

/// Where an expression may start: `/` opens a regex, `{` an object.
pub(super) const EXPRESSION_START: &[Rule] = &[
    Mixin("comments_and_whitespace"),
    Match(r"/", Token("sr"), Goto("regex")),
    Match(r"[{]", Token("p"), Goto("object")),
    Match(r"", Token(TEXT), Pop),
];

pub(super) const REGEX: &[Rule] = &[
    Match(r"/", Token("sr"), Goto("regex_end")),
    Match(r"[^/]\n", Token("err"), Pop),
    Match(r"\n", Token("err"), Pop),
    Match(r"\[\^", Token("se"), Push("regex_group")),
    Match(r"\[", Token("se"), Push("regex_group")),
    Match(r"\\.", Token("se"), Stay),
    Match(r"[(][?][:=<!]", Token("se"), Stay),
    Match(r"[{][\d,]+[}]", Token("se"), Stay),
    Match(r"[()?]", Token("se"), Stay),
    Match(r".", Token("sr"), Stay),
];

pub(super) const REGEX_END: &[Rule] = &[
    Match(r"[gimuy]+", Token("sr"), Pop),
    Match(r"", Token(TEXT), Pop),
];

pub(super) const REGEX_GROUP: &[Rule] = &[
    // A `/` in a group does not close the regex.
    Match(r"/", Token("se"), Stay),
    Match(r"[^/]\n", Token("err"), PopTimes(2)),
    Match(r"\]", Token("se"), Pop),
    Match(r"\\.", Token("se"), Stay),
    Match(r".", Token("sr"), Stay),
];

pub(super) const ROOT: &[Rule] = &[
    // Rouge's `\A` is the scan position: a `#!` line anywhere a token starts.
    Match(r"(?m)\A\s*#!.*?\n", Token("cp"), Push("statement")),
    // (Rouge's `(?<=\n)` rule here never matches: its look-behind sees no text.)
    Mixin("comments_and_whitespace"),
    Match(
        r"\+\+|--|~|\?\?=?|&&|\|\||\\(?=\n)|<<|>>>?|===|!==",
        Token("o"),
        Push("expr_start"),
    ),
    Match(r"[-<>+*%&|\^/!=]=?", Token("o"), Push("expr_start")),
    Match(r"[(\[,]", Token("p"), Push("expr_start")),
    Match(r";", Token("p"), Push("statement")),
    Match(r"[)\].]", Token("p"), Stay),
    Match(r"`", Token("s2"), Push("template_string")),
    // The safe navigation operator `?.` starts no ternary.
    Match(r"[?][.]", Token("p"), Stay),
    Match(r"[?]", Call(ternary), Stay),
    Match(r"(@)(\w+)?", Groups(&["p", "nd"]), Push("expr_start")),
    Match(r"[{}]", Token("p"), Push("statement")),
    Match(id!(), Call(name), Stay),
    Match(r"[0-9][0-9]*\.[0-9]+([eE][0-9]+)?[fd]?", Token("mf"), Stay),
    Match(r"(?i)0x[0-9a-fA-F]+", Token("mh"), Stay),
    Match(r"(?i)0o[0-7][0-7_]*", Token("mo"), Stay),
    Match(r"(?i)0b[01][01_]*", Token("mb"), Stay),
    Match(r"[0-9]+", Token("mi"), Stay),
    Match(r#"""#, Token("dl"), Push("dq")),
    Match(r"'", Token("dl"), Push("sq")),
    Match(r":", Token("p"), Stay),
];

pub(super) const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"\\[\\nrt"]?"#, Token("se"), Stay),
    Match(r#"[^\\"]+"#, Token("s2"), Stay),
    Match(r#"""#, Token("dl"), Pop),
];

pub(super) const SINGLE_QUOTED: &[Rule] = &[
    Match(r"\\[\\nrt']?", Token("se"), Stay),
    Match(r"[^\\']+", Token("s1"), Stay),
    Match(r"'", Token("dl"), Pop),
];

/// Braced parts that are not object literals.
pub(super) const STATEMENT: &[Rule] = &[
    Match(r"case\b", Token("k"), Goto("expr_start")),
    Match(
        concat!("(", id!(), r")(\s*)(:)"),
        Groups(&["nl", TEXT, "p"]),
        Stay,
    ),
    Mixin("expr_start"),
];

pub(super) const OBJECT: &[Rule] = &[
    Mixin("comments_and_whitespace"),
    Match(r"[{]", Token("p"), Push("object")),
    Match(r"[}]", Token("p"), Goto("statement")),
    Match(
        concat!("(", id!(), r")(\s*)(:)"),
        Groups(&["na", TEXT, "p"]),
        Push("expr_start"),
    ),
    Match(r":", Token("p"), Stay),
    Mixin("root"),
];

/// A ternary's branches, where `name:` is no label.
pub(super) const TERNARY: &[Rule] = &[Match(r":", Token("p"), Goto("expr_start")), Mixin("root")];

pub(super) const TEMPLATE_STRING: &[Rule] = &[
    Match(r"[$]\{", Token("p"), Push("template_string_expr")),
    Match(r"`", Token("s2"), Pop),
    Match(r"\\[$`]", Token("se"), Stay),
    Match(r"[^$`\\]+", Token("s2"), Stay),
    Match(r"[\\$]", Token("s2"), Stay),
];

pub(super) const TEMPLATE_STRING_EXPRESSION: &[Rule] =
    &[Match(r"\}", Token("p"), Pop), Mixin("root")];

/// `?`: a ternary's first branch is an expression.
fn ternary(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.push("ternary");
    lexing.push("expr_start");
}

/// A name: keywords and declarations start an expression. TypeScript's lists add to
/// JavaScript's, as its lexer's class methods add to them.
fn name(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    let typescript = std::ptr::eq(lexing.spec, &TYPESCRIPT);
    let (class, starts_expression) = if KEYWORDS.contains(&text)
        || typescript && typescript::KEYWORDS.contains(&text)
    {
        ("k", true)
    } else if DECLARATIONS.contains(&text) || typescript && typescript::DECLARATIONS.contains(&text)
    {
        ("kd", true)
    } else if RESERVED.contains(&text) || typescript && typescript::RESERVED.contains(&text) {
        ("kr", false)
    } else if CONSTANTS.contains(&text) {
        ("kc", false)
    } else if BUILTINS.contains(&text) || typescript && typescript::BUILTINS.contains(&text) {
        ("nb", false)
    } else {
        ("nx", false)
    };
    lexing.token(class, text);
    if starts_expression {
        lexing.push("expr_start");
    }
}
