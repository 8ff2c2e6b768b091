//! Offline evaluation: does personalization help, before anything ships?
//!
//! A seeded share of each listener's (listener, track) pairs is held out; the caller rebuilds
//! taste, segments and the preview context from the rest, personalizes, and scores each
//! segment's variant, the seed as is and a popularity-ordered pool against the held-out positive
//! tracks of that segment's listeners, at the playlist's length:
//!
//! - hit rate at k: the share of listeners with at least one held-out positive in the top k;
//! - NDCG at k (K. Järvelin and J. Kekäläinen, "Cumulated gain-based evaluation of IR
//!   techniques", ACM TOIS 20(4), 2002) with binary relevance: `DCG = Σ_{i<k} rel_i / log2(i + 2)`
//!   over the ranked list, divided by the DCG of an ideal list that puts all of the listener's
//!   positives first.
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

/// Per listener (`0..n_listeners`), the sorted tracks of their positive held-out pairs.
pub fn positives_by_listener(test: &[PairSignal], n_listeners: usize) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); n_listeners];
    for p in test.iter().filter(|p| is_positive(p)) {
        if let Some(v) = out.get_mut(p.listener as usize) {
            v.push(p.track);
        }
    }
    out.iter_mut().for_each(|v| {
        v.sort_unstable();
        v.dedup();
    });
    out
}

/// 1 when one of the first `k` tracks of `ranked` is in `relevant` (sorted), else 0.
pub fn hit_rate_at_k(ranked: &[u32], relevant: &[u32], k: usize) -> f64 {
    let hit = ranked.iter().take(k).any(|t| relevant.binary_search(t).is_ok());
    if hit {
        1.0
    } else {
        0.0
    }
}

/// Binary-relevance NDCG of the first `k` tracks of `ranked` against `relevant` (sorted); 0 when
/// nothing is relevant or `k` is 0.
pub fn ndcg_at_k(ranked: &[u32], relevant: &[u32], k: usize) -> f64 {
    let gain = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, t)| relevant.binary_search(t).is_ok())
        .map(|(i, _)| gain(i))
        .sum();
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

/// The mean scores of `ranked` over listeners' relevant tracks (each sorted), leaving out
/// listeners with none.
pub fn mean_scores(ranked: &[u32], relevant: &[Vec<u32>], k: usize) -> RankScores {
    let lists: Vec<&Vec<u32>> = relevant.iter().filter(|r| !r.is_empty()).collect();
    if lists.is_empty() {
        return RankScores::default();
    }
    let n = lists.len() as f64;
    RankScores {
        hit_rate: lists.iter().map(|r| hit_rate_at_k(ranked, r, k)).sum::<f64>() / n,
        ndcg: lists.iter().map(|r| ndcg_at_k(ranked, r, k)).sum::<f64>() / n,
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
/// positive tracks (sorted) of each of the segment's listeners, at `k`.
pub fn evaluate_variant(
    segment: u32,
    variant: &[u32],
    seed: &[u32],
    popular: &[u32],
    relevant: &[Vec<u32>],
    k: u32,
) -> SegmentEvaluation {
    let k_us = k as usize;
    SegmentEvaluation {
        segment,
        listeners: relevant.iter().filter(|r| !r.is_empty()).count() as u32,
        k,
        variant: mean_scores(variant, relevant, k_us),
        seed: mean_scores(seed, relevant, k_us),
        popularity: mean_scores(popular, relevant, k_us),
    }
}
