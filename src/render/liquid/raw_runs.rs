//! Long runs of plain text, set aside before parsing.
//!
//! liquid-core's grammar reads plain text one character at a time, trying at each
//! one whether a tag starts there (spaces included, for `{%-`): most of the time a
//! page's Liquid parse takes goes into the Markdown or HTML between its tags.
//! [`parse_compressed`] moves the inside of each long run into a table and leaves a
//! short [`RAW_TAG`] tag in its place, which renders the text as it was.
//!
//! What the grammar gives meaning to is never moved: a run's leading and trailing
//! whitespace stays (whitespace control trims it), and the placeholder keeps the run's
//! line breaks, so every tag keeps its line. A template that fails to parse this way is
//! parsed again as written, so errors and their columns are exactly those of the text.
//!
//! A `{% raw %}…{% endraw %}` block is set aside whole, as the text liquid-core's raw
//! block renders (its body as written, less the whitespace its tags' `-` trim): the
//! grammar would otherwise read the body a character at a time too, and a docs site's
//! code samples are mostly raw blocks.

use std::cell::RefCell;
use std::io::Write;
use std::sync::LazyLock;

use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, Template,
};
use regex::Regex;

use super::markup::ALL_MARKUP;

/// The placeholder tag's name (no site's markup uses it).
pub(super) const RAW_TAG: &str = "coldstart_raw_text";

/// Shorter runs are left to the grammar: the placeholder would save little.
const MIN_RUN: usize = 48;

thread_local! {
    /// The texts set aside for the parse running on this thread, by number.
    static SET_ASIDE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// `text` parsed with its long plain runs set aside; `None` when it has none or
/// does not parse so (the caller then parses it as written).
pub(super) fn parse_compressed(text: &str, language: &Language) -> Option<Template> {
    let (compressed, runs) = compress(text)?;
    SET_ASIDE.with(|set| *set.borrow_mut() = runs);
    let parsed = liquid_core::parser::parse(&compressed, language);
    SET_ASIDE.with(|set| set.borrow_mut().clear());
    parsed.ok().map(Template::new)
}

/// The text with each long run's inside replaced by a placeholder, and the runs.
fn compress(text: &str) -> Option<(String, Vec<String>)> {
    let mut compressed = String::with_capacity(text.len() / 2);
    let mut runs = Vec::new();
    let mut plain_from = 0;
    let markup_spans = ALL_MARKUP.find_iter(text).map(|m| (m.start(), m.end()));
    for (start, end) in markup_spans.chain(std::iter::once((text.len(), text.len()))) {
        let run = &text[plain_from..start];
        match inside(run) {
            Some((from, to)) => {
                compressed.push_str(&run[..from]);
                set_aside(
                    &mut compressed,
                    &mut runs,
                    ("", ""),
                    &run[from..to],
                    &run[from..to],
                );
                compressed.push_str(&run[to..]);
            }
            None => compressed.push_str(run),
        }
        let markup = &text[start..end];
        match raw_block(markup) {
            Some((trims, body)) => set_aside(&mut compressed, &mut runs, trims, markup, body),
            None => compressed.push_str(markup),
        }
        plain_from = end;
    }
    (!runs.is_empty()).then_some((compressed, runs))
}

/// Writes the placeholder for `replaced`, which renders as `text`: with the line
/// breaks of `replaced` and the whitespace control (`-` or nothing) `trims` gives its
/// left and right.
fn set_aside(
    compressed: &mut String,
    runs: &mut Vec<String>,
    (left, right): (&str, &str),
    replaced: &str,
    text: &str,
) {
    let lines = "\n".repeat(replaced.matches('\n').count());
    let number = runs.len();
    compressed.push_str(&format!("{{%{left}{RAW_TAG} {number}{lines}{right}%}}"));
    runs.push(text.to_string());
}

/// Whitespace as liquid-core's grammar reads it: what a `-` in a tag trims.
const GRAMMAR_SPACE: [char; 3] = [' ', '\n', '\r'];

/// For a `{% raw %}…{% endraw %}` block of markup: the whitespace control of its outer
/// sides (`{%-` of `raw`, `-%}` of `endraw`) and the text it renders. `None` when its
/// tags hold anything but spaces and line breaks, or when its body ends in an inner
/// tag whose `-` would take the whitespace before `{%- endraw` (the body keeps it).
fn raw_block(markup: &str) -> Option<((&str, &str), &str)> {
    static RAW_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?s)\A\{%(-?)[ \r\n]*raw[ \r\n]*(-?)%\}(.*)\{%(-?)[ \r\n]*endraw[ \r\n]*(-?)%\}\z",
        )
        .expect("a valid pattern")
    });
    let parts = RAW_BLOCK.captures(markup)?;
    let side = |i: usize| parts.get(i).map_or("", |m| m.as_str());
    let mut body = side(3);
    if !side(2).is_empty() {
        body = body.trim_start_matches(GRAMMAR_SPACE);
    }
    if !side(4).is_empty() {
        let trimmed = body.trim_end_matches(GRAMMAR_SPACE);
        if trimmed.len() < body.len() && (trimmed.ends_with("-%}") || trimmed.ends_with("-}}")) {
            return None;
        }
        body = trimmed;
    }
    Some(((side(1), side(5)), body))
}

/// The part of a plain run to set aside: from its first to its last character that
/// is not whitespace, when long enough and free of anything the grammar or the
/// markup scan could read otherwise (a stray `}}` or `%}` may close a tag the scan
/// split differently).
fn inside(run: &str) -> Option<(usize, usize)> {
    let from = run.len() - run.trim_start().len();
    let to = run.trim_end().len();
    let moved = run.get(from..to)?;
    let safe = !["{{", "{%", "}}", "%}"].iter().any(|m| moved.contains(m));
    (moved.len() >= MIN_RUN && safe).then_some((from, to))
}

/// The placeholder tag: `{% coldstart_raw_text N %}` is the text set aside as N.
#[derive(Clone, Copy, Debug)]
pub(super) struct RawTextTag;

impl TagReflection for RawTextTag {
    fn tag(&self) -> &str {
        RAW_TAG
    }

    fn description(&self) -> &str {
        "Plain text set aside before parsing."
    }
}

impl ParseTag for RawTextTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let number = arguments
            .expect_next("a number expected")?
            .as_str()
            .parse::<usize>()
            .map_err(|_| Error::with_msg("a number expected"))?;
        arguments.expect_nothing()?;
        let text = SET_ASIDE.with(|set| set.borrow_mut().get_mut(number).map(std::mem::take));
        let text = text.ok_or_else(|| Error::with_msg(format!("unknown tag `{RAW_TAG}`")))?;
        Ok(Box::new(RawText(text)))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// A run of plain text, written as it is.
#[derive(Debug)]
struct RawText(String);

impl Renderable for RawText {
    fn render_to(&self, writer: &mut dyn Write, _runtime: &dyn Runtime) -> Result<()> {
        writer
            .write_all(self.0.as_bytes())
            .map_err(|e| Error::with_msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        super::super::tests::render_str(text)
    }

    #[test]
    fn long_runs_are_set_aside_and_render_as_written() {
        let run = "Some *Markdown* text, long enough to be set aside.\nAnd a second line.";
        let text = format!("  {run}  \n{{% if true %}}\n{run}\n{{% endif %}}{{{{ 1 }}}}");
        let (compressed, runs) = compress(&text).expect("two runs");
        assert_eq!(runs, [run, run]);
        assert_eq!(
            compressed.matches('\n').count(),
            text.matches('\n').count(),
            "{compressed}"
        );
        assert!(compressed.starts_with("  {%coldstart_raw_text 0\n%}  \n"));
        assert_eq!(render(&text), format!("  {run}  \n\n{run}\n1"));
    }

    /// `text` rendered from liquid-core's own parse of it, nothing set aside.
    fn render_as_written(text: &str) -> String {
        let language = super::super::tests::language();
        let template = Template::new(liquid_core::parser::parse(text, &language).unwrap());
        let runtime = liquid_core::runtime::RuntimeBuilder::new().build();
        template.render(&runtime).unwrap()
    }

    #[test]
    fn raw_blocks_are_set_aside_and_render_as_the_grammar_reads_them() {
        let bodies = [
            "",
            "  ",
            "\n  {{ y }} and {% if %} kept\n  ",
            " \r\n{{- z -}}\t\n",
            "\n{%- if x -%} \n",
            "{{ a }}\n{% endraw x %} \n",
        ];
        for body in bodies {
            for (open, close) in [
                ("{% raw %}", "{% endraw %}"),
                ("{%- raw -%}", "{%- endraw -%}"),
            ] {
                let text = format!("a \n{open}{body}{close}\n b {{{{ 1 }}}}");
                let set_aside = compress(&text);
                if let Some((compressed, _)) = &set_aside {
                    assert_eq!(compressed.matches('\n').count(), text.matches('\n').count());
                }
                let inner_trim = close.starts_with("{%-") && body.trim_end().ends_with("-%}");
                assert_eq!(set_aside.is_some(), !inner_trim, "{text:?}");
                assert_eq!(render(&text), render_as_written(&text), "{text:?}");
            }
        }
        let tabbed = "{%\traw %}{{ y }}{% endraw %}";
        assert!(compress(tabbed).is_none());
    }

    #[test]
    fn short_runs_and_whitespace_control_are_left_to_the_grammar() {
        let long = "x".repeat(MIN_RUN);
        assert!(compress("short {{ x }} text").is_none());
        let text = format!("a\n{long}\n  {{%- if true -%}}  \n{long}  {{{{- 2 }}}}{{% endif %}}");
        assert_eq!(render(&text), format!("a\n{long}{long}2"));
        let stray = format!("{long} }}}} {{{{ 1 }}}}");
        assert!(compress(&stray).is_none());
    }

    #[test]
    fn a_template_that_fails_is_parsed_as_written() {
        let long = "x".repeat(MIN_RUN);
        let language = super::super::tests::language();
        assert!(parse_compressed(&format!("{long}\n{{% if x %}}"), &language).is_none());
        assert!(parse_compressed(&format!("{long}\n{{{{ 1 }}}}"), &language).is_some());
    }
}
