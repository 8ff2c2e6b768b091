//! Offline evaluation: does personalization help, before anything ships?
//!
//! A seeded share of each listener's (listener, track) pairs — and of their artist-level plays —
//! is held out; the caller rebuilds taste, segments and the preview context from the rest,
//! personalizes, and scores each segment's variant, the seed as is and a popularity-ordered pool
//! against the held-out positives of that segment's listeners ([`HeldOut`]: tracks, and artists
//! for artist-level plays, where any track of the artist is a hit), at the playlist's length:
//!
//! - hit share at k (precision): the share of the list the listener went on to play;
//! - hit rate at k: the share of listeners with at least one held-out positive in the top k;
//! - recall at k: the share of the listener's held-out positives the list holds;
//! - NDCG at k (K. Järvelin and J. Kekäläinen, "Cumulated gain-based evaluation of IR
//!   techniques", ACM TOIS 20(4), 2002) with binary relevance: `DCG = Σ_{i<k} rel_i / log2(i + 2)`
//!   over the ranked list, divided by the DCG of an ideal list that puts all of the listener's
//!   positives first (a held-out artist is one positive, credited at its first track).
//!
//! Listeners without held-out positives say nothing about a ranking and are left out of the means.
//!
//! Beside each variant stand the lists a sceptic would propose: the seed as is, the most-played
//! tracks of every listener, the segment's own most-played, and the [`theme_baseline`]. Every mean
//! comes with a 95% [`bootstrap`] interval over listeners, and a variant beats a baseline only
//! where the interval of their paired difference lies above zero.

use rand::seq::SliceRandom;
use rayon::prelude::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

use super::params::param;
use super::{PersonalizeError, PreviewContext};
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

/// One listener's figures for one list, at the list's length `k`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ListenerScores {
    /// Hits over `k` (precision at k): the share of the list that the listener went on to play.
    pub hit_share: f64,
    /// 1 when the list holds at least one hit.
    pub hit_rate: f64,
    /// Hits over the listener's held-out positives (recall at k).
    pub recall: f64,
    /// Binary-relevance NDCG at k.
    pub ndcg: f64,
}

impl ListenerScores {
    /// The four figures, in the order hit share, hit rate, recall, NDCG.
    pub fn as_array(&self) -> [f64; 4] {
        [self.hit_share, self.hit_rate, self.recall, self.ndcg]
    }
}

/// The figures of `ranked` for one listener's held-out positives `relevant`, at `k` (see
/// [`HeldOut::hits`]: an artist is credited once). Zero for a listener without positives.
pub fn listener_scores(ranked: &[u32], relevant: &HeldOut, k: usize, artist: impl Fn(u32) -> u32) -> ListenerScores {
    if relevant.is_empty() || k == 0 {
        return ListenerScores::default();
    }
    let hits = relevant.hits(ranked, k, &artist);
    let gain = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let ideal: f64 = (0..k.min(relevant.len())).map(gain).sum();
    ListenerScores {
        hit_share: hits.len() as f64 / k as f64,
        hit_rate: if hits.is_empty() { 0.0 } else { 1.0 },
        recall: hits.len() as f64 / relevant.len() as f64,
        ndcg: hits.iter().map(|&i| gain(i)).sum::<f64>() / ideal,
    }
}

/// A mean with its 95% bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Interval {
    /// The mean.
    pub mean: f64,
    /// The 2.5th percentile of the bootstrap means.
    pub low: f64,
    /// The 97.5th percentile.
    pub high: f64,
}

impl Interval {
    /// Whether the whole interval lies above zero (a difference that the data says is real).
    pub fn above_zero(&self) -> bool {
        self.low > 0.0
    }

    /// Whether the whole interval lies below zero.
    pub fn below_zero(&self) -> bool {
        self.high < 0.0
    }
}

/// Bootstrap resamples behind every interval: enough for stable 2.5th and 97.5th percentiles.
pub const BOOTSTRAP_REPS: usize = 1000;

/// Resamples per parallel task of [`bootstrap_columns`].
const BOOTSTRAP_CHUNK: usize = 125;

/// The mean of `values` with a 95% percentile-bootstrap interval (B. Efron and R. Tibshirani, *An
/// Introduction to the Bootstrap*, 1993), resampling whole *clusters*: `cluster[i]` names the
/// listener observation `i` belongs to, so a listener measured on several splits is drawn with
/// all of their observations, and the interval is not narrowed by counting one listener as
/// several. Seeded: the same inputs give the same interval. Empty input: all zero.
///
/// Each resample is a Poisson bootstrap (J. Hanley and B. MacGibbon, "Creating non-parametric
/// bootstrap samples using Poisson frequencies", *Computer Methods and Programs in Biomedicine*
/// 83, 2006): every cluster is drawn a Poisson(1) number of times, the large-sample equivalent
/// of drawing as many clusters as there are with replacement. It visits the clusters in order
/// instead of at random, so a resample streams through memory; a resample that draws no cluster
/// at all counts as the sample's mean.
pub fn bootstrap(values: &[f64], cluster: &[u32], reps: usize, seed: u64) -> Interval {
    bootstrap_columns(values, 1, cluster, reps, seed).pop().unwrap_or_default()
}

/// [`bootstrap`] for several figures measured on the same observations at once: `rows` holds
/// `width` values per observation (row-major). Every figure's interval comes from the same
/// resamples (the same draws as [`bootstrap`] makes for it alone), and the draws are paid once
/// instead of once per figure — an evaluation reports about 40 figures per scope.
pub fn bootstrap_columns(rows: &[f64], width: usize, cluster: &[u32], reps: usize, seed: u64) -> Vec<Interval> {
    use rand::Rng;
    let n = cluster.len();
    if n == 0 || width == 0 {
        return vec![Interval::default(); width];
    }
    assert_eq!(rows.len(), n * width, "one row of {width} values per observation");
    // Per cluster (in order of first appearance): the sums of its rows and its observations.
    let mut index: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let (mut sums, mut counts): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for (row, c) in rows.chunks_exact(width).zip(cluster) {
        let g = *index.entry(*c).or_insert_with(|| {
            sums.extend(std::iter::repeat_n(0.0, width));
            counts.push(0.0);
            counts.len() - 1
        });
        sums[g * width..(g + 1) * width].iter_mut().zip(row).for_each(|(s, v)| *s += v);
        counts[g] += 1.0;
    }
    let means: Vec<f64> = (0..width).map(|j| rows.iter().skip(j).step_by(width).sum::<f64>() / n as f64).collect();
    // Resamples in fixed chunks, each with its own seeded stream: parallel, and the same means
    // whatever the number of threads. Each resample's means, row-major.
    let reps = reps.max(1);
    let chunks = reps.div_ceil(BOOTSTRAP_CHUNK);
    let resampled: Vec<f64> = (0..chunks)
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut rng = Xoshiro256Plus::seed_from_u64(seed.wrapping_add((c as u64).wrapping_mul(LISTENER_STREAM)));
            let m = BOOTSTRAP_CHUNK.min(reps - c * BOOTSTRAP_CHUNK);
            let (mut acc, mut k) = (vec![0.0f64; m * width], vec![0.0f64; m]);
            for (row, count) in sums.chunks_exact(width).zip(&counts) {
                for (b, kb) in k.iter_mut().enumerate() {
                    let w = poisson_one(rng.gen::<f64>());
                    if w > 0.0 {
                        acc[b * width..(b + 1) * width].iter_mut().zip(row).for_each(|(a, s)| *a += w * s);
                        *kb += w * count;
                    }
                }
            }
            for (out, kb) in acc.chunks_exact_mut(width).zip(&k) {
                for (a, mean) in out.iter_mut().zip(&means) {
                    *a = if *kb > 0.0 { *a / kb } else { *mean };
                }
            }
            acc
        })
        .collect();
    (0..width)
        .map(|j| {
            let mut column: Vec<f64> = resampled.iter().skip(j).step_by(width).copied().collect();
            column.sort_by(f64::total_cmp);
            let at = |q: f64| column[((q * (column.len() - 1) as f64).round() as usize).min(column.len() - 1)];
            Interval { mean: means[j], low: at(0.025), high: at(0.975) }
        })
        .collect()
}

/// The Poisson(1) variate at uniform `u` in `[0, 1)`, by inversion of its distribution function
/// (`P(k) = e⁻¹ / k!`); at most 20 (the tail beyond has probability below 10⁻¹⁹).
fn poisson_one(u: f64) -> f64 {
    let (mut k, mut p) = (0u32, std::f64::consts::E.recip());
    let mut cdf = p;
    while u >= cdf && k < 20 {
        k += 1;
        p /= f64::from(k);
        cdf += p;
    }
    f64::from(k)
}

/// The theme baseline a sceptic would propose (DESIGN.md, "Evaluation"): the first half of the
/// seed (rounded up), then the segment's most-played artists' most popular tracks filed under the
/// seed's genres (`theme`; any track when it is empty), one per artist and none of an artist
/// already in the list, up to `k` tracks.
pub fn theme_baseline(ctx: &PreviewContext, seed: &[u32], theme: &[u32], segment: u32, k: usize) -> Vec<u32> {
    let mut list: Vec<u32> = seed[..seed.len().div_ceil(2)].to_vec();
    let skip: std::collections::HashSet<u32> = list.iter().map(|&t| ctx.artist(t)).collect();
    let in_list: std::collections::HashSet<u32> = list.iter().copied().collect();
    let keep = |t: u32| !in_list.contains(&t) && (theme.is_empty() || ctx.in_genres(t, theme));
    let more = ctx.most_played(Some(segment), k.saturating_sub(list.len()), keep, &skip);
    list.extend(more);
    list
}

/// What a list keeps of the seed and its theme.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListFacts {
    /// Share of the seed's tracks in the list.
    pub seed_kept: f64,
    /// Share of the list's tracks filed under the seed's genres (1 when the seed has none).
    pub in_theme: f64,
    /// Mean cosine of the tracks' content part (their audio features, the first `content_dims`
    /// columns of a track vector) to the seed's mean content part.
    pub content_cosine: f64,
}

/// The [`ListFacts`] of `list` against `seed` and its genres `theme`.
pub fn list_facts(ctx: &PreviewContext, list: &[u32], seed: &[u32], theme: &[u32], content_dims: usize) -> ListFacts {
    if list.is_empty() {
        return ListFacts::default();
    }
    let n = list.len() as f64;
    let seeds: std::collections::HashSet<u32> = seed.iter().copied().collect();
    let d = content_dims.min(ctx.dim());
    let mut centre = vec![0.0f64; d];
    for &t in seed {
        for (c, x) in centre.iter_mut().zip(&ctx.vector(t)[..d]) {
            *c += f64::from(*x);
        }
    }
    let norm = |v: &mut dyn Iterator<Item = f64>| v.map(|x| x * x).sum::<f64>().sqrt();
    let cn = norm(&mut centre.iter().copied());
    let cosine = |t: u32| {
        let x = &ctx.vector(t)[..d];
        let xn = norm(&mut x.iter().map(|v| f64::from(*v)));
        if cn <= 1e-12 || xn <= 1e-12 {
            0.0
        } else {
            x.iter().zip(&centre).map(|(a, b)| f64::from(*a) * b).sum::<f64>() / (cn * xn)
        }
    };
    ListFacts {
        seed_kept: if seed.is_empty() { 0.0 } else { list.iter().filter(|t| seeds.contains(t)).count() as f64 / seed.len() as f64 },
        in_theme: if theme.is_empty() {
            1.0
        } else {
            list.iter().filter(|&&t| ctx.in_genres(t, theme)).count() as f64 / n
        },
        content_cosine: list.iter().map(|&t| cosine(t)).sum::<f64>() / n,
    }
}
