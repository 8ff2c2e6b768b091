//! Listening histories as contexts for the collaborative part: per listener, the tracks they
//! engaged with and how strongly, in one flat allocation rather than a `Vec` per listener.

/// Per listener, (track, weight) items; listener `i` is the `i`-th [`push`](Self::push).
/// Built by [`crate::taste::listener_histories`] from the same pairs as taste vectors; only
/// positive weights take part in co-occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct ListenerHistories {
    offsets: Vec<usize>,
    tracks: Vec<u32>,
    weights: Vec<f32>,
}

impl Default for ListenerHistories {
    fn default() -> Self {
        Self::new()
    }
}

impl ListenerHistories {
    /// No listeners.
    pub fn new() -> Self {
        Self {
            offsets: vec![0],
            tracks: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Room for `listeners` listeners and `items` items in all.
    pub fn with_capacity(listeners: usize, items: usize) -> Self {
        let mut offsets = Vec::with_capacity(listeners + 1);
        offsets.push(0);
        Self {
            offsets,
            tracks: Vec::with_capacity(items),
            weights: Vec::with_capacity(items),
        }
    }

    /// Histories of listeners given as lists of (track, weight).
    pub fn from_lists(lists: &[Vec<(u32, f32)>]) -> Self {
        let mut h = Self::with_capacity(lists.len(), lists.iter().map(Vec::len).sum());
        for list in lists {
            h.push(list.iter().copied());
        }
        h
    }

    /// Appends the next listener's history.
    pub fn push(&mut self, items: impl IntoIterator<Item = (u32, f32)>) {
        for (t, w) in items {
            self.tracks.push(t);
            self.weights.push(w);
        }
        self.offsets.push(self.tracks.len());
    }

    /// Number of listeners.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether there are no listeners.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of (listener, track) items in all.
    pub fn nnz(&self) -> usize {
        self.tracks.len()
    }

    /// One listener's tracks and weights.
    pub fn get(&self, listener: usize) -> (&[u32], &[f32]) {
        let span = self.offsets[listener]..self.offsets[listener + 1];
        (&self.tracks[span.clone()], &self.weights[span])
    }
}
