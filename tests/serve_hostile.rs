//! `coldstart serve` against hostile or careless clients and sites (issue 13's dev
//! server part), over real sockets on 127.0.0.1 and a real child process: requests
//! for another `Host` (DNS rebinding), idle connections past the cap, slowloris, the
//! source folder deleted and recreated, a stage that panics. The wall-clock bounds are
//! generous (a loaded machine): they catch hangs, they do not measure speed.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::http;
use common::served::ServedProject;

const POST_FILE: &str = "src/_posts/2023-01-10-first-post.md";
const POST_KEY_URL: &str = "/blog/2023/01/10/first-post/index.html";
/// How long a rebuild and its event may take (debounce, a debug-build render, a
/// loaded machine).
const EVENT_TIMEOUT: Duration = Duration::from_secs(60);

/// The next event, which must be called `name`; its data as JSON.
fn expect_event(events: &mut http::EventStream, name: &str) -> serde_json::Value {
    let event = events
        .next(EVENT_TIMEOUT)
        .unwrap_or_else(|| panic!("no `{name}` event within {EVENT_TIMEOUT:?}"));
    assert_eq!(event.name, name, "unexpected event: {event:?}");
    serde_json::from_str(&event.data).unwrap_or_else(|e| panic!("{e}: {}", event.data))
}

/// The first event called `name` whose data satisfies `wanted`, skipping others (a
/// folder being deleted file by file fails a few builds before it is gone).
fn wait_for_event(
    events: &mut http::EventStream,
    name: &str,
    wanted: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + EVENT_TIMEOUT;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        let event = events
            .next(remaining)
            .unwrap_or_else(|| panic!("no such `{name}` event within {EVENT_TIMEOUT:?}"));
        let data = serde_json::from_str(&event.data).unwrap_or(serde_json::Value::Null);
        if event.name == name && wanted(&data) {
            return data;
        }
    }
}

#[test]
fn pages_and_events_answer_only_this_servers_host() {
    let served = ServedProject::start(|_| {});
    let port = served.address.port();
    for path in ["/blog/", "/blog/assets/logo.png", "/__coldstart/events"] {
        for (host, allowed) in [
            (format!("127.0.0.1:{port}"), true),
            (format!("localhost:{port}"), true),
            (format!("attacker.example:{port}"), false),
            (format!("127.0.0.1.nip.io:{port}"), false),
            (format!("localhost:{}", port.wrapping_add(1)), false),
        ] {
            let headers = [("Host", host.as_str())];
            let response = if path.ends_with("events") {
                // The stream never ends: read its head only.
                head_status(served.address, path, &host)
            } else {
                http::request_with_headers(served.address, "GET", path, &headers, None)
                    .unwrap()
                    .status
            };
            let expected = if allowed { 200 } else { 403 };
            assert_eq!(response, expected, "{path} with Host {host}");
        }
    }
    let refused = http::request_with_headers(
        served.address,
        "GET",
        "/blog/",
        &[("Host", &format!("{}:{port}", "x".repeat(5000)))],
        None,
    )
    .unwrap();
    assert!(
        refused.text().len() < 400,
        "the refusal quotes a long Host whole: {}",
        refused.text().len()
    );
}

/// The status of `GET path` with `Host: host`, read from the response head alone.
fn head_status(address: std::net::SocketAddr, path: &str, host: &str) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

#[test]
fn idle_and_slowloris_connections_cannot_make_the_server_unreachable() {
    // A low open-file limit (300) puts the connection cap at 172: 400 idle
    // connections are past it.
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    common::copy_dir(&fixtures.join("blog"), &dir.path().join("src"));
    common::copy_dir(&fixtures.join("themes/probe"), &dir.path().join("theme"));
    let working_dir = dir.path().to_path_buf();
    let prlimit = common::browser::find_program(&["prlimit"])
        .expect("prlimit is not installed (apt-get install util-linux)");
    let mut served = ServedProject::spawn(
        dir,
        &working_dir,
        Path::new(&prlimit),
        &[
            "--nofile=300",
            "--",
            env!("CARGO_BIN_EXE_coldstart"),
            "serve",
            "--port",
            "0",
            "-s",
            "src",
            "--theme",
            "theme",
        ],
    );
    let idle: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(served.address).expect("the kernel queues the connection"))
        .collect();
    served.wait_for_output("connections are open, the most", Duration::from_secs(60));

    // A slowloris client: a request head trickling in, a byte a second.
    let mut slow = TcpStream::connect(served.address).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    write!(slow, "GET /blog/ HTTP/1.1\r\nHost: {}\r\n", served.address).unwrap();

    // The server is reachable again once the idle connections' time is up.
    let started = Instant::now();
    let response = loop {
        match http::request_with_headers(served.address, "GET", "/blog/", &[], None) {
            Ok(response) => break response,
            Err(_) if started.elapsed() < Duration::from_secs(90) => continue,
            Err(error) => panic!("unreachable for 90 s: {error}"),
        }
    };
    assert_eq!(response.status, 200);

    // Another header line a second, for up to two minutes, unless the server closes.
    let closed = (0..120).any(|n| {
        slow.write_all(format!("X-Slow-{n}: y\r\n").as_bytes())
            .is_err()
            || is_closed(&mut slow)
    });
    assert!(closed, "a slowloris connection was held for two minutes");
    drop(idle);
}

#[test]
fn a_client_that_stops_reading_is_cut_off() {
    // Far more than the kernel's socket buffers hold on loopback.
    let large = 64 * 1024 * 1024;
    let served = ServedProject::start(|project| {
        std::fs::write(project.join("src/large.bin"), vec![b'x'; large]).unwrap();
    });
    let mut reader = TcpStream::connect(served.address).unwrap();
    write!(
        reader,
        "GET /blog/large.bin HTTP/1.1\r\nHost: {}\r\n\r\n",
        served.address
    )
    .unwrap();
    // Reads nothing for longer than the server waits on a stalled write.
    std::thread::sleep(Duration::from_secs(15));
    reader
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut received = 0usize;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => received += n,
        }
    }
    assert!(
        received < large,
        "the whole response ({received} bytes) was held for a client that stopped reading"
    );
    assert_eq!(served.get("/blog/").status, 200, "the server still answers");
}

/// Whether the peer closed `stream` (a read that returns 0, or a reset), waiting up to
/// the stream's read timeout for it.
fn is_closed(stream: &mut TcpStream) -> bool {
    let mut buffer = [0u8; 1024];
    match stream.read(&mut buffer) {
        Ok(0) => true,
        Ok(_) => is_closed(stream),
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

#[test]
fn a_deleted_and_recreated_source_folder_is_watched_again() {
    let mut served = ServedProject::start(|_| {});
    let mut events = served.events();
    let saved = tempfile::tempdir().unwrap();
    common::copy_dir(&served.path("src"), &saved.path().join("src"));

    std::fs::remove_dir_all(served.path("src")).unwrap();
    served.wait_for_output("is gone", EVENT_TIMEOUT);
    wait_for_event(&mut events, "error", |error| {
        error["message"].as_str().unwrap().contains("is gone")
    });

    common::copy_dir(&saved.path().join("src"), &served.path("src"));
    served.wait_for_output("watching it again", EVENT_TIMEOUT);
    wait_for_event(&mut events, "reload", |_| true);

    // The new folder is watched: an edit in it is seen.
    served.edit(
        POST_FILE,
        "Body text",
        "Body text after the folder came back",
    );
    let reload = expect_event(&mut events, "reload");
    assert!(
        reload["paths"]
            .as_array()
            .unwrap()
            .contains(&POST_KEY_URL.into()),
        "{reload}"
    );
    assert!(
        served
            .get(POST_KEY_URL)
            .text()
            .contains("Body text after the folder came back")
    );
}

#[test]
fn a_stage_that_panics_is_an_error_on_the_overlay_and_the_next_edit_rebuilds() {
    let mut served = ServedProject::start(|_| {});
    let mut events = served.events();
    // The filter that panics the renderer, in debug builds only: serve must report
    // it and go on.
    let original = std::fs::read_to_string(served.path(POST_FILE)).unwrap();
    served.write(
        POST_FILE,
        &format!("{original}\n{{{{ \"abc\" | coldstart_test_panic }}}}\n"),
    );
    let error = expect_event(&mut events, "error");
    assert!(!error["message"].as_str().unwrap().is_empty(), "{error}");
    served.wait_for_output("Build failed", EVENT_TIMEOUT);

    served.write(
        POST_FILE,
        &original.replace("Body text", "Body text after the panic"),
    );
    let reload = expect_event(&mut events, "reload");
    assert!(
        reload["paths"]
            .as_array()
            .unwrap()
            .contains(&POST_KEY_URL.into()),
        "{reload}"
    );
    // And the one after that: the rebuild loop is still alive.
    served.edit(POST_FILE, "after the panic", "after the panic, twice");
    expect_event(&mut events, "reload");
    assert!(
        served
            .get(POST_KEY_URL)
            .text()
            .contains("Body text after the panic, twice")
    );
}
