//! Haskell (`haskell`, `hs`) as Rouge's Haskell lexer splits it: a word is a keyword
//! (`kr`), a type when capitalised (`kt`) or a name (`n`); `import` and `module` lines
//! name a namespace (`nn`) and an import list's functions `nf`; operators are one `o`
//! run however long (`<$>`), with `->`, `=>`, `::`, `<-` and `=` alone; `\` starting a
//! lambda is `nf`; comments nest (`{- {- -} -}`), and string escapes are `se`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Haskell lexer.
pub(in crate::render::highlight) static HASKELL: LexerSpec = LexerSpec {
    names: &["haskell", "hs"],
    states: &[
        ("basic", BASIC),
        ("comment", COMMENT),
        ("comment_preproc", COMMENT_PREPROC),
        ("root", ROOT),
        ("import", IMPORT),
        ("module", MODULE),
        ("funclist", FUNCTION_LIST),
        ("character", CHARACTER),
        ("character_end", CHARACTER_END),
        ("quasiquotation", QUASIQUOTATION),
        ("string", STRING),
        ("escape", ESCAPE),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's reserved words.
const RESERVED: &[&str] = &[
    "_", "case", "class", "data", "default", "deriving", "do", "else", "if", "in", "infix",
    "infixl", "infixr", "instance", "let", "newtype", "of", "then", "type", "where",
];

/// The ASCII control characters' names a string escape may spell.
const ASCII_NAMES: &[&str] = &[
    "NUL", "SOH", "[SE]TX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
    "S[OI]", "DLE", "DC[1-4]", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "[FGRU]S", "SP",
    "DEL",
];

fn ascii_name_pattern() -> String {
    ASCII_NAMES.join("|")
}

const BASIC: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\{-#", Token("cp"), Push("comment_preproc")),
    Match(r"\{-", Token("cm"), Push("comment")),
    Match(r"^--\s+\|.*?$", Token("cd"), Stay),
    Match(r"--(?![!#\$\%&*+.\/<=>?@\^\|_~]).*?$", Token("c1"), Stay),
];

const COMMENT: &[Rule] = &[
    Match(r"-\}", Token("cm"), Pop),
    Match(r"\{-", Token("cm"), Push("comment")),
    Match(r"[^-{}]+", Token("cm"), Stay),
    Match(r"[-{}]", Token("cm"), Stay),
];

const COMMENT_PREPROC: &[Rule] = &[
    Match(r"-\}", Token("cp"), Pop),
    Match(r"\{-", Token("cp"), Push("comment")),
    Match(r"[^-{}]+", Token("cp"), Stay),
    Match(r"[-{}]", Token("cp"), Stay),
];

const ROOT: &[Rule] = &[
    Mixin("basic"),
    Match(r"'(?=(?:.|\\\S+)')", Token("sc"), Push("character")),
    Match(r#"""#, Token("s"), Push("string")),
    Match(r"(?i:\d+e[+-]?\d+)", Token("mf"), Stay),
    Match(r"(?i:\d+\.\d+(e[+-]?\d+)?)", Token("mf"), Stay),
    Match(r"(?i:0o[0-7]+)", Token("mo"), Stay),
    Match(r"(?i:0x[\da-f]+)", Token("mh"), Stay),
    Match(r"\d+", Token("mi"), Stay),
    Match(r"[\w']+", Call(word), Stay),
    Match(r"\\(?![:!#\$\%&*+.\\/<=>?@^\|~-]+)", Token("nf"), Stay),
    Match(
        r"(<-|::|->|=>|=)(?![:!#\$\%&*+.\\/<=>?@^\|~-]+)",
        Token("o"),
        Stay,
    ),
    Match(r":[:!#\$\%&*+.\\/<=>?@^\|~-]*", Token("o"), Stay),
    Match(r"[:!#\$\%&*+.\\/<=>?@^\|~-]+", Token("o"), Stay),
    Match(r"\[\s*\]", Token("kt"), Stay),
    Match(r"\(\s*\)", Token("nb"), Stay),
    Match(
        r"(\[)([_a-z][\w']*)(\|)",
        Groups(&["o", "n", "o"]),
        Push("quasiquotation"),
    ),
    Match(r"[\[\](),;`{}]", Token("p"), Stay),
];

/// A word: `import` and `module` start their lines' states; reserved words are `kr`,
/// capitalised words types, others names.
fn word(lexing: &mut Lexing, matched: &Matched) {
    let word = matched.text;
    match word {
        "import" | "module" => {
            lexing.token("kr", word);
            lexing.push(word);
        }
        _ if RESERVED.contains(&word) => lexing.token("kr", word),
        _ if word
            .strip_prefix('\'')
            .unwrap_or(word)
            .starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            lexing.token("kt", word)
        }
        _ => lexing.token("n", word),
    }
}

const IMPORT: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r#"""#, Token("s"), Push("string")),
    Match(r"\bqualified\b", Token("k"), Stay),
    Match(
        r"([A-Z][\w.]*)(\s+)(as)(\s+)([A-Z][a-zA-Z0-9_.]*)",
        Groups(&["nn", TEXT, "k", TEXT, "n"]),
        Pop,
    ),
    Match(
        r"([A-Z][\w.]*)(\s+)(hiding)(\s+)(\()",
        Groups(&["nn", TEXT, "k", TEXT, "p"]),
        Goto("funclist"),
    ),
    Match(
        r"([A-Z][\w.]*)(\s+)(\()",
        Groups(&["nn", TEXT, "p"]),
        Goto("funclist"),
    ),
    Match(r"[\w.]+", Token("nn"), Pop),
];

const MODULE: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(
        r"([A-Z][\w.]*)(\s+)(\()",
        Groups(&["nn", TEXT, "p"]),
        Push("funclist"),
    ),
    Match(r"\bwhere\b", Token("kr"), Pop),
    Match(r"[A-Z][a-zA-Z0-9_.]*", Token("nn"), Pop),
];

const FUNCTION_LIST: &[Rule] = &[
    Mixin("basic"),
    Match(r"[A-Z]\w*", Token("kt"), Stay),
    Match(r"(_[\w\']+|[a-z][\w\']*)", Token("nf"), Stay),
    Match(r",", Token("p"), Stay),
    Match(r"[:!#\$\%&*+.\\\/<=>?@^\|~-]+", Token("o"), Stay),
    Match(r"\(", Token("p"), Push("funclist")),
    Match(r"\)", Token("p"), Pop),
];

const CHARACTER: &[Rule] = &[
    Match(r"\\", Call(character_escape), Stay),
    Match(r".", Token("sc"), Goto("character_end")),
];

/// `'\n'`: the escape, then the closing quote.
fn character_escape(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("se", matched.text);
    lexing.goto("character_end");
    lexing.push("escape");
}

const CHARACTER_END: &[Rule] = &[
    Match(r"'", Token("sc"), Pop),
    Match(r".", Token("err"), Pop),
];

const QUASIQUOTATION: &[Rule] = &[
    Match(r"\|\]", Token("o"), Pop),
    Match(r"[^\|]+", Token(TEXT), Stay),
    Match(r"\|", Token(TEXT), Stay),
];

const STRING: &[Rule] = &[
    Match(r#"""#, Token("s"), Pop),
    Match(r"\\", Token("se"), Push("escape")),
    Match(r#"[^\\"]+"#, Token("s"), Stay),
];

const ESCAPE: &[Rule] = &[
    Match(r#"[abfnrtv"'&\\]"#, Token("se"), Pop),
    Match(r"\^[\]\[A-Z@\^_]", Token("se"), Pop),
    Built(ascii_name_pattern, Token("se"), Pop),
    Match(r"(?i:o[0-7]+)", Token("se"), Pop),
    Match(r"(?i:x[\da-f]+)", Token("se"), Pop),
    Match(r"\d+", Token("se"), Pop),
    Match(r"\s+\\", Token("se"), Pop),
];
