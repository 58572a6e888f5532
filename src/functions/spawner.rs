//! The one long-lived thread that forks every function process.
//!
//! `PR_SET_PDEATHSIG` fires when the *thread* that forked a process ends, not the
//! process: a process forked from a pool thread that retires when idle would be
//! killed with it. This thread lives as long as the server, so the signal means
//! what it should: the server is gone (see `contain`).

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};

use tokio::process::{Child, Command};

/// A spawn to run on the spawner thread.
type Job = Box<dyn FnOnce() + Send>;

/// Starts `command` from the spawner thread, registered with the caller's runtime
/// (which waits for it and reaps it).
pub async fn spawn(mut command: Command) -> std::io::Result<Child> {
    let runtime = tokio::runtime::Handle::current();
    let (answer, spawned) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _entered = runtime.enter();
        let _ = answer.send(command.spawn());
    });
    jobs()
        .send(job)
        .map_err(|_| std::io::Error::other("the spawner thread is gone"))?;
    spawned
        .await
        .map_err(|_| std::io::Error::other("the spawner thread dropped the spawn"))?
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
                for job in receiver {
                    // A panic here would end the thread and, with it, every function.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        sender
    })
}
