//! `coldstart serve` end to end: the real binary on an ephemeral port over a scratch
//! copy of the fixture blog, driven through real sockets on 127.0.0.1.

use std::time::Duration;

mod common;
use common::http::ServerEvent;
use common::served::ServedProject;

/// How long a rebuild and its event may take (debounce + a debug-build render).
const EVENT_TIMEOUT: Duration = Duration::from_secs(20);

const POST_FILE: &str = "src/_posts/2023-01-10-first-post.md";
const POST_URL: &str = "/blog/2023/01/10/first-post/";
const POST_KEY_URL: &str = "/blog/2023/01/10/first-post/index.html";

/// The next event, which must be called `name`.
fn expect_event(events: &mut common::http::EventStream, name: &str) -> serde_json::Value {
    let event: ServerEvent = events
        .next(EVENT_TIMEOUT)
        .unwrap_or_else(|| panic!("no `{name}` event within {EVENT_TIMEOUT:?}"));
    assert_eq!(event.name, name, "unexpected event: {event:?}");
    serde_json::from_str(&event.data).unwrap_or_else(|e| panic!("{e}: {}", event.data))
}

/// The next event, which must be a reload naming the post.
fn expect_post_reload(events: &mut common::http::EventStream) {
    let reload = expect_event(events, "reload");
    assert!(
        paths_of(&reload).contains(&POST_KEY_URL.to_string()),
        "{reload}"
    );
}

fn paths_of(data: &serde_json::Value) -> Vec<String> {
    data["paths"]
        .as_array()
        .expect("a paths list")
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_edit_reloads_and_a_broken_build_keeps_the_last_good_site() {
    let served = ServedProject::start(|_| {});
    let page = served.get(POST_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The first paragraph is the excerpt."));
    let mut events = served.events();

    served.edit(
        POST_FILE,
        "The first paragraph",
        "The edited first paragraph",
    );
    expect_post_reload(&mut events);
    assert!(
        served
            .get(POST_URL)
            .text()
            .contains("The edited first paragraph")
    );

    served.edit(POST_FILE, "title: First Post", "title: [broken");
    let error = expect_event(&mut events, "error");
    assert!(
        error["file"]
            .as_str()
            .unwrap()
            .ends_with("2023-01-10-first-post.md"),
        "{error}"
    );
    assert!(error["line"].as_u64().unwrap() > 0, "{error}");
    assert!(!error["message"].as_str().unwrap().is_empty(), "{error}");
    assert!(error["snippet"].as_str().is_some(), "{error}");
    let still_served = served.get(POST_URL);
    assert_eq!(still_served.status, 200);
    assert!(still_served.text().contains("The edited first paragraph"));

    served.write(
        POST_FILE,
        "---\ntitle: First Post\n---\nThe recovered first paragraph.\n",
    );
    expect_post_reload(&mut events);
    assert!(
        served
            .get(POST_URL)
            .text()
            .contains("The recovered first paragraph.")
    );
}

/// A panic in a stage (here the render's, by the filter that panics in debug builds
/// only) is an error on the overlay, the last good site stays served, and the next
/// edit rebuilds.
#[test]
fn a_panic_in_a_stage_is_an_error_and_the_next_edit_rebuilds() {
    let served = ServedProject::start(|_| {});
    let mut events = served.events();
    served.edit(
        POST_FILE,
        "The first paragraph",
        "{{ \"abc\" | coldstart_test_panic }} The first paragraph",
    );
    let error = expect_event(&mut events, "error");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("internal error"),
        "{error}"
    );
    let still_served = served.get(POST_URL);
    assert_eq!(still_served.status, 200);
    assert!(
        still_served
            .text()
            .contains("The first paragraph is the excerpt.")
    );

    served.edit(
        POST_FILE,
        "{{ \"abc\" | coldstart_test_panic }} The first paragraph",
        "The recovered first paragraph",
    );
    expect_post_reload(&mut events);
    assert!(
        served
            .get(POST_URL)
            .text()
            .contains("The recovered first paragraph is the excerpt.")
    );
}

#[test]
fn a_browser_connecting_while_the_build_fails_is_told_at_once() {
    let served = ServedProject::start(|_| {});
    let mut first = served.events();
    served.edit(POST_FILE, "title: First Post", "title: [broken");
    expect_event(&mut first, "error");
    let mut late = served.events();
    expect_event(&mut late, "error");
}

#[test]
fn a_stylesheet_only_change_is_a_css_event() {
    let served = ServedProject::start(|_| {});
    let mut events = served.events();
    served.write(
        "theme/static/assets/theme.css",
        "body { color: rebeccapurple; }\n",
    );
    let css = expect_event(&mut events, "css");
    assert_eq!(paths_of(&css), ["/blog/assets/theme.css"]);
    let stylesheet = served.get("/blog/assets/theme.css");
    assert_eq!(stylesheet.text(), "body { color: rebeccapurple; }\n");
}

#[test]
fn editor_litter_does_not_rebuild() {
    let served = ServedProject::start(|_| {});
    let mut events = served.events();
    served.write("src/_posts/.2023-01-10-first-post.md.swp", "swap");
    served.write("src/_posts/2023-01-10-first-post.md~", "backup");
    served.write("src/_posts/4913", "");
    served.edit(
        POST_FILE,
        "The first paragraph",
        "The saved first paragraph",
    );
    expect_post_reload(&mut events);
    assert!(
        events.next(Duration::from_millis(600)).is_none(),
        "one save, one event"
    );
}

#[test]
fn an_atomic_rename_save_is_seen() {
    let served = ServedProject::start(|_| {});
    let mut events = served.events();
    let text = std::fs::read_to_string(served.path(POST_FILE)).unwrap();
    let temporary = served.path("src/_posts/.first-post.md.tmp");
    std::fs::write(
        &temporary,
        text.replace("first paragraph", "renamed paragraph"),
    )
    .unwrap();
    std::fs::rename(&temporary, served.path(POST_FILE)).unwrap();
    expect_event(&mut events, "reload");
    assert!(
        served
            .get(POST_URL)
            .text()
            .contains("The renamed paragraph")
    );
}

#[test]
fn site_url_is_the_servers_own_address() {
    let served = ServedProject::start_with_files(&[
        (
            "theme/templates/where.html",
            "<p class=\"url\">{{ site.url }}</p>",
        ),
        ("src/where.md", "---\nlayout: where\n---\n"),
    ]);
    let page = served.get("/blog/where/").text();
    let expected = format!("<p class=\"url\">http://{}</p>", served.address);
    assert!(page.contains(&expected), "{page}");
}

#[test]
fn traversal_attempts_are_refused() {
    let served = ServedProject::start(|dir| {
        std::fs::write(dir.join("secret.txt"), "TOP-SECRET-CONTENT").unwrap();
        std::fs::create_dir(dir.join("outside")).unwrap();
        std::fs::write(dir.join("outside/secret2.txt"), "TOP-SECRET-CONTENT 2").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("src/assets/leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.join("outside"), dir.join("src/linked")).unwrap();
        std::os::unix::fs::symlink(
            dir.join("secret.txt"),
            dir.join("theme/static/assets/leak.css"),
        )
        .unwrap();
    });
    for hostile in [
        "/blog/../secret.txt",
        "/../secret.txt",
        "/blog/../../../../../../etc/passwd",
        "/blog/%2e%2e/secret.txt",
        "/blog/%2E%2E/%2E%2E/etc/passwd",
        "/blog/..%2fsecret.txt",
        "/blog/..%2F..%2Fetc%2Fpasswd",
        "/blog/assets/..%2f..%2f..%2fsecret.txt",
        "/blog/assets/logo.png%00.html",
        "/blog/%00",
        "/blog/..\\secret.txt",
        "/blog/%5c..%5csecret.txt",
        "/blog/%c0%ae%c0%ae/secret.txt",
        "/blog/%c0%ae%c0%ae%c0%afsecret.txt",
        "/blog/%e0%80%ae%e0%80%ae/secret.txt",
        "//etc/passwd",
        "/blog//etc/passwd",
        "/blog/assets/leak.txt",
        "/blog/linked/secret2.txt",
        "/blog/assets/leak.css",
    ] {
        let response = served.get(hostile);
        assert!(
            response.status == 400 || response.status == 404,
            "{hostile}: status {}",
            response.status
        );
        let body = response.text();
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{hostile}: {body}"
        );
    }
    // The legitimate neighbour is still served.
    assert_eq!(served.get("/blog/assets/logo.png").status, 200);
}

#[test]
fn the_live_reload_script_goes_into_html_only() {
    let served = ServedProject::start(|_| {});
    // The tag names the file served, so the page knows whether a change is its own.
    let script_tag = "<script src=\"/__coldstart/live-reload.js\" data-page=";
    for (path, content_type, injected) in [
        (POST_URL, "text/html; charset=utf-8", true),
        ("/blog/", "text/html; charset=utf-8", true),
        ("/blog/assets/theme.css", "text/css; charset=utf-8", false),
        ("/blog/assets/logo.png", "image/png", false),
        ("/blog/feed.xml", "text/xml; charset=utf-8", false),
    ] {
        let response = served.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        assert_eq!(response.text().contains(script_tag), injected, "{path}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }
    let page = served.get(POST_URL).text();
    assert_eq!(page.matches(script_tag).count(), 1);
    assert!(page.contains(&format!("data-page=\"{POST_KEY_URL}\"></script>")));
    let png = served.get("/blog/assets/logo.png");
    let original = std::fs::read(served.path("src/assets/logo.png")).unwrap();
    assert_eq!(png.body, original, "static files are served byte for byte");
    let script = served.get("/__coldstart/live-reload.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        script
            .text()
            .contains("EventSource(\"/__coldstart/events\")")
    );
}

#[test]
fn folders_baseurl_and_misses_are_answered_like_jekyll() {
    let served = ServedProject::start_with_files(&[(
        "src/404.html",
        "---\npermalink: /404.html\nlayout: null\n---\n<h1>Lost in the fixture blog</h1>\n",
    )]);
    let redirects = [
        ("/", "/blog/"),
        ("/blog", "/blog/"),
        ("/blog/about", "/blog/about/"),
    ];
    for (path, location) in redirects {
        let response = served.get(path);
        assert_eq!(response.status, 302, "{path}");
        assert_eq!(response.header("location"), Some(location), "{path}");
    }
    assert!(served.get("/blog/about/").text().contains("About"));
    for missing in ["/blog/no-such-page/", "/blog/nothing.css", "/elsewhere/"] {
        let response = served.get(missing);
        assert_eq!(response.status, 404, "{missing}");
        assert!(
            response.text().contains("Lost in the fixture blog"),
            "{missing}"
        );
        assert!(response.text().contains("/__coldstart/live-reload.js"));
    }
    assert_eq!(
        common::http::request(served.address, "POST", "/blog/", Some("{}"))
            .unwrap()
            .status,
        405
    );
}

#[test]
fn a_failing_first_build_serves_the_error_until_it_is_fixed() {
    let served = ServedProject::start(|dir| {
        let post = dir.join(POST_FILE);
        let text = std::fs::read_to_string(&post).unwrap();
        std::fs::write(&post, text.replace("title: First Post", "title: [broken")).unwrap();
    });
    let page = served.get(POST_URL);
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("2023-01-10-first-post.md"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("/__coldstart/live-reload.js"));
    let mut events = served.events();
    expect_event(&mut events, "error");

    served.edit(POST_FILE, "title: [broken", "title: First Post");
    expect_event(&mut events, "reload");
    let page = served.get(POST_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The first paragraph is the excerpt."));
}

#[test]
fn ctrl_c_stops_promptly_and_cleanly() {
    let mut served = ServedProject::start(|_| {});
    let mut events = served.events();
    assert!(
        children_of(served.pid()).is_empty(),
        "serve started child processes"
    );
    // Bounded, not timed: a hang fails here, a slow shared machine does not.
    let status = served
        .interrupt(Duration::from_secs(20))
        .expect("serve did not exit within 20 s of SIGINT");
    assert!(status.success(), "exit status {status:?}");
    assert!(
        events.wait_for_end(Duration::from_secs(2)),
        "the event stream was not ended"
    );
    assert!(
        std::net::TcpStream::connect(served.address).is_err(),
        "still listening"
    );
}

/// The processes whose parent is `pid` (from `/proc`).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let stat = std::fs::read_to_string(entry.ok()?.path().join("stat")).ok()?;
            // `pid (comm) state ppid …`; comm may contain spaces, so split after `)`.
            let (head, rest) = stat.rsplit_once(')')?;
            let child: u32 = head.split_whitespace().next()?.parse().ok()?;
            let parent: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
            (parent == pid).then_some(child)
        })
        .collect()
}
