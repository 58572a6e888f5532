//! Erlang (`erlang`, `erl`) as Rouge's Erlang lexer splits it: atoms `n`, variables
//! `nv`, an atom before `:` a module (`nn`) and before `(` a function (`nf`); keywords, builtins and word operators only as whole words
//! at their end (Rouge checks no boundary before them); `-module(...)` directives `ni`;
//! format directives in strings (`~p`) `si`; `<<` and `>>` `nl`.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The Erlang lexer.
pub(in crate::render::highlight) static ERLANG: LexerSpec = LexerSpec {
    names: &["erlang", "erl"],
    states: &[("root", ROOT), ("string", STRING), ("directive", DIRECTIVE)],
    start: &["root"],
    session_of: None,
};

/// Rouge's Erlang keywords.
const KEYWORDS: &[&str] = &[
    "after", "begin", "case", "catch", "cond", "end", "fun", "if", "let", "of", "query", "receive",
    "try", "when",
];

/// Rouge's Erlang builtins.
const BUILTINS: &[&str] = &[
    "abs",
    "append_element",
    "apply",
    "atom_to_list",
    "binary_to_list",
    "bitstring_to_list",
    "binary_to_term",
    "bit_size",
    "bump_reductions",
    "byte_size",
    "cancel_timer",
    "check_process_code",
    "delete_module",
    "demonitor",
    "disconnect_node",
    "display",
    "element",
    "erase",
    "exit",
    "float",
    "float_to_list",
    "fun_info",
    "fun_to_list",
    "function_exported",
    "garbage_collect",
    "get",
    "get_keys",
    "group_leader",
    "hash",
    "hd",
    "integer_to_list",
    "iolist_to_binary",
    "iolist_size",
    "is_atom",
    "is_binary",
    "is_bitstring",
    "is_boolean",
    "is_builtin",
    "is_float",
    "is_function",
    "is_integer",
    "is_list",
    "is_number",
    "is_pid",
    "is_port",
    "is_process_alive",
    "is_record",
    "is_reference",
    "is_tuple",
    "length",
    "link",
    "list_to_atom",
    "list_to_binary",
    "list_to_bitstring",
    "list_to_existing_atom",
    "list_to_float",
    "list_to_integer",
    "list_to_pid",
    "list_to_tuple",
    "load_module",
    "localtime_to_universaltime",
    "make_tuple",
    "md5",
    "md5_final",
    "md5_update",
    "memory",
    "module_loaded",
    "monitor",
    "monitor_node",
    "node",
    "nodes",
    "open_port",
    "phash",
    "phash2",
    "pid_to_list",
    "port_close",
    "port_command",
    "port_connect",
    "port_control",
    "port_call",
    "port_info",
    "port_to_list",
    "process_display",
    "process_flag",
    "process_info",
    "purge_module",
    "put",
    "read_timer",
    "ref_to_list",
    "register",
    "resume_process",
    "round",
    "send",
    "send_after",
    "send_nosuspend",
    "set_cookie",
    "setelement",
    "size",
    "spawn",
    "spawn_link",
    "spawn_monitor",
    "spawn_opt",
    "split_binary",
    "start_timer",
    "statistics",
    "suspend_process",
    "system_flag",
    "system_info",
    "system_monitor",
    "system_profile",
    "term_to_binary",
    "tl",
    "trace",
    "trace_delivered",
    "trace_info",
    "trace_pattern",
    "trunc",
    "tuple_size",
    "tuple_to_list",
    "universaltime_to_localtime",
    "unlink",
    "unregister",
    "whereis",
];

/// Rouge's Erlang word operators.
const WORD_OPERATORS: &[&str] = &[
    "and", "andalso", "band", "bnot", "bor", "bsl", "bsr", "bxor", "div", "not", "or", "orelse",
    "rem", "xor",
];

/// An atom: a lowercase word or a quoted one.
macro_rules! atom {
    () => {
        r"(?:[a-z][a-zA-Z0-9_]*|'[^\n']*[^\\]')"
    };
}

/// A variable.
macro_rules! variable {
    () => {
        r"(?:[A-Z_][a-zA-Z0-9_]*)"
    };
}

/// A character escape.
macro_rules! escape {
    () => {
        r#"(?:\\(?:[bdefnrstv\'"\\/]|[0-7][0-7]?[0-7]?|\^[a-zA-Z]))"#
    };
}

/// A macro's name.
macro_rules! macro_name {
    () => {
        concat!("(?:", variable!(), "|", atom!(), ")")
    };
}

/// Any of `words` ending at a word boundary (with none checked before it, as in Rouge).
fn words_ending(words: &[&str]) -> String {
    format!(r"({})\b", words.join("|"))
}

fn keyword_pattern() -> String {
    words_ending(KEYWORDS)
}

fn builtin_pattern() -> String {
    words_ending(BUILTINS)
}

fn word_operator_pattern() -> String {
    words_ending(WORD_OPERATORS)
}

const ROOT: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(r"%.*\n", Token("c"), Stay),
    Built(keyword_pattern, Token("k"), Stay),
    Built(builtin_pattern, Token("nb"), Stay),
    Built(word_operator_pattern, Token("ow"), Stay),
    Match(r"^-", Token("p"), Push("directive")),
    Match(
        r"(\+\+?|--?|\*|/|<|>|/=|=:=|=/=|=<|>=|==?|<-|!|\?)",
        Token("o"),
        Stay,
    ),
    Match(r#"""#, Token("s"), Push("string")),
    Match(r"<<", Token("nl"), Stay),
    Match(r">>", Token("nl"), Stay),
    Match(concat!("(", atom!(), ")(:)"), Groups(&["nn", "p"]), Stay),
    Match(
        concat!(r"(?:^|(?<=:))(", atom!(), r")(\s*)(\()"),
        Groups(&["nf", TEXT, "p"]),
        Stay,
    ),
    Match(
        r"[+-]?(?:[2-9]|[12][0-9]|3[0-6])#[0-9a-zA-Z]+",
        Token("mi"),
        Stay,
    ),
    Match(r"[+-]?\d+", Token("mi"), Stay),
    Match(r"[+-]?\d+.\d+", Token("mf"), Stay),
    Match(r#"[\]\[:_@\".{}()|;,]"#, Token("p"), Stay),
    Match(variable!(), Token("nv"), Stay),
    Match(atom!(), Token("n"), Stay),
    Match(concat!(r"\?", macro_name!()), Token("no"), Stay),
    Match(
        concat!(r"\$(?:", escape!(), r"|\\[ %]|[^\\])"),
        Token("sc"),
        Stay,
    ),
    Match(
        concat!("#", atom!(), r"(:?\.", atom!(), ")?"),
        Token("nl"),
        Stay,
    ),
];

const STRING: &[Rule] = &[
    Match(escape!(), Token("se"), Stay),
    Match(r#"""#, Token("s"), Pop),
    Match(r"~[0-9.*]*[~#+bBcdefginpPswWxX]", Token("si"), Stay),
    Match(r#"[^"\\~]+"#, Token("s"), Stay),
    Match(r"~", Token("s"), Stay),
];

const DIRECTIVE: &[Rule] = &[
    Match(
        concat!(r"(define)(\s*)(\()(", macro_name!(), ")"),
        Groups(&["ni", TEXT, "p", "no"]),
        Pop,
    ),
    Match(
        concat!(r"(record)(\s*)(\()(", macro_name!(), ")"),
        Groups(&["ni", TEXT, "p", "nl"]),
        Pop,
    ),
    Match(atom!(), Token("ni"), Pop),
];
