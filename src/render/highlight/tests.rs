//! Tests of the highlighter against Rouge 3.30's output.

use super::css::*;
use super::*;

/// The grammar name a language resolves to, our Rouge-compatible lexer's tag, or
/// `"plain"` / `"unknown"`.
fn resolved_name(lang: &str) -> &'static str {
    match resolve_language(&lang.to_lowercase()) {
        Some(Language::Grammar(grammar)) => grammar.name.as_str(),
        Some(Language::Rouge(lexer)) => lexer.names[0],
        Some(Language::PlainText) => "plain",
        None => "unknown",
    }
}

#[test]
fn known_language_gets_rouge_classes_in_jekylls_wrapper_and_escapes() {
    // Rouge 3.30 writes exactly this.
    assert_eq!(
        code_block_html(Some("rust"), "fn main() { println!(\"<&>\"); }\n"),
        "<div class=\"language-rust highlighter-rouge\"><div class=\"highlight\">\
         <pre class=\"highlight\"><code>\
         <span class=\"k\">fn</span> <span class=\"nf\">main</span><span class=\"p\">()</span> \
         <span class=\"p\">{</span> <span class=\"nd\">println!</span><span class=\"p\">(</span>\
         <span class=\"s\">\"&lt;&amp;&gt;\"</span><span class=\"p\">);</span> <span class=\"p\">}</span>\n\
         </code></pre></div></div>\n"
    );
}

#[test]
fn spans_are_flat_and_merged_with_whitespace_outside_as_in_rouge() {
    // Rouge 3.30 writes exactly this for the Ruby sample.
    assert_eq!(
        highlight_code("ruby", "def hello\n  puts \"<hi>\"\nend\n").as_deref(),
        Some(
            "<span class=\"k\">def</span> <span class=\"nf\">hello</span>\n  \
             <span class=\"nb\">puts</span> <span class=\"s2\">\"&lt;hi&gt;\"</span>\n\
             <span class=\"k\">end</span>\n"
        )
    );
    // A string keeps its spaces around an escape; a block comment stays one span
    // across lines; a comment's line break and the indentation are outside.
    assert_eq!(
        highlight_code("rust", "let s = \"a \\n b\"; // c\n/* d\n   e */\n").as_deref(),
        Some(
            "<span class=\"k\">let</span> <span class=\"n\">s</span> <span class=\"o\">=</span> \
             <span class=\"s\">\"a </span><span class=\"se\">\\n</span><span class=\"s\"> b\"</span>\
             <span class=\"p\">;</span> <span class=\"c1\">// c</span>\n\
             <span class=\"cm\">/* d\n   e */</span>\n"
        )
    );
}

#[test]
fn a_rust_accessor_dot_joins_the_name_after_it_as_in_rouge() {
    assert_eq!(
        highlight_code("rust", "a.b.len(t.0)\n    .map(f);\n").as_deref(),
        Some(
            "<span class=\"n\">a</span><span class=\"py\">.b</span><span class=\"nf\">.len</span>\
             <span class=\"p\">(</span><span class=\"n\">t</span><span class=\"na\">.0</span>\
             <span class=\"p\">)</span>\n    \
             <span class=\"nf\">.map</span><span class=\"p\">(</span><span class=\"n\">f</span>\
             <span class=\"p\">);</span>\n"
        )
    );
}

/// The words of `html` as the parity measure reads them: each text node apart.
fn text_node_words(html: &str) -> Vec<String> {
    html.split(['<', '>'])
        .step_by(2)
        .flat_map(str::split_whitespace)
        .map(String::from)
        .collect()
}

#[test]
fn unscoped_code_splits_into_identifiers_operators_and_punctuation_as_in_rouge() {
    let nim = "import std/tables\n  labels: Table[string, Continuation.fn]\n";
    // Rouge 3.30's words for the same code (its spans: n, o, p around each).
    let rouge = "import std / tables labels : Table [ string , Continuation . fn ]";
    let match_arm = highlight_code("nim", "of (0, n):\n  seq[(A, int)]\n").unwrap();
    assert_eq!(
        text_node_words(&match_arm).join(" "),
        "of ( 0 , n ): seq [ ( A , int ) ]"
    );
    let html = highlight_code("nim", nim).unwrap();
    assert_eq!(text_node_words(&html).join(" "), rouge);
    let elixir = "Enum.sort([~D[2019-12-31]], &Date.compare(&1, &2))\n@spec f(...) :: t\n";
    assert_eq!(
        text_node_words(&highlight_code("elixir", elixir).unwrap()).join(" "),
        "Enum . sort ([ ~D[2019-12-31] ], &amp; Date . compare ( &amp;1 , &amp;2 )) @spec f ( ... ) :: t"
    );
    // Rouge 3.30's words for HTML and XML: brackets with tag names, `=` with names.
    let html = "<div class=\"a\">\n  <p>Hi <em>you</em> &amp; co</p>\n</div>\n";
    assert_eq!(
        text_node_words(&highlight_code("html", html).unwrap()).join(" "),
        "&lt;div class= \"a\" &gt; &lt;p&gt; Hi &lt;em&gt; you &lt;/em&gt; &amp;amp; co &lt;/p&gt; &lt;/div&gt;"
    );
    let xml = "<?xml version=\"1.0\"?>\n<feed xmlns=\"x\"/>\n";
    assert_eq!(
        text_node_words(&highlight_code("xml", xml).unwrap()).join(" "),
        "&lt;?xml version=\"1.0\"?&gt; &lt;feed xmlns= \"x\" /&gt;"
    );
    // Shell words keep their dashes and slashes, as in Rouge's shell lexer.
    let shell = highlight_code("sh", "ls -la foo/bar.txt\n").unwrap();
    assert_eq!(text_node_words(&shell), ["ls", "-la", "foo/bar.txt"]);
}

#[test]
fn fenced_blocks_match_jekyll_byte_for_byte_when_plain() {
    assert_eq!(
        code_block_html(None, "plain <b> & text\n"),
        "<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\">\
         <pre class=\"highlight\"><code>plain &lt;b&gt; &amp; text\n</code></pre></div></div>\n"
    );
    assert_eq!(
        code_block_html(Some("text"), "t \"q\" 'x'\n"),
        "<div class=\"language-text highlighter-rouge\"><div class=\"highlight\">\
         <pre class=\"highlight\"><code>t \"q\" 'x'\n</code></pre></div></div>\n"
    );
    assert_eq!(
        code_block_html(None, ""),
        "<div class=\"language-plaintext highlighter-rouge\"><div class=\"highlight\">\
         <pre class=\"highlight\"><code></code></pre></div></div>\n"
    );
}

#[test]
fn code_keeps_trailing_blank_lines_and_gains_a_missing_final_newline() {
    let with_blank_lines = code_block_html(Some("rust"), "let a = 1;\n\n\n");
    assert!(
        with_blank_lines.ends_with("<span class=\"p\">;</span>\n\n\n</code></pre></div></div>\n")
    );
    assert_eq!(
        code_block_html(Some("txt"), "no newline"),
        code_block_html(Some("txt"), "no newline\n")
    );
}

#[test]
fn unknown_language_gets_kramdowns_fallback_with_its_class() {
    assert_eq!(
        code_block_html(Some("foo"), "some <foo>\n"),
        "<pre><code class=\"language-foo\">some &lt;foo&gt;\n</code></pre>\n"
    );
    assert_eq!(
        code_block_html(Some("Foo bar"), "x"),
        "<pre><code class=\"language-Foo\">x\n</code></pre>\n"
    );
    // Rouge knows no lexer by a capitalised name but Docker's alias `Dockerfile`.
    assert_eq!(
        code_block_html(Some("Rust"), "fn a() {}\n"),
        "<pre><code class=\"language-Rust\">fn a() {}\n</code></pre>\n"
    );
    assert_eq!(highlight_code("foo", "x"), None);
}

#[test]
fn dockerfile_with_a_capital_is_rouges_docker_lexer() {
    let html = code_block_html(Some("Dockerfile"), "FROM alpine\n");
    assert!(html.starts_with("<div class=\"language-Dockerfile highlighter-rouge\">"));
    assert!(html.contains("<span class=\"k\">FROM</span>"), "{html}");
}

#[test]
fn highlight_tag_matches_jekyll() {
    assert_eq!(
        highlight_tag_html("Foo", "\nunknown <lang>\ntext\n\n", false),
        "<figure class=\"highlight\"><pre><code class=\"language-foo\" data-lang=\"foo\">\
         unknown &lt;lang&gt;\ntext</code></pre></figure>"
    );
    assert_eq!(
        highlight_tag_html("text", "a\nb\n", true),
        "<figure class=\"highlight\"><pre><code class=\"language-text\" data-lang=\"text\">\
         <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n</pre></td>\
         <td class=\"code\"><pre>a\nb\n</pre></td></tr></tbody></table></code></pre></figure>"
    );
    assert_eq!(
        highlight_tag_html("c++", "int x;", false),
        "<figure class=\"highlight\"><pre><code class=\"language-c--\" data-lang=\"c++\">\
         <span class=\"kt\">int</span> <span class=\"n\">x</span><span class=\"p\">;</span></code></pre></figure>"
    );
}

#[test]
fn highlight_tag_with_line_numbers_wraps_highlighted_code_in_rouges_table() {
    let html = highlight_tag_html("ruby", "def hello\n  puts \"<hi>\"\nend\n", true);
    assert!(html.starts_with(
        "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">\
         <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n3\n</pre></td>\
         <td class=\"code\"><pre><span class=\"k\">def</span>"
    ));
    assert!(
        html.ends_with(
            "<span class=\"k\">end</span>\n</pre></td></tr></tbody></table></code></pre></figure>"
        ),
        "{html}"
    );
    assert!(html.contains("&lt;hi&gt;"));
}

#[test]
fn languages_resolve_case_insensitively_and_through_aliases() {
    // Names Rouge 3.30 does not know (`node`, `python3`, `plain`…) are unknown, as to
    // kramdown and Jekyll's `highlight` tag.
    let expected = [
        ("rust", "rust"),
        ("RS", "rust"),
        ("rust,no_run", "rust"),
        ("js", "javascript"),
        ("javascript", "javascript"),
        ("node", "unknown"),
        ("py", "python"),
        ("python3", "unknown"),
        ("py3", "unknown"),
        ("sh", "shell"),
        ("bash", "shell"),
        ("Shell", "shell"),
        ("zsh", "shell"),
        ("yaml", "yaml"),
        ("yml", "yaml"),
        ("json", "json"),
        ("toml", "toml"),
        ("dockerfile", "docker"),
        ("docker", "docker"),
        ("html", "html"),
        ("css", "css"),
        ("go", "go"),
        ("golang", "go"),
        ("c", "c"),
        ("cpp", "C++"),
        ("ts", "typescript"),
        ("R", "r"),
        ("cs", "csharp"),
        ("c#", "csharp"),
        ("exs", "elixir"),
        ("ini", "ini"),
        ("nginx", "nginx"),
        ("diff", "diff"),
        ("rb", "ruby"),
        ("ps1", "unknown"),
        ("powershell", "powershell"),
        ("viml", "VimL"),
        ("console", "console"),
        ("shell_session", "console"),
        ("terminal", "console"),
        ("sh-session", "unknown"),
        ("text", "plain"),
        ("plaintext", "plain"),
        ("plain", "unknown"),
        ("txt", "unknown"),
        ("no-such-language", "unknown"),
    ];
    for (lang, name) in expected {
        assert_eq!(resolved_name(lang), name, "language {lang:?}");
    }
}

#[test]
fn stylesheet_has_both_palettes_for_system_preference_and_toggle() {
    let css = stylesheet();
    assert!(css.contains("@media (prefers-color-scheme: dark) {\n"));
    assert!(css.contains(
        "\npre.highlight, figure.highlight pre { color: #111b27; background-color: #e3eaf2; }"
    ));
    assert!(css.contains(
        ":root:not([data-theme=\"light\"]) pre.highlight, \
         :root:not([data-theme=\"light\"]) figure.highlight pre { color: #e3eaf2; background-color: #111b27; }"
    ));
    assert!(css.contains(":root[data-theme=\"dark\"] pre.highlight"));
    assert!(css.contains("\n.highlight .k { color: #a04900; }\n"));
    assert!(css.contains("\n.highlight .c1 { color: #3c526d; }\n"));
    assert!(css.contains("\n.highlight .gh { color: #005a8e; font-weight: bold; }\n"));
    assert!(css.contains(":root:not([data-theme=\"light\"]) .highlight .s2 { color: #"));
    assert!(css.contains(":root[data-theme=\"dark\"] .highlight .nf { color: #"));
    assert!(!css.contains("hl-"));
    assert_eq!(css.matches('{').count(), css.matches('}').count());
}

#[test]
fn every_class_has_a_rule_in_both_palettes_and_every_emitted_class_is_styled() {
    let css = stylesheet();
    for &(class, _) in CLASS_STYLE_SCOPES {
        assert_eq!(
            css.matches(&format!(".highlight .{class} {{")).count(),
            3,
            "{class}"
        );
    }
    let styled = |class: &str| {
        CLASS_STYLE_SCOPES
            .iter()
            .any(|&(styled, _)| styled == class)
    };
    for &(_, class) in SCOPE_CLASSES {
        assert!(styled(class), "{class} has no rule");
    }
    for (_, classes) in GRAMMAR_SCOPE_CLASSES {
        for &(_, class) in *classes {
            assert!(
                class == JOINS_NEXT_TOKEN || styled(class),
                "{class} has no rule"
            );
        }
    }
    for class in ["ow", "k", "p"] {
        assert!(styled(class), "{class} has no rule");
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

#[test]
fn every_class_has_a_contrast_of_at_least_4_5_on_its_background() {
    for theme_name in [LIGHT_THEME, DARK_THEME] {
        let theme = THEME_SET.get(theme_name);
        let (_, background) = theme_colors(theme);
        let background_luminance = luminance(opaque_rgb(background, background));
        let highlighter = Highlighter::new(theme);
        for &(class, scope) in CLASS_STYLE_SCOPES {
            let style = class_style(&highlighter, scope);
            let luminance = luminance(opaque_rgb(style.foreground, background));
            let (lighter, darker) = if luminance > background_luminance {
                (luminance, background_luminance)
            } else {
                (background_luminance, luminance)
            };
            let contrast = (lighter + 0.05) / (darker + 0.05);
            assert!(
                contrast >= 4.5,
                "{} .{class} ({scope}): contrast {contrast:.2}",
                theme_name.as_name()
            );
        }
    }
}

#[test]
fn scope_stacks_map_to_one_rouge_class() {
    let class = |stack: &str| {
        let stack: Vec<Scope> = stack
            .split_whitespace()
            .map(|scope| Scope::new(scope).unwrap())
            .collect();
        StackClasses::new(&[]).class_for_stack(&stack)
    };
    let expected = [
        ("source.rust storage.type.function.rust", Some("k")),
        ("source.rust storage.type.rust", Some("kt")),
        (
            "source.rust meta.function.rust entity.name.function.rust",
            Some("nf"),
        ),
        ("source.rust comment.line.double-slash.rust", Some("c1")),
        (
            "source.rust comment.block.rust punctuation.definition.comment.rust",
            Some("cm"),
        ),
        ("source.rust comment.line.documentation.rust", Some("cd")),
        (
            "source.python string.quoted.double.python punctuation.definition.string.begin.python",
            Some("s2"),
        ),
        ("source.js string.quoted.single.js", Some("s1")),
        (
            "source.rust string.quoted.double.rust constant.character.escape.rust",
            Some("se"),
        ),
        (
            "source.python string.quoted.double.python meta.interpolation.python variable.other.python",
            Some("n"),
        ),
        (
            "source.rust constant.numeric.integer.decimal.rust",
            Some("mi"),
        ),
        (
            "source.rust constant.numeric.integer.hexadecimal.rust",
            Some("mh"),
        ),
        ("source.rust constant.numeric.float.rust", Some("mf")),
        (
            "source.rust constant.numeric.integer.decimal.rust storage.type.numeric.rust",
            Some("mi"),
        ),
        ("source.json constant.language.json", Some("kc")),
        ("source.rust keyword.operator.comparison.rust", Some("o")),
        ("source.python keyword.operator.logical.python", Some("o")),
        ("source.python keyword.operator.word.python", Some("ow")),
        ("source.python keyword.control.import.python", Some("kn")),
        (
            "source.rust meta.annotation.rust punctuation.definition.annotation.rust",
            Some("nd"),
        ),
        (
            "source.rust meta.annotation.rust string.quoted.double.rust",
            Some("s2"),
        ),
        (
            "source.rust punctuation.section.block.begin.rust",
            Some("p"),
        ),
        (
            "source.yaml string.unquoted.plain.out.yaml entity.name.tag.yaml",
            Some("nt"),
        ),
        (
            "source.diff markup.inserted.diff punctuation.definition.inserted.diff",
            Some("gi"),
        ),
        ("source.python variable.language.python", Some("bp")),
        ("source.rust entity.name.struct.rust", Some("nc")),
        ("source.rust meta.path.rust", None),
        ("source.rust", None),
        ("source.rust invalid.illegal.rust", Some("err")),
    ];
    for (stack, class_name) in expected {
        assert_eq!(class(stack), class_name, "{stack}");
    }
    let shell = grammar_scope_classes(
        SYNTAX_SET
            .find_syntax_by_token("sh")
            .expect("syntect has a shell grammar"),
    );
    let stack = [
        Scope::new("source.shell.bash").unwrap(),
        Scope::new("variable.other.readwrite.shell").unwrap(),
    ];
    assert_eq!(StackClasses::new(shell).class_for_stack(&stack), Some("nv"));
}

#[test]
fn highlighting_from_many_threads_gives_the_same_html() {
    let samples = [
        ("rust", "fn main() {\n    let v = vec![1, 2];\n}\n"),
        ("python", "def f(x):\n    return x < 2\n"),
        ("yaml", "key: [a, b]\n"),
        ("js", "const f = (a) => a && b;\n"),
    ];
    let sequential: Vec<String> = samples
        .iter()
        .map(|(lang, code)| code_block_html(Some(lang), code))
        .collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|worker| {
                let (lang, code) = samples[worker % samples.len()];
                scope.spawn(move || (worker, code_block_html(Some(lang), code)))
            })
            .collect();
        for worker in workers {
            let (index, html) = worker.join().expect("highlighting thread panicked");
            assert_eq!(html, sequential[index % samples.len()]);
        }
    });
}

#[test]
fn a_huge_single_line_falls_back_to_plain_text() {
    // Over the line cap, the regex engine never sees it: no time budget involved.
    let line = "var a = [\"<x>\", (((((".repeat(200_000 / 22);
    assert_eq!(highlight_code("js", &line), None);
    let html = code_block_html(Some("js"), &line);
    assert!(html.starts_with("<div class=\"language-js highlighter-rouge\">"));
    assert!(html.contains("var a = [\"&lt;x&gt;\", ((((("));
    assert!(!html.contains("<span"));
}

#[test]
fn a_huge_block_falls_back_to_plain_text() {
    let block = "let x = 1;\n".repeat(MAX_HIGHLIGHTED_BLOCK_BYTES / 10);
    assert_eq!(highlight_code("rust", &block), None);
}

#[test]
fn deep_nesting_finishes_within_the_budget() {
    let depth = 5_000;
    let nested = format!("{}1{}", "[\n".repeat(depth), "]\n".repeat(depth));
    let started = Instant::now();
    let html = code_block_html(Some("json"), &nested);
    assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + HANG_SLACK);
    // (Rouge's JSON lexer writes the final newline in a `w` span.)
    assert!(html.ends_with("\n</span></code></pre></div></div>\n"));
}

#[test]
fn a_runaway_regex_search_cannot_hold_the_caller_past_the_budget() {
    // bat's Markdown grammar needs seconds (release) to minutes (debug) for this line
    // (Markdown blocks are lexed as Rouge does, but the grammar is still bat's).
    let backticks = "`".repeat(5_000);
    let markdown = SYNTAX_SET
        .find_syntax_by_token("markdown")
        .expect("bat has a Markdown grammar");
    let started = Instant::now();
    assert_eq!(
        highlight_within_budget(
            CodeLexer::Grammar(markdown),
            &backticks,
            Duration::from_millis(200)
        ),
        None
    );
    assert!(started.elapsed() < Duration::from_millis(200) + HANG_SLACK);

    let started = Instant::now();
    let html = code_block_html(Some("markdown"), &backticks);
    assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + HANG_SLACK);
    assert!(html.contains(&backticks));
}

#[test]
fn a_block_over_its_time_budget_falls_back() {
    let Some(Language::Rouge(rust)) = resolve_language("rust") else {
        panic!("rust must resolve to our Rouge-compatible lexer");
    };
    assert_eq!(
        highlight_within_budget(CodeLexer::Rouge(rust), "fn main() {}\n", Duration::ZERO),
        None
    );
    assert!(highlight_within(CodeLexer::Rouge(rust), "fn main() {}\n").is_some());
}

/// What the hang guards allow beyond a budget for a loaded machine's scheduling: far
/// below the minutes a runaway regex takes, so a hang still fails the test.
const HANG_SLACK: Duration = Duration::from_secs(10);

#[test]
fn a_thousand_line_rust_file_highlights() {
    // Correctness, not speed (speed is for benchmarks): a budget no machine misses.
    let source =
        "/// Doc.\npub fn add(a: u32, b: u32) -> Option<u32> {\n    a.checked_add(b) // sum\n}\n\n"
            .repeat(200);
    let Some(Language::Rouge(rust)) = resolve_language("rust") else {
        panic!("rust must resolve to our Rouge-compatible lexer");
    };
    let started = Instant::now();
    let html = highlight_within_budget(CodeLexer::Rouge(rust), &source, Duration::from_secs(600))
        .expect("1,000 lines of Rust must highlight");
    eprintln!("1,000 lines of Rust highlighted in {:?}", started.elapsed());
    assert!(html.contains("<span class=\"c1\">// sum</span>"));
}

#[test]
fn liquid_is_split_and_classed_as_rouge_does() {
    // Rouge 3.30's HTML for the same template, byte for byte.
    let template = "{% for p in site.posts %}\n<b>{{ p.title | upcase }}</b>\n\
                    {%- if a == \"x\" -%}{% endif %}\n{% include f.html k=page.x %}\n";
    assert_eq!(
        highlight_code("liquid", template).unwrap(),
        "<span class=\"p\">{%</span><span class=\"w\"> </span><span class=\"nt\">for</span>\
         <span class=\"w\"> </span><span class=\"nv\">p</span><span class=\"w\"> </span>\
         <span class=\"nt\">in</span><span class=\"w\"> </span><span class=\"nv\">site.posts</span>\
         <span class=\"w\"> </span><span class=\"p\">%}</span>\n&lt;b&gt;<span class=\"p\">{{</span>\
         <span class=\"w\"> </span><span class=\"nv\">p</span><span class=\"p\">.</span>\
         <span class=\"nv\">title</span><span class=\"w\"> </span><span class=\"p\">|</span>\
         <span class=\"w\"> </span><span class=\"nf\">upcase</span><span class=\"w\"> </span>\
         <span class=\"p\">}}</span>&lt;/b&gt;\n<span class=\"p\">{%-</span><span class=\"w\"> </span>\
         <span class=\"kr\">if</span><span class=\"w\"> </span><span class=\"nv\">a</span>\
         <span class=\"w\"> </span><span class=\"o\">==</span><span class=\"w\"> </span>\
         <span class=\"s2\">\"x\"</span><span class=\"w\"> </span><span class=\"p\">-%}{%</span>\
         <span class=\"w\"> </span><span class=\"kr\">endif</span><span class=\"w\"> </span>\
         <span class=\"p\">%}</span>\n<span class=\"p\">{%</span><span class=\"w\"> </span>\
         <span class=\"nt\">include</span><span class=\"w\"> </span>f.html<span class=\"w\"> </span>\
         <span class=\"na\">k</span><span class=\"o\">=</span>page.x<span class=\"w\"> </span>\
         <span class=\"p\">%}</span>\n"
    );
}
