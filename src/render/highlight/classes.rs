//! Rouge's short classes for syntect's scopes: the tables and the rule that picks one
//! class per scope stack.

use super::*;

/// Syntect scope prefixes and the Rouge (Pygments) short class of the tokens they cover.
/// For each scope of a stack the longest matching prefix counts; [`StackClasses::class_for_stack`] then
/// picks between the scopes of the stack by [`class_rank`].
pub(super) const SCOPE_CLASSES: &[(&str, &str)] = &[
    // Comments.
    ("comment", "c"),
    ("comment.line", "c1"),
    ("comment.block", "cm"),
    ("comment.block.documentation", "cd"),
    ("comment.line.documentation", "cd"),
    ("meta.preprocessor", "cp"),
    // Strings.
    ("string", "s"),
    ("string.quoted.double", "s2"),
    ("string.quoted.single", "s1"),
    ("string.regexp", "sr"),
    ("string.unquoted.heredoc", "sh"),
    ("string.quoted.other.heredoc", "sh"),
    ("constant.character.escape", "se"),
    ("storage.modifier.conversion", "si"),
    ("punctuation.section.interpolation", "si"),
    ("punctuation.definition.template-expression", "si"),
    ("storage.type.string", "sa"),
    ("constant.character", "sc"),
    // Numbers.
    ("constant.numeric", "m"),
    ("constant.numeric.integer", "mi"),
    ("constant.numeric.float", "mf"),
    ("constant.numeric.hex", "mh"),
    ("constant.numeric.integer.hexadecimal", "mh"),
    ("constant.numeric.octal", "mo"),
    ("constant.numeric.integer.octal", "mo"),
    ("constant.numeric.binary", "mb"),
    ("constant.numeric.integer.binary", "mb"),
    // Other constants.
    ("constant", "no"),
    ("constant.language", "kc"),
    ("support.constant", "no"),
    ("entity.name.constant", "no"),
    // Keywords.
    ("keyword", "k"),
    ("keyword.control.import", "kn"),
    ("keyword.other.import", "kn"),
    ("keyword.operator.module", "kn"),
    ("keyword.declaration", "k"),
    ("keyword.operator", "o"),
    ("keyword.operator.word", "ow"),
    ("keyword.other.substitution", "si"),
    ("storage", "k"),
    ("storage.modifier", "k"),
    ("storage.modifier.lifetime", "nv"),
    ("storage.type", "kt"),
    // Declaration words that grammars scope as types but Rouge calls keywords.
    ("storage.type.function", "k"),
    ("storage.type.class", "k"),
    ("storage.type.struct", "k"),
    ("storage.type.enum", "k"),
    ("storage.type.union", "k"),
    ("storage.type.trait", "k"),
    ("storage.type.impl", "k"),
    ("storage.type.interface", "k"),
    ("storage.type.type", "k"),
    ("storage.type.module", "k"),
    ("storage.type.namespace", "k"),
    ("storage.type.variable", "k"),
    // Names.
    ("entity.name", "n"),
    ("entity.name.function", "nf"),
    ("variable.function", "nf"),
    ("support.function", "nf"),
    ("support.function.builtin", "nb"),
    ("entity.name.class", "nc"),
    ("entity.name.struct", "nc"),
    ("entity.name.type", "nc"),
    ("entity.name.enum", "nc"),
    ("entity.name.trait", "nc"),
    ("entity.name.union", "nc"),
    ("entity.name.interface", "nc"),
    ("entity.name.impl", "nc"),
    ("entity.other.inherited-class", "nc"),
    ("entity.name.namespace", "nn"),
    ("entity.name.module", "nn"),
    ("meta.tag.table", "nn"),
    ("entity.name.table", "nn"),
    ("punctuation.definition.table", "nn"),
    ("entity.name.tag", "nt"),
    ("entity.other.attribute-name", "na"),
    ("entity.name.label", "nl"),
    ("support.type", "nb"),
    ("support.class", "nb"),
    ("support.macro", "nd"),
    ("variable", "n"),
    ("variable.language", "bp"),
    ("variable.other.readwrite.instance", "vi"),
    ("variable.other.readwrite.class", "vc"),
    ("variable.other.readwrite.global", "vg"),
    ("meta.annotation", "nd"),
    ("meta.attribute", "nd"),
    ("punctuation", "p"),
    ("punctuation.definition.generic", "o"),
    ("meta.brace", "p"),
    // Markup and diffs.
    ("markup.heading", "gh"),
    ("meta.diff.header", "gh"),
    ("meta.diff.range", "gu"),
    ("markup.inserted", "gi"),
    ("markup.deleted", "gd"),
    ("markup.bold", "gs"),
    ("markup.italic", "ge"),
    ("invalid", "err"),
];

/// Scope prefixes where the classes of the enclosing scopes stop applying: code embedded
/// in a string (`${x}`, `{x}`) or in another language is classed as code again.
pub(super) const BOUNDARY_SCOPES: &[&str] = &[
    "meta.interpolation",
    "meta.embedded",
    "meta.group.expansion",
];

/// Classes for scope prefixes in one grammar (a prefix of its base scope), which take
/// precedence over [`SCOPE_CLASSES`]: where a grammar's scopes mean something more
/// specific than elsewhere, or Rouge classes its tokens differently.
pub(super) const GRAMMAR_SCOPE_CLASSES: &[(&str, &[(&str, &str)])] = &[
    (
        "source.shell",
        &[
            // Shell variables keep their sigil: `$HOME` is one `nv`, as in Rouge.
            ("variable", "nv"),
            ("punctuation.definition.variable", "nv"),
            ("variable.parameter.option", "nt"),
            // bat's Bash grammar scopes exactly the builtins (`echo`, `set`, ...) this way.
            ("support.function", "nb"),
        ],
    ),
    // Rouge lexes Rust's `.name` as one token (`.len` is `nf`, `.0` a number).
    (
        "source.rust",
        &[("punctuation.accessor.dot", JOINS_NEXT_TOKEN)],
    ),
    // Rouge's JavaScript lexer writes a string's quotes as delimiters apart from its text.
    ("source.js", &[("punctuation.definition.string", "dl")]),
    ("source.ts", &[("punctuation.definition.string", "dl")]),
    // Rouge's Elixir lexer: a sigil (`~D[2019-12-31]`) is one `sx`, a module attribute
    // (`@spec`) and a capture argument (`&1`) one `nv`.
    (
        "source.elixir",
        &[
            ("storage.type.string", "sx"),
            ("string.quoted.other", "sx"),
            ("variable.other.module", "nv"),
            ("keyword.operator.definition.constant", "nv"),
            ("constant.other.capture", "nv"),
            ("keyword.operator.capture", "nv"),
        ],
    ),
    // Rouge's HTML and XML lexers write a tag's brackets with its name (`<div`, `</p>`),
    // an attribute's `=` with its name, and an XML declaration as one `cp`.
    ("text.html", MARKUP_SCOPE_CLASSES),
    ("text.xml", MARKUP_SCOPE_CLASSES),
    ("source.php", &[("variable", "nv")]),
    ("embedding.php", &[("variable", "nv")]),
    ("source.perl", &[("variable", "nv")]),
    ("source.powershell", &[("variable", "nv")]),
    ("source.makefile", &[("variable", "nv")]),
];

/// Per grammar (a prefix of its base scope), operators and punctuation whose class in
/// Rouge's lexer differs from the usual `o`/`p`; the class decides which neighbours a
/// symbol merges with (Nim's `):` is one `p` span, its `[(` two).
pub(super) const GRAMMAR_SYMBOL_CLASSES: &[(&str, &[(&str, &str)])] = &[
    ("source.nim", &[(":", "p"), ("[", "o"), ("]", "o")]),
    ("source.elixir", &[(".", "o")]),
];

/// The classes Rouge's HTML and XML lexers give that the markup grammars scope apart.
pub(super) const MARKUP_SCOPE_CLASSES: &[(&str, &str)] = &[
    ("punctuation.definition.tag", "nt"),
    ("punctuation.separator.key-value", "na"),
    ("meta.tag.preprocessor", "cp"),
    ("constant.character.entity", "ni"),
];

/// Not a class: a token with this "class" is written as part of the token right after it,
/// in that token's span (`n` if it has none).
pub(super) const JOINS_NEXT_TOKEN: &str = ".";

/// Words that grammars scope as `storage.type` but that declare rather than name a type,
/// and that Rouge therefore calls keywords (`let` in Rust, `const` in JavaScript).
pub(super) const DECLARATION_WORDS: &[&str] = &[
    "let",
    "const",
    "var",
    "val",
    "static",
    "async",
    "extends",
    "implements",
    "mut",
    "dyn",
];

/// [`SCOPE_CLASSES`] as scopes, longest prefix first, built once.
pub(super) static SCOPE_CLASS_TABLE: LazyLock<ScopeClassTable> =
    LazyLock::new(|| scope_class_table(SCOPE_CLASSES));

/// [`BOUNDARY_SCOPES`] as scopes, built once.
pub(super) static BOUNDARY_SCOPE_TABLE: LazyLock<Vec<Scope>> =
    LazyLock::new(|| scopes(BOUNDARY_SCOPES));

/// [`GRAMMAR_SCOPE_CLASSES`] as scopes, each grammar's prefixes longest first, built once.
pub(super) static GRAMMAR_SCOPE_CLASS_TABLE: LazyLock<Vec<(Scope, ScopeClassTable)>> =
    LazyLock::new(|| {
        GRAMMAR_SCOPE_CLASSES
            .iter()
            .map(|(grammar, classes)| {
                let grammar = Scope::new(grammar).expect("valid scope");
                (grammar, scope_class_table(classes))
            })
            .collect()
    });

/// Scope prefixes, longest first, with their classes.
pub(super) type ScopeClassTable = Vec<(Scope, &'static str)>;

/// `classes` as a [`ScopeClassTable`].
pub(super) fn scope_class_table(classes: &[(&str, &'static str)]) -> ScopeClassTable {
    let mut table: ScopeClassTable = classes
        .iter()
        .map(|&(scope, class)| (Scope::new(scope).expect("valid scope"), class))
        .collect();
    table.sort_by_key(|(scope, _)| std::cmp::Reverse(scope.len()));
    table
}

/// The grammar-specific classes for `grammar`, if it has any.
pub(super) fn grammar_scope_classes(grammar: &SyntaxReference) -> &'static [(Scope, &'static str)] {
    GRAMMAR_SCOPE_CLASS_TABLE
        .iter()
        .find(|(prefix, _)| prefix.is_prefix_of(grammar.scope))
        .map_or(&[], |(_, table)| table.as_slice())
}

/// Builds scopes from names known to be valid.
pub(super) fn scopes(names: &[&str]) -> Vec<Scope> {
    names
        .iter()
        .map(|name| Scope::new(name).expect("valid scope"))
        .collect()
}

/// How strongly a class claims the tokens nested in its scope: an enclosing scope's class
/// replaces the class of a nested one only if it ranks higher, so a string's quotes stay
/// string, a comment's markers and everything in a diff line stay with their line, while an
/// escape keeps `se` inside its string.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Rank {
    /// Punctuation: taken over by any enclosing token (an attribute's `#[`, a table's `[`).
    Punctuation,
    /// Keywords, names, operators.
    Code,
    /// Numbers, characters, string prefixes, decorators.
    Literal,
    /// Strings, with their escapes (`se`) and interpolations (`si`), which keep their class.
    String,
    /// Comments.
    Comment,
    /// Diff lines and headings.
    Generic,
}

/// The [`Rank`] of a short class.
pub(super) fn class_rank(class: &str) -> Rank {
    match class.as_bytes() {
        b"p" => Rank::Punctuation,
        [b'g', ..] => Rank::Generic,
        [b'c', ..] => Rank::Comment,
        // A tag in a string is a key (YAML's `title:`), and stays one.
        b"s" | b"s1" | b"s2" | b"sr" | b"sh" | b"se" | b"si" | b"dl" | b"nt" => Rank::String,
        [b's' | b'm', ..] | b"nd" => Rank::Literal,
        _ => Rank::Code,
    }
}

/// The class of the longest prefix of `scope` in `grammar_classes`, else in
/// [`SCOPE_CLASS_TABLE`].
pub(super) fn scope_class(
    scope: Scope,
    grammar_classes: &[(Scope, &'static str)],
) -> Option<&'static str> {
    grammar_classes
        .iter()
        .chain(SCOPE_CLASS_TABLE.iter())
        .find(|(prefix, _)| prefix.is_prefix_of(scope))
        .map(|&(_, class)| class)
}

/// What one scope means for the class of the tokens inside it.
#[derive(Clone, Copy)]
pub(super) enum ScopeMeaning {
    /// A [`BOUNDARY_SCOPES`] scope: enclosing scopes do not count.
    Boundary,
    /// A class from the tables, or `None`.
    Class(Option<&'static str>),
}

/// The classes of scope stacks in one grammar, with each scope's meaning looked up in the
/// tables once per block rather than once per token.
pub(super) struct StackClasses {
    grammar_classes: &'static [(Scope, &'static str)],
    meanings: HashMap<Scope, ScopeMeaning>,
}

impl StackClasses {
    pub(super) fn new(grammar_classes: &'static [(Scope, &'static str)]) -> StackClasses {
        StackClasses {
            grammar_classes,
            meanings: HashMap::new(),
        }
    }

    /// The one short class for a token with scope stack `stack` (outermost first), or
    /// `None` for unclassed text: the innermost scope's class, unless an enclosing scope
    /// (up to the nearest [`BOUNDARY_SCOPES`]) has a class of a higher [`Rank`].
    pub(super) fn class_for_stack(&mut self, stack: &[Scope]) -> Option<&'static str> {
        let mut class: Option<&'static str> = None;
        for &scope in stack.iter().rev() {
            let scope_class = match self.meaning(scope) {
                ScopeMeaning::Boundary => break,
                ScopeMeaning::Class(None) => continue,
                ScopeMeaning::Class(Some(scope_class)) => scope_class,
            };
            class = match class {
                Some(inner) if class_rank(inner) >= class_rank(scope_class) => Some(inner),
                _ => Some(scope_class),
            };
        }
        class
    }

    fn meaning(&mut self, scope: Scope) -> ScopeMeaning {
        let grammar_classes = self.grammar_classes;
        *self.meanings.entry(scope).or_insert_with(|| {
            if BOUNDARY_SCOPE_TABLE
                .iter()
                .any(|boundary| boundary.is_prefix_of(scope))
            {
                ScopeMeaning::Boundary
            } else {
                ScopeMeaning::Class(scope_class(scope, grammar_classes))
            }
        })
    }
}
