//! PowerShell as Rouge's PowerShell lexer splits it: a command's name is `n` and its
//! arguments `nx` up to the end of the line or a `|`, `-Parameter` names `nt`, reserved
//! words `kr`, operators (`-eq`, `+=`) `o`, variables `nv` (automatic ones `bp`),
//! strings `s1`/`s2` with `$(...)` `si` inside, here-strings `sh`, blanks `w`,
//! `<# ... #>` `cm` with its `.SYNOPSIS`-like keywords `cs`.

use super::{Emit::*, LexerSpec, Lexing, Matched, Next::*, Rule, Rule::*};

/// The PowerShell lexer.
pub(in crate::render::highlight) static POWERSHELL: LexerSpec = LexerSpec {
    names: &["powershell", "posh", "microsoftshell", "msshell"],
    states: &[
        ("variable", VARIABLE),
        ("multiline", MULTILINE),
        ("interpol", INTERPOLATION),
        ("dq", DOUBLE_QUOTED),
        ("sq", SINGLE_QUOTED),
        ("heredoc", HEREDOC),
        ("class", CLASS),
        ("expr", EXPRESSION),
        ("hasht", HASH_TABLE),
        ("array", ARRAY),
        ("brace", BRACE),
        ("bracket", BRACKET),
        ("parameters", PARAMETERS),
        ("comments", COMMENTS),
        ("root", ROOT),
    ],
    start: &["root"],
    session_of: None,
};

/// Rouge's `[CmdletBinding(...)]` attribute names, `bp` in brackets.
const ATTRIBUTES: &[&str] = &[
    "ConfirmImpact",
    "DefaultParameterSetName",
    "HelpURI",
    "PositionalBinding",
    "SupportsPaging",
    "SupportsShouldProcess",
];

/// Rouge's automatic variables, as its alternation (no word boundary after it).
macro_rules! auto_vars {
    () => {
        concat!(
            r"\$\$|\$\?|\$\^|\$_|\$args|\$ConsoleFileName|\$Error|\$Event|\$EventArgs",
            r"|\$EventSubscriber|\$ExecutionContext|\$false|\$foreach|\$HOME|\$Host|\$input",
            r"|\$IsCoreCLR|\$IsLinux|\$IsMacOS|\$IsWindows|\$LastExitCode|\$Matches",
            r"|\$MyInvocation|\$NestedPromptLevel|\$null|\$PID|\$PROFILE|\$PSBoundParameters",
            r"|\$PSCmdlet|\$PSCommandPath|\$PSCulture|\$PSDebugContext|\$PSHOME|\$PSItem",
            r"|\$PSScriptRoot|\$PSSenderInfo|\$PSUICulture|\$PSVersionTable|\$PWD",
            r"|\$REPORTERRORSHOWEXCEPTIONCLASS|\$REPORTERRORSHOWINNEREXCEPTION",
            r"|\$REPORTERRORSHOWSOURCE|\$REPORTERRORSHOWSTACKTRACE|\$SENDER|\$ShellId",
            r"|\$StackTrace|\$switch|\$this|\$true"
        )
    };
}

/// Rouge's reserved words.
macro_rules! keywords {
    () => {
        concat!(
            "assembly|exit|process|base|filter|public|begin|finally|return|break|for",
            "|sequence|catch|foreach|static|class|from|switch|command|function|throw",
            "|configuration|hidden|trap|continue|if|try|data|in|type|define",
            "|inlinescript|until|do|interface|using|dynamicparam|module|var|else",
            "|namespace|while|elseif|parallel|workflow|end|param|enum|private"
        )
    };
}

/// Rouge's operators.
macro_rules! operators {
    () => {
        concat!(
            "-split|-isplit|-csplit|-join|-is|-isnot|-as|-eq|-ieq|-ceq|-ne|-ine|-cne",
            "|-gt|-igt|-cgt|-ge|-ige|-cge|-lt|-ilt|-clt|-le|-ile|-cle|-like|-ilike",
            "|-clike|-notlike|-inotlike|-cnotlike|-match|-imatch|-cmatch|-notmatch",
            "|-inotmatch|-cnotmatch|-contains|-icontains|-ccontains|-notcontains",
            "|-inotcontains|-cnotcontains|-replace|-ireplace|-creplace|-shl|-shr|-band",
            r"|-bor|-bxor|-and|-or|-xor|-not|\+=|-=|\*=|\/=|%="
        )
    };
}

/// Rouge's comment-based help keywords.
macro_rules! multiline_keywords {
    () => {
        concat!(
            "synopsis|description|parameter|example|inputs|outputs|notes|link",
            "|component|role|functionality|forwardhelptargetname|forwardhelpcategory",
            "|remotehelprunspace|externalhelp"
        )
    };
}

const VARIABLE: &[Rule] = &[
    Match(auto_vars!(), Token("bp"), Stay),
    Match(
        r"(\$)(?:(\w+)(:))?(\w+|\{(?:[^`]|`.)+?\})",
        Groups(&["nv", "nn", "p", "nv"]),
        Stay,
    ),
    Match(r"\$\w+", Token("nv"), Stay),
    Match(r"\$\{(?:[^`]|`.)+?\}", Token("nv"), Stay),
];

const MULTILINE: &[Rule] = &[
    Match(
        concat!(r"(?i:\.(?:", multiline_keywords!(), "))"),
        Token("cs"),
        Stay,
    ),
    Match(r"#>", Token("cm"), Pop),
    Match(r"(?m:[^#.]+?)", Token("cm"), Stay),
    Match(r"[#.]+", Token("cm"), Stay),
];

const INTERPOLATION: &[Rule] = &[Match(r"\)", Token("si"), Pop), Mixin("root")];

const DOUBLE_QUOTED: &[Rule] = &[
    Match(r#"(?:\$#?)?""#, Token("s2"), Pop),
    Match(r"\$\(", Token("si"), Push("interpol")),
    Match(r"`$", Token("se"), Stay),
    Match(r"`.", Token("se"), Stay),
    Match(r#"[^"`$]+"#, Token("s2"), Stay),
    Mixin("variable"),
];

const SINGLE_QUOTED: &[Rule] = &[
    Match(r"'", Token("s1"), Pop),
    Match(r"[^']+", Token("s1"), Stay),
];

const HEREDOC: &[Rule] = &[
    Match(r#"(?:\$#?)?"@"#, Token("sh"), Pop),
    Match(r"\$\(", Token("si"), Push("interpol")),
    Match(r"`$", Token("se"), Stay),
    Match(r"`.", Token("se"), Stay),
    Match(r#"(?m:[^"`$]+?)"#, Token("sh"), Stay),
    Match(r#""+"#, Token("sh"), Stay),
    Mixin("variable"),
];

const CLASS: &[Rule] = &[
    Match(r"\{", Token("p"), Pop),
    Match(r"\s+", Token("w"), Stay),
    Match(r"\w+", Token("nc"), Stay),
    Match(r"[:,]", Token("p"), Stay),
];

const EXPRESSION: &[Rule] = &[
    Mixin("comments"),
    Match(r#"""#, Token("s2"), Push("dq")),
    Match(r"'", Token("s1"), Push("sq")),
    Match(r#"@""#, Token("sh"), Push("heredoc")),
    Match(r"(?m:@'.*?'@)", Token("sh"), Stay),
    Match(r"\d*\.\d+", Token("mf"), Stay),
    Match(r"\d+", Token("mi"), Stay),
    Match(r"@\{", Token("p"), Push("hasht")),
    Match(r"@\(", Token("p"), Push("array")),
    Match(r"\{", Token("p"), Push("brace")),
    Match(r"\[", Token("p"), Push("bracket")),
];

const HASH_TABLE: &[Rule] = &[
    Match(r"\}", Token("p"), Pop),
    Match(r"=", Token("o"), Stay),
    Match(r"[,;]", Token("p"), Stay),
    Mixin("expr"),
    Match(r"\w+", Token("nx"), Stay),
    Mixin("variable"),
];

const ARRAY: &[Rule] = &[
    Match(r"\s+", Token("w"), Stay),
    Match(r"\)", Token("p"), Pop),
    Match(r"[,;]", Token("p"), Stay),
    Mixin("expr"),
    Mixin("variable"),
];

const BRACE: &[Rule] = &[Match(r"[}]", Token("p"), Pop), Mixin("root")];

const BRACKET: &[Rule] = &[
    Match(r"\]", Token("p"), Pop),
    Match(r"[A-Za-z]\w+\.", Token("n"), Stay),
    Match(r"([A-Za-z]\w+)", Call(bracketed_word), Stay),
    Mixin("root"),
];

/// A word in brackets: `bp` for a `CmdletBinding` attribute's name, else `n`.
fn bracketed_word(lexing: &mut Lexing, matched: &Matched) {
    let class = if ATTRIBUTES.contains(&matched.text) {
        "bp"
    } else {
        "n"
    };
    lexing.token(class, matched.text);
}

const PARAMETERS: &[Rule] = &[
    Match(r"(?m:`.)", Token("se"), Stay),
    Match(r"\s*?\n", Token("w"), Pop),
    Match(r"[;(){}\]]", Token("p"), Pop),
    Match(r"[|=]", Token("o"), Pop),
    Match(r"[/\\~\w][-.:/\\~\w]*", Token("nx"), Stay),
    Match(r"\w[-\w]+", Token("nx"), Stay),
    Mixin("root"),
];

const COMMENTS: &[Rule] = &[
    Match(r"\s+", Token("w"), Stay),
    Match(r"#.*", Token("c"), Stay),
    Match(r"<#", Token("cm"), Push("multiline")),
];

const ROOT: &[Rule] = &[
    Mixin("comments"),
    Match(r"#requires\s-version \d(?:\.\d+)?", Token("cp"), Stay),
    Match(r"\.\.(?=\.?\d)", Token("o"), Stay),
    Match(concat!(r"(?i:(?:", operators!(), r")\b)"), Token("o"), Stay),
    Match(
        r"(?i:(class)(\s+)(\w+))",
        Groups(&["kr", "w", "nc"]),
        Push("class"),
    ),
    Match(
        r"(?i:(function)(\s+)(?:(\w+)(:))?(\w[-\w]+))",
        Groups(&["kr", "w", "nn", "p", "nf"]),
        Stay,
    ),
    Match(
        concat!(r"(?i:(?:", keywords!(), r")\b(?![-.]))"),
        Token("kr"),
        Stay,
    ),
    Match(r"-{1,2}\w+", Token("nt"), Stay),
    Match(
        r"(\.)?([-\w]+)(\[)",
        Groups(&["o", "n", "p"]),
        Push("bracket"),
    ),
    Match(
        r"(?i:([/\\~[a-z]][-.:/\\~\w]*)(\n)?)",
        Groups(&["n", "w"]),
        Push("parameters"),
    ),
    Match(r"(\.)([-\w]+)(?:(\()|(\n))?", Call(member), Stay),
    Match(r"\?", Token("nf"), Push("parameters")),
    Mixin("expr"),
    Mixin("variable"),
    Match(r"[-+*/%=!.&|]", Token("o"), Stay),
    Match(r"[{}(),:;]", Token("p"), Stay),
];

/// `.Member`, a call's arguments following when `(` does.
fn member(lexing: &mut Lexing, matched: &Matched) {
    lexing.groups(matched, &["o", "nf", "p", "w"]);
    if matched.group(3).is_some() {
        lexing.push("parameters");
    }
}
