//! jekyll-archives' settings (`jekyll-archives:` in `_config.yml`), read as the
//! plugin (2.2) reads them: its defaults deep-merged under the site's.

use serde_json::Value;

use super::keys::KeyReader;

/// The layout every archive type uses when `layout` is not set.
const DEFAULT_LAYOUT: &str = "archive";

/// The kinds of archive page the plugin writes, in the order it adds them to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// One page per tag.
    Tag,
    /// One page per category.
    Category,
    /// One page per year with posts.
    Year,
    /// One page per month with posts.
    Month,
    /// One page per day with posts.
    Day,
}

impl ArchiveKind {
    /// Every kind, in the order the plugin reads them (tags, categories, dates).
    pub const ALL: [ArchiveKind; 5] = [
        ArchiveKind::Tag,
        ArchiveKind::Category,
        ArchiveKind::Year,
        ArchiveKind::Month,
        ArchiveKind::Day,
    ];

    /// The type's name: `page.type`, and its key under `layouts` and `permalinks`.
    pub fn name(self) -> &'static str {
        match self {
            ArchiveKind::Tag => "tag",
            ArchiveKind::Category => "category",
            ArchiveKind::Year => "year",
            ArchiveKind::Month => "month",
            ArchiveKind::Day => "day",
        }
    }

    /// How `enabled` names the type (plural for tags and categories).
    fn enabled_name(self) -> &'static str {
        match self {
            ArchiveKind::Tag => "tags",
            ArchiveKind::Category => "categories",
            other => other.name(),
        }
    }

    /// The plugin's default permalink template for the type.
    fn default_permalink(self) -> &'static str {
        match self {
            ArchiveKind::Tag => "/tag/:name/",
            ArchiveKind::Category => "/category/:name/",
            ArchiveKind::Year => "/:year/",
            ArchiveKind::Month => "/:year/:month/",
            ArchiveKind::Day => "/:year/:month/:day/",
        }
    }
}

/// One enabled archive type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveType {
    /// Which archives.
    pub kind: ArchiveKind,
    /// Its layout (`layouts.<type>`, else `layout`, else `archive`); `None` when
    /// `layout` is set to null.
    pub layout: Option<String>,
    /// Its permalink template (`permalinks.<type>`, else the plugin's default).
    pub permalink: String,
}

/// `jekyll-archives:`, when the plugin is listed and enables at least one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivesSettings {
    /// The enabled types, in [`ArchiveKind::ALL`] order.
    pub types: Vec<ArchiveType>,
}

impl ArchivesSettings {
    /// The settings of `jekyll-archives:` (`enabled`: `true`, `all` or a list of
    /// `year`, `month`, `day`, `categories`, `tags`); `None` when nothing is enabled.
    pub(super) fn from_site(reader: &KeyReader) -> Option<ArchivesSettings> {
        let setting = reader.value("jekyll-archives");
        let key = |name: &str| setting.and_then(|s| s.get(name));
        let enabled = |kind: ArchiveKind| match key("enabled") {
            Some(Value::Bool(all)) => *all,
            Some(Value::String(all)) => all == "all",
            Some(Value::Array(names)) => names.iter().any(|n| n == kind.enabled_name()),
            _ => false,
        };
        let own_layout = |kind: ArchiveKind| {
            key("layouts")
                .and_then(|layouts| layouts.get(kind.name()))
                .filter(|layout| !matches!(layout, Value::Null | Value::Bool(false)))
        };
        let layout = |kind: ArchiveKind| match own_layout(kind).or_else(|| key("layout")) {
            None => Some(DEFAULT_LAYOUT.to_string()),
            Some(Value::Null) => None,
            Some(Value::String(name)) => Some(name.clone()),
            Some(other) => Some(other.to_string()),
        };
        let permalink = |kind: ArchiveKind| {
            (key("permalinks").and_then(|p| p.get(kind.name())))
                .and_then(Value::as_str)
                .unwrap_or(kind.default_permalink())
                .to_string()
        };
        let types: Vec<ArchiveType> = ArchiveKind::ALL
            .into_iter()
            .filter(|&kind| enabled(kind))
            .map(|kind| ArchiveType {
                kind,
                layout: layout(kind),
                permalink: permalink(kind),
            })
            .collect();
        (!types.is_empty()).then_some(ArchivesSettings { types })
    }

    /// The enabled type of `kind`, if it is enabled.
    pub fn get(&self, kind: ArchiveKind) -> Option<&ArchiveType> {
        self.types.iter().find(|t| t.kind == kind)
    }
}
