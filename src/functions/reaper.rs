//! A subreaper per invocation, where there is no cgroup to hold its processes.
//!
//! A process that calls `setsid` and clears its environment leaves the process
//! group and carries no mark: nothing outside finds it once its parent is gone.
//! So without a cgroup (see `contain`) the function runs under a small process
//! forked from the server for the call: it marks itself a child subreaper
//! (`PR_SET_CHILD_SUBREAPER`), so every orphan of the call, whatever session or
//! group it moved to, becomes its child; it forks the function (which executes in
//! the call's process group, led by the subreaper's pid); it leaves that group for
//! the server's, so the server's group signals reach the function and not it; and
//! when the function ends, it kills every child it has, orphans included, reaps
//! them, and exits as the function did. When the server dies, even by SIGKILL,
//! it is told (`PR_SET_PDEATHSIG`) and does the same.
//!
//! It runs in a copy of a multithreaded server that never executes anything else,
//! so it makes only async-signal-safe system calls, on the stack.

use std::ffi::c_int;

use libc::pid_t;

/// The signal the subreaper receives when the server is gone.
const SERVER_GONE: c_int = libc::SIGUSR1;
/// The highest descriptor closed where `close_range(2)` is missing (Linux < 5.9).
const MAX_CLOSED_FD: c_int = 65_536;

/// The subreaper's whole life (see the module's comment). Returns only in the
/// forked function process, with the subreaper's pid (the function then executes),
/// or in the subreaper with an errno when the function could not start (it then
/// reports it to the server and exits). Every signal is blocked on entry (see
/// `spawner`).
///
/// # Safety
/// Only in a freshly forked child, whose descriptors 0 to 2 are the call's pipes
/// and that leads the call's process group.
pub unsafe fn supervise(server: pid_t, server_group: pid_t) -> Result<pid_t, c_int> {
    // SAFETY: plain system calls on integers and on this stack's memory.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, SERVER_GONE, 0, 0, 0);
        if libc::getppid() != server {
            return Err(libc::ESRCH);
        }
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        let own = libc::getpid();
        let pid = libc::fork();
        if pid == 0 {
            return Ok(own);
        }
        if pid < 0 {
            return Err(*libc::__errno_location());
        }
        // Out of the call's group before the server learns the function runs (the
        // error pipe closes with the descriptors below), so its kills miss this one.
        libc::setpgid(0, server_group);
        close_every_descriptor();
        wake_on(libc::SIGCHLD);
        wake_on(SERVER_GONE);
        let status = wait_for(pid, server);
        kill_every_child();
        exit_as(status)
    }
}

/// Waits until `function` exits, reaping any orphan that exits meanwhile. Its
/// wait status, or `None` when the server is gone first.
unsafe fn wait_for(function: pid_t, server: pid_t) -> Option<c_int> {
    // SAFETY: waitpid(2), getppid(2) and ppoll(2) on this stack's memory.
    unsafe {
        let mut woken: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut woken);
        libc::sigdelset(&mut woken, libc::SIGCHLD);
        libc::sigdelset(&mut woken, SERVER_GONE);
        loop {
            loop {
                let mut status = 0;
                let reaped = libc::waitpid(-1, &mut status, libc::WNOHANG);
                if reaped == function {
                    return Some(status);
                }
                if reaped < 0 {
                    return None;
                }
                if reaped == 0 {
                    break;
                }
            }
            if libc::getppid() != server {
                return None;
            }
            // Both signals stay blocked but here, so none is lost between the
            // checks above and the sleep.
            libc::ppoll(std::ptr::null_mut(), 0, std::ptr::null(), &woken);
        }
    }
}

/// SIGKILLs every child (orphans come back as their parents die) until none is left.
unsafe fn kill_every_child() {
    // SAFETY: kill(2) and waitpid(2) with integers.
    unsafe {
        loop {
            if !for_each_child(|pid| {
                libc::kill(pid, libc::SIGKILL);
            }) {
                // No children list (a kernel without CONFIG_PROC_CHILDREN): the
                // call's group at least, and what has already exited.
                libc::kill(-libc::getpid(), libc::SIGKILL);
                while libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) > 0 {}
                return;
            }
            if libc::waitpid(-1, std::ptr::null_mut(), 0) < 0
                && *libc::__errno_location() == libc::ECHILD
            {
                return;
            }
        }
    }
}

/// Calls `each` with every pid in `/proc/thread-self/children` (this process has
/// one thread). False when the list cannot be read.
unsafe fn for_each_child(mut each: impl FnMut(pid_t)) -> bool {
    // SAFETY: open(2), read(2) into the stack buffer, close(2).
    unsafe {
        let fd = libc::open(
            c"/proc/thread-self/children".as_ptr(),
            libc::O_RDONLY | libc::O_CLOEXEC,
        );
        if fd < 0 {
            return false;
        }
        let mut buffer = [0u8; 4096];
        let mut pid: pid_t = 0;
        loop {
            let read = libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len());
            if read <= 0 {
                break;
            }
            for byte in &buffer[..read as usize] {
                if byte.is_ascii_digit() {
                    pid = pid
                        .saturating_mul(10)
                        .saturating_add(pid_t::from(byte - b'0'));
                } else if pid > 0 {
                    each(pid);
                    pid = 0;
                }
            }
        }
        if pid > 0 {
            each(pid);
        }
        libc::close(fd);
        true
    }
}

/// Closes every descriptor: the server's, which a fork copies and no exec closes
/// here (another call's pipe held open would never reach its end), and the call's.
unsafe fn close_every_descriptor() {
    // SAFETY: close_range(2) and close(2) with integers.
    unsafe {
        if libc::syscall(libc::SYS_close_range, 0, u32::MAX, 0) != 0 {
            for fd in 0..MAX_CLOSED_FD {
                libc::close(fd);
            }
        }
    }
}

/// Has `signal` interrupt a `ppoll` (a signal ignored by default would not).
unsafe fn wake_on(signal: c_int) {
    extern "C" fn wake(_: c_int) {}
    // SAFETY: sigaction(2) with a zeroed (valid) action naming a handler that does nothing.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = wake as extern "C" fn(c_int) as usize;
        libc::sigfillset(&mut action.sa_mask);
        libc::sigaction(signal, &action, std::ptr::null_mut());
    }
}

/// Exits as the function did: its exit code, or killed by its signal (without a
/// core dump of this copy of the server).
unsafe fn exit_as(status: Option<c_int>) -> ! {
    // SAFETY: prctl(2), signal(2), sigprocmask(2), kill(2) and _exit(2) with integers.
    unsafe {
        match status {
            Some(status) if libc::WIFEXITED(status) => libc::_exit(libc::WEXITSTATUS(status)),
            Some(status) if libc::WIFSIGNALED(status) => {
                let signal = libc::WTERMSIG(status);
                libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
                libc::signal(signal, libc::SIG_DFL);
                let mut only: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut only);
                libc::sigaddset(&mut only, signal);
                libc::sigprocmask(libc::SIG_UNBLOCK, &only, std::ptr::null_mut());
                libc::kill(libc::getpid(), signal);
                libc::_exit(128 + signal)
            }
            _ => libc::_exit(127),
        }
    }
}
