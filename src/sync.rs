//! Locks that outlive a panic: a mutex whose holder panicked is still used, because
//! every value coldstart keeps behind one (process tables, caches, counters) is
//! changed in single steps that a panic cannot leave half-done.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// `mutex`'s contents, even if a panicking holder poisoned it.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
