//! Jekyll's own tags: `include`, `include_relative`, `post_url`, `link` and the
//! `highlight` block, parsed the way Jekyll parses them (see [`super::markup`] for how
//! their free-form markup gets past liquid-core's grammar).

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use liquid_core::model::{Object, Value, ValueView};
use liquid_core::runtime::StackFrame;
use liquid_core::{
    BlockReflection, Error, Language, ParseBlock, ParseTag, Renderable, Result, Runtime, TagBlock,
    TagReflection, TagTokenIter, Template,
};
use regex::Regex;

use super::errors::{IncludeChain, RenderError};
use super::markup;
use super::runtime::{IncludeCall, LaxRuntime, site_of, with_state};
use crate::diagnostic::Location;
use crate::jekyll_filters::relative_url;
use crate::render::highlight::highlight_tag_html;

/// How deep includes may nest before the render stops (an include that includes
/// itself would otherwise recurse until the stack overflows).
const MAX_INCLUDE_DEPTH: usize = 48;

/// A syntax error raised while parsing a tag (liquid-core adds the position).
fn syntax_error(message: String) -> Error {
    Error::with_msg(message)
}

/// A syntax error of the tag at `line` of the text being parsed, in the form
/// whose position the parser's error reader takes (`--> LINE:COLUMN`).
fn syntax_error_at(line: usize, message: String) -> Error {
    Error::with_msg(message).context("at", format!("--> {line}:1"))
}

/// A render failure of the tag at `line` of the current file, recorded with its
/// place and include chain.
pub(super) fn fail_at(runtime: &dyn Runtime, line: usize, message: String) -> Error {
    with_state(runtime, |state| {
        let (file, offset) = state.current_file();
        let error = RenderError::Render {
            location: Location::at(file, line + offset, 0),
            message,
            chain: IncludeChain(state.include_chain()),
        };
        state.fail(error)
    })
}

/// Records a warning for the tag at `line` of the file being rendered (for tags
/// that, like Jekyll's, go on with an empty result).
pub(crate) fn warn_at(runtime: &dyn Runtime, line: usize, message: String) {
    with_state(runtime, |state| {
        let (file, offset) = state.current_file();
        state.warnings.push(crate::diagnostic::Warning {
            location: Location::at(file, line + offset, 0),
            message,
        });
    });
}

/// Markup that may hold `{{ … }}`: text, or a template rendered first (as Jekyll does
/// for include file names and `link` paths).
#[derive(Debug)]
enum MaybeTemplated {
    Text(String),
    Template(Template),
}

impl MaybeTemplated {
    fn parse(markup: &str, options: &Language) -> Result<MaybeTemplated> {
        if markup.contains("{{") {
            Ok(MaybeTemplated::Template(Template::new(
                liquid_core::parser::parse(markup, options)?,
            )))
        } else {
            Ok(MaybeTemplated::Text(markup.to_string()))
        }
    }

    fn render(&self, runtime: &dyn Runtime) -> Result<String> {
        match self {
            MaybeTemplated::Text(text) => Ok(text.clone()),
            MaybeTemplated::Template(template) => Ok(template.render(runtime)?.trim().to_string()),
        }
    }
}

// ---------------------------------------------------------------------------
// include, include_relative
// ---------------------------------------------------------------------------

/// Where an include's file is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IncludeKind {
    /// `{% include %}`: the source's `_includes/`, then the theme's `includes/`.
    Include,
    /// `{% include_relative %}`: the folder of the document being rendered.
    Relative,
    /// jekyll-include-cache's `{% include_cached %}`: an `include` whose output is
    /// kept per file and parameters for the rest of the build.
    Cached,
}

impl IncludeKind {
    fn tag_name(self) -> &'static str {
        match self {
            IncludeKind::Include => "include",
            IncludeKind::Relative => "include_relative",
            IncludeKind::Cached => "include_cached",
        }
    }
}

/// Parses `{% include FILE [key="v" key='v' key=variable …] %}` (and `include_relative`).
#[derive(Clone, Debug)]
pub(super) struct IncludeTag(pub(super) IncludeKind);

impl TagReflection for IncludeTag {
    fn tag(&self) -> &str {
        self.0.tag_name()
    }

    fn description(&self) -> &str {
        "Renders another file in place, with `include.KEY` set from the parameters."
    }
}

/// One tag parameter's value (`include`, `demo`): quoted text is literal, a bare
/// word is a lookup.
#[derive(Debug)]
pub(super) enum ParamValue {
    Literal(String),
    Lookup(liquid_core::Expression),
}

/// A parsed include tag.
#[derive(Debug)]
struct Include {
    kind: IncludeKind,
    line: usize,
    file: MaybeTemplated,
    params: Vec<(String, ParamValue)>,
}

/// Jekyll's `VALID_SYNTAX` for one `key=value` parameter.
static PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"#,
    )
    .expect("valid regex")
});

/// Splits include markup into file and parameters as Jekyll's `VARIABLE_SYNTAX` does:
/// a file name built from `{{ … }}` may be followed by parameters, else the first
/// whitespace-separated word is the file.
fn split_include_markup(markup: &str) -> (String, String) {
    static VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?s)^(?P<file>[^{]*(?:\{\{\s*[\w\-.]+\s*(?:\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)$",
        )
        .expect("valid regex")
    });
    let markup = markup.trim();
    if let Some(found) = VARIABLE.captures(markup) {
        return (
            found["file"].trim().to_string(),
            found["params"].trim().to_string(),
        );
    }
    match markup.split_once(char::is_whitespace) {
        Some((file, params)) => (file.to_string(), params.trim().to_string()),
        None => (markup.to_string(), String::new()),
    }
}

/// Jekyll's file-name check: `^[\w/.\-()+~#@]+$` without `..`, `./` or `//`.
fn valid_include_name(name: &str) -> bool {
    static CHARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\w/.\-()+~#@]+$").expect("valid regex"));
    CHARS.is_match(name) && !name.contains("..") && !name.contains("./") && !name.contains("//")
}

/// The message Jekyll gives for a bad include file name.
fn invalid_name_message(name: &str) -> String {
    format!(
        "Invalid syntax for include tag. File contains invalid characters or sequences:\n\n  {name}\n\nValid syntax:\n\n  {{% include file.ext param='value' param2='value' %}}"
    )
}

impl ParamValue {
    /// The value: the text itself, or the variable looked up now.
    pub(super) fn evaluate(&self, runtime: &dyn Runtime) -> Result<Value> {
        Ok(match self {
            ParamValue::Literal(text) => Value::scalar(text.clone()),
            ParamValue::Lookup(expression) => expression.evaluate(runtime)?.to_value(),
        })
    }
}

/// Parses `key=value` pairs, failing like Jekyll when anything else is there.
pub(super) fn parse_params(params: &str) -> Result<Vec<(String, ParamValue)>> {
    let leftover = PARAM.replace_all(params, "");
    if !leftover.trim().is_empty() {
        return Err(syntax_error(format!(
            "Invalid syntax for include tag:\n\n  {params}\n\nValid syntax:\n\n  {{% include file.ext param='value' param2='value' %}}"
        )));
    }
    PARAM
        .captures_iter(params)
        .map(|param| {
            let value = if let Some(quoted) = param.get(2) {
                ParamValue::Literal(quoted.as_str().replace("\\\"", "\""))
            } else if let Some(quoted) = param.get(3) {
                ParamValue::Literal(quoted.as_str().replace("\\'", "'"))
            } else {
                let word = &param[4];
                ParamValue::Lookup(lookup_expression(word)?)
            };
            Ok((param[1].to_string(), value))
        })
        .collect()
}

/// A bare parameter value as Ruby Liquid reads it: a number, `true`/`false`/`nil`,
/// or a variable path.
fn lookup_expression(word: &str) -> Result<liquid_core::Expression> {
    use liquid_core::Expression;
    if let Ok(number) = word.parse::<i64>() {
        return Ok(Expression::with_literal(number));
    }
    if let Ok(number) = word.parse::<f64>() {
        return Ok(Expression::with_literal(number));
    }
    Ok(match word {
        "true" => Expression::with_literal(true),
        "false" => Expression::with_literal(false),
        "nil" | "null" => Expression::Literal(Value::Nil),
        _ => Expression::Variable(liquid_core::parser::parse_variable(word)?),
    })
}

impl ParseTag for IncludeTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (line, markup) = markup::decode(&mut arguments)?;
        let (file, params) = split_include_markup(&markup);
        if file.is_empty() {
            return Err(syntax_error_at(line, invalid_name_message(&markup)));
        }
        if !file.contains("{{") && !valid_include_name(&file) {
            return Err(syntax_error_at(line, invalid_name_message(&file)));
        }
        Ok(Box::new(Include {
            kind: self.0,
            line,
            file: MaybeTemplated::parse(&file, options)?,
            params: parse_params(&params)?,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

impl Renderable for Include {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let site = site_of(runtime);
        let name = self.file.render(runtime)?;
        if !valid_include_name(&name) {
            return Err(fail_at(runtime, self.line, invalid_name_message(&name)));
        }
        let (tag, depth, document_dir) = with_state(runtime, |state| {
            let (file, offset) = state.current_file();
            (
                Location::at(file, self.line + offset, 0),
                state.includes.len(),
                state.document_dir.clone(),
            )
        });
        if depth >= MAX_INCLUDE_DEPTH {
            return Err(fail_at(
                runtime,
                self.line,
                format!(
                    "includes nest deeper than {MAX_INCLUDE_DEPTH} levels at `{name}`; does it include itself?"
                ),
            ));
        }
        let folders: Cow<'_, [PathBuf]> = match self.kind {
            IncludeKind::Include | IncludeKind::Cached => Cow::Borrowed(&site.include_dirs),
            IncludeKind::Relative => Cow::Owned(vec![site.source.join(&document_dir)]),
        };
        // Ruby's `File.join(dir, "/x")` is `dir/x`: a leading slash stays inside.
        let Some(path) = folders
            .iter()
            .map(|dir| dir.join(name.trim_start_matches('/')))
            .find(|p| site.is_include_file(p))
        else {
            let searched: Vec<String> = folders
                .iter()
                .map(|d| format!("{:?}", d.display().to_string()))
                .collect();
            return Err(fail_at(
                runtime,
                self.line,
                format!(
                    "Could not locate the included file '{name}' in any of [{}]. Ensure it exists in one of those directories.",
                    searched.join(", ")
                ),
            ));
        };
        let mut chain = vec![tag.clone()];
        chain.extend(with_state(runtime, |state| state.include_chain()));
        let mut warnings = Vec::new();
        let parsed = site.include_template(&path, &chain, &mut warnings);
        with_state(runtime, |state| state.warnings.extend(warnings));
        let template = match parsed {
            Ok(template) => template,
            Err(error) => return Err(with_state(runtime, |state| state.fail(error))),
        };
        let mut params = Object::new();
        for (key, value) in &self.params {
            params.insert(key.clone().into(), value.evaluate(runtime)?);
        }
        if self.kind == IncludeKind::Cached {
            return self.render_cached(writer, runtime, tag, path, &template, params);
        }
        self.render_file(writer, runtime, tag, path, &template, params)
    }
}

impl Include {
    /// [`Include::render_file`] once per file and parameters in the build
    /// (jekyll-include-cache): later calls write the first call's output.
    fn render_cached(
        &self,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        tag: Location,
        path: PathBuf,
        template: &Template,
        params: Object,
    ) -> Result<()> {
        let site = site_of(runtime);
        let mut key_parts: Vec<String> = params
            .iter()
            .map(|(name, value)| format!("{name}={}", value.to_kstr()))
            .collect();
        key_parts.sort();
        let key = format!("{}\n{}", path.display(), key_parts.join("\n"));
        let cached = site.cached_includes.lock().map(|c| c.get(&key).cloned());
        let output = match cached.ok().flatten() {
            Some(output) => output,
            None => {
                let mut output = Vec::new();
                self.render_file(&mut output, runtime, tag, path, template, params)?;
                let output = String::from_utf8_lossy(&output).into_owned();
                if let Ok(mut cache) = site.cached_includes.lock() {
                    cache.entry(key).or_insert_with(|| output.clone());
                }
                output
            }
        };
        writer
            .write_all(output.as_bytes())
            .map_err(|e| Error::with_msg(e.to_string()))
    }

    /// Renders the include file's `template` (at `path`, reached by the tag at
    /// `tag`) with `include` set to `params`.
    fn render_file(
        &self,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        tag: Location,
        path: PathBuf,
        template: &Template,
        params: Object,
    ) -> Result<()> {
        let strict = site_of(runtime).options.strict_variables;
        with_state(runtime, |state| {
            state.includes.push(IncludeCall { tag, file: path })
        });
        let result = if self.params.is_empty() {
            template.render_to(writer, runtime)
        } else {
            let mut scope = Object::new();
            scope.insert("include".into(), Value::Object(params));
            template.render_to(
                writer,
                &LaxRuntime::new(StackFrame::new(runtime, &scope), strict),
            )
        };
        with_state(runtime, |state| state.includes.pop());
        result
    }
}

/// The include files of a build, each parsed once.
pub(super) type IncludeCache = std::sync::Mutex<
    std::collections::HashMap<
        PathBuf,
        Arc<std::sync::OnceLock<std::result::Result<Arc<Template>, RenderError>>>,
    >,
>;

// ---------------------------------------------------------------------------
// post_url, link
// ---------------------------------------------------------------------------

/// Parses `{% post_url [dir/]YYYY-MM-DD-slug %}`.
#[derive(Clone, Debug)]
pub(super) struct PostUrlTag;

impl TagReflection for PostUrlTag {
    fn tag(&self) -> &str {
        "post_url"
    }

    fn description(&self) -> &str {
        "The URL (with baseurl) of the post with this dated file name."
    }
}

impl ParseTag for PostUrlTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        static NAME: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(.+/)*(\d+-\d+-\d+)-(.*)$").expect("valid regex"));
        let (line, markup) = markup::decode(&mut arguments)?;
        let name = markup.trim().trim_start_matches('/').to_string();
        if !NAME.is_match(&name) {
            return Err(syntax_error(format!(
                "Could not parse name of post \"{name}\" in tag 'post_url'. Make sure the post exists and the name is correct."
            )));
        }
        Ok(Box::new(SiteUrl {
            line,
            target: MaybeTemplated::Text(name),
            kind: SiteUrlKind::Post,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// Parses `{% link path/to/file.md %}` (the path may use `{{ … }}`).
#[derive(Clone, Debug)]
pub(super) struct LinkTag;

impl TagReflection for LinkTag {
    fn tag(&self) -> &str {
        "link"
    }

    fn description(&self) -> &str {
        "The URL (with baseurl) of the site file at this source path."
    }
}

impl ParseTag for LinkTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let (line, markup) = markup::decode(&mut arguments)?;
        Ok(Box::new(SiteUrl {
            line,
            target: MaybeTemplated::parse(markup.trim(), options)?,
            kind: SiteUrlKind::File,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// Which index a [`SiteUrl`] looks in.
#[derive(Debug, Clone, Copy)]
enum SiteUrlKind {
    Post,
    File,
}

/// A parsed `post_url` or `link`.
#[derive(Debug)]
struct SiteUrl {
    line: usize,
    target: MaybeTemplated,
    kind: SiteUrlKind,
}

impl Renderable for SiteUrl {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let site = site_of(runtime);
        let target = self.target.render(runtime)?;
        let found = match self.kind {
            SiteUrlKind::Post => site.post_urls.get(&target),
            SiteUrlKind::File => site.file_urls.get(target.trim_start_matches('/')),
        };
        let Some(url) = found else {
            let message = match self.kind {
                SiteUrlKind::Post => format!(
                    "Could not find post \"{target}\" in tag 'post_url'. Make sure the post exists and the name is correct."
                ),
                SiteUrlKind::File => format!(
                    "Could not find document '{target}' in tag 'link'. Make sure the document exists and the path is correct."
                ),
            };
            return Err(fail_at(runtime, self.line, message));
        };
        write!(writer, "{}", relative_url(url, &site.urls))
            .map_err(|e| Error::with_msg(e.to_string()))
    }
}

// ---------------------------------------------------------------------------
// highlight
// ---------------------------------------------------------------------------

/// Parses `{% highlight LANG [linenos] %}…{% endhighlight %}`.
#[derive(Clone, Debug)]
pub(super) struct HighlightBlock;

impl BlockReflection for HighlightBlock {
    fn start_tag(&self) -> &str {
        "highlight"
    }

    fn end_tag(&self) -> &str {
        "endhighlight"
    }

    fn description(&self) -> &str {
        "Highlights its (Liquid-rendered) body as code, in Jekyll's figure markup."
    }
}

impl ParseBlock for HighlightBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        static SYNTAX: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$"#)
                .expect("valid regex")
        });
        let (_, markup) = markup::decode(&mut arguments)?;
        let markup = markup.trim();
        let Some(parts) = SYNTAX.captures(markup) else {
            return Err(syntax_error(format!(
                "Syntax Error in tag 'highlight' while parsing the following markup:\n\n  {markup}\n\nValid syntax: highlight <lang> [linenos]"
            )));
        };
        let line_numbers = parts[2]
            .split_whitespace()
            .any(|option| option.split('=').next() == Some("linenos"));
        let body = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(Highlight {
            lang: parts[1].to_string(),
            line_numbers,
            body,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

/// A parsed `highlight` block.
#[derive(Debug)]
struct Highlight {
    lang: String,
    line_numbers: bool,
    body: Template,
}

impl Renderable for Highlight {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let code = self.body.render(runtime)?;
        write!(
            writer,
            "{}",
            highlight_tag_html(&self.lang, &code, self.line_numbers)
        )
        .map_err(|e| Error::with_msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_markup_splits_like_jekyll() {
        assert_eq!(
            split_include_markup("a/b.html x=1"),
            ("a/b.html".into(), "x=1".into())
        );
        assert_eq!(
            split_include_markup("{{ page.kind }}.html id=\"x\""),
            ("{{ page.kind }}.html".into(), "id=\"x\"".into())
        );
        assert_eq!(
            split_include_markup("404.html"),
            ("404.html".into(), String::new())
        );
    }

    #[test]
    fn include_names_are_checked_like_jekyll() {
        assert!(valid_include_name("dir/file.html"));
        assert!(valid_include_name("404.html"));
        assert!(!valid_include_name("../secret"));
        assert!(!valid_include_name("./x.html"));
        assert!(!valid_include_name("\"quoted.html\""));
    }

    #[test]
    fn include_params_are_literal_when_quoted() {
        let params = parse_params(r#"a="x \"y\"" b='z' c=page.title d=3"#).unwrap();
        let names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        assert!(matches!(&params[0].1, ParamValue::Literal(v) if v == "x \"y\""));
        assert!(matches!(&params[2].1, ParamValue::Lookup(_)));
        assert!(parse_params("a=").is_err());
    }
}
