//! Which `Host` a request may name: the dev server answers only requests addressed to
//! itself, so a DNS-rebinding page (a hostile name re-pointed at 127.0.0.1) cannot read
//! the site, drafts included, nor run its functions. Pages, events and functions all
//! go through [`accepts_host`].

use std::net::IpAddr;

/// Whether `host` (a `Host` header, `name[:port]`) names the server started as
/// `server_host` (`-H`, lowercase, without brackets) on `port`: the right port, and a
/// name no one else can make resolve here: an IP address, `localhost`, or the `-H`
/// name itself.
pub fn accepts_host(server_host: &str, port: u16, host: &str) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, given_port)) if !given_port.contains(']') => (name, given_port),
        _ => (host, "80"),
    };
    let name = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    given_port.parse() == Ok(port)
        && (name.parse::<IpAddr>().is_ok() || name == "localhost" || name == server_host)
}

/// The `-H` name as [`accepts_host`] compares it.
pub fn normalized(server_host: &str) -> String {
    server_host.trim_matches(['[', ']']).to_ascii_lowercase()
}

/// `host` cut to a length a one-line message can show.
pub fn shown(host: &str) -> String {
    const LONGEST: usize = 60;
    match host.char_indices().nth(LONGEST) {
        Some((end, _)) => format!("{}…", &host[..end]),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_cannot_be_rebound_are_accepted() {
        for good in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
        ] {
            assert!(accepts_host("127.0.0.1", 4000, good), "{good}");
        }
        for bad in [
            "evil.example:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "",
            ":4000",
        ] {
            assert!(!accepts_host("127.0.0.1", 4000, bad), "{bad}");
        }
        assert!(accepts_host("blog.test", 80, "blog.test"));
        assert!(accepts_host(&normalized("Blog.Test"), 80, "blog.test:80"));
    }

    #[test]
    fn a_long_host_is_cut() {
        assert_eq!(shown("a.b"), "a.b");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }
}
