//! Rust as Rouge's Rust lexer splits it: `name!` macro calls and `$x:expr` macro
//! variables are one token each, `.field` and `.method` keep their dot, a literal keeps
//! its suffix (`1u32`), and `Name::` is a namespace followed by `::`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Rust lexer.
pub(in crate::render::highlight) static RUST: LexerSpec = LexerSpec {
    names: &[
        "rust",
        "rs",
        "rust,no_run",
        "rs,no_run",
        "rust,ignore",
        "rs,ignore",
        "rust,should_panic",
        "rs,should_panic",
    ],
    states: &[
        ("root", ROOT),
        ("bol", BEGINNING_OF_LINE),
        ("attribute", ATTRIBUTE),
        ("whitespace", WHITESPACE),
        ("comments", COMMENTS),
        ("nested_plain_block", PLAIN_BLOCK_COMMENT),
        ("nested_doc_block", DOC_BLOCK_COMMENT),
        ("macro", MACRO),
        ("macro_rules", MACRO_RULES),
        ("has_literals", LITERALS),
        ("string", STRING),
    ],
    start: &["root", "bol"],
    session_of: None,
};

/// Rouge's Rust identifier.
macro_rules! id {
    () => {
        r"[\p{XID_Start}_]\p{XID_Continue}*"
    };
}

/// A character or string escape.
macro_rules! escape {
    () => {
        r#"\\(?:[nrt'"\\0]|x(?i:[0-9a-f]){2}|u\{(?:(?i:[0-9a-f])_*){1,6}\})"#
    };
}

const ROOT: &[Rule] = &[
    Match(r"\n", Token(TEXT), Push("bol")),
    Mixin("whitespace"),
    Match(r"#!?\[", Token("nd"), Push("attribute")),
    Match(
        r"\b(?:as|async|await|break|const|continue|crate|dyn|else|enum|extern|false|fn|for|if|impl|in|let|log|loop|match|mod|move|mut|pub|ref|return|self|Self|static|struct|super|trait|true|type|unsafe|use|where|while|abstract|become|box|do|final|macro|override|priv|typeof|unsized|virtual|yield|try|union)\b",
        Token("k"),
        Stay,
    ),
    Mixin("has_literals"),
    Match(r"[=-]>", Token("k"), Stay),
    Match(r"<->", Token("k"), Stay),
    Match(r"[()\[\]{}|,:;]", Token("p"), Stay),
    Match(r"[*/!@~&+%^<>=?-]|\.{2,3}", Token("o"), Stay),
    Match(
        concat!(r"(?m)(?:[.]\s*)?", id!(), r"(?=\s*[(])"),
        Token("nf"),
        Stay,
    ),
    Match(r"[.]\s*await\b", Token("k"), Stay),
    Match(concat!(r"[.]\s*", id!()), Token("py"), Stay),
    Match(r"[.]\s*\d+", Token("na"), Stay),
    Match(concat!("(", id!(), ")(::)"), Groups(&["nn", "p"]), Stay),
    Match(r"\bmacro_rules!", Token("nd"), Push("macro_rules")),
    Match(concat!(id!(), "!"), Token("nd"), Push("macro")),
    Match(r"'static\b", Token("k"), Stay),
    Match(concat!("'", id!()), Token("nv"), Stay),
    Match(id!(), Call(name), Stay),
];

/// rustdoc's hidden lines (`# use x;`) at the start of a line are special comments.
const BEGINNING_OF_LINE: &[Rule] = &[
    Mixin("whitespace"),
    Match(r"#\s[^\n]*", Token("cs"), Stay),
    Match("", Token(TEXT), Pop),
];

const ATTRIBUTE: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("has_literals"),
    Match(r"[(,)=:]", Token("nd"), Stay),
    Match(r"\]", Token("nd"), Pop),
    Match(id!(), Token("nd"), Stay),
];

const WHITESPACE: &[Rule] = &[Match(r"\s+", Token(TEXT), Stay), Mixin("comments")];

const COMMENTS: &[Rule] = &[
    Match(r"////+[^\n]*", Token("c1"), Stay),
    Match(r"//[/!][^\n]*", Token("cd"), Stay),
    Match(r"//[^\n]*", Token("c1"), Stay),
    Match(r"/\*\*\*?/", Token("cm"), Stay),
    Match(r"/\*\*\*+", Token("cm"), Push("nested_plain_block")),
    Match(r"/[*][*!]", Token("cd"), Push("nested_doc_block")),
    Match(r"/[*]", Token("cm"), Push("nested_plain_block")),
];

/// Block comments nest, and keep the kind of their outermost opening.
const PLAIN_BLOCK_COMMENT: &[Rule] = &[
    Match(r"\*/", Token("cm"), Pop),
    Match(r"/\*", Token("cm"), Push("nested_plain_block")),
    Match(r"[^*/]+|[*/]", Token("cm"), Stay),
];

const DOC_BLOCK_COMMENT: &[Rule] = &[
    Match(r"\*/", Token("cd"), Pop),
    Match(r"/\*", Token("cd"), Push("nested_doc_block")),
    Match(r"[^*/]+|[*/]", Token("cd"), Stay),
];

/// A macro call's arguments, up to the bracket that closes its first one.
const MACRO: &[Rule] = &[
    Mixin("has_literals"),
    Match(r"[\[{(]", Call(open_bracket), Stay),
    Match(r"[\]})]", Call(close_bracket), Stay),
    Match(concat!(id!(), "!"), Token("nd"), Stay),
    Mixin("root"),
    Match(r".", Token(TEXT), Stay),
];

/// `macro_rules!`: its `$name:kind` variables are one token.
const MACRO_RULES: &[Rule] = &[
    Match(
        concat!("[$]", id!(), "(?::", id!(), ")?"),
        Token("nv"),
        Stay,
    ),
    Match(r"[$]", Token("nv"), Stay),
    Mixin("macro"),
];

const LITERALS: &[Rule] = &[
    Match(r"\b(?:true|false)\b", Token("kc"), Stay),
    Match(
        concat!(r"b?'(?:", escape!(), r"|[^\\])'"),
        Token("sc"),
        Stay,
    ),
    Match(r#"b?""#, Token("s"), Push("string")),
    Match(r#"(?m)b?r(#*)".*?"\1"#, Token("s"), Stay),
    Match(
        r"[0-9][0-9_]*(?:[.][0-9][0-9_]*(?:[eE][-+]?[0-9_]+)?(?:f32|f64)?|(?:[.][0-9][0-9_]*)?[eE][-+]?[0-9_]+(?:f32|f64)?|(?:[.][0-9][0-9_]*)?(?:[eE][-+]?[0-9_]+)?(?:f32|f64)|[.](?![._\p{XID_Start}]))",
        Token("mf"),
        Stay,
    ),
    Match(
        r"(?:0b[10_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*)(?:u(?:8|16|32|64|128|size)?|i(?:8|16|32|64|128|size))?",
        Token("mi"),
        Stay,
    ),
];

const STRING: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Match(escape!(), Token("se"), Stay),
    Match(r#"(?m)[^"\\]+"#, Token("s"), Stay),
];

/// Rouge's Rust builtins: types, traits and constructors it writes as `nb`.
const BUILTINS: &[&str] = &[
    "Add",
    "BitAnd",
    "BitOr",
    "BitXor",
    "bool",
    "c_char",
    "c_double",
    "c_float",
    "char",
    "c_int",
    "clock_t",
    "c_long",
    "c_longlong",
    "Cons",
    "Const",
    "Copy",
    "c_schar",
    "c_short",
    "c_uchar",
    "c_uint",
    "c_ulong",
    "c_ulonglong",
    "c_ushort",
    "c_void",
    "dev_t",
    "DIR",
    "dirent",
    "Div",
    "Either",
    "Eq",
    "Err",
    "f32",
    "f64",
    "Failure",
    "FILE",
    "float",
    "fpos_t",
    "i16",
    "i32",
    "i64",
    "i8",
    "isize",
    "Index",
    "ino_t",
    "int",
    "intptr_t",
    "Left",
    "mode_t",
    "Modulo",
    "Mul",
    "Neg",
    "Nil",
    "None",
    "Num",
    "off_t",
    "Ok",
    "Option",
    "Ord",
    "Owned",
    "pid_t",
    "Ptr",
    "ptrdiff_t",
    "Right",
    "Send",
    "Shl",
    "Shr",
    "size_t",
    "Some",
    "ssize_t",
    "str",
    "Sub",
    "Success",
    "time_t",
    "u16",
    "u32",
    "u64",
    "u8",
    "usize",
    "uint",
    "uintptr_t",
    "Box",
    "Vec",
    "String",
    "Gc",
    "Rc",
    "Arc",
    "u128",
    "i128",
    "Result",
    "Sync",
    "Pin",
    "Unpin",
    "Sized",
    "Drop",
    "drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "AsMut",
    "AsRef",
    "From",
    "Into",
    "Default",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "IntoIterator",
    "Iterator",
];

/// An identifier: a builtin (`nb`) or a name (`n`).
fn name(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    let class = if BUILTINS.contains(&text) { "nb" } else { "n" };
    lexing.token(class, text);
}

/// The counter of the closing bracket for an opening or closing bracket.
fn bracket_kind(bracket: &str) -> usize {
    match bracket {
        "[" | "]" => 0,
        "(" | ")" => 1,
        _ => 2,
    }
}

/// An opening bracket in a macro call.
fn open_bracket(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    lexing.open_brackets[bracket_kind(text)] += 1;
    lexing.token("p", text);
}

/// A closing bracket in a macro call: the call ends when every kind is balanced.
fn close_bracket(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    lexing.open_brackets[bracket_kind(text)] -= 1;
    if lexing.open_brackets.iter().all(|open| *open == 0) {
        lexing.pop();
    }
    lexing.token("p", text);
}
