//! Sass (the indented syntax) as Rouge's Sass lexer splits it: each line is read as in
//! SCSS ([`super::scss`], whose shared states it uses), a newline ends the line's section,
//! and a line indented under a `//` or `/*` comment is comment too (Rouge's
//! `Indentation`).

use super::scss::sass_states;
use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Sass lexer.
pub(in crate::render::highlight) static SASS: LexerSpec = LexerSpec {
    names: &["sass"],
    states: sass_states![
        ("root", ROOT),
        ("content", CONTENT),
        ("single_comment", SINGLE_COMMENT),
        ("multi_comment", MULTI_COMMENT),
        ("import", IMPORT),
        ("old_style_attr", OLD_STYLE_ATTRIBUTE),
        ("end_section", END_SECTION),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's `Indentation` memory: the state that lines indented under a block's first
/// line go to, that line's indent, and the indent of the last line read.
#[derive(Default)]
pub(in crate::render::highlight) struct Blocks {
    state: Option<&'static str>,
    indentation: String,
    last_indentation: String,
}

/// A Sass identifier.
macro_rules! id {
    () => {
        r"[\w-]+"
    };
}

const ROOT: &[Rule] = &[
    Match(r"[ \t]*\n", Token(TEXT), Stay),
    Match(r"[ \t]*", Call(indentation), Stay),
];

/// A line's indent: under an open block (indented deeper than its first line) the
/// line goes to the block's state, else to `content` and the block ends.
fn indentation(lexing: &mut Lexing, matched: &Matched) {
    lexing.token(TEXT, matched.text);
    let blocks = &mut lexing.sass_blocks;
    blocks.last_indentation = matched.text.to_owned();
    match blocks.state {
        Some(state)
            if matched.text.starts_with(&blocks.indentation)
                && matched.text != blocks.indentation =>
        {
            lexing.push(state)
        }
        _ => {
            blocks.state = None;
            blocks.indentation.clear();
            lexing.push("content");
        }
    }
}

/// `//` starts a block whose deeper lines are comment.
fn single_comment(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("c1", matched.text);
    starts_block(lexing, "single_comment");
}

/// `/*` starts a block whose deeper lines are comment.
fn multi_comment(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("cm", matched.text);
    starts_block(lexing, "multi_comment");
}

/// Lines indented deeper than this one go to `state`.
fn starts_block(lexing: &mut Lexing, state: &'static str) {
    let blocks = &mut lexing.sass_blocks;
    blocks.state = Some(state);
    blocks.indentation = blocks.last_indentation.clone();
}

const CONTENT: &[Rule] = &[
    Match(r"//.*?$", Call(single_comment), Pop),
    Match(r"/[*].*?\n", Call(multi_comment), Pop),
    Match(r"@import\b", Token("k"), Push("import")),
    Mixin("content_common"),
    Match(concat!("=", id!()), Token("nf"), Push("value")),
    Match(concat!("[+]", id!()), Token("nd"), Push("value")),
    Match(r":", Token("na"), Push("old_style_attr")),
    Match(r"(?=[^\[\n]+?:([^a-z]|$))", Token(TEXT), Push("attribute")),
    Match("", Token(TEXT), Push("selector")),
];

const SINGLE_COMMENT: &[Rule] = &[Match(r".*?$", Token("c1"), Pop)];

const MULTI_COMMENT: &[Rule] = &[Match(r".*?\n", Token("cm"), Pop)];

const IMPORT: &[Rule] = &[
    Match(r"[ \t]+", Token(TEXT), Stay),
    Match(r"\S+", Token("s"), Stay),
    Match(r"\n", Token(TEXT), Pop),
];

const OLD_STYLE_ATTRIBUTE: &[Rule] = &[Mixin("attr_common"), Match("", Token(TEXT), Goto("value"))];

const END_SECTION: &[Rule] = &[Match(r"\n", Token(TEXT), Reset)];
