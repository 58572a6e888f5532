//! `{% demo NAME [input="…"] [method="…"] [title="…"] [content_type="…"] %}`: a live
//! demo of one of the site's functions (see [`crate::render::demo`]). Values are
//! quoted text or variables, as `include` parameters are; the input may span lines.
//! `{% demo NAME1 NAME2 … %}` puts several functions side by side, so one input can
//! run through each of them and their timings compare.

use std::io::Write;

use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, ValueView,
};

use super::markup;
use super::runtime::{site_of, with_state};
use super::tags::{ParamValue, fail_at, parse_params};
use crate::diagnostic::{Location, Warning};
use crate::jekyll_filters::relative_url;
use crate::render::demo::{DemoOptions, SCRIPT_PATH};

/// The options `demo` accepts besides the function's name.
const OPTIONS: [&str; 4] = ["input", "method", "title", "content_type"];

/// Parses `{% demo NAME … %}`.
#[derive(Clone, Debug)]
pub(super) struct DemoTag;

impl TagReflection for DemoTag {
    fn tag(&self) -> &str {
        "demo"
    }

    fn description(&self) -> &str {
        "A live demo of a function of `_functions/stack.yml`: its source, an input and a Run button."
    }
}

/// A parsed `demo` tag.
#[derive(Debug)]
struct Demo {
    line: usize,
    functions: Vec<String>,
    params: Vec<(String, ParamValue)>,
}

impl ParseTag for DemoTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        let (line, markup) = markup::decode(&mut arguments)?;
        let markup = markup.trim();
        let mut rest = markup;
        let mut functions = Vec::new();
        while let Some(name) = rest.split_whitespace().next().filter(|n| !n.contains('=')) {
            functions.push(name.to_string());
            rest = rest.trim_start()[name.len()..].trim_start();
        }
        if functions.is_empty() {
            return Err(Error::with_msg(
                "`demo` needs a function name: {% demo NAME input=\"…\" %}",
            ));
        }
        let params = parse_params(rest.trim())?;
        if let Some((unknown, _)) = params.iter().find(|(k, _)| !OPTIONS.contains(&k.as_str())) {
            return Err(Error::with_msg(format!(
                "`demo` has no option `{unknown}`; it takes {}",
                OPTIONS.join(", ")
            )));
        }
        Ok(Box::new(Demo {
            line,
            functions,
            params,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

impl Renderable for Demo {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let compared = self.functions.len() > 1;
        if compared {
            write(writer, "<div class=\"demo-compare\">")?;
        }
        for function in &self.functions {
            self.render_one(function, writer, runtime)?;
        }
        if compared {
            write(writer, "</div>")?;
        }
        Ok(())
    }
}

fn write(writer: &mut dyn Write, html: &str) -> Result<()> {
    writer
        .write_all(html.as_bytes())
        .map_err(|e| Error::with_msg(e.to_string()))
}

impl Demo {
    /// One function's widget.
    fn render_one(
        &self,
        function: &str,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
    ) -> Result<()> {
        let site = site_of(runtime);
        let mut options = DemoOptions {
            function: function.to_string(),
            ..DemoOptions::default()
        };
        for (key, value) in &self.params {
            let value = Some(value.evaluate(runtime)?.to_kstr().to_string());
            match key.as_str() {
                "input" => options.input = value,
                "method" => options.method = value,
                "title" => options.title = value,
                _ => options.content_type = value,
            }
        }
        let (number, location) = with_state(runtime, |state| {
            state.demos += 1;
            let (file, offset) = state.current_file();
            (state.demos, Location::at(file, self.line + offset, 0))
        });
        let id = format!("demo-{function}-{number}");
        let script = (number == 1).then(|| relative_url(SCRIPT_PATH, &site.urls));
        let rendered = site
            .demos
            .render(&options, &id, script.as_deref())
            .map_err(|message| fail_at(runtime, self.line, message))?;
        if let Some(message) = rendered.warning {
            with_state(runtime, |state| {
                state.warnings.push(Warning { location, message })
            });
        }
        write(writer, &rendered.html)
    }
}
