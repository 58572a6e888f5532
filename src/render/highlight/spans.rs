//! Rouge's flat spans, and how text a grammar leaves unscoped splits into tokens.

use super::*;

/// HTML being written as flat spans, one per run of tokens with the same class, the way
/// Rouge's HTML formatter writes them.
///
/// Whitespace around code tokens is written outside their spans, and line breaks end every
/// span unless the next line continues it: a string, comment or diff line spanning lines
/// stays one span, as in Rouge (`<span class="cm">/* a\n   b */</span>`).
pub(super) struct FlatSpans {
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
    pub(super) fn new(grammar: &SyntaxReference, capacity: usize) -> FlatSpans {
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
    pub(super) fn push_token(&mut self, text: &str, class: Option<&'static str>) {
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

    pub(super) fn finish(mut self) -> String {
        let joining = std::mem::take(&mut self.joining);
        self.push_token(&joining, Some("p"));
        self.close_span();
        self.html
    }
}

/// Grammar scopes (prefixes) whose unscoped text is prose, not code: no spans in it.
pub(super) const TEXT_LIKE_GRAMMARS: &[&str] = &["text.", "source.diff"];

/// Grammar scopes (prefixes) whose unscoped text is command words, which Rouge's lexers
/// leave as plain text up to whitespace or a bracket (`-o`, `foo/bar.txt`).
pub(super) const COMMAND_LIKE_GRAMMARS: &[&str] =
    &["source.shell", "source.dockerfile", "source.makefile"];

/// How a grammar's unscoped text splits into tokens, as Rouge's lexers split it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnscopedSplit {
    /// Prose (plain text, diffs): left as it is.
    Prose,
    /// Command words: only brackets and separators are split off, as `p`.
    Commands,
    /// Code: identifiers `n`, numbers `mi`, operators `o`, punctuation `p`, whitespace bare.
    Code,
}

/// What one character of unscoped text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnscopedKind {
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
pub(super) fn is_bracket_or_separator(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',' | ';')
}

/// The whitespace Rouge's lexers match with `\s`, which they leave outside spans.
pub(super) fn is_rouge_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b')
}

/// Whether whitespace between two tokens of `class` belongs inside their span: text-like
/// tokens (strings, comments, diff lines) keep their spaces, code tokens do not.
pub(super) fn keeps_inner_whitespace(class: Option<&str>) -> bool {
    class.is_some_and(|class| class_rank(class) >= Rank::String)
}
