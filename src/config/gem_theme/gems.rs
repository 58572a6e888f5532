//! Finding an installed gem as RubyGems does, without Ruby: the `gems/` folders of the
//! usual install places, `NAME-VERSION` folders in them, the highest version (or the
//! one `Gemfile.lock` pins), and the runtime dependencies its gemspec declares.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// The install places searched, as patterns (`*` is any one folder name), after
/// `GEM_HOME` and `GEM_PATH` and before the site's Bundler `vendor/bundle`.
const SYSTEM_GEM_DIRS: &[&str] = &[
    "~/.gem/ruby/*/gems",
    "~/.local/share/gem/ruby/*/gems",
    "/var/lib/gems/*/gems",
    "/usr/local/lib/ruby/gems/*/gems",
    "/usr/lib/ruby/gems/*/gems",
    "/usr/share/rubygems-integration/*/gems",
    "/usr/lib/*/rubygems-integration/*/gems",
];

/// Where gems are looked for: patterns of `gems/` folders, in search order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GemSearch {
    patterns: Vec<String>,
}

/// One installed gem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledGem {
    /// Its version, as in its folder name.
    pub version: String,
    /// Its folder (`…/gems/NAME-VERSION`).
    pub root: PathBuf,
}

impl GemSearch {
    /// RubyGems' places on this machine (`GEM_HOME`, `GEM_PATH`, the user's and the
    /// system's gem folders, Debian's) and Bundler's `vendor/bundle` in each of `sites`.
    pub fn standard(sites: &[&Path]) -> GemSearch {
        let mut patterns: Vec<String> = Vec::new();
        let from_env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        patterns.extend(from_env("GEM_HOME").map(|home| format!("{home}/gems")));
        if let Some(path) = from_env("GEM_PATH") {
            patterns.extend(
                (path.split(':'))
                    .filter(|p| !p.is_empty())
                    .map(|p| format!("{p}/gems")),
            );
        }
        let home = from_env("HOME");
        for pattern in SYSTEM_GEM_DIRS {
            match (pattern.strip_prefix("~/"), &home) {
                (Some(rest), Some(home)) => patterns.push(format!("{home}/{rest}")),
                (Some(_), None) => {}
                (None, _) => patterns.push(pattern.to_string()),
            }
        }
        for site in sites {
            let pattern = format!("{}/vendor/bundle/ruby/*/gems", site.display());
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
        GemSearch { patterns }
    }

    /// A search of exactly these `gems/` folder patterns (tests, and callers that know).
    pub fn in_folders(patterns: Vec<String>) -> GemSearch {
        GemSearch { patterns }
    }

    /// The patterns searched, for a message.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The gem `name`: the `pinned` version when one is installed, else the highest.
    pub fn find(&self, name: &str, pinned: Option<&str>) -> Option<InstalledGem> {
        let found: Vec<InstalledGem> = (self.patterns.iter())
            .flat_map(|pattern| expand(pattern))
            .flat_map(|gems_dir| versions_in(&gems_dir, name))
            .collect();
        if let Some(gem) = pinned.and_then(|v| found.iter().find(|g| g.version == v)) {
            return Some(gem.clone());
        }
        found.into_iter().reduce(
            |best, gem| match compare_versions(&gem.version, &best.version) {
                Ordering::Greater => gem,
                _ => best,
            },
        )
    }
}

/// The folders a pattern names: each `*` component matches any folder name there.
fn expand(pattern: &str) -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from(if pattern.starts_with('/') {
        "/"
    } else {
        ""
    })];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        found = found
            .into_iter()
            .flat_map(|dir| -> Vec<PathBuf> {
                if component != "*" {
                    return vec![dir.join(component)];
                }
                let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .into_iter()
                    .flatten()
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir())
                    .collect();
                names.sort();
                names
            })
            .collect();
    }
    found.into_iter().filter(|dir| dir.is_dir()).collect()
}

/// The versions of `name` in one `gems/` folder (`NAME-VERSION` folders; a gem built
/// for a platform, `NAME-VERSION-PLATFORM`, is not a theme and is left out).
fn versions_in(gems_dir: &Path, name: &str) -> Vec<InstalledGem> {
    let prefix = format!("{name}-");
    std::fs::read_dir(gems_dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let folder = entry.file_name().to_string_lossy().into_owned();
            let version = folder.strip_prefix(&prefix)?;
            let valid = version.starts_with(|c: char| c.is_ascii_digit())
                && version
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.');
            (valid && entry.path().is_dir()).then(|| InstalledGem {
                version: version.to_string(),
                root: entry.path(),
            })
        })
        .collect()
}

/// One part of a version: RubyGems splits `1.10.0.pre2` into 1, 10, 0, "pre", 2.
#[derive(Debug, PartialEq, Eq)]
enum Segment<'a> {
    Number(u64),
    Text(&'a str),
}

/// A version's segments, trailing zeros dropped (`1.0` equals `1`).
fn segments(version: &str) -> Vec<Segment<'_>> {
    let mut parts = Vec::new();
    for piece in version.split('.') {
        let mut rest = piece;
        while !rest.is_empty() {
            let digits = rest.starts_with(|c: char| c.is_ascii_digit());
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (head, tail) = rest.split_at(end);
            parts.push(match head.parse() {
                Ok(n) if digits => Segment::Number(n),
                _ => Segment::Text(head),
            });
            rest = tail;
        }
    }
    while parts.last() == Some(&Segment::Number(0)) {
        parts.pop();
    }
    parts
}

/// `Gem::Version#<=>`: numbers compare as numbers, a text segment (a prerelease)
/// sorts before any number, and a missing segment counts as 0.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let (a, b) = (segments(a), segments(b));
    for i in 0..a.len().max(b.len()) {
        let order = match (a.get(i), b.get(i)) {
            (Some(Segment::Number(x)), Some(Segment::Number(y))) => x.cmp(y),
            (Some(Segment::Text(x)), Some(Segment::Text(y))) => x.cmp(y),
            (Some(Segment::Text(_)), _) => Ordering::Less,
            (_, Some(Segment::Text(_))) => Ordering::Greater,
            (Some(Segment::Number(x)), None) => x.cmp(&0),
            (None, Some(Segment::Number(y))) => 0.cmp(y),
            (None, None) => Ordering::Equal,
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// The version of `name` a `Gemfile.lock` pins (`    NAME (VERSION)` under `specs:`).
pub fn pinned_version(lock: &str, name: &str) -> Option<String> {
    lock.lines().find_map(|line| {
        let entry = line.strip_prefix("    ").filter(|l| !l.starts_with(' '))?;
        let (gem, version) = entry.split_once(" (")?;
        let version = version.strip_suffix(')')?;
        // A platform gem is pinned as `VERSION-PLATFORM`.
        (gem == name).then(|| version.split('-').next().unwrap_or(version).to_string())
    })
}

/// The runtime dependencies an installed gem declares: its specification beside the
/// `gems/` folder (`specifications/NAME-VERSION.gemspec`), else the gemspec in its root.
pub fn runtime_dependencies(gem: &InstalledGem, name: &str) -> Vec<String> {
    let folder = gem
        .root
        .file_name()
        .map(|f| f.to_string_lossy().into_owned());
    let installed_spec =
        (gem.root.parent().and_then(Path::parent))
            .zip(folder)
            .map(|(base, folder)| {
                base.join("specifications")
                    .join(format!("{folder}.gemspec"))
            });
    let candidates = installed_spec
        .into_iter()
        .chain([gem.root.join(format!("{name}.gemspec"))]);
    candidates
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| declared_dependencies(&text))
        .next()
        .unwrap_or_default()
}

/// The names a gemspec's `add_runtime_dependency`/`add_dependency` lines declare.
/// RubyGems' generated specifications repeat every dependency, development ones
/// included, as `add_dependency` in a fallback branch for old RubyGems: there only
/// the `add_runtime_dependency` lines count.
fn declared_dependencies(gemspec: &str) -> Vec<String> {
    let generated_fallback = gemspec.contains("respond_to? :add_runtime_dependency");
    let methods: &[&str] = if generated_fallback {
        &["add_runtime_dependency"]
    } else {
        &["add_runtime_dependency", "add_dependency"]
    };
    let mut names: Vec<String> = Vec::new();
    for line in gemspec.lines() {
        let Some(after) = methods
            .iter()
            .find_map(|method| line.split_once(&format!(".{method}")).map(|(_, a)| a))
        else {
            continue;
        };
        if let Some(name) = quoted_name(after).filter(|n| !names.contains(n)) {
            names.push(name);
        }
    }
    names
}

/// The first argument of a call's text when it is a quoted string: `("x"`, ` 'x'`,
/// `(%q<x>.freeze`.
fn quoted_name(call: &str) -> Option<String> {
    let rest = call.trim_start().trim_start_matches('(').trim_start();
    let (open, close) = match rest.chars().next()? {
        '"' => ("\"", '"'),
        '\'' => ("'", '\''),
        '%' if rest.starts_with("%q<") => ("%q<", '>'),
        _ => return None,
    };
    let inner = &rest[open.len()..];
    inner.find(close).map(|end| inner[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_as_rubygems_does() {
        assert_eq!(compare_versions("2.5.1", "2.5.10"), Ordering::Less);
        assert_eq!(compare_versions("3.0", "3"), Ordering::Equal);
        assert_eq!(compare_versions("3.0.0.pre1", "3.0.0"), Ordering::Less);
        assert_eq!(
            compare_versions("3.0.0.pre2", "3.0.0.pre10"),
            Ordering::Less
        );
        assert_eq!(compare_versions("10.0", "9.9.9"), Ordering::Greater);
    }

    #[test]
    fn lock_pins_a_version() {
        let lock = "GEM\n  remote: https://rubygems.org/\n  specs:\n    jekyll (4.3.1)\n      \
                    minima (~> 2.5)\n    minima (2.5.1)\n      jekyll-feed (~> 0.9)\n";
        assert_eq!(pinned_version(lock, "minima").as_deref(), Some("2.5.1"));
        assert_eq!(pinned_version(lock, "jekyll-feed"), None);
    }

    #[test]
    fn generated_and_source_gemspecs_declare_runtime_dependencies() {
        let generated = "  if s.respond_to? :add_runtime_dependency then\n    \
            s.add_runtime_dependency(%q<jekyll>.freeze, [\">= 3.5\"])\n    \
            s.add_runtime_dependency(%q<jekyll-feed>.freeze, [\"~> 0.9\"])\n    \
            s.add_development_dependency(%q<bundler>.freeze, [\">= 1.15\"])\n  else\n    \
            s.add_dependency(%q<jekyll>.freeze, [\">= 3.5\"])\n    \
            s.add_dependency(%q<bundler>.freeze, [\">= 1.15\"])\n  end\n";
        assert_eq!(declared_dependencies(generated), ["jekyll", "jekyll-feed"]);
        let source = "  spec.add_runtime_dependency \"jekyll-seo-tag\", \"~> 2.1\"\n  \
            spec.add_dependency 'jekyll-sitemap'\n  spec.add_development_dependency \"rake\"\n";
        assert_eq!(
            declared_dependencies(source),
            ["jekyll-seo-tag", "jekyll-sitemap"]
        );
    }

    #[test]
    fn the_pinned_version_wins_else_the_highest() {
        let dir = tempfile::tempdir().unwrap();
        for folder in [
            "a/gems/minima-2.5.1",
            "b/gems/minima-2.10.0",
            "b/gems/minima-extra-9.0",
            "b/gems/minima-3.0.0-x86_64-linux",
        ] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        let search = GemSearch::in_folders(vec![format!("{}/*/gems", dir.path().display())]);
        let highest = search.find("minima", None).unwrap();
        assert_eq!(highest.version, "2.10.0");
        assert_eq!(highest.root, dir.path().join("b/gems/minima-2.10.0"));
        assert_eq!(
            search.find("minima", Some("2.5.1")).unwrap().version,
            "2.5.1"
        );
        assert_eq!(
            search.find("minima", Some("1.0")).unwrap().version,
            "2.10.0"
        );
        assert!(search.find("minimal", None).is_none());
    }
}
