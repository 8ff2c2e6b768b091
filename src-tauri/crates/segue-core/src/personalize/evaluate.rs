//! Offline evaluation: does personalization help, before anything ships?
//!
//! A seeded share of each listener's (listener, track) pairs — and of their artist-level plays —
//! is held out; the caller rebuilds taste, segments and the preview context from the rest,
//! personalizes, and scores each segment's variant, the seed as is and a popularity-ordered pool
//! against the held-out positives of that segment's listeners ([`HeldOut`]: tracks, and artists
//! for artist-level plays, where any track of the artist is a hit), at the playlist's length:
//!
//! - hit rate at k: the share of listeners with at least one held-out positive in the top k;
//! - NDCG at k (K. Järvelin and J. Kekäläinen, "Cumulated gain-based evaluation of IR
//!   techniques", ACM TOIS 20(4), 2002) with binary relevance: `DCG = Σ_{i<k} rel_i / log2(i + 2)`
//!   over the ranked list, divided by the DCG of an ideal list that puts all of the listener's
//!   positives first (a held-out artist is one positive, credited at its first track).
//!
//! Listeners without held-out positives say nothing about a ranking and are left out of the means.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

use super::params::param;
use super::PersonalizeError;
use crate::signals::PairSignal;

/// Mixes a listener index into the split's seed (the golden-ratio increment of SplitMix64), so
/// each listener's draw is independent of the others and of the order pairs arrive in.
const LISTENER_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;

/// A holdout split.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Split {
    /// Pairs to rebuild taste, segments and engagement from.
    pub train: Vec<PairSignal>,
    /// Held-out pairs to score rankings against.
    pub test: Vec<PairSignal>,
}

/// Holds out `share` (in `[0, 1)`) of each listener's pairs, rounded, at random but seeded: the
/// same pairs and seed give the same split whatever their order. A listener always keeps at
/// least one training pair. Both halves come sorted by (listener, track).
pub fn holdout(pairs: &[PairSignal], share: f64, seed: u64) -> Result<Split, PersonalizeError> {
    if !(0.0..1.0).contains(&share) {
        return Err(param("holdout share", "must be at least 0 and below 1"));
    }
    let mut sorted = pairs.to_vec();
    sorted.sort_by_key(|p| (p.listener, p.track));
    let mut split = Split::default();
    for group in sorted.chunk_by(|a, b| a.listener == b.listener) {
        let n = group.len();
        let held = ((share * n as f64).round() as usize).min(n - 1);
        let mut idx: Vec<usize> = (0..n).collect();
        let stream = seed.wrapping_add(u64::from(group[0].listener).wrapping_mul(LISTENER_STREAM));
        idx.shuffle(&mut Xoshiro256Plus::seed_from_u64(stream));
        let mut out = vec![false; n];
        idx[..held].iter().for_each(|&i| out[i] = true);
        for (p, held_out) in group.iter().zip(out) {
            if held_out {
                split.test.push(*p)
            } else {
                split.train.push(*p)
            }
        }
    }
    Ok(split)
}

/// Whether a pair says the listener likes the track: more plays, saves and adds than skips.
pub fn is_positive(p: &PairSignal) -> bool {
    p.plays + p.saves + p.adds > p.skips
}

/// Per listener (`0..n_listeners`), the tracks of their positive held-out pairs (no artists yet).
pub fn positives_by_listener(test: &[PairSignal], n_listeners: usize) -> Vec<HeldOut> {
    let mut out = vec![HeldOut::default(); n_listeners];
    for p in test.iter().filter(|p| is_positive(p)) {
        if let Some(h) = out.get_mut(p.listener as usize) {
            h.tracks.push(p.track);
        }
    }
    out.iter_mut().for_each(HeldOut::tidy);
    out
}

/// One listener's held-out positives, both sorted: tracks from track-level signals, and artists
/// from artist-level plays.
///
/// Artist-level plays (Last.fm scrobble counts) say that a listener played an artist, not which
/// of its tracks: any track of a held-out artist is a hit. The taste step's spread over the
/// artist's most popular tracks is the model's guess at those tracks, and scoring against it
/// would grade rankings by their agreement with that guess instead of with held-out behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeldOut {
    /// Held-out positive tracks.
    pub tracks: Vec<u32>,
    /// Artists of held-out positive artist-level plays.
    pub artists: Vec<u32>,
}

impl HeldOut {
    /// Positives from tracks alone.
    pub fn of_tracks(mut tracks: Vec<u32>) -> Self {
        tracks.sort_unstable();
        tracks.dedup();
        Self { tracks, artists: Vec::new() }
    }

    /// Sorts and deduplicates both lists.
    pub fn tidy(&mut self) {
        for v in [&mut self.tracks, &mut self.artists] {
            v.sort_unstable();
            v.dedup();
        }
    }

    /// Relevant items: each held-out track and each held-out artist.
    pub fn len(&self) -> usize {
        self.tracks.len() + self.artists.len()
    }

    /// Whether nothing was held out.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The 0-based ranks among the first `k` of `ranked` that hit a relevant item: a held-out
    /// track, or the first track of a held-out artist (an artist counts once, so a list of one
    /// artist's tracks is not a list of hits). `artist` names a track's artist.
    pub fn hits(&self, ranked: &[u32], k: usize, artist: impl Fn(u32) -> u32) -> Vec<usize> {
        let mut credited: Vec<u32> = Vec::new();
        let mut out = Vec::new();
        for (i, &t) in ranked.iter().take(k).enumerate() {
            let a = artist(t);
            if self.tracks.binary_search(&t).is_ok() {
                out.push(i);
            } else if self.artists.binary_search(&a).is_ok() && !credited.contains(&a) {
                credited.push(a);
                out.push(i);
            }
        }
        out
    }
}

/// 1 when one of the first `k` tracks of `ranked` hits `relevant` (see [`HeldOut::hits`]), else 0.
pub fn hit_rate_at_k(ranked: &[u32], relevant: &HeldOut, k: usize, artist: impl Fn(u32) -> u32) -> f64 {
    if relevant.hits(ranked, k, artist).is_empty() {
        0.0
    } else {
        1.0
    }
}

/// Binary-relevance NDCG of the first `k` tracks of `ranked` against `relevant` (see
/// [`HeldOut::hits`]); the ideal list hits an item at each of its first `min(k, items)` ranks.
/// 0 when nothing is relevant or `k` is 0.
pub fn ndcg_at_k(ranked: &[u32], relevant: &HeldOut, k: usize, artist: impl Fn(u32) -> u32) -> f64 {
    let gain = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let dcg = relevant.hits(ranked, k, artist).into_iter().map(gain).fold(0.0, |a, g| a + g);
    let ideal: f64 = (0..k.min(relevant.len())).map(gain).sum();
    if ideal > 0.0 {
        dcg / ideal
    } else {
        0.0
    }
}

/// Hit rate and NDCG of one ranking, averaged over listeners.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RankScores {
    /// Mean hit rate at k.
    pub hit_rate: f64,
    /// Mean NDCG at k.
    pub ndcg: f64,
}

/// The mean scores of `ranked` over listeners' held-out positives, leaving out listeners with
/// none.
pub fn mean_scores(ranked: &[u32], relevant: &[HeldOut], k: usize, artist: impl Fn(u32) -> u32 + Copy) -> RankScores {
    let lists: Vec<&HeldOut> = relevant.iter().filter(|r| !r.is_empty()).collect();
    if lists.is_empty() {
        return RankScores::default();
    }
    let n = lists.len() as f64;
    RankScores {
        hit_rate: lists.iter().map(|r| hit_rate_at_k(ranked, r, k, artist)).sum::<f64>() / n,
        ndcg: lists.iter().map(|r| ndcg_at_k(ranked, r, k, artist)).sum::<f64>() / n,
    }
}

/// One segment's offline comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentEvaluation {
    /// The segment.
    pub segment: u32,
    /// Listeners of the segment with held-out positives (the ones averaged over).
    pub listeners: u32,
    /// The cut-off: the playlist's length.
    pub k: u32,
    /// The segment's variant.
    pub variant: RankScores,
    /// The seed as is.
    pub seed: RankScores,
    /// The candidate pool ordered by popularity.
    pub popularity: RankScores,
}

/// Scores a segment's `variant`, the unpersonalized `seed` and a popularity-ordered pool
/// (`popular`, e.g. from `PreviewContext::popularity_order`) against `relevant`, the held-out
/// positives of each of the segment's listeners, at `k`; `artist` names a track's artist.
pub fn evaluate_variant(
    segment: u32,
    variant: &[u32],
    seed: &[u32],
    popular: &[u32],
    relevant: &[HeldOut],
    k: u32,
    artist: impl Fn(u32) -> u32 + Copy,
) -> SegmentEvaluation {
    let k_us = k as usize;
    SegmentEvaluation {
        segment,
        listeners: relevant.iter().filter(|r| !r.is_empty()).count() as u32,
        k,
        variant: mean_scores(variant, relevant, k_us, artist),
        seed: mean_scores(seed, relevant, k_us, artist),
        popularity: mean_scores(popular, relevant, k_us, artist),
    }
}
