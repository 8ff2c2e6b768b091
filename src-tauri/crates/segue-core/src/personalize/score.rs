//! Candidates and their scores: affinity to a segment, fit to the seed, and the segment's
//! observed engagement shrunk towards the mean.
//!
//! Each segment's candidates are the seed, the pool, must-include tracks and that segment's pool
//! expansion ([`super::expand`]); their pairwise cosines and seed fits are computed per segment.

use std::collections::HashSet;

use ndarray::Array2;

use super::context::{GlobalRates, PreviewContext, SegmentScales};
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

/// How one segment engages with one track, each part a share shrunk by [`shrunk_rate`].
///
/// *Reach* is what every source has: artist-level plays (Last.fm) and play counts carry no saves
/// or skips, and then "which tracks does this segment play, and how widely" is all the
/// engagement there is — the segment-level form of collaborative filtering. It is measured twice:
/// the share of the segment's listeners who played the track's *artist*, and the share who played
/// the *track*; each is shrunk towards the same share among all listeners (the global
/// popularity), so a small segment leans on what everyone plays. A track's reach is the larger of
/// the two: a listener who plays an artist is likely to play its other tracks (held-out listening
/// is mostly new tracks of artists a listener already plays), and where listening is known only
/// per artist, the artist's reach is all there is to know about any of its tracks — averaging in
/// the track's own share would rank an artist's less popular tracks (often the ones in the seed's
/// genre) below a lesser artist's hits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Engagement {
    /// Share of the segment's listeners who played the track's artist (shrunk).
    pub artist_reach: f64,
    /// Share of the segment's listeners who played the track (shrunk).
    pub track_reach: f64,
    /// Saves per listen (shrunk towards the global rate).
    pub save: f64,
    /// Skips per listen (shrunk towards the global rate).
    pub skip: f64,
    /// Whether artist reach was measured (else reach is the track's alone).
    pub artist_known: bool,
    /// The global rates the save and skip rates are compared with.
    pub global: GlobalRates,
}

impl Engagement {
    /// The reach: the larger of the artist's and the track's, or the track's alone when artist
    /// reach was not measured.
    pub fn reach(&self) -> f64 {
        if self.artist_known {
            self.artist_reach.max(self.track_reach)
        } else {
            self.track_reach
        }
    }

    /// The engagement of a further track by an artist the variant already holds: the artist's
    /// reach was counted with the first, so only the track's own reach is left. A segment that
    /// plays a single-artist seed's artist would otherwise keep that artist's every track, each
    /// worth the artist's reach, over new artists it plays: on Last.fm, one such segment kept 32
    /// of a 40-track seed at half strength, where each added artist finds held-out listening and
    /// a further track of the same artist finds none.
    pub fn for_repeat(self) -> Self {
        Self { artist_known: false, ..self }
    }

    /// The engagement score: reach, plus the save rate above the global mean, minus the skip
    /// rate above it. Each part is a share, so the score lies in `[-2, 2]`.
    pub fn score(&self) -> f64 {
        self.reach() + (self.save - self.global.save) - (self.skip - self.global.skip)
    }
}

/// How `segment` engages with `track` (see [`Engagement`]), shrunk with `prior_weight`
/// pseudo-listeners.
pub fn engagement_of(ctx: &PreviewContext, segment: u32, track: u32, prior_weight: f64) -> Engagement {
    let e = ctx.engagement(segment, track).copied().unwrap_or_default();
    let global = ctx.global_rates();
    let n = f64::from(e.exposures());
    let (listeners, all) = (f64::from(ctx.segment_listeners(segment)), f64::from(ctx.all_listeners()));
    let share = |count: u32| if all > 0.0 { f64::from(count) / all } else { 0.0 };
    let reach = |mine: u32, everyone: u32| shrunk_rate(f64::from(mine), listeners, share(everyone), prior_weight);
    Engagement {
        artist_reach: reach(ctx.artist_listeners(Some(segment), track), ctx.artist_listeners(None, track)),
        track_reach: reach(e.listeners, ctx.track_listeners(None, track)),
        save: shrunk_rate(f64::from(e.saves), n, global.save, prior_weight),
        skip: shrunk_rate(f64::from(e.skips), n, global.skip, prior_weight),
        artist_known: ctx.has_artist_reach(),
        global,
    }
}

/// A track seen from one segment: the parts of relevance that depend on the segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Taste {
    /// Cosine to the segment's centroid.
    pub affinity: f32,
    /// The segment's engagement.
    pub engagement: Engagement,
    /// The segment's scales.
    pub scales: SegmentScales,
}

impl Taste {
    /// How `segment` sees `track`.
    pub fn of(ctx: &PreviewContext, segment: u32, track: u32, p: &PersonalizeParams) -> Self {
        Self {
            affinity: ctx.affinity(segment, track),
            engagement: engagement_of(ctx, segment, track, f64::from(p.prior_weight)),
            scales: ctx.scales(segment),
        }
    }

    /// The segment's side of relevance, in the segment's units (see [`SegmentScales`]):
    /// `weight_engagement·engagement / σ_engagement + weight_affinity·affinity / σ_affinity`.
    pub fn score(&self, p: &PersonalizeParams) -> f32 {
        (f64::from(p.weight_engagement) * self.engagement.score() / self.scales.engagement
            + f64::from(p.weight_affinity) * f64::from(self.affinity) / self.scales.affinity) as f32
    }

    /// The seed's side of relevance in the same units: `weight_seed_fit·seed_fit / σ_affinity`
    /// (a seed fit is a cosine in the same space as affinity).
    pub fn seed_part(&self, seed_fit: f32, p: &PersonalizeParams) -> f32 {
        (f64::from(p.weight_seed_fit) * f64::from(seed_fit) / self.scales.affinity) as f32
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
    /// The segment's engagement.
    pub engagement: Vec<Engagement>,
    /// Whether the segment already plays the track.
    pub familiar: Vec<bool>,
    /// The combined relevance (see [`PersonalizeParams`]).
    pub relevance: Vec<f32>,
    /// The relevance once the track's artist already has a track in the variant: the artist's
    /// reach is shared by its tracks and counts once, so a further track of the same artist
    /// ranks by its own reach (see [`Engagement::for_repeat`]).
    pub repeat_relevance: Vec<f32>,
}

impl Scored {
    /// Scores every candidate for `segment`. Relevance does not depend on the strength: the
    /// strength bounds how much of the seed the segment may replace (see `select`).
    pub fn new(ctx: &PreviewContext, cands: &Candidates, segment: u32, p: &PersonalizeParams) -> Self {
        let m = cands.len();
        let mut s = Self {
            affinity: Vec::with_capacity(m),
            engagement: Vec::with_capacity(m),
            familiar: Vec::with_capacity(m),
            relevance: Vec::with_capacity(m),
            repeat_relevance: Vec::with_capacity(m),
        };
        for (i, &t) in cands.tracks.iter().enumerate() {
            let taste = Taste::of(ctx, segment, t, p);
            let seed_part = taste.seed_part(cands.seed_fit[i], p);
            let repeat = Taste { engagement: taste.engagement.for_repeat(), ..taste };
            s.affinity.push(taste.affinity);
            s.engagement.push(taste.engagement);
            s.familiar.push(ctx.is_familiar(segment, t, p.familiar_share));
            s.relevance.push(taste.score(p) + seed_part);
            s.repeat_relevance.push(repeat.score(p) + seed_part);
        }
        s
    }
}
