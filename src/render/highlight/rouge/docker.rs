//! Dockerfiles as Rouge's Docker lexer splits them: an instruction at the start of a
//! line is `k` and the rest of its line one `s` token, except `RUN`, whose command is
//! lexed as shell (one shell run across the whole `RUN`, its `\` line continuations
//! `se`); comments are `c` and anything else plain text.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*, TEXT, shell};

/// The Docker lexer.
pub(in crate::render::highlight) static DOCKER: LexerSpec = LexerSpec {
    names: &["docker", "dockerfile", "Dockerfile"],
    states: &[("root", ROOT), ("run", RUN)],
    start: &["root"],
    session_of: None,
};

/// Rouge's Dockerfile instructions (other than `RUN` and `ONBUILD`).
macro_rules! instructions {
    () => {
        "FROM|MAINTAINER|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|STOPSIGNAL|HEALTHCHECK|SHELL"
    };
}

const ROOT: &[Rule] = &[
    Match(r"\s+", Token(TEXT), Stay),
    Match(
        r"^(?i:(FROM)(\s+)(.*)(\s+)(AS)(\s+)(.*))",
        Groups(&["k", "w", "s", "w", "k", "w", "s"]),
        Stay,
    ),
    Match(
        concat!(r"^(?i:(ONBUILD)(\s+)(", instructions!(), ")(.*))"),
        Groups(&["k", "w", "k", "s"]),
        Stay,
    ),
    Match(
        concat!(r"^(?i:(", instructions!(), r")\b(.*))"),
        Groups(&["k", "s"]),
        Stay,
    ),
    Match(r"#.*?$", Token("c"), Stay),
    Match(r"^(?i:(ONBUILD\s+)?RUN(\s+))", Call(run), Push("run")),
    Match(r"\w+", Token(TEXT), Stay),
    Match(r"[^\w]+", Token(TEXT), Stay),
    Match(r".", Token(TEXT), Stay),
];

/// A `RUN` command, up to the end of its last line.
const RUN: &[Rule] = &[
    Match(r"\n", Token(TEXT), Pop),
    Match(r"(?m)\\.", Token("se"), Stay),
    Match(r"(\\.|[^\n\\])+", Call(shell_command), Stay),
];

/// `RUN`: its command starts a fresh shell run.
fn run(lexing: &mut Lexing, matched: &Matched) {
    lexing.token("k", matched.text);
    lexing.restart_kept(&shell::SHELL);
}

/// A stretch of a `RUN` command, lexed as shell where the last stretch left off.
fn shell_command(lexing: &mut Lexing, matched: &Matched) {
    lexing.delegate_kept(&shell::SHELL, 0, matched.text);
}
