//! Highlighting on a pool of worker threads, within a time budget per block, per
//! document and per build.
//!
//! A block gets at most its own budget, and no more than what is left of its
//! document's ([`DOCUMENT_BUDGET`], counted while [`within_document_budget`] runs).
//! Across documents, blocks that run out of time are counted: past
//! [`OVERRUNS_PER_WINDOW`] in [`OVERRUN_WINDOW`] (a build full of pathological blocks),
//! each further block gets only [`SPENT_BLOCK_BUDGET`] until the window ends. A block
//! cut off this way is shown unhighlighted, as any block over its budget.

use std::cell::Cell;

use super::*;

/// How long all the blocks of one document may take together.
pub const DOCUMENT_BUDGET: Duration = Duration::from_secs(10);
/// How many blocks may run out of time, over all documents, within one window.
const OVERRUNS_PER_WINDOW: u32 = 8;
/// The window over which overruns are counted (a build, or a few rebuilds).
const OVERRUN_WINDOW: Duration = Duration::from_secs(60);
/// A block's budget once the window's overruns are spent.
const SPENT_BLOCK_BUDGET: Duration = Duration::from_millis(20);

thread_local! {
    /// What is left of the current document's budget, when one is being rendered.
    static DOCUMENT_LEFT: Cell<Option<Duration>> = const { Cell::new(None) };
    /// How many blocks of the current document ran out of time (shown plain).
    static DOCUMENT_CUT_OFF: Cell<usize> = const { Cell::new(0) };
}

/// The blocks that ran out of time, over all documents being rendered.
static OVERRUNS: Mutex<Overruns> = Mutex::new(Overruns { window: None });

/// Blocks that ran out of time in the current window: when it started, how many.
struct Overruns {
    window: Option<(Instant, u32)>,
}

impl Overruns {
    /// Whether the window's overruns are spent.
    fn spent(&self) -> bool {
        self.window.is_some_and(|(started, count)| {
            started.elapsed() < OVERRUN_WINDOW && count >= OVERRUNS_PER_WINDOW
        })
    }

    /// Counts one block that ran out of time.
    fn count(&mut self) {
        match self.window.as_mut() {
            Some((started, count)) if started.elapsed() < OVERRUN_WINDOW => *count += 1,
            _ => self.window = Some((Instant::now(), 1)),
        }
    }
}

/// Runs `render` (one document's) with its own [`DOCUMENT_BUDGET`] for highlighting,
/// and says how many of its blocks ran out of time (so the cut-off is reported).
pub fn within_document_budget<R>(render: impl FnOnce() -> R) -> (R, usize) {
    let outer = DOCUMENT_LEFT.replace(Some(DOCUMENT_BUDGET));
    let outer_cut_off = DOCUMENT_CUT_OFF.replace(0);
    let rendered = render();
    DOCUMENT_LEFT.set(outer);
    (rendered, DOCUMENT_CUT_OFF.replace(outer_cut_off))
}

/// The budget of a block: its own, cut to what its document has left (`None`
/// outside a document) and, in a document, to [`SPENT_BLOCK_BUDGET`] when the
/// window's overruns are `spent`.
fn block_budget(own: Duration, document_left: Option<Duration>, spent: bool) -> Duration {
    match document_left {
        None => own,
        Some(left) if spent => own.min(left).min(SPENT_BLOCK_BUDGET),
        Some(left) => own.min(left),
    }
}

/// Highlights one block within its budget, charging its time to its document and
/// counting it when it ran out (documents only: a direct call has only its own budget).
fn highlight_budgeted(highlighter: CodeLexer, code: &str, own: Duration) -> Option<String> {
    let document_left = DOCUMENT_LEFT.get();
    let spent = document_left.is_some() && lock_overruns().spent();
    let budget = block_budget(own, document_left, spent);
    let started = Instant::now();
    let highlighted = highlight_on_worker(highlighter, code, budget);
    if let Some(left) = document_left {
        let took = started.elapsed();
        DOCUMENT_LEFT.set(Some(left.saturating_sub(took)));
        if highlighted.is_none() && took >= budget {
            lock_overruns().count();
            DOCUMENT_CUT_OFF.set(DOCUMENT_CUT_OFF.get() + 1);
        }
    }
    highlighted
}

fn lock_overruns() -> std::sync::MutexGuard<'static, Overruns> {
    crate::sync::lock(&OVERRUNS)
}

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
        highlight_budgeted(highlighter, code, budget)
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
    let idle_worker = crate::sync::lock(&IDLE_WORKERS).pop();
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
    crate::sync::lock(&IDLE_WORKERS).push(worker);
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

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn a_block_gets_no_more_than_its_document_has_left() {
        let own = Duration::from_secs(2);
        assert_eq!(block_budget(own, None, true), own);
        assert_eq!(block_budget(own, Some(Duration::from_secs(9)), false), own);
        let left = Duration::from_millis(300);
        assert_eq!(block_budget(own, Some(left), false), left);
        assert_eq!(
            block_budget(own, Some(Duration::ZERO), false),
            Duration::ZERO
        );
    }

    #[test]
    fn a_window_of_overruns_cuts_every_later_block_short() {
        let mut overruns = Overruns { window: None };
        for _ in 0..OVERRUNS_PER_WINDOW - 1 {
            overruns.count();
        }
        assert!(!overruns.spent());
        overruns.count();
        assert!(overruns.spent());
        let budget = block_budget(Duration::from_secs(2), Some(DOCUMENT_BUDGET), true);
        assert_eq!(budget, SPENT_BLOCK_BUDGET);
        overruns.window = Some((Instant::now() - OVERRUN_WINDOW, OVERRUNS_PER_WINDOW));
        assert!(!overruns.spent(), "a new window starts afresh");
    }

    #[test]
    fn a_document_counts_its_blocks_cut_off() {
        let rust = SYNTAX_SET
            .find_syntax_by_token("rust")
            .expect("rust grammar");
        let (highlighted, cut_off) = within_document_budget(|| {
            highlight_budgeted(CodeLexer::Grammar(rust), "fn main() {}\n", Duration::ZERO)
        });
        assert!(highlighted.is_none());
        assert_eq!(cut_off, 1);
        assert_eq!(within_document_budget(|| ()).1, 0, "counted per document");
    }

    #[test]
    fn a_document_is_charged_for_its_blocks() {
        let rust = SYNTAX_SET
            .find_syntax_by_token("rust")
            .expect("rust grammar");
        within_document_budget(|| {
            assert!(
                highlight_budgeted(
                    CodeLexer::Grammar(rust),
                    "fn main() {}\n",
                    Duration::from_secs(2)
                )
                .is_some()
            );
            let left = DOCUMENT_LEFT.get().expect("in a document");
            assert!(left < DOCUMENT_BUDGET);
        });
        assert_eq!(DOCUMENT_LEFT.get(), None);
    }
}
