//! C# as Rouge's C# lexer splits it: each operator character is punctuation `p`; a
//! number is read a digit at a time (so `1.5e+3f` but `1e3` is `1` then `e3`); a name
//! before `(` is `nf`; the name after `class`/`struct`/`interface` is `nc` and after
//! `namespace`/`using` `nn`; `$"…{x}…"` strings hold code in their braces; a `#region`
//! line is `cp`.

use super::{Emit::*, LexerSpec, Next::*, Rule, Rule::*, TEXT};

/// The C# lexer.
pub(in crate::render::highlight) static CSHARP: LexerSpec = LexerSpec {
    names: &["csharp", "c#", "cs"],
    states: &[
        ("whitespace", WHITESPACE),
        ("nest", NEST),
        ("splice_string", SPLICE_STRING),
        ("splice_literal", SPLICE_LITERAL),
        ("root", ROOT),
        ("class", CLASS),
        ("namespace", NAMESPACE),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's C# identifier (ASCII only).
macro_rules! id {
    () => {
        r"(?i:@?[_a-z]\w*)"
    };
}

const WHITESPACE: &[Rule] = &[
    Match(r"(?m:\s+)", Token(TEXT), Stay),
    Match(r"//.*?$", Token("c1"), Stay),
    Match(r"(?m:/[*].*?[*]/)", Token("cm"), Stay),
];

const NEST: &[Rule] = &[
    Match(r"\{", Token("p"), Push("nest")),
    Match(r"\}", Token("p"), Pop),
    Mixin("root"),
];

const SPLICE_STRING: &[Rule] = &[
    Match(r"\\.", Token("s"), Stay),
    Match(r"\{", Token("p"), Push("nest")),
    Match(r#""|\n"#, Token("s"), Pop),
    Match(r".", Token("s"), Stay),
];

const SPLICE_LITERAL: &[Rule] = &[
    Match(r#""""#, Token("s"), Stay),
    Match(r"\{", Token("p"), Push("nest")),
    Match(r#"""#, Token("s"), Pop),
    Match(r".", Token("s"), Stay),
];

const ROOT: &[Rule] = &[
    Mixin("whitespace"),
    Match(r#"[$]\s*""#, Token("s"), Push("splice_string")),
    Match(r#"[$]@\s*""#, Token("s"), Push("splice_literal")),
    Match(concat!(r"(<\[)\s*(", id!(), ":)?"), Token("k"), Stay),
    Match(r"\]>", Token("k"), Stay),
    Match(r"[~!%^&*()+=|\[\]{}:;,.<>/?-]", Token("p"), Stay),
    Match(r#"(?m:@"(""|[^"])*")"#, Token("s"), Stay),
    Match(r#""(\\.|.)*?["\n]"#, Token("s"), Stay),
    Match(r"'(\\.|.)'", Token("sc"), Stay),
    Match(r"(?i:0x[0-9a-f]+[lu]?)", Token("m"), Stay),
    Match(
        r"(?i:[0-9]([.][0-9]*)?(e[+-][0-9]+)?[fldu]?)",
        Token("m"),
        Stay,
    ),
    Match(r"\b(?:class|struct|interface)\b", Token("k"), Push("class")),
    Match(r"\b(?:namespace|using)\b", Token("k"), Push("namespace")),
    Match(
        concat!(
            r"^#[ \t]*(if|endif|else|elif|define|undef|line|error|warning|region",
            r"|endregion|pragma)\b.*?\n"
        ),
        Token("cp"),
        Stay,
    ),
    Match(
        concat!(
            r"\b(abstract|as|base|break|case|catch|checked|const|continue",
            r"|default|delegate|do|else|enum|event|explicit|extern|false",
            r"|finally|fixed|for|foreach|goto|if|implicit|in|interface",
            r"|internal|is|lock|new|null|operator|out|override|params|private",
            r"|protected|public|readonly|ref|return|sealed|sizeof|stackalloc",
            r"|static|switch|this|throw|true|try|typeof|unchecked|unsafe",
            r"|virtual|void|volatile|while",
            r"|add|alias|async|await|get|global|partial|remove|set|value|where",
            r"|yield|nameof",
            r"|ascending|by|descending|equals|from|group|in|into|join|let|on",
            r"|orderby|select)\b"
        ),
        Token("k"),
        Stay,
    ),
    Match(
        concat!(
            r"\b(bool|byte|char|decimal|double|dynamic|float|int|long|object",
            r"|sbyte|short|string|uint|ulong|ushort|var)\b"
        ),
        Token("kt"),
        Stay,
    ),
    Match(concat!(id!(), r"(?=\s*[(])"), Token("nf"), Stay),
    Match(id!(), Token("n"), Stay),
];

const CLASS: &[Rule] = &[Mixin("whitespace"), Match(id!(), Token("nc"), Pop)];

const NAMESPACE: &[Rule] = &[
    Mixin("whitespace"),
    Match(r"(?=[(])", Token(TEXT), Pop),
    Match(concat!("(", id!(), r"|[.])+"), Token("nn"), Pop),
];
