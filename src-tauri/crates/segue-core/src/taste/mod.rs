//! # Taste vectors: each listener's place in the space of track vectors
//!
//! A listener's taste vector is the direction of the weighted sum of the vectors of the tracks
//! they engaged with (DESIGN.md, "Taste vectors"):
//!
//! 1. events are folded per (listener, track) as they stream in ([`PairAccumulator`]);
//! 2. each pair gets a weight ([`pair_weight`]): plays +1, skips −0.5, saves +3, playlist adds
//!    +2, each count on a `log2(1 + n)` scale, decayed with a 90-day half-life from the
//!    listener's newest event (per pair, by the pair's newest event: see [`pair_weight`]);
//! 3. artist-level plays are spread over that artist's most popular tracks
//!    ([`spread_artist_plays`]) and added to the pairs' weights;
//! 4. the taste vector is `normalize(Σ_t w_t · v_t)` over the listener's tracks. Negative weights
//!    take part — a listener who skips a sound is pushed away from it — but only positively
//!    weighted tracks count as *evidence*. A listener without any has a zero row; one with fewer
//!    than `min_tracks` is flagged not [`eligible`](TasteVectors::eligible): kept out of fitting
//!    segments and assigned to the nearest one afterwards by the caller.
//!
//! This is the "mean of item vectors" user model of content-based and item-based recommenders;
//! the weights follow the implicit-feedback practice of treating behaviour as graded, decaying
//! confidence (Hu, Koren & Volinsky, "Collaborative filtering for implicit feedback datasets",
//! ICDM 2008). The same weights, positive part only, are the listening histories the
//! collaborative part of the track vectors is built from ([`listener_histories`]).
//!
//! Work is parallel over listeners: the pairs are grouped by listener once (a counting sort of
//! their positions, skipped when they already arrive sorted), and each thread reuses its buffers.

mod accumulate;
mod artists;
mod params;

#[cfg(test)]
mod tests;

pub use accumulate::{PairAccumulator, DEFAULT_CHUNK};
pub use artists::{spread_artist_plays, ArtistIndex, SpreadPlay};
pub use params::*;

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

use crate::job::{CancelToken, Progress};
use crate::signals::{ArtistPlays, PairSignal};
use crate::vectors::ListenerHistories;

/// Listeners per progress report and cancellation check.
const BATCH: usize = 8192;
/// Listeners per parallel task.
const TASK: usize = 128;

/// The listeners' taste vectors and their evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct TasteVectors {
    /// One row per listener, `n_listeners × dim`, L2-normalized; zero for listeners without
    /// positive evidence.
    pub vectors: Array2<f32>,
    /// Per listener, the number of distinct tracks with a positive total weight (artist-level
    /// plays included).
    pub evidence: Vec<u32>,
    /// Per listener, whether `evidence ≥ min_tracks`: whether they take part in fitting segments.
    pub eligible: Vec<bool>,
    /// The parameters of the build.
    pub params: TasteParams,
}

impl TasteVectors {
    /// Number of listeners eligible for fitting.
    pub fn n_eligible(&self) -> usize {
        self.eligible.iter().filter(|e| **e).count()
    }
}

/// Positions of items grouped by listener: items of listener `l` are
/// `order[offsets[l]..offsets[l + 1]]` (or the positions themselves when `order` is `None`,
/// because the items already arrive sorted by listener).
struct Groups {
    offsets: Vec<usize>,
    order: Option<Vec<u32>>,
}

impl Groups {
    fn by_listener(
        n_listeners: usize,
        listeners: impl Iterator<Item = u32> + Clone,
    ) -> Result<Groups, TasteError> {
        let mut offsets = vec![0usize; n_listeners + 1];
        let mut sorted = true;
        let mut prev = 0;
        for l in listeners.clone() {
            if l as usize >= n_listeners {
                return Err(TasteError::ListenerOutOfRange {
                    listener: l,
                    n_listeners,
                });
            }
            sorted &= l >= prev;
            prev = l;
            offsets[l as usize + 1] += 1;
        }
        for l in 0..n_listeners {
            offsets[l + 1] += offsets[l];
        }
        let order = (!sorted).then(|| {
            let mut next = offsets[..n_listeners].to_vec();
            let mut order = vec![0u32; offsets[n_listeners]];
            for (i, l) in listeners.enumerate() {
                order[next[l as usize]] = i as u32;
                next[l as usize] += 1;
            }
            order
        });
        Ok(Groups { offsets, order })
    }

    fn positions(&self, listener: usize) -> impl Iterator<Item = usize> + '_ {
        let span = self.offsets[listener]..self.offsets[listener + 1];
        let order = self.order.as_deref();
        span.map(move |i| order.map_or(i, |o| o[i] as usize))
    }
}

/// The newest event time among some pairs.
fn newest(pairs: &[PairSignal], positions: impl Iterator<Item = usize>) -> Option<i64> {
    positions.filter_map(|i| pairs[i].last_ts).max()
}

/// The listening histories for the collaborative part of the track vectors: per listener, the
/// tracks with a positive total engagement weight (decayed pair weights and spread artist plays,
/// as [`engagement_weights`] gives them) and that weight.
pub fn listener_histories(
    n_listeners: usize,
    pairs: &[PairSignal],
    artist_plays: &[ArtistPlays],
    artists: &ArtistIndex,
    params: &TasteParams,
) -> Result<ListenerHistories, TasteError> {
    params.check()?;
    let engagement = Engagement::new(n_listeners, pairs, artist_plays, artists, params)?;
    let mut out = ListenerHistories::with_capacity(n_listeners, pairs.len() + engagement.spread.len());
    let mut buf = Vec::new();
    for l in 0..n_listeners {
        engagement.weights(l, &mut buf);
        out.push(buf.iter().copied().filter(|&(_, w)| w > 0.0));
    }
    Ok(out)
}

/// Every listener's engagement with tracks: decayed pair weights and artist-level plays spread
/// over the artists' tracks, grouped by listener.
struct Engagement<'a> {
    pairs: &'a [PairSignal],
    spread: Vec<SpreadPlay>,
    pair_groups: Groups,
    spread_groups: Groups,
    params: &'a TasteParams,
}

impl<'a> Engagement<'a> {
    fn new(
        n_listeners: usize,
        pairs: &'a [PairSignal],
        artist_plays: &[ArtistPlays],
        artists: &ArtistIndex,
        params: &'a TasteParams,
    ) -> Result<Self, TasteError> {
        let spread = spread_artist_plays(artist_plays, artists, params)?;
        let pair_groups = Groups::by_listener(n_listeners, pairs.iter().map(|p| p.listener))?;
        let spread_groups = Groups::by_listener(n_listeners, spread.iter().map(|s| s.listener))?;
        Ok(Self { pairs, spread, pair_groups, spread_groups, params })
    }

    /// Listener `l`'s total weight per track, by track (a track both played and reached through
    /// its artist adds up), into `buf`.
    fn weights(&self, l: usize, buf: &mut Vec<(u32, f32)>) {
        let (pairs, spread, params) = (self.pairs, &self.spread, self.params);
        buf.clear();
        let newest_ts = newest(pairs, self.pair_groups.positions(l));
        buf.extend(
            self.pair_groups
                .positions(l)
                .map(|i| (pairs[i].track, pair_weight(&pairs[i], newest_ts, params))),
        );
        buf.extend(self.spread_groups.positions(l).map(|i| (spread[i].track, spread[i].weight)));
        buf.sort_unstable_by_key(|x| x.0);
        buf.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
    }
}

/// Every listener's total engagement weight per track as `(listener, track, weight)` triples, by
/// listener then track: the decayed pair weights plus artist-level plays spread over the
/// artists' tracks, exactly as [`build_taste`] weighs them (segment profiles read these).
pub fn engagement_weights(
    n_listeners: usize,
    pairs: &[PairSignal],
    artist_plays: &[ArtistPlays],
    artists: &ArtistIndex,
    params: &TasteParams,
) -> Result<Vec<(u32, u32, f32)>, TasteError> {
    params.check()?;
    let engagement = Engagement::new(n_listeners, pairs, artist_plays, artists, params)?;
    let mut out = Vec::with_capacity(pairs.len() + engagement.spread.len());
    let mut buf = Vec::new();
    for l in 0..n_listeners {
        engagement.weights(l, &mut buf);
        out.extend(buf.iter().map(|&(t, w)| (l as u32, t, w)));
    }
    Ok(out)
}

/// Builds the taste vectors of `n_listeners` listeners from their pair signals and artist-level
/// plays, over `track_vectors` (one row per dense track index). Pairs may come in any order; a
/// pair listed twice adds up. Progress counts listeners; the token is checked every few thousand
/// listeners, and a cancelled build returns [`TasteError::Cancelled`].
#[allow(clippy::too_many_arguments)]
pub fn build_taste(
    n_listeners: usize,
    pairs: &[PairSignal],
    artist_plays: &[ArtistPlays],
    artists: &ArtistIndex,
    track_vectors: ArrayView2<f32>,
    params: &TasteParams,
    cancel: &CancelToken,
    progress: &mut dyn FnMut(Progress),
) -> Result<TasteVectors, TasteError> {
    params.check()?;
    let (n_tracks, dim) = track_vectors.dim();
    if let Some(p) = pairs.iter().find(|p| p.track as usize >= n_tracks) {
        return Err(TasteError::TrackOutOfRange {
            track: p.track,
            n_tracks,
        });
    }
    let engagement = Engagement::new(n_listeners, pairs, artist_plays, artists, params)?;
    if let Some(s) = engagement.spread.iter().find(|s| s.track as usize >= n_tracks) {
        return Err(TasteError::TrackOutOfRange {
            track: s.track,
            n_tracks,
        });
    }
    let tv = track_vectors.as_standard_layout();
    let tv = tv.as_slice().expect("standard layout is contiguous");

    let mut vectors = Array2::<f32>::zeros((n_listeners, dim));
    let mut evidence = vec![0u32; n_listeners];
    let total = n_listeners as f64;
    progress(Progress::of(0.0, total));
    let flat = vectors.as_slice_mut().expect("fresh arrays are contiguous");
    let listener = |l: usize, row: &mut [f32], buf: &mut Vec<(u32, f32)>, acc: &mut Vec<f64>| {
        engagement.weights(l, buf);
        acc.clear();
        acc.resize(dim, 0.0);
        let mut positive = 0u32;
        for &(t, w) in buf.iter() {
            positive += u32::from(w > 0.0);
            let v = &tv[t as usize * dim..(t as usize + 1) * dim];
            for (a, &x) in acc.iter_mut().zip(v) {
                *a += f64::from(w) * f64::from(x);
            }
        }
        let norm = acc.iter().map(|a| a * a).sum::<f64>().sqrt();
        if positive > 0 && norm > 1e-12 {
            for (r, a) in row.iter_mut().zip(acc.iter()) {
                *r = (a / norm) as f32;
            }
        }
        positive
    };
    for start in (0..n_listeners).step_by(BATCH) {
        if cancel.is_cancelled() {
            return Err(TasteError::Cancelled);
        }
        let end = (start + BATCH).min(n_listeners);
        let rows = &mut flat[start * dim..end * dim];
        let ev = &mut evidence[start..end];
        // One slice of rows per task (empty ones when the vectors have no dimensions).
        let tasks = (end - start).div_ceil(TASK);
        let row_chunks: Vec<&mut [f32]> = if dim == 0 {
            std::iter::repeat_with(|| &mut [][..]).take(tasks).collect()
        } else {
            rows.chunks_mut(TASK * dim).collect()
        };
        ev.par_chunks_mut(TASK)
            .enumerate()
            .zip(row_chunks.into_par_iter())
            .for_each(|((task, ev), rows)| {
                let (mut buf, mut acc) = (Vec::new(), Vec::new());
                for (i, e) in ev.iter_mut().enumerate() {
                    let l = start + task * TASK + i;
                    let row = if dim == 0 {
                        &mut [][..]
                    } else {
                        &mut rows[i * dim..(i + 1) * dim]
                    };
                    *e = listener(l, row, &mut buf, &mut acc);
                }
            });
        progress(Progress::of(end as f64, total));
    }
    let eligible = evidence.iter().map(|&e| e >= params.min_tracks).collect();
    Ok(TasteVectors {
        vectors,
        evidence,
        eligible,
        params: params.clone(),
    })
}
