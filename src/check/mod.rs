//! `check`: the built site's broken links, missing anchors, undefined reference
//! links, missing images and assets, and duplicate ids, each at the source line it
//! was written on when that can be known; and its external links, counted per host
//! and fetched on request ([`external`]).

pub mod external;
mod html;
mod locate;
mod resolve;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::build::RenderedSite;
use crate::diagnostic::{Location, Warning};
use crate::output::Contents;
use html::{PageScan, Target};
use locate::{Locator, Needle};
use resolve::{Resolved, SiteUrls};

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemKind {
    /// A link to a page or file the site does not have.
    BrokenLink,
    /// A `#fragment` no element of the target page has as id.
    MissingAnchor,
    /// `[text][ref]` with no `[ref]: …` definition (left as text).
    UndefinedReference,
    /// An image the site does not have.
    MissingImage,
    /// A stylesheet, script or media file the site does not have.
    MissingAsset,
    /// An id carried by more than one element of a page.
    DuplicateId,
    /// An external link that did not answer with success (`--external`).
    BrokenExternal,
}

impl ProblemKind {
    /// The summary's name for `count` problems of this kind.
    fn label(self, count: usize) -> String {
        let (one, many) = match self {
            ProblemKind::BrokenLink => ("broken link", "broken links"),
            ProblemKind::MissingAnchor => ("missing anchor", "missing anchors"),
            ProblemKind::UndefinedReference => ("undefined reference", "undefined references"),
            ProblemKind::MissingImage => ("missing image", "missing images"),
            ProblemKind::MissingAsset => ("missing asset", "missing assets"),
            ProblemKind::DuplicateId => ("duplicate id", "duplicate ids"),
            ProblemKind::BrokenExternal => ("broken external link", "broken external links"),
        };
        format!("{count} {}", if count == 1 { one } else { many })
    }
}

/// One problem, where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The source file and line.
    pub location: Location,
    /// Its kind.
    pub kind: ProblemKind,
    /// One line for a person.
    pub message: String,
}

impl Problem {
    /// The report's order: by file, line, column, then kind and message.
    fn sort_key(&self) -> (&std::path::Path, usize, usize, ProblemKind, &str) {
        let l = &self.location;
        (&l.path, l.line, l.column, self.kind, &self.message)
    }
}

impl Ord for Problem {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Problem {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A link to another site, where it is first written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The URL without fragment.
    pub url: String,
    /// Its host.
    pub host: String,
    /// Where it is first written.
    pub location: Location,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The problems, by file and line, each once.
    pub problems: Vec<Problem>,
    /// Every distinct external URL.
    pub external: Vec<ExternalLink>,
}

impl Report {
    /// How many distinct external URLs each host has.
    pub fn hosts(&self) -> BTreeMap<&str, usize> {
        let mut hosts = BTreeMap::new();
        for link in &self.external {
            *hosts.entry(link.host.as_str()).or_default() += 1;
        }
        hosts
    }

    /// `2 broken links, 1 missing anchor` (or `no problems`).
    pub fn summary(&self) -> String {
        let mut counts: BTreeMap<ProblemKind, usize> = BTreeMap::new();
        for problem in &self.problems {
            *counts.entry(problem.kind).or_default() += 1;
        }
        if counts.is_empty() {
            return "no problems".to_string();
        }
        let parts: Vec<String> = counts.iter().map(|(kind, n)| kind.label(*n)).collect();
        parts.join(", ")
    }

    /// Adds a problem for each external link whose outcome is not a success.
    pub fn add_external_outcomes(&mut self, outcomes: &BTreeMap<String, external::Outcome>) {
        for link in &self.external {
            match outcomes.get(&link.url) {
                Some(outcome) if !outcome.is_ok() => self.problems.push(Problem {
                    location: link.location.clone(),
                    kind: ProblemKind::BrokenExternal,
                    message: format!("external link `{}`: {}", link.url, outcome.describe()),
                }),
                _ => {}
            }
        }
        self.problems.sort();
    }
}

/// Whether a build warning is the Markdown renderer's undefined reference link (which
/// `check` reports as a problem).
pub fn is_undefined_reference(warning: &Warning) -> bool {
    warning.message.starts_with("link reference `")
}

/// Checks a site rendered in memory.
pub fn check_site(site: &RenderedSite) -> Report {
    let scans = scan_pages(site);
    let urls = SiteUrls {
        url: &site.config.url,
        baseurl: &site.config.baseurl,
    };
    let mut locator = Locator::new(site.config.theme.folder());
    let mut problems = BTreeSet::new();
    let mut external: Vec<ExternalLink> = Vec::new();
    let mut seen_external = BTreeSet::new();
    for (page, scan) in &scans {
        let source = site
            .files
            .get(page)
            .map(|f| f.source.clone())
            .unwrap_or_default();
        for reference in &scan.references {
            let resolved = resolve::resolve(&reference.url, page, &urls);
            let Some((kind, message)) = (match resolved {
                Resolved::External { url, host } => {
                    if seen_external.insert(url.clone()) {
                        let location = locator.locate(&source, &url_needles(&reference.url, &urls));
                        external.push(ExternalLink {
                            url,
                            host,
                            location,
                        });
                    }
                    None
                }
                Resolved::Ignored => None,
                Resolved::OutsideBaseurl(path) => missing_baseurl(site, &reference.url, &path),
                Resolved::Internal { path, fragment } => {
                    internal_problem(site, &scans, page, reference, path, &fragment)
                }
            }) else {
                continue;
            };
            let location = locator.locate(&source, &url_needles(&reference.url, &urls));
            problems.insert(Problem {
                location,
                kind,
                message,
            });
        }
        for id in scan.duplicate_ids() {
            let needles = [
                Needle::around("id=\"", id, "\""),
                Needle::around("id='", id, "'"),
                Needle::around("{#", id, "}"),
                Needle::around("name=\"", id, "\""),
            ];
            problems.insert(Problem {
                location: locator.locate(&source, &needles),
                kind: ProblemKind::DuplicateId,
                message: format!("id `{id}` is on {} elements of /{page}", scan.ids[id]),
            });
        }
    }
    for warning in site.warnings.iter().filter(|w| is_undefined_reference(w)) {
        problems.insert(Problem {
            location: warning.location.clone(),
            kind: ProblemKind::UndefinedReference,
            message: warning.message.clone(),
        });
    }
    Report {
        problems: problems.into_iter().collect(),
        external,
    }
}

/// The problem with an internal reference, if any.
fn internal_problem(
    site: &RenderedSite,
    scans: &BTreeMap<String, PageScan>,
    page: &str,
    reference: &html::Reference,
    path: Option<String>,
    fragment: &str,
) -> Option<(ProblemKind, String)> {
    let url = &reference.url;
    let target = match &path {
        None => page,
        Some(path) => match resolve::find_file(&site.files, path) {
            Some(target) => target,
            None => {
                let (kind, what) = match reference.target {
                    Target::Page => (ProblemKind::BrokenLink, "link to"),
                    Target::Image => (ProblemKind::MissingImage, "image"),
                    Target::Asset => (ProblemKind::MissingAsset, "asset"),
                };
                return Some((kind, format!("{what} `{url}`: the site has no /{path}")));
            }
        },
    };
    let scan = scans.get(target)?;
    (!scan.has_anchor(fragment)).then(|| {
        (
            ProblemKind::MissingAnchor,
            format!("link to `{url}`: /{target} has no element with id `{fragment}`"),
        )
    })
}

/// A link outside the `baseurl` is another site's, unless this site has the page it
/// names: then the link forgot the `baseurl` (`/about/` for `/blog/about/`), and is
/// broken once the site is published under it.
fn missing_baseurl(site: &RenderedSite, url: &str, path: &str) -> Option<(ProblemKind, String)> {
    resolve::find_file(&site.files, path)?;
    Some((
        ProblemKind::BrokenLink,
        format!(
            "link to `{url}`: outside the baseurl `{}`; the page is at {}/{path}",
            site.config.baseurl, site.config.baseurl
        ),
    ))
}

/// What to look for in the source to find where `url` was written: as Markdown,
/// an HTML attribute or a reference definition writes it (never a quoted `"/"` in
/// a code sample), as written and without the `baseurl` a
/// template or Liquid put in front of it; then a long URL alone, then the `#fragment`
/// of a URL built by Liquid (`{% post_url x %}#part`).
fn url_needles(url: &str, urls: &SiteUrls) -> Vec<Needle> {
    let mut forms = vec![url];
    if let Some(rest) = url
        .strip_prefix(urls.baseurl)
        .filter(|_| !urls.baseurl.is_empty())
    {
        forms.push(rest);
    }
    let mut needles = Vec::new();
    for form in &forms {
        for (before, after) in [
            ("(", ")"),
            ("(", " "),
            ("<", ">"),
            ("]: ", ""),
            ("href=\"", "\""),
            ("src=\"", "\""),
            ("href='", "'"),
            ("src='", "'"),
        ] {
            needles.push(Needle::around(before, form, after));
        }
    }
    needles.extend(
        forms
            .iter()
            .filter(|f| f.len() >= 8)
            .map(|f| Needle::around("", f, "")),
    );
    if let Some((_, fragment)) = url
        .split_once('#')
        .filter(|(path, f)| !path.is_empty() && !f.is_empty())
    {
        needles.push(Needle::around("", &format!("#{fragment}"), ""));
    }
    needles
}

/// Every HTML page of the site, scanned, by output path (in order, so that the
/// report, and the place an external link is first seen, do not vary between runs).
fn scan_pages(site: &RenderedSite) -> BTreeMap<String, PageScan> {
    let pages: Vec<_> = site
        .files
        .iter()
        .filter(|file| file.path.ends_with(".html") || file.path.ends_with(".htm"))
        .collect();
    pages
        .par_iter()
        .filter_map(|file| {
            let text = match &file.contents {
                Contents::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Contents::CopyOf(path) => std::fs::read_to_string(path).ok()?,
            };
            Some((file.path.clone(), html::scan(&text)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{MarkdownOptions, to_html};

    #[test]
    fn the_markdown_warning_for_an_undefined_reference_is_recognized() {
        let output = to_html(
            "See [the docs][nowhere].\n",
            &MarkdownOptions::default(),
            &|_, code| code.to_string(),
        );
        let warning = Warning {
            location: Location::file("x.md"),
            message: output.warnings[0].message.clone(),
        };
        assert!(is_undefined_reference(&warning));
    }
}
