//! Rouge's long word lists (CSS properties, SQL keywords, PowerShell cmdlets), kept as
//! whitespace-separated text so a list reads as Rouge's `%w(...)` does.

/// Whether `word` is one of the whitespace-separated `words`.
pub(super) fn listed(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|listed| listed == word)
}
