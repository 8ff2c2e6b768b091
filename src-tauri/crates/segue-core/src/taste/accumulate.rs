//! Folding a stream of events into one signal per (listener, track), in memory bounded by the
//! number of distinct pairs rather than the number of events.
//!
//! A hash map keyed by pair would do, but at ten million events it costs a random cache miss per
//! event and, while it rehashes, two tables at once. Instead events are buffered, and a full
//! buffer is sorted (in parallel), folded into distinct pairs and merged into the sorted vector of
//! pairs seen so far — in place, from the back, so the merge needs no second copy of that vector.
//! The buffer grows with the pair vector (a quarter of it, at least [`DEFAULT_CHUNK`]), so each
//! pair is moved a bounded number of times per event: the whole stream costs O(events · log
//! chunk), and the pairs come out already sorted by (listener, track), the order taste wants.

use rayon::slice::ParallelSliceMut;

use crate::signals::{Event, PairSignal};

/// Default minimum number of buffered events before a merge: 1,048,576 (40 MB of buffer).
pub const DEFAULT_CHUNK: usize = 1 << 20;

/// A streaming aggregator of [`Event`]s (and aggregate [`PairSignal`]s) into distinct pairs.
///
/// ```
/// use segue_core::signals::{Event, EventKind};
/// use segue_core::taste::PairAccumulator;
///
/// let mut acc = PairAccumulator::new();
/// for (listener, track, ts) in [(1, 5, 10), (0, 7, 20), (1, 5, 30)] {
///     acc.push(&Event { listener, track, kind: EventKind::Play, timestamp: ts, ms_played: None });
/// }
/// let pairs = acc.into_pairs();
/// assert_eq!(pairs.len(), 2);
/// assert_eq!((pairs[1].listener, pairs[1].plays, pairs[1].last_ts), (1, 2.0, Some(30)));
/// ```
#[derive(Debug, Clone, Default)]
pub struct PairAccumulator {
    /// Distinct pairs, sorted by (listener, track).
    pairs: Vec<PairSignal>,
    /// Signals not yet merged, in arrival order.
    pending: Vec<PairSignal>,
    min_chunk: usize,
    events: u64,
}

/// Sort key of a pair: listener in the high half, track in the low half.
fn key(p: &PairSignal) -> u64 {
    (u64::from(p.listener) << 32) | u64::from(p.track)
}

impl PairAccumulator {
    /// An empty accumulator with the default chunk.
    pub fn new() -> Self {
        Self::with_chunk(DEFAULT_CHUNK)
    }

    /// An empty accumulator that merges at least every `min_chunk` signals (≥ 1).
    pub fn with_chunk(min_chunk: usize) -> Self {
        Self {
            min_chunk: min_chunk.max(1),
            ..Self::default()
        }
    }

    /// Folds in one event (a play under 30 s counts as a skip, see [`PairSignal::absorb`]).
    pub fn push(&mut self, event: &Event) {
        let mut p = PairSignal::new(event.listener, event.track);
        p.absorb(event);
        self.events += 1;
        self.buffer(p);
    }

    /// Folds in an aggregate signal (counts add up, the newest time wins).
    pub fn push_pair(&mut self, pair: PairSignal) {
        self.events += 1;
        self.buffer(pair);
    }

    /// Number of events and aggregates folded in so far.
    pub fn absorbed(&self) -> u64 {
        self.events
    }

    /// Number of distinct pairs so far (merges what is buffered).
    pub fn distinct_pairs(&mut self) -> usize {
        self.flush();
        self.pairs.len()
    }

    /// The distinct pairs, sorted by (listener, track).
    pub fn into_pairs(mut self) -> Vec<PairSignal> {
        self.flush();
        self.pairs.shrink_to_fit();
        self.pairs
    }

    fn buffer(&mut self, p: PairSignal) {
        self.pending.push(p);
        if self.pending.len() >= self.min_chunk.max(1).max(self.pairs.len() / 4) {
            self.flush();
        }
    }

    /// Sorts and folds the buffer, then merges it into `pairs` from the back.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let b = &mut self.pending;
        b.par_sort_unstable_by_key(key);
        let mut w = 0;
        for i in 1..b.len() {
            if key(&b[i]) == key(&b[w]) {
                let later = b[i];
                b[w].merge(&later);
            } else {
                w += 1;
                b[w] = b[i];
            }
        }
        b.truncate(w + 1);

        let a = &mut self.pairs;
        let (n, m) = (a.len(), b.len());
        a.resize(n + m, PairSignal::default());
        let (mut i, mut j, mut k) = (n, m, n + m);
        // Invariant: k = i + j + (pairs merged so far), so a[k - 1] never holds an unread a[..i].
        while j > 0 {
            k -= 1;
            if i > 0 && key(&a[i - 1]) > key(&b[j - 1]) {
                a[k] = a[i - 1];
                i -= 1;
            } else if i > 0 && key(&a[i - 1]) == key(&b[j - 1]) {
                let mut merged = a[i - 1];
                merged.merge(&b[j - 1]);
                a[k] = merged;
                i -= 1;
                j -= 1;
            } else {
                a[k] = b[j - 1];
                j -= 1;
            }
        }
        // a[..i] is in place; the merged tail starts at k: close the gap.
        a.copy_within(k..n + m, i);
        a.truncate(i + (n + m - k));
        b.clear();
    }
}

impl Extend<Event> for PairAccumulator {
    fn extend<I: IntoIterator<Item = Event>>(&mut self, events: I) {
        for e in events {
            self.push(&e);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256Plus;

    use super::*;
    use crate::signals::EventKind;

    fn ev(listener: u32, track: u32, kind: EventKind, ts: i64, ms: Option<u32>) -> Event {
        Event {
            listener,
            track,
            kind,
            timestamp: ts,
            ms_played: ms,
        }
    }

    #[test]
    fn the_accumulator_agrees_with_a_hash_map_and_sorts() {
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let kinds = [
            EventKind::Play,
            EventKind::Skip,
            EventKind::Save,
            EventKind::PlaylistAdd,
        ];
        let events: Vec<Event> = (0..5_000)
            .map(|_| {
                let ms = rng.gen_bool(0.5).then(|| rng.gen_range(0..300_000));
                ev(
                    rng.gen_range(0..40),
                    rng.gen_range(0..60),
                    kinds[rng.gen_range(0..4)],
                    rng.gen_range(0..1_000_000),
                    ms,
                )
            })
            .collect();
        let mut reference: HashMap<(u32, u32), PairSignal> = HashMap::new();
        for e in &events {
            reference
                .entry((e.listener, e.track))
                .or_insert_with(|| PairSignal::new(e.listener, e.track))
                .absorb(e);
        }
        let aggregate = PairSignal {
            listener: 0,
            track: 0,
            plays: 5.0,
            ..PairSignal::new(0, 0)
        };
        reference
            .entry((0, 0))
            .or_insert_with(|| PairSignal::new(0, 0))
            .merge(&aggregate);
        for chunk in [1, 7, 1000, DEFAULT_CHUNK] {
            let mut acc = PairAccumulator::with_chunk(chunk);
            acc.extend(events.iter().copied());
            acc.push_pair(aggregate);
            assert_eq!(acc.absorbed(), 5_001);
            let pairs = acc.into_pairs();
            assert!(pairs
                .windows(2)
                .all(|w| (w[0].listener, w[0].track) < (w[1].listener, w[1].track)));
            assert_eq!(pairs.len(), reference.len());
            assert!(pairs
                .iter()
                .all(|p| reference[&(p.listener, p.track)] == *p));
        }
    }
}
