//! Syntax highlighting of code blocks with syntect, in the markup Jekyll (kramdown + Rouge) emits.
//!
//! Jekyll themes style code through the wrappers kramdown and the `{% highlight %}` tag
//! write (`div.highlighter-rouge`, `pre.highlight`, `figure.highlight`, `table.rouge-table`),
//! so [`code_block_html`] and [`highlight_tag_html`] reproduce those wrappers byte for byte
//! (checked against Jekyll 4.3.1 with kramdown 2.4.0 and Rouge 3.30.0). Only the spans inside
//! differ: they come from syntect and carry `hl-`-prefixed scope classes (`hl-keyword`,
//! `hl-string`, ...), which never collide with the Rouge classes (`k`, `s`, ...) a theme's
//! own CSS targets. [`stylesheet`] supplies the colours for the `hl-` classes.
//!
//! # Grammars, themes and sharing
//!
//! Grammars are bat's maintained set and themes are bat's, both from `two-face` as binary
//! dumps. Each is decoded once per process into a `static` and shared by reference across
//! threads: a `SyntaxSet` is `Sync`, and cloning one would recompile its regexes. Loading is
//! lazy (regexes compile on first use per grammar), so the first call pays for decoding.
//!
//! # No input can hang a build
//!
//! syntect's regexes can backtrack catastrophically on some inputs (a 10 KB line of
//! backticks takes bat's Markdown grammar about 40 s). A block falls back to plain escaped
//! text (the same text, unhighlighted, in the same wrapper) when:
//! - it is larger than [`MAX_HIGHLIGHTED_BLOCK_BYTES`], or any of its lines is longer than
//!   [`MAX_HIGHLIGHTED_LINE_BYTES`]: these are never handed to the regex engine at all;
//! - it is not highlighted within [`TIME_BUDGET_PER_BLOCK`] of wall-clock time.
//!
//! The budget is a hard limit for the caller: blocks are highlighted on a small pool of
//! worker threads (one per concurrently highlighting caller, reused across blocks), and the
//! caller waits for its block at most the budget. A regex search cannot be interrupted, so a
//! worker that overruns is abandoned; it checks the clock before each line and stops there,
//! so it burns CPU for at most the rest of its current line (bounded by the line cap) in the
//! background, then exits. A build thus waits at most the budget per code block. If a worker
//! thread cannot be spawned, or syntect errors or panics, the block is plain text.
//!
//! # Measured cost
//!
//! Release build on a busy 2-core x86-64 container (load average ≈ 5; ranges over runs):
//! decoding the syntax set on first use 1.6–2.3 ms; the first Rust block then compiles the
//! Rust grammar's regexes, 2–4.5 ms; the first 1,000 lines of syntect's own
//! `parsing/parser.rs` (40 KB) then highlight in 23–48 ms (20,000–40,000 lines/s); a
//! one-line block costs ≈ 30 µs including the worker hand-off; `stylesheet()` including the
//! theme set's first load takes 0.6 ms. A debug build is about eight times slower (the
//! 1,000-line test below takes about 190 ms there); re-measure with
//! `cargo test --release --lib a_thousand_line -- --nocapture`.

use std::sync::{LazyLock, Mutex, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use syntect::highlighting::Theme;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// Wall-clock time one block may spend in syntect before it is emitted as plain text.
pub const TIME_BUDGET_PER_BLOCK: Duration = Duration::from_secs(2);

/// Lines longer than this (in bytes) make their whole block plain text: minified code and
/// data blobs are where regex backtracking explodes, and nobody reads their colours.
pub const MAX_HIGHLIGHTED_LINE_BYTES: usize = 10_000;

/// Blocks larger than this (in bytes) are emitted as plain text without trying.
pub const MAX_HIGHLIGHTED_BLOCK_BYTES: usize = 512 * 1024;

/// Class style of every span: `hl-` keeps syntect's scope names clear of a theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Light palette. Coldark-Cold and Coldark-Dark are one family with the same scopes, and each
/// keeps every token colour at a WCAG contrast of at least 4.5:1 on its own background.
const LIGHT_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkCold;

/// Dark palette; see [`LIGHT_THEME`].
const DARK_THEME: EmbeddedThemeName = EmbeddedThemeName::ColdarkDark;

/// Root selector under which the dark palette follows the reader's system preference,
/// unless a theme toggle has forced light with `data-theme="light"`.
const SYSTEM_DARK_ROOT: &str = r#":root:not([data-theme="light"])"#;

/// Root selector with which a theme toggle forces the dark palette.
const FORCED_DARK_ROOT: &str = r#":root[data-theme="dark"]"#;

/// The code containers of Jekyll's two markups, which get each palette's background and
/// foreground (syntect's `.hl-code` rule, which nothing in our markup carries).
const CODE_CONTAINER_SELECTORS: &str = "pre.highlight, figure.highlight pre";

/// The selector syntect gives a theme's background and foreground with [`CLASS_STYLE`].
const SYNTECT_CODE_SELECTOR: &str = ".hl-code";

/// bat's grammars, decoded once per process and shared by all threads.
static SYNTAX_SET: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// bat's themes, decoded once per process.
static THEME_SET: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

/// Language names Jekyll and Rouge users write that syntect's tokens miss or map badly,
/// with what to use instead: a syntect token, or `None` for plain text.
const LANGUAGE_ALIASES: &[(&str, Option<&str>)] = &[
    // Plain text, and shell transcripts: their output lines are not shell code.
    ("text", None),
    ("plaintext", None),
    ("plain", None),
    ("txt", None),
    ("none", None),
    ("nohighlight", None),
    ("console", None),
    ("sh-session", None),
    ("shell-session", None),
    ("terminal", None),
    ("shell", Some("sh")),
    // syntect's "javascript" token is the old JavaScript grammar; `js` is bat's maintained one.
    ("javascript", Some("js")),
    ("node", Some("js")),
    ("nodejs", Some("js")),
    ("mjs", Some("js")),
    ("cjs", Some("js")),
    ("ecmascript", Some("js")),
    ("jsonc", Some("json")),
    ("json5", Some("json")),
    ("golang", Some("go")),
    ("docker", Some("dockerfile")),
    ("python3", Some("py")),
    ("pwsh", Some("ps1")),
    ("posh", Some("ps1")),
    ("csharp", Some("cs")),
    ("objc", Some("objective-c")),
    ("obj-c", Some("objective-c")),
    ("batch", Some("bat")),
    ("html+erb", Some("erb")),
    ("rhtml", Some("erb")),
];

/// What a code block's language name resolves to.
enum Language {
    /// Known, and shown as escaped text without spans (`text`, `console`, ...).
    PlainText,
    /// Known to syntect.
    Grammar(&'static SyntaxReference),
}

/// Jekyll's markup for a fenced or indented Markdown code block, as kramdown with Rouge
/// writes it, so Jekyll themes' CSS applies:
/// `<div class="language-LANG highlighter-rouge"><div class="highlight"><pre class="highlight"><code>…</code></pre></div></div>\n`.
///
/// LANG is the first word of `lang` (the info string), lowercased, and `plaintext` when
/// there is none. As in kramdown, non-empty code ends in a newline right before `</code>`
/// (one is added if missing; trailing blank lines are kept), empty code gives
/// `<code></code>`, and the returned HTML ends in a newline after the last closing tag.
///
/// A language nobody knows gets kramdown's fallback instead,
/// `<pre><code class="language-LANG">…\n</code></pre>\n`, with the code escaped.
/// Unlike Rouge, names match case-insensitively (```` ```Rust ```` is highlighted).
pub fn code_block_html(lang: Option<&str>, code: &str) -> String {
    let lang = lang
        .and_then(|info| info.split_whitespace().next())
        .map_or_else(|| "plaintext".to_owned(), str::to_lowercase);
    let code_without_final_newline = code.strip_suffix('\n').unwrap_or(code);
    match resolve_language(&lang) {
        Some(language) => {
            let body = if code.is_empty() {
                String::new()
            } else {
                render_lines(&language, code_without_final_newline)
            };
            format!(
                "<div class=\"language-{} highlighter-rouge\"><div class=\"highlight\">\
                 <pre class=\"highlight\"><code>{body}</code></pre></div></div>\n",
                escape_attribute(&lang),
            )
        }
        None => format!(
            "<pre><code class=\"language-{}\">{}\n</code></pre>\n",
            escape_attribute(&lang),
            escape_text(code_without_final_newline)
        ),
    }
}

/// Jekyll's markup for `{% highlight LANG [linenos] %}`:
/// `<figure class="highlight"><pre><code class="language-LANG" data-lang="LANG">…</code></pre></figure>`.
///
/// As in Jekyll, LANG is lowercased (and `+` becomes `-` in the class), leading and trailing
/// line breaks of `code` are dropped, and an unknown language is shown as escaped text.
/// Without line numbers the code ends without a newline. With `line_numbers`, the code
/// element holds Rouge's table instead:
/// `<table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">1\n2\n</pre></td><td class="code"><pre>…\n</pre></td></tr></tbody></table>`.
pub fn highlight_tag_html(lang: &str, code: &str, line_numbers: bool) -> String {
    let lang = lang.to_lowercase();
    let code = code.trim_matches(['\n', '\r']);
    let language = resolve_language(&lang).unwrap_or(Language::PlainText);
    let body = if line_numbers {
        let line_count = code.matches('\n').count() + 1;
        let gutter: String = (1..=line_count)
            .map(|number| format!("{number}\n"))
            .collect();
        format!(
            "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\">\
             <pre class=\"lineno\">{gutter}</pre></td><td class=\"code\"><pre>{}</pre></td>\
             </tr></tbody></table>",
            render_lines(&language, code)
        )
    } else {
        render_text(&language, code)
    };
    format!(
        "<figure class=\"highlight\"><pre><code class=\"language-{}\" data-lang=\"{}\">{body}</code></pre></figure>",
        escape_attribute(&lang.replace('+', "-")),
        escape_attribute(&lang),
    )
}

/// The highlighted inner HTML of `code` (escaped text in `hl-` spans), for callers that
/// write their own wrapper.
///
/// `None` when `lang` is unknown or the block fell back to plain text (too large, a line
/// too long, or over the time budget; see the module docs). A known plain-text language
/// (`text`, `console`, ...) gives the escaped code.
pub fn highlight_code(lang: &str, code: &str) -> Option<String> {
    match resolve_language(&lang.to_lowercase())? {
        Language::PlainText => Some(escape_text(code)),
        Language::Grammar(grammar) => highlight_within(grammar, code, TIME_BUDGET_PER_BLOCK),
    }
}

/// The stylesheet for the `hl-` classes and Jekyll's code containers.
///
/// The light palette (Coldark-Cold) applies by default. The dark one (Coldark-Dark) applies
/// under `@media (prefers-color-scheme: dark)` unless the root element has
/// `data-theme="light"`, and whenever the root element has `data-theme="dark"`, so a theme
/// toggle can force either. Each palette sets the background and foreground of
/// `pre.highlight` and `figure.highlight pre`.
pub fn stylesheet() -> String {
    let light = THEME_SET.get(LIGHT_THEME);
    let dark = THEME_SET.get(DARK_THEME);
    format!(
        "/* Code highlighting by coldstart: {light_name} by default, {dark_name} when the \
         system prefers dark (unless data-theme=\"light\") or the root has data-theme=\"dark\". */\n\
         {light_rules}\
         @media (prefers-color-scheme: dark) {{\n{system_dark_rules}}}\n\
         {forced_dark_rules}",
        light_name = LIGHT_THEME.as_name(),
        dark_name = DARK_THEME.as_name(),
        light_rules = palette_css(light, None),
        system_dark_rules = palette_css(dark, Some(SYSTEM_DARK_ROOT)),
        forced_dark_rules = palette_css(dark, Some(FORCED_DARK_ROOT)),
    )
}

/// Resolves a lowercased language name through [`LANGUAGE_ALIASES`], then syntect's tokens
/// (file extensions and grammar names), then grammar names. `None` means unknown.
fn resolve_language(lang: &str) -> Option<Language> {
    let token = match LANGUAGE_ALIASES.iter().find(|(alias, _)| *alias == lang) {
        Some((_, Some(token))) => *token,
        Some((_, None)) => return Some(Language::PlainText),
        None => lang,
    };
    let syntaxes: &'static SyntaxSet = &SYNTAX_SET;
    let grammar = syntaxes
        .find_syntax_by_token(token)
        .or_else(|| syntaxes.find_syntax_by_name(token))?;
    Some(if grammar.name == syntaxes.find_syntax_plain_text().name {
        Language::PlainText
    } else {
        Language::Grammar(grammar)
    })
}

/// `code` (no trailing newline) as the body of a block whose lines each end in a newline,
/// with that final newline outside every span, where Jekyll has it.
fn render_lines(language: &Language, code: &str) -> String {
    let mut html = render_text(language, &format!("{code}\n"));
    let closing_spans_start = html.trim_end_matches("</span>").len();
    if html[..closing_spans_start].ends_with('\n') {
        html.remove(closing_spans_start - 1);
        html.push('\n');
    }
    html
}

/// `code` highlighted in `language`, or escaped when plain or when highlighting fell back.
fn render_text(language: &Language, code: &str) -> String {
    match language {
        Language::PlainText => escape_text(code),
        Language::Grammar(grammar) => highlight_within(grammar, code, TIME_BUDGET_PER_BLOCK)
            .unwrap_or_else(|| escape_text(code)),
    }
}

/// Highlights `code`, or `None` if it is too large, has a line that is too long, is not
/// done within `budget`, or syntect fails (an error, or a panic that ends its worker).
///
/// The work runs on a pooled worker thread so that the caller waits at most `budget` even
/// when one regex search runs away. An overrunning worker is dropped from the pool rather
/// than waited for; it stops by itself before its next line (see [`highlight_lines_until`])
/// and then exits, as nothing can send it work any more.
fn highlight_within(
    grammar: &'static SyntaxReference,
    code: &str,
    budget: Duration,
) -> Option<String> {
    if code.len() > MAX_HIGHLIGHTED_BLOCK_BYTES
        || code
            .split('\n')
            .any(|line| line.len() > MAX_HIGHLIGHTED_LINE_BYTES)
    {
        return None;
    }
    let deadline = Instant::now() + budget;
    let idle_worker = IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop();
    let worker = idle_worker.or_else(Worker::spawn)?;
    let (reply, highlighted) = mpsc::sync_channel(1);
    worker
        .jobs
        .send(Job {
            grammar,
            code: code.to_owned(),
            deadline,
            reply,
        })
        .ok()?;
    let highlighted = highlighted
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok()?;
    IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(worker);
    highlighted
}

/// Highlighting threads waiting for a block: one per caller that was ever concurrently
/// highlighting, so threads are spawned once, not per block (a spawn costs ~100 µs).
static IDLE_WORKERS: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// A thread that highlights the blocks sent to it, one at a time, until its sender is dropped.
struct Worker {
    /// Where to send the next block.
    jobs: mpsc::Sender<Job>,
}

/// One block for a [`Worker`], and where to send the result.
struct Job {
    grammar: &'static SyntaxReference,
    code: String,
    deadline: Instant,
    reply: mpsc::SyncSender<Option<String>>,
}

impl Worker {
    /// Starts a worker thread, or `None` if the system refuses one.
    fn spawn() -> Option<Worker> {
        let (jobs, incoming_jobs) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("coldstart-highlight".to_owned())
            .spawn(move || {
                for job in incoming_jobs {
                    let highlighted = highlight_lines_until(job.grammar, &job.code, job.deadline);
                    // The receiver is gone when the caller stopped waiting; the result is moot.
                    let _ = job.reply.send(highlighted);
                }
            })
            .ok()?;
        Some(Worker { jobs })
    }
}

/// Highlights `code` line by line with one generator, giving up (`None`) at the first line
/// that would start after `deadline`, or on a syntect error.
fn highlight_lines_until(
    grammar: &SyntaxReference,
    code: &str,
    deadline: Instant,
) -> Option<String> {
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(grammar, &SYNTAX_SET, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if Instant::now() >= deadline {
            return None;
        }
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// One palette's rules from syntect's CSS for `theme`, each selector under `root` if given,
/// with the theme's background and foreground moved onto [`CODE_CONTAINER_SELECTORS`].
fn palette_css(theme: &Theme, root: Option<&str>) -> String {
    let syntect_css = css_for_theme_with_class_style(theme, CLASS_STYLE)
        .expect("syntect writes CSS for any theme; only formatting into a String could fail");
    let without_header = syntect_css
        .split_once("*/")
        .map_or(syntect_css.as_str(), |(_, rules)| rules);
    let mut css = String::new();
    for rule in without_header.split('}') {
        let Some((selectors, declarations)) = rule.split_once('{') else {
            continue;
        };
        let selectors = match selectors.trim() {
            SYNTECT_CODE_SELECTOR => CODE_CONTAINER_SELECTORS,
            other => other,
        };
        let scoped_selectors: Vec<String> = selectors
            .split(", ")
            .map(|selector| match root {
                Some(root) => format!("{root} {selector}"),
                None => selector.to_owned(),
            })
            .collect();
        let declarations: Vec<&str> = declarations.split_whitespace().collect();
        css.push_str(&format!(
            "{} {{ {} }}\n",
            scoped_selectors.join(", "),
            declarations.join(" ")
        ));
    }
    css
}

/// Escapes `&`, `<` and `>` in text content, exactly as Rouge and kramdown do.
fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes text for a double-quoted attribute value.
fn escape_attribute(value: &str) -> String {
    escape_text(value).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar name a language resolves to, or `"plain"` / `"unknown"`.
    fn resolved_name(lang: &str) -> &'static str {
        match resolve_language(&lang.to_lowercase()) {
            Some(Language::Grammar(grammar)) => grammar.name.as_str(),
            Some(Language::PlainText) => "plain",
            None => "unknown",
        }
    }

    #[test]
    fn known_language_gets_prefixed_spans_in_jekylls_wrapper_and_escapes() {
        let html = code_block_html(Some("rust"), "fn main() { println!(\"<&>\"); }\n");
        assert!(html.starts_with(
            "<div class=\"language-rust highlighter-rouge\"><div class=\"highlight\">\
             <pre class=\"highlight\"><code><span class=\"hl-"
        ));
        assert!(html.ends_with("\n</code></pre></div></div>\n"), "{html}");
        assert!(html.contains("<span class=\"hl-storage hl-type"), "{html}");
        assert!(html.contains("&lt;&amp;&gt;"), "{html}");
        assert!(!html.contains("<&>"));
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
        assert!(with_blank_lines.ends_with("\n\n</span>\n</code></pre></div></div>\n"));
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
            "<pre><code class=\"language-foo\">x\n</code></pre>\n"
        );
        assert_eq!(highlight_code("foo", "x"), None);
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
        let cpp = highlight_tag_html("c++", "int x;", false);
        assert!(cpp.starts_with(
            "<figure class=\"highlight\"><pre><code class=\"language-c--\" data-lang=\"c++\"><span class=\"hl-"
        ));
        assert!(cpp.ends_with("</span></code></pre></figure>"), "{cpp}");
    }

    #[test]
    fn highlight_tag_with_line_numbers_wraps_highlighted_code_in_rouges_table() {
        let html = highlight_tag_html("ruby", "def hello\n  puts \"<hi>\"\nend\n", true);
        assert!(html.starts_with(
            "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">\
             <table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n3\n</pre></td>\
             <td class=\"code\"><pre><span class=\"hl-"
        ));
        assert!(
            html.ends_with("</span>\n</pre></td></tr></tbody></table></code></pre></figure>"),
            "{html}"
        );
        assert!(html.contains("&lt;hi&gt;"));
    }

    #[test]
    fn languages_resolve_case_insensitively_and_through_aliases() {
        let expected = [
            ("rust", "Rust"),
            ("RS", "Rust"),
            ("js", "JavaScript (Babel)"),
            ("javascript", "JavaScript (Babel)"),
            ("node", "JavaScript (Babel)"),
            ("py", "Python"),
            ("python3", "Python"),
            ("py3", "Python"),
            ("sh", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("Shell", "Bourne Again Shell (bash)"),
            ("yaml", "YAML"),
            ("yml", "YAML"),
            ("json", "JSON"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
            ("docker", "Dockerfile"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("go", "Go"),
            ("golang", "Go"),
            ("c", "C"),
            ("cpp", "C++"),
            ("ts", "TypeScript"),
            ("diff", "Diff"),
            ("rb", "Ruby"),
            ("ps1", "PowerShell"),
            ("powershell", "PowerShell"),
            ("viml", "VimL"),
            ("console", "plain"),
            ("sh-session", "plain"),
            ("text", "plain"),
            ("plaintext", "plain"),
            ("plain", "plain"),
            ("txt", "plain"),
            ("no-such-language", "unknown"),
        ];
        for (lang, name) in expected {
            assert_eq!(resolved_name(lang), name, "language {lang:?}");
        }
        assert_eq!(
            highlight_code("console", "$ ls <dir>").as_deref(),
            Some("$ ls &lt;dir&gt;")
        );
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
        assert!(css.contains("\n.hl-comment"));
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-comment"));
        assert!(!css.contains(".hl-code {"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
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
    fn a_huge_single_line_falls_back_to_plain_text_quickly() {
        let line = "var a = [\"<x>\", (((((".repeat(200_000 / 22);
        let started = Instant::now();
        assert_eq!(highlight_code("js", &line), None);
        let html = code_block_html(Some("js"), &line);
        assert!(started.elapsed() < Duration::from_millis(500));
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
        assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + Duration::from_secs(1));
        assert!(html.ends_with("\n</code></pre></div></div>\n"));
    }

    #[test]
    fn a_runaway_regex_search_cannot_hold_the_caller_past_the_budget() {
        // bat's Markdown grammar needs seconds (release) to minutes (debug) for this line.
        let backticks = "`".repeat(5_000);
        let Some(Language::Grammar(markdown)) = resolve_language("markdown") else {
            panic!("markdown must resolve to a grammar");
        };
        let started = Instant::now();
        assert_eq!(
            highlight_within(markdown, &backticks, Duration::from_millis(200)),
            None
        );
        assert!(started.elapsed() < Duration::from_secs(1));

        let started = Instant::now();
        let html = code_block_html(Some("markdown"), &backticks);
        assert!(started.elapsed() < TIME_BUDGET_PER_BLOCK + Duration::from_secs(1));
        assert!(!html.contains("<span"));
        assert!(html.contains(&format!("<code>{backticks}\n</code>")));
    }

    #[test]
    fn a_block_over_its_time_budget_falls_back() {
        let Some(Language::Grammar(rust)) = resolve_language("rust") else {
            panic!("rust must resolve to a grammar");
        };
        assert_eq!(
            highlight_within(rust, "fn main() {}\n", Duration::ZERO),
            None
        );
        assert!(highlight_within(rust, "fn main() {}\n", TIME_BUDGET_PER_BLOCK).is_some());
    }

    #[test]
    fn a_thousand_line_rust_file_highlights_within_the_budget() {
        let source = "/// Doc.\npub fn add(a: u32, b: u32) -> Option<u32> {\n    a.checked_add(b) // sum\n}\n\n"
            .repeat(200);
        let started = Instant::now();
        let html = highlight_code("rust", &source).expect("1,000 lines of Rust must highlight");
        eprintln!("1,000 lines of Rust highlighted in {:?}", started.elapsed());
        assert!(html.contains("hl-comment"));
    }
}
