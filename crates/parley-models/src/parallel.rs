//! When a model may split its own work across threads.
//!
//! The models parallelise large inner loops (EUM's rows and scans) with rayon. A caller
//! that already runs one task per thread (a wave of Monte Carlo draws) gains nothing from
//! that and pays for splitting and joining, so it marks its tasks with [`one_thread`].
//! Inner loops add their results in an order fixed by the data, never by the threads, so
//! the results are the same bits either way.

use std::cell::Cell;

thread_local! {
    static ONE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with the models' inner parallelism off on this thread.
pub fn one_thread<R>(f: impl FnOnce() -> R) -> R {
    let before = ONE_THREAD.with(|c| c.replace(true));
    let r = f();
    ONE_THREAD.with(|c| c.set(before));
    r
}

/// Whether an inner loop of `n` items should run in parallel: at least `min` items and
/// not inside [`one_thread`].
pub fn inner(n: usize, min: usize) -> bool {
    n >= min && !ONE_THREAD.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_thread_turns_inner_parallelism_off_and_restores_it() {
        assert!(inner(64, 64));
        assert!(!inner(63, 64));
        let nested = one_thread(|| (inner(1000, 64), one_thread(|| inner(1000, 64)), inner(1000, 64)));
        assert_eq!(nested, (false, false, false));
        assert!(inner(1000, 64));
    }
}
