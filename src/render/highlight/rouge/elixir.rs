//! Elixir as Rouge's Elixir lexer splits it: `def`/`do`/`end` keywords `k`, `:atom` and
//! `key:` symbols `ss`, capitalised names and `nil`/`true`/`false` `no`, `@attr` `nv`,
//! strings with `#{…}` code, and `~r/…/`-style sigils whose delimiters the run
//! remembers (regex sigils `sr` with flags, others `sx`).

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Elixir lexer.
pub(in crate::render::highlight) static ELIXIR: LexerSpec = LexerSpec {
    names: &["elixir", "exs"],
    states: &[
        ("root", ROOT),
        ("strings", STRINGS),
        ("dqs", DOUBLE_QUOTED),
        ("sqs", SINGLE_QUOTED),
        ("interpoling", INTERPOLING),
        ("interpoling_string", INTERPOLING_STRING),
        ("escapes", ESCAPES),
        ("interpoling_symbol", INTERPOLING_SYMBOL),
        ("sigil_strings", SIGIL_STRINGS),
        ("sigil_sr", SIGIL_REGEX),
        ("sigil_sx", SIGIL_OTHER),
        ("regex_flags", REGEX_FLAGS),
        ("list_flags", LIST_FLAGS),
    ],
    start: &["root"],
    session_of: None,
};

const ROOT: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(r"#.*$", Token("c1"), Stay),
    Match(
        concat!(
            r"\b(case|cond|end|bc|lc|if|unless|try|loop|receive|fn|defmodule|defp?",
            r"|defprotocol|defimpl|defrecord|defmacrop?|defdelegate|defexception",
            r"|defguardp?|defstruct|exit|raise|throw|after|rescue|catch|else)\b(?![?!])",
            r"|(?<!\.)\b(do|\-\>)\b"
        ),
        Token("k"),
        Stay,
    ),
    Match(
        r"\b(import|require|use|recur|quote|unquote|super|refer)\b(?![?!])",
        Token("kn"),
        Stay,
    ),
    Match(r"(?<!\.)\b(and|not|or|when|xor|in)\b", Token("ow"), Stay),
    Match(
        concat!(
            r"%=|\*=|\*\*=|\+=|\-=|\^=|\|\|=|<=>|<(?!<|=)|>(?!<|=|>)|<=|>=|===|==|=~|!=",
            r"|!~|(?=[\s])\?|(?<=[\s])!+|&(&&?|(?!\d))|\|\||\^|\*|\+|\-|/|\||\+\+|\-\-",
            r"|\*\*|\/\/|\<\-|\<\>|<<|>>|=|\.|~~~"
        ),
        Token("o"),
        Stay,
    ),
    Match(
        concat!(
            r"(?<!:)(:)([a-zA-Z_]\w*([?!]|=(?![>=]))?|\<\>|===?|>=?|<=?",
            r"|<=>|&&?|%\(\)|%\[\]|%\{\}|\+\+?|\-\-?|\|\|?|\!|//|[%&`/\|]",
            r"|\*\*?|=?~|<\-)|([a-zA-Z_]\w*([?!])?)(:)(?!:)"
        ),
        Token("ss"),
        Stay,
    ),
    Match(r#":""#, Token("ss"), Push("interpoling_symbol")),
    Match(
        r"\b(nil|true|false)\b(?![?!])|\b[A-Z]\w*\b",
        Token("no"),
        Stay,
    ),
    Match(
        r"\b(__(FILE|LINE|MODULE|MAIN|FUNCTION)__)\b(?![?!])",
        Token("bp"),
        Stay,
    ),
    Match(r"[a-zA-Z_!]\w*[!\?]?", Token("n"), Stay),
    Match(r"::|[%(){};,/\|:\\\[\]]", Token("p"), Stay),
    Match(r"@[a-zA-Z_]\w*|&\d", Token("nv"), Stay),
    Match(
        r"\b\d(_?\d)*(\.(?![^\d\s])(_?\d)+)([eE][-+]?\d(_?\d)*)?\b",
        Token("mf"),
        Stay,
    ),
    Match(r"\b0x[0-9A-Fa-f](_?[0-9A-Fa-f])*\b", Token("mh"), Stay),
    Match(r"\b0o[0-7](_?[0-7])*\b", Token("mo"), Stay),
    Match(r"\b0b[01](_?[01])*\b", Token("mb"), Stay),
    Match(r"\b\d(_?\d)*\b", Token("mi"), Stay),
    Mixin("strings"),
    Mixin("sigil_strings"),
];

const STRINGS: &[Rule] = &[
    Match(r#"(%[A-Ba-z])?"""(?:.|\n)*?""""#, Token("sd"), Stay),
    Match(r"'''(?:.|\n)*?'''", Token("sd"), Stay),
    Match(r#"""#, Token("s2"), Push("dqs")),
    Match(r"'", Token("s1"), Push("sqs")),
    Match(
        r"(?<!\w)\?(\\(x\d{1,2}|\h{1,2}(?!\h)\b|0[0-7]{0,2}(?![0-7])\b[^x0MC])|(\\[MC]-)+\w|[^\s\\])",
        Token("sx"),
        Stay,
    ),
];

const DOUBLE_QUOTED: &[Rule] = &[
    Mixin("escapes"),
    Mixin("interpoling"),
    Match(r#"[^#"\\]+"#, Token("s2"), Stay),
    Match(r#"""#, Token("s2"), Pop),
    Match(r"[#\\]", Token("s2"), Stay),
];

const SINGLE_QUOTED: &[Rule] = &[
    Mixin("escapes"),
    Mixin("interpoling"),
    Match(r"[^#'\\]+", Token("s1"), Stay),
    Match(r"'", Token("s1"), Pop),
    Match(r"[#\\]", Token("s1"), Stay),
];

const INTERPOLING: &[Rule] = &[Match(r"#\{", Token("si"), Push("interpoling_string"))];

const INTERPOLING_STRING: &[Rule] = &[Match(r"\}", Token("si"), Pop), Mixin("root")];

const ESCAPES: &[Rule] = &[
    Match(r"\\x\h{2}", Token("se"), Stay),
    Match(r"\\u\{?\d+\}?", Token("se"), Stay),
    Match(r#"\\[\\abdefnrstv0"']"#, Token("se"), Stay),
];

const INTERPOLING_SYMBOL: &[Rule] = &[
    Match(r#"""#, Token("ss"), Pop),
    Mixin("interpoling"),
    Match(r#"[^#"]+"#, Token("ss"), Stay),
];

const SIGIL_STRINGS: &[Rule] = &[Match(
    r#"~([A-Za-z])?(\{|\[|\(|<|\||/|'|")"#,
    Call(sigil),
    Stay,
)];

/// A sigil's body: its rules are built from the delimiters the run remembers, as
/// `kind class open close` (kind `i` when `#{…}` interpolates).
const SIGIL_REGEX: &[Rule] = &[
    Remembered(sigil_close, Call(sigil_end), Stay),
    Remembered(sigil_interpolation, Token("si"), Push("interpoling_string")),
    Remembered(sigil_hash, Token("sr"), Stay),
    Remembered(sigil_text, Token("sr"), Stay),
];

const SIGIL_OTHER: &[Rule] = &[
    Remembered(sigil_close, Call(sigil_end), Stay),
    Remembered(sigil_interpolation, Token("si"), Push("interpoling_string")),
    Remembered(sigil_hash, Token("sx"), Stay),
    Remembered(sigil_text, Token("sx"), Stay),
];

const REGEX_FLAGS: &[Rule] = &[Match(r"[fgimrsux]*", Token("sr"), Pop)];

const LIST_FLAGS: &[Rule] = &[Match(r"[csa]?", Token("sx"), Pop)];

/// `~` and a sigil's opening delimiter: remembers the delimiters, pushes its flags (for
/// `~r`, `~w`) and its body.
fn sigil(lexing: &mut Lexing, matched: &Matched) {
    let letter = matched.group(1).map_or("", |(_, letter)| letter);
    let open = matched.group(2).map_or("", |(_, open)| open);
    let close = match open {
        "{" => "}",
        "[" => "]",
        "(" => ")",
        "<" => ">",
        other => other,
    };
    let interpolates = matches!(letter, "S" | "R" | "C" | "W");
    let regex = !letter.is_empty() && "Rr".contains(letter);
    let class = if regex { "sr" } else { "sx" };
    if regex {
        lexing.push("regex_flags");
    }
    if !letter.is_empty() && "Ww".contains(letter) {
        lexing.push("list_flags");
    }
    lexing.token(class, matched.text);
    lexing.push(if regex { "sigil_sr" } else { "sigil_sx" });
    let kind = if interpolates { "i" } else { "-" };
    lexing
        .remembered
        .push(format!("{kind} {class} {open} {close}"));
}

/// The innermost sigil's remembered kind, opening and closing delimiters.
fn remembered_sigil(lexing: &Lexing) -> (bool, String, String) {
    let remembered = lexing.remembered.last().map_or("- sx ( )", String::as_str);
    let parts: Vec<&str> = remembered.splitn(4, ' ').collect();
    (parts[0] == "i", escape(parts[2]), escape(parts[3]))
}

/// `delimiter` as a regex matching it (as Ruby's `Regexp.escape` escapes it).
fn escape(delimiter: &str) -> String {
    delimiter
        .chars()
        .map(|char| match char {
            '{' | '}' | '[' | ']' | '(' | ')' | '|' => {
                format!(r"\{char}")
            }
            other => other.to_string(),
        })
        .collect()
}

fn sigil_close(lexing: &Lexing) -> String {
    remembered_sigil(lexing).2
}

/// `#{` where the sigil interpolates; a pattern that never matches elsewhere.
fn sigil_interpolation(lexing: &Lexing) -> String {
    if remembered_sigil(lexing).0 {
        r"#\{".to_owned()
    } else {
        r"(?!)".to_owned()
    }
}

fn sigil_hash(lexing: &Lexing) -> String {
    if remembered_sigil(lexing).0 {
        "#".to_owned()
    } else {
        r"[\\#]".to_owned()
    }
}

/// Text up to a delimiter, `#` or backslash (Rouge's class of the delimiters squeezed).
fn sigil_text(lexing: &Lexing) -> String {
    let (_, open, close) = remembered_sigil(lexing);
    let delimiters = if open == close { open } else { open + &close };
    format!(r"(?m:[^#{delimiters}\\]+)")
}

/// The sigil's closing delimiter: its class, and the body popped.
fn sigil_end(lexing: &mut Lexing, matched: &Matched) {
    let class = match lexing
        .remembered
        .last()
        .and_then(|sigil| sigil.split(' ').nth(1))
    {
        Some("sr") => "sr",
        _ => "sx",
    };
    lexing.token(class, matched.text);
    lexing.remembered.pop();
    lexing.pop();
}
