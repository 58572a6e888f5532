//! Unified diffs and patches (`diff`, `patch`, `udiff`) as Rouge's diff lexer splits
//! them, a line at a time: added lines `gi`, removed lines `gd`, file and hunk headers
//! by their first characters (`---` alone `p`, `diff`/`Index` `gh`, a hunk's `@@ … @@`
//! `p` with the rest of its line plain), context lines plain.

use super::{Emit::*, LexerSpec, Next::*, Rule, TEXT};

/// The diff lexer.
pub(in crate::render::highlight) static DIFF: LexerSpec = LexerSpec {
    names: &["diff", "patch", "udiff"],
    states: &[("root", ROOT)],
    start: &["root"],
    session_of: None,
};

const ROOT: &[Rule] = &[
    Rule::Match(r"^ .*$\n?", Token(TEXT), Stay),
    Rule::Match(r"^---$\n?", Token("p"), Stay),
    Rule::Match(r"^[+>]+.*$\n?", Token("gi"), Stay),
    Rule::Match(r"^\+.*$\n?", Token("gi"), Stay),
    Rule::Match(r"^[-<]+.*$\n?", Token("gd"), Stay),
    Rule::Match(r"^!.*$\n?", Token("gs"), Stay),
    Rule::Match(r"^([Ii]ndex|diff).*$\n?", Token("gh"), Stay),
    Rule::Match(r"^(@@[^@]*@@)([^\n]*\n)", Groups(&["p", TEXT]), Stay),
    Rule::Match(r"^\w.*$\n?", Token("p"), Stay),
    Rule::Match(r"^=.*$\n?", Token("gh"), Stay),
    Rule::Match(r"\s.*$\n?", Token(TEXT), Stay),
];
