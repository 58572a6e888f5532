//! Liquid templates as Rouge's Liquid lexer splits them: text outside markup stays
//! as written; inside `{{ }}` and `{% %}` the delimiters are `p`, blanks `w`, a tag's
//! name `nt` (`if`, `unless`, `case`, `when`, `else` are `kr`), a filter's name `nf`,
//! variables `nv` with their dots `p`. As in Rouge, a `for` loop's collection is one
//! token however many dots it has, an `include`'s file name is plain text, a tag
//! Rouge does not know takes `key: value` parameters, and anything it cannot place
//! in a parameter list is a plain-text word.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Liquid lexer.
pub(in crate::render::highlight) static LIQUID: LexerSpec = LexerSpec {
    names: &["liquid"],
    states: &[
        ("root", ROOT),
        ("tag_or_block", TAG_OR_BLOCK),
        ("output", OUTPUT),
        ("filters", FILTERS),
        ("condition", CONDITION),
        ("when", WHEN),
        ("end_of_tag", END_OF_TAG),
        ("end_of_block", END_OF_BLOCK),
        ("param_markup", PARAM_MARKUP),
        ("default_param_markup", DEFAULT_PARAM_MARKUP),
        ("variable_param_markup", VARIABLE_PARAM_MARKUP),
        ("tag_markup", TAG_MARKUP),
        ("variable_tag_markup", VARIABLE_TAG_MARKUP),
        ("keyword", KEYWORD),
        ("variable", VARIABLE),
        ("string", STRING),
        ("number", NUMBER),
        ("generic", GENERIC),
        ("whitespace", WHITESPACE),
        ("comment", COMMENT),
        ("raw", RAW),
        ("assign", ASSIGN),
        ("include", INCLUDE),
        ("output_embed", OUTPUT_EMBED),
    ],
    start: &["root"],
    session_of: None,
};

const ROOT: &[Rule] = &[
    Match(r"[^\{]+", Token(TEXT), Stay),
    Match(r"(\{%-?)(\s*)", Groups(&["p", "w"]), Push("tag_or_block")),
    Match(r"(\{\{-?)(\s*)", Groups(&["p", "w"]), Push("output")),
    Match(r"\{", Token(TEXT), Stay),
];

const TAG_OR_BLOCK: &[Rule] = &[
    Match(r"(if|elsif|unless|case)\b", Token("kr"), Push("condition")),
    Match(r"(when)\b", Token("kr"), Push("when")),
    Match(r"(else)(\s*)(-?%\})", Groups(&["kr", "w", "p"]), Pop),
    Match(
        r"(capture|(?:in|de)crement)(\s+)([^\s%]+)(\s*)(-?%\})",
        Groups(&["nt", "w", "nv", "w", "p"]),
        Pop,
    ),
    Match(
        r"(comment)(\s*)(-?%\})",
        Groups(&["nt", "w", "p"]),
        Push("comment"),
    ),
    Match(r"(raw)(\s*)(-?%\})", Groups(&["nt", "w", "p"]), Push("raw")),
    Match(
        r"(end(?:if|unless|case))(\s*)(-?%\})",
        Groups(&["kr", "w", "p"]),
        Pop,
    ),
    Match(
        r"(end(?:[^\s%]+))(\s*)(-?%\})",
        Groups(&["nt", "w", "p"]),
        Pop,
    ),
    Match(r"(assign|echo)\b", Token("nt"), Push("assign")),
    Match(r"(include|render)\b", Token("nt"), Push("include")),
    Match(
        r"(cycle)(\s+)(?:([^\s:]*)(\s*)(:))?(\s*)",
        Call(cycle),
        Push("variable_tag_markup"),
    ),
    Match(
        r#"(for|tablerow)(\s+)([\w-]+)(\s+)(in)(\s+)((?:[^\s%,\|'"]|(?:"[^"]*"|'[^']*'))+)(\s*)"#,
        Call(for_loop),
        Push("tag_markup"),
    ),
    Match(r"([^\s%]+)(\s*)", Groups(&["nt", "w"]), Push("tag_markup")),
];

/// The class Rouge gives a value by what it holds: a quoted string anywhere in it makes
/// it a string, as Ruby's `case` on a regex finds one.
fn value_class(value: &str, otherwise: &'static str) -> &'static str {
    let quoted = |quote: char| {
        value
            .find(quote)
            .is_some_and(|open| value[open + 1..].contains(quote))
    };
    if quoted('\'') {
        "s1"
    } else if quoted('"') {
        "s2"
    } else {
        otherwise
    }
}

/// `cycle group: a, b`: the group name is a string when quoted, else an attribute.
fn cycle(lexing: &mut Lexing, matched: &Matched) {
    let group = matched.group(3).map_or("", |(_, group)| group);
    let group_class = value_class(group, "na");
    lexing.groups(matched, &["nt", "w", group_class, "w", "p", "w"]);
}

/// `for item in collection`: the collection is one token, a string when quoted.
fn for_loop(lexing: &mut Lexing, matched: &Matched) {
    let collection = matched.group(7).map_or("", |(_, collection)| collection);
    let collection_class = value_class(collection, "nv");
    lexing.groups(
        matched,
        &["nt", "w", "nv", "w", "nt", "w", collection_class, "w"],
    );
}

const OUTPUT: &[Rule] = &[
    Match(
        r"(\|)(\s*)([a-zA-Z_][^\s}\|:]*)",
        Groups(&["p", "w", "nf"]),
        Push("filters"),
    ),
    Mixin("end_of_tag"),
    Mixin("generic"),
];

const FILTERS: &[Rule] = &[
    Match(
        r"(\|)(\s*)([a-zA-Z_][^\s%}\|:]*)",
        Groups(&["p", "w", "nf"]),
        Stay,
    ),
    Mixin("end_of_tag"),
    Mixin("end_of_block"),
    Mixin("variable_param_markup"),
];

const CONDITION: &[Rule] = &[
    Match(r"([=!]=|[<>]=?)", Token("o"), Stay),
    Match(r"(and|or|contains)\b", Token("ow"), Stay),
    Mixin("end_of_block"),
    Mixin("generic"),
];

const WHEN: &[Rule] = &[Mixin("end_of_block"), Mixin("generic")];

const END_OF_TAG: &[Rule] = &[Match(r"-?\}\}", Token("p"), Reset)];

const END_OF_BLOCK: &[Rule] = &[Match(r"-?%\}", Token("p"), Reset)];

const PARAM_MARKUP: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("keyword"),
    Mixin("string"),
    Mixin("number"),
    Match(r"([^\s=:]+)(\s*)(=|:)", Groups(&["na", "w", "o"]), Stay),
    Match(r"[,:]", Token("p"), Stay),
];

const DEFAULT_PARAM_MARKUP: &[Rule] = &[Mixin("param_markup"), Match(r"\S+", Token(TEXT), Stay)];

const VARIABLE_PARAM_MARKUP: &[Rule] = &[
    Mixin("param_markup"),
    Mixin("variable"),
    Match(r"\S+", Token(TEXT), Stay),
];

const TAG_MARKUP: &[Rule] = &[
    Match(r"(reversed)\b", Token("na"), Stay),
    Mixin("end_of_block"),
    Mixin("default_param_markup"),
];

const VARIABLE_TAG_MARKUP: &[Rule] = &[Mixin("end_of_block"), Mixin("variable_param_markup")];

const KEYWORD: &[Rule] = &[Match(r"(false|true|nil)\b", Token("kc"), Stay)];

const VARIABLE: &[Rule] = &[
    Match(r"(empty|blank|forloop\.[^\s%}\|:]+)\b", Token("nb"), Stay),
    Match(r"\.(?=\w)|\[|\]", Token("p"), Stay),
    Match(r"(first|last|size)\b", Token("nf"), Stay),
    Match(r"[a-zA-Z_][\w-]*\??", Token("nv"), Stay),
];

const STRING: &[Rule] = &[
    Match(r"'[^']*'", Token("s1"), Stay),
    Match(r#""[^"]*""#, Token("s2"), Stay),
];

const NUMBER: &[Rule] = &[
    Match(r"-", Token("o"), Stay),
    Match(r"\d+\.\d+", Token("mf"), Stay),
    Match(r"\d+", Token("mi"), Stay),
];

const GENERIC: &[Rule] = &[
    Mixin("whitespace"),
    Mixin("keyword"),
    Mixin("string"),
    Mixin("number"),
    Mixin("variable"),
];

const WHITESPACE: &[Rule] = &[Match(r"[ \t]+", Token("w"), Stay)];

const COMMENT: &[Rule] = &[
    Match(r"[^\{]+", Token("c"), Stay),
    Match(
        r"(\{%-?)(\s*)(endcomment)(\s*)(-?%\})",
        Groups(&["p", "w", "nt", "w", "p"]),
        Reset,
    ),
    Match(r"\{", Token("c"), Stay),
];

const RAW: &[Rule] = &[
    Match(r"[^\{]+", Token(TEXT), Stay),
    Match(
        r"(\{%-?)(\s*)(endraw)(\s*)(-?%\})",
        Groups(&["p", "w", "nt", "w", "p"]),
        Reset,
    ),
    Match(r"\{", Token(TEXT), Stay),
];

const ASSIGN: &[Rule] = &[
    Match(r"=", Token("o"), Stay),
    Match(
        r"(\|)(\s*)([a-zA-Z_][^\s%\|:]*)",
        Groups(&["p", "w", "nf"]),
        Push("filters"),
    ),
    Mixin("end_of_block"),
    Mixin("generic"),
];

const INCLUDE: &[Rule] = &[
    Match(r"(\{\{-?)(\s*)", Groups(&["p", "w"]), Push("output_embed")),
    Match(r"(with|for)\b", Token("nt"), Stay),
    Match(r"[\/\w-]+(\.[\w-]+)+\b", Token(TEXT), Stay),
    Mixin("variable_tag_markup"),
];

const OUTPUT_EMBED: &[Rule] = &[
    Match(
        r"(\|)(\s*)([a-zA-Z_][^\s}\|:]*)",
        Groups(&["p", "w", "nf"]),
        Stay,
    ),
    Match(r"-?\}\}", Token("p"), Pop),
    Mixin("variable_param_markup"),
];
