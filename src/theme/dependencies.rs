//! What a template reads, found by scanning the theme's sources: the other templates it
//! pulls in and the parts of `site` it looks at. Incremental rebuilds use it to decide
//! which pages a template edit or a content change can affect.
//!
//! The scan is deliberately conservative: anything it cannot pin down (a template
//! name that is not a literal, `site` used as a whole) counts as depending on
//! everything, so a page is re-rendered rather than left stale.

use std::collections::{BTreeMap, BTreeSet};

/// The parts of `site` a template may read that change with the content (its other
/// keys come from the configuration, whose edits rebuild everything).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SiteReads {
    /// `site.posts`.
    pub posts: bool,
    /// `site.tags`.
    pub tags: bool,
    /// `site.categories`.
    pub categories: bool,
    /// `site.pages`.
    pub pages: bool,
    /// `site.data`.
    pub data: bool,
    /// `site.time`.
    pub time: bool,
}

impl SiteReads {
    /// Every part: what `site` used as a whole (passed on, indexed by a variable) reads.
    pub const ALL: SiteReads = SiteReads {
        posts: true,
        tags: true,
        categories: true,
        pages: true,
        data: true,
        time: true,
    };

    /// Whether a page reading `self` is affected by the parts `changed`.
    pub fn overlaps(&self, changed: &SiteReads) -> bool {
        (self.posts && changed.posts)
            || (self.tags && changed.tags)
            || (self.categories && changed.categories)
            || (self.pages && changed.pages)
            || (self.data && changed.data)
            || (self.time && changed.time)
    }

    fn union(&mut self, other: &SiteReads) {
        self.posts |= other.posts;
        self.tags |= other.tags;
        self.categories |= other.categories;
        self.pages |= other.pages;
        self.data |= other.data;
        self.time |= other.time;
    }

    /// The part named by `site.<key>`; other keys are configuration.
    fn add_key(&mut self, key: &str) {
        match key {
            "posts" => self.posts = true,
            "tags" => self.tags = true,
            "categories" => self.categories = true,
            "pages" => self.pages = true,
            "data" => self.data = true,
            "time" => self.time = true,
            _ => {}
        }
    }
}

/// What rendering one template reads: itself and every template it uses (parents,
/// includes, imports, components), and the parts of `site` any of them reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateReads {
    /// Template names, the template itself included.
    pub templates: BTreeSet<String>,
    /// The parts of `site`.
    pub site: SiteReads,
}

/// What each template of a theme reads, from its sources (name → text).
pub fn scan<'a>(
    sources: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, TemplateReads> {
    let sources: BTreeMap<&str, &str> = sources.into_iter().collect();
    let names: BTreeSet<&str> = sources.keys().copied().collect();
    let direct: BTreeMap<&str, DirectReads> = sources
        .iter()
        .map(|(name, text)| (*name, DirectReads::of(text, &names)))
        .collect();
    // Tera components are global: a template may call one defined anywhere.
    let component_files: Vec<&str> = direct
        .iter()
        .filter(|(_, reads)| reads.defines_component)
        .map(|(name, _)| *name)
        .collect();
    direct
        .keys()
        .map(|name| {
            let mut reads = TemplateReads::default();
            let mut pending = vec![*name];
            pending.extend(&component_files);
            while let Some(next) = pending.pop() {
                if !reads.templates.insert(next.to_string()) {
                    continue;
                }
                let Some(own) = direct.get(next) else {
                    continue;
                };
                reads.site.union(&own.site);
                if own.uses_unknown_template {
                    pending.extend(&names);
                } else {
                    pending.extend(&own.templates);
                }
            }
            (name.to_string(), reads)
        })
        .collect()
}

/// What one template's own text reads.
struct DirectReads<'a> {
    templates: Vec<&'a str>,
    uses_unknown_template: bool,
    defines_component: bool,
    site: SiteReads,
}

impl<'a> DirectReads<'a> {
    fn of(text: &str, names: &BTreeSet<&'a str>) -> DirectReads<'a> {
        let mut reads = DirectReads {
            templates: Vec::new(),
            uses_unknown_template: false,
            defines_component: false,
            site: SiteReads::default(),
        };
        for code in code_regions(text) {
            for literal in string_literals(code) {
                if let Some(name) = names.get(literal) {
                    reads.templates.push(name);
                }
            }
            let words: Vec<&str> = code.split_whitespace().collect();
            if let [first, rest @ ..] = words.as_slice() {
                match *first {
                    "extends" | "include" | "import" => {
                        let literal = rest
                            .first()
                            .is_some_and(|w| w.starts_with('"') || w.starts_with('\''));
                        reads.uses_unknown_template |= !literal;
                    }
                    "component" => reads.defines_component = true,
                    _ => {}
                }
            }
            scan_site(code, &mut reads.site);
        }
        reads
    }
}

/// The code inside `{{ }}` and `{% %}` (comments `{# #}` skipped), delimiters and
/// whitespace-control dashes removed.
fn code_regions(text: &str) -> Vec<&str> {
    let mut regions = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = body.find(close).unwrap_or(body.len());
        if close != "#}" {
            regions.push(body[..end].trim_matches('-').trim());
        }
        rest = &body[(end + close.len()).min(body.len())..];
    }
    regions
}

/// The contents of the `"…"` and `'…'` literals in a piece of code.
fn string_literals(code: &str) -> Vec<&str> {
    let mut literals = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = &rest[start..start + 1];
        let body = &rest[start + 1..];
        let Some(end) = body.find(quote) else { break };
        literals.push(&body[..end]);
        rest = &body[end + 1..];
    }
    literals
}

/// Adds the parts of `site` that `code` reads: `site.KEY` names one part; `site`
/// anywhere else (passed on, `site[...]`) reads them all.
fn scan_site(code: &str, reads: &mut SiteReads) {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = code[from..].find("site") {
        let start = from + found;
        let end = start + "site".len();
        from = end;
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| is_ident(c) || c == '.') {
            continue;
        }
        let after = &code[end..];
        if after.chars().next().is_some_and(is_ident) {
            continue;
        }
        match after.strip_prefix('.') {
            Some(member) => {
                let key: String = member.chars().take_while(|c| is_ident(*c)).collect();
                reads.add_key(&key);
            }
            None => *reads = SiteReads::ALL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(sources: &[(&'static str, &'static str)]) -> BTreeMap<String, TemplateReads> {
        scan(sources.iter().copied())
    }

    #[test]
    fn parents_includes_and_components_are_followed() {
        let reads = scanned(&[
            (
                "base.html",
                "<html>{% block body %}{% endblock %}{{ site.time }}</html>",
            ),
            (
                "post.html",
                r#"{% extends "base.html" %}{% include 'bits.html' %}"#,
            ),
            ("bits.html", "{{ page.title }}"),
            (
                "parts.html",
                "{% component card(x) %}{{ site.pages }}{% endcomponent card %}",
            ),
            ("other.html", "{{ page.title }}"),
        ]);
        let post = &reads["post.html"];
        let names: Vec<&str> = post.templates.iter().map(String::as_str).collect();
        assert_eq!(names, ["base.html", "bits.html", "parts.html", "post.html"]);
        assert!(post.site.time && post.site.pages && !post.site.posts);
        assert!(!reads["other.html"].templates.contains("post.html"));
    }

    #[test]
    fn site_keys_are_told_apart_and_site_as_a_whole_reads_everything() {
        let reads = scanned(&[
            (
                "a.html",
                "{% for p in site.posts %}{{ site.title }}{% endfor %} website",
            ),
            ("b.html", "{% set s = site %}{{ s.tags }}"),
            ("c.html", "{# site #}{{ mysite.posts }} a site of mine"),
        ]);
        let a = reads["a.html"].site;
        assert!(a.posts && !a.tags && !a.pages);
        assert_eq!(reads["b.html"].site, SiteReads::ALL);
        assert_eq!(reads["c.html"].site, SiteReads::default());
    }

    #[test]
    fn a_computed_template_name_depends_on_every_template() {
        let reads = scanned(&[("a.html", "{% include page.partial %}"), ("b.html", "b")]);
        assert_eq!(reads["a.html"].templates.len(), 2);
    }
}
