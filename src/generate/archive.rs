//! The archive: every listed post on one page, grouped by year, newest first.
//!
//! `page.years` is a list of `{year, count, posts}` (`year` a number, `posts` newest
//! first), newest year first.

use std::sync::Arc;

use chrono::Datelike;
use serde_json::Value;

use super::{GeneratedPage, PageValue, Template, object, output_path, page_value, post_list};
use crate::content::document::Document;

/// The archive's template.
pub const TEMPLATE: &str = "archive.html";

/// The archive page at `url`, listing `listed` (indices into `posts`, newest first).
pub fn page(
    url: &str,
    posts: &[Arc<Document>],
    post_values: &[PageValue],
    listed: &[usize],
) -> GeneratedPage {
    let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
    for &index in listed {
        let Some(year) = posts[index].date.map(|date| date.year()) else {
            continue;
        };
        match years.last_mut() {
            Some((last, indices)) if *last == year => indices.push(index),
            _ => years.push((year, vec![index])),
        }
    }
    let years = years
        .into_iter()
        .map(|(year, indices)| {
            Value::Object(object([
                ("year", Value::from(year)),
                ("count", Value::from(indices.len())),
                (
                    "posts",
                    post_list(indices.iter().map(|&i| &*post_values[i])),
                ),
            ]))
        })
        .collect();
    GeneratedPage {
        template: Template::Theme(TEMPLATE),
        output_path: output_path(url),
        page: page_value("Archive", url, [("years", Value::Array(years))]),
        paginator: None,
        source: "(generated archive page)".into(),
    }
}
