//! Every process an invocation starts, kept where it can be killed when the call ends.
//!
//! A group kill misses a process that moved to a session or group of its own
//! (`setsid`, `setpgid`). Where the machine allows it, each invocation (and each
//! warm process) runs in a cgroup of its own (see `cgroup`), which no process can
//! leave, and the call's end kills the cgroup. Elsewhere it runs under a subreaper
//! of its own (see `reaper`), to which every orphan of the call comes back, and
//! which kills them all when the function ends.
//!
//! Either way the function's first process dies with the server, SIGKILL included
//! (`PR_SET_PDEATHSIG`, from the long-lived thread that clones it, see `launch`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::cgroup::{Cgroup, CgroupRoot};
use super::launch::Launch;
use crate::sync::lock;

/// How long the subreaper is waited for, once its call's group is killed, before
/// the call answers anyway.
const REAP_BOUND: Duration = Duration::from_secs(2);

/// How one invocation's (or warm process's) processes are held together: a cgroup,
/// or (`None`) the subreaper the process runs under.
#[derive(Debug)]
pub struct Containment {
    cgroup: Option<Mutex<Cgroup>>,
}

impl Containment {
    /// A cgroup where the machine allows one.
    pub fn new() -> Containment {
        Containment {
            cgroup: CgroupRoot::shared()
                .and_then(CgroupRoot::new_cgroup)
                .map(Mutex::new),
        }
    }

    /// Sets up `launch` so its process starts contained: born in the cgroup, or
    /// under a subreaper (see `launch`, which also gives it a process group of its
    /// own and has it die with the server).
    pub fn apply(&self, launch: Launch) -> Launch {
        match &self.cgroup {
            Some(cgroup) => launch.in_cgroup(Some(lock(cgroup).dir_fd())),
            None => launch.under_subreaper(),
        }
    }

    /// Whether [`Containment::kill_all`] may find something to kill once the
    /// process was waited for: only a cgroup not yet empty, which costs one read to
    /// know (a subreaper ends what it holds before it exits).
    pub fn may_hold_processes(&self) -> bool {
        self.cgroup.as_ref().is_some_and(|c| lock(c).populated())
    }

    /// Kills whatever is left of the invocation (after its process group) whose
    /// process is `leader`: the whole cgroup; or, under a subreaper, which ends the
    /// rest itself once the group is killed, the subreaper is reaped if it was not
    /// waited for. Returns how many processes it killed.
    pub fn kill_all(&self, leader: i32) -> usize {
        match &self.cgroup {
            Some(cgroup) => lock(cgroup).kill_all(),
            None => {
                reap_bounded(&[leader], Instant::now() + REAP_BOUND);
                0
            }
        }
    }
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

/// The parent pid in `/proc/PID/stat` (the field after the state, after the name,
/// which may itself contain spaces and parentheses).
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split(' ').nth(1)?.parse().ok()
}
