//! Highlighting on a pool of worker threads, within a time budget per block.

use super::*;

/// Highlights `code`, or `None` if it is too large, has a line that is too long, is not
/// done within `budget`, or syntect fails (an error, or a panic that ends its worker).
///
/// The work runs on a pooled worker thread so that the caller waits at most `budget` even
/// when one regex search runs away. An overrunning worker is dropped from the pool rather
/// than waited for; it stops by itself before its next line (see [`highlight_lines_until`])
/// and then exits, as nothing can send it work any more.
pub(super) fn highlight_within(
    grammar: &'static SyntaxReference,
    code: &str,
    budget: Duration,
) -> Option<String> {
    if code.len() > MAX_HIGHLIGHTED_BLOCK_BYTES
        || code
            .split('\n')
            .any(|line| line.len() > MAX_HIGHLIGHTED_LINE_BYTES)
    {
        return None;
    }
    memo::remembered(grammar, code, || highlight_on_worker(grammar, code, budget))
}

/// Highlights `code` on a pooled worker, waiting at most `budget` for it.
fn highlight_on_worker(
    grammar: &'static SyntaxReference,
    code: &str,
    budget: Duration,
) -> Option<String> {
    let deadline = Instant::now() + budget;
    let idle_worker = IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop();
    let worker = idle_worker.or_else(Worker::spawn)?;
    let (reply, highlighted) = mpsc::sync_channel(1);
    worker
        .jobs
        .send(Job {
            grammar,
            code: code.to_owned(),
            deadline,
            reply,
        })
        .ok()?;
    let highlighted = highlighted
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok()?;
    IDLE_WORKERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(worker);
    highlighted
}

/// Highlighting threads waiting for a block: one per caller that was ever concurrently
/// highlighting, so threads are spawned once, not per block (a spawn costs ~100 µs).
pub(super) static IDLE_WORKERS: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// A thread that highlights the blocks sent to it, one at a time, until its sender is dropped.
pub(super) struct Worker {
    /// Where to send the next block.
    jobs: mpsc::Sender<Job>,
}

/// One block for a [`Worker`], and where to send the result.
pub(super) struct Job {
    grammar: &'static SyntaxReference,
    code: String,
    deadline: Instant,
    reply: mpsc::SyncSender<Option<String>>,
}

impl Worker {
    /// Starts a worker thread, or `None` if the system refuses one.
    fn spawn() -> Option<Worker> {
        let (jobs, incoming_jobs) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("coldstart-highlight".to_owned())
            .spawn(move || {
                for job in incoming_jobs {
                    let highlighted = highlight_lines_until(job.grammar, &job.code, job.deadline);
                    // The receiver is gone when the caller stopped waiting; the result is moot.
                    let _ = job.reply.send(highlighted);
                }
            })
            .ok()?;
        Some(Worker { jobs })
    }
}

/// Highlights `code` line by line into flat Rouge-classed spans, giving up (`None`) at the
/// first line that would start after `deadline`, or on a syntect error.
pub(super) fn highlight_lines_until(
    grammar: &SyntaxReference,
    code: &str,
    deadline: Instant,
) -> Option<String> {
    let mut parser = ParseState::new(grammar);
    let mut stack = ScopeStack::new();
    let mut spans = FlatSpans::new(grammar, code.len() * 3);
    let mut classes = StackClasses::new(grammar_scope_classes(grammar));
    let mut class = None;
    let mut stack_changed = false;
    for line in LinesWithEndings::from(code) {
        if Instant::now() >= deadline {
            return None;
        }
        let ops = parser.parse_line(line, &SYNTAX_SET).ok()?;
        let mut start = 0;
        for (index, op) in ops
            .iter()
            .map(|(index, op)| (*index, Some(op)))
            .chain([(line.len(), None)])
        {
            if index > start {
                if stack_changed {
                    class = classes.class_for_stack(stack.as_slice());
                    stack_changed = false;
                }
                spans.push_token(&line[start..index], class);
                start = index;
            }
            if let Some(op) = op {
                stack.apply(op).ok()?;
                stack_changed = true;
            }
        }
    }
    Some(spans.finish())
}
