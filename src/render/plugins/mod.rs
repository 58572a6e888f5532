//! The Jekyll plugins real blogs load, emulated when `_config.yml`'s `plugins:`
//! (or `gems:`) lists them:
//!
//! - `jekyll-mentions` ([`mentions`]) and `jemoji` ([`emoji`]) rewrite the text of
//!   each written HTML page, after its layout, as their `post_render` hooks do;
//! - `jekyll-avatar` ([`avatar`]), `jekyll-include-cache` (`include_cached`, an
//!   include kind of the Liquid tags) and `jekyll-github-metadata` ([`github`]) add
//!   Liquid tags and `site.github`;
//! - `jekyll-gist` ([`gist`]) adds `{% gist %}`;
//! - `jekyll-relative-links` ([`relative_links`]) points Markdown links to source
//!   files at their URLs, before Liquid.
//!
//! A tag no loaded plugin defines stays an error; [`likely_provider`] names the
//! plugin that probably provides it.

mod avatar;
mod emoji;
mod gist;
mod github;
mod html_text;
mod mentions;
mod relative_links;

use liquid_core::model::{ScalarCow, State};
use liquid_core::{Language, Runtime, ValueView};
use serde_json::{Map, Value};

use crate::config::Config;
pub use relative_links::RelativeLinks;

/// One emulated plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plugin {
    /// `jekyll-mentions`.
    Mentions,
    /// `jemoji`.
    Emoji,
    /// `jekyll-include-cache`.
    IncludeCache,
    /// `jekyll-avatar`.
    Avatar,
    /// `jekyll-github-metadata`.
    GithubMetadata,
    /// `jekyll-gist`.
    Gist,
}

impl Plugin {
    /// The plugin's gem name, as `plugins:` lists it.
    fn gem(self) -> &'static str {
        match self {
            Plugin::Mentions => "jekyll-mentions",
            Plugin::Emoji => "jemoji",
            Plugin::IncludeCache => "jekyll-include-cache",
            Plugin::Avatar => "jekyll-avatar",
            Plugin::GithubMetadata => "jekyll-github-metadata",
            Plugin::Gist => "jekyll-gist",
        }
    }

    /// Whether the site loads this plugin.
    pub fn is_loaded(self, config: &Config) -> bool {
        config.plugins.iter().any(|name| name == self.gem())
    }
}

/// A rewrite of the written HTML pages, in the order `plugins:` lists them.
#[derive(Debug, Clone, PartialEq)]
enum PageRewrite {
    /// `@name` links under this base URL.
    Mentions(String),
    /// `:name:` images under this asset root.
    Emoji(String),
}

/// What the loaded plugins do to written pages, read once per build.
#[derive(Debug, Clone, Default)]
pub struct PagePlugins {
    rewrites: Vec<PageRewrite>,
}

impl PagePlugins {
    /// The page rewrites of the plugins `config` loads, in the order it lists them.
    pub fn from_config(config: &Config) -> PagePlugins {
        let settings = &config.plugin_settings;
        let rewrites = (config.plugins.iter())
            .filter_map(|name| match name.as_str() {
                "jekyll-mentions" => settings.mentions_base.clone().map(PageRewrite::Mentions),
                "jemoji" => settings.emoji_root.clone().map(PageRewrite::Emoji),
                _ => None,
            })
            .collect();
        PagePlugins { rewrites }
    }

    /// `html`, a page written at `output_path`, as the plugins leave it (`None`:
    /// unchanged): only HTML pages are rewritten; `front_matter` (a document's) may
    /// set its own `jekyll-mentions` or turn it off.
    pub fn rewrite(
        &self,
        html: &str,
        output_path: &str,
        front_matter: Option<&Map<String, Value>>,
    ) -> Option<String> {
        if self.rewrites.is_empty() || !output_path.ends_with(".html") {
            return None;
        }
        let mut html = std::borrow::Cow::Borrowed(html);
        for rewrite in &self.rewrites {
            let rewritten = match rewrite {
                PageRewrite::Mentions(site_base) => {
                    mentions::document_base(site_base, front_matter)
                        .and_then(|base| mentions::mentionify(&html, &base))
                }
                PageRewrite::Emoji(root) => emoji::emojify(&html, root),
            };
            if let Some(rewritten) = rewritten {
                html = std::borrow::Cow::Owned(rewritten);
            }
        }
        match html {
            std::borrow::Cow::Owned(html) => Some(html),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }
}

/// Registers the Liquid tags of the plugins `config` loads (`include_cached` is
/// registered with the include tags).
pub(crate) fn register_tags(config: &Config, language: &mut Language) {
    if Plugin::Avatar.is_loaded(config) {
        language
            .tags
            .register("avatar".to_string(), Box::new(avatar::AvatarTag));
    }
    if Plugin::GithubMetadata.is_loaded(config) {
        language.tags.register(
            "github_edit_link".to_string(),
            Box::new(github::EditLinkTag),
        );
    }
    if Plugin::Gist.is_loaded(config) {
        let noscript = config.plugin_settings.gist_noscript;
        language
            .tags
            .register("gist".to_string(), Box::new(gist::GistTag { noscript }));
    }
}

/// A tag argument naming a variable: its value as text when it has a truthy one,
/// else the name itself (the plugins' `context[name] || name`).
fn value_or_name(runtime: &dyn Runtime, name: &str) -> String {
    let path: Vec<ScalarCow<'_>> = name
        .split('.')
        .map(|part| ScalarCow::new(part.to_string()))
        .collect();
    match runtime.try_get(&path) {
        Some(value) if !value.is_nil() && value.query_state(State::Truthy) => {
            value.to_kstr().to_string()
        }
        _ => name.to_string(),
    }
}

/// The values `site` gains from the plugins `config` loads (`github`, a `title`
/// fallback).
pub(crate) fn site_values(config: &Config) -> Vec<(String, Value)> {
    match &config.plugin_settings.github_metadata {
        Some(settings) => github::site_values(settings, &config.source),
        None => Vec::new(),
    }
}

/// Tags whose markup is free-form text (read whole by the tag, not as Liquid tokens).
pub(crate) const FREE_FORM_TAGS: [&str; 4] =
    ["avatar", "github_edit_link", "include_cached", "gist"];

/// The plugin that probably provides an unknown tag, by the tag's name.
pub(crate) fn likely_provider(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "avatar" => "jekyll-avatar",
        "include_cached" => "jekyll-include-cache",
        "github_edit_link" => "jekyll-github-metadata",
        "gist" => "jekyll-gist",
        "twitter" | "tweet" => "jekyll-twitter-plugin",
        "youtube" => "jekyll-youtube",
        "seo" => "jekyll-seo-tag",
        "feed_meta" => "jekyll-feed",
        "sitemap" => "jekyll-sitemap",
        "paginate" => "jekyll-paginate-v2",
        "octicon" => "jekyll-octicons",
        "asset" | "asset_path" | "stylesheet" | "javascript" => "jekyll-assets",
        "picture" | "img" => "jekyll_picture_tag",
        "bibliography" | "cite" => "jekyll-scholar",
        "responsive_image" => "jekyll-responsive-image",
        "toc" => "jekyll-toc",
        "render_time" => "a site's own `_plugins/` (the plugin tutorial's tag)",
        _ => return None,
    })
}

/// A Liquid parse error's `message`, with the tag's name and the plugin that
/// probably provides it when it is liquid's "Unknown tag." at `position` (1-based
/// line and column) of `source`.
pub(crate) fn explain_unknown_tag(
    message: String,
    source: &str,
    position: Option<(usize, usize)>,
    config_plugins: &[String],
) -> String {
    match tag_at(source, position) {
        Some(tag) if message == "Unknown tag." => unknown_tag_message(tag, config_plugins),
        _ => message,
    }
}

/// The tag name at `position` (1-based line and column) of `source`.
fn tag_at(source: &str, position: Option<(usize, usize)>) -> Option<&str> {
    let (line, column) = position?;
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let start = text.char_indices().nth(column.checked_sub(1)?)?.0;
    let name = &text[start..];
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// The message for an unknown tag: its name, and the plugin that probably
/// provides it (said to be missing from `plugins:` or not emulated).
fn unknown_tag_message(tag: &str, config_plugins: &[String]) -> String {
    match likely_provider(tag) {
        Some(plugin) if config_plugins.iter().any(|p| p == plugin) => {
            format!("Unknown tag '{tag}': it comes from {plugin}, which coldstart does not emulate")
        }
        Some(plugin) => format!(
            "Unknown tag '{tag}': it probably comes from the plugin {plugin}; add it to `plugins:` in _config.yml if coldstart emulates it, or remove the tag"
        ),
        None => format!("Unknown tag '{tag}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_apply_to_html_pages_in_the_listed_order() {
        let plugins = PagePlugins {
            rewrites: vec![
                PageRewrite::Mentions("https://github.com".into()),
                PageRewrite::Emoji("/img".into()),
            ],
        };
        let html = plugins
            .rewrite("<p>@ann :smile:</p>", "a/index.html", None)
            .unwrap();
        assert!(
            html.starts_with("<p><a href=\"https://github.com/ann\""),
            "{html}"
        );
        assert!(
            html.contains("src=\"/img/emoji/unicode/1f604.png\""),
            "{html}"
        );
        assert_eq!(plugins.rewrite("@ann", "feed.xml", None), None);
        let off = serde_json::json!({"jekyll-mentions": false});
        assert_eq!(plugins.rewrite("@ann", "a.html", off.as_object()), None);
    }

    #[test]
    fn unknown_tags_name_their_plugin() {
        assert_eq!(likely_provider("gist"), Some("jekyll-gist"));
        let message = unknown_tag_message("tweet", &[]);
        assert!(message.contains("jekyll-twitter-plugin"), "{message}");
        assert_eq!(unknown_tag_message("zzz", &[]), "Unknown tag 'zzz'");
        let explained =
            explain_unknown_tag("Unknown tag.".into(), "a\n{% gist 1 %}", Some((2, 4)), &[]);
        assert!(explained.starts_with("Unknown tag 'gist'"), "{explained}");
        let other = explain_unknown_tag("Unclosed block.".into(), "{% if %}", Some((1, 4)), &[]);
        assert_eq!(other, "Unclosed block.");
    }
}
