//! `coldstart check` on fixture sites: every planted defect found at its source line,
//! nothing on a clean site or on the blog in `content/`, and `--external` against a
//! local server (statuses, retries, the cache).

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

/// The repository, where the fixtures are.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `coldstart check -s SOURCE ARGS…` from the repository.
fn check(source: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_coldstart"))
        .current_dir(repo())
        .arg("check")
        .arg("-s")
        .arg(source)
        .args(args)
        .output()
        .expect("coldstart runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_clean_site_has_no_problems_and_lists_external_hosts() {
    let output = check(&repo().join("tests/fixtures/check/clean"), &[]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("Checked 5 pages: no problems"), "{text}");
    assert!(text.contains("External links: 1 on 1 host"), "{text}");
    assert!(text.contains("   1  example.org"), "{text}");
}

#[test]
fn every_planted_defect_is_reported_at_its_source_line() {
    let output = check(&repo().join("tests/fixtures/check/broken"), &[]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    let first = "tests/fixtures/check/broken/_posts/2024-01-02-first.md";
    let second = "tests/fixtures/check/broken/_posts/2024-01-03-second.md";
    for expected in [
        format!("{first}:9:17: link to `/no/such/page/`: the site has no /no/such/page/"),
        format!("{first}:11:20: link to `/2024/01/03/second/#nowhere`: /2024/01/03/second/index.html has no element with id `nowhere`"),
        format!("{first}:13: link reference `nodef` is not defined"),
        format!("{first}:15:26: image `/assets/gone.png`: the site has no /assets/gone.png"),
        format!("{first}:17:8: id `twice` is on 2 elements"),
        format!("{second}:7:30: asset `/assets/missing.css`: the site has no /assets/missing.css"),
        format!("{second}:9:31: link to `#no-such-heading`"),
        "tests/fixtures/check/broken/about.md:7:47: link to `/2024/01/03/second/#gone`".to_string(),
        "Checked 6 pages: 1 broken link, 3 missing anchors, 1 undefined reference, 1 missing image, 1 missing asset, 1 duplicate id".to_string(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    assert_eq!(
        text.lines().filter(|l| l.contains(".md:")).count(),
        8,
        "{text}"
    );
}

#[test]
fn the_blog_in_content_passes() {
    let output = check(&repo().join("content"), &[]);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains(": no problems"), "{text}");
}

/// A local HTTP server answering `/ok` 200, `/missing` 404 and `/flaky` 503 once then
/// 200; returns its port and the number of requests per path.
fn serve_links() -> (u16, Arc<Mutex<HashMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counted = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let text = String::from_utf8_lossy(&request);
            let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
            let seen = {
                let mut hits = counted.lock().unwrap();
                let count = hits.entry(path.clone()).or_default();
                *count += 1;
                *count
            };
            let status = match (path.as_str(), seen) {
                ("/ok", _) => "200 OK",
                ("/flaky", 1) => "503 Service Unavailable",
                ("/flaky", _) => "200 OK",
                _ => "404 Not Found",
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            );
        }
    });
    (port, hits)
}

#[test]
fn external_links_are_fetched_with_retries_and_cached() {
    let (port, hits) = serve_links();
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("_config.yml"), "title: External\n").unwrap();
    let base = format!("http://127.0.0.1:{port}");
    std::fs::write(
        site.path().join("index.md"),
        format!(
            "---\nlayout: page\ntitle: Links\n---\n\n[ok]({base}/ok) [missing]({base}/missing)\n\n[flaky]({base}/flaky)\n"
        ),
    )
    .unwrap();
    let cache = site.path().join("links.json");
    let args = ["--external", "--retries", "1", "--timeout", "5", "--cache"];
    let mut args: Vec<&str> = args.to_vec();
    args.push(cache.to_str().unwrap());

    let output = check(site.path(), &args);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(text.contains("External links: 3 on 1 host"), "{text}");
    let missing = format!(": external link `{base}/missing`: HTTP 404");
    assert!(
        text.lines()
            .any(|l| l.contains("index.md:6:") && l.ends_with(&missing)),
        "{text}"
    );
    assert!(text.contains("1 broken external link"), "{text}");
    assert!(
        !text.contains("/flaky`"),
        "the retry should have succeeded:\n{text}"
    );

    check(site.path(), &args);
    let hits = hits.lock().unwrap();
    assert_eq!(
        hits.get("/ok"),
        Some(&1),
        "a cached success is not fetched again"
    );
    assert_eq!(
        hits.get("/flaky"),
        Some(&2),
        "one 503, one retry, then cached"
    );
    assert_eq!(
        hits.get("/missing"),
        Some(&2),
        "a 404 is not retried, but fetched again next run"
    );
}

#[test]
fn a_link_that_forgot_the_baseurl_is_broken_and_another_sites_path_is_not() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("_config.yml"), "baseurl: /blog\n").unwrap();
    std::fs::write(
        site.path().join("about.md"),
        "---\nlayout: page\ntitle: About\npermalink: /about/\n---\n\n[me](/about/) [shop](/shop/) [fine](/blog/about/)\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("index.md"),
        "---\nlayout: page\n---\nHome\n",
    )
    .unwrap();
    let output = check(site.path(), &[]);
    let text = stdout(&output);
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains("about.md:7:6: link to `/about/`: outside the baseurl `/blog`; the page is at /blog/about/"),
        "{text}"
    );
    assert!(text.contains(": 1 broken link"), "{text}");
}
