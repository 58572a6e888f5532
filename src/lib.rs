//! coldstart: a Jekyll-compatible static-site generator that renders through tera themes.
//!
//! The crate is a one-way pipeline of stages, each a module that owns one thing:
//!
//! ```text
//! config  ->  content  ->  render  ->  theme  ->  output
//! (_config.yml (posts, pages, (Liquid, Markdown, (tera layouts,  (atomic write
//!  + flags)    permalinks)  highlighting)        site/page data) of _site/)
//! ```
//!
//! Beside the pipeline, `functions` runs the site's serverless functions (OpenFaaS's
//! `stack.yml`, the classic watchdog's contract) for the dev server and the build.
//!
//! `build` drives the stages in order. A stage returns data and never reaches back
//! into an earlier one; only `output` touches the destination folder.

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod functions;
pub mod output;
pub mod render;
pub mod theme;
pub mod yaml;
