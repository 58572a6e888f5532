//! Long runs of plain text, set aside before parsing.
//!
//! liquid-core's grammar reads plain text one character at a time, trying at each
//! one whether a tag starts there (spaces included, for `{%-`): most of the time a
//! page's Liquid parse takes goes into the Markdown or HTML between its tags.
//! [`parse_compressed`] moves the inside of each long run into a table and leaves a
//! short [`RAW_TAG`] tag in its place, which renders the text as it was.
//!
//! What the grammar gives meaning to is never moved: a run's leading and trailing
//! whitespace stays (whitespace control trims it), `{% raw %}` blocks stay whole, and
//! the placeholder keeps the run's line breaks, so every tag keeps its line. A
//! template that fails to parse this way is parsed again as written, so errors and
//! their columns are exactly those of the text.

use std::cell::RefCell;
use std::io::Write;

use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, Template,
};

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
                let moved = &run[from..to];
                let lines = "\n".repeat(moved.matches('\n').count());
                compressed.push_str(&format!("{{%{RAW_TAG} {}{lines}%}}", runs.len()));
                runs.push(moved.to_string());
                compressed.push_str(&run[to..]);
            }
            None => compressed.push_str(run),
        }
        compressed.push_str(&text[start..end]);
        plain_from = end;
    }
    (!runs.is_empty()).then_some((compressed, runs))
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

    #[test]
    fn raw_blocks_short_runs_and_whitespace_control_are_left_to_the_grammar() {
        let long = "x".repeat(MIN_RUN);
        let raw = format!("{{% raw %}}{long}{{{{ y }}}}{{% endraw %}}");
        assert!(compress(&raw).is_none());
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
