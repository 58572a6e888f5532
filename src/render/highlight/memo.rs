//! Highlighted blocks remembered by content for the life of the process, so a block
//! is highlighted once per session: a build renders each distinct block once, and
//! `serve`'s rebuilds (which re-render every page whose Liquid inputs changed) never
//! highlight an unchanged block again.
//!
//! Entries are keyed by a digest of the highlighter (grammar or lexer) and the code, and hold the code's
//! length as a second check. Memory is bounded: when the entries of the current
//! generation pass [`MAX_GENERATION_BYTES`], they become the previous generation
//! (still found, and moved back when used) and the older one is dropped, so the
//! blocks of the site being served stay while edited-away ones age out.

use super::*;

use std::hash::{DefaultHasher, Hash, Hasher};

/// The HTML bytes one generation holds before it is retired.
pub(super) const MAX_GENERATION_BYTES: usize = 64 * 1024 * 1024;

/// The remembered blocks of this process.
static REMEMBERED: LazyLock<Mutex<Generations>> = LazyLock::new(Mutex::default);

/// A block's key: a digest of its highlighter and its code.
type BlockKey = u64;

/// One highlighted block: the length of its code and its HTML.
type Entry = (usize, Arc<str>);

/// Two generations of entries: found in either, added to the current one.
#[derive(Default)]
struct Generations {
    current: HashMap<BlockKey, Entry>,
    current_bytes: usize,
    previous: HashMap<BlockKey, Entry>,
}

/// `code` highlighted with `highlighter` by `highlight`, or as it was the last time it
/// was; only a highlighted result (`Some`) is remembered, never a fallback, which
/// may be the machine's load rather than the block.
pub(super) fn remembered(
    highlighter: impl Hash,
    code: &str,
    highlight: impl FnOnce() -> Option<String>,
) -> Option<String> {
    let key = block_key(highlighter, code);
    if let Some(html) = lock().find(key, code.len()) {
        return Some(html.to_string());
    }
    let html = highlight()?;
    lock().add(key, code.len(), Arc::from(html.as_str()));
    Some(html)
}

/// The remembered blocks, usable even after a panic while they were locked (every
/// change to them is a single insert or swap).
fn lock() -> std::sync::MutexGuard<'static, Generations> {
    crate::sync::lock(&REMEMBERED)
}

/// The key of `code` highlighted by `highlighter`.
fn block_key(highlighter: impl Hash, code: &str) -> BlockKey {
    let mut digest = DefaultHasher::new();
    highlighter.hash(&mut digest);
    code.hash(&mut digest);
    digest.finish()
}

impl Generations {
    /// The HTML of the block at `key` whose code is `len` bytes, moved to the current
    /// generation if it was in the previous one.
    fn find(&mut self, key: BlockKey, len: usize) -> Option<Arc<str>> {
        if let Some((code_len, html)) = self.current.get(&key) {
            return (*code_len == len).then(|| html.clone());
        }
        let (code_len, html) = self.previous.remove(&key)?;
        if code_len != len {
            return None;
        }
        self.add(key, len, html.clone());
        Some(html)
    }

    /// Remembers `html` for the block at `key`, retiring the current generation when
    /// it is full.
    fn add(&mut self, key: BlockKey, len: usize, html: Arc<str>) {
        if self.current_bytes + html.len() > MAX_GENERATION_BYTES {
            self.previous = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
        self.current_bytes += html.len();
        if let Some((_, replaced)) = self.current.insert(key, (len, html)) {
            self.current_bytes -= replaced.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_is_highlighted_once_then_remembered() {
        let grammar = CodeLexer::Grammar(SYNTAX_SET.find_syntax_by_token("rs").unwrap());
        let code = "fn remembered_block_test() {}\n";
        let mut calls = 0;
        for _ in 0..3 {
            let html = remembered(grammar, code, || {
                calls += 1;
                Some(format!("<span>{code}</span>"))
            });
            assert_eq!(
                html.as_deref(),
                Some("<span>fn remembered_block_test() {}\n</span>")
            );
        }
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_fallback_is_not_remembered() {
        let grammar = CodeLexer::Grammar(SYNTAX_SET.find_syntax_by_token("rs").unwrap());
        let code = "fn fallback_block_test() {}\n";
        assert_eq!(remembered(grammar, code, || None), None);
        assert_eq!(
            remembered(grammar, code, || Some("x".into())).as_deref(),
            Some("x")
        );
    }

    #[test]
    fn a_full_generation_is_retired_but_still_found() {
        let mut generations = Generations::default();
        let big: Arc<str> = Arc::from("x".repeat(MAX_GENERATION_BYTES / 2 + 1));
        generations.add(1, 10, big.clone());
        generations.add(2, 20, big.clone());
        assert!(!generations.current.contains_key(&1));
        assert_eq!(generations.find(1, 10).as_deref(), Some(&*big));
        assert_eq!(generations.find(1, 11), None);
        generations.add(3, 30, big.clone());
        assert_eq!(
            generations.find(2, 20),
            None,
            "two generations back is gone"
        );
    }
}
