//! Progress and cancellation for long work (imports, vector builds, fits, exports).
//!
//! A job reports [`Progress`] through whatever sink its host gives it (a Tauri channel, a
//! terminal progress line, a test's vector) and checks a [`CancelToken`] between steps. Both are
//! plain types so the engine stays free of any runtime.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// How far a job has come. `total` is `None` while the amount of work is unknown.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Units of work done so far (bytes read, rows written, iterations run).
    pub done: f64,
    /// Units of work in all, when known.
    pub total: Option<f64>,
}

impl Progress {
    /// Progress with a known total.
    pub fn of(done: f64, total: f64) -> Self {
        Self { done, total: Some(total) }
    }

    /// The fraction done in `[0, 1]`, when the total is known and not zero.
    pub fn fraction(&self) -> Option<f64> {
        self.total.filter(|t| *t > 0.0).map(|t| (self.done / t).clamp(0.0, 1.0))
    }
}

/// A shared flag a job checks between steps; cancelling is cooperative and idempotent.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that has not been cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask the job to stop at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`cancel`](Self::cancel) has been called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_is_clamped_and_needs_a_total() {
        assert_eq!(Progress::of(5.0, 10.0).fraction(), Some(0.5));
        assert_eq!(Progress::of(15.0, 10.0).fraction(), Some(1.0));
        assert_eq!(Progress { done: 3.0, total: None }.fraction(), None);
        assert_eq!(Progress::of(0.0, 0.0).fraction(), None);
    }

    #[test]
    fn cancel_is_seen_by_clones() {
        let t = CancelToken::new();
        let c = t.clone();
        assert!(!c.is_cancelled());
        t.cancel();
        assert!(c.is_cancelled());
    }
}
