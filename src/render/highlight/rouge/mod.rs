//! Lexers that split code into the tokens Rouge's lexers give, for the languages where
//! syntect's grammars put token boundaries elsewhere (and so split a line into other
//! words than Jekyll's).
//!
//! Each lexer is written from the behaviour of Rouge 3.30's lexer for the language, as a
//! table of named states of ordered rules, and runs the way Rouge's `RegexLexer` runs one:
//! at each position the rules of the state on top of the stack are tried in order, the
//! first whose pattern matches there emits its token(s) and may push or pop states; when
//! none matches, one character is an error token (`err`). Patterns are Oniguruma regexes
//! in Ruby syntax, matched as Ruby 3.1's `StringScanner` under Rouge matches them: on the
//! text from the position on, so `\A` and `^` hold at the position and `\b` and
//! look-behinds do not see the text before it, and a pattern that starts with `^` is
//! tried only at the start of a line (Rouge's own check); `\w`, `\d` and `\s` are ASCII
//! only, as in Ruby (so `naïve` is two words around an `err`), while `\b`, `\p{Word}`
//! and POSIX brackets stay Unicode ([`pattern`]).
//! Lexers delegate to others (Markdown's fenced code, C's `recurse`, HTML's scripts)
//! through [`Lexing::delegate_fresh`] and [`Lexing::delegate_kept`].
//! Adjacent tokens of one class are merged into one span and Rouge's plain `Text` is
//! written without a span, as Rouge's HTML formatter writes them.

mod c;
mod console;
mod csharp;
mod css;
mod diff;
mod docker;
mod elixir;
mod erlang;
mod go;
mod haskell;
mod html;
mod ini;
mod java;
mod javascript;
mod json;
mod liquid;
mod markdown;
mod nginx;
mod nim;
mod powershell;
mod python;
mod r;
mod ruby;
mod rust;
mod sass;
mod scala;
mod scss;
mod shell;
mod sql;
mod toml;
mod typescript;
mod words;
mod xml;
mod yaml;

use std::collections::HashMap;
use std::sync::LazyLock;
use std::time::Instant;

use onig::{Regex, RegexOptions, Region, SearchOptions, Syntax};

use crate::render::escape::push_escaped_text;

/// Rouge's plain `Text` token, written without a span.
pub(super) const TEXT: &str = "";

/// A lexer: the language names Rouge knows it by, its states and its starting stack.
pub(in crate::render::highlight) struct LexerSpec {
    /// Rouge's tag and aliases for the language, as Rouge matches them (exactly; all
    /// lowercase but Docker's `Dockerfile`).
    pub names: &'static [&'static str],
    /// The states, by name, each an ordered list of rules.
    pub states: &'static [(&'static str, &'static [Rule])],
    /// The stack at the start, bottom first (`["root"]` for most lexers).
    pub start: &'static [&'static str],
    /// For a console session (no states of its own): the lexer of the commands typed
    /// after each prompt ([`console`]).
    pub session_of: Option<&'static LexerSpec>,
}

/// One rule of a state.
pub(super) enum Rule {
    /// A pattern, what it emits, and where the lexer goes next.
    Match(&'static str, Emit, Next),
    /// A pattern built once, when the lexer is compiled (from a word list, say).
    Built(fn() -> String, Emit, Next),
    /// A pattern built, at each try, from what the run remembers (Rouge's rules in a
    /// state pushed with a block, whose patterns interpolate an earlier match).
    Remembered(fn(&Lexing) -> String, Emit, Next),
    /// All the rules of another state, tried here (Rouge's `mixin`).
    Mixin(&'static str),
}

/// What a matching rule emits.
#[derive(Clone, Copy)]
pub(super) enum Emit {
    /// The whole match as one token of this class.
    Token(&'static str),
    /// Each capture group as a token of the class at its index (empty groups emit nothing).
    Groups(&'static [&'static str]),
    /// Whatever the function decides, from the match.
    Call(fn(&mut Lexing, &Matched)),
}

/// Where the lexer goes after a matching rule.
#[derive(Clone, Copy)]
pub(super) enum Next {
    /// Stays in the current state.
    Stay,
    /// Pushes the named state.
    Push(&'static str),
    /// Pops the current state.
    Pop,
    /// Pops this many states.
    PopTimes(usize),
    /// Replaces the current state with the named one.
    Goto(&'static str),
    /// Clears the stack down to `root` (Rouge's `reset_stack`).
    Reset,
    /// Pushes the current state once more (Rouge's bare `push`, for nesting).
    Again,
}

/// The lexers, each compiled on first use.
pub(super) static LEXERS: &[&LexerSpec] = &[
    &rust::RUST,
    &toml::TOML,
    &nim::NIM,
    &shell::SHELL,
    &console::CONSOLE,
    &yaml::YAML,
    &liquid::LIQUID,
    &markdown::MARKDOWN,
    &diff::DIFF,
    &haskell::HASKELL,
    &c::C,
    &erlang::ERLANG,
    &python::PYTHON,
    &javascript::JAVASCRIPT,
    &json::JSON,
    &go::GO,
    &ruby::RUBY,
    &docker::DOCKER,
    &css::CSS,
    &html::HTML,
    &scss::SCSS,
    &scala::SCALA,
    &powershell::POWERSHELL,
    &java::JAVA,
    &sql::SQL,
    &xml::XML,
    &sass::SASS,
    &r::R,
    &typescript::TYPESCRIPT,
    &csharp::CSHARP,
    &elixir::ELIXIR,
    &ini::INI,
    &nginx::NGINX,
];

/// The lexer Rouge knows by `name` (lowercase), if it is one of ours.
pub(super) fn find_lexer(name: &str) -> Option<&'static LexerSpec> {
    LEXERS
        .iter()
        .copied()
        .find(|lexer| lexer.names.contains(&name))
}

/// A compiled state: its rules with mixins expanded.
struct CompiledState {
    rules: Vec<CompiledRule>,
}

/// A compiled rule.
struct CompiledRule {
    pattern: Pattern,
    emit: Emit,
    next: Next,
}

/// A compiled rule's pattern.
enum Pattern {
    /// Compiled with the lexer, and whether it starts with `^` (so is tried only at the
    /// start of a line).
    Fixed(&'static Regex, bool),
    /// Built from the run's memory when tried ([`Rule::Remembered`]).
    Remembered(fn(&Lexing) -> String),
}

impl Pattern {
    /// `source` compiled now.
    fn fixed(source: &str) -> Pattern {
        Pattern::Fixed(pattern(source), source.starts_with('^'))
    }
}

/// A lexer's states compiled, by index, with the index of each name.
struct CompiledLexer {
    states: Vec<CompiledState>,
    index: HashMap<&'static str, usize>,
}

/// Every pattern compiled once per process, shared by all lexers that use it.
static PATTERNS: LazyLock<std::sync::Mutex<HashMap<String, &'static Regex>>> =
    LazyLock::new(Default::default);

/// The compiled lexers, built once per process (by [`LexerSpec`] address).
static COMPILED: LazyLock<std::sync::Mutex<HashMap<usize, &'static CompiledLexer>>> =
    LazyLock::new(Default::default);

/// `pattern` compiled in Ruby syntax, with `\w`, `\d`, `\s` and `\b` ASCII as in Ruby;
/// lexers' patterns are fixed, so a bad one is a bug.
fn pattern(source: &str) -> &'static Regex {
    let mut patterns = PATTERNS.lock().unwrap_or_else(|e| e.into_inner());
    patterns.entry(source.to_owned()).or_insert_with(|| {
        let ascii = RegexOptions::from_bits_retain(
            onig_sys::ONIG_OPTION_WORD_IS_ASCII
                | onig_sys::ONIG_OPTION_DIGIT_IS_ASCII
                | onig_sys::ONIG_OPTION_SPACE_IS_ASCII,
        );
        let regex = Regex::with_options(&with_unicode_classes(source), ascii, Syntax::ruby())
            .unwrap_or_else(|error| panic!("lexer pattern {source:?}: {error}"));
        Box::leak(Box::new(regex))
    })
}

/// Ruby's Unicode classes, for Oniguruma's ASCII options, which narrow `\p{Word}`,
/// `\p{Space}`, `\p{Digit}` and their POSIX brackets along with `\w`, `\s` and `\d`
/// (Ruby narrows only the latter).
const UNICODE_CLASSES: &[(&str, &str)] = &[
    (r"\p{Word}", r"[\p{Alpha}\p{M}\p{Nd}\p{Pc}]"),
    (r"[:word:]", r"\p{Alpha}\p{M}\p{Nd}\p{Pc}"),
    (r"\p{Space}", r"[\p{Z}\t\n\v\f\r\x{85}]"),
    (r"[:space:]", r"\p{Z}\t\n\v\f\r\x{85}"),
    (r"\p{Digit}", r"\p{Nd}"),
    (r"[:digit:]", r"\p{Nd}"),
];

/// Ruby's `\b`: a boundary of Unicode words (its `\w` is ASCII, its `\b` is not).
const UNICODE_BOUNDARY: &str = concat!(
    r"(?:(?<=[\p{Alpha}\p{M}\p{Nd}\p{Pc}])(?![\p{Alpha}\p{M}\p{Nd}\p{Pc}])",
    r"|(?<![\p{Alpha}\p{M}\p{Nd}\p{Pc}])(?=[\p{Alpha}\p{M}\p{Nd}\p{Pc}]))"
);

/// `source` with Ruby's Unicode classes spelled out ([`UNICODE_CLASSES`]) and each `\b`
/// outside brackets a [`UNICODE_BOUNDARY`].
fn with_unicode_classes(source: &str) -> String {
    let source = UNICODE_CLASSES
        .iter()
        .fold(source.to_owned(), |pattern, (class, unicode)| {
            pattern.replace(class, unicode)
        });
    let mut pattern = String::with_capacity(source.len());
    let mut chars = source.chars();
    let mut brackets = 0;
    while let Some(char) = chars.next() {
        match char {
            '\\' => match chars.next() {
                Some('b') if brackets == 0 => pattern.push_str(UNICODE_BOUNDARY),
                escaped => {
                    pattern.push('\\');
                    pattern.extend(escaped);
                }
            },
            '[' => brackets += 1,
            ']' if brackets > 0 => brackets -= 1,
            _ => {}
        }
        if char != '\\' {
            pattern.push(char);
        }
    }
    pattern
}

impl LexerSpec {
    /// This lexer compiled (once per process).
    fn compiled(&'static self) -> &'static CompiledLexer {
        let key = self as *const LexerSpec as usize;
        let mut lexers = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(compiled) = lexers.get(&key).copied() {
            return compiled;
        }
        let compiled: &'static CompiledLexer = Box::leak(Box::new(self.compile()));
        lexers.insert(key, compiled);
        compiled
    }

    fn compile(&'static self) -> CompiledLexer {
        let index: HashMap<&'static str, usize> = self
            .states
            .iter()
            .enumerate()
            .map(|(at, (name, _))| (*name, at))
            .collect();
        let states = self
            .states
            .iter()
            .map(|(_, rules)| {
                let mut compiled = Vec::new();
                self.expand(rules, &mut compiled);
                CompiledState { rules: compiled }
            })
            .collect();
        CompiledLexer { states, index }
    }

    /// Appends `rules` to `into`, with each mixin's rules in its place.
    fn expand(&'static self, rules: &'static [Rule], into: &mut Vec<CompiledRule>) {
        for rule in rules {
            match rule {
                Rule::Match(source, emit, next) => into.push(CompiledRule {
                    pattern: Pattern::fixed(source),
                    emit: *emit,
                    next: *next,
                }),
                Rule::Built(build, emit, next) => into.push(CompiledRule {
                    pattern: Pattern::fixed(&build()),
                    emit: *emit,
                    next: *next,
                }),
                Rule::Remembered(build, emit, next) => into.push(CompiledRule {
                    pattern: Pattern::Remembered(*build),
                    emit: *emit,
                    next: *next,
                }),
                Rule::Mixin(name) => {
                    let (_, mixed) = self
                        .states
                        .iter()
                        .find(|(state, _)| state == name)
                        .unwrap_or_else(|| panic!("lexer mixin {name} is not a state"));
                    self.expand(mixed, into);
                }
            }
        }
    }
}

/// How many matches in a row may consume nothing before the lexer gives up on the
/// position and emits an error character (Rouge's `MAX_NULL_SCANS`).
const MAX_EMPTY_MATCHES: usize = 5;

/// How many tokens are lexed between two looks at the clock.
const STEPS_BETWEEN_CLOCK_CHECKS: usize = 256;

/// One run of a lexer over a text: its state stack, what it has emitted, and what a
/// lexer may remember between matches (Rust's open brackets in a macro call, a shell
/// here-document's end word, YAML's indentation).
pub(super) struct Lexing {
    spec: &'static LexerSpec,
    lexer: &'static CompiledLexer,
    stack: Vec<usize>,
    tokens: Vec<(&'static str, std::ops::Range<usize>)>,
    /// Where the current match starts in the whole text.
    match_start: usize,
    /// Matches in a row that consumed nothing.
    empty_matches: usize,
    /// When the run gives up, and whether a lexer it delegated to already has.
    deadline: Instant,
    out_of_time: bool,
    /// Runs of other lexers that continue where they stopped each time this one
    /// delegates to them ([`Lexing::delegate_kept`]).
    kept: Vec<Lexing>,
    /// Open brackets per kind, for lexers that count them.
    pub open_brackets: [i32; 3],
    /// The word that ends the current shell here-document.
    pub heredoc_end: String,
    /// YAML's indentation levels.
    pub indentation: yaml::Indentation,
    /// Markdown's open fenced code block.
    pub fence: markdown::Fence,
    /// Ruby's open `%`-strings, innermost last.
    pub sigils: Vec<ruby::Sigil>,
    /// What a lexer remembers of the constructs it is inside, innermost last (Python's
    /// open strings' prefix and quote, Ruby's pending here-document end words).
    pub remembered: Vec<String>,
    /// Sass's indented blocks.
    pub sass_blocks: sass::Blocks,
}

/// A rule's match: its text and capture groups.
pub(super) struct Matched<'a> {
    /// The whole match.
    pub text: &'a str,
    /// The text from the start of the match on, which the pattern was matched against.
    rest: &'a str,
    region: &'a Region,
}

impl<'a> Matched<'a> {
    /// Capture group `group` with its offset in the match, if it took part.
    pub(super) fn group(&self, group: usize) -> Option<(usize, &'a str)> {
        let (from, to) = self.region.pos(group)?;
        Some((from, &self.rest[from..to]))
    }
}

impl Lexing {
    /// A run of `spec` from its starting stack.
    pub(super) fn new(spec: &'static LexerSpec) -> Lexing {
        let mut lexing = Lexing {
            spec,
            lexer: spec.compiled(),
            stack: Vec::new(),
            tokens: Vec::new(),
            match_start: 0,
            empty_matches: 0,
            deadline: Instant::now(),
            out_of_time: false,
            kept: Vec::new(),
            open_brackets: [0; 3],
            heredoc_end: String::new(),
            indentation: yaml::Indentation::default(),
            fence: markdown::Fence::default(),
            sigils: Vec::new(),
            remembered: Vec::new(),
            sass_blocks: sass::Blocks::default(),
        };
        lexing.reset();
        lexing
    }

    /// Back to the starting stack and memory, keeping the tokens (Rouge's `reset!`).
    pub(super) fn reset(&mut self) {
        self.stack.clear();
        for name in self.spec.start {
            self.push(name);
        }
        self.open_brackets = [0; 3];
        self.indentation = yaml::Indentation::default();
        self.fence = markdown::Fence::default();
        self.sigils.clear();
        self.remembered.clear();
        self.sass_blocks = sass::Blocks::default();
        self.kept.clear();
    }

    /// Emits `text`, which starts `offset` bytes into the current match, as `class`.
    pub(super) fn token_at(&mut self, class: &'static str, offset: usize, text: &str) {
        if !text.is_empty() {
            let start = self.match_start + offset;
            self.tokens.push((class, start..start + text.len()));
        }
    }

    /// Emits the whole current match `text` as `class`.
    pub(super) fn token(&mut self, class: &'static str, text: &str) {
        self.token_at(class, 0, text);
    }

    /// Emits each capture group of `matched` as the class at its index.
    pub(super) fn groups(&mut self, matched: &Matched, classes: &[&'static str]) {
        for (group, class) in classes.iter().enumerate() {
            if let Some((offset, text)) = matched.group(group + 1) {
                self.token_at(class, offset, text);
            }
        }
    }

    /// Pushes the state named `name`.
    pub(super) fn push(&mut self, name: &str) {
        let state = *self
            .lexer
            .index
            .get(name)
            .unwrap_or_else(|| panic!("lexer state {name} is unknown"));
        self.stack.push(state);
    }

    /// Whether the state named `name` is anywhere on the stack (Rouge's `state?`).
    pub(super) fn in_state(&self, name: &str) -> bool {
        let state = self.lexer.index.get(name);
        self.stack.iter().any(|open| Some(open) == state)
    }

    /// Pops the current state (never the bottom one).
    pub(super) fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Pops `count` states (never the bottom one).
    pub(super) fn pop_times(&mut self, count: usize) {
        for _ in 0..count {
            self.pop();
        }
    }

    /// Clears the stack down to `root` (Rouge's `reset_stack`).
    pub(super) fn reset_stack(&mut self) {
        self.stack.clear();
        self.push("root");
    }

    /// Lexes `text`, `offset` bytes into the current match, with a fresh run of `spec`
    /// (Rouge's `delegate` to a lexer class, and `recurse`).
    pub(super) fn delegate_fresh(&mut self, spec: &'static LexerSpec, offset: usize, text: &str) {
        let mut delegated = Lexing::new(spec);
        self.run_delegated(&mut delegated, offset, text);
    }

    /// Lexes `text`, `offset` bytes into the current match, with this run's kept run of
    /// `spec`, from where it last stopped (Rouge's `delegate` to a lexer instance).
    pub(super) fn delegate_kept(&mut self, spec: &'static LexerSpec, offset: usize, text: &str) {
        let mut delegated = match self
            .kept
            .iter()
            .position(|kept| std::ptr::eq(kept.spec, spec))
        {
            Some(at) => self.kept.swap_remove(at),
            None => Lexing::new(spec),
        };
        self.run_delegated(&mut delegated, offset, text);
        self.kept.push(delegated);
    }

    /// Starts the kept run of `spec` afresh (Rouge's `reset!` on a lexer instance).
    pub(super) fn restart_kept(&mut self, spec: &'static LexerSpec) {
        self.kept.retain(|kept| !std::ptr::eq(kept.spec, spec));
    }

    /// Runs `delegated` over `text` and takes its tokens.
    fn run_delegated(&mut self, delegated: &mut Lexing, offset: usize, text: &str) {
        if !delegated.lex(text, self.match_start + offset, self.deadline) {
            self.out_of_time = true;
        }
        self.tokens.append(&mut delegated.tokens);
    }

    /// Replaces the current state with the one named `name` (Rouge's `goto`).
    pub(super) fn goto(&mut self, name: &str) {
        self.stack.pop();
        self.push(name);
    }

    /// Lexes `code`, which starts `base` bytes into the whole text, from the current
    /// stack; `false` when the clock passes `deadline` first.
    pub(super) fn lex(&mut self, code: &str, base: usize, deadline: Instant) -> bool {
        let mut region = Region::new();
        let mut position = 0;
        let mut steps = 0;
        self.deadline = deadline;
        while position < code.len() {
            if self.out_of_time
                || steps % STEPS_BETWEEN_CLOCK_CHECKS == 0 && Instant::now() >= deadline
            {
                return false;
            }
            steps += 1;
            let state = *self.stack.last().expect("the stack is never empty");
            let rest = &code[position..];
            let at_line_start = position == 0 || code.as_bytes()[position - 1] == b'\n';
            let matched = self.lexer.states[state].rules.iter().find_map(|rule| {
                let regex = match rule.pattern {
                    Pattern::Fixed(regex, line_start_only) => {
                        (!line_start_only || at_line_start).then_some(regex)?
                    }
                    Pattern::Remembered(build) => {
                        let source = build(self);
                        (!source.starts_with('^') || at_line_start).then(|| pattern(&source))?
                    }
                };
                let length = regex.match_with_options(
                    rest,
                    0,
                    SearchOptions::SEARCH_OPTION_NONE,
                    Some(&mut region),
                )?;
                Some((rule, length))
            });
            let advanced = matched.and_then(|(rule, length)| {
                self.match_start = base + position;
                let matched = Matched {
                    text: &rest[..length],
                    rest,
                    region: &region,
                };
                self.apply(rule, &matched);
                self.empty_matches = if length == 0 {
                    self.empty_matches + 1
                } else {
                    0
                };
                (self.empty_matches <= MAX_EMPTY_MATCHES).then_some(length)
            });
            position += advanced.unwrap_or_else(|| {
                let length = code[position..].chars().next().map_or(1, char::len_utf8);
                let start = base + position;
                self.tokens.push(("err", start..start + length));
                length
            });
        }
        !self.out_of_time
    }

    /// Runs a matched rule: its tokens, then its move.
    fn apply(&mut self, rule: &CompiledRule, matched: &Matched) {
        match rule.emit {
            Emit::Token(class) => self.token(class, matched.text),
            Emit::Groups(classes) => self.groups(matched, classes),
            Emit::Call(call) => call(self, matched),
        }
        match rule.next {
            Next::Stay => {}
            Next::Push(name) => self.push(name),
            Next::Pop => self.pop(),
            Next::PopTimes(count) => self.pop_times(count),
            Next::Goto(name) => self.goto(name),
            Next::Reset => self.reset_stack(),
            Next::Again => {
                let state = *self.stack.last().expect("the stack is never empty");
                self.stack.push(state);
            }
        }
    }
}

/// `code` lexed by `lexer` as Rouge's HTML formatter writes it, or `None` when the clock
/// passes `deadline` first.
pub(super) fn highlight_until(
    lexer: &'static LexerSpec,
    code: &str,
    deadline: Instant,
) -> Option<String> {
    if let Some(commands) = lexer.session_of {
        return console::highlight_until(commands, code, deadline);
    }
    let mut lexing = Lexing::new(lexer);
    lexing
        .lex(code, 0, deadline)
        .then(|| write_spans(code, &lexing.tokens))
}

/// The tokens as HTML: adjacent tokens of one class in one span, `Text` bare.
fn write_spans(code: &str, tokens: &[(&'static str, std::ops::Range<usize>)]) -> String {
    let mut html = String::with_capacity(code.len() * 3);
    let mut at = 0;
    while at < tokens.len() {
        let class = tokens[at].0;
        let start = tokens[at].1.start;
        let mut end = tokens[at].1.end;
        at += 1;
        while at < tokens.len() && tokens[at].0 == class && tokens[at].1.start == end {
            end = tokens[at].1.end;
            at += 1;
        }
        if class == TEXT {
            push_escaped_text(&mut html, &code[start..end]);
        } else {
            html.push_str("<span class=\"");
            html.push_str(class);
            html.push_str("\">");
            push_escaped_text(&mut html, &code[start..end]);
            html.push_str("</span>");
        }
    }
    html
}

#[cfg(test)]
mod tests;
