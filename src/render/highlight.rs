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
//! # Measured cost
//!
//! Release build on a busy 2-core x86-64 container (load average ≈ 5; ranges over runs):
//! decoding the syntax set on first use 1.6–2.3 ms; the first Rust block then compiles the
//! Rust grammar's regexes, 2–4.5 ms; the first 1,000 lines of syntect's own
//! `parsing/parser.rs` (40 KB) then highlight in 23–48 ms (20,000–40,000 lines/s); a
//! one-line block costs ≈ 30 µs including the worker hand-off; `stylesheet()` including the
//! theme set's first load takes 0.6 ms. A debug build is about eight times slower (the
//! 1,000-line test below takes about 190 ms there); re-measure with
//! `cargo test --release --lib a_thousand_line -- --nocapture`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError, mpsc};
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

/// Language names Jekyll and Rouge users write that syntect's tokens miss or map badly,
/// with what to use instead: a syntect token, or `None` for plain text.
const LANGUAGE_ALIASES: &[(&str, Option<&str>)] = &[
    // Plain text, and shell transcripts: their output lines are not shell code.
    ("text", None),
    ("plaintext", None),
    ("plain", None),
    ("txt", None),
    ("none", None),
    ("nohighlight", None),
    ("console", None),
    ("sh-session", None),
    ("shell-session", None),
    ("terminal", None),
    ("shell", Some("sh")),
    // Rouge's Rust lexer accepts rust-skeptic's doc-test annotations as names.
    ("rust,no_run", Some("rs")),
    ("rs,no_run", Some("rs")),
    ("rust,ignore", Some("rs")),
    ("rs,ignore", Some("rs")),
    ("rust,should_panic", Some("rs")),
    ("rs,should_panic", Some("rs")),
    // syntect's "javascript" token is the old JavaScript grammar; `js` is bat's maintained one.
    ("javascript", Some("js")),
    ("node", Some("js")),
    ("nodejs", Some("js")),
    ("mjs", Some("js")),
    ("cjs", Some("js")),
    ("ecmascript", Some("js")),
    ("jsonc", Some("json")),
    ("json5", Some("json")),
    ("golang", Some("go")),
    ("docker", Some("dockerfile")),
    ("python3", Some("py")),
    ("pwsh", Some("ps1")),
    ("posh", Some("ps1")),
    ("csharp", Some("cs")),
    ("objc", Some("objective-c")),
    ("obj-c", Some("objective-c")),
    ("batch", Some("bat")),
    ("html+erb", Some("erb")),
    ("rhtml", Some("erb")),
];

/// What a code block's language name resolves to.
enum Language {
    /// Known, and shown as escaped text without spans (`text`, `console`, ...).
    PlainText,
    /// Known to syntect.
    Grammar(&'static SyntaxReference),
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
/// A language nobody knows gets kramdown's fallback instead,
/// `<pre><code class="language-LANG">…\n</code></pre>\n`, with the code escaped.
/// As in Rouge, a name with capitals is unknown (```` ```Rust ```` gets the fallback,
/// `class="language-Rust"`).
pub fn code_block_html(lang: Option<&str>, code: &str) -> String {
    let lang = lang
        .and_then(|info| info.split_whitespace().next())
        .map_or_else(|| "plaintext".to_owned(), str::to_owned);
    let code_without_final_newline = code.strip_suffix('\n').unwrap_or(code);
    // Rouge knows its lexers by lowercase names only: to kramdown, `Nim` is unknown.
    let language = if lang.chars().any(char::is_uppercase) {
        None
    } else {
        resolve_language(&lang)
    };
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
/// line breaks of `code` are dropped, and an unknown language is shown as escaped text.
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
        Language::Grammar(grammar) => highlight_within(grammar, code, TIME_BUDGET_PER_BLOCK),
    }
}

/// The stylesheet for Rouge's short classes (`.highlight .k`, ...) and Jekyll's code
/// containers.
///
/// Each class is coloured as the theme colours a representative scope
/// ([`CLASS_STYLE_SCOPES`]); every colour keeps a WCAG contrast of at least 4.5:1 on its
/// palette's background (a test checks). The rules sit under `.highlight`, so they apply in
/// both `div.highlight` and `figure.highlight`.
///
/// The light palette (Coldark-Cold) applies by default. The dark one (Coldark-Dark) applies
/// under `@media (prefers-color-scheme: dark)` unless the root element has
/// `data-theme="light"`, and whenever the root element has `data-theme="dark"`, so a theme
/// toggle can force either. Each palette sets the background and foreground of
/// `pre.highlight` and `figure.highlight pre`.
pub fn stylesheet() -> String {
    let light = THEME_SET.get(LIGHT_THEME);
    let dark = THEME_SET.get(DARK_THEME);
    format!(
        "/* Code highlighting by coldstart: {light_name} by default, {dark_name} when the \
         system prefers dark (unless data-theme=\"light\") or the root has data-theme=\"dark\". */\n\
         {light_rules}\
         @media (prefers-color-scheme: dark) {{\n{system_dark_rules}}}\n\
         {forced_dark_rules}",
        light_name = LIGHT_THEME.as_name(),
        dark_name = DARK_THEME.as_name(),
        light_rules = palette_css(light, None),
        system_dark_rules = palette_css(dark, Some(SYSTEM_DARK_ROOT)),
        forced_dark_rules = palette_css(dark, Some(FORCED_DARK_ROOT)),
    )
}

/// Resolves a lowercased language name through [`LANGUAGE_ALIASES`], then syntect's tokens
/// (file extensions and grammar names), then grammar names. `None` means unknown.
fn resolve_language(lang: &str) -> Option<Language> {
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
    match language {
        Language::PlainText => escape_text(code),
        Language::Grammar(grammar) => highlight_within(grammar, code, TIME_BUDGET_PER_BLOCK)
            .unwrap_or_else(|| escape_text(code)),
    }
}

/// Highlights `code`, or `None` if it is too large, has a line that is too long, is not
/// done within `budget`, or syntect fails (an error, or a panic that ends its worker).
///
/// The work runs on a pooled worker thread so that the caller waits at most `budget` even
/// when one regex search runs away. An overrunning worker is dropped from the pool rather
/// than waited for; it stops by itself before its next line (see [`highlight_lines_until`])
/// and then exits, as nothing can send it work any more.
fn highlight_within(
    grammar: &'static SyntaxReference,
    code: &str,
    budget: Duration,
) -> Option<String> {
    if code.len() > MAX_HIGHLIGHTED_BLOCK_BYTES
        || code
            .split('\n')
            .any(|line| line.len() > MAX_HIGHLIGHTED_LINE_BYTES)
    {
        return None;
    }
    let deadline = Instant::now() + budget;
    let idle_worker = IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop();
    let worker = idle_worker.or_else(Worker::spawn)?;
    let (reply, highlighted) = mpsc::sync_channel(1);
    worker
        .jobs
        .send(Job {
            grammar,
            code: code.to_owned(),
            deadline,
            reply,
        })
        .ok()?;
    let highlighted = highlighted
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok()?;
    IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(worker);
    highlighted
}

/// Highlighting threads waiting for a block: one per caller that was ever concurrently
/// highlighting, so threads are spawned once, not per block (a spawn costs ~100 µs).
static IDLE_WORKERS: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// A thread that highlights the blocks sent to it, one at a time, until its sender is dropped.
struct Worker {
    /// Where to send the next block.
    jobs: mpsc::Sender<Job>,
}

/// One block for a [`Worker`], and where to send the result.
struct Job {
    grammar: &'static SyntaxReference,
    code: String,
    deadline: Instant,
    reply: mpsc::SyncSender<Option<String>>,
}

impl Worker {
    /// Starts a worker thread, or `None` if the system refuses one.
    fn spawn() -> Option<Worker> {
        let (jobs, incoming_jobs) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("coldstart-highlight".to_owned())
            .spawn(move || {
                for job in incoming_jobs {
                    let highlighted = highlight_lines_until(job.grammar, &job.code, job.deadline);
                    // The receiver is gone when the caller stopped waiting; the result is moot.
                    let _ = job.reply.send(highlighted);
                }
            })
            .ok()?;
        Some(Worker { jobs })
    }
}

/// Highlights `code` line by line into flat Rouge-classed spans, giving up (`None`) at the
/// first line that would start after `deadline`, or on a syntect error.
fn highlight_lines_until(
    grammar: &SyntaxReference,
    code: &str,
    deadline: Instant,
) -> Option<String> {
    let mut parser = ParseState::new(grammar);
    let mut stack = ScopeStack::new();
    let mut spans = FlatSpans::new(grammar, code.len() * 3);
    let mut classes = StackClasses::new(grammar_scope_classes(grammar));
    let mut class = None;
    let mut stack_changed = false;
    for line in LinesWithEndings::from(code) {
        if Instant::now() >= deadline {
            return None;
        }
        let ops = parser.parse_line(line, &SYNTAX_SET).ok()?;
        let mut start = 0;
        for (index, op) in ops
            .iter()
            .map(|(index, op)| (*index, Some(op)))
            .chain([(line.len(), None)])
        {
            if index > start {
                if stack_changed {
                    class = classes.class_for_stack(stack.as_slice());
                    stack_changed = false;
                }
                spans.push_token(&line[start..index], class);
                start = index;
            }
            if let Some(op) = op {
                stack.apply(op).ok()?;
                stack_changed = true;
            }
        }
    }
    Some(spans.finish())
}

/// HTML being written as flat spans, one per run of tokens with the same class, the way
/// Rouge's HTML formatter writes them.
///
/// Whitespace around code tokens is written outside their spans, and line breaks end every
/// span unless the next line continues it: a string, comment or diff line spanning lines
/// stays one span, as in Rouge (`<span class="cm">/* a\n   b */</span>`).
struct FlatSpans {
    html: String,
    /// The class of the span that is open (written but not yet closed), if any.
    open: Option<&'static str>,
    /// Whitespace after the open span's text: inside it if the next token continues it,
    /// after it otherwise.
    pending_whitespace: String,
    /// How text the grammar leaves unscoped is split into tokens.
    unscoped: UnscopedSplit,
    /// Text of [`JOINS_NEXT_TOKEN`] tokens waiting for the token they join.
    joining: String,
    /// Operators and punctuation this grammar's Rouge lexer classes its own way.
    symbol_classes: &'static [(&'static str, &'static str)],
}

impl FlatSpans {
    fn new(grammar: &SyntaxReference, capacity: usize) -> FlatSpans {
        FlatSpans {
            html: String::with_capacity(capacity),
            open: None,
            pending_whitespace: String::new(),
            unscoped: UnscopedSplit::for_grammar(grammar),
            joining: String::new(),
            symbol_classes: GRAMMAR_SYMBOL_CLASSES
                .iter()
                .find(|(prefix, _)| grammar.scope.build_string().starts_with(prefix))
                .map_or(&[], |(_, classes)| classes),
        }
    }

    /// Adds one token's text with the class of its scope stack (`None`: unwrapped).
    fn push_token(&mut self, text: &str, class: Option<&'static str>) {
        if class == Some(JOINS_NEXT_TOKEN) {
            self.joining.push_str(text);
            return;
        }
        if !self.joining.is_empty() {
            let mut joined = std::mem::take(&mut self.joining);
            if text.starts_with(is_rouge_whitespace) || text.is_empty() {
                self.push_token(&joined, Some("p"));
            } else {
                joined.push_str(text);
                self.push_token(&joined, Some(class.unwrap_or("py")));
                return;
            }
        }
        // A code token's surrounding whitespace goes outside its span; a string's or
        // comment's stays inside, except for a line break at its end.
        let keeps_whitespace = keeps_inner_whitespace(class);
        let body_start = if keeps_whitespace {
            0
        } else {
            text.len() - text.trim_start_matches(is_rouge_whitespace).len()
        };
        let trimmed_end = text
            .trim_end_matches(is_rouge_whitespace)
            .len()
            .max(body_start);
        let body_end = if keeps_whitespace && !text[trimmed_end..].contains(['\n', '\r']) {
            text.len()
        } else {
            trimmed_end
        };
        self.push_whitespace(&text[..body_start], class);
        let body = &text[body_start..body_end];
        match class {
            _ if body.is_empty() => {}
            Some("o") if body.bytes().all(|byte| byte.is_ascii_alphabetic()) => {
                self.push_text(body, Some("ow"));
            }
            Some("kt") if DECLARATION_WORDS.contains(&body) => self.push_text(body, Some("k")),
            None if self.unscoped != UnscopedSplit::Prose => {
                let mut rest = body;
                while let Some(first) = rest.chars().next() {
                    let kind = self.unscoped.kind(first);
                    let run = rest
                        .find(|c| self.unscoped.kind(c) != kind)
                        .unwrap_or(rest.len());
                    let (token, after) = rest.split_at(run);
                    if kind == UnscopedKind::Whitespace {
                        self.push_whitespace(token, None);
                    } else {
                        self.push_text(token, kind.class(token));
                    }
                    rest = after;
                }
            }
            _ => self.push_text(body, class),
        }
        self.push_whitespace(&text[body_end..], class);
    }

    /// Adds text in a span of `class` (`None`: unwrapped), continuing the open span if it
    /// has the same class.
    fn push_text(&mut self, text: &str, class: Option<&'static str>) {
        let symbols = matches!(class, Some("o" | "p")) && !self.symbol_classes.is_empty();
        if symbols && text.chars().nth(1).is_some() {
            for (at, c) in text.char_indices() {
                self.push_text(&text[at..at + c.len_utf8()], class);
            }
            return;
        }
        let class = match class {
            Some("o" | "p") => self
                .symbol_classes
                .iter()
                .find(|(symbol, _)| *symbol == text)
                .map_or(class, |(_, symbol_class)| Some(*symbol_class)),
            _ => class,
        };
        if self.open.is_none() || self.open != class {
            self.close_span();
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.html.push_str(&self.pending_whitespace);
        self.pending_whitespace.clear();
        push_escaped_text(&mut self.html, text);
    }

    /// Adds whitespace with the class of its scope stack.
    fn push_whitespace(&mut self, whitespace: &str, class: Option<&'static str>) {
        if whitespace.is_empty() {
            return;
        }
        if self.open.is_none() || self.open != class || !keeps_inner_whitespace(self.open) {
            self.close_span();
        }
        self.pending_whitespace.push_str(whitespace);
    }

    /// Closes the open span, if any, and writes the whitespace after it.
    fn close_span(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&self.pending_whitespace);
        self.pending_whitespace.clear();
    }

    fn finish(mut self) -> String {
        let joining = std::mem::take(&mut self.joining);
        self.push_token(&joining, Some("p"));
        self.close_span();
        self.html
    }
}

/// Grammar scopes (prefixes) whose unscoped text is prose, not code: no spans in it.
const TEXT_LIKE_GRAMMARS: &[&str] = &["text.", "source.diff"];

/// Grammar scopes (prefixes) whose unscoped text is command words, which Rouge's lexers
/// leave as plain text up to whitespace or a bracket (`-o`, `foo/bar.txt`).
const COMMAND_LIKE_GRAMMARS: &[&str] = &["source.shell", "source.dockerfile", "source.makefile"];

/// How a grammar's unscoped text splits into tokens, as Rouge's lexers split it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnscopedSplit {
    /// Prose (plain text, diffs): left as it is.
    Prose,
    /// Command words: only brackets and separators are split off, as `p`.
    Commands,
    /// Code: identifiers `n`, numbers `mi`, operators `o`, punctuation `p`, whitespace bare.
    Code,
}

/// What one character of unscoped text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnscopedKind {
    Whitespace,
    Word,
    Punctuation,
    Operator,
    /// Anything else in command-like text.
    Plain,
}

impl UnscopedSplit {
    fn for_grammar(grammar: &SyntaxReference) -> UnscopedSplit {
        let scope = grammar.scope.build_string();
        let matches = |prefixes: &[&str]| prefixes.iter().any(|prefix| scope.starts_with(prefix));
        if matches(TEXT_LIKE_GRAMMARS) {
            UnscopedSplit::Prose
        } else if matches(COMMAND_LIKE_GRAMMARS) {
            UnscopedSplit::Commands
        } else {
            UnscopedSplit::Code
        }
    }

    /// The kind of `c`; a run of characters of one kind is one token.
    fn kind(self, c: char) -> UnscopedKind {
        if is_bracket_or_separator(c) {
            UnscopedKind::Punctuation
        } else if self == UnscopedSplit::Commands {
            UnscopedKind::Plain
        } else if is_rouge_whitespace(c) {
            UnscopedKind::Whitespace
        } else if c.is_alphanumeric() || c == '_' {
            UnscopedKind::Word
        } else if matches!(c, '.' | ':') {
            UnscopedKind::Punctuation
        } else {
            UnscopedKind::Operator
        }
    }
}

impl UnscopedKind {
    /// The Rouge class of a run `token` of this kind (`None`: unwrapped).
    fn class(self, token: &str) -> Option<&'static str> {
        match self {
            UnscopedKind::Whitespace | UnscopedKind::Plain => None,
            UnscopedKind::Word if token.starts_with(|c: char| c.is_ascii_digit()) => Some("mi"),
            UnscopedKind::Word => Some("n"),
            UnscopedKind::Punctuation => Some("p"),
            UnscopedKind::Operator => Some("o"),
        }
    }
}

/// The characters Rouge's lexers make punctuation (`p`) in every kind of code (grammars
/// sometimes leave them unscoped: Rust's commas in generics, for one).
fn is_bracket_or_separator(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';')
}

/// The whitespace Rouge's lexers match with `\s`, which they leave outside spans.
fn is_rouge_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b')
}

/// Whether whitespace between two tokens of `class` belongs inside their span: text-like
/// tokens (strings, comments, diff lines) keep their spaces, code tokens do not.
fn keeps_inner_whitespace(class: Option<&str>) -> bool {
    class.is_some_and(|class| class_rank(class) >= Rank::String)
}

/// Syntect scope prefixes and the Rouge (Pygments) short class of the tokens they cover.
/// For each scope of a stack the longest matching prefix counts; [`StackClasses::class_for_stack`] then
/// picks between the scopes of the stack by [`class_rank`].
const SCOPE_CLASSES: &[(&str, &str)] = &[
    // Comments.
    ("comment", "c"),
    ("comment.line", "c1"),
    ("comment.block", "cm"),
    ("comment.block.documentation", "cd"),
    ("comment.line.documentation", "cd"),
    ("meta.preprocessor", "cp"),
    // Strings.
    ("string", "s"),
    ("string.quoted.double", "s2"),
    ("string.quoted.single", "s1"),
    ("string.regexp", "sr"),
    ("string.unquoted.heredoc", "sh"),
    ("string.quoted.other.heredoc", "sh"),
    ("constant.character.escape", "se"),
    ("storage.modifier.conversion", "si"),
    ("punctuation.section.interpolation", "si"),
    ("punctuation.definition.template-expression", "si"),
    ("storage.type.string", "sa"),
    ("constant.character", "sc"),
    // Numbers.
    ("constant.numeric", "m"),
    ("constant.numeric.integer", "mi"),
    ("constant.numeric.float", "mf"),
    ("constant.numeric.hex", "mh"),
    ("constant.numeric.integer.hexadecimal", "mh"),
    ("constant.numeric.octal", "mo"),
    ("constant.numeric.integer.octal", "mo"),
    ("constant.numeric.binary", "mb"),
    ("constant.numeric.integer.binary", "mb"),
    // Other constants.
    ("constant", "no"),
    ("constant.language", "kc"),
    ("support.constant", "no"),
    ("entity.name.constant", "no"),
    // Keywords.
    ("keyword", "k"),
    ("keyword.control.import", "kn"),
    ("keyword.other.import", "kn"),
    ("keyword.operator.module", "kn"),
    ("keyword.declaration", "k"),
    ("keyword.operator", "o"),
    ("keyword.operator.word", "ow"),
    ("keyword.other.substitution", "si"),
    ("storage", "k"),
    ("storage.modifier", "k"),
    ("storage.modifier.lifetime", "nv"),
    ("storage.type", "kt"),
    // Declaration words that grammars scope as types but Rouge calls keywords.
    ("storage.type.function", "k"),
    ("storage.type.class", "k"),
    ("storage.type.struct", "k"),
    ("storage.type.enum", "k"),
    ("storage.type.union", "k"),
    ("storage.type.trait", "k"),
    ("storage.type.impl", "k"),
    ("storage.type.interface", "k"),
    ("storage.type.type", "k"),
    ("storage.type.module", "k"),
    ("storage.type.namespace", "k"),
    ("storage.type.variable", "k"),
    // Names.
    ("entity.name", "n"),
    ("entity.name.function", "nf"),
    ("variable.function", "nf"),
    ("support.function", "nf"),
    ("support.function.builtin", "nb"),
    ("entity.name.class", "nc"),
    ("entity.name.struct", "nc"),
    ("entity.name.type", "nc"),
    ("entity.name.enum", "nc"),
    ("entity.name.trait", "nc"),
    ("entity.name.union", "nc"),
    ("entity.name.interface", "nc"),
    ("entity.name.impl", "nc"),
    ("entity.other.inherited-class", "nc"),
    ("entity.name.namespace", "nn"),
    ("entity.name.module", "nn"),
    ("meta.tag.table", "nn"),
    ("entity.name.table", "nn"),
    ("punctuation.definition.table", "nn"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.name.label", "nl"),
    ("support.type", "nb"),
    ("support.class", "nb"),
    ("support.macro", "nd"),
    ("variable", "n"),
    ("variable.language", "bp"),
    ("variable.other.readwrite.instance", "vi"),
    ("variable.other.readwrite.class", "vc"),
    ("variable.other.readwrite.global", "vg"),
    ("meta.annotation", "nd"),
    ("meta.attribute", "nd"),
    ("punctuation", "p"),
    ("punctuation.definition.generic", "o"),
    ("meta.brace", "p"),
    // Markup and diffs.
    ("markup.heading", "gh"),
    ("meta.diff.header", "gh"),
    ("meta.diff.range", "gu"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("invalid", "err"),
];

/// Scope prefixes where the classes of the enclosing scopes stop applying: code embedded
/// in a string (`${x}`, `{x}`) or in another language is classed as code again.
const BOUNDARY_SCOPES: &[&str] = &[
    "meta.interpolation",
    "meta.embedded",
    "meta.group.expansion",
];

/// Classes for scope prefixes in one grammar (a prefix of its base scope), which take
/// precedence over [`SCOPE_CLASSES`]: where a grammar's scopes mean something more
/// specific than elsewhere, or Rouge classes its tokens differently.
const GRAMMAR_SCOPE_CLASSES: &[(&str, &[(&str, &str)])] = &[
    (
        "source.shell",
        &[
            // Shell variables keep their sigil: `$HOME` is one `nv`, as in Rouge.
            ("variable", "nv"),
            ("punctuation.definition.variable", "nv"),
            ("variable.parameter.option", "nt"),
            // bat's Bash grammar scopes exactly the builtins (`echo`, `set`, ...) this way.
            ("support.function", "nb"),
        ],
    ),
    // Rouge lexes Rust's `.name` as one token (`.len` is `nf`, `.0` a number).
    (
        "source.rust",
        &[("punctuation.accessor.dot", JOINS_NEXT_TOKEN)],
    ),
    // Rouge's JavaScript lexer writes a string's quotes as delimiters apart from its text.
    ("source.js", &[("punctuation.definition.string", "dl")]),
    ("source.ts", &[("punctuation.definition.string", "dl")]),
    // Rouge's Elixir lexer: a sigil (`~D[2019-12-31]`) is one `sx`, a module attribute
    // (`@spec`) and a capture argument (`&1`) one `nv`.
    (
        "source.elixir",
        &[
            ("storage.type.string", "sx"),
            ("string.quoted.other", "sx"),
            ("variable.other.module", "nv"),
            ("keyword.operator.definition.constant", "nv"),
            ("constant.other.capture", "nv"),
            ("keyword.operator.capture", "nv"),
        ],
    ),
    // Rouge's HTML and XML lexers write a tag's brackets with its name (`<div`, `</p>`),
    // an attribute's `=` with its name, and an XML declaration as one `cp`.
    ("text.html", MARKUP_SCOPE_CLASSES),
    ("text.xml", MARKUP_SCOPE_CLASSES),
    ("source.php", &[("variable", "nv")]),
    ("embedding.php", &[("variable", "nv")]),
    ("source.perl", &[("variable", "nv")]),
    ("source.powershell", &[("variable", "nv")]),
    ("source.makefile", &[("variable", "nv")]),
];

/// Per grammar (a prefix of its base scope), operators and punctuation whose class in
/// Rouge's lexer differs from the usual `o`/`p`; the class decides which neighbours a
/// symbol merges with (Nim's `):` is one `p` span, its `[(` two).
const GRAMMAR_SYMBOL_CLASSES: &[(&str, &[(&str, &str)])] = &[
    ("source.nim", &[(":", "p"), ("[", "o"), ("]", "o")]),
    ("source.elixir", &[(".", "o")]),
];

/// The classes Rouge's HTML and XML lexers give that the markup grammars scope apart.
const MARKUP_SCOPE_CLASSES: &[(&str, &str)] = &[
    ("punctuation.definition.tag", "nt"),
    ("punctuation.separator.key-value", "na"),
    ("meta.tag.preprocessor", "cp"),
    ("constant.character.entity", "ni"),
];

/// Not a class: a token with this "class" is written as part of the token right after it,
/// in that token's span (`n` if it has none).
const JOINS_NEXT_TOKEN: &str = ".";

/// Words that grammars scope as `storage.type` but that declare rather than name a type,
/// and that Rouge therefore calls keywords (`let` in Rust, `const` in JavaScript).
const DECLARATION_WORDS: &[&str] = &[
    "let",
    "const",
    "var",
    "val",
    "static",
    "async",
    "extends",
    "implements",
    "mut",
    "dyn",
];

/// [`SCOPE_CLASSES`] as scopes, longest prefix first, built once.
static SCOPE_CLASS_TABLE: LazyLock<ScopeClassTable> =
    LazyLock::new(|| scope_class_table(SCOPE_CLASSES));

/// [`BOUNDARY_SCOPES`] as scopes, built once.
static BOUNDARY_SCOPE_TABLE: LazyLock<Vec<Scope>> = LazyLock::new(|| scopes(BOUNDARY_SCOPES));

/// [`GRAMMAR_SCOPE_CLASSES`] as scopes, each grammar's prefixes longest first, built once.
static GRAMMAR_SCOPE_CLASS_TABLE: LazyLock<Vec<(Scope, ScopeClassTable)>> = LazyLock::new(|| {
    GRAMMAR_SCOPE_CLASSES
        .iter()
        .map(|(grammar, classes)| {
            let grammar = Scope::new(grammar).expect("valid scope");
            (grammar, scope_class_table(classes))
        })
        .collect()
});

/// Scope prefixes, longest first, with their classes.
type ScopeClassTable = Vec<(Scope, &'static str)>;

/// `classes` as a [`ScopeClassTable`].
fn scope_class_table(classes: &[(&str, &'static str)]) -> ScopeClassTable {
    let mut table: ScopeClassTable = classes
        .iter()
        .map(|&(scope, class)| (Scope::new(scope).expect("valid scope"), class))
        .collect();
    table.sort_by_key(|(scope, _)| std::cmp::Reverse(scope.len()));
    table
}

/// The grammar-specific classes for `grammar`, if it has any.
fn grammar_scope_classes(grammar: &SyntaxReference) -> &'static [(Scope, &'static str)] {
    GRAMMAR_SCOPE_CLASS_TABLE
        .iter()
        .find(|(prefix, _)| prefix.is_prefix_of(grammar.scope))
        .map_or(&[], |(_, table)| table.as_slice())
}

/// Builds scopes from names known to be valid.
fn scopes(names: &[&str]) -> Vec<Scope> {
    names
        .iter()
        .map(|name| Scope::new(name).expect("valid scope"))
        .collect()
}

/// How strongly a class claims the tokens nested in its scope: an enclosing scope's class
/// replaces the class of a nested one only if it ranks higher, so a string's quotes stay
/// string, a comment's markers and everything in a diff line stay with their line, while an
/// escape keeps `se` inside its string.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Rank {
    /// Punctuation: taken over by any enclosing token (an attribute's `#[`, a table's `[`).
    Punctuation,
    /// Keywords, names, operators.
    Code,
    /// Numbers, characters, string prefixes, decorators.
    Literal,
    /// Strings, with their escapes (`se`) and interpolations (`si`), which keep their class.
    String,
    /// Comments.
    Comment,
    /// Diff lines and headings.
    Generic,
}

/// The [`Rank`] of a short class.
fn class_rank(class: &str) -> Rank {
    match class.as_bytes() {
        b"p" => Rank::Punctuation,
        [b'g', ..] => Rank::Generic,
        [b'c', ..] => Rank::Comment,
        // A tag in a string is a key (YAML's `title:`), and stays one.
        b"s" | b"s1" | b"s2" | b"sr" | b"sh" | b"se" | b"si" | b"dl" | b"nt" => Rank::String,
        [b's' | b'm', ..] | b"nd" => Rank::Literal,
        _ => Rank::Code,
    }
}

/// The class of the longest prefix of `scope` in `grammar_classes`, else in
/// [`SCOPE_CLASS_TABLE`].
fn scope_class(scope: Scope, grammar_classes: &[(Scope, &'static str)]) -> Option<&'static str> {
    grammar_classes
        .iter()
        .chain(SCOPE_CLASS_TABLE.iter())
        .find(|(prefix, _)| prefix.is_prefix_of(scope))
        .map(|&(_, class)| class)
}

/// What one scope means for the class of the tokens inside it.
#[derive(Clone, Copy)]
enum ScopeMeaning {
    /// A [`BOUNDARY_SCOPES`] scope: enclosing scopes do not count.
    Boundary,
    /// A class from the tables, or `None`.
    Class(Option<&'static str>),
}

/// The classes of scope stacks in one grammar, with each scope's meaning looked up in the
/// tables once per block rather than once per token.
struct StackClasses {
    grammar_classes: &'static [(Scope, &'static str)],
    meanings: HashMap<Scope, ScopeMeaning>,
}

impl StackClasses {
    fn new(grammar_classes: &'static [(Scope, &'static str)]) -> StackClasses {
        StackClasses {
            grammar_classes,
            meanings: HashMap::new(),
        }
    }

    /// The one short class for a token with scope stack `stack` (outermost first), or
    /// `None` for unclassed text: the innermost scope's class, unless an enclosing scope
    /// (up to the nearest [`BOUNDARY_SCOPES`]) has a class of a higher [`Rank`].
    fn class_for_stack(&mut self, stack: &[Scope]) -> Option<&'static str> {
        let mut class: Option<&'static str> = None;
        for &scope in stack.iter().rev() {
            let scope_class = match self.meaning(scope) {
                ScopeMeaning::Boundary => break,
                ScopeMeaning::Class(None) => continue,
                ScopeMeaning::Class(Some(scope_class)) => scope_class,
            };
            class = match class {
                Some(inner) if class_rank(inner) >= class_rank(scope_class) => Some(inner),
                _ => Some(scope_class),
            };
        }
        class
    }

    fn meaning(&mut self, scope: Scope) -> ScopeMeaning {
        let grammar_classes = self.grammar_classes;
        *self.meanings.entry(scope).or_insert_with(|| {
            if BOUNDARY_SCOPE_TABLE
                .iter()
                .any(|boundary| boundary.is_prefix_of(scope))
            {
                ScopeMeaning::Boundary
            } else {
                ScopeMeaning::Class(scope_class(scope, grammar_classes))
            }
        })
    }
}

/// For each short class the stylesheet colours, the scope whose theme style it gets.
const CLASS_STYLE_SCOPES: &[(&str, &str)] = &[
    ("c", "comment"),
    ("c1", "comment.line"),
    ("cm", "comment.block"),
    ("cd", "comment.block.documentation"),
    ("cp", "keyword.control.import"),
    ("s", "string"),
    ("s1", "string.quoted.single"),
    ("s2", "string.quoted.double"),
    ("sr", "string.regexp"),
    ("sh", "string.unquoted.heredoc"),
    ("sx", "string.other"),
    ("ni", "constant.character.entity"),
    ("dl", "string"),
    ("sa", "storage.type.string"),
    ("sc", "constant.character"),
    ("se", "constant.character.escape"),
    ("si", "punctuation.section.embedded"),
    ("m", "constant.numeric"),
    ("mi", "constant.numeric.integer"),
    ("mf", "constant.numeric.float"),
    ("mh", "constant.numeric.integer.hexadecimal"),
    ("mo", "constant.numeric.integer.octal"),
    ("mb", "constant.numeric.integer.binary"),
    ("kc", "constant.language"),
    ("no", "constant.other"),
    ("k", "keyword"),
    ("kd", "storage.type.function"),
    ("kn", "keyword.control.import"),
    ("kt", "storage.type"),
    ("o", "keyword.operator"),
    ("ow", "keyword.operator.word"),
    ("n", "variable.other"),
    ("nf", "entity.name.function"),
    ("nb", "support.function"),
    ("nc", "entity.name.type.class"),
    ("nn", "entity.name.namespace"),
    ("nt", "entity.name.tag"),
    ("na", "entity.other.attribute-name"),
    ("nl", "variable.other"),
    ("nv", "variable.other.readwrite"),
    ("py", "variable.other.member"),
    ("vi", "variable.other.readwrite.instance"),
    ("vc", "variable.other.readwrite.class"),
    ("vg", "variable.other.readwrite.global"),
    ("bp", "variable.language"),
    ("nd", "entity.other.attribute-name"),
    ("p", "punctuation"),
    ("gh", "markup.heading"),
    ("gu", "markup.changed"),
    ("gi", "markup.inserted"),
    ("gd", "markup.deleted"),
    ("gs", "markup.bold"),
    ("ge", "markup.italic"),
    ("err", "invalid"),
];

/// One palette's rules for `theme`, each selector under `root` if given: the background
/// and foreground of [`CODE_CONTAINER_SELECTORS`], then one rule per short class.
fn palette_css(theme: &Theme, root: Option<&str>) -> String {
    let scoped = |selector: &str| match root {
        Some(root) => format!("{root} {selector}"),
        None => selector.to_owned(),
    };
    let (foreground, background) = theme_colors(theme);
    let containers: Vec<String> = CODE_CONTAINER_SELECTORS.split(", ").map(scoped).collect();
    let mut css = format!(
        "{} {{ color: {}; background-color: {}; }}\n",
        containers.join(", "),
        css_color(foreground, background),
        css_color(background, background),
    );
    let highlighter = Highlighter::new(theme);
    for &(class, scope) in CLASS_STYLE_SCOPES {
        let style = class_style(&highlighter, scope);
        let mut declarations = format!("color: {};", css_color(style.foreground, background));
        if style.font_style.contains(FontStyle::BOLD) {
            declarations.push_str(" font-weight: bold;");
        }
        if style.font_style.contains(FontStyle::ITALIC) {
            declarations.push_str(" font-style: italic;");
        }
        if style.font_style.contains(FontStyle::UNDERLINE) {
            declarations.push_str(" text-decoration: underline;");
        }
        css.push_str(&format!(
            "{} {{ {declarations} }}\n",
            scoped(&format!(".highlight .{class}"))
        ));
    }
    css
}

/// A theme's default foreground and background.
fn theme_colors(theme: &Theme) -> (Color, Color) {
    (
        theme.settings.foreground.unwrap_or(Color::BLACK),
        theme.settings.background.unwrap_or(Color::WHITE),
    )
}

/// The theme style of a token whose innermost scope is `scope`.
fn class_style(highlighter: &Highlighter<'_>, scope: &str) -> Style {
    let scope = Scope::new(scope).expect("CLASS_STYLE_SCOPES holds valid scopes");
    highlighter.style_for_stack(&[scope])
}

/// `color` as CSS `#rrggbb`, blended onto `background` if translucent.
fn css_color(color: Color, background: Color) -> String {
    let (r, g, b) = opaque_rgb(color, background);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `color` blended onto `background` by its alpha.
fn opaque_rgb(color: Color, background: Color) -> (u8, u8, u8) {
    let alpha = u32::from(color.a);
    let blend = |front: u8, back: u8| {
        ((u32::from(front) * alpha + u32::from(back) * (255 - alpha) + 127) / 255) as u8
    };
    (
        blend(color.r, background.r),
        blend(color.g, background.g),
        blend(color.b, background.b),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar name a language resolves to, or `"plain"` / `"unknown"`.
    fn resolved_name(lang: &str) -> &'static str {
        match resolve_language(&lang.to_lowercase()) {
            Some(Language::Grammar(grammar)) => grammar.name.as_str(),
            Some(Language::PlainText) => "plain",
            None => "unknown",
        }
    }

    #[test]
    fn known_language_gets_rouge_classes_in_jekylls_wrapper_and_escapes() {
        // Rouge 3.30 writes the same, except `s` where we say `s2`.
        assert_eq!(
            code_block_html(Some("rust"), "fn main() { println!(\"<&>\"); }\n"),
            "<div class=\"language-rust highlighter-rouge\"><div class=\"highlight\">\
             <pre class=\"highlight\"><code>\
             <span class=\"k\">fn</span> <span class=\"nf\">main</span><span class=\"p\">()</span> \
             <span class=\"p\">{</span> <span class=\"nd\">println!</span><span class=\"p\">(</span>\
             <span class=\"s2\">\"&lt;&amp;&gt;\"</span><span class=\"p\">);</span> <span class=\"p\">}</span>\n\
             </code></pre></div></div>\n"
        );
    }

    #[test]
    fn spans_are_flat_and_merged_with_whitespace_outside_as_in_rouge() {
        // Rouge 3.30 writes exactly this for the Ruby sample.
        assert_eq!(
            highlight_code("ruby", "def hello\n  puts \"<hi>\"\nend\n").as_deref(),
            Some(
                "<span class=\"k\">def</span> <span class=\"nf\">hello</span>\n  \
                 <span class=\"nb\">puts</span> <span class=\"s2\">\"&lt;hi&gt;\"</span>\n\
                 <span class=\"k\">end</span>\n"
            )
        );
        // A string keeps its spaces around an escape; a block comment stays one span
        // across lines; a comment's line break and the indentation are outside.
        assert_eq!(
            highlight_code("rust", "let s = \"a \\n b\"; // c\n/* d\n   e */\n").as_deref(),
            Some(
                "<span class=\"k\">let</span> <span class=\"n\">s</span> <span class=\"o\">=</span> \
                 <span class=\"s2\">\"a </span><span class=\"se\">\\n</span><span class=\"s2\"> b\"</span>\
                 <span class=\"p\">;</span> <span class=\"c1\">// c</span>\n\
                 <span class=\"cm\">/* d\n   e */</span>\n"
            )
        );
    }

    #[test]
    fn a_rust_accessor_dot_joins_the_name_after_it_as_in_rouge() {
        assert_eq!(
            highlight_code("rust", "a.b.len(t.0)\n    .map(f);\n").as_deref(),
            Some(
                "<span class=\"n\">a</span><span class=\"py\">.b</span><span class=\"nf\">.len</span>\
                 <span class=\"p\">(</span><span class=\"n\">t</span><span class=\"mi\">.0</span>\
                 <span class=\"p\">)</span>\n    \
                 <span class=\"nf\">.map</span><span class=\"p\">(</span><span class=\"n\">f</span>\
                 <span class=\"p\">);</span>\n"
            )
        );
    }

    /// The words of `html` as the parity measure reads them: each text node apart.
    fn text_node_words(html: &str) -> Vec<String> {
        html.split(['<', '>'])
            .step_by(2)
            .flat_map(str::split_whitespace)
            .map(String::from)
            .collect()
    }

    #[test]
    fn unscoped_code_splits_into_identifiers_operators_and_punctuation_as_in_rouge() {
        let nim = "import std/tables\n  labels: Table[string, Continuation.fn]\n";
        // Rouge 3.30's words for the same code (its spans: n, o, p around each).
        let rouge = "import std / tables labels : Table [ string , Continuation . fn ]";
        let match_arm = highlight_code("nim", "of (0, n):\n  seq[(A, int)]\n").unwrap();
        assert_eq!(
            text_node_words(&match_arm).join(" "),
            "of ( 0 , n ): seq [ ( A , int ) ]"
        );
        let html = highlight_code("nim", nim).unwrap();
        assert_eq!(text_node_words(&html).join(" "), rouge);
        let elixir = "Enum.sort([~D[2019-12-31]], &Date.compare(&1, &2))\n@spec f(...) :: t\n";
        assert_eq!(
            text_node_words(&highlight_code("elixir", elixir).unwrap()).join(" "),
            "Enum . sort ([ ~D[2019-12-31] ], &amp; Date . compare ( &amp;1 , &amp;2 )) @spec f ( ... ) :: t"
        );
        // Rouge 3.30's words for HTML and XML: brackets with tag names, `=` with names.
        let html = "<div class=\"a\">\n  <p>Hi <em>you</em> &amp; co</p>\n</div>\n";
        assert_eq!(
            text_node_words(&highlight_code("html", html).unwrap()).join(" "),
            "&lt;div class= \"a\" &gt; &lt;p&gt; Hi &lt;em&gt; you &lt;/em&gt; &amp;amp; co &lt;/p&gt; &lt;/div&gt;"
        );
        let xml = "<?xml version=\"1.0\"?>\n<feed xmlns=\"x\"/>\n";
        assert_eq!(
            text_node_words(&highlight_code("xml", xml).unwrap()).join(" "),
            "&lt;?xml version=\"1.0\"?&gt; &lt;feed xmlns= \"x\" /&gt;"
        );
        // Shell words keep their dashes and slashes, as in Rouge's shell lexer.
        let shell = highlight_code("sh", "ls -la foo/bar.txt\n").unwrap();
        assert_eq!(text_node_words(&shell), ["ls", "-la", "foo/bar.txt"]);
    }

    #[test]
    fn fenced_blocks_match_jekyll_byte_for_byte_when_plain() {
        assert_eq!(
            code_block_html(None, "plain <b> & text\n"),
            "<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\">\
             <pre class=\"highlight\"><code>plain &lt;b&gt; &amp; text\n</code></pre></div></div>\n"
        );
        assert_eq!(
            code_block_html(Some("text"), "t \"q\" 'x'\n"),
            "<div class=\"language-text highlighter-rouge\"><div class=\"highlight\">\
             <pre class=\"highlight\"><code>t \"q\" 'x'\n</code></pre></div></div>\n"
        );
        assert_eq!(
            code_block_html(None, ""),
            "<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\">\
             <pre class=\"highlight\"><code></code></pre></div></div>\n"
        );
    }

    #[test]
    fn code_keeps_trailing_blank_lines_and_gains_a_missing_final_newline() {
        let with_blank_lines = code_block_html(Some("rust"), "let a = 1;\n\n\n");
        assert!(
            with_blank_lines
                .ends_with("<span class=\"p\">;</span>\n\n\n</code></pre></div></div>\n")
        );
        assert_eq!(
            code_block_html(Some("txt"), "no newline"),
            code_block_html(Some("txt"), "no newline\n")
        );
    }

    #[test]
    fn unknown_language_gets_kramdowns_fallback_with_its_class() {
        assert_eq!(
            code_block_html(Some("foo"), "some <foo>\n"),
            "<pre><code class=\"language-foo\">some &lt;foo&gt;\n</code></pre>\n"
        );
        assert_eq!(
            code_block_html(Some("Foo bar"), "x"),
            "<pre><code class=\"language-Foo\">x\n</code></pre>\n"
        );
        // Rouge knows no lexer by a capitalised name.
        assert_eq!(
            code_block_html(Some("Rust"), "fn a() {}\n"),
            "<pre><code class=\"language-Rust\">fn a() {}\n</code></pre>\n"
        );
        assert_eq!(highlight_code("foo", "x"), None);
    }

    #[test]
    fn highlight_tag_matches_jekyll() {
        assert_eq!(
            highlight_tag_html("Foo", "\nunknown <lang>\ntext\n\n", false),
            "<figure class=\"highlight\"><pre><code class=\"language-foo\" data-lang=\"foo\">\
             unknown &lt;lang&gt;\ntext</code></pre></figure>"
        );
        assert_eq!(
            highlight_tag_html("text", "a\nb\n", true),
            "<figure class=\"highlight\"><pre><code class=\"language-text\" data-lang=\"text\">\
             <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n</pre></td>\
             <td class=\"code\"><pre>a\nb\n</pre></td></tr></tbody></table></code></pre></figure>"
        );
        assert_eq!(
            highlight_tag_html("c++", "int x;", false),
            "<figure class=\"highlight\"><pre><code class=\"language-c--\" data-lang=\"c++\">\
             <span class=\"kt\">int</span> <span class=\"n\">x</span><span class=\"p\">;</span></code></pre></figure>"
        );
    }

    #[test]
    fn highlight_tag_with_line_numbers_wraps_highlighted_code_in_rouges_table() {
        let html = highlight_tag_html("ruby", "def hello\n  puts \"<hi>\"\nend\n", true);
        assert!(html.starts_with(
            "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">\
             <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n3\n</pre></td>\
             <td class=\"code\"><pre><span class=\"k\">def</span>"
        ));
        assert!(
            html.ends_with(
                "<span class=\"k\">end</span>\n</pre></td></tr></tbody></table></code></pre></figure>"
            ),
            "{html}"
        );
        assert!(html.contains("&lt;hi&gt;"));
    }

    #[test]
    fn languages_resolve_case_insensitively_and_through_aliases() {
        let expected = [
            ("rust", "Rust"),
            ("RS", "Rust"),
            ("js", "JavaScript (Babel)"),
            ("javascript", "JavaScript (Babel)"),
            ("node", "JavaScript (Babel)"),
            ("py", "Python"),
            ("python3", "Python"),
            ("py3", "Python"),
            ("sh", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("Shell", "Bourne Again Shell (bash)"),
            ("yaml", "YAML"),
            ("yml", "YAML"),
            ("json", "JSON"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
            ("docker", "Dockerfile"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("go", "Go"),
            ("golang", "Go"),
            ("c", "C"),
            ("cpp", "C++"),
            ("ts", "TypeScript"),
            ("diff", "Diff"),
            ("rb", "Ruby"),
            ("ps1", "PowerShell"),
            ("powershell", "PowerShell"),
            ("viml", "VimL"),
            ("console", "plain"),
            ("sh-session", "plain"),
            ("text", "plain"),
            ("plaintext", "plain"),
            ("plain", "plain"),
            ("txt", "plain"),
            ("no-such-language", "unknown"),
        ];
        for (lang, name) in expected {
            assert_eq!(resolved_name(lang), name, "language {lang:?}");
        }
        assert_eq!(
            highlight_code("console", "$ ls <dir>").as_deref(),
            Some("$ ls &lt;dir&gt;")
        );
    }

    #[test]
    fn stylesheet_has_both_palettes_for_system_preference_and_toggle() {
        let css = stylesheet();
        assert!(css.contains("@media (prefers-color-scheme: dark) {\n"));
        assert!(css.contains(
            "\npre.highlight, figure.highlight pre { color: #111b27; background-color: #e3eaf2; }"
        ));
        assert!(css.contains(
            ":root:not([data-theme=\"light\"]) pre.highlight, \
             :root:not([data-theme=\"light\"]) figure.highlight pre { color: #e3eaf2; background-color: #111b27; }"
        ));
        assert!(css.contains(":root[data-theme=\"dark\"] pre.highlight"));
        assert!(css.contains("\n.highlight .k { color: #a04900; }\n"));
        assert!(css.contains("\n.highlight .c1 { color: #3c526d; }\n"));
        assert!(css.contains("\n.highlight .gh { color: #005a8e; font-weight: bold; }\n"));
        assert!(css.contains(":root:not([data-theme=\"light\"]) .highlight .s2 { color: #"));
        assert!(css.contains(":root[data-theme=\"dark\"] .highlight .nf { color: #"));
        assert!(!css.contains("hl-"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    #[test]
    fn every_class_has_a_rule_in_both_palettes_and_every_emitted_class_is_styled() {
        let css = stylesheet();
        for &(class, _) in CLASS_STYLE_SCOPES {
            assert_eq!(
                css.matches(&format!(".highlight .{class} {{")).count(),
                3,
                "{class}"
            );
        }
        let styled = |class: &str| {
            CLASS_STYLE_SCOPES
                .iter()
                .any(|&(styled, _)| styled == class)
        };
        for &(_, class) in SCOPE_CLASSES {
            assert!(styled(class), "{class} has no rule");
        }
        for (_, classes) in GRAMMAR_SCOPE_CLASSES {
            for &(_, class) in *classes {
                assert!(
                    class == JOINS_NEXT_TOKEN || styled(class),
                    "{class} has no rule"
                );
            }
        }
        for class in ["ow", "k", "p"] {
            assert!(styled(class), "{class} has no rule");
        }
    }

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    #[test]
    fn every_class_has_a_contrast_of_at_least_4_5_on_its_background() {
        for theme_name in [LIGHT_THEME, DARK_THEME] {
            let theme = THEME_SET.get(theme_name);
            let (_, background) = theme_colors(theme);
            let background_luminance = luminance(opaque_rgb(background, background));
            let highlighter = Highlighter::new(theme);
            for &(class, scope) in CLASS_STYLE_SCOPES {
                let style = class_style(&highlighter, scope);
                let luminance = luminance(opaque_rgb(style.foreground, background));
                let (lighter, darker) = if luminance > background_luminance {
                    (luminance, background_luminance)
                } else {
                    (background_luminance, luminance)
                };
                let contrast = (lighter + 0.05) / (darker + 0.05);
                assert!(
                    contrast >= 4.5,
                    "{} .{class} ({scope}): contrast {contrast:.2}",
                    theme_name.as_name()
                );
            }
        }
    }

    #[test]
    fn scope_stacks_map_to_one_rouge_class() {
        let class = |stack: &str| {
            let stack: Vec<Scope> = stack
                .split_whitespace()
                .map(|scope| Scope::new(scope).unwrap())
                .collect();
            StackClasses::new(&[]).class_for_stack(&stack)
        };
        let expected = [
            ("source.rust storage.type.function.rust", Some("k")),
            ("source.rust storage.type.rust", Some("kt")),
            (
                "source.rust meta.function.rust entity.name.function.rust",
                Some("nf"),
            ),
            ("source.rust comment.line.double-slash.rust", Some("c1")),
            (
                "source.rust comment.block.rust punctuation.definition.comment.rust",
                Some("cm"),
            ),
            ("source.rust comment.line.documentation.rust", Some("cd")),
            (
                "source.python string.quoted.double.python punctuation.definition.string.begin.python",
                Some("s2"),
            ),
            ("source.js string.quoted.single.js", Some("s1")),
            (
                "source.rust string.quoted.double.rust constant.character.escape.rust",
                Some("se"),
            ),
            (
                "source.python string.quoted.double.python meta.interpolation.python variable.other.python",
                Some("n"),
            ),
            (
                "source.rust constant.numeric.integer.decimal.rust",
                Some("mi"),
            ),
            (
                "source.rust constant.numeric.integer.hexadecimal.rust",
                Some("mh"),
            ),
            ("source.rust constant.numeric.float.rust", Some("mf")),
            (
                "source.rust constant.numeric.integer.decimal.rust storage.type.numeric.rust",
                Some("mi"),
            ),
            ("source.json constant.language.json", Some("kc")),
            ("source.rust keyword.operator.comparison.rust", Some("o")),
            ("source.python keyword.operator.logical.python", Some("o")),
            ("source.python keyword.operator.word.python", Some("ow")),
            ("source.python keyword.control.import.python", Some("kn")),
            (
                "source.rust meta.annotation.rust punctuation.definition.annotation.rust",
                Some("nd"),
            ),
            (
                "source.rust meta.annotation.rust string.quoted.double.rust",
                Some("s2"),
            ),
            (
                "source.rust punctuation.section.block.begin.rust",
                Some("p"),
            ),
            (
                "source.yaml string.unquoted.plain.out.yaml entity.name.tag.yaml",
                Some("nt"),
            ),
            (
                "source.diff markup.inserted.diff punctuation.definition.inserted.diff",
                Some("gi"),
            ),
            ("source.python variable.language.python", Some("bp")),
            ("source.rust entity.name.struct.rust", Some("nc")),
            ("source.rust meta.path.rust", None),
            ("source.rust", None),
            ("source.rust invalid.illegal.rust", Some("err")),
        ];
        for (stack, class_name) in expected {
            assert_eq!(class(stack), class_name, "{stack}");
        }
        let shell = grammar_scope_classes(match resolve_language("sh") {
            Some(Language::Grammar(grammar)) => grammar,
            _ => panic!("sh must resolve to a grammar"),
        });
        let stack = [
            Scope::new("source.shell.bash").unwrap(),
            Scope::new("variable.other.readwrite.shell").unwrap(),
        ];
        assert_eq!(StackClasses::new(shell).class_for_stack(&stack), Some("nv"));
    }

    #[test]
    fn highlighting_from_many_threads_gives_the_same_html() {
        let samples = [
            ("rust", "fn main() {\n    let v = vec![1, 2];\n}\n"),
            ("python", "def f(x):\n    return x < 2\n"),
            ("yaml", "key: [a, b]\n"),
            ("js", "const f = (a) => a && b;\n"),
        ];
        let sequential: Vec<String> = samples
            .iter()
            .map(|(lang, code)| code_block_html(Some(lang), code))
            .collect();
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..8)
                .map(|worker| {
                    let (lang, code) = samples[worker % samples.len()];
                    scope.spawn(move || (worker, code_block_html(Some(lang), code)))
                })
                .collect();
            for worker in workers {
                let (index, html) = worker.join().expect("highlighting thread panicked");
                assert_eq!(html, sequential[index % samples.len()]);
            }
        });
    }

    #[test]
    fn a_huge_single_line_falls_back_to_plain_text() {
        // Over the line cap, the regex engine never sees it: no time budget involved.
        let line = "var a = [\"<x>\", (((((".repeat(200_000 / 22);
        assert_eq!(highlight_code("js", &line), None);
        let html = code_block_html(Some("js"), &line);
        assert!(html.starts_with("<div class=\"language-js highlighter-rouge\">"));
        assert!(html.contains("var a = [\"&lt;x&gt;\", ((((("));
        assert!(!html.contains("<span"));
    }

    #[test]
    fn a_huge_block_falls_back_to_plain_text() {
        let block = "let x = 1;\n".repeat(MAX_HIGHLIGHTED_BLOCK_BYTES / 10);
        assert_eq!(highlight_code("rust", &block), None);
    }

    #[test]
    fn deep_nesting_finishes_within_the_budget() {
        let depth = 5_000;
        let nested = format!("{}1{}", "[\n".repeat(depth), "]\n".repeat(depth));
        let started = Instant::now();
        let html = code_block_html(Some("json"), &nested);
        assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + HANG_SLACK);
        assert!(html.ends_with("\n</code></pre></div></div>\n"));
    }

    #[test]
    fn a_runaway_regex_search_cannot_hold_the_caller_past_the_budget() {
        // bat's Markdown grammar needs seconds (release) to minutes (debug) for this line.
        let backticks = "`".repeat(5_000);
        let Some(Language::Grammar(markdown)) = resolve_language("markdown") else {
            panic!("markdown must resolve to a grammar");
        };
        let started = Instant::now();
        assert_eq!(
            highlight_within(markdown, &backticks, Duration::from_millis(200)),
            None
        );
        assert!(started.elapsed() < Duration::from_millis(200) + HANG_SLACK);

        let started = Instant::now();
        let html = code_block_html(Some("markdown"), &backticks);
        assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + HANG_SLACK);
        assert!(!html.contains("<span"));
        assert!(html.contains(&format!("<code>{backticks}\n</code>")));
    }

    #[test]
    fn a_block_over_its_time_budget_falls_back() {
        let Some(Language::Grammar(rust)) = resolve_language("rust") else {
            panic!("rust must resolve to a grammar");
        };
        assert_eq!(
            highlight_within(rust, "fn main() {}\n", Duration::ZERO),
            None
        );
        assert!(highlight_within(rust, "fn main() {}\n", TIME_BUDGET_PER_BLOCK).is_some());
    }

    /// What the hang guards allow beyond a budget for a loaded machine's scheduling: far
    /// below the minutes a runaway regex takes, so a hang still fails the test.
    const HANG_SLACK: Duration = Duration::from_secs(10);

    #[test]
    fn a_thousand_line_rust_file_highlights() {
        // Correctness, not speed (speed is for benchmarks): a budget no machine misses.
        let source = "/// Doc.\npub fn add(a: u32, b: u32) -> Option<u32> {\n    a.checked_add(b) // sum\n}\n\n"
            .repeat(200);
        let Some(Language::Grammar(rust)) = resolve_language("rust") else {
            panic!("rust must resolve to a grammar");
        };
        let started = Instant::now();
        let html = highlight_within(rust, &source, Duration::from_secs(600))
            .expect("1,000 lines of Rust must highlight");
        eprintln!("1,000 lines of Rust highlighted in {:?}", started.elapsed());
        assert!(html.contains("<span class=\"c1\">// sum</span>"));
    }
}
