//! Candidates and their scores: affinity to a segment, fit to the seed, and the segment's
//! observed engagement shrunk towards the mean.
//!
//! Each segment's candidates are the seed, the pool, must-include tracks and that segment's pool
//! expansion ([`super::expand`]); their pairwise cosines and seed fits are computed per segment.

use std::collections::HashSet;

use ndarray::Array2;

use super::context::{GlobalRates, PreviewContext, TrackEngagement};
use super::request::Plan;
use super::PersonalizeParams;

/// A Bayesian average: `(events + w·μ) / (exposures + w)`, the rate a track would have if `w`
/// listens at the prior mean rate `μ` had been observed besides its own. Thin evidence stays
/// close to the mean; plenty of evidence speaks for itself. With neither, the mean.
pub fn shrunk_rate(events: f64, exposures: f64, prior_mean: f64, prior_weight: f64) -> f64 {
    let denominator = exposures + prior_weight;
    if denominator <= 0.0 {
        return prior_mean;
    }
    ((events + prior_weight * prior_mean) / denominator).clamp(0.0, 1.0)
}

/// How much better than average a segment engages with a track: its shrunk *reach* (the share of
/// the segment's `listeners` who played, saved or added the track) above the global mean reach,
/// plus its shrunk save rate above the global mean, minus its shrunk skip rate above the global
/// mean. Each part is a share, so each lies in `[-1, 1]`.
///
/// Reach is the part every source has: artist-level plays (Last.fm) and play counts carry no
/// saves or skips, and then "which tracks does this segment play, and how widely" is all the
/// engagement there is — the segment-level form of collaborative filtering. A track no listener
/// of the segment touched (`None`) has the mean save and skip rates and a reach shrunk from zero.
pub fn engagement_score(e: Option<&TrackEngagement>, listeners: u32, global: GlobalRates, prior_weight: f64) -> f64 {
    let e = e.copied().unwrap_or_default();
    let n = f64::from(e.exposures());
    let save = shrunk_rate(f64::from(e.saves), n, global.save, prior_weight);
    let skip = shrunk_rate(f64::from(e.skips), n, global.skip, prior_weight);
    let reach = shrunk_rate(f64::from(e.listeners), f64::from(listeners), global.reach, prior_weight);
    (reach - global.reach) + (save - global.save) - (skip - global.skip)
}

/// A track seen from one segment: the parts of relevance that depend on the segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Taste {
    /// Cosine to the segment's centroid.
    pub affinity: f32,
    /// [`engagement_score`].
    pub engagement: f32,
}

impl Taste {
    /// How `segment` sees `track`.
    pub fn of(ctx: &PreviewContext, segment: u32, track: u32, p: &PersonalizeParams) -> Self {
        let listeners = ctx.segment_listeners(segment);
        let e =
            engagement_score(ctx.engagement(segment, track), listeners, ctx.global_rates(), f64::from(p.prior_weight));
        Self { affinity: ctx.affinity(segment, track), engagement: e as f32 }
    }

    /// The segment's side of relevance, before the strength weighs it:
    /// `weight_affinity·affinity + weight_engagement·engagement`.
    pub fn score(&self, p: &PersonalizeParams) -> f32 {
        p.weight_affinity * self.affinity + p.weight_engagement * self.engagement
    }
}

/// Dot product in eight lanes (vectorizes; the order is fixed, so results are reproducible).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// One segment's candidates.
#[derive(Debug, Clone)]
pub(crate) struct Candidates {
    /// Tracks: the seed first, in order, then the pool, must-include tracks and the expansion.
    pub tracks: Vec<u32>,
    /// Number of seed tracks (the first candidates).
    pub n_seed: usize,
    /// `m × m` cosines between candidates, row-major.
    pub gram: Vec<f32>,
    /// Mean cosine to the closest seed tracks (the track itself left out).
    pub seed_fit: Vec<f32>,
    /// The closest other seed track.
    pub closest_seed: Vec<Option<u32>>,
}

impl Candidates {
    /// The candidates every segment has: the seed, then `pool` and the must-include tracks,
    /// without repeats.
    pub fn base(plan: &Plan, pool: &[u32]) -> Vec<u32> {
        let mut seen = HashSet::new();
        plan.seed.iter().chain(pool).chain(&plan.must).copied().filter(|&t| seen.insert(t)).collect()
    }

    /// Candidates from their tracks (the `n_seed` seed tracks first, no repeats), with their
    /// cosines and seed fits.
    pub fn new(ctx: &PreviewContext, tracks: Vec<u32>, n_seed: usize, p: &PersonalizeParams) -> Self {
        let (m, d) = (tracks.len(), ctx.dim());
        let mut x = Array2::<f32>::zeros((m, d));
        for (i, &t) in tracks.iter().enumerate() {
            x.row_mut(i).as_slice_mut().expect("fresh rows are contiguous").copy_from_slice(ctx.vector(t));
        }
        let gram = x.dot(&x.t()).into_raw_vec_and_offset().0;
        let k = p.seed_fit_neighbours as usize;
        // The k closest seed tracks by insertion (k is a handful; sorting every row per segment
        // was the preview's largest cost), closest first, ties by seed position.
        let mut top: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
        let (seed_fit, closest_seed) = (0..m)
            .map(|i| {
                top.clear();
                for j in (0..n_seed).filter(|&j| j != i) {
                    let s = gram[i * m + j];
                    if top.len() == k && s <= top[k - 1].0 {
                        continue; // not closer than the k-th (ties keep the earlier seed track)
                    }
                    let at = top.partition_point(|t| t.0.total_cmp(&s).then(j.cmp(&t.1)).is_gt());
                    if at < k {
                        top.insert(at, (s, j));
                        top.truncate(k);
                    }
                }
                let fit = if top.is_empty() { 0.0 } else { top.iter().map(|s| s.0).sum::<f32>() / top.len() as f32 };
                (fit, top.first().map(|s| tracks[s.1]))
            })
            .unzip();
        Self { tracks, n_seed, gram, seed_fit, closest_seed }
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    /// Cosine between candidates `i` and `j`.
    pub fn cos(&self, i: usize, j: usize) -> f32 {
        self.gram[i * self.tracks.len() + j]
    }

    /// The seed position of candidate `i`, when it is a seed track.
    pub fn seed_position(&self, i: usize) -> Option<usize> {
        (i < self.n_seed).then_some(i)
    }
}

/// One segment's view of the candidates.
#[derive(Debug, Clone)]
pub(crate) struct Scored {
    /// Cosine to the segment's centroid.
    pub affinity: Vec<f32>,
    /// [`engagement_score`].
    pub engagement: Vec<f32>,
    /// Whether the segment already plays the track.
    pub familiar: Vec<bool>,
    /// The combined relevance (see [`PersonalizeParams`]).
    pub relevance: Vec<f32>,
}

impl Scored {
    /// Scores every candidate for `segment` at `strength`.
    pub fn new(ctx: &PreviewContext, cands: &Candidates, segment: u32, strength: f32, p: &PersonalizeParams) -> Self {
        let m = cands.len();
        let (mut affinity, mut engagement, mut familiar, mut relevance) =
            (Vec::with_capacity(m), Vec::with_capacity(m), Vec::with_capacity(m), Vec::with_capacity(m));
        for (i, &t) in cands.tracks.iter().enumerate() {
            let taste = Taste::of(ctx, segment, t, p);
            let in_seed = if cands.seed_position(i).is_some() { 1.0 } else { 0.0 };
            let r = strength * taste.score(p)
                + p.weight_seed_fit * cands.seed_fit[i]
                + (1.0 - strength) * p.seed_bonus * in_seed;
            affinity.push(taste.affinity);
            engagement.push(taste.engagement);
            familiar.push(ctx.is_familiar(segment, t, p.familiar_share));
            relevance.push(r);
        }
        Self { affinity, engagement, familiar, relevance }
    }
}
