//! `check --external`: fetching the external links, a few at a time, each with a
//! timeout and retries, remembering successes in a cache file so that the next run
//! asks only for what is new, failed, or older than a day.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How external links are fetched.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Per request, connection to body.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Extra attempts after a network error, a 429 or a 5xx.
    pub retries: u32,
    /// The cache file (JSON), `None` for no cache.
    pub cache: Option<PathBuf>,
    /// How long a success in the cache is trusted.
    pub max_age: Duration,
}

/// What fetching one URL gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The final HTTP status (after redirects), when there was an answer.
    pub status: Option<u16>,
    /// The network error, when there was none.
    pub error: Option<String>,
    /// When it was fetched (seconds since the Unix epoch).
    pub checked: u64,
}

impl Outcome {
    /// Whether the link works: a 2xx answer.
    pub fn is_ok(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// `HTTP 404`, or the network error, for a report line.
    pub fn describe(&self) -> String {
        match (&self.status, &self.error) {
            (Some(status), _) => format!("HTTP {status}"),
            (None, Some(error)) => error.clone(),
            (None, None) => "no answer".to_string(),
        }
    }
}

/// The cache file's contents: outcome by URL.
type Cache = BTreeMap<String, Outcome>;

/// Fetches each of `urls` (or takes a fresh success from the cache) and returns the
/// outcomes by URL; the cache file is updated when one is set.
pub fn fetch_all(urls: &[String], options: &ExternalOptions) -> BTreeMap<String, Outcome> {
    let now = unix_now();
    let cache = options.cache.as_deref().map(read_cache).unwrap_or_default();
    let fresh = |outcome: &&Outcome| {
        outcome.is_ok() && now.saturating_sub(outcome.checked) < options.max_age.as_secs()
    };
    let mut outcomes: BTreeMap<String, Outcome> = urls
        .iter()
        .filter_map(|url| {
            cache
                .get(url)
                .filter(fresh)
                .map(|o| (url.clone(), o.clone()))
        })
        .collect();
    let to_fetch: Vec<&String> = urls.iter().filter(|u| !outcomes.contains_key(*u)).collect();
    let agent = agent(options.timeout);
    let next = AtomicUsize::new(0);
    let fetched = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.clamp(1, to_fetch.len().max(1)) {
            scope.spawn(|| {
                while let Some(url) = to_fetch.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = fetch_with_retries(&agent, url, options.retries);
                    fetched
                        .lock()
                        .expect("no worker panics")
                        .push(((*url).clone(), outcome));
                }
            });
        }
    });
    outcomes.extend(fetched.into_inner().expect("no worker panics"));
    if let Some(path) = &options.cache {
        let mut updated = cache;
        updated.extend(outcomes.iter().map(|(u, o)| (u.clone(), o.clone())));
        write_cache(path, &updated);
    }
    outcomes
}

/// The HTTP client: statuses are answers, not errors.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("coldstart-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// One URL, retried after network errors, 429 and 5xx, with a growing pause.
fn fetch_with_retries(agent: &ureq::Agent, url: &str, retries: u32) -> Outcome {
    let mut attempt = 0;
    loop {
        let outcome = match agent.get(url).call() {
            Ok(response) => Outcome {
                status: Some(response.status().as_u16()),
                error: None,
                checked: unix_now(),
            },
            Err(error) => Outcome {
                status: None,
                error: Some(error.to_string()),
                checked: unix_now(),
            },
        };
        let transient = outcome.status.is_none_or(|s| s == 429 || s >= 500);
        if !transient || attempt >= retries {
            return outcome;
        }
        attempt += 1;
        std::thread::sleep(Duration::from_millis(250 * u64::from(attempt)));
    }
}

/// Seconds since the Unix epoch.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The cache, or an empty one when the file is missing or unreadable (a cache is
/// only ever an optimization).
fn read_cache(path: &Path) -> Cache {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes the cache; a failure only costs the next run some requests, so it is
/// reported and ignored.
fn write_cache(path: &Path, cache: &Cache) {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            let text = serde_json::to_string_pretty(cache).unwrap_or_default();
            std::fs::write(path, text)
        });
    if let Err(error) = written {
        eprintln!(
            "{}: warning: cannot write the link cache: {error}",
            path.display()
        );
    }
}
