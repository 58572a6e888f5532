//! Python as Rouge's Python lexer splits it: `from a.b import` and `import a.b` name
//! their module as one `nn` token, `def`/`class` name what follows, a name after `.` is
//! plain `n` (never a keyword or builtin), and strings remember their prefix and quote,
//! so an f-string's `{...}` is lexed again as Python and a raw string's escapes stay `s`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Python lexer.
pub(in crate::render::highlight) static PYTHON: LexerSpec = LexerSpec {
    names: &["python", "py"],
    states: &[
        ("root", ROOT),
        ("funcname", FUNCTION_NAME),
        ("classname", CLASS_NAME),
        ("generic_string", STRING),
        ("generic_escape", ESCAPE),
        ("generic_interpol", INTERPOLATION),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's Python identifier.
macro_rules! id {
    () => {
        r"[[:alpha:]_][[:alnum:]_]*"
    };
}

/// A dotted module path (or decorator).
macro_rules! dotted_id {
    () => {
        r"[[:alpha:]_.][[:alnum:]_.]*"
    };
}

/// Digits with single underscores between them.
macro_rules! digits {
    () => {
        r"[0-9](?:_?[0-9])*"
    };
}

/// A float's exponent.
macro_rules! exponent {
    () => {
        concat!(r"(?i:e[+-]?", digits!(), ")")
    };
}

const KEYWORDS: &[&str] = &[
    "assert", "break", "continue", "del", "elif", "else", "except", "exec", "finally", "for",
    "global", "if", "lambda", "pass", "print", "raise", "return", "try", "while", "yield", "as",
    "with", "from", "import", "async", "await", "nonlocal",
];

/// Rouge's builtin functions and its exceptions, both `nb`.
const BUILTINS: &[&str] = &[
    "__import__",
    "abs",
    "all",
    "any",
    "apply",
    "ascii",
    "basestring",
    "bin",
    "bool",
    "buffer",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "cmp",
    "coerce",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "execfile",
    "exit",
    "file",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "int",
    "intern",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "long",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "property",
    "range",
    "raw_input",
    "reduce",
    "reload",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "unichr",
    "unicode",
    "vars",
    "xrange",
    "zip",
];

const PSEUDO_BUILTINS: &[&str] = &[
    "self",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
];

const EXCEPTIONS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "EnvironmentError",
    "Exception",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "OverflowWarning",
    "PendingDeprecationWarning",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StandardError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "VMSError",
    "Warning",
    "WindowsError",
    "ZeroDivisionError",
];

const ROOT: &[Rule] = &[
    Match(r"\n+", Token(TEXT), Stay),
    Match(
        r#"^(?mi:(:)(\s*)([ru]{,2}""".*?"""))"#,
        Groups(&["p", TEXT, "sd"]),
        Stay,
    ),
    Match(r"[^\S\n]+", Token(TEXT), Stay),
    Match(r"#(.*)?\n?", Token("c1"), Stay),
    Match(r"[\[\]{}:(),;.]", Token("p"), Stay),
    Match(r"\\\n", Token(TEXT), Stay),
    Match(r"\\", Token(TEXT), Stay),
    Match(r"(in|is|and|or|not)\b", Token("ow"), Stay),
    Match(r"(<<|>>|//|\*\*)=?", Token("o"), Stay),
    Match(r"[-~+/*%=<>&^|@]=?|!=", Token("o"), Stay),
    Match(
        concat!(
            r"(from)((?:\\\s|\s)+)(",
            dotted_id!(),
            r")((?:\\\s|\s)+)(import)"
        ),
        Groups(&["kn", TEXT, "nn", TEXT, "kn"]),
        Stay,
    ),
    Match(
        concat!(r"(import)(\s+)(", dotted_id!(), ")"),
        Groups(&["kn", TEXT, "nn"]),
        Stay,
    ),
    Match(
        r"(def)((?:\s|\\\s)+)",
        Groups(&["k", TEXT]),
        Push("funcname"),
    ),
    Match(
        r"(class)((?:\s|\\\s)+)",
        Groups(&["k", TEXT]),
        Push("classname"),
    ),
    Match(r"`.*?`", Token("sb"), Stay),
    Match(
        r#"(?i)([rfbu]{0,2})('''|"""|['"])"#,
        Call(open_string),
        Push("generic_string"),
    ),
    Match(concat!("(?i)@", dotted_id!()), Token("nd"), Stay),
    // Rouge's `(?<!\.)` here never sees the text before the name: a name is classified
    // even after a dot.
    Match(id!(), Call(name), Stay),
    Match(
        concat!(
            "(?i)(?:(?:",
            digits!(),
            r")?\.",
            digits!(),
            "|",
            digits!(),
            r"\.)(?:",
            exponent!(),
            ")?j?"
        ),
        Token("mf"),
        Stay,
    ),
    Match(
        concat!("(?i)", digits!(), exponent!(), "j?"),
        Token("mf"),
        Stay,
    ),
    Match(concat!("(?i)", digits!(), "j"), Token("mf"), Stay),
    Match(r"(?i)0b(_?[0-1])+", Token("mb"), Stay),
    Match(r"(?i)0o(_?[0-7])+", Token("mo"), Stay),
    Match(r"(?i)0x(_?[a-f0-9])+", Token("mh"), Stay),
    Match(r"\d+L", Token("il"), Stay),
    Match(r"([1-9](_?[0-9])*|0(_?0)*)", Token("mi"), Stay),
];

const FUNCTION_NAME: &[Rule] = &[Match(id!(), Token("nf"), Pop)];

const CLASS_NAME: &[Rule] = &[Match(id!(), Token("nc"), Pop)];

const STRING: &[Rule] = &[
    Match(r#"[^'"\\{]+"#, Token("s"), Stay),
    Match(r"\{\{", Token("s"), Stay),
    Match(r#"'''|"""|['"]"#, Call(quote), Stay),
    Match(r"(?=\\)", Token("s"), Push("generic_escape")),
    Match(r"\{", Call(open_brace), Stay),
];

const ESCAPE: &[Rule] = &[
    Match(
        r#"\\(?:[\\abfnrtv"']|\n|newline|N\{[a-zA-Z][a-zA-Z ]+[a-zA-Z]\}|u[a-fA-F0-9]{4}|U[a-fA-F0-9]{8}|x[a-fA-F0-9]{2}|[0-7]{1,3})"#,
        Call(escape),
        Pop,
    ),
    Match(r"\\.", Token("s"), Pop),
];

const INTERPOLATION: &[Rule] = &[
    Match(r"[^{}!:]+", Call(recurse), Stay),
    Match(r"![asr]", Token("si"), Stay),
    Match(r":", Token("si"), Stay),
    Match(r"\{", Token("si"), Push("generic_interpol")),
    Match(r"\}", Token("si"), Pop),
];

/// A name: keyword, builtin, exception or plain name.
fn name(lexing: &mut Lexing, matched: &Matched) {
    let text = matched.text;
    let class = if KEYWORDS.contains(&text) {
        "k"
    } else if EXCEPTIONS.contains(&text) || BUILTINS.contains(&text) {
        "nb"
    } else if PSEUDO_BUILTINS.contains(&text) {
        "bp"
    } else {
        "n"
    };
    lexing.token(class, text);
}

/// A string's opening: remembers its prefix (lowercased) and its quote.
fn open_string(lexing: &mut Lexing, matched: &Matched) {
    lexing.groups(matched, &["sa", "s"]);
    let prefix = matched.group(1).map_or("", |(_, prefix)| prefix);
    let quote = matched.group(2).map_or("", |(_, quote)| quote);
    lexing
        .remembered
        .push(format!("{}{quote}", prefix.to_lowercase()));
}

/// The open string's prefix and quote.
fn open_string_kind(lexing: &Lexing) -> (&str, &str) {
    let kind = lexing.remembered.last().map_or("", String::as_str);
    let quote_start = kind.find(['\'', '"']).unwrap_or(kind.len());
    kind.split_at(quote_start)
}

/// A quote in a string: ends it when it is the string's own quote.
fn quote(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("s", matched.text);
    if open_string_kind(lexing).1 == matched.text {
        lexing.remembered.pop();
        lexing.pop();
    }
}

/// An escape: `se`, except in a raw string.
fn escape(lexing: &mut Lexing, matched: &Matched) {
    let raw = open_string_kind(lexing).0.contains('r');
    lexing.token(if raw { "s" } else { "se" }, matched.text);
}

/// `{` in a string: an f-string's interpolation starts.
fn open_brace(lexing: &mut Lexing, matched: &Matched) {
    if open_string_kind(lexing).0.contains('f') {
        lexing.token("si", matched.text);
        lexing.push("generic_interpol");
    } else {
        lexing.token("s", matched.text);
    }
}

/// Code in an f-string's braces, lexed afresh as Python (Rouge's `recurse`).
fn recurse(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_fresh(&PYTHON, 0, matched.text);
}
