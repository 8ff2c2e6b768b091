//! Candidates and their scores: affinity to a segment, fit to the seed, and the segment's
//! observed engagement shrunk towards the mean.
//!
//! The candidates (the seed, the pool, must-include tracks and the expansion) and their pairwise
//! cosines are shared by every segment of a preview; only the per-segment scores are recomputed.

use std::collections::HashSet;

use ndarray::Array2;
use rayon::prelude::*;

use super::context::{GlobalRates, PreviewContext, TrackEngagement};
use super::request::{Plan, PreviewRequest};
use super::PersonalizeParams;

/// Rows per parallel task of the expansion scan.
const SCAN_CHUNK: usize = 4096;

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

/// How much better than average a segment engages with a track: its shrunk save rate above the
/// global mean minus its shrunk skip rate above the global mean. 0 without evidence; in
/// `[-1, 1]`.
pub fn engagement_score(e: Option<&TrackEngagement>, global: GlobalRates, prior_weight: f64) -> f64 {
    let Some(e) = e else { return 0.0 };
    let n = f64::from(e.exposures());
    let save = shrunk_rate(f64::from(e.saves), n, global.save, prior_weight);
    let skip = shrunk_rate(f64::from(e.skips), n, global.skip, prior_weight);
    (save - global.save) - (skip - global.skip)
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

/// The candidates of one preview, shared by its segments.
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
    /// Gathers the candidates and computes their cosines and seed fits.
    pub fn new(ctx: &PreviewContext, plan: &Plan, req: &PreviewRequest) -> Self {
        let mut seen = HashSet::new();
        let mut tracks = Vec::new();
        for &t in plan.seed.iter().chain(&req.pool).chain(&plan.must) {
            if seen.insert(t) {
                tracks.push(t);
            }
        }
        if let (Some(e), false) = (req.expand, plan.seed.is_empty()) {
            tracks.extend(expansion(ctx, plan, req, e.threshold, e.cap as usize, &seen));
        }
        let (m, d) = (tracks.len(), ctx.dim());
        let mut x = Array2::<f32>::zeros((m, d));
        for (i, &t) in tracks.iter().enumerate() {
            x.row_mut(i).as_slice_mut().expect("fresh rows are contiguous").copy_from_slice(ctx.vector(t));
        }
        let gram = x.dot(&x.t()).into_raw_vec_and_offset().0;
        let n_seed = plan.seed.len();
        let k = req.params.seed_fit_neighbours as usize;
        let (seed_fit, closest_seed) = (0..m)
            .map(|i| {
                let mut sims: Vec<(f32, usize)> =
                    (0..n_seed).filter(|&j| j != i).map(|j| (gram[i * m + j], j)).collect();
                sims.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let top = &sims[..sims.len().min(k)];
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

/// Catalogue tracks whose cosine to the seed's centroid reaches `threshold`, the closest `cap`
/// (ties by index), leaving out tracks already in `seen` and tracks an unbreakable ban or the
/// unbreakable explicit filter excludes anyway (they would only waste the cap).
fn expansion(
    ctx: &PreviewContext,
    plan: &Plan,
    req: &PreviewRequest,
    threshold: f32,
    cap: usize,
    seen: &HashSet<u32>,
) -> Vec<u32> {
    let d = ctx.dim();
    let mut centroid = vec![0.0f64; d];
    for &t in &plan.seed {
        for (c, x) in centroid.iter_mut().zip(ctx.vector(t)) {
            *c += f64::from(*x);
        }
    }
    let norm = centroid.iter().map(|c| c * c).sum::<f64>().sqrt();
    if norm <= 1e-12 || cap == 0 {
        return Vec::new();
    }
    let centroid: Vec<f32> = centroid.iter().map(|c| (c / norm) as f32).collect();
    let flat = ctx.vectors.as_slice().expect("the context keeps standard layout");
    let mut hits: Vec<(f32, u32)> = flat
        .par_chunks(SCAN_CHUNK * d.max(1))
        .enumerate()
        .flat_map_iter(|(chunk, rows)| {
            let centroid = &centroid;
            rows.chunks_exact(d.max(1)).enumerate().filter_map(move |(i, v)| {
                let c = dot(v, centroid);
                (c >= threshold).then_some((c, (chunk * SCAN_CHUNK + i) as u32))
            })
        })
        .collect();
    let rules = &req.rules;
    let hard = |t: u32| {
        plan.static_breaks(ctx, rules, t).into_iter().any(|k| rules.hardness(k).is_some_and(|h| h.unbreakable))
    };
    hits.retain(|&(_, t)| !seen.contains(&t) && !hard(t));
    let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if hits.len() > cap {
        hits.select_nth_unstable_by(cap, order);
        hits.truncate(cap);
    }
    hits.sort_by(order);
    hits.into_iter().map(|h| h.1).collect()
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
        let global = ctx.global_rates();
        let m = cands.len();
        let (mut affinity, mut engagement, mut familiar, mut relevance) =
            (Vec::with_capacity(m), Vec::with_capacity(m), Vec::with_capacity(m), Vec::with_capacity(m));
        for (i, &t) in cands.tracks.iter().enumerate() {
            let a = ctx.affinity(segment, t);
            let e = engagement_score(ctx.engagement(segment, t), global, f64::from(p.prior_weight)) as f32;
            let in_seed = if cands.seed_position(i).is_some() { 1.0 } else { 0.0 };
            let r = strength * (p.weight_affinity * a + p.weight_engagement * e)
                + p.weight_seed_fit * cands.seed_fit[i]
                + (1.0 - strength) * p.seed_bonus * in_seed;
            affinity.push(a);
            engagement.push(e);
            familiar.push(ctx.is_familiar(segment, t, p.familiar_share));
            relevance.push(r);
        }
        Self { affinity, engagement, familiar, relevance }
    }
}
