//! A small HTTP/1.1 client over a real `TcpStream`, for tests and benchmarks of
//! `coldstart serve`: requests go out byte for byte as written (so hostile paths such
//! as `/../` reach the server unnormalised), and Server-Sent Events are read as a
//! stream. Every read is bounded by a timeout so a hang fails instead of blocking.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long any single request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// A complete response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values, in order.
    pub headers: Headers,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `method raw_path` (with an optional JSON body) and reads the whole response.
pub fn request(
    address: SocketAddr,
    method: &str,
    raw_path: &str,
    json_body: Option<&str>,
) -> std::io::Result<Response> {
    let content_type = [("Content-Type", "application/json")];
    let headers: &[(&str, &str)] = if json_body.is_some() {
        &content_type
    } else {
        &[]
    };
    request_with_headers(address, method, raw_path, headers, json_body)
}

/// Sends `method raw_path` with extra `headers` (a `Host` among them replaces the
/// default, the server's address) and an optional body; reads the whole response.
pub fn request_with_headers(
    address: SocketAddr,
    method: &str,
    raw_path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Response> {
    let mut stream = connect(address, REQUEST_TIMEOUT)?;
    let mut head = format!("{method} {raw_path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {address}\r\n"));
    }
    head.push_str("Connection: close\r\nAccept: */*\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if let Some(body) = body {
        stream.write_all(body.as_bytes())?;
    }
    read_response(&mut stream)
}

/// Reads one response, framed by `Content-Length`, chunked encoding, or the end of the
/// connection (a server may keep the connection open despite `Connection: close`).
fn read_response(stream: &mut TcpStream) -> std::io::Result<Response> {
    let mut raw = Vec::new();
    let mut buffer = [0; 8192];
    let head_end = loop {
        if let Some(end) = find(&raw, b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Err(invalid("connection closed before the response head"));
        }
        raw.extend_from_slice(&buffer[..n]);
    };
    let (status, headers, _) = parse_head(&raw).ok_or_else(|| invalid("no response head"))?;
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let chunked = header("transfer-encoding").is_some_and(|v| v.contains("chunked"));
    let length: Option<usize> = header("content-length").and_then(|v| v.parse().ok());
    let mut pending = raw.split_off(head_end);
    let mut body = Vec::new();
    loop {
        let complete = if chunked {
            decode_chunks(&mut pending, &mut body)
        } else {
            length.is_some_and(|length| pending.len() >= length)
        };
        if complete {
            break;
        }
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            if chunked || length.is_some() {
                return Err(invalid("truncated body"));
            }
            break;
        }
        pending.extend_from_slice(&buffer[..n]);
    }
    if !chunked {
        body = pending;
        body.truncate(length.unwrap_or(body.len()));
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// `GET raw_path`, panicking on a transport error (the test fails with it).
pub fn get(address: SocketAddr, raw_path: &str) -> Response {
    request(address, "GET", raw_path, None)
        .unwrap_or_else(|e| panic!("GET {raw_path} on {address}: {e}"))
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct ServerEvent {
    /// The `event:` field (`message` when absent).
    pub name: String,
    /// The `data:` lines, joined by newlines.
    pub data: String,
}

/// An open event stream.
pub struct EventStream {
    stream: TcpStream,
    /// Bytes received and not yet de-chunked.
    pending: Vec<u8>,
    /// De-chunked bytes not yet parsed into events.
    decoded: Vec<u8>,
    /// The server closed the stream (end of the chunked body or of the connection).
    ended: bool,
}

impl EventStream {
    /// Subscribes to `path`; returns once the response head is in, so the server
    /// has registered the subscriber before any change is made.
    pub fn connect(address: SocketAddr, path: &str) -> EventStream {
        let mut stream = connect(address, REQUEST_TIMEOUT).expect("connect to the event stream");
        let head =
            format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let deadline = Instant::now() + REQUEST_TIMEOUT;
        let mut raw = Vec::new();
        let body_start = loop {
            if let Some(end) = find(&raw, b"\r\n\r\n") {
                break end + 4;
            }
            assert!(Instant::now() < deadline, "no response head from {path}");
            let mut buffer = [0; 4096];
            let n = stream
                .read(&mut buffer)
                .expect("read the event stream head");
            assert!(n > 0, "event stream closed before its head");
            raw.extend_from_slice(&buffer[..n]);
        };
        let (status, headers, _) = parse_head(&raw).expect("an HTTP response head");
        assert_eq!(status, 200, "event stream status");
        assert!(
            headers
                .iter()
                .any(|(n, v)| n == "content-type" && v.starts_with("text/event-stream")),
            "event stream content type: {headers:?}"
        );
        EventStream {
            stream,
            pending: raw[body_start..].to_vec(),
            decoded: Vec::new(),
            ended: false,
        }
    }

    /// The next event that is not a keep-alive comment, or `None` when `timeout` passes
    /// first or the stream has ended.
    pub fn next(&mut self, timeout: Duration) -> Option<ServerEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            self.ended |= decode_chunks(&mut self.pending, &mut self.decoded);
            while let Some(end) = find(&self.decoded, b"\n\n") {
                let block: Vec<u8> = self.decoded.drain(..end + 2).collect();
                if let Some(event) = parse_event(&String::from_utf8_lossy(&block)) {
                    return Some(event);
                }
            }
            let remaining = deadline.checked_duration_since(Instant::now())?;
            if self.ended || remaining.is_zero() {
                return None;
            }
            self.stream.set_read_timeout(Some(remaining)).ok()?;
            let mut buffer = [0; 8192];
            match self.stream.read(&mut buffer) {
                Ok(0) => self.ended = true,
                Ok(n) => self.pending.extend_from_slice(&buffer[..n]),
                Err(_) => return None,
            }
        }
    }

    /// Waits until the server ends the stream; `true` if it did within `timeout`.
    pub fn wait_for_end(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while !self.ended && Instant::now() < deadline {
            self.next(deadline.saturating_duration_since(Instant::now()));
        }
        self.ended
    }
}

/// A connection with read and write timeouts.
fn connect(address: SocketAddr, timeout: Duration) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    Ok(stream)
}

/// Header names (lowercase) and values, in order.
type Headers = Vec<(String, String)>;

/// Status, lowercase headers and the bytes after the head.
fn parse_head(raw: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((status, headers, &raw[end + 4..]))
}

/// Moves every complete chunk of `pending` into `out`; `true` once the last chunk has
/// been seen.
fn decode_chunks(pending: &mut Vec<u8>, out: &mut Vec<u8>) -> bool {
    loop {
        let Some(line_end) = find(pending, b"\r\n") else {
            return false;
        };
        let size_text = String::from_utf8_lossy(&pending[..line_end]);
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            return true; // not chunked framing: treat as the end
        };
        let chunk_start = line_end + 2;
        if pending.len() < chunk_start + size + 2 {
            return false;
        }
        if size == 0 {
            pending.clear();
            return true;
        }
        out.extend_from_slice(&pending[chunk_start..chunk_start + size]);
        pending.drain(..chunk_start + size + 2);
    }
}

/// An SSE block as an event; `None` for comment-only blocks (keep-alives).
fn parse_event(block: &str) -> Option<ServerEvent> {
    let mut name = None;
    let mut data: Vec<&str> = Vec::new();
    for line in block.lines() {
        if let Some(value) = line.strip_prefix("event:") {
            name = Some(value.trim_start().to_string());
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    if name.is_none() && data.is_empty() {
        return None;
    }
    Some(ServerEvent {
        name: name.unwrap_or_else(|| "message".into()),
        data: data.join("\n"),
    })
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message)
}
