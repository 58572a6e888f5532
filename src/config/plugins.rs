//! The settings of the Jekyll plugins coldstart emulates, typed once here for the
//! stages that run them, and only for the plugins `plugins:` (or `gems:`) lists.

use serde_json::Value;

use super::keys::KeyReader;

/// What the listed plugins read from `_config.yml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PluginSettings {
    /// jekyll-relative-links, when listed and not turned off.
    pub relative_links: Option<RelativeLinksSettings>,
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
        }
    }
}

/// `relative_links: {enabled, collections}`: off only when `enabled` is `false`;
/// collections only when `collections` is `true`.
fn relative_links(reader: &KeyReader) -> Option<RelativeLinksSettings> {
    let option = |key: &str| reader.value(&format!("relative_links.{key}"));
    if option("enabled") == Some(&Value::Bool(false)) {
        return None;
    }
    Some(RelativeLinksSettings {
        collections: option("collections") == Some(&Value::Bool(true)),
    })
}
