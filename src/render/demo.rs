//! The live demo widget that `{% demo NAME %}` writes into a post: the function's
//! source (highlighted, collapsible), an editable request body, a **Run** button, and
//! the answer (status, output, server and round-trip durations) in a live region.
//!
//! The widget is plain HTML that reads fine without JavaScript: the source, the
//! input and, in a published build without `functions.base_url`, the output
//! **recorded at build time** (the function run once on the widget's input while the
//! page is rendered). `assets/js/demo.js` (the default theme's) makes it live: it
//! sends the input to `/function/NAME` on the page's own origin, or under
//! `functions.base_url` (see [`crate::config::FunctionsSettings`]).
//!
//! The render reads the stack file once per build, and only when a page has a demo;
//! it never runs anything unless the build records outputs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::config::{Config, FunctionsSettings};
use crate::diagnostic::Located;
use crate::functions::{
    FunctionRequest, FunctionResponse, FunctionsError, FunctionsRuntime, HandlerSource, Stack,
};
use crate::render::escape::{escape_attribute, escape_text};
use crate::render::highlight::highlight_tag_html;

/// Where the widget script is, relative to the site root (the default theme ships it).
pub const SCRIPT_PATH: &str = "/assets/js/demo.js";

/// The longest input a widget shows in full before its text area scrolls.
const MAX_INPUT_ROWS: usize = 12;

/// What one `{% demo NAME input="…" method="…" title="…" content_type="…" %}` asks
/// for; a missing option falls back to the function's annotations in `stack.yml`
/// (see [`crate::functions::DemoExample`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoOptions {
    /// The function's name in the stack.
    pub function: String,
    /// `input=`: the request body (the query string for `GET`).
    pub input: Option<String>,
    /// `method=`: the HTTP method.
    pub method: Option<String>,
    /// `title=`: the widget's heading (default: the function's name).
    pub title: Option<String>,
    /// `content_type=`: the request's `Content-Type`.
    pub content_type: Option<String>,
}

/// A request a widget sends, every option resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ResolvedDemo {
    function: String,
    input: String,
    method: String,
    content_type: String,
}

/// A widget's HTML, and a warning when its output could not be recorded.
#[derive(Debug, Clone)]
pub struct RenderedDemo {
    /// The widget, on one line (newlines inside are character references), so that
    /// Markdown passes it through as one HTML block.
    pub html: String,
    /// Why the build-time recording failed (which function, what it answered).
    pub warning: Option<String>,
}

/// The demos of one build: the stack (read on first use), and for a published build
/// the runtime that records outputs, each distinct request run once.
pub struct Demos {
    source: PathBuf,
    settings: FunctionsSettings,
    stack: OnceLock<Result<Stack, String>>,
    recorder: OnceLock<FunctionsRuntime>,
    /// The async runtime every recording runs on: one for the build, so a warm
    /// function's process and its connections outlive a single recording.
    tokio: OnceLock<std::io::Result<tokio::runtime::Runtime>>,
    recordings: Mutex<HashMap<ResolvedDemo, Arc<OnceLock<FunctionResponse>>>>,
}

impl Demos {
    /// The demos of the site `config` describes; nothing is read yet.
    pub fn new(config: &Config) -> Demos {
        Demos {
            source: config.source.clone(),
            settings: config.functions.clone(),
            stack: OnceLock::new(),
            recorder: OnceLock::new(),
            tokio: OnceLock::new(),
            recordings: Mutex::default(),
        }
    }

    /// The widget for `options`, with `id` (unique in the page) as the prefix of its
    /// element ids, followed by the script tag when `script_url` is given (the first
    /// demo of a page). An unknown function or a broken stack file is an error.
    pub fn render(
        &self,
        options: &DemoOptions,
        id: &str,
        script_url: Option<&str>,
    ) -> Result<RenderedDemo, String> {
        let stack = self.stack()?;
        let spec = stack.require(&options.function).map_err(describe)?;
        let source = stack.handler_source(&options.function).map_err(describe)?;
        let example = spec.demo_example();
        let demo = ResolvedDemo {
            function: options.function.clone(),
            input: options.input.clone().unwrap_or(example.input),
            method: options
                .method
                .as_deref()
                .map_or(example.method, str::to_ascii_uppercase),
            content_type: options.content_type.clone().unwrap_or(example.content_type),
        };
        let recorded = self
            .settings
            .record_outputs()
            .then(|| self.record(stack, &demo));
        let warning = recorded.as_ref().filter(|r| r.status != 200).map(|r| {
            format!(
                "the output of function `{}` could not be recorded: it answered {} ({}); \
                 the page shows that answer",
                demo.function,
                r.status,
                first_line(&r.body_text())
            )
        });
        let title = options.title.as_deref().unwrap_or(&options.function);
        let widget = Widget {
            id,
            title,
            demo: &demo,
            lang: &spec.lang,
            source: &source,
            stack_dir: stack.dir(),
            endpoint: self.settings.endpoint(&demo.function),
            recorded: recorded.as_ref(),
        };
        let mut html = widget.html();
        if let Some(url) = script_url {
            html.push_str(&format!(
                "<script src=\"{}\" defer></script>",
                escape_attribute(url)
            ));
        }
        Ok(RenderedDemo { html, warning })
    }

    fn stack(&self) -> Result<&Stack, String> {
        self.stack
            .get_or_init(|| match Stack::find(&self.source) {
                Ok(Some(stack)) => Ok(stack),
                Ok(None) => Err(format!(
                    "{{% demo %}} needs functions, and {} does not exist",
                    self.source.join(crate::functions::STACK_FILE).display()
                )),
                Err(error) => Err(describe(error)),
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Runs `demo` once per build (a page and its excerpt share the answer).
    fn record(&self, stack: &Stack, demo: &ResolvedDemo) -> FunctionResponse {
        let slot = Arc::clone(
            crate::sync::lock(&self.recordings)
                .entry(demo.clone())
                .or_default(),
        );
        slot.get_or_init(|| {
            let runtime = self.recorder.get_or_init(|| {
                FunctionsRuntime::with_interpreters(stack.clone(), &self.settings.interpreters)
            });
            let request = match demo.method.as_str() {
                "GET" => FunctionRequest::new("GET", Vec::new()).with_query(demo.input.trim()),
                method => FunctionRequest::new(method, demo.input.clone())
                    .with_header("Content-Type", &demo.content_type),
            };
            // Renders run on rayon threads, outside any async runtime.
            let tokio = self.tokio.get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .enable_all()
                    .build()
            });
            let mut answer = match tokio {
                Ok(tokio) => tokio.block_on(async {
                    runtime
                        .invoke(&demo.function, request)
                        .await
                        .buffered()
                        .await
                }),
                Err(error) => FunctionResponse::error(
                    &demo.function,
                    500,
                    &format!("cannot start an async runtime to record it: {error}"),
                ),
            };
            answer.headers.push((
                RECORDED_AT_HEADER.into(),
                chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
            ));
            answer
                .headers
                .push((RUNTIME_HEADER.into(), runtime_of(runtime, &demo.function)));
            answer
        })
        .clone()
    }
}

/// Where a recording notes when it was made.
const RECORDED_AT_HEADER: &str = "X-Coldstart-Recorded-At";
/// Where a recording notes what ran it.
const RUNTIME_HEADER: &str = "X-Coldstart-Runtime";

/// What runs `function`: its mode and interpreter (`http · node 22.3.0 (/usr/bin/node)`).
fn runtime_of(runtime: &FunctionsRuntime, function: &str) -> String {
    runtime
        .list()
        .into_iter()
        .find(|f| f.name == function)
        .map(|f| {
            let interpreter = f
                .interpreter
                .map_or_else(|| format!("lang {}", f.lang), |i| i.to_string());
            format!("mode {} · {interpreter}", f.mode.name())
        })
        .unwrap_or_default()
}

/// A functions error as one line with its place (`stack.yml:7: message`).
fn describe(error: FunctionsError) -> String {
    match error.location() {
        Some(location) if location.line > 0 => {
            format!("{}:{}: {error}", location.path.display(), location.line)
        }
        Some(location) => format!("{}: {error}", location.path.display()),
        None => error.to_string(),
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// Everything one widget's markup shows.
struct Widget<'a> {
    id: &'a str,
    title: &'a str,
    demo: &'a ResolvedDemo,
    lang: &'a str,
    source: &'a HandlerSource,
    stack_dir: &'a std::path::Path,
    endpoint: String,
    recorded: Option<&'a FunctionResponse>,
}

impl Widget<'_> {
    fn html(&self) -> String {
        let Widget { id, demo, .. } = self;
        let input_label = match demo.method.as_str() {
            "GET" => "Query string".to_string(),
            _ => format!("Request body ({})", demo.content_type),
        };
        let rows = demo.input.lines().count().clamp(2, MAX_INPUT_ROWS);
        let (result_class, status, output) = self.result();
        let noscript = if self.recorded.is_some() {
            "Running it live needs JavaScript; the output above was recorded when the site was built."
        } else {
            "Running it needs JavaScript."
        };
        format!(
            "<section class=\"demo\" id=\"{id}\" aria-labelledby=\"{id}-title\" \
             data-demo-url=\"{url}\" data-demo-method=\"{method}\" \
             data-demo-content-type=\"{content_type}\"{recorded_flag}>\
             <p class=\"demo-title\" id=\"{id}-title\"><span class=\"demo-badge\">Live demo</span> {title}</p>\
             <p class=\"demo-meta\"><code>{method} {url}</code> · <code>lang: {lang}</code></p>\
             {source}\
             <div class=\"demo-request\">\
             <label class=\"demo-label\" for=\"{id}-input\">{input_label}</label>\
             <textarea class=\"demo-input\" id=\"{id}-input\" rows=\"{rows}\" spellcheck=\"false\" autocomplete=\"off\">{input}</textarea>\
             <p class=\"demo-actions\"><button type=\"button\" class=\"demo-run\" hidden>Run</button> \
             <span class=\"demo-hint\" hidden>or Ctrl+Enter in the box</span></p>\
             </div>\
             <div class=\"demo-result{result_class}\" aria-live=\"polite\">\
             <p class=\"demo-status\">{status}</p>\
             <ul class=\"demo-facts\"></ul>\
             <div class=\"demo-panes\">\
             <p class=\"demo-pane-label\">stdout</p>\
             <pre class=\"demo-output\"><code>{output}</code></pre>\
             <p class=\"demo-pane-label demo-stderr-label\" hidden>stderr</p>\
             <pre class=\"demo-stderr\" hidden><code></code></pre>\
             </div>\
             <ol class=\"demo-history\" aria-label=\"Last runs\" hidden></ol>\
             </div>\
             <noscript><p class=\"demo-note\">{noscript}</p></noscript>\
             </section>",
            url = escape_attribute(&self.endpoint),
            method = escape_attribute(&demo.method),
            content_type = escape_attribute(&demo.content_type),
            recorded_flag = if self.recorded.is_some() {
                " data-demo-recorded=\"true\""
            } else {
                ""
            },
            title = escape_text(self.title),
            lang = escape_text(self.lang),
            source = self.source_html(),
            input = one_line(&escape_text(&demo.input)),
            output = one_line(&output),
        )
    }

    /// The handler's source, highlighted, folded under its path in the stack folder.
    fn source_html(&self) -> String {
        let shown_path = self
            .source
            .path
            .strip_prefix(self.stack_dir)
            .unwrap_or(&self.source.path)
            .display()
            .to_string();
        let code = highlight_tag_html(&self.source.language, &self.source.text, false);
        format!(
            "<details class=\"demo-source\"><summary>Source: <code>{}</code></summary>{}</details>",
            escape_text(&shown_path),
            one_line(&code)
        )
    }

    /// The result box before any run: its class, status line and output, from the
    /// recording when there is one.
    fn result(&self) -> (&'static str, String, String) {
        match self.recorded {
            Some(answer) => (
                if answer.status == 200 {
                    ""
                } else {
                    " demo-failed"
                },
                recorded_status(answer),
                escape_text(&answer.body_text()),
            ),
            None => (
                "",
                "Press <strong>Run</strong> to call the function.".to_string(),
                String::new(),
            ),
        }
    }
}

/// The line above a recorded answer: when and on what it was recorded, cold or
/// warm, status and time in the function.
fn recorded_status(answer: &FunctionResponse) -> String {
    let when = answer.header(RECORDED_AT_HEADER).unwrap_or_default();
    let mut facts = vec![format!("HTTP {}", answer.status)];
    facts.extend(answer.header(RUNTIME_HEADER).map(str::to_string));
    facts.extend(
        answer
            .header(crate::functions::START_HEADER)
            .map(|start| format!("{start} start")),
    );
    facts.push(format!("{} in the function", milliseconds(answer.duration)));
    format!(
        "<strong class=\"demo-origin\">Recorded at build time</strong> <span class=\"demo-provenance\">on {} · {}</span>",
        escape_text(when),
        escape_text(&facts.join(" · "))
    )
}

/// Replaces line breaks by character references: the same text in `<pre>` and
/// `<textarea>`, but no blank line that would end Markdown's HTML block.
fn one_line(html: &str) -> String {
    html.replace('\r', "").replace('\n', "&#10;")
}

/// `12.3 ms`.
fn milliseconds(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(stack_extra: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let functions = dir.path().join("content/_functions");
        std::fs::create_dir_all(functions.join("shout")).unwrap();
        std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
        std::fs::write(
            functions.join("shout/handler.py"),
            "def handle(req):\n    return req.upper()\n\n\n# end\n",
        )
        .unwrap();
        std::fs::write(
            functions.join("stack.yml"),
            format!(
                "version: 1.0\nprovider: {{name: openfaas}}\nfunctions:\n  shout:\n    lang: python3\n    handler: ./shout\n    annotations:\n      com.coldstart.example: \"hi <there>\"\n{stack_extra}"
            ),
        )
        .unwrap();
        dir
    }

    fn demos(dir: &std::path::Path, published: bool) -> Demos {
        let options = crate::config::BuildOptions {
            project_root: dir.to_path_buf(),
            ..Default::default()
        };
        let mut config = Config::load(&options).unwrap();
        config.functions.published = published;
        Demos::new(&config)
    }

    fn options(function: &str) -> DemoOptions {
        DemoOptions {
            function: function.into(),
            ..DemoOptions::default()
        }
    }

    #[test]
    fn a_served_widget_is_live_and_one_line() {
        let dir = site("");
        let demos = demos(dir.path(), false);
        let rendered = demos
            .render(
                &options("shout"),
                "demo-shout-1",
                Some("/assets/js/demo.js"),
            )
            .unwrap();
        let html = rendered.html;
        assert!(!html.contains('\n'), "{html}");
        assert!(html.contains("data-demo-url=\"/function/shout\""), "{html}");
        assert!(html.contains(">hi &lt;there&gt;</textarea>"), "{html}");
        assert!(html.contains("handler.py"), "{html}");
        assert!(html.contains("aria-live=\"polite\""), "{html}");
        assert!(!html.contains("Recorded at build time"), "{html}");
        assert!(html.ends_with("<script src=\"/assets/js/demo.js\" defer></script>"));
        assert!(rendered.warning.is_none());
    }

    #[test]
    fn options_override_the_annotations() {
        let dir = site("");
        let demos = demos(dir.path(), false);
        let mut asked = options("shout");
        asked.input = Some("a\nb".into());
        asked.method = Some("put".into());
        asked.title = Some("Shout it".into());
        let html = demos.render(&asked, "d", None).unwrap().html;
        assert!(html.contains(">a&#10;b</textarea>"), "{html}");
        assert!(html.contains("data-demo-method=\"PUT\""), "{html}");
        assert!(html.contains("Shout it</p>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn unknown_functions_and_missing_stacks_are_errors() {
        let dir = site("");
        let error = demos(dir.path(), false)
            .render(&options("nope"), "d", None)
            .unwrap_err();
        assert!(error.contains("no function `nope`"), "{error}");
        std::fs::remove_file(dir.path().join("content/_functions/stack.yml")).unwrap();
        let error = demos(dir.path(), false)
            .render(&options("shout"), "d", None)
            .unwrap_err();
        assert!(error.contains("does not exist"), "{error}");
    }

    #[test]
    fn a_published_widget_shows_the_recorded_output() {
        let dir = site(
            "  broken:\n    lang: dockerfile\n    handler: ./shout\n    fprocess: sh -c false\n",
        );
        let demos = demos(dir.path(), true);
        let rendered = demos.render(&options("shout"), "d", None).unwrap();
        assert!(
            rendered.html.contains("<code>HI &lt;THERE&gt;&#10;</code>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("Recorded at build time"));
        assert!(
            rendered.html.contains("mode serializing · python3 3.")
                && rendered.html.contains("cold start")
                && rendered.html.contains(" UTC · HTTP 200"),
            "the recording says when, on what and how: {}",
            rendered.html
        );
        assert!(rendered.html.contains("data-demo-recorded=\"true\""));
        let failed = demos.render(&options("broken"), "e", None).unwrap();
        let warning = failed.warning.expect("a failed recording warns");
        assert!(
            warning.contains("`broken`") && warning.contains("500"),
            "{warning}"
        );
    }
}
