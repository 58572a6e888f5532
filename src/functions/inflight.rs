//! The process groups of running invocations: signalled, reaped, and never left behind.
//!
//! Each invocation's process leads its own process group, so a signal to the group
//! reaches everything the function started (`sh` and its `sleep &` children), not
//! only the direct child as the watchdog's `Process.Kill()` does. Every live group is
//! in a registry, so that shutdown (Ctrl-C) and dropping the runtime can kill them all,
//! and a [`GroupGuard`] kills its group even when the invocation's future is dropped
//! half-way (a browser that goes away).
//!
//! Killed grandchildren are re-parented. An init that does not reap (a container's
//! PID 1 often does not) would keep them as zombies, so on Linux the runtime makes
//! itself a *child subreaper*: orphans of its functions come back to it and are
//! reaped here, group by group, once the group's leader has been waited for.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::contain::Containment;
use super::launch::Process;

/// How long to keep reaping a killed group before giving up on stragglers (a process
/// stuck in uninterruptible sleep): the invocation answers regardless.
const REAP_BOUND: Duration = Duration::from_secs(5);
/// How often a group is checked while waiting for it to be gone.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// The process groups of invocations that have not finished, each with what holds
/// the processes that left it (see `contain`).
#[derive(Debug, Default)]
pub struct ProcessGroups {
    live: Mutex<HashMap<i32, Arc<Containment>>>,
}

impl ProcessGroups {
    /// Records a freshly spawned group and its containment; the guard removes it again.
    pub fn register(self: &Arc<Self>, pgid: i32, containment: Containment) -> GroupGuard {
        let containment = Arc::new(containment);
        self.lock().insert(pgid, Arc::clone(&containment));
        GroupGuard {
            pgid,
            containment,
            groups: Arc::clone(self),
            settled: false,
        }
    }

    /// Sends `signal` to every live group.
    pub fn signal_all(&self, signal: i32) {
        for pgid in self.lock().keys() {
            signal_group(*pgid, signal);
        }
    }

    /// Kills and reaps every live group (and its escaped descendants) without
    /// waiting: the backstop for a runtime dropped while invocations it started
    /// were abandoned unfinished.
    pub fn kill_all_detached(&self) {
        for (pgid, containment) in self.lock().drain() {
            kill_and_reap_detached(pgid, containment);
        }
    }

    /// How many groups are live.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i32, Arc<Containment>>> {
        // A panic while holding this lock cannot leave the set inconsistent.
        crate::sync::lock(&self.live)
    }
}

/// Owns one invocation's process group until it is settled: dropped unsettled, it
/// SIGKILLs the group and reaps it on a helper thread.
#[derive(Debug)]
pub struct GroupGuard {
    pgid: i32,
    containment: Arc<Containment>,
    groups: Arc<ProcessGroups>,
    settled: bool,
}

impl GroupGuard {
    /// Ends the group once its leader has been waited for: whatever the function left
    /// running (`cmd &`, and what left the group: its cgroup; a subreaper ends
    /// what it holds itself) is killed and reaped, then the group leaves the registry.
    pub async fn settle(mut self) {
        signal_group(self.pgid, libc::SIGKILL);
        let deadline = Instant::now() + REAP_BOUND;
        while !reap_group(self.pgid) && Instant::now() < deadline {
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        if self.containment.may_hold_processes() {
            let containment = Arc::clone(&self.containment);
            let pgid = self.pgid;
            let _ = tokio::task::spawn_blocking(move || containment.kill_all(pgid)).await;
        }
        self.groups.lock().remove(&self.pgid);
        self.settled = true;
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if !self.settled {
            self.groups.lock().remove(&self.pgid);
            kill_and_reap_detached(self.pgid, Arc::clone(&self.containment));
        }
    }
}

/// SIGKILLs a group and reaps it on a helper thread, for the places that cannot wait
/// (`Drop`). The leader may not have been reaped by tokio yet; reaping it here takes
/// its status from tokio, which tolerates that for a child it no longer waits on.
fn kill_and_reap_detached(pgid: i32, containment: Arc<Containment>) {
    signal_group(pgid, libc::SIGKILL);
    std::thread::spawn(move || {
        let deadline = Instant::now() + REAP_BOUND;
        while !reap_group(pgid) && Instant::now() < deadline {
            std::thread::sleep(POLL_INTERVAL);
        }
        containment.kill_all(pgid);
    });
}

/// Stops a function that ran out of time: SIGTERM to its group, up to `grace` for
/// the leader and the rest of the group to exit, then SIGKILL; the leader is waited for.
pub async fn terminate(child: &mut Process, pgid: i32, grace: Duration) {
    signal_group(pgid, libc::SIGTERM);
    let deadline = tokio::time::Instant::now() + grace;
    if tokio::time::timeout_at(deadline, child.wait())
        .await
        .is_ok()
    {
        // The leader is reaped, so reaping by group cannot steal its status now.
        while !reap_group(pgid) && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }
    signal_group(pgid, libc::SIGKILL);
    let _ = tokio::time::timeout(REAP_BOUND, child.wait()).await;
}

/// Sends `signal` to every process of a group. False when the group is gone.
pub fn signal_group(pgid: i32, signal: i32) -> bool {
    // SAFETY: kill(2) takes plain integers; a negative pid addresses the group.
    unsafe { libc::kill(-pgid, signal) == 0 }
}

/// Reaps the group's members that were re-parented to this process and have
/// exited; true once no process of the group is left at all.
fn reap_group(pgid: i32) -> bool {
    loop {
        let mut status = 0;
        // SAFETY: waitpid(2) with a valid out-pointer; -pgid waits for that group only.
        let reaped = unsafe { libc::waitpid(-pgid, &mut status, libc::WNOHANG) };
        if reaped <= 0 {
            break;
        }
    }
    // SAFETY: signal 0 only checks for existence.
    let gone = unsafe { libc::kill(-pgid, 0) } != 0;
    gone && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Makes this process the reaper of its functions' orphans (Linux), so killed
/// grandchildren do not linger as zombies under an init that does not reap.
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_CHILD_SUBREAPER, 1) takes integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}
