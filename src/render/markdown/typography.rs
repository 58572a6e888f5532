//! kramdown's typography: smart quotes and the symbols `---`, `--`, `...`, `<<`, `>>`.
//!
//! kramdown decides each quote with an ordered list of regular expressions
//! (`parser/kramdown/smart_quotes.rb`) run on the raw paragraph source, starting at the
//! character before the quote unless an earlier element (markup, an entity, another
//! quote or symbol) consumed it. [`Typographer`] replays those rules on pulldown's text
//! events: lookahead reads the raw source, and the "consumed" state is tracked across
//! events of one inline run.

use std::ops::Range;

/// How kramdown's rules resolve a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteRule {
    Open,
    Close,
    /// `"'word` or `'"word`: both quotes open.
    OpenPair,
    /// A quote directly followed by another, with nothing before: the first stays
    /// literal and the second closes (kramdown's `SQ_CLOSE` matching the quote itself).
    LiteralThenClose,
}

/// Converts text events of one document, keeping the state kramdown's scanner has.
pub(super) struct Typographer<'a> {
    source: &'a str,
    /// Characters for lsquo, rsquo, ldquo, rdquo.
    quotes: &'a [String; 4],
    /// Source offset up to which kramdown consumed characters: a quote at this offset
    /// has no usable character before it (except `lead_at_boundary`).
    boundary: usize,
    /// What kramdown sees before the quote at `boundary`: a newline after a soft break.
    lead_at_boundary: Option<char>,
    /// End of the last converted text event, to recognise text that continues it.
    last_text_end: Option<usize>,
}

impl<'a> Typographer<'a> {
    /// A typographer over the (preprocessed) Markdown source the events point into.
    pub fn new(source: &'a str, quotes: &'a [String; 4]) -> Typographer<'a> {
        Typographer {
            source,
            quotes,
            boundary: 0,
            lead_at_boundary: None,
            last_text_end: None,
        }
    }

    /// Marks an element boundary (markup, a block start): the next text starts fresh.
    /// `lead` is what kramdown would see before it (a newline after a soft break).
    pub fn interrupt(&mut self, lead: Option<char>) {
        self.last_text_end = None;
        self.lead_at_boundary = lead;
    }

    /// Appends `text` (a text event covering `range` of the source) to `out` with
    /// typography applied. Entities and backslash escapes stay literal.
    pub fn convert(&mut self, text: &str, range: Range<usize>, out: &mut String) {
        if self.last_text_end != Some(range.start) {
            self.boundary = range.start;
        }
        self.last_text_end = Some(range.end);
        if self.source.get(range.clone()) != Some(text) {
            // An entity or an escape: kramdown emits it as is and consumes it.
            out.push_str(text);
            self.consumed(range.end);
            return;
        }
        let mut index = 0;
        if range.start > 0
            && self.source.as_bytes()[range.start - 1] == b'\\'
            && text.starts_with(|c: char| c.is_ascii_punctuation())
        {
            out.push_str(&text[..1]);
            index = 1;
            self.consumed(range.start + 1);
        }
        while index < text.len() {
            let position = range.start + index;
            let rest = &text[index..];
            if let Some((symbol, length)) = typographic_symbol(rest) {
                out.push_str(symbol);
                index += length;
                self.consumed(position + length);
                continue;
            }
            let c = rest.chars().next().expect("index is below the length");
            if c != '"' && c != '\'' {
                out.push(c);
                index += c.len_utf8();
                continue;
            }
            let lead = if position > self.boundary {
                self.source[..position].chars().next_back()
            } else {
                self.lead_at_boundary
            };
            let quote_count = match decide_quote(lead, &self.source[position..]) {
                QuoteRule::Open => {
                    out.push_str(self.quote(c, true));
                    1
                }
                QuoteRule::Close => {
                    out.push_str(self.quote(c, false));
                    1
                }
                QuoteRule::OpenPair if rest.len() > 1 => {
                    out.push_str(self.quote(c, true));
                    out.push_str(self.quote(rest.as_bytes()[1] as char, true));
                    2
                }
                QuoteRule::LiteralThenClose if rest.len() > 1 => {
                    out.push(c);
                    out.push_str(self.quote(rest.as_bytes()[1] as char, false));
                    2
                }
                QuoteRule::OpenPair | QuoteRule::LiteralThenClose => {
                    out.push_str(self.quote(c, true));
                    1
                }
            };
            index += quote_count;
            self.consumed(position + quote_count);
        }
    }

    fn consumed(&mut self, until: usize) {
        self.boundary = until;
        self.lead_at_boundary = None;
    }

    fn quote(&self, quote: char, open: bool) -> &'a str {
        let index = match (quote, open) {
            ('\'', true) => 0,
            ('\'', false) => 1,
            (_, true) => 2,
            (_, false) => 3,
        };
        &self.quotes[index]
    }
}

/// The symbol starting `text`, with the length it replaces, in the order of kramdown's
/// `TYPOGRAPHIC_SYMS` alternation.
fn typographic_symbol(text: &str) -> Option<(&'static str, usize)> {
    const SYMBOLS: [(&str, &str); 7] = [
        ("---", "—"),
        ("--", "–"),
        ("...", "…"),
        ("<< ", "«\u{a0}"),
        (" >>", "\u{a0}»"),
        ("<<", "«"),
        (">>", "»"),
    ];
    SYMBOLS
        .iter()
        .find(|(pattern, _)| text.starts_with(pattern))
        .map(|(pattern, symbol)| (*symbol, pattern.len()))
}

/// Ruby's `\s`.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Ruby's `\w` on a UTF-8 string (ASCII only).
fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// kramdown's `SQ_PUNCT`.
fn is_punct(c: u8) -> bool {
    c.is_ascii_punctuation()
}

/// Applies kramdown's `SQ_RULES` to the quote starting `rest`, with `lead` the
/// unconsumed character before it.
fn decide_quote(lead: Option<char>, rest: &str) -> QuoteRule {
    let bytes = rest.as_bytes();
    let quote = bytes[0];
    let at = |i: usize| bytes.get(i).copied();
    // `\b` in Ruby is Unicode-aware, unlike `\w`.
    let is_boundary_word = |i: usize| {
        rest[i.min(rest.len())..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let lead_is_space = lead.is_some_and(|c| c.is_ascii() && is_space(c as u8));
    if lead.is_none() {
        if matches!(at(1), Some(b'_' | b'*')) && at(2).is_some_and(|c| !is_space(c)) {
            return QuoteRule::Open;
        }
        if at(1).is_some_and(is_punct)
            && !(at(2) == Some(b'.') && at(3) == Some(b'.'))
            && is_boundary_word(1) == is_boundary_word(2)
        {
            return QuoteRule::Close;
        }
    }
    if lead.is_none() || lead_is_space {
        let other_quote = if quote == b'"' { b'\'' } else { b'"' };
        if at(1) == Some(other_quote) && at(2).is_some_and(is_word) {
            return QuoteRule::OpenPair;
        }
        if quote == b'\''
            && at(1).is_some_and(|c| c.is_ascii_digit())
            && at(2).is_some_and(|c| c.is_ascii_digit())
            && at(3) == Some(b's')
        {
            return QuoteRule::Close;
        }
    }
    if lead_is_space && at(1).is_some_and(is_word) {
        return QuoteRule::Open;
    }
    match lead {
        Some(c) if !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-') => {
            return QuoteRule::Close;
        }
        None if matches!(at(1), Some(b'"' | b'\'')) => return QuoteRule::LiteralThenClose,
        _ => {}
    }
    if lead.is_none()
        && (at(1).is_none_or(is_space) || (at(1) == Some(b's') && !is_boundary_word(2)))
    {
        return QuoteRule::Close;
    }
    QuoteRule::Open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes() -> [String; 4] {
        ["‘", "’", "“", "”"].map(String::from)
    }

    /// Converts `source` as one text event.
    fn convert(source: &str) -> String {
        let quotes = quotes();
        let mut typographer = Typographer::new(source, &quotes);
        let mut out = String::new();
        typographer.convert(source, 0..source.len(), &mut out);
        out
    }

    // Expectations below observed from kramdown 2.4 + parser-gfm 1.1 (Jekyll 4 options).
    #[test]
    fn quotes_in_prose() {
        assert_eq!(
            convert(r#""Hello," she said. It's the '90s, isn't it? 'Single' and "double"."#),
            "“Hello,” she said. It’s the ’90s, isn’t it? ‘Single’ and “double”."
        );
        assert_eq!(
            convert("Rock 'n' roll, don't, 5'10\", x\"y"),
            "Rock ‘n’ roll, don’t, 5’10”, x”y"
        );
        assert_eq!(
            convert(r#"("paren") and ('single') "'nested' quote" 'x'."#),
            "(“paren”) and (‘single’) “‘nested’ quote” ‘x’."
        );
        assert_eq!(convert("x \"über\" and 'ünï'"), "x “über” and ‘ünï’");
    }

    #[test]
    fn symbols() {
        assert_eq!(
            convert("--- dash -- en... << a >> and <<b>> a--b"),
            "— dash – en… «\u{a0}a\u{a0}» and «b» a–b"
        );
    }

    #[test]
    fn quote_after_consumed_markup_and_soft_break() {
        // `*emph*'s` → `<em>emph</em>’s`; a quote at a line start after a soft break
        // (`"quote at end"\n'line start`) opens.
        let source = "*emph*'s\n'line";
        let quotes = quotes();
        let mut typographer = Typographer::new(source, &quotes);
        let mut out = String::new();
        typographer.interrupt(None);
        typographer.convert("'s", 6..8, &mut out);
        typographer.interrupt(Some('\n'));
        typographer.convert("'line", 9..14, &mut out);
        assert_eq!(out, "’s‘line");
    }

    #[test]
    fn escapes_and_entities_stay_literal() {
        // `\"esc\"` → `"esc"`; `&quot;` → `"`.
        let source = r#"\"esc\" &quot;"#;
        let quotes = quotes();
        let mut typographer = Typographer::new(source, &quotes);
        let mut out = String::new();
        typographer.convert("\"esc", 1..5, &mut out);
        typographer.convert("\" ", 6..8, &mut out);
        typographer.convert("\"", 8..14, &mut out);
        assert_eq!(out, r#""esc" ""#);
    }
}
