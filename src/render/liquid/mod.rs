//! Liquid in content, as Jekyll renders it: a document's raw body (and excerpt) goes
//! through Liquid before Markdown, with Jekyll's tags, filters, variables and lax
//! error handling, on top of the `liquid-core` engine.
//!
//! - [`LiquidSite`] is built once per build: the language (tags and filters), the
//!   `site` object, the indexes `post_url` and `link` need, and the cache that parses
//!   each include file once. Renders share it read-only across threads.
//! - [`runtime`] gives liquid-core Jekyll's undefined-variable semantics; [`markup`]
//!   gets Jekyll's free-form tag markup past liquid-core's grammar; [`tags`],
//!   [`for_block`] and [`filters`] are Jekyll's tags and filters; [`errors`] says where
//!   a failure is.
//!
//! Documents without `{{` or `{%` (or with `render_with_liquid: false`) never reach
//! this module, and a site with no such document does not even build the `site`
//! object.

mod contains_guard;
mod demo_tag;
pub mod errors;
mod excerpt;
mod filters;
mod flattened;
mod for_block;
mod index_guard;
mod keyword_names;
mod language;
mod layouts;
mod limits;
mod markup;
mod nil_guard;
mod ordered;
mod raw_runs;
mod recovery;
mod runtime;
mod shown;
mod site_value;
mod site_view;
mod tablerow_block;
mod tags;
mod value_tag;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use liquid_core::model::{KStringRef, Value, ValueView};
use liquid_core::runtime::RuntimeBuilder;
use liquid_core::{Language, Renderable, Template};

use site_view::{DocumentSite, SourceMapPages};

use crate::config::{Config, ErrorMode, LiquidOptions};
use crate::content::Site;
use crate::content::document::Document;
use crate::diagnostic::{Location, Warning};
use crate::fs_guard;
use crate::jekyll_filters::UrlSettings;
use crate::render::demo::Demos;
use crate::render::markdown::MarkdownOptions;
use crate::render::plugins::{self, Plugin};
use crate::render::sass::SassCompiler;
use errors::ParseFailure;
pub use errors::{IncludeChain, RenderError};
pub use layouts::{HeadTags, LayoutPage, LayoutSource, Layouts, PageData};
pub(crate) use markup::decode as decode_tag_markup;
use recovery::{Repair, filter_location, repair_at, repair_second_else};
use runtime::{LaxRuntime, RenderState, with_state};
pub use site_value::{Pager, Pagination, SiteExtras};
use site_value::{file_urls, jekyll_object, page_object, paginators, post_urls, site_object};
pub(crate) use tags::warn_at;
use tags::{IncludeCache, IncludeKind};

/// Where a template being parsed comes from, for its errors: the file, how many lines
/// of it precede the template (front matter), and the include chain.
#[derive(Clone, Copy)]
struct ParsedFile<'a> {
    file: &'a Path,
    line_offset: usize,
    chain: &'a IncludeChain,
}

/// How much text the parses of one template may read while recovering from its
/// problems (each skipped unknown filter or blanked bad expression re-parses it): a
/// long post quoting a hundred Go templates recovers from each, as Jekyll does, and
/// a hostile one stops in bounded time.
const PARSE_RECOVERY_WORK: usize = 32 * 1024 * 1024;

/// How many parse problems a template of `length` bytes may recover from before the
/// render gives up: what [`PARSE_RECOVERY_WORK`] allows, at least 64, at most 4096.
fn parse_recoveries(length: usize) -> usize {
    (PARSE_RECOVERY_WORK / length.max(1)).clamp(64, 4096)
}

/// Whether Jekyll would run Liquid over `text` of `document`.
pub fn needs_liquid(document: &Document, text: &str) -> bool {
    document.render_with_liquid && (text.contains("{{") || text.contains("{%"))
}

/// Everything Liquid rendering shares across a build; see the module docs.
pub struct LiquidSite {
    /// Tags and filters.
    language: Language,
    /// The `liquid:` options.
    options: LiquidOptions,
    /// `site` (nil when no document it renders uses Liquid).
    site: Value,
    /// The Sass pages' source maps, which `site.pages` lists to the pages after them.
    source_maps: SourceMapPages,
    /// `jekyll`.
    jekyll: Value,
    /// The paginated page's source and each of its pages' URL and `paginator`.
    paginated: Option<(PathBuf, Vec<(String, Value)>)>,
    /// The source folder.
    source: PathBuf,
    /// Where `{% include %}` looks: the source's `_includes/`, then the theme's `includes/`.
    include_dirs: Vec<PathBuf>,
    /// Parsed include files.
    includes: IncludeCache,
    /// Whether each include path looked for is a file (every page looks again).
    include_files: std::sync::Mutex<HashMap<PathBuf, bool>>,
    /// `include_cached` output by file and parameters (jekyll-include-cache).
    cached_includes: std::sync::Mutex<HashMap<String, String>>,
    /// `plugins:`, for unknown-tag messages.
    plugins: Vec<String>,
    /// `post_url` names (`[dir/]YYYY-MM-DD-slug`) to URLs without baseurl (empty when
    /// no document uses Liquid, like `site`).
    post_urls: HashMap<String, String>,
    /// Source-relative paths of every site file to URLs without baseurl, for `link`
    /// (empty when no document uses Liquid).
    file_urls: HashMap<String, String>,
    /// `url` and `baseurl`.
    urls: UrlSettings,
    /// What `markdownify` and `smartify` convert with.
    markdown: MarkdownOptions,
    /// The functions `{% demo %}` shows (read on first use).
    demos: Demos,
    /// The site's `excerpt_separator` (a document's front matter may set its own).
    excerpt_separator: String,
    /// What `scssify` and `sassify` compile with.
    sass: SassCompiler,
}

impl LiquidSite {
    /// Builds the Liquid side of a build from the configuration and the content: the
    /// one that renders posts, or with `extras.post_bodies`, the one that renders pages.
    pub fn new(
        config: &Config,
        site: &Site,
        markdown: MarkdownOptions,
        extras: SiteExtras,
    ) -> Arc<LiquidSite> {
        let documents: Vec<&Arc<Document>> = match extras.post_bodies {
            None => site.posts.iter().collect(),
            Some(_) => site.pages.iter().chain(site.written_documents()).collect(),
        };
        let any_liquid = extras.layouts
            || documents.iter().any(|d| {
                needs_liquid(d, &d.body)
                    || d.excerpt_source
                        .as_deref()
                        .is_some_and(|excerpt| needs_liquid(d, excerpt))
            });
        let (site_value, post_urls, file_urls) = if any_liquid {
            (
                site_object(config, site, extras),
                post_urls(site),
                file_urls(site),
            )
        } else {
            (Value::Nil, HashMap::new(), HashMap::new())
        };
        let source_maps = SourceMapPages::new(site, any_liquid && config.sass.source_map);
        let mut language = language::language();
        plugins::register_tags(config, &mut language);
        let head_tags = [
            ("jekyll-seo-tag", layouts::HeadTag::Seo),
            ("jekyll-feed", layouts::HeadTag::FeedMeta),
        ];
        for (plugin, tag) in head_tags {
            if config.plugins.iter().any(|p| p == plugin) {
                language.tags.register(
                    liquid_core::TagReflection::tag(&tag).to_string(),
                    Box::new(tag),
                );
            }
        }
        if Plugin::IncludeCache.is_loaded(config) {
            language.tags.register(
                "include_cached".to_string(),
                Box::new(tags::IncludeTag(IncludeKind::Cached)),
            );
        }
        let paginated = extras.pagination.map(|pagination| {
            let pagers = paginators(&site_value, site.posts.len(), pagination);
            (pagination.page.clone(), pagers)
        });
        Arc::new(LiquidSite {
            paginated,
            language,
            options: config.liquid,
            site: site_value,
            source_maps,
            jekyll: jekyll_object(config),
            source: config.source.clone(),
            include_dirs: config.include_dirs(),
            includes: IncludeCache::default(),
            include_files: std::sync::Mutex::default(),
            cached_includes: std::sync::Mutex::default(),
            plugins: config.plugins.clone(),
            post_urls,
            file_urls,
            urls: UrlSettings {
                url: config.url_as_written.clone(),
                baseurl: config.baseurl.clone(),
            },
            markdown,
            demos: Demos::new(config),
            excerpt_separator: config.excerpt_separator.clone(),
            sass: SassCompiler::new(config),
        })
    }

    /// Whether `site` was built (some document it renders uses Liquid, or it renders
    /// layouts).
    pub fn has_site(&self) -> bool {
        !self.site.is_nil()
    }

    /// Renders the Liquid in `text`, a part of `document`'s body starting at its first
    /// line (the body or its excerpt), with `page`, `site` and `jekyll` defined.
    pub fn render(
        self: &Arc<Self>,
        document: &Document,
        text: &str,
    ) -> Result<(String, Vec<Warning>), RenderError> {
        self.render_pager(document, text, 0)
    }

    /// [`LiquidSite::render`] for the page jekyll-paginate paginates as its pager
    /// `number` (0 is its own URL, page 1) sees it, with `paginator` defined.
    pub fn render_pager(
        self: &Arc<Self>,
        document: &Document,
        text: &str,
        number: usize,
    ) -> Result<(String, Vec<Warning>), RenderError> {
        let mut warnings = Vec::new();
        let template = self.parse(
            text,
            &document.source_path,
            document.body_line.saturating_sub(1),
            &IncludeChain::default(),
            &mut warnings,
        )?;
        let pager = self
            .paginated
            .as_ref()
            .filter(|(page, _)| *page == document.source_path)
            .and_then(|(_, pagers)| pagers.get(number));
        let mut page = page_object(document, None);
        if let (Some((url, _)), Value::Object(page)) = (pager.filter(|_| number > 0), &mut page) {
            page.insert("url".into(), Value::scalar(url.clone()));
        }
        let mut globals: HashMap<KStringRef<'_>, &dyn ValueView> = HashMap::new();
        if let Some((_, paginator)) = pager {
            globals.insert(KStringRef::from_static("paginator"), paginator);
        }
        let site = DocumentSite::new(&self.site, &self.source_maps, document);
        globals.insert(KStringRef::from_static("site"), &site);
        globals.insert(KStringRef::from_static("page"), &page);
        globals.insert(KStringRef::from_static("jekyll"), &self.jekyll);
        let runtime = RuntimeBuilder::new().set_globals(&globals).build();
        with_state(&runtime, |state| {
            *state = RenderState {
                site: Some(Arc::clone(self)),
                document: document.source_path.clone(),
                document_dir: Path::new(&document.relative_path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                first_line: document.body_line,
                ..RenderState::default()
            }
        });
        let rendered = template.render(&LaxRuntime::new(&runtime, self.options.strict_variables));
        let (failure, include_warnings) = with_state(&runtime, |state| {
            (state.failure.take(), std::mem::take(&mut state.warnings))
        });
        warnings.extend(include_warnings);
        match rendered {
            Ok(output) => Ok((output, warnings)),
            Err(error) => Err(failure.unwrap_or_else(|| unlocated_failure(&error, document, text))),
        }
    }

    /// Parses `text` of `file` (whose line 1 is line `1 + line_offset` of the file),
    /// recovering as Jekyll does: an unknown filter is skipped, a malformed expression
    /// is blanked with a warning; anything else is an error.
    fn parse(
        &self,
        text: &str,
        file: &Path,
        line_offset: usize,
        chain: &IncludeChain,
        warnings: &mut Vec<Warning>,
    ) -> Result<Template, RenderError> {
        // Borrowed unless tags needed encoding; copied only if a recovery edits it.
        let mut source = limits::prepare(
            index_guard::guard_variable_indexes(nil_guard::guard_nil_comparisons(
                contains_guard::guard_contains(keyword_names::rename_keyword_prefixed(
                    shown::show_hashes_as_ruby(markup::encode_free_form_tags(text)),
                )),
                nil_guard::blank_is_defined(&self.plugins),
            )),
            file,
            line_offset,
            chain,
        )?;
        if let Some(template) = raw_runs::parse_compressed(&source, &self.language) {
            return Ok(template);
        }
        let mut language = Cow::Borrowed(&self.language);
        let at = ParsedFile {
            file,
            line_offset,
            chain,
        };
        let recoveries = parse_recoveries(source.len());
        for _ in 0..recoveries {
            let error = match liquid_core::parser::parse(&source, &language) {
                Ok(elements) => return Ok(Template::new(elements)),
                Err(error) => ParseFailure::from_liquid(&error),
            };
            self.recover(&error, &mut source, &mut language, &at, warnings)?;
        }
        Err(RenderError::Syntax {
            location: Location::file(file),
            message: format!("more than {recoveries} Liquid syntax problems"),
            chain: chain.clone(),
        })
    }

    /// Gets past one parse failure of `source` as Ruby Liquid would, or says where
    /// it is: an unknown filter passes its input through (unless `strict_filters`), a
    /// second `else` is dropped silently, a malformed expression is blanked (with a
    /// warning in `warn` mode); any other failure is the error.
    fn recover(
        &self,
        error: &ParseFailure,
        source: &mut Cow<str>,
        language: &mut Cow<Language>,
        at: &ParsedFile,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), RenderError> {
        let ParsedFile {
            file,
            line_offset,
            chain,
        } = *at;
        if let Some(name) = &error.unknown_filter {
            if self.options.strict_filters {
                return Err(RenderError::Syntax {
                    location: filter_location(source, name, file, line_offset),
                    message: format!("undefined filter `{name}`"),
                    chain: chain.clone(),
                });
            }
            language.to_mut().filters.register(
                name.clone(),
                Box::new(filters::JekyllFilter::pass_through(name)),
            );
            return Ok(());
        }
        let position = error.position;
        if let Some(repair) =
            position.and_then(|(line, column)| repair_second_else(source, line, column))
        {
            // Valid Ruby Liquid: no warning.
            source
                .to_mut()
                .replace_range(repair.span, &repair.replacement);
            return Ok(());
        }
        let location = match position {
            Some((line, column)) => Location::at(file, line + line_offset, column),
            None => Location::file(file),
        };
        let repair = position.and_then(|(line, column)| repair_at(source, line, column));
        let Some(Repair {
            span,
            replacement,
            effect,
        }) = repair.filter(|_| self.options.error_mode != ErrorMode::Strict)
        else {
            return Err(RenderError::Syntax {
                location,
                message: plugins::explain_unknown_tag(
                    error.message.clone(),
                    source,
                    position,
                    &self.plugins,
                ),
                chain: chain.clone(),
            });
        };
        if self.options.error_mode == ErrorMode::Warn {
            let shown = shown::unshown(&index_guard::unguarded(&source[span.clone()]));
            warnings.push(Warning {
                location,
                message: format!(
                    "Liquid syntax error in `{}`: {}; {effect}",
                    errors::brief(&shown),
                    error.message,
                ),
            });
        }
        source.to_mut().replace_range(span, &replacement);
        Ok(())
    }

    /// Whether the include file `path` exists, asked of the file system once per build.
    fn is_include_file(&self, path: &Path) -> bool {
        let mut known = self.include_files.lock().unwrap_or_else(|e| e.into_inner());
        *known
            .entry(path.to_path_buf())
            .or_insert_with(|| path.is_file())
    }

    /// The parsed include file at `path` (parsed on first use in the build).
    /// `chain` names the include tags that led here, for errors.
    fn include_template(
        &self,
        path: &Path,
        chain: &[Location],
        warnings: &mut Vec<Warning>,
    ) -> Result<Arc<Template>, RenderError> {
        let slot = {
            let mut cache = self.includes.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(
                cache
                    .entry(path.to_path_buf())
                    .or_insert_with(|| Arc::new(OnceLock::new())),
            )
        };
        slot.get_or_init(|| {
            let chain = IncludeChain(chain.to_vec());
            let text = fs_guard::read_to_string(&self.source, path).map_err(|error| {
                RenderError::Render {
                    location: Location::file(path),
                    message: format!("cannot read the included file: {error}"),
                    chain: chain.clone(),
                }
            })?;
            self.parse(&text, path, 0, &chain, warnings).map(Arc::new)
        })
        .clone()
    }
}

/// A render error no tag located: liquid-core's message, cut short, at the line of
/// the filter that failed when the message names one (the first `| name` in `text`).
fn unlocated_failure(error: &liquid_core::Error, document: &Document, text: &str) -> RenderError {
    let message = error.to_string();
    let filter = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("filter="))
        .and_then(|filter| filter.split([' ', ':']).next());
    let location = match filter {
        Some(name) => filter_location(
            text,
            name,
            &document.source_path,
            document.body_line.saturating_sub(1),
        ),
        None => Location::file(&document.source_path),
    };
    let first_line = message.lines().next().unwrap_or_default();
    let first_line = errors::brief(first_line.trim_start_matches("liquid:").trim());
    RenderError::Render {
        location,
        message: match filter {
            Some(name) => format!("{first_line} (in filter `{name}`)"),
            None => first_line,
        },
        chain: IncludeChain::default(),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::sync::LazyLock;

    /// The language every test parses with.
    pub(in crate::render::liquid) fn language() -> Language {
        super::language::language()
    }

    /// A small site (url https://ex.com, baseurl /blog) with one post dated
    /// 2024-03-07, config `nums: [3, 1, 2]`, `ranks` (zed 1, alice 2, mike 3, bob 4) and `people` (a: age 3, tags x y; b; c:
    /// age 1, tag x), and includes `dir/card.html` (`[{{ include.id }}|{{ include.v }}]`)
    /// and `self.html` (which includes itself). Built once for all tests.
    pub(in crate::render::liquid) fn site() -> (Arc<LiquidSite>, Document) {
        static SITE: LazyLock<(tempfile::TempDir, Arc<LiquidSite>, Document)> = LazyLock::new(
            || {
                let dir = tempfile::tempdir().unwrap();
                let content = dir.path().join("content");
                std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
                std::fs::create_dir_all(content.join("_posts")).unwrap();
                std::fs::create_dir_all(content.join("_includes/dir")).unwrap();
                std::fs::write(
                content.join("_config.yml"),
                "url: https://ex.com\nbaseurl: /blog\nnums: [3, 1, 2]\nranks: {zed: 1, alice: 2, mike: 3, bob: 4}\npeople:\n  - {name: a, age: 3, tags: [x, y]}\n  - {name: b}\n  - {name: c, age: 1, tags: x}\n",
            )
            .unwrap();
                std::fs::write(
                    content.join("_includes/dir/card.html"),
                    "[{{ include.id }}|{{ include.v }}]",
                )
                .unwrap();
                std::fs::write(
                    content.join("_includes/self.html"),
                    "x{% include self.html %}",
                )
                .unwrap();
                std::fs::write(
                    content.join("_posts/2024-03-07-a.md"),
                    "---\ntitle: A\n---\n{{ page.title }}",
                )
                .unwrap();
                let options = crate::config::BuildOptions {
                    project_root: dir.path().to_path_buf(),
                    ..Default::default()
                };
                let config = Config::load(&options).unwrap();
                let loaded = crate::content::load(&config, chrono::Utc::now()).unwrap();
                let post = (*loaded.site.posts[0]).clone();
                let liquid = LiquidSite::new(
                    &config,
                    &loaded.site,
                    MarkdownOptions::default(),
                    SiteExtras::default(),
                );
                (dir, liquid, post)
            },
        );
        (Arc::clone(&SITE.1), SITE.2.clone())
    }

    /// Renders `template` as the body of the test site's post.
    pub(in crate::render::liquid) fn render_str(template: &str) -> String {
        let (site, post) = site();
        site.render(&post, template)
            .unwrap_or_else(|e| panic!("{template}: {e}"))
            .0
    }

    // Expected values observed with Jekyll 4.3.1.
    #[test]
    fn undefined_variables_render_empty_and_are_false() {
        assert_eq!(render_str("[{{ page.missing }}{{ nothing.at.all }}]"), "[]");
        assert_eq!(
            render_str("{% if page.missing %}yes{% else %}no{% endif %}"),
            "no"
        );
        assert_eq!(render_str("{{ page.missing | default: 'd' }}"), "d");
    }

    #[test]
    fn variables_reach_page_and_site() {
        assert_eq!(
            render_str(
                "{{ page.title }} {{ site.url }}{{ site.baseurl }} {{ site.posts.size }} {{ site.posts.first.url }}"
            ),
            "A https://ex.com/blog 1 /2024/03/07/a.html"
        );
        assert_eq!(render_str("{{ page.content }}"), "{{ page.title }}");
    }

    #[test]
    fn dates_print_as_jekyll_prints_them() {
        // Jekyll 4.3.1: `{{ page.date }}` is Ruby's Time#to_s, e.g. `2024-03-07 00:00:00 +0000`.
        let printed = render_str("{{ page.date }}");
        let (day, offset) = printed.split_at("2024-03-07 00:00:00".len());
        assert_eq!(day, "2024-03-07 00:00:00", "{printed}");
        assert!(offset.len() == 6 && offset.starts_with([' ']), "{printed}");
        assert!(
            render_str("{{ page.date | date_to_xmlschema }}").starts_with("2024-03-07T00:00:00")
        );
        assert_eq!(
            render_str("{{ page.date | date: '%b %-d, %Y' }}"),
            "Mar 7, 2024"
        );
    }

    #[test]
    fn core_tags_work() {
        assert_eq!(
            render_str(
                "{% assign x = 'a' | upcase %}{% capture y %}{{ x }}b{% endcapture %}{{ y }}"
            ),
            "Ab"
        );
        assert_eq!(
            render_str("{% case 2 %}{% when 1 %}one{% when 2 %}two{% else %}other{% endcase %}"),
            "two"
        );
        assert_eq!(
            render_str(
                "{% unless false %}u{% endunless %}{% if 1 > 2 %}a{% elsif 2 > 1 %}b{% endif %}"
            ),
            "ub"
        );
        assert_eq!(
            render_str("{% for i in (1..3) %}{% cycle 'a', 'b' %}{% endfor %}"),
            "aba"
        );
        assert_eq!(
            render_str("{% increment n %}{% increment n %}{% decrement m %}"),
            "01-1"
        );
        assert_eq!(
            render_str("{% raw %}{{ x }}{% include a/b %}{% endraw %}"),
            "{{ x }}{% include a/b %}"
        );
        assert_eq!(render_str("a{% comment %}{{ x }}{% endcomment %}b"), "ab");
    }

    #[test]
    fn post_url_and_link_apply_baseurl() {
        assert_eq!(
            render_str("{% post_url 2024-03-07-a %}"),
            "/blog/2024/03/07/a.html"
        );
        assert_eq!(
            render_str("{% link _posts/2024-03-07-a.md %}"),
            "/blog/2024/03/07/a.html"
        );
        let (site, post) = site();
        let error = site
            .render(&post, "x\n{% post_url 2020-01-01-nope %}")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Liquid error: Could not find post \"2020-01-01-nope\" in tag 'post_url'. Make sure the post exists and the name is correct."
        );
        assert_eq!(
            crate::diagnostic::Located::location(&error).unwrap().line,
            5
        );
    }

    #[test]
    fn highlight_uses_jekylls_figure() {
        let html = render_str("{% highlight ruby %}\nputs {{ 1 | plus: 1 }}\n{% endhighlight %}");
        assert!(
            html.starts_with(
                "<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">"
            ),
            "{html}"
        );
        assert!(html.contains('2'), "{html}");
        let numbered = render_str("{% highlight c++ linenos %}\nint a;\n{% endhighlight %}");
        assert!(numbered.contains("rouge-table"), "{numbered}");
    }

    #[test]
    fn errors_name_the_line_of_the_file() {
        let (site, post) = site();
        let error = site.render(&post, "a\n{% nope %}").unwrap_err();
        let location = crate::diagnostic::Located::location(&error).unwrap();
        assert_eq!(location.line, 5, "{error}");
        let error = site.render(&post, "{% if x %}").unwrap_err();
        assert!(error.to_string().contains("Unclosed block"), "{error}");
    }

    #[test]
    fn bad_expressions_warn_and_render_as_ruby_reads_them() {
        let (site, post) = site();
        let (html, warnings) = site
            .render(&post, "a {{ 'x' | }} b\n{{ foo bar }}c")
            .unwrap();
        // Ruby Liquid's lax reading (as Jekyll 4.3 renders it): `'x'` and `foo`.
        assert_eq!(html, "a x b\nc");
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[1].location.line, 5);
    }

    #[test]
    fn includes_take_params_and_stop_recursion() {
        assert_eq!(
            render_str(
                "{% assign t = 'T' %}{% include dir/card.html id=\"a b\" v=t %}{% assign d = 'dir' %}{% include {{ d }}/card.html id='q' %}"
            ),
            "[a b|T][q|]"
        );
        let (site, post) = site();
        let error = site.render(&post, "{% include self.html %}").unwrap_err();
        assert!(error.to_string().contains("deeper than"), "{error}");
        let error = site
            .render(&post, "\n{% include missing.html %}")
            .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("Could not locate the included file 'missing.html'"),
            "{error}"
        );
    }

    #[test]
    fn a_malformed_assign_warns_and_assigns_nil() {
        let (site, post) = site();
        let (html, warnings) = site
            .render(
                &post,
                "{% assign a = 'x' %}\n{% assign a = [] %}[{{ a }}]{% if a %}y{% endif %}",
            )
            .unwrap();
        assert_eq!(html, "\n[]");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.line, 5);
        assert!(
            warnings[0].message.ends_with("`a` is nil"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn filter_errors_name_the_line_and_stay_short() {
        let (site, post) = site();
        let error = site
            .render(&post, "a\n{{ page.date | date: '%Y %' }}")
            .unwrap_err();
        let location = crate::diagnostic::Located::location(&error).unwrap();
        assert_eq!(location.line, 5, "{error}");
        assert_eq!(
            error.to_string(),
            "Liquid error: invalid date format `%Y %` (in filter `date`)"
        );
        let error = site
            .render(&post, "a\n\n{{ 1 | divided_by: 0 }}")
            .unwrap_err();
        let location = crate::diagnostic::Located::location(&error).unwrap();
        assert_eq!(location.line, 6, "{error}");
        assert!(
            error.to_string().ends_with("(in filter `divided_by`)"),
            "{error}"
        );
    }
}
