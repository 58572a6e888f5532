//! The settings of the Jekyll plugins coldstart emulates, typed once here for the
//! stages that run them, and only for the plugins `plugins:` (or `gems:`) lists.

use serde_json::Value;

use super::archives::ArchivesSettings;
use super::keys::KeyReader;

/// The profile host jekyll-mentions links to when the configuration names none.
pub const GITHUB_DOT_COM: &str = "https://github.com";

/// Where jemoji's images live when `emoji.src` does not say.
pub const DEFAULT_EMOJI_ROOT: &str = "https://github.githubassets.com/images/icons/";

/// What the listed plugins read from `_config.yml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PluginSettings {
    /// jekyll-relative-links, when listed and not turned off.
    pub relative_links: Option<RelativeLinksSettings>,
    /// jekyll-optional-front-matter, when listed and on: Markdown files without
    /// front matter become pages.
    pub optional_front_matter: Option<Originals>,
    /// jekyll-readme-index, when listed and on: a README becomes its folder's index.
    pub readme_index: Option<ReadmeIndexSettings>,
    /// jekyll-default-layout, when listed: Markdown pages and posts without a
    /// `layout` take `home`, `page`, `post` or `default`, whichever exists first.
    pub default_layout: bool,
    /// jekyll-titles-from-headings, when listed and on.
    pub titles_from_headings: Option<TitlesSettings>,
    /// jekyll-feed's feeds (`feed:` `path`, `categories`, `collections`): the
    /// posts' feed first when `collections` does not name posts, else in order.
    pub feeds: Vec<FeedSpec>,
    /// jekyll-mentions' base URL (`jekyll-mentions:` a URL or `{base_url}`; GitHub
    /// when unset or of another shape), when listed.
    pub mentions_base: Option<String>,
    /// jemoji's image root (`emoji.src`), when listed.
    pub emoji_root: Option<String>,
    /// jekyll-gist's `gist.noscript` (a `<noscript>` fallback unless `false`).
    pub gist_noscript: bool,
    /// jekyll-archives, when listed and enabling at least one archive type.
    pub archives: Option<ArchivesSettings>,
    /// jekyll-github-metadata, when listed: what it reads of the configuration.
    pub github_metadata: Option<GithubMetadataSettings>,
    /// jekyll-redirect-from's `redirect_from.json`: `/redirects.json` is written
    /// unless it is `false`.
    pub redirects_json: bool,
    /// The path jekyll-feed's `{% feed_meta %}` links to, with a leading `/`:
    /// `feed.path`, else `/feed.xml`.
    pub feed_link: String,
}

/// What jekyll-github-metadata reads of `_config.yml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GithubMetadataSettings {
    /// `repository:` when it names `owner/name` (any text with a `/`).
    pub repository: Option<String>,
    /// The configuration's own `github:` (not null): a map is merged over the
    /// plugin's values, anything else replaces them.
    pub own: Option<Value>,
    /// Whether `title` (not null) or `name` is set; else `site.title` falls back to
    /// the repository's name.
    pub has_title: bool,
}

/// One Atom feed jekyll-feed writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    /// The collection whose documents it lists (`posts`).
    pub collection: String,
    /// Only the documents of this category, when set.
    pub category: Option<String>,
    /// Its URL path, with a leading `/`.
    pub path: String,
}

/// `titles_from_headings:` (jekyll-titles-from-headings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TitlesSettings {
    /// `strip_title: true`: the heading a title came from leaves the body (a
    /// document's own `strip_title` decides for it).
    pub strip_title: bool,
    /// `collections: true`: written documents get titles too, not only pages.
    pub collections: bool,
}

/// What becomes of the files a plugin turns into pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Originals {
    /// `remove_originals: true`: the source file is no longer copied as it is.
    pub removed: bool,
}

/// `readme_index:` (jekyll-readme-index).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadmeIndexSettings {
    /// `remove_originals`.
    pub originals: Originals,
    /// `with_frontmatter: true`: a README with front matter (already a page) moves
    /// to its folder's index too.
    pub with_front_matter: bool,
}

/// `relative_links:` (jekyll-relative-links).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelativeLinksSettings {
    /// `collections: true`: the written documents of every collection (posts
    /// included) have their links rewritten too, not only pages.
    pub collections: bool,
}

impl PluginSettings {
    /// The settings of the plugins in `plugins` (gem names). The plugins read their
    /// keys leniently (a value of another shape reads as unset), and so does this.
    pub(super) fn from_site(reader: &KeyReader, plugins: &[String]) -> PluginSettings {
        let listed = |gem: &str| plugins.iter().any(|name| name == gem);
        PluginSettings {
            relative_links: listed("jekyll-relative-links")
                .then(|| relative_links(reader))
                .flatten(),
            optional_front_matter: listed("jekyll-optional-front-matter")
                .then(|| optional_front_matter(reader))
                .flatten(),
            readme_index: listed("jekyll-readme-index")
                .then(|| readme_index(reader))
                .flatten(),
            default_layout: listed("jekyll-default-layout"),
            feeds: feeds(reader),
            mentions_base: listed("jekyll-mentions").then(|| {
                mentions_base_url(reader.value("jekyll-mentions"))
                    .unwrap_or_else(|| GITHUB_DOT_COM.to_string())
            }),
            emoji_root: listed("jemoji").then(|| {
                (reader.value("emoji.src").and_then(Value::as_str))
                    .unwrap_or(DEFAULT_EMOJI_ROOT)
                    .to_string()
            }),
            archives: listed("jekyll-archives")
                .then(|| ArchivesSettings::from_site(reader))
                .flatten(),
            gist_noscript: reader.value("gist.noscript") != Some(&Value::Bool(false)),
            titles_from_headings: listed("jekyll-titles-from-headings")
                .then(|| titles_from_headings(reader))
                .flatten(),
            github_metadata: listed("jekyll-github-metadata").then(|| github_metadata(reader)),
            redirects_json: !option_is(reader, "redirect_from", "json", false),
            feed_link: feed_link(reader),
        }
    }
}

/// jekyll-github-metadata's keys.
fn github_metadata(reader: &KeyReader) -> GithubMetadataSettings {
    GithubMetadataSettings {
        repository: (reader.value("repository").and_then(Value::as_str))
            .filter(|repository| repository.contains('/'))
            .map(str::to_string),
        own: reader.value("github").cloned(),
        has_title: reader.value("title").is_some() || reader.site.contains_key("name"),
    }
}

/// `{% feed_meta %}`'s path: `feed.path` (a non-empty text), else `feed.xml`.
fn feed_link(reader: &KeyReader) -> String {
    let configured = (reader.value("feed.path").and_then(Value::as_str))
        .filter(|path| !path.is_empty())
        .unwrap_or("feed.xml");
    format!("/{}", configured.trim_start_matches('/'))
}

/// Whether `key.option` is exactly `value` (the plugins' `config[key][option] == value`).
fn option_is(reader: &KeyReader, key: &str, option: &str, value: bool) -> bool {
    reader.value(&format!("{key}.{option}")) == Some(&Value::Bool(value))
}

/// `optional_front_matter: {enabled, remove_originals}`; a truthy
/// `require_front_matter` turns it off and removes the originals.
fn optional_front_matter(reader: &KeyReader) -> Option<Originals> {
    let key = "optional_front_matter";
    if option_is(reader, key, "enabled", false)
        || reader.value("require_front_matter").is_some_and(truthy)
    {
        return None;
    }
    Some(Originals {
        removed: option_is(reader, key, "remove_originals", true),
    })
}

/// `readme_index: {enabled, remove_originals, with_frontmatter}`.
fn readme_index(reader: &KeyReader) -> Option<ReadmeIndexSettings> {
    let key = "readme_index";
    if option_is(reader, key, "enabled", false) {
        return None;
    }
    Some(ReadmeIndexSettings {
        originals: Originals {
            removed: option_is(reader, key, "remove_originals", true),
        },
        with_front_matter: option_is(reader, key, "with_frontmatter", true),
    })
}

/// `titles_from_headings: {enabled, strip_title, collections}`.
fn titles_from_headings(reader: &KeyReader) -> Option<TitlesSettings> {
    let key = "titles_from_headings";
    if option_is(reader, key, "enabled", false) {
        return None;
    }
    Some(TitlesSettings {
        strip_title: option_is(reader, key, "strip_title", true),
        collections: option_is(reader, key, "collections", true),
    })
}

/// A `jekyll-mentions` setting (the site's, or a document's front matter): a base
/// URL string, or a map with `base_url`; GitHub when unset. `None` when the value
/// has another shape (the plugin refuses it).
pub fn mentions_base_url(setting: Option<&Value>) -> Option<String> {
    match setting {
        None | Some(Value::Null) => Some(GITHUB_DOT_COM.to_string()),
        Some(Value::String(url)) => Some(url.clone()),
        Some(Value::Object(map)) => Some(
            (map.get("base_url").and_then(Value::as_str))
                .unwrap_or(GITHUB_DOT_COM)
                .to_string(),
        ),
        Some(_) => None,
    }
}

/// jekyll-feed's feeds: for each collection of `feed.collections` (a list of
/// names or a map of `{path, categories}`), `posts` added last when missing and
/// given `feed.path` and `feed.categories`, one feed per category then one for all.
fn feeds(reader: &KeyReader) -> Vec<FeedSpec> {
    let mut collections: Vec<(String, Option<&Value>)> = match reader.value("feed.collections") {
        Some(Value::Array(names)) => (names.iter())
            .map(|name| (scalar_text(name), None))
            .collect(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), Some(v))).collect(),
        _ => Vec::new(),
    };
    if !collections.iter().any(|(name, _)| name == "posts") {
        collections.push(("posts".into(), None));
    }
    let mut feeds = Vec::new();
    for (name, meta) in collections {
        let own = |key: &str| meta.and_then(|m| m.get(key)).filter(|v| !v.is_null());
        let is_posts = name == "posts";
        let inherited = |key: &str| {
            own(key).or_else(|| {
                is_posts
                    .then(|| reader.value(&format!("feed.{key}")))
                    .flatten()
            })
        };
        let prefix = if is_posts {
            "/feed".to_string()
        } else {
            format!("/feed/{name}")
        };
        let mut categories: Vec<String> = match inherited("categories") {
            Some(Value::Array(items)) => items.iter().map(scalar_text).collect(),
            _ => Vec::new(),
        };
        dedupe(&mut categories);
        for category in categories {
            let path = format!("{prefix}/{category}.xml");
            feeds.push(FeedSpec {
                collection: name.clone(),
                category: Some(category),
                path,
            });
        }
        let path = match inherited("path") {
            Some(Value::String(path)) if !path.is_empty() => {
                format!("/{}", path.trim_start_matches('/'))
            }
            _ => format!("{prefix}.xml"),
        };
        feeds.push(FeedSpec {
            collection: name,
            category: None,
            path,
        });
    }
    feeds
}

/// A YAML scalar as Ruby's `to_s` prints it.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Keeps the first of each repeated item (Ruby's `to_set`).
fn dedupe(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
}

/// Ruby's truthiness: everything but `nil` and `false`.
fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false))
}

/// `relative_links: {enabled, collections}`: off only when `enabled` is `false`;
/// collections only when `collections` is `true`.
fn relative_links(reader: &KeyReader) -> Option<RelativeLinksSettings> {
    let key = "relative_links";
    if option_is(reader, key, "enabled", false) {
        return None;
    }
    Some(RelativeLinksSettings {
        collections: option_is(reader, key, "collections", true),
    })
}
