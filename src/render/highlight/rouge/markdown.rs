//! Markdown (`markdown`, `md`, `mkd`) as Rouge's Markdown lexer splits it: a line of
//! prose is one text run up to the next backslash, backtick, bracket, star, `&` or `<`;
//! headings are `gh`/`gu` lines, list markers and rules `p`, quotes `gt`, emphasis
//! `ge`/`gs`, code spans and indented code `sb`; links split into their label (`nv`),
//! reference (`ss`), address (`sx`) and title (`nn`). Front matter is lexed as YAML,
//! inline HTML by one HTML lexer run that continues from tag to tag, and a fenced code
//! block by the lexer its info string names, found in the registry like any block's
//! (plain `sb` text when there is none; plain text when the fence names no language).

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT, find_lexer};
use super::{html::HTML, yaml::YAML};

/// The Markdown lexer.
pub(in crate::render::highlight) static MARKDOWN: LexerSpec = LexerSpec {
    names: &["markdown", "md", "mkd"],
    states: &[
        ("root", ROOT),
        ("fenced", FENCED),
        ("link", LINK),
        ("url", URL),
        ("title", TITLE),
        ("inline_title", INLINE_TITLE),
        ("inline_url", INLINE_URL),
    ],
    start: &["root"],
    session_of: None,
};

/// An escaped character or any other but a line break (Rouge's `edot`).
macro_rules! edot {
    () => {
        r"(?:\\.|[^\\\n])"
    };
}

const ROOT: &[Rule] = &[
    Match(
        r"\A(?m:(---\s*\n.*?\n?))^(---\s*$\n?)",
        Call(front_matter),
        Stay,
    ),
    Match(r"\\.", Token("se"), Stay),
    Match(r"^[\S ]+\n(?:---*)\n", Token("gh"), Stay),
    Match(r"^[\S ]+\n(?:===*)\n", Token("gu"), Stay),
    Match(r"^#(?=[^#]).*?$", Token("gh"), Stay),
    Match(r"^##*.*?$", Token("gu"), Stay),
    Match(
        r"^([ \t]*)(`{3,}|~{3,})([^\n]*\n)(?m:((.*?)(\n\1)(\2))?)",
        Call(fenced_code),
        Stay,
    ),
    Match(r"\n\n((    |\t).*?\n|\n)+", Token("sb"), Stay),
    Match(concat!(r"(`+)(?:", edot!(), r"|\n)+?\1"), Token("sb"), Stay),
    Match(r"^(\s*[*]){3,}\s*$", Token("p"), Stay),
    Match(r"^(\s*[-]){3,}\s*$", Token("p"), Stay),
    Match(r"^\s*[*+-](?=\s)", Token("p"), Stay),
    Match(r"^\s*\d+\.", Token("p"), Stay),
    Match(r"^\s*>.*?$", Token("gt"), Stay),
    Match(
        concat!(r"^(\s*)(\[)(", edot!(), r"+?)(\])(\s*)(:)"),
        Call(link_reference),
        Stay,
    ),
    Match(
        concat!(r"(!?\[)(", edot!(), r"*?|[^\]]*?)(\])(?=[\[(])"),
        Groups(&["p", "nv", "p"]),
        Push("link"),
    ),
    Match(concat!(r"[*][*]", edot!(), r"*?[*][*]"), Token("gs"), Stay),
    Match(concat!(r"__", edot!(), r"*?__"), Token("gs"), Stay),
    Match(concat!(r"[*]", edot!(), r"*?[*]"), Token("ge"), Stay),
    Match(concat!(r"_", edot!(), r"*?_"), Token("ge"), Stay),
    Match(r"<.*?@.+[.].+>", Token("nv"), Stay),
    Match(
        concat!(r"<(https?|mailto|ftp)://", edot!(), r"*?>"),
        Token("nv"),
        Stay,
    ),
    Match(r"[^\\`\[*\n&<]+", Token(TEXT), Stay),
    Match(r"&\S*;", Call(inline_html), Stay),
    Match(concat!(r"<", edot!(), r"*?>"), Call(inline_html), Stay),
    Match(r"[&<]", Token(TEXT), Stay),
    Match(r"\[", Token(TEXT), Stay),
    Match(r"\n", Token(TEXT), Stay),
];

/// Front matter, lexed as YAML from its start.
fn front_matter(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_fresh(&YAML, 0, matched.text);
}

/// Inline HTML, lexed by the one HTML run of the document.
fn inline_html(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_kept(&HTML, 0, matched.text);
}

/// `[name]: address "title"`: the address, then the title, follow.
fn link_reference(lexing: &mut Lexing, matched: &Matched) {
    lexing.groups(matched, &[TEXT, "p", "ss", "p", TEXT, "p"]);
    lexing.push("title");
    lexing.push("url");
}

/// The lexer of a fenced code block, by its info string.
#[derive(Clone, Copy, Default)]
pub(in crate::render::highlight) enum FencedLexer {
    /// No language named: plain text (what Rouge's guess gives for code it cannot place).
    #[default]
    Unnamed,
    /// A language with no lexer here: plain `sb` text, as Rouge writes an unknown one.
    Unknown,
    /// One of ours.
    Rouge(&'static LexerSpec),
}

/// A fenced code block still open at the end of its opening match: its fence and lexer.
#[derive(Default)]
pub(in crate::render::highlight) struct Fence {
    marks: String,
    lexer: FencedLexer,
}

/// A fenced code block: the fence `p`, the info string `nl`, the code by its lexer.
fn fenced_code(lexing: &mut Lexing, matched: &Matched) {
    let info = matched.group(3).map_or("", |(_, info)| info);
    let lexer = match info.trim() {
        "" => FencedLexer::Unnamed,
        name => find_lexer(name)
            .filter(|lexer| lexer.session_of.is_none())
            .map_or(FencedLexer::Unknown, FencedLexer::Rouge),
    };
    if let FencedLexer::Rouge(spec) = lexer {
        lexing.restart_kept(spec);
    }
    lexing.groups(matched, &[TEXT, "p", "nl"]);
    if let Some((offset, code)) = matched.group(5) {
        fenced_lines(lexing, lexer, offset, code);
    }
    if let Some((offset, newline)) = matched.group(6) {
        lexing.token_at(TEXT, offset, newline);
    }
    match matched.group(7) {
        Some((offset, marks)) => lexing.token_at("p", offset, marks),
        None => {
            let marks = matched.group(2).map_or("", |(_, marks)| marks).to_owned();
            lexing.fence = Fence { marks, lexer };
            lexing.push("fenced");
        }
    }
}

/// Code of a fenced block, `offset` bytes into the match, lexed by its lexer.
fn fenced_lines(lexing: &mut Lexing, lexer: FencedLexer, offset: usize, code: &str) {
    match lexer {
        FencedLexer::Unnamed => lexing.token_at(TEXT, offset, code),
        FencedLexer::Unknown => lexing.token_at("sb", offset, code),
        FencedLexer::Rouge(spec) => lexing.delegate_kept(spec, offset, code),
    }
}

/// Inside a fenced code block whose end the opening match did not find: each line is
/// code until one that starts with the fence.
const FENCED: &[Rule] = &[
    Remembered(fence_end, Groups(&[TEXT, "p"]), Pop),
    Match(r"^.*\n", Call(fenced_line), Stay),
];

/// The pattern of the open block's closing fence.
fn fence_end(lexing: &Lexing) -> String {
    format!("^([ \\t]*)({})", lexing.fence.marks)
}

/// A line of the open block's code.
fn fenced_line(lexing: &mut Lexing, matched: &Matched) {
    fenced_lines(lexing, lexing.fence.lexer, 0, matched.text);
}

const LINK: &[Rule] = &[
    Match(
        concat!(r"(\[)(", edot!(), r"*?)(\])"),
        Groups(&["p", "ss", "p"]),
        Pop,
    ),
    Match(r"[(]", Call(inline_link), Stay),
    Match(r"[ \t]+", Token(TEXT), Stay),
    Match("", Token(TEXT), Pop),
];

/// `(address "title")`: the address, then the title, follow.
fn inline_link(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.push("inline_title");
    lexing.push("inline_url");
}

const URL: &[Rule] = &[
    Match(r"[ \t]+", Token(TEXT), Stay),
    Match(
        concat!(r"(<)(", edot!(), r"*?)(>)"),
        Groups(&["nt", "sx", "nt"]),
        Pop,
    ),
    Match(r"\S+", Token("sx"), Pop),
];

const TITLE: &[Rule] = &[
    Match(concat!(r#"""#, edot!(), r#"*?""#), Token("nn"), Stay),
    Match(concat!(r"'", edot!(), r"*?'"), Token("nn"), Stay),
    Match(concat!(r"[(]", edot!(), r"*?[)]"), Token("nn"), Stay),
    Match(r#"\s*(?=["'()])"#, Token(TEXT), Stay),
    Match("", Token(TEXT), Pop),
];

const INLINE_TITLE: &[Rule] = &[Match(r"[)]", Token("p"), Pop), Mixin("title")];

const INLINE_URL: &[Rule] = &[
    Match(r"[^<\s)]+", Token("sx"), Pop),
    Match(r"\s+", Token(TEXT), Stay),
    Mixin("url"),
];
