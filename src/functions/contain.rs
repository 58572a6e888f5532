//! Every process an invocation starts, kept where it can be killed when the call ends.
//!
//! A group kill misses a process that moved to a session or group of its own
//! (`setsid`, `setpgid`). Where the machine allows it, each invocation (and each
//! warm process) runs in a cgroup of its own (see `cgroup`), which no process can
//! leave, and the call's end kills the cgroup. Elsewhere every process of an
//! invocation inherits a tag in its environment ([`INVOCATION_VARIABLE`]), and this
//! process is a child subreaper (see `inflight`), so an escaped process is still a
//! descendant of this one once its parents are gone: when the invocation ends, the
//! descendants that carry its tag are killed (a process that also clears its
//! environment escapes this fallback, not the cgroup).
//!
//! Either way the function's first process dies with the server, SIGKILL included
//! (`PR_SET_PDEATHSIG`, from the long-lived thread that clones it, see `launch`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::cgroup::{Cgroup, CgroupRoot};
use super::launch::Launch;
use crate::sync::lock;

/// The variable tagging every process of one invocation.
pub const INVOCATION_VARIABLE: &str = "COLDSTART_INVOCATION";

/// How long killed escapees are waited for before the call answers anyway.
const REAP_BOUND: Duration = Duration::from_secs(2);

/// How one invocation's (or warm process's) processes are held together.
#[derive(Debug)]
pub struct Containment {
    tag: String,
    cgroup: Option<Mutex<Cgroup>>,
}

impl Containment {
    /// A fresh tag, and a cgroup where the machine allows one.
    pub fn new() -> Containment {
        Containment {
            tag: new_tag(),
            cgroup: CgroupRoot::shared()
                .and_then(CgroupRoot::new_cgroup)
                .map(Mutex::new),
        }
    }

    /// Sets up `launch` so its process starts contained: tagged, and born in the
    /// cgroup when there is one (see `launch`, which also gives it a process group
    /// of its own and has it die with the server).
    pub fn apply(&self, launch: Launch) -> std::io::Result<Launch> {
        Ok(launch
            .env(INVOCATION_VARIABLE, &self.tag)?
            .in_cgroup(self.cgroup.as_ref().map(|c| lock(c).dir_fd())))
    }

    /// Whether [`Containment::kill_all`] may find something to kill: not when the
    /// cgroup is empty, which costs one read to know (a tag sweep reads `/proc`).
    pub fn may_hold_processes(&self) -> bool {
        self.cgroup.as_ref().is_none_or(|c| lock(c).populated())
    }

    /// Kills whatever is left of the invocation (after its process group): the
    /// whole cgroup, or the tagged descendants of this process. Returns how many
    /// processes it killed.
    pub fn kill_all(&self) -> usize {
        match &self.cgroup {
            Some(cgroup) => lock(cgroup).kill_all(),
            None => kill_tagged_descendants(&self.tag),
        }
    }
}

/// A tag unique to one invocation (or one warm process) of this server.
fn new_tag() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Kills every descendant of this process whose environment carries `tag`, then
/// reaps those that are (or became) this process's children. Returns how many it killed.
fn kill_tagged_descendants(tag: &str) -> usize {
    let needle = format!("{INVOCATION_VARIABLE}={tag}");
    let tagged: Vec<i32> = descendants_of(std::process::id() as i32)
        .into_iter()
        .filter(|pid| has_variable(*pid, needle.as_bytes()))
        .collect();
    for pid in &tagged {
        // SAFETY: kill(2) with plain integers.
        unsafe { libc::kill(*pid, libc::SIGKILL) };
    }
    reap_bounded(&tagged, Instant::now() + REAP_BOUND);
    tagged.len()
}

/// Reaps killed processes that are (or become, as their parents die) children of
/// this one, until each is reaped or gone, or `deadline` passes.
pub fn reap_bounded(pids: &[i32], deadline: Instant) {
    let own = std::process::id() as i32;
    for pid in pids {
        while Instant::now() < deadline {
            let mut status = 0;
            // SAFETY: waitpid(2) with a valid out-pointer, for one pid.
            let reaped = unsafe { libc::waitpid(*pid, &mut status, libc::WNOHANG) };
            // Not a child yet: its parent, killed too, is still exiting.
            let still_anothers = reaped < 0 && parent_of(*pid).is_some_and(|p| p != own);
            if reaped > 0 || (reaped < 0 && !still_anothers) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
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
