//! coldstart: a Jekyll-compatible static-site generator that renders through tera themes.
//!
//! The crate is a one-way pipeline of stages, each a module that owns one thing:
//!
//! ```text
//! config        -> content      -> render          -> generate         -> theme            -> output
//! (_config.yml     (posts, pages,   (Liquid, Markdown,  (pagination, tags,  (tera layouts,      (atomic write
//!  + flags)         permalinks)      highlighting)       series, archive)    site/page data)     of _site/)
//! ```
//!
//! `syndication` reads the rendered documents and adds what Jekyll's feed, sitemap,
//! SEO and redirect plugins add (files and template values).
//!
//! Beside the pipeline, `functions` runs the site's serverless functions (OpenFaaS's
//! `stack.yml`, the classic watchdog's contract) for the dev server and the build.
//!
//! `build` drives the stages in order, one call per stage (its submodules hold each
//! stage's step with its slice of the incremental cache). A stage returns data and
//! never reaches back into an earlier one; `config` reads `_config.yml` once into
//! typed fields (a few stages still type their own section from `Config::site`:
//! Liquid's, kramdown's and the generate stage's). Only `output` touches the destination folder. `serve`
//! sits on top: it asks `build` for in-memory renders and serves them; no stage
//! depends on it.

#![warn(missing_docs)]

pub mod authoring;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fs_guard;
pub mod functions;
pub mod generate;
pub mod jekyll_filters;
pub mod output;
pub mod render;
pub mod serve;
pub mod sync;
pub mod syndication;
pub mod theme;
pub mod yaml;
