//! The command-line side of `check`: flags, examples, the report and the exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use coldstart::build;
use coldstart::check::{self, external::ExternalOptions};
use coldstart::config::Config;
use coldstart::diagnostic;

use super::SiteFlags;

/// `check`'s examples.
pub const CHECK_EXAMPLES: &str = "Examples:
  coldstart check                      # internal links, anchors, images, ids; lists external hosts
  coldstart check -s content --drafts  # the site as `build --drafts` makes it
  coldstart check --external           # also fetch every external link (cached for a day)
  coldstart check --external --timeout 5 --concurrency 4 --retries 1

Exits 1 when anything is found, 0 when the site is clean.";

/// `check`'s own flags, beside the site flags.
#[derive(Args)]
pub struct CheckFlags {
    #[command(flatten)]
    site: SiteFlags,
    #[command(flatten)]
    external: ExternalFlags,
}

/// How external links are fetched.
#[derive(Args)]
struct ExternalFlags {
    /// Fetch every external link (otherwise they are only counted per host)
    #[arg(long)]
    external: bool,
    /// Seconds before a request for an external link gives up
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
    /// External links fetched at once
    #[arg(long, value_name = "N", default_value_t = 8)]
    concurrency: usize,
    /// Extra attempts after a network error, a 429 or a 5xx
    #[arg(long, value_name = "N", default_value_t = 2)]
    retries: u32,
    /// The cache of fetched links [default: SOURCE/.jekyll-cache/coldstart-links.json]
    #[arg(long, value_name = "FILE")]
    cache: Option<PathBuf>,
    /// Fetch every external link again, ignoring and not writing the cache
    #[arg(long)]
    no_cache: bool,
}

impl ExternalFlags {
    /// The fetch options, `None` without `--external`.
    fn options(self, source: &Path) -> Option<ExternalOptions> {
        let cache = match (self.no_cache, self.cache) {
            (true, _) => None,
            (false, Some(file)) => Some(file),
            (false, None) => Some(source.join(".jekyll-cache/coldstart-links.json")),
        };
        self.external.then(|| ExternalOptions {
            timeout: Duration::from_secs(self.timeout),
            concurrency: self.concurrency,
            retries: self.retries,
            cache,
            max_age: Duration::from_secs(24 * 60 * 60),
        })
    }
}

/// `1 host`, `2 hosts`.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `coldstart check`.
pub fn run_check(flags: CheckFlags) -> ExitCode {
    let site = match Config::load(&flags.site.into_options())
        .map_err(build::BuildError::from)
        .and_then(build::render_site)
    {
        Ok(site) => site,
        Err(error) => {
            eprintln!("{}", diagnostic::report(&error));
            return ExitCode::FAILURE;
        }
    };
    for warning in site
        .warnings
        .iter()
        .filter(|w| !check::is_undefined_reference(w))
    {
        eprintln!("{warning}");
    }
    let mut report = check::check_site(&site);
    let hosts = report.hosts();
    println!(
        "External links: {} on {}",
        report.external.len(),
        plural(hosts.len(), "host", "hosts")
    );
    for (host, count) in &hosts {
        println!("  {count:>4}  {host}");
    }
    if let Some(options) = flags.external.options(&site.config.source) {
        let urls: Vec<String> = report.external.iter().map(|l| l.url.clone()).collect();
        report.add_external_outcomes(&check::external::fetch_all(&urls, &options));
    } else if !report.external.is_empty() {
        println!("(not fetched; `--external` fetches them)");
    }
    for problem in &report.problems {
        println!("{problem}");
    }
    let pages = site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    println!(
        "Checked {}: {}",
        plural(pages, "page", "pages"),
        report.summary()
    );
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
