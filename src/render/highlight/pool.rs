//! Highlighting on a pool of worker threads, within a time budget per block.

use super::*;

/// Highlights `code`, or `None` if it is too large, has a line that is too long, is not
/// done within [`TIME_BUDGET_PER_BLOCK`], or syntect fails (an error, or a panic that ends
/// its worker).
///
/// The work runs on a pooled worker thread so that the caller waits at most `budget` even
/// when one regex search runs away. An overrunning worker is dropped from the pool rather
/// than waited for; it stops by itself before its next line (see [`highlight_lines_until`])
/// and then exits, as nothing can send it work any more.
pub(super) fn highlight_within(highlighter: CodeLexer, code: &str) -> Option<String> {
    highlight_within_budget(highlighter, code, TIME_BUDGET_PER_BLOCK)
}

/// [`highlight_within`] with another time budget.
pub(super) fn highlight_within_budget(
    highlighter: CodeLexer,
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
    memo::remembered(highlighter, code, || {
        highlight_on_worker(highlighter, code, budget)
    })
}

/// What highlights a block: a syntect grammar, or one of our Rouge-compatible lexers.
#[derive(Clone, Copy)]
pub(super) enum CodeLexer {
    /// A syntect grammar, its tokens classed by [`StackClasses`] and written by [`FlatSpans`].
    Grammar(&'static SyntaxReference),
    /// A lexer written from Rouge's ([`rouge`]).
    Rouge(&'static rouge::LexerSpec),
}

impl CodeLexer {
    /// `code` highlighted, or `None` once the clock passes `deadline` (or syntect fails).
    fn highlight_until(self, code: &str, deadline: Instant) -> Option<String> {
        match self {
            CodeLexer::Grammar(grammar) => highlight_lines_until(grammar, code, deadline),
            CodeLexer::Rouge(lexer) => rouge::highlight_until(lexer, code, deadline),
        }
    }
}

impl std::hash::Hash for CodeLexer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            CodeLexer::Grammar(grammar) => {
                grammar.scope.hash(state);
                grammar.name.hash(state);
            }
            CodeLexer::Rouge(lexer) => lexer.names.hash(state),
        }
    }
}

/// Highlights `code` on a pooled worker, waiting at most `budget` for it.
fn highlight_on_worker(highlighter: CodeLexer, code: &str, budget: Duration) -> Option<String> {
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
            highlighter,
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
    highlighter: CodeLexer,
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
                    let highlighted = job.highlighter.highlight_until(&job.code, job.deadline);
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
