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
//! (`PR_SET_PDEATHSIG`, from the long-lived thread that forks it, see `spawner`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::cgroup::{self, Cgroup, CgroupRoot};

/// The variable tagging every process of one invocation.
pub const INVOCATION_VARIABLE: &str = "COLDSTART_INVOCATION";

/// How long killed escapees are waited for before the call answers anyway.
const REAP_BOUND: Duration = Duration::from_secs(2);

/// How one invocation's (or warm process's) processes are held together.
#[derive(Debug)]
pub struct Containment {
    tag: String,
    cgroup: Option<Cgroup>,
}

impl Containment {
    /// A fresh tag, and a cgroup where the machine allows one.
    pub fn new() -> Containment {
        Containment {
            tag: new_tag(),
            cgroup: CgroupRoot::shared().and_then(CgroupRoot::new_cgroup),
        }
    }

    /// Sets up `command` so its process starts contained: in a process group of its
    /// own, tagged, moved into the cgroup and set to die with the server before it
    /// executes the function.
    pub fn apply(&self, command: &mut tokio::process::Command) {
        command.env(INVOCATION_VARIABLE, &self.tag).process_group(0);
        let procs = self.cgroup.as_ref().map(Cgroup::procs_fd);
        let server = std::process::id() as i32;
        // SAFETY: the closure runs between fork and exec and makes only
        // async-signal-safe system calls (write, prctl, getppid).
        unsafe {
            command.pre_exec(move || {
                if let Some(fd) = procs {
                    // A refused move leaves the group kill and the tag sweep.
                    let _ = cgroup::join_from_child(fd);
                }
                die_with_server(server)
            });
        }
    }

    /// Kills whatever is left of the invocation (after its process group): the
    /// whole cgroup, or the tagged descendants of this process. Returns how many
    /// processes it killed.
    pub fn kill_all(&self) -> usize {
        match &self.cgroup {
            Some(cgroup) => cgroup.kill_all(),
            None => kill_tagged_descendants(&self.tag),
        }
    }
}

/// In the child, before exec: SIGKILL when the thread that forked it (the spawner,
/// which lives as long as the server) ends; already orphaned, it does not start.
fn die_with_server(server: i32) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(2) and getppid(2) with integer arguments.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        if libc::getppid() != server {
            return Err(std::io::Error::other("the server is gone"));
        }
    }
    Ok(())
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
