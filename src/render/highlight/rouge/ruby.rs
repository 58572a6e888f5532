//! Ruby as Rouge's Ruby lexer splits it: where an expression may start, `/` opens a
//! regex and `?x` is a character; after a name, `/` is division only when spaced like
//! one. `%w(...)`-style strings end at their own delimiter (nesting when it is a
//! bracket), `#{...}` in strings holds code, symbols and `key:` labels are `ss`, and a
//! here-document's body runs from the end of the line that opens it to its end word.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The Ruby lexer.
pub(in crate::render::highlight) static RUBY: LexerSpec = LexerSpec {
    names: &["ruby", "rb"],
    states: &[
        ("symbols", SYMBOLS),
        ("sigil_strings", SIGIL_STRINGS),
        ("sigil_delimiters", SIGIL_DELIMITERS),
        ("sigil_interpolated", SIGIL_INTERPOLATED),
        ("sigil_plain", SIGIL_PLAIN),
        ("strings", STRINGS),
        ("regex_flags", REGEX_FLAGS),
        ("simple_string", SIMPLE_STRING),
        ("simple_sym", SIMPLE_SYMBOL),
        ("simple_backtick", SIMPLE_BACKTICK),
        ("whitespace", WHITESPACE),
        ("inline_whitespace", INLINE_WHITESPACE),
        ("root", ROOT),
        ("has_heredocs", HAS_HEREDOCS),
        ("heredoc_queue", HEREDOC_QUEUE),
        ("resolve_heredocs", RESOLVE_HEREDOCS),
        ("test_heredoc", TEST_HEREDOC),
        ("funcname", FUNCTION_NAME),
        ("classname", CLASS_NAME),
        ("ternary", TERNARY),
        ("defexpr", DEFINITION_EXPRESSION),
        ("in_interp", IN_INTERPOLATION),
        ("string_intp", STRING_INTERPOLATION),
        ("string_intp_escaped", STRING_INTERPOLATION_ESCAPED),
        ("method_call", METHOD_CALL),
        ("method_call_spaced", METHOD_CALL_SPACED),
        ("expr_start", EXPRESSION_START),
        ("slash_regex", SLASH_REGEX),
        ("end_part", END_PART),
    ],
    start: &["root", "expr_start"],
    session_of: None,
};

const SYMBOLS: &[Rule] = &[
    Match(r"(?i):@{0,2}[a-z_]\w*[!?]?", Token("ss"), Stay),
    Match(
        r":(?:\*\*|[-+]@|[/\%&\|^`~]|\[\]=?|<<|>>|<=?>|<=?|===?)",
        Token("ss"),
        Stay,
    ),
    Match(r":'(\\\\|\\'|[^'])*'", Token("ss"), Stay),
    Match(r#":""#, Token("ss"), Push("simple_sym")),
];

/// `%(...)`, `%w[...]`, `%r{...}` and the like.
const SIGIL_STRINGS: &[Rule] = &[Match(r"%([rqswQWxiI])?([^\w\s])", Call(sigil_string), Stay)];

/// Inside a `%`-string (Rouge's state pushed with a block, built from its delimiters).
const SIGIL_DELIMITERS: &[Rule] = &[
    Remembered(sigil_escape, Token("se"), Stay),
    Remembered(sigil_open, Call(sigil_nest), Again),
    Remembered(sigil_close, Call(sigil_end), Pop),
];

const SIGIL_INTERPOLATED: &[Rule] = &[
    Mixin("sigil_delimiters"),
    Mixin("string_intp_escaped"),
    Match("#", Call(sigil_text), Stay),
    Remembered(sigil_body, Call(sigil_text), Stay),
];

const SIGIL_PLAIN: &[Rule] = &[
    Mixin("sigil_delimiters"),
    Match(r"[\\#]", Call(sigil_text), Stay),
    Remembered(sigil_body, Call(sigil_text), Stay),
];

const STRINGS: &[Rule] = &[
    Mixin("symbols"),
    Match(r"\b[a-z_]\w*?[?!]?:\s+", Token("ss"), Push("expr_start")),
    Match(r"'(\\\\|\\'|[^'])*'", Token("s1"), Stay),
    Match(r#"""#, Token("s2"), Push("simple_string")),
    // (Rouge's `(?<!\.)` here sees no text before the match.)
    Match(r"`", Token("sb"), Push("simple_backtick")),
];

const REGEX_FLAGS: &[Rule] = &[Match(r"[mixounse]*", Token("sr"), Pop)];

const SIMPLE_STRING: &[Rule] = &[
    Mixin("string_intp_escaped"),
    Match(r##"(?m)[^\\"#]+"##, Token("s2"), Stay),
    Match(r"[\\#]", Token("s2"), Stay),
    Match(r#"""#, Token("s2"), Pop),
];

const SIMPLE_SYMBOL: &[Rule] = &[
    Mixin("string_intp_escaped"),
    Match(r##"(?m)[^\\"#]+"##, Token("ss"), Stay),
    Match(r"[\\#]", Token("ss"), Stay),
    Match(r#"""#, Token("ss"), Pop),
];

const SIMPLE_BACKTICK: &[Rule] = &[
    Mixin("string_intp_escaped"),
    Match(r"(?m)[^\\`#]+", Token("sb"), Stay),
    Match(r"[\\#]", Token("sb"), Stay),
    Match(r"`", Token("sb"), Pop),
];

const WHITESPACE: &[Rule] = &[
    Mixin("inline_whitespace"),
    Match(r"(?m)\n\s*", Token(TEXT), Push("expr_start")),
    Match(r"#.*$", Token("c1"), Stay),
    Match(r"(?m)=begin\b.*?\n=end\b", Token("cm"), Stay),
];

const INLINE_WHITESPACE: &[Rule] = &[Match(r"[ \t\r]+", Token(TEXT), Stay)];

const KEYWORDS: &str = r"(?:BEGIN|END|alias|begin|break|case|defined\?|do|else|elsif|end|ensure|for|if|in|next|redo|rescue|raise|retry|return|super|then|undef|unless|until|when|while|yield)(?=\W|$)";

const PSEUDO_KEYWORDS: &str = r"(?:loop|include|extend|raise|alias_method|attr|catch|throw|private|module_function|public|protected|true|false|nil|__FILE__|__LINE__)\b";

const QUESTION_BUILTINS: &str = r"(?:autoload|block_given|const_defined|eql|equal|frozen|include|instance_of|is_a|iterator|kind_of|method_defined|nil|private_method_defined|protected_method_defined|public_method_defined|respond_to|tainted)[?]";

/// Rouge's builtins, all `nb` (its `(?<!\.)` sees no text before the match).
const BUILTINS: &str = r"(?:attr_reader|attr_writer|attr_accessor|__id__|__send__|abort|ancestors|at_exit|autoload|binding|callcc|caller|catch|chomp|chop|class_eval|class_variables|clone|const_defined\?|const_get|const_missing|const_set|constants|display|dup|eval|exec|exit|extend|fail|fork|format|freeze|getc|gets|global_variables|gsub|hash|id|included_modules|inspect|instance_eval|instance_method|instance_methods|instance_variable_get|instance_variable_set|instance_variables|lambda|load|local_variables|loop|method|method_missing|methods|module_eval|name|object_id|open|p|print|printf|private_class_method|private_instance_methods|private_methods|proc|protected_instance_methods|protected_methods|public_class_method|public_instance_methods|public_methods|putc|puts|raise|rand|readline|readlines|require|require_relative|scan|select|self|send|set_trace_func|singleton_methods|sleep|split|sprintf|srand|sub|syscall|system|taint|test|throw|to_a|to_s|trace_var|trap|untaint|untrace_var|warn)\b";

const ROOT: &[Rule] = &[
    Mixin("whitespace"),
    Match(r"__END__", Token("cp"), Push("end_part")),
    Match(r"0_?[0-7]+(?:_[0-7]+)*", Token("mo"), Stay),
    Match(r"0x[0-9A-Fa-f]+(?:_[0-9A-Fa-f]+)*", Token("mh"), Stay),
    Match(r"0b[01]+(?:_[01]+)*", Token("mb"), Stay),
    Match(
        r"[\d]+(?:_\d+)*(?:\.[\d]+(?:_\d+)*(?i:e[+-]?\d+)?|(?i:e[+-]?\d+))",
        Token("mf"),
        Stay,
    ),
    Match(r"[\d]+(?:_\d+)*", Token("mi"), Stay),
    Match(r"(?i)@@[a-z_]\w*", Token("vc"), Stay),
    Match(r"(?i)@[a-z_]\w*", Token("vi"), Stay),
    Match(r"\$\w+", Token("vg"), Stay),
    Match(r#"\$[!@&`'+~=/\\,;.<>_*\$?:"]"#, Token("vg"), Stay),
    Match(r"\$-[0adFiIlpvw]", Token("vg"), Stay),
    Match(r"::", Token("o"), Stay),
    Mixin("strings"),
    Match(KEYWORDS, Token("k"), Push("expr_start")),
    Match(PSEUDO_KEYWORDS, Token("kp"), Push("expr_start")),
    Match(
        r"(module)(\s+)([a-zA-Z_][a-zA-Z0-9_]*(::[a-zA-Z_][a-zA-Z0-9_]*)*)",
        Groups(&["k", TEXT, "nn"]),
        Stay,
    ),
    Match(r"(def\b)(\s*)", Groups(&["k", TEXT]), Push("funcname")),
    Match(r"(class\b)(\s*)", Groups(&["k", TEXT]), Push("classname")),
    Match(QUESTION_BUILTINS, Token("nb"), Push("expr_start")),
    Match(
        r"(?:chomp|chop|exit|gsub|sub)!",
        Token("nb"),
        Push("expr_start"),
    ),
    Match(BUILTINS, Token("nb"), Push("method_call")),
    Mixin("has_heredocs"),
    // `..` and `...` before `.`, which is a method call.
    Match(r"\.{2,3}", Token("o"), Push("expr_start")),
    Match(r"[A-Z][a-zA-Z0-9_]*", Token("no"), Push("method_call")),
    Match(
        r"(\.|::)(\s*)([a-z_]\w*[!?]?|[*%&^`~+-/\[<>=])",
        Groups(&["p", TEXT, "nf"]),
        Push("method_call"),
    ),
    Match(r"[a-zA-Z_]\w*[?!]", Token("n"), Push("expr_start")),
    Match(r"[a-zA-Z_]\w*", Token("n"), Push("method_call")),
    Match(
        r"\*\*|<<?|>>?|>=|<=|<=>|=~|={3}|!~|&&?|\|\||\.",
        Token("o"),
        Push("expr_start"),
    ),
    Match(r"[-+/*%=<>&!^|~]=?", Token("o"), Push("expr_start")),
    Match(r"[?]", Call(ternary), Stay),
    Match(r"[\[({,:\\;/]", Token("p"), Push("expr_start")),
    Match(r"[\])}]", Token("p"), Stay),
];

const HAS_HEREDOCS: &[Rule] = &[
    // (Rouge's `(?<!\w)` here sees no text before the match.)
    Match(
        r#"(<<[-~]?)(["`']?)([a-zA-Z_]\w*)(\2)"#,
        Call(heredoc_start),
        Stay,
    ),
    Match(r#"(<<[-~]?)(["'])(\2)"#, Call(empty_heredoc_start), Stay),
];

const HEREDOC_QUEUE: &[Rule] = &[
    Match(r"(?=\n)", Token(TEXT), Goto("resolve_heredocs")),
    Mixin("root"),
];

const RESOLVE_HEREDOCS: &[Rule] = &[
    Mixin("string_intp_escaped"),
    Match(r"\n", Token("sh"), Push("test_heredoc")),
    Match(r"[#\\\n]", Token("sh"), Stay),
    Match(r"[^#\\\n]+", Token("sh"), Stay),
];

const TEST_HEREDOC: &[Rule] = &[
    Match(r"[^#\\\n]*$", Call(heredoc_line), Stay),
    Match(r"", Token(TEXT), Pop),
];

const FUNCTION_NAME: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\(", Token("p"), Push("defexpr")),
    Match(
        r"(?:([a-zA-Z_]\w*)(\.))?([a-zA-Z_]\w*[!?]?|\*\*?|[-+]@?|[/%&\|^`~]|\[\]=?|<<?|>>?|<=>?|>=|===?)",
        Groups(&["nc", "o", "nf"]),
        Pop,
    ),
    Match(r"", Token(TEXT), Pop),
];

const CLASS_NAME: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\w+(::\w+)+", Token("nc"), Stay),
    Match(r"\(", Call(open_definition_parenthesis), Stay),
    // `class << expr`
    Match(r"<<", Token("o"), Goto("expr_start")),
    Match(r"[A-Z_]\w*", Token("nc"), Pop),
    Match(r"", Token(TEXT), Pop),
];

const TERNARY: &[Rule] = &[
    Match(r"(:)(\s+)", Groups(&["p", TEXT]), Goto("expr_start")),
    Match(r":(?![^#\n]*?[:\\])", Token("p"), Goto("expr_start")),
    Mixin("root"),
];

const DEFINITION_EXPRESSION: &[Rule] = &[
    Match(r"(\))(\.|::)?", Groups(&["p", "o"]), Pop),
    Match(r"\(", Call(open_definition_parenthesis), Stay),
    Mixin("root"),
];

const IN_INTERPOLATION: &[Rule] = &[Match(r"\}", Token("si"), Pop), Mixin("root")];

const STRING_INTERPOLATION: &[Rule] = &[
    Match(r"[#][{]", Token("si"), Push("in_interp")),
    Match(r"(?i)#(@@?|\$)[a-z_]\w*", Token("si"), Stay),
];

const STRING_INTERPOLATION_ESCAPED: &[Rule] = &[
    Mixin("string_intp"),
    Match(
        r#"\\([\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})"#,
        Token("se"),
        Stay,
    ),
    Match(r"\\.", Token("se"), Stay),
];

const METHOD_CALL: &[Rule] = &[
    Match(r"/|%", Token("o"), Goto("expr_start")),
    Match(r"(?=\n)", Token(TEXT), Pop),
    Match(r"", Token(TEXT), Goto("method_call_spaced")),
];

const METHOD_CALL_SPACED: &[Rule] = &[
    Mixin("whitespace"),
    Match(r"[%/]=", Token("o"), Goto("expr_start")),
    Match(r"(/)(?=\S|\s*/)", Token("sr"), Goto("slash_regex")),
    Mixin("sigil_strings"),
    Match(r"(?=\s*/)", Token(TEXT), Pop),
    Match(r"\s+", Token(TEXT), Goto("expr_start")),
    Match(r"", Token(TEXT), Pop),
];

const EXPRESSION_START: &[Rule] = &[
    Mixin("inline_whitespace"),
    Match(r"/", Token("sr"), Goto("slash_regex")),
    // `?x` is a character, unless a word follows.
    Match(
        r#"[?](\\[MC]-)*(\\([\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})|\S)(?!\w)"#,
        Token("sc"),
        Pop,
    ),
    // A sigil string with a blank for its delimiter ends on the line.
    Match(r"(\s*)(%[rqswQWxiI]? \S* )", Groups(&[TEXT, "sx"]), Pop),
    Mixin("sigil_strings"),
    Match(r"", Token(TEXT), Pop),
];

const SLASH_REGEX: &[Rule] = &[
    Mixin("string_intp"),
    Match(r"\\\\", Token("sr"), Stay),
    Match(r"\\/", Token("sr"), Stay),
    Match(r"[\\#]", Token("sr"), Stay),
    Match(r"(?m)[^\\/#]+", Token("sr"), Stay),
    Match(r"/", Token("sr"), Goto("regex_flags")),
];

const END_PART: &[Rule] = &[Match(r"(?m).+", Token("cp"), Pop)];

/// `?`: a ternary's first branch is an expression.
fn ternary(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.push("ternary");
    lexing.push("expr_start");
}

/// `(` of a definition's parameters, which hold expressions.
fn open_definition_parenthesis(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("p", matched.text);
    lexing.push("defexpr");
    lexing.push("expr_start");
}

/// `<<~NAME`: queues the here-document, whose body starts on the next line.
fn heredoc_start(lexing: &mut Lexing, matched: &Matched) {
    let name = matched.group(3).map_or("", |(_, name)| name);
    queue_heredoc(lexing, matched, name);
}

/// `<<~""`: a here-document that ends at the first empty line.
fn empty_heredoc_start(lexing: &mut Lexing, matched: &Matched) {
    queue_heredoc(lexing, matched, "");
}

/// The operator is `o`, the quoted word `no`; the document ends at a line of `name`.
fn queue_heredoc(lexing: &mut Lexing, matched: &Matched, name: &str) {
    let operator = matched.group(1).map_or("", |(_, operator)| operator);
    lexing.token("o", operator);
    lexing.token_at("no", operator.len(), &matched.text[operator.len()..]);
    let tolerant = operator == "<<-" || operator == "<<~";
    lexing
        .remembered
        .push(format!("{}{name}", if tolerant { '~' } else { '=' }));
    if !lexing.in_state("heredoc_queue") {
        lexing.push("heredoc_queue");
    }
}

/// A line of a here-document: its end when it is the first queued document's word.
fn heredoc_line(lexing: &mut Lexing, matched: &Matched) {
    let first = lexing.remembered.first().map_or("=", String::as_str);
    let (tolerant, name) = (first.starts_with('~'), &first[1..]);
    let line = if tolerant {
        matched.text.trim_matches(is_ruby_space)
    } else {
        matched.text.trim_end_matches(is_ruby_space)
    };
    if line == name {
        lexing.remembered.remove(0);
        if lexing.remembered.is_empty() {
            lexing.pop();
        }
        lexing.token("no", matched.text);
    } else {
        lexing.token("sh", matched.text);
    }
    lexing.pop();
}

/// Whether `c` is a blank to Ruby's `strip` (which also drops NUL).
fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\0')
}

/// An open `%`-string: its delimiters as patterns and the class of its text.
#[derive(Clone)]
pub(in crate::render::highlight) struct Sigil {
    open: String,
    close: String,
    class: &'static str,
}

/// `%w(`: a string up to its own closing delimiter, nesting when that is a bracket.
fn sigil_string(lexing: &mut Lexing, matched: &Matched) {
    let kind = matched.group(1).map_or("", |(_, kind)| kind);
    let open = matched.group(2).map_or("", |(_, open)| open);
    let close = match open {
        "{" => "}",
        "[" => "]",
        "(" => ")",
        "<" => ">",
        other => other,
    };
    let interpolates = matches!(kind, "r" | "Q" | "W" | "x" | "I");
    let class = if kind == "r" {
        lexing.push("regex_flags");
        "sr"
    } else {
        "sx"
    };
    lexing.token(class, matched.text);
    lexing.sigils.push(Sigil {
        open: regex_char(open),
        close: regex_char(close),
        class,
    });
    lexing.push(if interpolates {
        "sigil_interpolated"
    } else {
        "sigil_plain"
    });
}

/// The innermost open `%`-string.
fn open_sigil(lexing: &Lexing) -> Option<&Sigil> {
    lexing.sigils.last()
}

/// A pattern that never matches, for a rule the open `%`-string does not have.
const NEVER: &str = "(?!)";

/// The open `%`-string's delimiters, as a character class's inside (none when they are
/// `#`, which Rouge leaves out).
fn sigil_delimiters(sigil: &Sigil) -> String {
    if sigil.open == regex_char("#") {
        String::new()
    } else {
        format!("{}{}", sigil.open, sigil.close)
    }
}

/// An escaped delimiter, `#` or backslash.
fn sigil_escape(lexing: &Lexing) -> String {
    open_sigil(lexing).map_or(NEVER.to_owned(), |sigil| {
        format!(r"\\[#{}\\]", sigil_delimiters(sigil))
    })
}

/// An opening bracket inside the string, which nests.
fn sigil_open(lexing: &Lexing) -> String {
    match open_sigil(lexing) {
        Some(sigil) if sigil.open != sigil.close => sigil.open.clone(),
        _ => NEVER.to_owned(),
    }
}

/// The closing delimiter.
fn sigil_close(lexing: &Lexing) -> String {
    open_sigil(lexing).map_or(NEVER.to_owned(), |sigil| sigil.close.clone())
}

/// A run of text with no delimiter, `#` or backslash.
fn sigil_body(lexing: &Lexing) -> String {
    open_sigil(lexing).map_or(NEVER.to_owned(), |sigil| {
        format!(r"(?m)[^#{}\\]+", sigil_delimiters(sigil))
    })
}

/// Text of the open `%`-string, in its class.
fn sigil_text(lexing: &mut Lexing, matched: &Matched) {
    let class = open_sigil(lexing).map_or("sx", |sigil| sigil.class);
    lexing.token(class, matched.text);
}

/// An opening bracket: one level deeper in the same string.
fn sigil_nest(lexing: &mut Lexing, matched: &Matched) {
    sigil_text(lexing, matched);
    if let Some(sigil) = open_sigil(lexing).cloned() {
        lexing.sigils.push(sigil);
    }
}

/// The closing delimiter: one level out.
fn sigil_end(lexing: &mut Lexing, matched: &Matched) {
    sigil_text(lexing, matched);
    lexing.sigils.pop();
}

/// `text`'s characters as a regex that matches them literally (also inside a class).
fn regex_char(text: &str) -> String {
    text.chars()
        .map(|c| format!(r"\x{{{:x}}}", c as u32))
        .collect()
}
