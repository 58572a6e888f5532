//! What an incremental rebuild keeps from the previous render, and the rules that say
//! when a kept result still holds.
//!
//! Every entry records the inputs it was made from, and is reused only when those
//! inputs are unchanged:
//!
//! | result | keyed by | inputs recorded / checked |
//! |---|---|---|
//! | a loaded source file | path | size and modification time (and not reported changed) |
//! | a rendered body | path | the loaded document; for Liquid bodies and Sass pages also "nothing else changed" (includes, `_data`, any document, any other source file, `_sass/`) |
//! | a document's template value | path | the annotated `page` map it was converted from |
//! | a post's `series_info` | path | every part of its series unchanged, at the same position of the same total |
//! | a themed page | output path | its `page` and `paginator` values, its template, the templates that template uses, and the parts of `site` they read |
//! | feed, sitemap, redirects | — | every document, static file and template |
//!
//! Each stage module owns its slice and applies its rules: [`super::load`] (source
//! files), [`super::bodies`], [`super::values`], [`super::themed`] (the theme and the
//! themed pages) and [`super::files`] (syndication).
//!
//! The configuration is an input of everything: a different one empties the cache.
//! The pipeline stays the same code with or without a cache ([`super::render_site`]
//! runs it with an empty one), so the rules above are the whole difference between an
//! incremental and a clean build.
//!
//! Kept results are shared, not copied: documents, `page` maps
//! ([`crate::generate::PageValue`]) and rendered bytes are reference-counted, so an
//! unchanged post costs a few pointer copies per rebuild.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::bodies::BodyCache;
use super::load::ContentCache;
use super::themed::{CompiledTheme, OutputCache};
use super::values::ValueCache;
use crate::config::Config;
use crate::output::OutputFile;

/// Results of earlier renders of one site, for [`super::render_site_incremental`],
/// one slice per stage. `serve` owns one for the whole session.
pub struct BuildCache {
    /// The build time every render with this cache uses (`site.time`, what counts as
    /// a future post): fixed, so an unchanged page renders to the same bytes.
    pub(super) time: DateTime<Utc>,
    /// The configuration the entries were made with.
    pub(super) config: Option<Config>,
    /// The content stage's: source files read, include stamps, `_data`.
    pub(super) content: ContentCache,
    /// The compiled theme.
    pub(super) theme: Option<Arc<CompiledTheme>>,
    /// The render stage's: rendered bodies.
    pub(super) bodies: BodyCache,
    /// The documents' template values.
    pub(super) values: ValueCache,
    /// The themed pages.
    pub(super) outputs: OutputCache,
    /// The feed, sitemap and redirect files.
    pub(super) syndication: Option<Arc<Vec<OutputFile>>>,
}

impl BuildCache {
    /// An empty cache whose renders use `time` as the build time.
    pub fn new(time: DateTime<Utc>) -> BuildCache {
        BuildCache {
            time,
            config: None,
            content: ContentCache::default(),
            theme: None,
            bodies: BodyCache::new(),
            values: ValueCache::default(),
            outputs: OutputCache::new(),
            syndication: None,
        }
    }

    /// Whether the entries were made with `config` (a different one empties the cache).
    pub(super) fn holds(&self, config: &Config) -> bool {
        self.config.as_ref() == Some(config)
    }
}
