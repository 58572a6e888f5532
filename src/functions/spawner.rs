//! The one long-lived thread that forks every function process.
//!
//! `PR_SET_PDEATHSIG` fires when the *thread* that forked a process ends, not the
//! process: a process forked from a pool thread that retires when idle would be
//! killed with it. This thread lives as long as the server, so the signal means
//! what it should: the server is gone (see `launch`). It only clones: the wait for
//! the child to execute the function happens elsewhere. Every signal is blocked on
//! it, so a child sharing the server's memory until it executes never runs one of
//! the server's handlers (the child resets them, then unblocks).

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};

/// A clone to run on the spawner thread.
type Job = Box<dyn FnOnce() + Send>;

/// Runs `clone` on the spawner thread and returns what it returned.
pub async fn run<T: Send + 'static>(
    clone: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<T> {
    let (answer, cloned) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(clone());
    });
    jobs()
        .send(job)
        .map_err(|_| std::io::Error::other("the spawner thread is gone"))?;
    cloned
        .await
        .map_err(|_| std::io::Error::other("the spawner thread dropped the clone"))
}

/// The spawner thread's queue, the thread started on first use.
fn jobs() -> &'static Sender<Job> {
    static JOBS: OnceLock<Sender<Job>> = OnceLock::new();
    JOBS.get_or_init(|| {
        let (sender, receiver) = channel::<Job>();
        // Should the thread not start, the queue is closed and each spawn says so.
        let _ = std::thread::Builder::new()
            .name("coldstart-spawner".into())
            .spawn(move || {
                // SAFETY: a filled signal set, applied to this thread only.
                unsafe {
                    let mut all: libc::sigset_t = std::mem::zeroed();
                    libc::sigfillset(&mut all);
                    libc::pthread_sigmask(libc::SIG_SETMASK, &all, std::ptr::null_mut());
                }
                for job in receiver {
                    // A panic here would end the thread and, with it, every function.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        sender
    })
}
