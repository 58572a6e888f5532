//! Shell scripts (`sh`, `bash`, `zsh`, `ksh`, `shell`) as Rouge's shell lexer splits
//! them: a command's words are plain text up to the next quote, `$`, `=`, bracket or
//! `;`, so `bundle exec jekyll serve` stays one run of text; options (`--watch`) are
//! `nt`, the coreutils and shell builtins (`cd`, `echo`, `sudo`) are `nb` only as whole
//! words not followed by `.` or `-`, and `$(...)`, `${...}`, `$((...))`,
//! backticks, quotes and here-documents nest as in Rouge.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT};

/// The shell lexer.
pub(in crate::render::highlight) static SHELL: LexerSpec = LexerSpec {
    names: &["shell", "bash", "zsh", "ksh", "sh"],
    states: &[
        ("basic", BASIC),
        ("heredoc", HEREDOC),
        ("heredoc_nl", HEREDOC_NEW_LINE),
        ("double_quotes", DOUBLE_QUOTES),
        ("ansi_string", ANSI_STRING),
        ("single_quotes", SINGLE_QUOTES),
        ("data", DATA),
        ("curly", CURLY),
        ("paren_interp", PAREN_INTERPOLATION),
        ("paren_inner", PAREN_INNER),
        ("math", MATH),
        ("case", CASE),
        ("case_stanza", CASE_STANZA),
        ("backticks", BACKTICKS),
        ("interp", INTERPOLATION),
        ("root", ROOT),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's shell keywords.
const KEYWORDS: &[&str] = &[
    "if", "fi", "else", "while", "do", "done", "for", "then", "return", "function", "select",
    "continue", "until", "esac", "elif", "in",
];

/// Rouge's shell builtins and coreutils.
const BUILTINS: &[&str] = &[
    "alias",
    "bg",
    "bind",
    "break",
    "builtin",
    "caller",
    "cd",
    "command",
    "compgen",
    "complete",
    "declare",
    "dirs",
    "disown",
    "enable",
    "eval",
    "exec",
    "exit",
    "export",
    "false",
    "fc",
    "fg",
    "getopts",
    "hash",
    "help",
    "history",
    "jobs",
    "let",
    "local",
    "logout",
    "mapfile",
    "popd",
    "pushd",
    "pwd",
    "read",
    "readonly",
    "set",
    "shift",
    "shopt",
    "source",
    "suspend",
    "test",
    "time",
    "times",
    "trap",
    "true",
    "type",
    "typeset",
    "ulimit",
    "umask",
    "unalias",
    "unset",
    "wait",
    "cat",
    "tac",
    "nl",
    "od",
    "base32",
    "base64",
    "fmt",
    "pr",
    "fold",
    "head",
    "tail",
    "split",
    "csplit",
    "wc",
    "sum",
    "cksum",
    "b2sum",
    "md5sum",
    "sha1sum",
    "sha224sum",
    "sha256sum",
    "sha384sum",
    "sha512sum",
    "sort",
    "shuf",
    "uniq",
    "comm",
    "ptx",
    "tsort",
    "cut",
    "paste",
    "join",
    "tr",
    "expand",
    "unexpand",
    "ls",
    "dir",
    "vdir",
    "dircolors",
    "cp",
    "dd",
    "install",
    "mv",
    "rm",
    "shred",
    "link",
    "ln",
    "mkdir",
    "mkfifo",
    "mknod",
    "readlink",
    "rmdir",
    "unlink",
    "chown",
    "chgrp",
    "chmod",
    "touch",
    "df",
    "du",
    "stat",
    "sync",
    "truncate",
    "echo",
    "printf",
    "yes",
    "expr",
    "tee",
    "basename",
    "dirname",
    "pathchk",
    "mktemp",
    "realpath",
    "pwd",
    "stty",
    "printenv",
    "tty",
    "id",
    "logname",
    "whoami",
    "groups",
    "users",
    "who",
    "date",
    "arch",
    "nproc",
    "uname",
    "hostname",
    "hostid",
    "uptime",
    "chcon",
    "runcon",
    "chroot",
    "env",
    "nice",
    "nohup",
    "stdbuf",
    "timeout",
    "kill",
    "sleep",
    "factor",
    "numfmt",
    "seq",
    "tar",
    "grep",
    "sudo",
    "awk",
    "sed",
    "gzip",
    "gunzip",
];

fn keyword_pattern() -> String {
    format!(r"\b({})\s*\b", KEYWORDS.join("|"))
}

fn builtin_pattern() -> String {
    format!(r"\b({})\s*\b(?!(\.|-))", BUILTINS.join("|"))
}

const BASIC: &[Rule] = &[
    Match(r"#.*$", Token("c"), Stay),
    Built(keyword_pattern, Token("k"), Stay),
    Match(r"\bcase\b", Token("k"), Push("case")),
    Built(builtin_pattern, Token("nb"), Stay),
    Match(r"[.](?=\s)", Token("nb"), Stay),
    Match(r"(\b\w+)(=)", Groups(&["nv", "o"]), Stay),
    Match(r"[\[\]{}()!=>]", Token("o"), Stay),
    Match(r"&&|\|\|", Token("o"), Stay),
    Match(r"<<<", Token("o"), Stay),
    Match(
        r#"(<<-?)(\s*)(['"]?)(\\?)(\w+)(\3)"#,
        Call(heredoc_start),
        Push("heredoc"),
    ),
];

/// `<<EOF`: the here-document runs to a line holding only its word.
fn heredoc_start(lexing: &mut Lexing, matched: &Matched) {
    lexing.groups(matched, &["o", TEXT, "sh", "sh", "no", "sh"]);
    lexing.heredoc_end = matched
        .group(5)
        .map(|(_, word)| word.to_owned())
        .unwrap_or_default();
}

const HEREDOC: &[Rule] = &[
    Match(r"\n", Token("sh"), Push("heredoc_nl")),
    Match(r"[^$\n\\]+", Token("sh"), Stay),
    Mixin("interp"),
    Match(r"[$]", Token("sh"), Stay),
];

const HEREDOC_NEW_LINE: &[Rule] = &[
    Match(r"\s*(\w+)\s*\n", Call(heredoc_line), Stay),
    Match("", Token(TEXT), Pop),
];

/// A line of one word in a here-document: its end when the word is the document's.
fn heredoc_line(lexing: &mut Lexing, matched: &Matched) {
    let word = matched.group(1).map(|(_, word)| word);
    if word == Some(lexing.heredoc_end.as_str()) {
        lexing.token("no", matched.text);
        lexing.pop_times(2);
    } else {
        lexing.token("sh", matched.text);
    }
}

const DOUBLE_QUOTES: &[Rule] = &[
    // `"abc$"` is the text `abc$`: `$"` ends the string, not a variable.
    Match(r#"(?:\$#?)?""#, Token("s2"), Pop),
    Mixin("interp"),
    Match(r#"[^"`\\$]+"#, Token("s2"), Stay),
];

const ANSI_STRING: &[Rule] = &[
    Match(r"\\.", Token("se"), Stay),
    Match(r"[^\\']+", Token("s1"), Stay),
    Mixin("single_quotes"),
];

const SINGLE_QUOTES: &[Rule] = &[
    Match(r"'", Token("s1"), Pop),
    Match(r"[^']+", Token("s1"), Stay),
];

const DATA: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"\\.", Token("se"), Stay),
    Match(r#"\$?""#, Token("s2"), Push("double_quotes")),
    Match(r"\$'", Token("s1"), Push("ansi_string")),
    Match(r"'", Token("s1"), Push("single_quotes")),
    Match(r"\*", Token("k"), Stay),
    Match(r";", Token("p"), Stay),
    Match(r"--?[\w-]+", Token("nt"), Stay),
    Match(r#"[^=\*\s{}()$"'`;\\<]+"#, Token(TEXT), Stay),
    Match(r"\d+(?= |\Z)", Token("m"), Stay),
    Match(r"<", Token(TEXT), Stay),
    Mixin("interp"),
];

const CURLY: &[Rule] = &[
    Match(r"\}", Token("k"), Pop),
    Match(r":-", Token("k"), Stay),
    Match(r"[a-zA-Z0-9_]+", Token("nv"), Stay),
    Match(r#"[^}:"`'$]+"#, Token("p"), Stay),
    Mixin("root"),
];

const PAREN_INTERPOLATION: &[Rule] = &[
    Match(r"\)", Token("si"), Pop),
    Match(r"\(", Token("o"), Push("paren_inner")),
    Mixin("root"),
];

/// Inside `$(...)`: balances parentheses.
const PAREN_INNER: &[Rule] = &[
    Match(r"\(", Token("o"), Push("paren_inner")),
    Match(r"\)", Token("o"), Pop),
    Mixin("root"),
];

const MATH: &[Rule] = &[
    Match(r"\)\)", Token("k"), Pop),
    Match(r"[-+*/%^|&!]|\*\*|\|\|", Token("o"), Stay),
    Match(r"\d+(#\w+)?", Token("m"), Stay),
    Mixin("root"),
];

const CASE: &[Rule] = &[
    Match(r"\besac\b", Token("k"), Pop),
    Match(r"\|", Token("p"), Stay),
    Match(r"\)", Token("p"), Push("case_stanza")),
    Mixin("root"),
];

const CASE_STANZA: &[Rule] = &[Match(r";;", Token("p"), Pop), Mixin("root")];

const BACKTICKS: &[Rule] = &[Match(r"`", Token("sb"), Pop), Mixin("root")];

const INTERPOLATION: &[Rule] = &[
    // A line continuation.
    Match(r"\\$", Token("se"), Stay),
    Match(r"\\.", Token("se"), Stay),
    Match(r"\$\(\(", Token("k"), Push("math")),
    Match(r"\$\(", Token("si"), Push("paren_interp")),
    Match(r"\$\{#?", Token("k"), Push("curly")),
    Match(r"`", Token("sb"), Push("backticks")),
    Match(r"\$#?(\w+|.)", Token("nv"), Stay),
    Match(r"\$[*@]", Token("nv"), Stay),
];

const ROOT: &[Rule] = &[Mixin("basic"), Mixin("data")];
