//! YAML as Rouge's YAML lexer splits it: a block key is `na` up to its `:` (`pi`), a
//! plain value is one `s` run except that `true`/`false`/`null` are `no` even inside a
//! word and a number just before the end of a line is `m`, and the blanks inside a
//! quoted string are `nv` between `s` words, as in Rouge. The lexer keeps Rouge's
//! indentation stack, so a line indented less than its block ends a value or a scalar.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The YAML lexer.
pub(in crate::render::highlight) static YAML: LexerSpec = LexerSpec {
    names: &["yaml", "yml"],
    states: &[
        ("basic", BASIC),
        ("root", ROOT),
        ("indentation", INDENTATION),
        ("block_line", BLOCK_LINE),
        ("descriptors", DESCRIPTORS),
        ("block_nodes", BLOCK_NODES),
        ("flow_nodes", FLOW_NODES),
        ("flow_collection", FLOW_COLLECTION),
        ("flow_sequence", FLOW_SEQUENCE),
        ("flow_mapping", FLOW_MAPPING),
        ("block_scalar_content", BLOCK_SCALAR_CONTENT),
        ("block_scalar_header", BLOCK_SCALAR_HEADER),
        ("ignored_line", IGNORED_LINE),
        ("quoted_scalar_whitespaces", QUOTED_SCALAR_WHITESPACES),
        ("single_quoted_scalar", SINGLE_QUOTED_SCALAR),
        ("double_quoted_scalar", DOUBLE_QUOTED_SCALAR),
        (
            "plain_scalar_in_block_context_new_line",
            PLAIN_SCALAR_NEW_LINE,
        ),
        ("plain_scalar_in_block_context", PLAIN_SCALAR_IN_BLOCK),
        ("plain_scalar_in_flow_context", PLAIN_SCALAR_IN_FLOW),
        ("yaml_directive", YAML_DIRECTIVE),
        ("tag_directive", TAG_DIRECTIVE),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's indentation levels: the stack of open block indents, the indent of the line
/// being read, and a block scalar's own indent once known.
pub(in crate::render::highlight) struct Indentation {
    levels: Vec<usize>,
    next: usize,
    block_scalar: Option<usize>,
}

impl Default for Indentation {
    fn default() -> Indentation {
        Indentation {
            levels: vec![0],
            next: 0,
            block_scalar: None,
        }
    }
}

impl Indentation {
    /// The innermost open block's indent.
    fn current(&self) -> usize {
        self.levels.last().copied().unwrap_or_default()
    }

    /// A line indented by `width`: closes the blocks indented more, and returns how much
    /// of the indent is theirs; the rest (indenting to no open level) is an error.
    fn save(&mut self, width: usize) -> usize {
        self.next = width;
        if width < self.current() {
            while width < self.current() {
                self.levels.pop();
            }
            self.current()
        } else {
            width
        }
    }

    /// A block opens at the current line's indent (when deeper), which then grows by
    /// `width` (an indicator's).
    fn open(&mut self, width: usize) {
        if self.current() < self.next {
            self.levels.push(self.next);
        }
        self.next += width;
    }
}

/// The characters a plain scalar may start with, as a class body.
macro_rules! plain_scalar_start {
    () => {
        r#"[^ \t\n\r\f\v?:,\[\]{}#&*!\|>'"%@`]"#
    };
}

const BASIC: &[Rule] = &[Match(r"#.*$", Token("c1"), Stay)];

const ROOT: &[Rule] = &[
    Mixin("basic"),
    Match(r"\n+", Token(TEXT), Stay),
    // Trailing blanks, or blanks before a comment.
    Match(r"[ ]+(?=#|$)", Token(TEXT), Stay),
    Match(r"^%YAML\b", Call(directive), Push("yaml_directive")),
    Match(r"^%TAG\b", Call(directive), Push("tag_directive")),
    Match(r"^(?:---|\.\.\.)(?= |$)", Call(document_marker), Stay),
    Match(r"[ ]*(?!\s|$)", Call(line_indent), Stay),
];

/// `%YAML` or `%TAG`: a new document's indentation.
fn directive(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("nt", matched.text);
    lexing.indentation = Indentation::default();
}

/// `---` or `...`: a new document's indentation.
fn document_marker(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("nn", matched.text);
    lexing.indentation = Indentation::default();
    lexing.push("block_line");
}

/// The indent of a line: what no open block accounts for is an error.
fn line_indent(lexing: &mut Lexing, matched: &Matched) {
    let kept = lexing.indentation.save(matched.text.len());
    lexing.token(TEXT, &matched.text[..kept]);
    lexing.token_at("err", kept, &matched.text[kept..]);
    lexing.push("block_line");
    lexing.push("indentation");
}

const INDENTATION: &[Rule] = &[
    Match(r"\s*?\n", Token(TEXT), PopTimes(2)),
    // Blanks before a block collection indicator.
    Match(r"[ ]+(?=[-:?](?:[ ]|$))", Call(continue_indent), Stay),
    Match(r"[?:-](?=[ ]|$)", Call(collection_indicator), Stay),
    // Where the line's content starts.
    Match(r"[ ]*", Call(continue_indent), Pop),
];

/// Blanks that indent the line further.
fn continue_indent(lexing: &mut Lexing, matched: &Matched) {
    lexing.token(TEXT, matched.text);
    lexing.indentation.next += matched.text.len();
}

/// `-`, `?` or `:` opening a block collection.
fn collection_indicator(lexing: &mut Lexing, matched: &Matched) {
    lexing.indentation.open(matched.text.len());
    lexing.token("pi", matched.text);
}

const BLOCK_LINE: &[Rule] = &[
    // The end of the line.
    Match(r"[ ]*(?=#|$)", Token(TEXT), Pop),
    Match(r"[ ]+", Token(TEXT), Stay),
    Mixin("descriptors"),
    Mixin("block_nodes"),
    Mixin("flow_nodes"),
    Match(
        concat!("(?=", plain_scalar_start!(), r"|[?:-][^ \t\n\r\f\v])"),
        Token(TEXT),
        Push("plain_scalar_in_block_context"),
    ),
];

/// Tags, anchors and aliases.
const DESCRIPTORS: &[Rule] = &[
    Match(
        r"!<[0-9A-Za-z;\/?:@&=+$,_.!~*'()\[\]%-]+>",
        Token("kt"),
        Stay,
    ),
    Match(
        r"(?:![\w-]+)?!(?:[\w;/?:@&=+$,.!~*'()\[\]%-]*)",
        Token("kt"),
        Stay,
    ),
    Match(r"&[\p{L}\p{Nl}\p{Nd}_-]+", Token("nl"), Stay),
    Match(r"\*[\p{L}\p{Nl}\p{Nd}_-]+", Token("nv"), Stay),
];

const BLOCK_NODES: &[Rule] = &[
    // An implicit key.
    Match(
        r#"([^#,:?\[\]{}"'\n]+)(:)(?=\s|$)"#,
        Call(implicit_key),
        Stay,
    ),
    // A literal or folded scalar.
    Match(r"[\|>][+-]?", Call(block_scalar_indicator), Stay),
];

/// `|` or `>`: a header, then the scalar's lines.
fn block_scalar_indicator(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("pi", matched.text);
    lexing.push("block_scalar_content");
    lexing.push("block_scalar_header");
}

/// `key:` opens a mapping at the line's indent.
fn implicit_key(lexing: &mut Lexing, matched: &Matched) {
    lexing.groups(matched, &["na", "pi"]);
    lexing.indentation.open(0);
}

const FLOW_NODES: &[Rule] = &[
    Match(r"\[", Token("pi"), Push("flow_sequence")),
    Match(r"\{", Token("pi"), Push("flow_mapping")),
    Match(r"'", Token("s1"), Push("single_quoted_scalar")),
    Match(r#"""#, Token("s2"), Push("double_quoted_scalar")),
];

const FLOW_COLLECTION: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Mixin("basic"),
    Match(r"[?:,]", Token("pi"), Stay),
    Mixin("descriptors"),
    Mixin("flow_nodes"),
    Match(
        concat!("(?=", plain_scalar_start!(), ")"),
        Token(TEXT),
        Push("plain_scalar_in_flow_context"),
    ),
];

const FLOW_SEQUENCE: &[Rule] = &[Match(r"\]", Token("pi"), Pop), Mixin("flow_collection")];

const FLOW_MAPPING: &[Rule] = &[Match(r"\}", Token("pi"), Pop), Mixin("flow_collection")];

const BLOCK_SCALAR_CONTENT: &[Rule] = &[
    Match(r"\n+", Token(TEXT), Stay),
    // Blank lines never end the scalar; blanks past its indent are part of it.
    Match(r"^[ ]+$", Call(blank_scalar_line), Stay),
    Match(r"^[ ]*", Call(scalar_line_indent), Stay),
    Match(r"[^\n\r\f\v]+", Token("s"), Stay),
];

/// A line of blanks in a block scalar.
fn blank_scalar_line(lexing: &mut Lexing, matched: &Matched) {
    let width = matched.text.len();
    let mark = lexing.indentation.block_scalar.unwrap_or(width).min(width);
    lexing.token(TEXT, &matched.text[..mark]);
    lexing.token_at("no", mark, &matched.text[mark..]);
}

/// The indent of a block scalar's line: the first sets the scalar's own indent, and a
/// line indented less ends the scalar.
fn scalar_line_indent(lexing: &mut Lexing, matched: &Matched) {
    lexing.token(TEXT, matched.text);
    let width = matched.text.len();
    let indentation = &mut lexing.indentation;
    let dedent_level = indentation.block_scalar.unwrap_or(indentation.current());
    indentation.block_scalar.get_or_insert(width);
    if width < dedent_level {
        indentation.save(width);
        lexing.pop();
        lexing.push("indentation");
    }
}

const BLOCK_SCALAR_HEADER: &[Rule] = &[
    // An indentation indicator and a chomping flag, both optional, in either order.
    Match(
        r"(([1-9])[+-]?|[+-]?([1-9])?)(?=[ ]|$)",
        Call(block_scalar_header),
        Stay,
    ),
];

/// `|2-` and the like. As in Rouge, the increment is the header read as a number (`-2`
/// counts as minus two, a lone flag as zero).
fn block_scalar_header(lexing: &mut Lexing, matched: &Matched) {
    lexing.goto("ignored_line");
    let indentation = &mut lexing.indentation;
    indentation.block_scalar = None;
    if matched.text.is_empty() {
        return;
    }
    let increment = leading_integer(matched.text);
    indentation.block_scalar = Some(indentation.current().saturating_add_signed(increment));
    lexing.token("pi", matched.text);
}

/// The integer `text` starts with, as Ruby's `to_i` reads it (0 when none).
fn leading_integer(text: &str) -> isize {
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    };
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    sign * digits.parse::<isize>().unwrap_or(0)
}

const IGNORED_LINE: &[Rule] = &[
    Mixin("basic"),
    Match(r"[ ]+", Token(TEXT), Stay),
    Match(r"\n", Token(TEXT), Pop),
];

const QUOTED_SCALAR_WHITESPACES: &[Rule] = &[
    // Leading and trailing blanks are not part of the value.
    Match(r"^[ ]+", Token(TEXT), Stay),
    Match(r"[ ]+$", Token(TEXT), Stay),
    Match(r"\n+", Token(TEXT), Stay),
    Match(r"[ ]+", Token("nv"), Stay),
];

const SINGLE_QUOTED_SCALAR: &[Rule] = &[
    Mixin("quoted_scalar_whitespaces"),
    Match(r"\\'", Token("se"), Stay),
    Match(r"'", Token("s"), Pop),
    Match(r"[^\s']+", Token("s"), Stay),
];

const DOUBLE_QUOTED_SCALAR: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Mixin("quoted_scalar_whitespaces"),
    Match(r#"\\[0abt\tn\nvfre "\\N_LP]"#, Token("se"), Stay),
    Match(
        r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})",
        Token("se"),
        Stay,
    ),
    Match(r#"[^ \t\n\r\f\v"\\]+"#, Token("s"), Stay),
];

const PLAIN_SCALAR_NEW_LINE: &[Rule] = &[
    Match(r"^[ ]+\n", Token(TEXT), Stay),
    Match(r"\n+", Token(TEXT), Stay),
    Match(r"^(?=---|\.\.\.)", Token(TEXT), PopTimes(3)),
    // A line indented no more than the block ends the scalar.
    Match(r"^[ ]*", Call(plain_scalar_line_indent), Stay),
];

/// The indent of the line after a plain scalar's: less than the block's ends the scalar.
fn plain_scalar_line_indent(lexing: &mut Lexing, matched: &Matched) {
    lexing.token(TEXT, matched.text);
    lexing.pop();
    let width = matched.text.len();
    if width <= lexing.indentation.current() {
        lexing.pop();
        lexing.indentation.save(width);
        lexing.push("indentation");
    }
}

const PLAIN_SCALAR_IN_BLOCK: &[Rule] = &[
    // `:` ends the scalar.
    Match(r"[ ]*(?=:[ \n]|:$)", Token(TEXT), Pop),
    Match(r"[ ]*:\S+", Token("s"), Stay),
    Match(r"[ ]+(?=#)", Token(TEXT), Pop),
    Match(r"[ ]+$", Token(TEXT), Stay),
    // A new line: a new document, or a dedent?
    Match(
        r"\n+",
        Token(TEXT),
        Push("plain_scalar_in_block_context_new_line"),
    ),
    Match(r"[ ]+", Token("s"), Stay),
    Match(r"true|false|null", Token("no"), Stay),
    Match(r"\d+(?:\.\d+)?(?=(\r?\n)| +#)", Token("m"), Pop),
    Match(r"[^\s:]+", Token("s"), Stay),
];

const PLAIN_SCALAR_IN_FLOW: &[Rule] = &[
    Match(r"[ ]*(?=[,:?\[\]{}])", Token(TEXT), Pop),
    Match(r"[ ]+(?=#)", Token(TEXT), Pop),
    Match(r"^[ ]+", Token(TEXT), Stay),
    Match(r"[ ]+$", Token(TEXT), Stay),
    Match(r"\n+", Token(TEXT), Stay),
    Match(r"[ ]+", Token("nv"), Stay),
    Match(r"[^\s,:?\[\]{}]+", Token("nv"), Stay),
];

const YAML_DIRECTIVE: &[Rule] = &[Match(
    r"([ ]+)(\d+\.\d+)",
    Groups(&[TEXT, "m"]),
    Goto("ignored_line"),
)];

const TAG_DIRECTIVE: &[Rule] = &[Match(
    r"([ ]+)(!|![\w-]*!)([ ]+)(!|!?[\w;/?:@&=+$,.!~*'()\[\]%-]+)",
    Groups(&[TEXT, "kt", TEXT, "kt"]),
    Goto("ignored_line"),
)];
