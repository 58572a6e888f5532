//! What `check` reads in one HTML page, with a real HTML5 parser (html5ever through
//! `scraper`): the ids an anchor can land on, and every link, image and asset.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

/// What a reference points at, which decides how a miss is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// `<a href>`/`<area href>`: a page (or a file) to go to.
    Page,
    /// `<img src>`, `<source srcset>`, `<video poster>`…: an image.
    Image,
    /// `<link href>`, `<script src>`, media sources: a file the page loads.
    Asset,
}

/// One URL the page refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// What it points at.
    pub target: Target,
    /// The URL, entities decoded, as written.
    pub url: String,
}

/// What one page offers and refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageScan {
    /// Every `id` (and `<a name>`), with how many elements carry it.
    pub ids: BTreeMap<String, usize>,
    /// Every reference, in document order.
    pub references: Vec<Reference>,
}

impl PageScan {
    /// Whether `#fragment` lands somewhere on this page. The empty fragment and
    /// `top` always do (HTML's "indicated part of the document").
    pub fn has_anchor(&self, fragment: &str) -> bool {
        fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || self.ids.contains_key(fragment)
    }

    /// The ids more than one element carries.
    pub fn duplicate_ids(&self) -> impl Iterator<Item = &str> {
        self.ids
            .iter()
            .filter(|(_, count)| **count > 1)
            .map(|(id, _)| id.as_str())
    }
}

/// Attributes holding one URL, by the kind of target they name.
const URL_ATTRIBUTES: &[(&str, &str, Target)] = &[
    ("a[href]", "href", Target::Page),
    ("area[href]", "href", Target::Page),
    ("img[src]", "src", Target::Image),
    ("video[poster]", "poster", Target::Image),
    ("link[href]", "href", Target::Asset),
    ("script[src]", "src", Target::Asset),
    (
        "audio[src], video[src], source[src], track[src], embed[src]",
        "src",
        Target::Asset,
    ),
    ("iframe[src]", "src", Target::Page),
];

/// `<link rel>` values whose `href` is not a file of this site to load.
const NON_ASSET_RELS: &[&str] = &[
    "canonical",
    "alternate",
    "preconnect",
    "dns-prefetch",
    "me",
    "webmention",
    "pingback",
    "search",
    "prev",
    "next",
    "shortlink",
    "author",
    "license",
];

/// Scans an HTML page.
pub fn scan(html: &str) -> PageScan {
    let document = Html::parse_document(html);
    let mut scan = PageScan::default();
    let with_id = selector("[id]");
    for element in document.select(&with_id) {
        if let Some(id) = element.value().attr("id") {
            *scan.ids.entry(id.to_string()).or_default() += 1;
        }
    }
    for element in document.select(&selector("a[name]")) {
        let name = element.value().attr("name").unwrap_or_default();
        // An `<a name>` with the same value as an id is the same target, not a duplicate.
        scan.ids.entry(name.to_string()).or_insert(1);
    }
    for (css, attribute, target) in URL_ATTRIBUTES {
        for element in document.select(&selector(css)) {
            let rel = element.value().attr("rel").unwrap_or_default();
            if element.value().name() == "link"
                && rel
                    .split_ascii_whitespace()
                    .any(|r| NON_ASSET_RELS.contains(&r))
            {
                continue;
            }
            if let Some(url) = element.value().attr(attribute) {
                scan.references.push(Reference {
                    target: *target,
                    url: url.trim().to_string(),
                });
            }
        }
    }
    for element in document.select(&selector("img[srcset], source[srcset]")) {
        let srcset = element.value().attr("srcset").unwrap_or_default();
        for candidate in srcset.split(',') {
            if let Some(url) = candidate.split_ascii_whitespace().next() {
                scan.references.push(Reference {
                    target: Target::Image,
                    url: url.to_string(),
                });
            }
        }
    }
    scan
}

/// A constant selector.
fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("check's selectors are valid CSS")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_links_and_images_are_found_and_duplicates_counted() {
        let scan = scan(
            r#"<h2 id="a">A</h2><p id="a"><a name="old">x</a>
            <a href="/x/#a">x</a><img src="/i.png" srcset="/i2.png 2x, /i3.png 3x">
            <link rel="stylesheet" href="/s.css"><link rel="canonical" href="https://e.com/">"#,
        );
        assert_eq!(scan.duplicate_ids().collect::<Vec<_>>(), ["a"]);
        assert!(scan.has_anchor("old") && scan.has_anchor("top") && !scan.has_anchor("b"));
        let urls: Vec<_> = scan
            .references
            .iter()
            .map(|r| (r.target, r.url.as_str()))
            .collect();
        assert_eq!(
            urls,
            [
                (Target::Page, "/x/#a"),
                (Target::Image, "/i.png"),
                (Target::Asset, "/s.css"),
                (Target::Image, "/i2.png"),
                (Target::Image, "/i3.png"),
            ]
        );
    }
}
