//! End-to-end tests of [`to_html`]. Unless noted, every expected value was observed
//! from kramdown 2.4 + kramdown-parser-gfm 1.1 run with Jekyll 4's options (the
//! whitespace between block tags may differ; ids, attributes and text do not).

use super::*;

/// A stand-in for the caller's highlighter that shows what it was given.
fn highlight(lang: Option<&str>, code: &str) -> String {
    format!(
        "<div class=\"language-{} highlighter-rouge\"><pre>{code}</pre></div>",
        lang.unwrap_or("plaintext")
    )
}

fn render(source: &str) -> MarkdownOutput {
    to_html(source, &MarkdownOptions::default(), &highlight)
}

fn html(source: &str) -> String {
    render(source).html
}

#[test]
fn heading_ids_follow_the_gfm_algorithm() {
    let output = render(concat!(
        "# The `code` and *emph* [link](x)\n\n",
        "## Über café\n\n## Über café\n\n## --\n\n## --\n\n",
        "Setext Heading\n--------------\n\n",
        "#### C++ & Rust <span>html</span> ![img](a.png)\n\n",
        "# 1. Introduction\n\n## variable_name\n\n",
        "## \"Quoted\" title's -- here\n"
    ));
    assert!(output.html.contains(concat!(
        "<h1 id=\"the-code-and-emph-link\">The <code class=\"language-plaintext highlighter-rouge\">code</code>",
        " and <em>emph</em> <a href=\"x\">link</a></h1>"
    )));
    assert!(output.html.contains("<h2 id=\"über-café\">Über café</h2>"));
    assert!(
        output
            .html
            .contains("<h2 id=\"über-café-1\">Über café</h2>")
    );
    assert!(output.html.contains("<h2>–</h2>\n<h2 id=\"-1\">–</h2>"));
    assert!(
        output
            .html
            .contains("<h2 id=\"setext-heading\">Setext Heading</h2>")
    );
    assert!(output.html.contains(
        "<h4 id=\"c--rust-html-\">C++ &amp; Rust <span>html</span> <img src=\"a.png\" alt=\"img\" /></h4>"
    ));
    assert!(
        output
            .html
            .contains("<h1 id=\"1-introduction\">1. Introduction</h1>")
    );
    assert!(
        output
            .html
            .contains("<h2 id=\"variable_name\">variable_name</h2>")
    );
    assert!(
        output
            .html
            .contains("<h2 id=\"quoted-titles--here\">“Quoted” title’s – here</h2>")
    );
    let ids: Vec<&str> = output.toc.iter().map(|entry| entry.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "the-code-and-emph-link",
            "über-café",
            "über-café-1",
            "-1",
            "setext-heading",
            "c--rust-html-",
            "1-introduction",
            "variable_name",
            "quoted-titles--here"
        ]
    );
    assert_eq!(output.toc[0].text, "The code and emph link");
    assert_eq!(output.toc[0].level, 1);
}

#[test]
fn explicit_heading_ids_win() {
    let output = render("## Head {#hid}\n\n## Head2\n{: .hc #h2id}\n\n## Head3 {: .x}\n");
    assert!(output.html.contains("<h2 id=\"hid\">Head</h2>"));
    assert!(
        output
            .html
            .contains("<h2 class=\"hc\" id=\"h2id\">Head2</h2>")
    );
    assert!(
        output
            .html
            .contains("<h2 id=\"head3--x\">Head3 {: .x}</h2>")
    );
}

#[test]
fn headings_in_markdown_html_blocks_get_classic_ids() {
    let output =
        html("<div markdown=\"1\">\n# Über café\n\n*emph*\n</div>\n\n<div>\n*raw*\n</div>\n");
    assert!(
        output.contains("<div>\n<h1 id=\"ber-caf\">Über café</h1>\n<p><em>emph</em></p>\n</div>")
    );
    assert!(output.contains("<div>\n*raw*\n</div>"));
}

#[test]
fn typography_in_text_but_not_in_code() {
    assert_eq!(
        html("\"Hello,\" she said. It's the '90s -- `don't \"x\" --`...\n"),
        "<p>“Hello,” she said. It’s the ’90s – <code class=\"language-plaintext highlighter-rouge\">don't \"x\" --</code>…</p>\n"
    );
    assert_eq!(
        html("(\"paren\") \"*emph*\" *emph*'s\n\"quote at end\"\n'line start\n"),
        "<p>(“paren”) “<em>emph</em>” <em>emph</em>’s\n“quote at end”\n‘line start</p>\n"
    );
    assert_eq!(
        html("\\<< x \\\"esc\\\" &quot;ent&quot; A & B <3 > 2\n"),
        "<p>&lt;&lt; x \"esc\" \"ent\" A &amp; B &lt;3 &gt; 2</p>\n"
    );
}

#[test]
fn configured_quotes_are_used() {
    let options = MarkdownOptions {
        smart_quotes: ["‚", "‘", "„", "“"].map(String::from),
        ..MarkdownOptions::default()
    };
    assert_eq!(
        to_html("\"a\" 'b'\n", &options, &highlight).html,
        "<p>„a“ ‚b‘</p>\n"
    );
}

#[test]
fn links_breaks_and_bare_urls() {
    assert_eq!(
        html("Go to <http://x--y.com> and http://bare.com and www.foo.com.\n"),
        "<p>Go to <a href=\"http://x--y.com\">http://x--y.com</a> and http://bare.com and www.foo.com.</p>\n"
    );
    assert_eq!(
        html("Line one\nline two\\\nline three  \nfour\n"),
        "<p>Line one\nline two<br />\nline three<br />\nfour</p>\n"
    );
    assert_eq!(
        html("[a](http://x.com/ü?a=1&b=\"2\") ![alt *x*](i.png \"T\") <a@b.c>\n"),
        concat!(
            "<p><a href=\"http://x.com/ü?a=1&amp;b=&quot;2&quot;\">a</a> ",
            "<img src=\"i.png\" alt=\"alt *x*\" title=\"T\" /> <a href=\"mailto:a@b.c\">a@b.c</a></p>\n"
        )
    );
}

#[test]
fn undefined_references_stay_text_and_warn() {
    let output = render(
        "intro\n\n[a][nope], [a][], [a], [x], [ok][Ref  One]\n\n- [ ] task\n\n[ref one]: http://example.com \"T\"\n",
    );
    assert!(output.html.contains(
        "<p>[a][nope], [a][], [a], [x], <a href=\"http://example.com\" title=\"T\">ok</a></p>"
    ));
    // Warnings are coldstart's own: only for `[text][ref]` and `[text][]`.
    let lines: Vec<(usize, &str)> = output
        .warnings
        .iter()
        .map(|warning| (warning.line, warning.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, 3);
    assert!(lines[0].1.contains("`nope`"));
    assert_eq!(lines[1].0, 3);
}

#[test]
fn warning_lines_count_original_lines() {
    let output = render("<div markdown=\"1\">\ntext\n</div>\n{: .x}\n[a][nope]\n");
    assert_eq!(output.warnings.len(), 1);
    assert_eq!(output.warnings[0].line, 5);
}

#[test]
fn block_ials_apply_to_the_enclosing_block() {
    let output = html(concat!(
        "para one\n{: .c1 #p1 data-x=\"v\"}\n\n{: .before}\npara two\n\n",
        "- a\n- b\n{: .lst}\n\n> quote\n{: .bq}\n\n",
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n{: .tbl}\n\n",
        "```rust\nx\n```\n{: .code}\n\n---\n{: .r}\n"
    ));
    assert!(output.contains("<p class=\"c1\" id=\"p1\" data-x=\"v\">para one</p>"));
    assert!(output.contains("<p class=\"before\">para two</p>"));
    assert!(output.contains("<ul class=\"lst\">\n<li>a</li>"));
    assert!(output.contains("<blockquote class=\"bq\">\n<p>quote</p>"));
    assert!(output.contains(concat!(
        "<table class=\"tbl\">\n<thead>\n<tr>\n<th style=\"text-align: left\">a</th>\n",
        "<th style=\"text-align: right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n",
        "<td style=\"text-align: left\">1</td>\n<td style=\"text-align: right\">2</td>\n</tr>\n</tbody>\n</table>"
    )));
    assert!(
        output.contains("<div class=\"language-rust code highlighter-rouge\"><pre>x\n</pre></div>")
    );
    assert!(output.contains("<hr class=\"r\" />"));
}

#[test]
fn ial_lines_in_code_are_code() {
    assert_eq!(
        html("```\n{:toc}\n```\n"),
        "<div class=\"language-plaintext highlighter-rouge\"><pre>{:toc}\n</pre></div>\n"
    );
}

#[test]
fn code_blocks_go_through_the_highlighter() {
    assert_eq!(
        html("    indented\n\n```rust ignore\nfn x\n```\n\n~~~\nplain\n~~~\n"),
        concat!(
            "<div class=\"language-plaintext highlighter-rouge\"><pre>indented\n</pre></div>\n",
            "<div class=\"language-rust highlighter-rouge\"><pre>fn x\n</pre></div>\n",
            "<div class=\"language-plaintext highlighter-rouge\"><pre>plain\n</pre></div>\n"
        )
    );
}

#[test]
fn toc_replaces_the_marked_list() {
    let output = html(concat!(
        "1. TOC\n{:toc}\n\n# One [link](x)[^1]\n\n## --\n\n### Skip me\n{: .no_toc}\n\n",
        "#### Deep\n\n# Two\n\n[^1]: note\n"
    ));
    assert!(
        output.starts_with(concat!(
            "<ol id=\"markdown-toc\">\n",
            "<li><a href=\"#one-link\" id=\"markdown-toc-one-link\">One link</a>\n<ol>\n",
            "<li><a href=\"#\" id=\"markdown-toc-\">–</a>\n<ol>\n",
            "<li><a href=\"#deep\" id=\"markdown-toc-deep\">Deep</a></li>\n",
            "</ol>\n</li>\n</ol>\n</li>\n",
            "<li><a href=\"#two\" id=\"markdown-toc-two\">Two</a></li>\n",
            "</ol>\n"
        )),
        "{output}"
    );
    assert!(output.contains("<h3 class=\"no_toc\" id=\"skip-me\">Skip me</h3>"));
}

#[test]
fn toc_levels_limit_the_toc_list_only() {
    let options = MarkdownOptions {
        toc_levels: 2..=3,
        ..MarkdownOptions::default()
    };
    let output = to_html("* x\n{:toc}\n\n# One\n\n## Two\n", &options, &highlight);
    assert!(output.html.starts_with(
        "<ul id=\"markdown-toc\">\n<li><a href=\"#two\" id=\"markdown-toc-two\">Two</a></li>\n</ul>\n"
    ));
    assert_eq!(output.toc.len(), 2);
}

#[test]
fn auto_ids_off_and_prefix() {
    let options = MarkdownOptions {
        auto_ids: false,
        ..MarkdownOptions::default()
    };
    let output = to_html("# A\n\n# B {#b}\n", &options, &highlight);
    assert_eq!(output.html, "<h1>A</h1>\n<h1 id=\"b\">B</h1>\n");
    let options = MarkdownOptions {
        auto_id_prefix: "p-".into(),
        ..MarkdownOptions::default()
    };
    assert_eq!(
        to_html("# A\n", &options, &highlight).html,
        "<h1 id=\"p-a\">A</h1>\n"
    );
}

#[test]
fn task_lists() {
    assert_eq!(
        html("- [ ] todo\n- [x] done\n"),
        concat!(
            "<ul class=\"task-list\">\n",
            "<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" />todo</li>\n",
            "<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" />done</li>\n",
            "</ul>\n"
        )
    );
}

#[test]
fn footnotes_are_numbered_and_collected_at_the_end() {
    let output = html(concat!(
        "text[^n] and again[^n] and [^b] and [^nope]\n\n",
        "[^n]: first\n\n    second para\n\n[^b]: only\n"
    ));
    assert_eq!(
        output,
        concat!(
            "<p>text<sup id=\"fnref:n\" role=\"doc-noteref\"><a href=\"#fn:n\" class=\"footnote\" rel=\"footnote\">1</a></sup>",
            " and again<sup id=\"fnref:n:1\" role=\"doc-noteref\"><a href=\"#fn:n\" class=\"footnote\" rel=\"footnote\">1</a></sup>",
            " and <sup id=\"fnref:b\" role=\"doc-noteref\"><a href=\"#fn:b\" class=\"footnote\" rel=\"footnote\">2</a></sup>",
            " and [^nope]</p>\n",
            "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
            "<li id=\"fn:n\" role=\"doc-endnote\">\n<p>first</p>\n<p>second para",
            " <a href=\"#fnref:n\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a>",
            " <a href=\"#fnref:n:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;<sup>2</sup></a></p>\n</li>\n",
            "<li id=\"fn:b\" role=\"doc-endnote\">\n<p>only",
            " <a href=\"#fnref:b\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p>\n</li>\n",
            "</ol>\n</div>\n"
        )
    );
}

#[test]
fn definition_lists_strikethrough_and_single_tildes() {
    assert_eq!(
        html("Term\n: Def\n"),
        "<dl>\n<dt>Term</dt>\n<dd>Def</dd>\n</dl>\n"
    );
    assert_eq!(html("~~del~~ ~x~\n"), "<p><del>del</del> ~x~</p>\n");
}

#[test]
fn span_ials_apply_to_the_element_before_them() {
    assert_eq!(
        html(
            "*x*{: .sp} and `c`{: .k} and ![a][r]{:class=\"center\"} [l](u){:#i}.\n\n[r]: /i.png\n"
        ),
        concat!(
            "<p><em class=\"sp\">x</em> and <code class=\"language-plaintext k highlighter-rouge\">c</code>",
            " and <img src=\"/i.png\" alt=\"a\" class=\"center\" /> <a href=\"u\" id=\"i\">l</a>.</p>\n"
        )
    );
}

#[test]
fn the_last_reference_definition_wins() {
    assert_eq!(
        html("[a][r]\n\n[r]: http://first\n\n[R]: https://second\n"),
        "<p><a href=\"https://second\">a</a></p>\n"
    );
}

#[test]
fn an_atx_marker_without_text_is_a_paragraph() {
    // kramdown: `<p>##</p>`, and the next empty-id heading gets no id, not `-1`.
    let output = html("a\n\n## \n\n#\n\n### ---\n\n### ---\n");
    assert!(
        output.contains("<p>##</p>") && output.contains("<p>#</p>"),
        "{output}"
    );
    assert!(
        output.contains("<h3>—</h3>") && output.contains("<h3 id=\"-1\">—</h3>"),
        "{output}"
    );
}

#[test]
fn guillemets_win_over_inline_html() {
    assert_eq!(
        html("x <<guillemets>> y\n").trim(),
        "<p>x «guillemets» y</p>"
    );
    assert_eq!(
        html("`a <<b>> c`\n").trim(),
        "<p><code class=\"language-plaintext highlighter-rouge\">a &lt;&lt;b&gt;&gt; c</code></p>"
    );
}

#[test]
fn a_link_destination_broken_across_lines_stays_a_link() {
    // kramdown keeps the newline in the href (rust-blog 2017-06-27).
    let output = html("Check [this\nfile](https://x.org/src/s\nrc/format.md) now.\n");
    assert!(
        output.contains("<a href=\"https://x.org/src/s\nrc/format.md\">this\nfile</a> now."),
        "{output}"
    );
}

#[test]
fn block_html_ends_at_its_closing_tag_not_at_a_blank_line() {
    let source = "<div class=\"series\">\n<ul>\n  <li>a</li>\n\n    <li>b *x*</li>\n\n</ul>\n</div>\nAfter *para*.\n\n<details>\n<summary>S</summary>\n\n*text* here\n\n</details>\n";
    assert_eq!(
        html(source),
        "<div class=\"series\">\n<ul>\n  <li>a</li>\n\n    <li>b *x*</li>\n\n</ul>\n</div>\n\
         <p>After <em>para</em>.</p>\n<details>\n<summary>S</summary>\n\n*text* here\n\n</details>\n"
    );
}

#[test]
fn unknown_span_elements_keep_their_content_as_written() {
    assert_eq!(
        html("A <s>struck *x*</s> and <kbd>Ctrl *k*</kbd> <em>*y*</em>.\n"),
        "<p>A <s>struck *x*</s> and <kbd>Ctrl *k*</kbd> <em><em>y</em></em>.</p>\n"
    );
    // Without a closing tag the element runs to the end of the paragraph, links and all.
    assert_eq!(
        html(
            "- C++ <unnamed union> fails\n  ([#1](https://x.io/1))\n- next [a](b) \\<b.c> [d](e)\n"
        ),
        "<ul>\n<li>C++ <unnamed union> fails\n  ([#1](https://x.io/1))</unnamed></li>\n<li>next <a href=\"b\">a</a> &lt;b.c&gt; <a href=\"e\">d</a></li>\n</ul>\n"
    );
}

#[test]
fn link_urls_may_hold_spaces_inside_balanced_parentheses() {
    assert_eq!(
        html("[f](http://x.io/P.html#f(a.B, c.D)) and `[c](d e)` and [A](t: var T[A]; k: A)\n"),
        "<p><a href=\"http://x.io/P.html#f(a.B, c.D)\">f</a> and \
         <code class=\"language-plaintext highlighter-rouge\">[c](d e)</code> and \
         <a href=\"t: var T[A]; k: A\">A</a></p>\n"
    );
}

#[test]
fn a_fence_in_a_list_item_keeps_its_unindented_lines() {
    assert_eq!(
        html("1. item\n   ```nim\nlet x = 1\n  let y = 2\n   ```\n2. next\n"),
        "<ol>\n<li>item<div class=\"language-nim highlighter-rouge\"><pre>let x = 1\n  let y = 2\n</pre></div>\n</li>\n<li>next</li>\n</ol>\n"
    );
}
