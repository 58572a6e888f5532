//! TypeScript as Rouge's TypeScript lexer splits it: JavaScript's states ([`javascript`])
//! with more keywords (`namespace`, `readonly`, `public`…), declarations (`type`,
//! `abstract`), reserved words (`string`, `number`, `interface`…) and builtins (`Pick`,
//! `Record`…); `?.` is punctuation and `??` an operator; and where a statement starts,
//! `name?:` is a label `nl` (a property's or parameter's type follows).

use super::javascript;
use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The TypeScript lexer.
pub(in crate::render::highlight) static TYPESCRIPT: LexerSpec = LexerSpec {
    names: &["typescript", "ts"],
    states: &[
        ("root", ROOT),
        ("javascript_root", javascript::ROOT),
        ("multiline_comment", javascript::MULTILINE_COMMENT),
        (
            "comments_and_whitespace",
            javascript::COMMENTS_AND_WHITESPACE,
        ),
        ("expr_start", javascript::EXPRESSION_START),
        ("regex", javascript::REGEX),
        ("regex_end", javascript::REGEX_END),
        ("regex_group", javascript::REGEX_GROUP),
        ("dq", javascript::DOUBLE_QUOTED),
        ("sq", javascript::SINGLE_QUOTED),
        ("statement", STATEMENT),
        ("javascript_statement", javascript::STATEMENT),
        ("object", javascript::OBJECT),
        ("ternary", javascript::TERNARY),
        ("template_string", javascript::TEMPLATE_STRING),
        (
            "template_string_expr",
            javascript::TEMPLATE_STRING_EXPRESSION,
        ),
    ],
    start: &["root"],
    session_of: None,
};

/// Keywords beside JavaScript's.
pub(super) const KEYWORDS: &[&str] = &[
    "is",
    "namespace",
    "static",
    "private",
    "protected",
    "public",
    "implements",
    "readonly",
];

/// Declarations beside JavaScript's.
pub(super) const DECLARATIONS: &[&str] = &["type", "abstract"];

/// Reserved words beside JavaScript's.
pub(super) const RESERVED: &[&str] = &[
    "string",
    "any",
    "void",
    "number",
    "namespace",
    "module",
    "declare",
    "default",
    "interface",
    "keyof",
];

/// Builtins beside JavaScript's.
pub(super) const BUILTINS: &[&str] = &["Pick", "Partial", "Readonly", "Record"];

/// JavaScript's root, after the rules TypeScript puts before it.
const ROOT: &[Rule] = &[
    Match(r"[?][.]", Token("p"), Stay),
    Match(r"[?]{2}", Token("o"), Stay),
    Mixin("javascript_root"),
];

/// JavaScript's statement, after a label that may be optional (`name?:`).
const STATEMENT: &[Rule] = &[
    Match(
        r"((?i:[\p{L}\p{Nl}$_][\p{Word}]*))(\??)(\s*)(:)",
        Groups(&["nl", "p", TEXT, "p"]),
        Push("expr_start"),
    ),
    Mixin("javascript_statement"),
];
