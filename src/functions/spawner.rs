//! The few long-lived threads that clone every function process.
//!
//! `PR_SET_PDEATHSIG` fires when the *thread* that forked a process ends, not the
//! process: a process forked from a pool thread that retires when idle would be
//! killed with it. These threads live as long as the server, so the signal means
//! what it should: the server is gone (see `launch`). They only clone: the wait for
//! the child to execute the function happens elsewhere. Every signal is blocked on
//! them, so a child sharing the server's memory until it executes never runs one of
//! the server's handlers (the child resets them, then unblocks).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};

/// The most spawner threads.
const MAX_SPAWNERS: usize = 4;

/// A clone to run on a spawner thread.
type Job = Box<dyn FnOnce() + Send>;

/// Runs `clone` on a spawner thread and returns what it returned.
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

/// The spawner threads' queues, the threads started on first use: one per core
/// (at most [`MAX_SPAWNERS`]), as a `vfork`-style clone holds its thread until the
/// child executes the function.
fn jobs() -> &'static Sender<Job> {
    static QUEUES: OnceLock<Vec<Sender<Job>>> = OnceLock::new();
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let queues = QUEUES.get_or_init(|| {
        let count = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_SPAWNERS));
        (0..count).map(start_spawner).collect()
    });
    &queues[NEXT.fetch_add(1, Ordering::Relaxed) % queues.len()]
}

/// Starts one spawner thread, every signal blocked, and returns its queue.
fn start_spawner(index: usize) -> Sender<Job> {
    let (sender, receiver) = channel::<Job>();
    // Should the thread not start, the queue is closed and each spawn says so.
    let _ = std::thread::Builder::new()
        .name(format!("coldstart-spawner-{index}"))
        .spawn(move || {
            // SAFETY: a filled signal set, applied to this thread only.
            unsafe {
                let mut all: libc::sigset_t = std::mem::zeroed();
                libc::sigfillset(&mut all);
                libc::pthread_sigmask(libc::SIG_SETMASK, &all, std::ptr::null_mut());
            }
            for job in receiver {
                // A panic here would end the thread and, with it, its functions.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        });
    sender
}
