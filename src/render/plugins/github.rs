//! jekyll-github-metadata, offline: `site.github` with what the plugin knows
//! without GitHub's API (values derived from the repository's owner and name,
//! and from the environment), the `site.title` fallback, and
//! `{% github_edit_link ["text"] %}`.
//!
//! Checked against jekyll-github-metadata 2.15 under Jekyll 4.3.1 with no network
//! and no `JEKYLL_GITHUB_TOKEN`: values that need the API (description,
//! contributors, releases…) are absent, as they come out empty there.

use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use liquid_core::model::ScalarCow;
use liquid_core::{
    Error, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter, ValueView,
};
use regex::Regex;
use serde_json::{Value, json};

use crate::config::GithubMetadataSettings;
use crate::render::liquid::{decode_tag_markup, warn_at};

/// The GitHub host the plugin assumes.
const GITHUB_URL: &str = "https://github.com";

/// The repository, `owner/name`: `PAGES_REPO_NWO`, else `repository:` (any text
/// with a `/`, taken as written), else the `origin` remote of the source's git
/// checkout (outside production, as the plugin looks only there).
fn name_with_owner(
    settings: &GithubMetadataSettings,
    source: &Path,
    environment: &str,
) -> Option<String> {
    if let Ok(nwo) = std::env::var("PAGES_REPO_NWO") {
        return Some(nwo);
    }
    if let Some(repository) = &settings.repository {
        return Some(repository.clone());
    }
    if !matches!(environment, "development" | "test") {
        return None;
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(source)
        .args(["remote", "get-url", "origin"])
        .output()
        .ok()?;
    nwo_from_remote(String::from_utf8_lossy(&output.stdout).trim())
}

/// `owner/name` of a `github.com` remote URL (https or ssh).
fn nwo_from_remote(url: &str) -> Option<String> {
    static REMOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"github\.com(?::|/)([\w-]+)/([\w.-]+)").expect("valid regex"));
    let found = REMOTE.captures(url.strip_suffix(".git").unwrap_or(url))?;
    Some(format!("{}/{}", &found[1], &found[2]))
}

/// The Pages environment: `PAGES_ENV`, else `JEKYLL_ENV`, else `development`.
fn environment() -> String {
    ["PAGES_ENV", "JEKYLL_ENV"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "development".to_string())
}

/// What `site` gains: `github` (merged with the configuration's own `github:` map,
/// which wins), and `title` when the configuration has neither `title` nor `name`.
pub(crate) fn site_values(
    settings: &GithubMetadataSettings,
    source: &Path,
) -> Vec<(String, Value)> {
    let environment = environment();
    let pages_hostname = if environment == "development" {
        "localhost:4000"
    } else {
        "github.io"
    };
    let mut github = json!({
        "environment": environment,
        "pages_env": environment,
        "hostname": "github.com",
        "pages_hostname": pages_hostname,
        "api_url": "https://api.github.com",
        "help_url": "https://help.github.com",
    });
    let nwo = name_with_owner(settings, source, &environment);
    let repository = nwo
        .as_deref()
        .map(|nwo| repository_values(nwo, pages_hostname));
    if let (Value::Object(github), Some(Value::Object(values))) = (&mut github, &repository) {
        github.extend(values.clone());
    }
    let github = match (&settings.own, github) {
        (Some(Value::Object(own)), Value::Object(mut merged)) => {
            merged.extend(own.clone());
            Value::Object(merged)
        }
        (Some(other), _) => other.clone(),
        (None, computed) => computed,
    };
    let mut values = vec![("github".to_string(), github)];
    if let (false, Some(repository)) = (settings.has_title, &repository) {
        let title = if repository["is_user_page"] == true {
            &repository["owner_name"]
        } else {
            &repository["repository_name"]
        };
        values.push(("title".to_string(), title.clone()));
    }
    values
}

/// The values the plugin derives from `owner/name` alone.
fn repository_values(nwo: &str, pages_hostname: &str) -> Value {
    let owner = nwo.split('/').next().unwrap_or_default();
    let name = nwo.rsplit('/').next().unwrap_or_default();
    let user_domain = if owner == "github" {
        format!("{owner}.github.com")
    } else {
        format!("{owner}.{pages_hostname}")
    };
    let user_page = [user_domain, format!("{owner}.github.com")]
        .iter()
        .any(|domain| domain.eq_ignore_ascii_case(name));
    let branch = if user_page { "master" } else { "gh-pages" };
    let owner_url = format!("{GITHUB_URL}/{owner}");
    let repository_url = format!("{owner_url}/{name}");
    let pages_path = if user_page { owner } else { nwo };
    json!({
        "owner_name": owner,
        "owner_url": owner_url,
        "owner_gravatar_url": format!("{owner_url}.png"),
        "repository_url": repository_url,
        "repository_nwo": nwo,
        "repository_name": name,
        "project_title": name,
        "clone_url": format!("{repository_url}.git"),
        "releases_url": format!("{repository_url}/releases"),
        "zip_url": format!("{repository_url}/zipball/{branch}"),
        "tar_url": format!("{repository_url}/tarball/{branch}"),
        "is_user_page": user_page,
        "is_project_page": !user_page,
        "url": format!("{GITHUB_URL}/pages/{pages_path}"),
        "baseurl": format!("/pages/{pages_path}"),
        "source": {"branch": branch, "path": "/"},
    })
}

/// Parses `github_edit_link`.
#[derive(Clone, Debug)]
pub(crate) struct EditLinkTag;

impl TagReflection for EditLinkTag {
    fn tag(&self) -> &str {
        "github_edit_link"
    }

    fn description(&self) -> &str {
        "jekyll-github-metadata: the URL (or a link, given text) that edits the page on GitHub."
    }
}

/// A parsed `github_edit_link`: its line, and the link text when the markup
/// quotes one.
#[derive(Debug)]
struct EditLink {
    line: usize,
    text: Option<String>,
}

impl ParseTag for EditLinkTag {
    fn parse(&self, mut arguments: TagTokenIter<'_>, _: &Language) -> Result<Box<dyn Renderable>> {
        static TEXT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r#""(.*)"|'(.*)'"#).expect("valid regex"));
        let (line, markup) = decode_tag_markup(&mut arguments)?;
        let text = TEXT
            .captures(&markup)
            .and_then(|c| c.get(1).or(c.get(2)))
            .map(|m| m.as_str().to_string());
        Ok(Box::new(EditLink { line, text }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// A variable's text, if it is set.
fn text_at(runtime: &dyn Runtime, path: &[&str]) -> Option<String> {
    let path: Vec<ScalarCow<'_>> = path.iter().map(|p| ScalarCow::new(p.to_string())).collect();
    let value = runtime.try_get(&path)?;
    (!value.is_nil()).then(|| value.to_kstr().to_string())
}

/// The edit URL: repository URL, `edit`, branch, source folder and the page's path,
/// joined with single slashes (`None` when any is unknown).
fn edit_url(runtime: &dyn Runtime) -> Option<String> {
    let parts = [
        text_at(runtime, &["site", "github", "repository_url"]),
        Some("edit/".to_string()),
        text_at(runtime, &["site", "github", "source", "branch"]),
        text_at(runtime, &["site", "github", "source", "path"]),
        text_at(runtime, &["page", "path"]),
    ];
    let parts = parts.into_iter().collect::<Option<Vec<String>>>()?;
    let last = parts.len() - 1;
    let joined: String = parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let part = part.strip_prefix('/').unwrap_or(part);
            match (index == last, part.is_empty() || part.ends_with('/')) {
                (true, _) | (false, true) => part.to_string(),
                (false, false) => format!("{part}/"),
            }
        })
        .collect();
    Some(joined.replace(' ', "%20"))
}

impl Renderable for EditLink {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        // The plugin warns and links to nothing when it lacks a part.
        let url = edit_url(runtime).unwrap_or_else(|| {
            warn_at(
                runtime,
                self.line,
                "JekyllEditLink: Cannot generate edit URLs due to missing site.github data (no `repository:` in _config.yml nor a github.com `origin` remote)".to_string(),
            );
            String::new()
        });
        let html = match &self.text {
            Some(text) => format!("<a href=\"{url}\">{text}</a>"),
            None => url,
        };
        write!(writer, "{html}").map_err(|e| Error::with_msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes_give_owner_and_name() {
        let nwo = nwo_from_remote("git@github.com:octo/hello.world.git");
        assert_eq!(nwo.as_deref(), Some("octo/hello.world"));
        assert_eq!(
            nwo_from_remote("https://github.com/a-b/c").as_deref(),
            Some("a-b/c")
        );
        assert_eq!(nwo_from_remote("https://gitlab.com/a/b"), None);
    }

    #[test]
    fn project_and_user_pages_differ_as_in_the_plugin() {
        // Observed offline with jekyll-github-metadata 2.15, JEKYLL_ENV unset.
        let project = repository_values("octo/hello-world", "localhost:4000");
        assert_eq!(project["url"], "https://github.com/pages/octo/hello-world");
        assert_eq!(
            project["zip_url"],
            "https://github.com/octo/hello-world/zipball/gh-pages"
        );
        let user = repository_values("octo/octo.github.com", "localhost:4000");
        assert_eq!(user["source"]["branch"], "master");
        assert_eq!(user["baseurl"], "/pages/octo");
    }
}
