//! Loading content: the source folder becomes a [`Site`] of posts, drafts, pages, data
//! and static files, with every value Jekyll derives (dates in the site's zone, slugs,
//! titles, categories, tags, permalinks, output paths). Bodies stay raw here; the
//! render stage converts them.

pub mod collections;
pub mod data;
pub mod date;
mod defaults;
pub mod document;
pub mod excerpt;
pub mod frontmatter;
pub mod load;
mod optional_pages;
pub mod permalink;
mod plugin_generators;
mod posts;
pub mod slug;
mod theme_files;
mod walk;

pub use load::{ContentError, Entry, Listing, Loadable, Loaded, Site, load};
