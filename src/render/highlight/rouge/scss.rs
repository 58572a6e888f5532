//! SCSS as Rouge's SCSS lexer splits it: a line starts as a selector (tag names `nt`,
//! `.class` `nc`, `#id` `nn`, `:pseudo` `nd`) unless it looks like `name: value`, which
//! is an attribute (`nl` for a CSS property Rouge lists, else `na`) and its value
//! (`$variables` `nv`, functions `nf`, numbers `m`, words as in [`super::css`]); `;`, `{`
//! and `}` end a section and start the next line afresh; `#{...}` is `si`. The states
//! Rouge's Sass lexer shares with it serve [`super::sass`] too.

use super::css::{is_property, value_word};
use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The SCSS lexer.
pub(in crate::render::highlight) static SCSS: LexerSpec = LexerSpec {
    names: &["scss"],
    states: sass_states![("root", ROOT), ("end_section", END_SECTION)],
    start: &["root"],
    session_of: None,
};

/// A state table: the lexer's own states, then those Rouge's SCSS and Sass lexers share
/// (defined here).
macro_rules! sass_states {
    ($($own:expr),* $(,)?) => {
        &[
            $($own,)*
            ("content_common", super::scss::CONTENT_COMMON),
            ("value", super::scss::VALUE),
            ("has_interp", super::scss::HAS_INTERPOLATION),
            ("has_strings", super::scss::HAS_STRINGS),
            ("interpolation", super::scss::INTERPOLATION),
            ("selector", super::scss::SELECTOR),
            ("dq", super::scss::DOUBLE_QUOTED),
            ("sq", super::scss::SINGLE_QUOTED),
            ("string_url", super::scss::STRING_URL),
            ("selector_piece", super::scss::SELECTOR_PIECE),
            ("pseudo_class", super::scss::PSEUDO_CLASS),
            ("class", super::scss::CLASS),
            ("id", super::scss::ID),
            ("placeholder", super::scss::PLACEHOLDER),
            ("for", super::scss::FOR),
            ("attr_common", super::scss::ATTRIBUTE_COMMON),
            ("attribute", super::scss::ATTRIBUTE),
            ("inline_comment", super::scss::INLINE_COMMENT),
        ]
    };
}
pub(super) use sass_states;

/// A Sass identifier.
macro_rules! id {
    () => {
        r"[\w-]+"
    };
}

const ROOT: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"//.*?$", Token("c1"), Stay),
    Match(r"(?m:/[*].*?[*]/)", Token("cm"), Stay),
    Match(r"@import\b", Token("k"), Push("value")),
    Mixin("content_common"),
    Match(r"(?=[^;{}][;}])", Token(TEXT), Push("attribute")),
    Match(r"(?=[^;{}:\[]+:[^a-z])", Token(TEXT), Push("attribute")),
    Match("", Token(TEXT), Push("selector")),
];

const END_SECTION: &[Rule] = &[
    Match(r"\n", Token(TEXT), Stay),
    Match(r"[;{}]", Token("p"), Reset),
];

pub(super) const CONTENT_COMMON: &[Rule] = &[
    Match(r"@for\b", Token("k"), Push("for")),
    Match(
        r"@(debug|warn|if|each|while|else|return|media)",
        Token("k"),
        Push("value"),
    ),
    Match(
        concat!(r"(@mixin)(\s+)(", id!(), ")"),
        Groups(&["k", TEXT, "nf"]),
        Push("value"),
    ),
    Match(
        concat!(r"(@function)(\s+)(", id!(), ")"),
        Groups(&["k", TEXT, "nf"]),
        Push("value"),
    ),
    Match(r"@extend\b", Token("k"), Push("selector")),
    Match(
        concat!(r"(@include)(\s+)(", id!(), ")"),
        Groups(&["k", TEXT, "nd"]),
        Push("value"),
    ),
    Match(concat!("@", id!()), Token("k"), Push("selector")),
    Match(r"&", Token("k"), Push("selector")),
    Match(
        concat!(r"([$]", id!(), r")([ \t]*)(:)"),
        Groups(&["nv", TEXT, "p"]),
        Push("value"),
    ),
];

pub(super) const VALUE: &[Rule] = &[
    Mixin("end_section"),
    Match(r"[ \t]+", Token(TEXT), Stay),
    Match(concat!(r"[$]", id!()), Token("nv"), Stay),
    Match(r"url[(]", Token("sx"), Push("string_url")),
    Match(concat!(id!(), r"(?=\s*[(])"), Token("nf"), Stay),
    Match(concat!("%", id!()), Token("nd"), Stay),
    Match(r"(true|false)\b", Token("bp"), Stay),
    Match(r"(and|or|not)\b", Token("ow"), Stay),
    Match(r"(?i:#[a-z0-9]{1,6})", Token("mh"), Stay),
    Match(r"-?\d+(%|[a-z]+)?", Token("m"), Stay),
    Match(r"-?\d*\.\d+(%|[a-z]+)?", Token("mi"), Stay),
    Mixin("has_strings"),
    Mixin("has_interp"),
    Match(r"[~^*!&%<>\|+=@:,./?-]+", Token("o"), Stay),
    Match(r"[\[\]()]+", Token("p"), Stay),
    Match(r"/[*]", Token("cm"), Push("inline_comment")),
    Match(r"//[^\n]*", Token("c1"), Stay),
    Match(id!(), Call(value_word), Stay),
];

pub(super) const HAS_INTERPOLATION: &[Rule] =
    &[Match(r"[#][{]", Token("si"), Push("interpolation"))];

pub(super) const HAS_STRINGS: &[Rule] = &[
    Match(r#"""#, Token("s2"), Push("dq")),
    Match(r"'", Token("s1"), Push("sq")),
];

pub(super) const INTERPOLATION: &[Rule] = &[Match(r"\}", Token("si"), Pop), Mixin("value")];

pub(super) const SELECTOR: &[Rule] = &[
    Mixin("end_section"),
    Mixin("has_strings"),
    Mixin("has_interp"),
    Match(r"[ \t]+", Token(TEXT), Stay),
    Match(r":", Token("nd"), Push("pseudo_class")),
    Match(r"[.]", Token("nc"), Push("class")),
    Match(r"#", Token("nn"), Push("id")),
    Match(r"%", Token("nv"), Push("placeholder")),
    Match(id!(), Token("nt"), Stay),
    Match(r"&", Token("k"), Stay),
    Match(r"[~^*!&\[\]()<>\|+=@:;,./?-]", Token("o"), Stay),
];

pub(super) const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"""#, Token("s2"), Pop),
    Mixin("has_interp"),
    Match(r##"(\\.|#(?![{])|[^\n"#])+"##, Token("s2"), Stay),
];

pub(super) const SINGLE_QUOTED: &[Rule] = &[
    Match(r"'", Token("s1"), Pop),
    Mixin("has_interp"),
    Match(r"(\\.|#(?![{])|[^\n'#])+", Token("s1"), Stay),
];

pub(super) const STRING_URL: &[Rule] = &[
    Match(r"[)]", Token("sx"), Pop),
    Match(r"(\\.|#(?![{])|[^\n)#])+", Token("sx"), Stay),
    Mixin("has_interp"),
];

pub(super) const SELECTOR_PIECE: &[Rule] = &[Mixin("has_interp"), Match("", Token(TEXT), Pop)];

pub(super) const PSEUDO_CLASS: &[Rule] =
    &[Match(id!(), Token("nd"), Stay), Mixin("selector_piece")];

pub(super) const CLASS: &[Rule] = &[Match(id!(), Token("nc"), Stay), Mixin("selector_piece")];

pub(super) const ID: &[Rule] = &[Match(id!(), Token("nn"), Stay), Mixin("selector_piece")];

pub(super) const PLACEHOLDER: &[Rule] = &[Match(id!(), Token("nv"), Stay), Mixin("selector_piece")];

pub(super) const FOR: &[Rule] = &[
    Match(r"(from|to|through)", Token("ow"), Stay),
    Mixin("value"),
];

pub(super) const ATTRIBUTE_COMMON: &[Rule] = &[
    Mixin("has_interp"),
    Match(id!(), Call(attribute_name), Stay),
];

/// An attribute's name: `nl` for a CSS property Rouge lists, else `na`.
fn attribute_name(lexing: &mut Lexing, matched: &Matched) {
    let class = if is_property(matched.text) {
        "nl"
    } else {
        "na"
    };
    lexing.token(class, matched.text);
}

pub(super) const ATTRIBUTE: &[Rule] = &[
    Mixin("attr_common"),
    Match(r"([ \t]*)(:)", Groups(&[TEXT, "p"]), Push("value")),
];

pub(super) const INLINE_COMMENT: &[Rule] = &[
    Match(
        r"(\\#|#(?=[^\n{])|\*(?=[^\n/])|[^\n#*])+",
        Token("cm"),
        Stay,
    ),
    Mixin("has_interp"),
    Match(r"[*]/", Token("cm"), Pop),
];
