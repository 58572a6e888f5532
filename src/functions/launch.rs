//! Starting one function process, contained from its first instruction.
//!
//! The process is started with `clone3(CLONE_INTO_CGROUP | CLONE_PIDFD)`: it is born
//! in its invocation's cgroup. Moving it there after a fork (a write to
//! `cgroup.procs`) takes the kernel's cgroup migration lock, which waits for an RCU
//! grace period: milliseconds on a busy machine, for every call. Where `clone3` or
//! the flag is refused (Linux before 5.7, a seccomp filter such as Docker's), the
//! process is forked and moves itself in.
//!
//! Either way the child, before it executes the function, takes its pipes as
//! stdin, stdout and stderr, leads a process group of its own, dies with the
//! server (`PR_SET_PDEATHSIG`, see `spawner`), resets every signal's handler and
//! its signal mask, and changes to the handler folder; only async-signal-safe system calls run in
//! it, the server having other threads. A failure before the function runs comes
//! back as its `errno` on a close-on-exec pipe. The server waits for the process on
//! its pidfd, without a thread or SIGCHLD.

use std::ffi::{CString, OsString, c_char, c_int};
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::ExitStatus;

use tokio::io::AsyncReadExt;
use tokio::io::Interest;
use tokio::io::unix::AsyncFd;
use tokio::net::unix::pipe;

use super::{reaper, spawner};

/// What one function process runs: program, arguments, environment and folder.
#[derive(Debug)]
pub struct Launch {
    program: CString,
    argv: Vec<CString>,
    envp: Vec<CString>,
    cwd: CString,
    stdin_piped: bool,
    cgroup_dir: Option<RawFd>,
    subreaper: bool,
}

/// A started function process, waited for on its pidfd.
#[derive(Debug)]
pub struct Process {
    pid: i32,
    pidfd: AsyncFd<OwnedFd>,
    status: Option<ExitStatus>,
    /// Its stdin, when piped (see [`Launch::stdin_piped`]).
    pub stdin: Option<pipe::Sender>,
    /// Its stdout.
    pub stdout: Option<pipe::Receiver>,
    /// Its stderr.
    pub stderr: Option<pipe::Receiver>,
}

/// The child's ends of its pipes, and where it reports a failure.
struct ChildEnds {
    stdio: [OwnedFd; 3],
    error: OwnedFd,
}

/// Everything the child uses, prepared before the clone: it may not allocate.
struct ChildSetup {
    program: *const c_char,
    argv: *const *const c_char,
    envp: *const *const c_char,
    cwd: *const c_char,
    stdio: [RawFd; 3],
    error: RawFd,
    server: libc::pid_t,
    /// The server's process group, which a subreaper moves to (see `reaper`).
    server_group: libc::pid_t,
    /// Whether the process is a subreaper that forks the function (see `reaper`).
    subreaper: bool,
    /// The cgroup folder to move into, when the clone could not start it there.
    join_cgroup: Option<RawFd>,
}

/// `clone3(2)`'s flag to start the child in the cgroup `CloneArgs::cgroup` names
/// (libc's constant has too narrow a type).
const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;

/// The stack of a child that shares the server's memory until it executes.
#[cfg(target_arch = "x86_64")]
const CHILD_STACK_BYTES: usize = 64 * 1024;

/// `struct clone_args` of `clone3(2)`, as the kernel lays it out (version 2).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
    cgroup: u64,
}

impl Launch {
    /// `program` (an absolute path) with `args`, in `cwd`, with exactly `environment`.
    pub fn new<'a>(
        program: &Path,
        args: &[OsString],
        cwd: &Path,
        environment: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> io::Result<Launch> {
        let text = |bytes: &[u8]| CString::new(bytes).map_err(io::Error::other);
        let program = text(program.as_os_str().as_bytes())?;
        let mut argv = vec![program.clone()];
        for arg in args {
            argv.push(text(arg.as_bytes())?);
        }
        let envp = environment
            .into_iter()
            .map(|(name, value)| text(format!("{name}={value}").as_bytes()))
            .collect::<io::Result<_>>()?;
        Ok(Launch {
            program,
            argv,
            envp,
            cwd: text(cwd.as_os_str().as_bytes())?,
            stdin_piped: false,
            cgroup_dir: None,
            subreaper: false,
        })
    }

    /// Gives the process a pipe as stdin (else `/dev/null`).
    pub fn stdin_piped(mut self) -> Launch {
        self.stdin_piped = true;
        self
    }

    /// Starts the process in the cgroup whose folder is open as `dir`.
    pub fn in_cgroup(mut self, dir: Option<RawFd>) -> Launch {
        self.cgroup_dir = dir;
        self
    }

    /// Runs the function under a subreaper of its own, which holds every process
    /// of the call and kills them when the function ends (see `reaper`). The
    /// [`Process`] is the subreaper, which exits as the function does; its pid is
    /// the function's process group, which the subreaper left.
    pub fn under_subreaper(mut self) -> Launch {
        self.subreaper = true;
        self
    }

    /// Starts the process (cloned on the spawner thread) and returns once it runs
    /// the function, or with why it could not.
    pub async fn start(self) -> io::Result<Process> {
        // The subreaper outlives the clone, so it cannot share the server's memory.
        let clone = match self.subreaper {
            true => fork_child,
            false => clone_or_fork,
        };
        self.start_with(clone).await
    }

    /// [`Launch::start`] with the given way of cloning the child.
    async fn start_with(self, clone: Cloner) -> io::Result<Process> {
        let (stdin_read, stdin_write) = match self.stdin_piped {
            true => pipe_pair().map(|(r, w)| (r, Some(w)))?,
            false => (dev_null()?, None),
        };
        let (stdout_read, stdout_write) = pipe_pair()?;
        let (stderr_read, stderr_write) = pipe_pair()?;
        let (error_read, error_write) = pipe_pair()?;
        let ends = ChildEnds {
            stdio: [stdin_read, stdout_write, stderr_write],
            error: error_write,
        };
        // The child's ends close on the spawner thread once the child has its copies.
        let subreaper = self.subreaper;
        let (pid, pidfd) = spawner::run(move || self.clone_child(ends, clone)).await??;
        if !subreaper {
            // Also from here, so no signal to the group can come before the child's
            // own call (a subreaper leaves the group, and makes it before it reports).
            // SAFETY: setpgid(2) with integers; failing once the child has executed is fine.
            unsafe { libc::setpgid(pid, pid) };
        }
        let mut process = Process {
            pid,
            pidfd: watch_exit(pidfd)?,
            status: None,
            stdin: stdin_write.map(pipe::Sender::from_owned_fd).transpose()?,
            stdout: Some(pipe::Receiver::from_owned_fd(stdout_read)?),
            stderr: Some(pipe::Receiver::from_owned_fd(stderr_read)?),
        };
        let mut report = Vec::new();
        pipe::Receiver::from_owned_fd(error_read)?
            .read_to_end(&mut report)
            .await?;
        match <[u8; 4]>::try_from(report.as_slice()) {
            Ok(errno) => {
                let _ = process.wait().await;
                Err(io::Error::from_raw_os_error(i32::from_ne_bytes(errno)))
            }
            Err(_) => Ok(process),
        }
    }

    /// Clones the child with `clone` and returns its pid and pidfd.
    fn clone_child(&self, ends: ChildEnds, clone: Cloner) -> io::Result<(i32, OwnedFd)> {
        let argv = null_terminated(&self.argv);
        let envp = null_terminated(&self.envp);
        let mut setup = ChildSetup {
            program: self.program.as_ptr(),
            argv: argv.as_ptr(),
            envp: envp.as_ptr(),
            cwd: self.cwd.as_ptr(),
            stdio: ends.stdio.each_ref().map(AsRawFd::as_raw_fd),
            error: ends.error.as_raw_fd(),
            server: std::process::id() as libc::pid_t,
            // SAFETY: getpgrp(2) cannot fail.
            server_group: unsafe { libc::getpgrp() },
            subreaper: self.subreaper,
            join_cgroup: None,
        };
        clone(&mut setup, self.cgroup_dir)
    }
}

impl Process {
    /// The process's id (its group's too).
    pub fn id(&self) -> u32 {
        self.pid as u32
    }

    /// Waits until the process exits, and reaps it.
    pub async fn wait(&mut self) -> io::Result<ExitStatus> {
        loop {
            if let Some(status) = self.try_wait()? {
                return Ok(status);
            }
            self.pidfd.readable().await?.clear_ready();
        }
    }

    /// How the process ended, reaping it, or `None` while it runs.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        if self.status.is_some() {
            return Ok(self.status);
        }
        // SAFETY: a zeroed siginfo_t is valid; waitid(2) fills it.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let id = self.pidfd.get_ref().as_raw_fd() as libc::id_t;
        // SAFETY: waitid(2) on this process's pidfd, with a valid out-pointer.
        if unsafe { libc::waitid(libc::P_PIDFD, id, &mut info, libc::WEXITED | libc::WNOHANG) } != 0
        {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: waitid filled the SIGCHLD fields, or left them zero (still running).
        let (pid, code) = unsafe { (info.si_pid(), info.si_status()) };
        if pid == 0 {
            return Ok(None);
        }
        let raw = match info.si_code {
            libc::CLD_EXITED => (code & 0xff) << 8,
            libc::CLD_DUMPED => code | 0x80,
            _ => code,
        };
        self.status = Some(ExitStatus::from_raw(raw));
        Ok(self.status)
    }
}

/// The pidfd registered with the runtime, readable once the process has exited.
fn watch_exit(pidfd: OwnedFd) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: the OwnedFd owns the descriptor, open as long as the AsyncFd holds it.
    Ok(unsafe { AsyncFd::register_with_interest(pidfd, Interest::READABLE) }?)
}

/// A pipe, both ends close-on-exec and above the standard descriptors (so the
/// child's `dup2` onto 0, 1 and 2 never clobbers one it still needs).
fn pipe_pair() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut ends = [0; 2];
    // SAFETY: pipe2(2) with a valid two-element array.
    if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 just opened both descriptors for this process.
    let [read, write] = ends.map(|fd| unsafe { OwnedFd::from_raw_fd(fd) });
    Ok((above_stdio(read)?, above_stdio(write)?))
}

/// `/dev/null` for a process that reads no body.
fn dev_null() -> io::Result<OwnedFd> {
    let file = std::fs::File::open("/dev/null")?;
    above_stdio(file.into())
}

/// `fd`, or a close-on-exec copy of it numbered 3 or above.
fn above_stdio(fd: OwnedFd) -> io::Result<OwnedFd> {
    if fd.as_raw_fd() > 2 {
        return Ok(fd);
    }
    // SAFETY: fcntl(2) duplicating a descriptor this process owns.
    let copy = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 3) };
    if copy < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fcntl just returned a new descriptor.
    Ok(unsafe { OwnedFd::from_raw_fd(copy) })
}

/// The pointers of `strings`, then a null one, as `execve(2)` takes them.
fn null_terminated(strings: &[CString]) -> Vec<*const c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

/// A way to clone the child from its setup, into the cgroup open as the second
/// argument when there is one.
type Cloner = fn(&mut ChildSetup, Option<RawFd>) -> io::Result<(i32, OwnedFd)>;

/// `clone3` when the kernel allows it, else `fork` and a move into the cgroup.
fn clone_or_fork(setup: &mut ChildSetup, cgroup_dir: Option<RawFd>) -> io::Result<(i32, OwnedFd)> {
    match clone3_child(setup, cgroup_dir) {
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(libc::ENOSYS | libc::EINVAL | libc::E2BIG | libc::EPERM)
            ) =>
        {
            fork_child(setup, cgroup_dir)
        }
        cloned => cloned,
    }
}

/// `clone3` with a pidfd, into the cgroup open as `cgroup_dir` when there is one.
fn clone3_child(setup: &ChildSetup, cgroup_dir: Option<RawFd>) -> io::Result<(i32, OwnedFd)> {
    let mut pidfd: c_int = -1;
    let mut args = CloneArgs {
        flags: libc::CLONE_PIDFD as u64,
        pidfd: &mut pidfd as *mut c_int as u64,
        exit_signal: libc::SIGCHLD as u64,
        ..CloneArgs::default()
    };
    if let Some(dir) = cgroup_dir {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = dir as u64;
    }
    let pid = clone3(&mut args, setup);
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel stored the new pidfd.
    Ok((pid as i32, unsafe { OwnedFd::from_raw_fd(pidfd) }))
}

/// `clone3` as `vfork`: the child shares this address space, on a stack of its
/// own, until it executes the function, while this thread waits. Nothing is copied
/// (a fork copies the server's page tables, and every page either side writes
/// next faults), so the clone costs the same however large the server is.
#[cfg(target_arch = "x86_64")]
fn clone3(args: &mut CloneArgs, setup: &ChildSetup) -> isize {
    /// The child's entry on its own stack.
    extern "C" fn child(setup: *const ChildSetup) -> ! {
        // SAFETY: `setup` points into the waiting parent's frame; see `exec_child`.
        unsafe { exec_child(&*setup) }
    }
    let mut stack = vec![0u128; CHILD_STACK_BYTES / 16];
    args.flags |= (libc::CLONE_VM | libc::CLONE_VFORK) as u64;
    args.stack = stack.as_mut_ptr() as u64;
    args.stack_size = CHILD_STACK_BYTES as u64;
    let result: isize;
    // SAFETY: clone3(2); the child starts on its 16-byte aligned stack, calls
    // `child`, which never returns, and runs only async-signal-safe system calls
    // with every signal blocked until their handlers are reset (see `spawner`).
    unsafe {
        std::arch::asm!(
            "syscall",
            "test rax, rax",
            "jnz 2f",
            "xor ebp, ebp",
            "mov rdi, r13",
            "call r12",
            "ud2",
            "2:",
            inlateout("rax") libc::SYS_clone3 as isize => result,
            in("rdi") args as *mut CloneArgs,
            in("rsi") std::mem::size_of::<CloneArgs>(),
            in("r12") child as extern "C" fn(*const ChildSetup) -> !,
            in("r13") setup as *const ChildSetup,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack),
        );
    }
    drop(stack);
    if result < 0 {
        // SAFETY: the raw system call returned -errno; errno is set for the caller.
        unsafe { *libc::__errno_location() = -result as c_int };
        return -1;
    }
    result
}

/// `clone3` as `fork` (no CLONE_VM) where there is no `vfork` entry for the
/// architecture: the child runs on a copy of this address space.
#[cfg(not(target_arch = "x86_64"))]
fn clone3(args: &mut CloneArgs, setup: &ChildSetup) -> isize {
    // SAFETY: clone3(2) without CLONE_VM; the child runs only `exec_child`.
    let pid = unsafe {
        libc::syscall(
            libc::SYS_clone3,
            args as *mut CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    };
    if pid == 0 {
        // SAFETY: in the child, as above.
        unsafe { exec_child(setup) }
    }
    pid as isize
}

/// `fork`, where `clone3` is refused, and a pidfd opened for the child, which moves
/// itself into the cgroup open as `cgroup_dir`.
fn fork_child(setup: &mut ChildSetup, cgroup_dir: Option<RawFd>) -> io::Result<(i32, OwnedFd)> {
    setup.join_cgroup = cgroup_dir;
    // SAFETY: the child runs only `exec_child`, which never returns.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        // SAFETY: in the child, as above.
        unsafe { exec_child(setup) }
    }
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pidfd_open(2) for a child not yet reaped, so the pid is still its.
    let pidfd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if pidfd < 0 {
        let error = io::Error::last_os_error();
        // SAFETY: kill(2) and waitpid(2) for the child just forked.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
            libc::waitpid(pid, std::ptr::null_mut(), 0);
        }
        return Err(error);
    }
    // SAFETY: the descriptor was just opened.
    Ok((pid, unsafe { OwnedFd::from_raw_fd(pidfd as RawFd) }))
}

/// The child's whole life until it executes the function (see the module's
/// comment). Only async-signal-safe system calls, no allocation.
unsafe fn exec_child(setup: &ChildSetup) -> ! {
    // SAFETY: plain system calls on integers and on pointers prepared by the parent.
    unsafe {
        let mut failed = false;
        for (target, fd) in setup.stdio.iter().enumerate() {
            failed |= libc::dup2(*fd, target as c_int) < 0;
        }
        if let Some(dir) = setup.join_cgroup {
            // A refused move leaves the group kill and the tag sweep.
            let procs = libc::openat(
                dir,
                c"cgroup.procs".as_ptr(),
                libc::O_WRONLY | libc::O_CLOEXEC,
            );
            if procs >= 0 {
                libc::write(procs, b"0\n".as_ptr().cast(), 2);
            }
        }
        libc::setpgid(0, 0);
        if setup.subreaper {
            match reaper::supervise(setup.server, setup.server_group) {
                Ok(subreaper) => become_function(setup, subreaper, failed),
                Err(errno) => report_and_exit(setup.error, errno),
            }
        }
        become_function(setup, setup.server, failed)
    }
}

/// In the child, once it has its pipes and group: dies with `parent`, resets its
/// signals, changes folder and executes the function.
unsafe fn become_function(setup: &ChildSetup, parent: libc::pid_t, failed: bool) -> ! {
    // SAFETY: plain system calls on integers and on pointers prepared by the parent.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        if libc::getppid() != parent {
            report_and_exit(setup.error, libc::ESRCH);
        }
        // Every signal blocked (see `spawner`) until no handler of the server's is left.
        for signal in 1..=64 {
            libc::signal(signal, libc::SIG_DFL);
        }
        let mut unblocked: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut unblocked);
        libc::sigprocmask(libc::SIG_SETMASK, &unblocked, std::ptr::null_mut());
        if failed || libc::chdir(setup.cwd) != 0 {
            report_and_exit(setup.error, *libc::__errno_location());
        }
        libc::execve(setup.program, setup.argv, setup.envp);
        report_and_exit(setup.error, *libc::__errno_location())
    }
}

/// In the child: sends `errno` to the server and exits.
unsafe fn report_and_exit(error_pipe: RawFd, errno: c_int) -> ! {
    // SAFETY: write(2) of four bytes on the stack, then _exit(2).
    unsafe {
        libc::write(error_pipe, errno.to_ne_bytes().as_ptr().cast(), 4);
        libc::_exit(127)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo(text: &str) -> Launch {
        let args = ["-c".into(), format!("cat; printf {text}; exit 3").into()];
        Launch::new(
            Path::new("/bin/sh"),
            &args,
            Path::new("/"),
            [("PATH", "/bin")],
        )
        .expect("no NUL")
        .stdin_piped()
    }

    async fn run(mut process: Process) -> (String, ExitStatus) {
        use tokio::io::AsyncWriteExt;
        let mut stdin = process.stdin.take().expect("piped");
        stdin.write_all(b"in ").await.expect("written");
        drop(stdin);
        let mut out = String::new();
        let mut stdout = process.stdout.take().expect("piped");
        stdout.read_to_string(&mut out).await.expect("read");
        (out, process.wait().await.expect("waited"))
    }

    #[tokio::test]
    async fn a_cloned_process_reads_stdin_writes_stdout_and_exits() {
        let process = echo("out").start().await.expect("started");
        let (out, status) = run(process).await;
        assert_eq!(out, "in out");
        assert_eq!(status.code(), Some(3));
    }

    #[tokio::test]
    async fn the_fork_fallback_runs_the_same_process() {
        let process = echo("forked").start_with(fork_child).await.expect("forked");
        let (out, status) = run(process).await;
        assert_eq!(out, "in forked");
        assert_eq!(status.code(), Some(3));
    }

    #[tokio::test]
    async fn a_missing_folder_is_the_start_error() {
        let launch = Launch::new(
            Path::new("/bin/true"),
            &[],
            Path::new("/no/such/folder"),
            [],
        )
        .expect("no NUL");
        let error = launch.start().await.expect_err("no folder");
        assert_eq!(error.raw_os_error(), Some(libc::ENOENT));
    }
}
