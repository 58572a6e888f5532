//! nginx configuration as Rouge's nginx lexer splits it: a directive's name is `k` (in a
//! block `kn`), `on`/`off` `no`, `$var` `nv`, `host:port` `nf`/`p`/`mi`, a mime type `nc`,
//! `~ regex` `sr`, a path `n` and any other argument a string `s`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The nginx lexer.
pub(in crate::render::highlight) static NGINX: LexerSpec = LexerSpec {
    names: &["nginx"],
    states: &[
        ("root", ROOT),
        ("block", BLOCK),
        ("statement", STATEMENT),
        ("base", BASE),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's nginx identifier.
macro_rules! id {
    () => {
        r"[^\s$;{}()#]+"
    };
}

const ROOT: &[Rule] = &[
    Match(r"(include)(\s+)([^\s;]+)", Groups(&["k", TEXT, "n"]), Stay),
    Match(id!(), Token("k"), Push("statement")),
    Mixin("base"),
];

const BLOCK: &[Rule] = &[
    Match(r"\}", Token("p"), Pop),
    Match(id!(), Token("kn"), Push("statement")),
    Mixin("base"),
];

const STATEMENT: &[Rule] = &[
    Match(r"\{", Call(open_block), Stay),
    Match(r";", Token("p"), Pop),
    Mixin("base"),
];

const BASE: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"#.*", Token("c1"), Stay),
    Match(r"(?:on|off)\b", Token("no"), Stay),
    Match(r"[$][\w-]+", Token("nv"), Stay),
    Match(
        r"(?i:([a-z0-9.-]+)(:)([0-9]+))",
        Groups(&["nf", "p", "mi"]),
        Stay,
    ),
    Match(r"(?i:[a-z-]+/[a-z-]+)", Token("nc"), Stay),
    Match(r"(?i:[0-9]+[kmg]?\b)", Token("mi"), Stay),
    Match(r"(~)(\s*)([^\s{]+)", Groups(&["p", TEXT, "sr"]), Stay),
    Match(r"[:=~]", Token("p"), Stay),
    Match(concat!("/(?:", id!(), ")?"), Token("n"), Stay),
    Match(r"[^#\s;{}$\\]+", Token("s"), Stay),
    Match(r"[$;]", Token(TEXT), Stay),
];

/// `{` ends a statement and opens its block.
fn open_block(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.pop();
    lexing.push("block");
}
