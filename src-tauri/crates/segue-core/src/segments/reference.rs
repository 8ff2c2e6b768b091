//! A straightforward Lloyd (Lloyd, 1982), written for clarity rather than speed, that the fused
//! kernel must agree with, and the synthetic blobs the tests run on.
//!
//! It makes the same modelling choices as the fast path, so the two can be compared exactly:
//! centroids are kept in the data's type (sums in f64, the mean rounded once), a row goes to the
//! first centroid at the smallest distance, an empty cluster keeps its centroid, a run stops when
//! no row moves or the centroids move less than the tolerance, and a final assignment gives the
//! labels and the inertia. Distances here are exact differences in f64, where the kernel ranks by
//! `x·c − ‖c‖²/2` in the data's type.

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::KMeansFloat;

/// What the reference computes.
pub(crate) struct ReferenceFit<F> {
    pub(crate) centroids: Array2<F>,
    pub(crate) labels: Vec<usize>,
    pub(crate) inertia: f64,
    pub(crate) n_iterations: usize,
}

fn sq_dist<F: KMeansFloat>(a: &[F], b: &[F]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&p, &q)| (p.widen() - q.widen()).powi(2))
        .sum()
}

fn nearest<F: KMeansFloat>(x: &[F], centroids: &Array2<F>) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (c, row) in centroids.rows().into_iter().enumerate() {
        let dist = sq_dist(x, row.as_slice().expect("standard layout"));
        if dist < best.1 {
            best = (c, dist);
        }
    }
    best
}

/// Lloyd's algorithm from `init`, one row and one centroid at a time.
pub(crate) fn lloyd<F: KMeansFloat>(
    x: &Array2<F>,
    init: &Array2<F>,
    max_iter: usize,
    tol: f64,
) -> ReferenceFit<F> {
    let (k, d) = init.dim();
    let mut centroids = init.clone();
    let mut labels = vec![usize::MAX; x.nrows()];
    let mut n_iterations = 0;
    while n_iterations < max_iter {
        n_iterations += 1;
        let mut changed = 0;
        let mut sums = vec![vec![0.0f64; d]; k];
        let mut counts = vec![0usize; k];
        for (i, row) in x.rows().into_iter().enumerate() {
            let row = row.as_slice().expect("standard layout");
            let (c, _) = nearest(row, &centroids);
            changed += usize::from(labels[i] != c);
            labels[i] = c;
            counts[c] += 1;
            for (s, &v) in sums[c].iter_mut().zip(row) {
                *s += v.widen();
            }
        }
        let mut shift2 = 0.0;
        for c in 0..k {
            if counts[c] == 0 {
                continue;
            }
            for j in 0..d {
                let new = F::narrow(sums[c][j] / counts[c] as f64);
                shift2 += (new.widen() - centroids[[c, j]].widen()).powi(2);
                centroids[[c, j]] = new;
            }
        }
        if changed == 0 || shift2.sqrt() < tol {
            break;
        }
    }
    let mut inertia = 0.0;
    for (i, row) in x.rows().into_iter().enumerate() {
        let (c, dist) = nearest(row.as_slice().expect("standard layout"), &centroids);
        labels[i] = c;
        inertia += dist;
    }
    ReferenceFit {
        centroids,
        labels,
        inertia,
        n_iterations,
    }
}

/// `n` rows of `d` dimensions around `k` centres drawn uniformly in `[-10, 10]^d`, with gaussian
/// noise of standard deviation `spread`; returns the rows and each row's true centre.
pub(crate) fn blobs<F: KMeansFloat>(
    n: usize,
    d: usize,
    k: usize,
    spread: f64,
    seed: u64,
) -> (Array2<F>, Vec<usize>) {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let centres: Vec<f64> = (0..k * d).map(|_| rng.gen_range(-10.0..10.0)).collect();
    let truth: Vec<usize> = (0..n).map(|i| i % k).collect();
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        F::narrow(centres[truth[i] * d + j] + spread * gaussian(&mut rng))
    });
    (x, truth)
}

/// A standard normal draw (Box–Muller).
fn gaussian<R: Rng>(rng: &mut R) -> f64 {
    let u: f64 = 1.0 - rng.gen::<f64>();
    let v: f64 = rng.gen();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// `k` distinct rows of `x`, chosen with `seed`, as initial centroids.
pub(crate) fn pick_rows<F: KMeansFloat>(x: &Array2<F>, k: usize, seed: u64) -> Array2<F> {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let idx = rand::seq::index::sample(&mut rng, x.nrows(), k).into_vec();
    x.select(ndarray::Axis(0), &idx)
}
