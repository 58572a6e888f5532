//! Helpers shared by the integration tests (each test crate includes this module with
//! `mod common;` and uses what it needs).

#![allow(dead_code)] // each test crate that includes this module uses part of it

pub mod browser;
pub mod cli;
pub mod http;
pub mod jekyll;
pub mod processes;
pub mod served;

mod files;
#[allow(unused_imports)] // each test crate uses part of it
pub use files::{copy_dir, files_under};
