//! Syntax highlighting of code blocks with syntect, in the markup Jekyll (kramdown + Rouge) emits.
//!
//! Jekyll themes style code through the wrappers kramdown and the `{% highlight %}` tag
//! write (`div.highlighter-rouge`, `pre.highlight`, `figure.highlight`, `table.rouge-table`),
//! so [`code_block_html`] and [`highlight_tag_html`] reproduce those wrappers byte for byte
//! (checked against Jekyll 4.3.1 with kramdown 2.4.0 and Rouge 3.30.0). The spans inside come
//! from syntect's grammars but are written the way Rouge's HTML formatter writes them.
//!
//! # Rouge's classes, flat spans
//!
//! Each token gets one of Rouge's (Pygments') short classes, `k`, `s2`, `nf`, `c1`, ..., so
//! both a Jekyll theme's own CSS (`.highlight .k`) and [`stylesheet`] colour it. A token's
//! class comes from its scope stack: every scope maps to a class by the longest prefix in a
//! small table ([`SCOPE_CLASSES`], with a few per-grammar entries), and an enclosing scope's
//! class wins over a nested one's only if it ranks higher, so a string's quotes are string,
//! everything in a comment is comment, and an escape inside a string stays `se`.
//!
//! The spans are flat, one per run of tokens with the same class (`<span class="p">),</span>`),
//! never nested, with unclassed text and the whitespace between code tokens outside any
//! span, as in Rouge: `<span class="k">fn</span> <span class="nf">main</span><span class="p">()</span>`.
//! That keeps the HTML as small as Rouge's (0.8-0.9 times its bytes on 100-line Rust
//! samples; syntect's own classed HTML, a nested span per scope with every scope atom as a
//! class, is 5-10 times larger), and puts span boundaries where Rouge has them, so the text
//! splits into the same words: to that end brackets and commas a grammar leaves unscoped are
//! `p`, Rust's `.name` is one span, and JavaScript's quotes are `dl`, as Rouge lexes them.
//! Classes still differ where Rouge's lexers and bat's grammars disagree (Rouge's `s` for
//! every Rust string is our `s2` or `s1`, for one), and identifiers the grammar leaves
//! unscoped stay unwrapped where Rouge writes `n`.
//!
//! # Grammars, themes and sharing
//!
//! Grammars are bat's maintained set and themes are bat's, both from `two-face` as binary
//! dumps. Each is decoded once per process into a `static` and shared by reference across
//! threads: a `SyntaxSet` is `Sync`, and cloning one would recompile its regexes. Loading is
//! lazy (regexes compile on first use per grammar), so the first call pays for decoding.
//!
//! # No input can hang a build
//!
//! syntect's regexes can backtrack catastrophically on some inputs (a 10 KB line of
//! backticks takes bat's Markdown grammar about 40 s). A block falls back to plain escaped
//! text (the same text, unhighlighted, in the same wrapper) when:
//! - it is larger than [`MAX_HIGHLIGHTED_BLOCK_BYTES`], or any of its lines is longer than
//!   [`MAX_HIGHLIGHTED_LINE_BYTES`]: these are never handed to the regex engine at all;
//! - it is not highlighted within [`TIME_BUDGET_PER_BLOCK`] of wall-clock time.
//!
//! The budget is a hard limit for the caller: blocks are highlighted on a small pool of
//! worker threads (one per concurrently highlighting caller, reused across blocks), and the
//! caller waits for its block at most the budget. A regex search cannot be interrupted, so a
//! worker that overruns is abandoned; it checks the clock before each line and stops there,
//! so it burns CPU for at most the rest of its current line (bounded by the line cap) in the
//! background, then exits. A build thus waits at most the budget per code block. If a worker
//! thread cannot be spawned, or syntect errors or panics, the block is plain text.
//!
//! # Each block once per process
//!
//! Highlighted blocks are remembered by grammar and content for the life of the process
//! ([`memo`]): a block that occurs twice in a site is highlighted once, and `serve`'s
//! rebuilds never highlight an unchanged block again. The fallbacks above are not
//! remembered.
//!
//! # Measured cost
//!
//! Where a clean build's highlighting time goes (`perf record` of a release build of the
//! 1,000-post benchmark corpus, 1,600 blocks of 2-5 lines): syntect's parsing, most of it
//! in Oniguruma's regex search (`match_at`, `forward_search`, `search_in_range`: 22% of
//! all samples; `ParseState::parse_line` and its `MatchIter` 14%); the worker hand-off,
//! the class tables and the span writer are each below 2%. A block's cost is the
//! grammar's regexes run over its lines, so what is left to save is work done twice.
//!
//! Release build on a busy 2-core x86-64 container (load average ≈ 5; ranges over runs):
//! decoding the syntax set on first use 1.6–2.3 ms; the first Rust block then compiles the
//! Rust grammar's regexes, 2–4.5 ms; the first 1,000 lines of syntect's own
//! `parsing/parser.rs` (40 KB) then highlight in 23–48 ms (20,000–40,000 lines/s); a
//! one-line block costs ≈ 30 µs including the worker hand-off; `stylesheet()` including the
//! theme set's first load takes 0.6 ms. A debug build is about eight times slower (the
//! 1,000-line test in `tests.rs` takes about 190 ms there); re-measure with
//! `cargo test --release --lib a_thousand_line -- --nocapture`.

mod classes;
mod css;
mod memo;
mod pool;
mod rouge;
mod rouge_names;
mod spans;

pub use css::stylesheet;
pub use pool::{DOCUMENT_BUDGET, within_document_budget};

use classes::*;
use pool::*;
use spans::*;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crate::render::escape::{escape_attribute, escape_text, push_escaped_text};
use syntect::highlighting::{Color, FontStyle, Highlighter, Style, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// Wall-clock time one block may spend in syntect before it is emitted as plain text.
pub const TIME_BUDGET_PER_BLOCK: Duration = Duration::from_secs(2);

/// Lines longer than this (in bytes) make their whole block plain text: minified code and
/// data blobs are where regex backtracking explodes, and nobody reads their colours.
pub const MAX_HIGHLIGHTED_LINE_BYTES: usize = 10_000;

/// Blocks larger than this (in bytes) are emitted as plain text without trying.
pub const MAX_HIGHLIGHTED_BLOCK_BYTES: usize = 512 * 1024;

/// Light palette. Coldark-Cold and Coldark-Dark are one family with the same scopes, and each
/// keeps every token colour at a WCAG contrast of at least 4.5:1 on its own background.
const LIGHT_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkCold;

/// Dark palette; see [`LIGHT_THEME`].
const DARK_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkDark;

/// Root selector under which the dark palette follows the reader's system preference,
/// unless a theme toggle has forced light with `data-theme="light"`.
const SYSTEM_DARK_ROOT: &str = r#":root:not([data-theme="light"])"#;

/// Root selector with which a theme toggle forces the dark palette.
const FORCED_DARK_ROOT: &str = r#":root[data-theme="dark"]"#;

/// The code containers of Jekyll's two markups, which get each palette's background and
/// foreground.
const CODE_CONTAINER_SELECTORS: &str = "pre.highlight, figure.highlight pre";

/// bat's grammars, decoded once per process and shared by all threads.
static SYNTAX_SET: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// bat's themes, decoded once per process.
static THEME_SET: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

/// Rouge's language names that syntect's tokens miss or map badly, with what to use
/// instead: a syntect token, or `None` for plain text.
const LANGUAGE_ALIASES: &[(&str, Option<&str>)] = &[
    // Plain text (shell sessions and shell code have lexers in `rouge`).
    ("text", None),
    ("plaintext", None),
    // Rouge's names for languages syntect knows by another token.
    ("jsonc", Some("json")),
    ("csharp", Some("cs")),
    ("objc", Some("objective-c")),
    ("obj-c", Some("objective-c")),
    ("batch", Some("bat")),
    ("rhtml", Some("erb")),
];

/// What a code block's language name resolves to.
enum Language {
    /// Known, and shown as escaped text without spans (`text`, `console`, ...).
    PlainText,
    /// Known to syntect.
    Grammar(&'static SyntaxReference),
    /// A language whose tokens we split as Rouge does, with our own lexer ([`rouge`]).
    Rouge(&'static rouge::LexerSpec),
}

/// Jekyll's markup for a fenced or indented Markdown code block, as kramdown with Rouge
/// writes it, so Jekyll themes' CSS applies:
/// `<div class="language-LANG highlighter-rouge"><div class="highlight"><pre class="highlight"><code>…</code></pre></div></div>\n`.
///
/// LANG is the first word of `lang` (the info string) as written, and `plaintext` when
/// there is none. As in kramdown, non-empty code ends in a newline right before `</code>`
/// (one is added if missing; trailing blank lines are kept), empty code gives
/// `<code></code>`, and the returned HTML ends in a newline after the last closing tag.
///
/// A language Rouge does not know (`python3`, `cmd`), or that nothing here lexes, gets
/// kramdown's fallback instead,
/// `<pre><code class="language-LANG">…\n</code></pre>\n`, with the code escaped.
/// As in Rouge, a name with capitals is unknown (```` ```Rust ```` gets the fallback,
/// `class="language-Rust"`) unless Rouge has it so (```` ```Dockerfile ````).
pub fn code_block_html(lang: Option<&str>, code: &str) -> String {
    let lang = lang
        .and_then(|info| info.split_whitespace().next())
        .map_or_else(|| "plaintext".to_owned(), str::to_owned);
    let code_without_final_newline = code.strip_suffix('\n').unwrap_or(code);
    // Rouge knows its lexers by their exact names, nearly all lowercase: to kramdown,
    // `Nim` and `python3` are unknown, but `Dockerfile` is Rouge's alias for Docker.
    let language = rouge_names::knows(&lang)
        .then(|| {
            (rouge::find_lexer(&lang).map(Language::Rouge))
                .or_else(|| resolve_language(&lang.to_lowercase()))
        })
        .flatten();
    match language {
        Some(language) => {
            let body = if code.is_empty() {
                String::new()
            } else {
                render_lines(&language, code_without_final_newline)
            };
            format!(
                "<div class=\"language-{} highlighter-rouge\"><div class=\"highlight\">\
                 <pre class=\"highlight\"><code>{body}</code></pre></div></div>\n",
                escape_attribute(&lang),
            )
        }
        None => format!(
            "<pre><code class=\"language-{}\">{}\n</code></pre>\n",
            escape_attribute(&lang),
            escape_text(code_without_final_newline)
        ),
    }
}

/// Jekyll's markup for `{% highlight LANG [linenos] %}`:
/// `<figure class="highlight"><pre><code class="language-LANG" data-lang="LANG">…</code></pre></figure>`.
///
/// As in Jekyll, LANG is lowercased (and `+` becomes `-` in the class), leading and trailing
/// line breaks of `code` are dropped, and a language Rouge does not know is shown as
/// escaped text (Rouge's plain-text lexer).
/// Without line numbers the code ends without a newline. With `line_numbers`, the code
/// element holds Rouge's table instead:
/// `<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">1\n2\n</pre></td><td class="code"><pre>…\n</pre></td></tr></tbody></table>`.
pub fn highlight_tag_html(lang: &str, code: &str, line_numbers: bool) -> String {
    let lang = lang.to_lowercase();
    let code = code.trim_matches(['\n', '\r']);
    let language = resolve_language(&lang).unwrap_or(Language::PlainText);
    let body = if line_numbers {
        let line_count = code.matches('\n').count() + 1;
        let gutter: String = (1..=line_count)
            .map(|number| format!("{number}\n"))
            .collect();
        format!(
            "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\">\
             <pre class=\"lineno\">{gutter}</pre></td><td class=\"code\"><pre>{}</pre></td>\
             </tr></tbody></table>",
            render_lines(&language, code)
        )
    } else {
        render_text(&language, code)
    };
    format!(
        "<figure class=\"highlight\"><pre><code class=\"language-{}\" data-lang=\"{}\">{body}</code></pre></figure>",
        escape_attribute(&lang.replace('+', "-")),
        escape_attribute(&lang),
    )
}

/// The highlighted inner HTML of `code` (escaped text in flat spans with Rouge's classes),
/// for callers that write their own wrapper.
///
/// `None` when `lang` is unknown or the block fell back to plain text (too large, a line
/// too long, or over the time budget; see the module docs). A known plain-text language
/// (`text`, `console`, ...) gives the escaped code.
pub fn highlight_code(lang: &str, code: &str) -> Option<String> {
    match resolve_language(&lang.to_lowercase())? {
        Language::PlainText => Some(escape_text(code)),
        language => highlight_in(&language, code),
    }
}

/// Resolves a lowercased language name Rouge knows ([`rouge_names`]; any other is
/// `None`, unknown) to one of our Rouge-compatible lexers, else through
/// [`LANGUAGE_ALIASES`], then syntect's tokens (file extensions and grammar names),
/// then grammar names.
fn resolve_language(lang: &str) -> Option<Language> {
    if !rouge_names::knows(lang) {
        return None;
    }
    if let Some(lexer) = rouge::find_lexer(lang) {
        return Some(Language::Rouge(lexer));
    }
    let token = match LANGUAGE_ALIASES.iter().find(|(alias, _)| *alias == lang) {
        Some((_, Some(token))) => *token,
        Some((_, None)) => return Some(Language::PlainText),
        None => lang,
    };
    let syntaxes: &'static SyntaxSet = &SYNTAX_SET;
    let grammar = syntaxes
        .find_syntax_by_token(token)
        .or_else(|| syntaxes.find_syntax_by_name(token))?;
    Some(if grammar.name == syntaxes.find_syntax_plain_text().name {
        Language::PlainText
    } else {
        Language::Grammar(grammar)
    })
}

/// `code` (no trailing newline) as the body of a block whose lines each end in a newline.
/// No span holds the block's final newline ([`FlatSpans`] ends spans before trailing
/// whitespace), so it is where Jekyll has it.
fn render_lines(language: &Language, code: &str) -> String {
    render_text(language, &format!("{code}\n"))
}

/// `code` highlighted in `language`, or escaped when plain or when highlighting fell back.
fn render_text(language: &Language, code: &str) -> String {
    highlight_in(language, code).unwrap_or_else(|| escape_text(code))
}

/// `code` highlighted in `language`, or `None` when plain or when highlighting fell back.
fn highlight_in(language: &Language, code: &str) -> Option<String> {
    match *language {
        Language::PlainText => None,
        Language::Grammar(grammar) => highlight_within(CodeLexer::Grammar(grammar), code),
        Language::Rouge(lexer) => highlight_within(CodeLexer::Rouge(lexer), code),
    }
}

#[cfg(test)]
mod tests;
