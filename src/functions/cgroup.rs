//! A cgroup v2 per invocation (and per warm process), where the machine lets this
//! process create one: whatever a function starts stays in it, whatever it does
//! (`setsid`, `setpgid`, `env -i`, double forks), so ending the call kills all of it
//! at once (`cgroup.kill`).
//!
//! The server's cgroups live under one folder of its own, `coldstart-PID`, beside
//! the server in its own cgroup (no controllers are enabled, so none of the
//! "no internal processes" rules apply). A guard process forked when the folder is
//! made waits on a pipe from the server: when the server dies, even by SIGKILL, the
//! pipe closes and the guard kills everything left in the folder (see `guard`).
//! The next server to start removes the empty folders of servers that are gone.

use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::guard::Guard;
use crate::sync::lock;

/// How long a killed cgroup is waited for before it is left (a process stuck in
/// uninterruptible sleep); the call answers regardless.
const EMPTY_BOUND: Duration = Duration::from_secs(2);
/// How often a killed cgroup is checked while it empties.
const POLL_INTERVAL: Duration = Duration::from_millis(2);
/// The prefix of the folder holding one server's cgroups.
const ROOT_PREFIX: &str = "coldstart-";
/// How many emptied cgroups are kept for the next calls (making and removing one
/// costs more than the rest of a call's containment).
const MAX_SPARE: usize = 64;
/// The variable that, set to `off`, makes the server use no cgroup (the fallback
/// containment of `contain`, as on a machine without a writable cgroup v2).
pub const DISABLE_VARIABLE: &str = "COLDSTART_CGROUPS";

/// This server's cgroup folder, under which each invocation gets one of its own,
/// the guard that kills what is in it when the server dies, and the emptied
/// cgroups of finished calls, kept for the next ones.
#[derive(Debug)]
pub struct CgroupRoot {
    dir: PathBuf,
    _guard: Guard,
    spare: Mutex<Vec<Folder>>,
}

/// One invocation's cgroup. Dropped empty, it goes back to the root's spares.
#[derive(Debug)]
pub struct Cgroup {
    folder: Option<Folder>,
    root: &'static CgroupRoot,
}

/// A cgroup's folder, and the folder open, for a process to be cloned into it
/// (`CLONE_INTO_CGROUP`, see `launch`).
#[derive(Debug)]
struct Folder {
    dir: PathBuf,
    handle: OwnedFd,
}

impl CgroupRoot {
    /// This process's cgroup folder, made on first use; `None` where there is no
    /// cgroup v2 hierarchy this process may write to (containment then falls back on
    /// the process group and a subreaper per invocation, see `contain`).
    pub fn shared() -> Option<&'static CgroupRoot> {
        static ROOT: OnceLock<Option<CgroupRoot>> = OnceLock::new();
        ROOT.get_or_init(CgroupRoot::create).as_ref()
    }

    fn create() -> Option<CgroupRoot> {
        if std::env::var_os(DISABLE_VARIABLE).is_some_and(|v| v == "off") {
            return None;
        }
        let own = own_cgroup_dir()?;
        // Moving a process needs write access to the common ancestor's procs file.
        std::fs::OpenOptions::new()
            .write(true)
            .open(own.join("cgroup.procs"))
            .ok()?;
        remove_stale_roots(&own);
        let dir = own.join(format!("{ROOT_PREFIX}{}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => return None,
        }
        if !dir.join("cgroup.kill").exists() {
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        let guard = Guard::start(&dir.join("cgroup.kill")).ok()?;
        Some(CgroupRoot {
            dir,
            _guard: guard,
            spare: Mutex::default(),
        })
    }

    /// An empty cgroup for one invocation: a spare one, or a new one; `None` when
    /// none can be created.
    pub fn new_cgroup(&'static self) -> Option<Cgroup> {
        if let Some(folder) = lock(&self.spare).pop() {
            return Some(Cgroup {
                folder: Some(folder),
                root: self,
            });
        }
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = self
            .dir
            .join(format!("call-{}", NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir(&dir).ok()?;
        match std::fs::File::open(&dir) {
            Ok(handle) => Some(Cgroup {
                folder: Some(Folder {
                    dir,
                    handle: handle.into(),
                }),
                root: self,
            }),
            Err(_) => {
                let _ = std::fs::remove_dir(&dir);
                None
            }
        }
    }
}

impl Cgroup {
    /// The open folder, which a process is cloned into (or moves itself into).
    pub fn dir_fd(&self) -> i32 {
        self.folder.as_ref().map_or(-1, |f| f.handle.as_raw_fd())
    }

    /// Whether any process is left in the cgroup.
    pub fn populated(&self) -> bool {
        self.folder.as_ref().is_some_and(|f| populated(&f.dir))
    }

    /// Kills every process in the cgroup, waits (bounded) until it is empty, reaps
    /// those that became this process's children, and removes the folder (one a
    /// process was killed in is not reused). Returns how many processes were in it.
    pub fn kill_all(&mut self) -> usize {
        match self.folder.take_if(|f| populated(&f.dir)) {
            Some(folder) => kill_and_remove(&folder.dir),
            None => 0,
        }
    }
}

impl Drop for Cgroup {
    /// Gives the emptied cgroup back for another call (a few are kept; the rest
    /// are removed, as is one something still runs in, once it can be).
    fn drop(&mut self) {
        let Some(folder) = self.folder.take() else {
            return;
        };
        let mut spare = lock(&self.root.spare);
        if spare.len() < MAX_SPARE && !populated(&folder.dir) {
            spare.push(folder);
        } else {
            drop(spare);
            let _ = std::fs::remove_dir(&folder.dir);
        }
    }
}

/// Freezes the cgroup (so nothing in it forks while it is listed), lists its
/// processes, kills them all, waits until it is empty, reaps and removes it.
fn kill_and_remove(dir: &Path) -> usize {
    let deadline = Instant::now() + EMPTY_BOUND;
    let _ = std::fs::write(dir.join("cgroup.freeze"), "1");
    while !has_event(dir, "frozen 1") && populated(dir) && Instant::now() < deadline {
        std::thread::sleep(POLL_INTERVAL);
    }
    let pids = pids_in(dir);
    let _ = std::fs::write(dir.join("cgroup.kill"), "1");
    while populated(dir) && Instant::now() < deadline {
        std::thread::sleep(POLL_INTERVAL);
    }
    super::contain::reap_bounded(&pids, deadline);
    let _ = std::fs::remove_dir(dir);
    pids.len()
}

/// The pids in a cgroup.
fn pids_in(dir: &Path) -> Vec<i32> {
    std::fs::read_to_string(dir.join("cgroup.procs"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.trim().parse().ok())
        .collect()
}

/// Whether any process is left in the cgroup or under it.
fn populated(dir: &Path) -> bool {
    has_event(dir, "populated 1")
}

/// Whether `cgroup.events` has the line `event` (`populated 1`, `frozen 1`).
fn has_event(dir: &Path, event: &str) -> bool {
    std::fs::read_to_string(dir.join("cgroup.events"))
        .is_ok_and(|events| events.lines().any(|line| line == event))
}

/// This process's cgroup v2 folder: the `0::PATH` line of `/proc/self/cgroup`
/// under the mount point of the `cgroup2` file system.
fn own_cgroup_dir() -> Option<PathBuf> {
    let membership = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    let path = membership.lines().find_map(|l| l.strip_prefix("0::"))?;
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    // Fields: id parent major:minor root mount-point options… - type source options.
    let mount_point = mounts.lines().find_map(|line| {
        let (before, after) = line.split_once(" - ")?;
        after
            .starts_with("cgroup2 ")
            .then(|| before.split(' ').nth(4))
            .flatten()
    })?;
    let dir = Path::new(mount_point).join(path.trim_start_matches('/'));
    dir.is_dir().then_some(dir)
}

/// Removes the `coldstart-PID` folders of servers that are no longer running, once
/// empty (their guard killed what was in them). A folder something still runs in is
/// left alone: its server may be alive in another PID namespace.
fn remove_stale_roots(parent: &Path) {
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(ROOT_PREFIX))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if Path::new(&format!("/proc/{pid}")).exists() || populated(&entry.path()) {
            continue;
        }
        for call in std::fs::read_dir(entry.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if call.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir(call.path());
            }
        }
        let _ = std::fs::remove_dir(entry.path());
    }
}
