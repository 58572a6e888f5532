//! The guard: a small process forked from the server that kills the server's
//! cgroups when the server dies, however it dies (SIGKILL included, which no
//! handler in the server sees).
//!
//! It holds the read end of a pipe whose write end only the server holds (close on
//! exec, so functions do not inherit it). When the server is gone the kernel closes
//! the write end, the guard's read returns, and it writes `1` to the root folder's
//! `cgroup.kill`, which kills every process in every invocation's cgroup. It leaves
//! the terminal's signals (Ctrl-C) to the server, and keeps no other descriptor
//! (the server's listening socket must not outlive it).

use std::ffi::CString;
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::Path;

/// The server's end of the guard: when it closes (the server exits or dies), the
/// guard kills the cgroups and exits, and whoever adopted it reaps it.
#[derive(Debug)]
pub struct Guard {
    _pipe: OwnedFd,
}

impl Guard {
    /// Forks the guard for the `cgroup.kill` file at `kill_file`.
    pub fn start(kill_file: &Path) -> std::io::Result<Guard> {
        let path = CString::new(kill_file.as_os_str().as_encoded_bytes())
            .map_err(std::io::Error::other)?;
        let mut ends = [0i32; 2];
        // SAFETY: pipe2(2) with a valid two-element array.
        if unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let [read_end, write_end] = ends;
        // SAFETY: the child runs only async-signal-safe system calls (`watch`) and
        // never returns; the parent closes the read end it does not use.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            // SAFETY: in the forked child, as above.
            unsafe { watch(read_end, &path) };
        }
        // SAFETY: the parent owns both descriptors; it keeps the write end only.
        unsafe { libc::close(read_end) };
        // SAFETY: `write_end` is a descriptor this process just opened.
        let pipe = unsafe { OwnedFd::from_raw_fd(write_end) };
        if pid < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Guard { _pipe: pipe })
    }
}

/// The guard's whole life: its own process group, terminal signals ignored, no
/// descriptor but the pipe, a read that returns when the server is gone, then the
/// kill. Only async-signal-safe calls: the server had other threads when it forked.
unsafe fn watch(read_end: i32, kill_file: &CString) -> ! {
    // SAFETY: plain system calls on integers and valid pointers.
    unsafe {
        libc::setpgid(0, 0);
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            libc::signal(signal, libc::SIG_IGN);
        }
        libc::dup2(read_end, 0);
        if libc::syscall(libc::SYS_close_range, 1u32, u32::MAX, 0u32) != 0 {
            for fd in 1..65_536 {
                libc::close(fd);
            }
        }
        let mut byte = 0u8;
        loop {
            let n = libc::read(0, (&mut byte as *mut u8).cast(), 1);
            if n == 0 || (n < 0 && *libc::__errno_location() != libc::EINTR) {
                break;
            }
        }
        let fd = libc::open(kill_file.as_ptr(), libc::O_WRONLY);
        if fd >= 0 {
            libc::write(fd, b"1".as_ptr().cast(), 1);
        }
        libc::_exit(0)
    }
}
