//! Throttled progress: long work reports as often as it likes, the host hears at most every
//! 100 ms, and always hears the final state.

use std::time::{Duration, Instant};

use segue_core::Progress;

/// The longest a host waits between two progress reports while work goes on.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// Forwards progress to a sink at most once per `interval`, except the final report.
pub struct Throttle<F: FnMut(Progress)> {
    sink: F,
    interval: Duration,
    last: Option<Instant>,
}

impl<F: FnMut(Progress)> Throttle<F> {
    /// Throttles `sink` to one report per [`PROGRESS_INTERVAL`].
    pub fn new(sink: F) -> Self {
        Self { sink, interval: PROGRESS_INTERVAL, last: None }
    }

    /// Reports progress if the interval has passed since the last report.
    pub fn report(&mut self, p: Progress) {
        let now = Instant::now();
        if self.last.is_none_or(|t| now.duration_since(t) >= self.interval) {
            self.last = Some(now);
            (self.sink)(p);
        }
    }

    /// Reports the final state, whatever the interval.
    pub fn finish(&mut self, p: Progress) {
        self.last = Some(Instant::now());
        (self.sink)(p);
    }
}

/// Runs CPU-heavy `work` on a blocking thread (never on the async runtime) and forwards its
/// progress, rescaled into `span` (a part of a whole counted from 0 to 1), to `sink`.
pub async fn blocking<T, F>(sink: &mut Throttle<impl FnMut(Progress)>, span: (f64, f64), work: F) -> crate::Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn FnMut(Progress)) -> T + Send + 'static,
{
    let (send, mut recv) = tokio::sync::mpsc::unbounded_channel::<Progress>();
    let handle = tokio::task::spawn_blocking(move || {
        let mut report = |p: Progress| {
            let _ = send.send(p);
        };
        work(&mut report)
    });
    while let Some(p) = recv.recv().await {
        let fraction = p.fraction().unwrap_or(0.0);
        sink.report(Progress::of(span.0 + (span.1 - span.0) * fraction, 1.0));
    }
    handle.await.map_err(|e| crate::Error::stopped("the engine", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_throttled_but_the_final_one_always_goes_out() {
        let mut seen = Vec::new();
        {
            let mut t = Throttle::new(|p: Progress| seen.push(p.done));
            for i in 0..1000 {
                t.report(Progress::of(i as f64, 1000.0));
            }
            t.finish(Progress::of(1000.0, 1000.0));
        }
        assert_eq!(seen.first(), Some(&0.0));
        assert_eq!(seen.last(), Some(&1000.0));
        assert!(seen.len() < 10, "{} reports in a tight loop", seen.len());
    }
}
