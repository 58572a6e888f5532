//! Descendants that left their invocation's process group (`setsid`, `setpgid`):
//! found and killed when the invocation ends.
//!
//! A group kill misses a process that moved to a session or group of its own. Every
//! process of an invocation inherits a tag in its environment
//! ([`INVOCATION_VARIABLE`]), and this process is a child subreaper (see
//! `inflight`), so an escaped process is still a descendant of this one once its
//! parents are gone. When the invocation ends, the descendants of this process
//! that carry its tag are killed, and reaped when they are children of this one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The variable tagging every process of one invocation.
pub const INVOCATION_VARIABLE: &str = "COLDSTART_INVOCATION";

/// How long killed escapees are waited for before the call answers anyway.
const REAP_BOUND: Duration = Duration::from_secs(2);

/// A tag unique to one invocation (or one warm process) of this server.
pub fn new_tag() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Kills every descendant of this process whose environment carries `tag`, then
/// reaps those that are (or became) this process's children. Returns how many it killed.
pub fn kill_tagged_descendants(tag: &str) -> usize {
    let needle = format!("{INVOCATION_VARIABLE}={tag}");
    let tagged: Vec<i32> = descendants_of(std::process::id() as i32)
        .into_iter()
        .filter(|pid| has_variable(*pid, needle.as_bytes()))
        .collect();
    for pid in &tagged {
        // SAFETY: kill(2) with plain integers.
        unsafe { libc::kill(*pid, libc::SIGKILL) };
    }
    let deadline = Instant::now() + REAP_BOUND;
    for pid in &tagged {
        while Instant::now() < deadline {
            let mut status = 0;
            // SAFETY: waitpid(2) with a valid out-pointer, for one pid.
            let reaped = unsafe { libc::waitpid(*pid, &mut status, libc::WNOHANG) };
            // Reaped, or not our child (its own parent reaps it), or gone.
            if reaped != 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    tagged.len()
}

/// The live descendants of `root`, by the parent pids of `/proc/*/stat`.
fn descendants_of(root: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut children: HashMap<i32, Vec<i32>> = HashMap::new();
    for pid in entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok()) {
        if let Some(parent) = parent_of(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut found = Vec::new();
    let mut pending = vec![root];
    while let Some(pid) = pending.pop() {
        for child in children.remove(&pid).unwrap_or_default() {
            found.push(child);
            pending.push(child);
        }
    }
    found
}

/// The parent pid in `/proc/PID/stat` (the field after the state, after the name,
/// which may itself contain spaces and parentheses).
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}

fn has_variable(pid: i32, needle: &[u8]) -> bool {
    std::fs::read(format!("/proc/{pid}/environ"))
        .is_ok_and(|environ| environ.split(|b| *b == 0).any(|entry| entry == needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_tagged_descendant_is_killed_and_reaped() {
        let tag = new_tag();
        let mut child = std::process::Command::new("setsid")
            .args(["sleep", "300"])
            .env(INVOCATION_VARIABLE, &tag)
            .spawn()
            .expect("setsid (util-linux) is installed");
        let pid = child.id() as i32;
        let started = Instant::now();
        while !has_variable(pid, format!("{INVOCATION_VARIABLE}={tag}").as_bytes()) {
            assert!(started.elapsed() < Duration::from_secs(10), "never started");
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(kill_tagged_descendants(&tag), 1);
        assert!(parent_of(pid).is_none(), "killed and reaped");
        let _ = child.try_wait();
        assert_eq!(kill_tagged_descendants(&new_tag()), 0);
    }
}
