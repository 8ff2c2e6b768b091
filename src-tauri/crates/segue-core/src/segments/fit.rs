//! # Segment fits: k chosen by silhouette, checked for stability, ready to store and reuse
//!
//! [`fit_segments`] clusters taste vectors (one row per listener) into segments:
//!
//! 1. For each `k` to try (fixed, or `k_min..=k_max`), a fit with the chosen [`Algorithm`]:
//!    - k-means: `n_runs` seeded runs of [`FastKMeans`] (Lloyd's algorithm from greedy k-means++
//!      seeds, see [`FastKMeansInit::GreedyKMeansPlusPlus`](super::FastKMeansInit::GreedyKMeansPlusPlus)),
//!      one run per call so that progress is reported and cancellation honoured between runs; the
//!      run with the lowest inertia is kept. A run stops when no listener changes segment, after
//!      `max_iterations`, or when the centroids' squared move is at most `tolerance` times the
//!      data's mean per-dimension variance. With the defaults this is scikit-learn's
//!      `KMeans(n_clusters=k, n_init=10)` (its seeding, runs, iterations and tolerance);
//!    - above [`SegmentParams::mini_batch_threshold`] listeners, mini-batch k-means (D. Sculley,
//!      "Web-scale k-means clustering", WWW 2010) through linfa-clustering's incremental
//!      `KMeans::fit_with`, over batches of rows drawn with replacement by a seeded generator, until
//!      the centroids move less than the tolerance or `max_iterations` batches; then every row is
//!      assigned to its nearest centroid;
//!    - Gaussian mixture: linfa-clustering's EM with full covariances from a k-means start (see
//!      `gmm`).
//! 2. Each candidate is scored by its mean silhouette on a seeded sample (see
//!    [`metrics`](super::metrics)); the highest wins, the smaller `k` on ties.
//! 3. Stability of the chosen fit: `stability_runs` refits with other seeds, each on a fresh
//!    seeded sample of `stability_sample` rows; each refit's labels are compared with the chosen
//!    fit's labels of the same rows by the adjusted Rand index, and the mean is reported (after
//!    A. Ben-Hur, A. Elisseeff and I. Guyon, "A stability based method for discovering structure in
//!    clustered data", PSB 2002). A refit that fails (a mixture that does not converge on a small
//!    sample) is left out of the mean.
//!
//! Silhouette and stability work on samples, so their cost does not grow with the number of
//! listeners and stays off the k-means budget. Every random choice derives from
//! [`SegmentParams::seed`]: the same data and parameters give the same fit.

mod gmm;
mod mini_batch;
mod params;
#[cfg(test)]
mod tests;

use linfa::dataset::DatasetBase;
use linfa::traits::{Fit, Predict};
use ndarray::{Array2, ArrayView2, Axis};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use gmm::GmmComponents;
pub use params::*;

use super::metrics::{adjusted_rand_index, sample_rows, silhouette, squared_distance};
use super::FastKMeans;
use crate::job::{CancelToken, Progress};

/// Seed stream of the silhouette sample (shared by every `k`, so their scores are comparable).
const SILHOUETTE_STREAM: u32 = 1 << 20;
/// Seed stream of the rows drawn into mini-batches.
const BATCH_STREAM: u32 = 2 << 20;
/// Seed streams of the stability refits (samples and seeds).
const STABILITY_STREAM: u32 = 3 << 20;

/// One `k` that was tried, with its scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// Number of segments.
    pub k: u32,
    /// Sum over listeners of the squared distance to their segment's centroid (or mean).
    pub inertia: f64,
    /// Mean silhouette on the sample; `None` when it was not computed or is undefined.
    pub silhouette: Option<f64>,
}

/// A fitted segment model: everything needed to store it, show it and assign new listeners.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentFit {
    /// The algorithm that produced it.
    pub algorithm: Algorithm,
    /// Number of segments.
    pub k: u32,
    /// `k × d` centroids (for a Gaussian mixture: its means, in `f32`).
    pub centroids: Array2<f32>,
    /// The segment of each input row.
    pub assignments: Vec<u32>,
    /// Listeners per segment.
    pub sizes: Vec<u32>,
    /// Sum over listeners of the squared distance to their segment's centroid.
    pub inertia: f64,
    /// Mean silhouette of the chosen fit on the sample (`None` if not computed or undefined).
    pub silhouette: Option<f64>,
    /// Mean adjusted Rand index against the stability refits (`None` if none ran or succeeded).
    pub stability_ari: Option<f64>,
    /// Every `k` tried, in increasing order.
    pub candidates: Vec<Candidate>,
    /// Whether k-means ran on mini-batches.
    pub mini_batch: bool,
    /// The mixture's parameters, for [`Algorithm::Gmm`].
    pub gmm: Option<GmmComponents>,
    /// The parameters of the fit, seed included.
    pub params: SegmentParams,
}

/// The result of one fit at one `k`, before scoring.
struct Labelled {
    centroids: Array2<f32>,
    labels: Vec<u32>,
    inertia: f64,
    gmm: Option<GmmComponents>,
    mini_batch: bool,
}

/// Fits segments on `data` (one row per listener) as `params` says; see the module docs.
///
/// Progress counts one unit per k-means run (or per `k` for a mixture or a mini-batch fit) and one
/// per stability refit, and ends with `done == total`. Cancellation is checked between runs,
/// batches, candidates and refits, and returns [`SegmentError::Cancelled`].
///
/// ```
/// use ndarray::array;
/// use segue_core::segments::{assign, fit_segments, SegmentParams};
/// use segue_core::CancelToken;
///
/// let x = array![[0.0f32, 0.0], [0.1, 0.0], [0.0, 0.1], [5.0, 5.0], [5.1, 5.0], [5.0, 5.1]];
/// let fit = fit_segments(x.view(), &SegmentParams::fixed(2), &CancelToken::new(), &mut |_| {})
///     .unwrap();
/// assert_eq!(fit.sizes, vec![3, 3]);
/// assert_ne!(fit.assignments[0], fit.assignments[3]);
/// // New listeners join the nearest segment.
/// let new = assign(&fit, array![[4.9f32, 5.2]].view()).unwrap();
/// assert_eq!(new[0], fit.assignments[3]);
/// ```
pub fn fit_segments(
    data: ArrayView2<f32>,
    params: &SegmentParams,
    cancel: &CancelToken,
    progress: &mut dyn FnMut(Progress),
) -> Result<SegmentFit, SegmentError> {
    let ks = params.candidate_ks()?;
    let (n, d) = data.dim();
    if d == 0 {
        return Err(SegmentError::NoDimensions);
    }
    let max_k = *ks.last().expect("at least one k");
    if n < max_k as usize {
        return Err(SegmentError::NotEnoughRows { rows: n, k: max_k });
    }
    let standard = data.as_standard_layout();
    let data = standard.view();
    check_finite(data)?;
    let units_per_k = match (params.algorithm, use_mini_batch(n, params)) {
        (Algorithm::KMeans, false) => f64::from(params.n_runs),
        _ => 1.0,
    };
    let total = ks.len() as f64 * units_per_k + f64::from(params.stability_runs);
    let mut done = 0.0;
    let mut step = |units: f64| {
        done += units;
        progress(Progress::of(done.min(total), total));
    };
    let silhouette_seed = derive_seed(params.seed, 0, SILHOUETTE_STREAM);
    let mut candidates = Vec::with_capacity(ks.len());
    let mut best: Option<(Labelled, Option<f64>, u32)> = None;
    for &k in &ks {
        let fit = fit_one(data, k, params, params.seed, cancel, &mut step)?;
        check_cancel(cancel)?;
        let score = (params.silhouette_sample > 0)
            .then(|| {
                silhouette(
                    data,
                    &fit.labels,
                    params.silhouette_sample as usize,
                    silhouette_seed,
                )
            })
            .flatten();
        candidates.push(Candidate {
            k,
            inertia: fit.inertia,
            silhouette: score,
        });
        let better = match &best {
            None => true,
            Some((_, s, _)) => score.unwrap_or(f64::NEG_INFINITY) > s.unwrap_or(f64::NEG_INFINITY),
        };
        if better {
            best = Some((fit, score, k));
        }
    }
    let (chosen, score, k) = best.expect("at least one candidate");
    let stability_ari = stability(data, &chosen.labels, k, params, cancel, &mut step)?;
    progress(Progress::of(total, total));
    let mut sizes = vec![0u32; k as usize];
    for &l in &chosen.labels {
        sizes[l as usize] += 1;
    }
    Ok(SegmentFit {
        algorithm: params.algorithm,
        k,
        centroids: chosen.centroids,
        assignments: chosen.labels,
        sizes,
        inertia: chosen.inertia,
        silhouette: score,
        stability_ari,
        candidates,
        mini_batch: chosen.mini_batch,
        gmm: chosen.gmm,
        params: params.clone(),
    })
}

/// Assigns rows (taste vectors of new or returning listeners) to the segments of a fitted model:
/// the nearest centroid, or for a Gaussian mixture the most probable component computed from the
/// stored parameters.
pub fn assign(model: &SegmentFit, rows: ArrayView2<f32>) -> Result<Vec<u32>, SegmentError> {
    match &model.gmm {
        Some(gmm) => gmm.assign(rows),
        None => assign_nearest(model.centroids.view(), rows),
    }
}

/// The nearest centroid of each row (squared Euclidean distance; lowest index on ties), in
/// parallel. Fails when the widths differ.
pub fn assign_nearest(
    centroids: ArrayView2<f32>,
    rows: ArrayView2<f32>,
) -> Result<Vec<u32>, SegmentError> {
    let d = centroids.ncols();
    if rows.ncols() != d {
        return Err(SegmentError::Dimension {
            expected: d,
            found: rows.ncols(),
        });
    }
    if d == 0 || centroids.nrows() == 0 {
        return Ok(vec![0; rows.nrows()]);
    }
    let c = centroids.as_standard_layout();
    let c = c.as_slice().expect("contiguous");
    let x = rows.as_standard_layout();
    Ok(x.as_slice()
        .expect("contiguous")
        .par_chunks(d)
        .map(|row| {
            let mut best = (f32::INFINITY, 0u32);
            for (j, cj) in c.chunks_exact(d).enumerate() {
                let dist = squared_distance(row, cj);
                if dist < best.0 {
                    best = (dist, j as u32);
                }
            }
            best.1
        })
        .collect())
}

fn use_mini_batch(n: usize, params: &SegmentParams) -> bool {
    params.algorithm == Algorithm::KMeans && n > params.mini_batch_threshold as usize
}

/// One fit at `k` with the configured algorithm; `step` is told of units of work done.
fn fit_one(
    data: ArrayView2<f32>,
    k: u32,
    params: &SegmentParams,
    seed: u32,
    cancel: &CancelToken,
    step: &mut dyn FnMut(f64),
) -> Result<Labelled, SegmentError> {
    let n = data.nrows();
    if params.algorithm == Algorithm::Gmm {
        check_cancel(cancel)?;
        let gmm = gmm::fit_gmm(&data.mapv(f64::from), k, params, derive_seed(seed, k, 0))?;
        let labels = gmm.assign(data)?;
        let centroids =
            Array2::from_shape_fn((k as usize, data.ncols()), |(i, j)| gmm.means[i][j] as f32);
        step(1.0);
        return Ok(labelled(data, centroids, labels, Some(gmm), false));
    }
    if use_mini_batch(n, params) {
        return mini_batch::mini_batch(data, k, params, seed, cancel, step);
    }
    let dataset = DatasetBase::from(data);
    let tolerance = kmeans_tolerance(data, params.tolerance);
    let mut best: Option<FastKMeans<f32>> = None;
    for run in 0..params.n_runs {
        check_cancel(cancel)?;
        let rng = Xoshiro256Plus::seed_from_u64(derive_seed(seed, k, run));
        let model = FastKMeans::params_with_rng(k as usize, rng)
            .n_runs(1)
            .max_n_iterations(params.max_iterations as usize)
            .tolerance(tolerance)
            .fit(&dataset)?;
        if best.as_ref().is_none_or(|b| model.inertia() < b.inertia()) {
            best = Some(model);
        }
        step(1.0);
    }
    let model = best.expect("n_runs ≥ 1 is checked");
    let labels = model.predict(&data).iter().map(|&l| l as u32).collect();
    Ok(Labelled {
        centroids: model.centroids().clone(),
        labels,
        inertia: model.inertia(),
        gmm: None,
        mini_batch: false,
    })
}

/// The centroid move below which a k-means run stops, for `tol` as scikit-learn means it:
/// relative to the data, `Σ‖Δc‖² ≤ tol · mean_j Var(x_j)` (its `KMeans(tol=1e-4)`, through
/// `_tolerance`), so that the default stops at the same point whatever the scale of the vectors.
/// [`FastKMeans`] compares the norm of the move with an absolute tolerance (linfa's convention):
/// this is its square root. 0 stays 0 (runs end when no row moves).
fn kmeans_tolerance(data: ArrayView2<f32>, tol: f64) -> f32 {
    let (n, d) = data.dim();
    if tol == 0.0 || n == 0 {
        return 0.0;
    }
    // Two passes (mean, then squared deviations), per fixed block of rows and added in block
    // order, so the figure does not depend on the number of threads.
    const BLOCK: usize = 4096;
    let x = data.as_slice().expect("standard layout");
    let blocks = |f: &(dyn Fn(&[f32], &mut [f64]) + Sync)| -> Vec<f64> {
        let parts: Vec<Vec<f64>> = x
            .par_chunks(d * BLOCK)
            .map(|rows| {
                let mut acc = vec![0.0; d];
                f(rows, &mut acc);
                acc
            })
            .collect();
        parts.iter().fold(vec![0.0; d], |mut total, part| {
            total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
            total
        })
    };
    let mean: Vec<f64> = blocks(&|rows, acc| {
        for row in rows.chunks_exact(d) {
            acc.iter_mut()
                .zip(row)
                .for_each(|(a, &v)| *a += f64::from(v));
        }
    })
    .into_iter()
    .map(|s| s / n as f64)
    .collect();
    let squares = blocks(&|rows, acc| {
        for row in rows.chunks_exact(d) {
            for ((a, &v), m) in acc.iter_mut().zip(row).zip(&mean) {
                *a += (f64::from(v) - m).powi(2);
            }
        }
    });
    let mean_variance = squares.iter().sum::<f64>() / (n * d) as f64;
    (tol * mean_variance).sqrt() as f32
}

/// Wraps labels and centroids with their exact inertia (f64 sums, in parallel).
fn labelled(
    data: ArrayView2<f32>,
    centroids: Array2<f32>,
    labels: Vec<u32>,
    gmm: Option<GmmComponents>,
    mini_batch: bool,
) -> Labelled {
    let d = data.ncols();
    let x = data.as_standard_layout();
    let c = centroids.as_standard_layout();
    let c = c.as_slice().expect("contiguous");
    // Partial sums over fixed blocks of rows, added in order: the same result on any number of
    // threads (a parallel floating-point sum would depend on rayon's splitting).
    const BLOCK: usize = 4096;
    let partial: Vec<f64> = x
        .as_slice()
        .expect("contiguous")
        .par_chunks(d * BLOCK)
        .zip(labels.par_chunks(BLOCK))
        .map(|(rows, labels)| {
            rows.chunks_exact(d)
                .zip(labels)
                .map(|(row, &l)| {
                    let cl = &c[l as usize * d..(l as usize + 1) * d];
                    row.iter()
                        .zip(cl)
                        .map(|(a, b)| f64::from(a - b).powi(2))
                        .sum::<f64>()
                })
                .sum::<f64>()
        })
        .collect();
    let inertia = partial.iter().sum();
    Labelled {
        centroids,
        labels,
        inertia,
        gmm,
        mini_batch,
    }
}

/// Mean adjusted Rand index of refits on seeded samples against the chosen labels.
fn stability(
    data: ArrayView2<f32>,
    chosen: &[u32],
    k: u32,
    params: &SegmentParams,
    cancel: &CancelToken,
    step: &mut dyn FnMut(f64),
) -> Result<Option<f64>, SegmentError> {
    let mut aris = Vec::new();
    for s in 0..params.stability_runs {
        check_cancel(cancel)?;
        let stream = derive_seed(params.seed, k, STABILITY_STREAM + s);
        let rows = sample_rows(data.nrows(), params.stability_sample as usize, stream);
        let sub = data.select(Axis(0), &rows);
        let refit_seed = (stream >> 32) as u32;
        if rows.len() >= k as usize {
            if let Ok(refit) = fit_one(sub.view(), k, params, refit_seed, cancel, &mut |_| {}) {
                let before: Vec<u32> = rows.iter().map(|&r| chosen[r]).collect();
                aris.push(adjusted_rand_index(&before, &refit.labels));
            }
        }
        step(1.0);
    }
    Ok((!aris.is_empty()).then(|| aris.iter().sum::<f64>() / aris.len() as f64))
}

fn check_cancel(cancel: &CancelToken) -> Result<(), SegmentError> {
    if cancel.is_cancelled() {
        Err(SegmentError::Cancelled)
    } else {
        Ok(())
    }
}

/// Finds the first NaN or infinite value (a parallel scan over rows).
fn check_finite(data: ArrayView2<f32>) -> Result<(), SegmentError> {
    let d = data.ncols();
    let x = data.as_slice().expect("standard layout");
    let bad = x
        .par_chunks(d)
        .position_first(|row| row.iter().any(|v| !v.is_finite()));
    match bad {
        None => Ok(()),
        Some(row) => Err(SegmentError::NotFinite {
            row,
            column: x[row * d..(row + 1) * d]
                .iter()
                .position(|v| !v.is_finite())
                .unwrap_or(0),
        }),
    }
}

/// An independent 64-bit seed for `(seed, k, stream)` (SplitMix64's finaliser), so every run, `k`
/// and sample draws from its own reproducible generator.
fn derive_seed(seed: u32, k: u32, stream: u32) -> u64 {
    let mut z = ((u64::from(seed) << 32) | u64::from(k))
        .wrapping_add(u64::from(stream).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
