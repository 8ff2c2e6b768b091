//! Seeded k-means++ (D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful
//! seeding", SODA 2007), in its plain form (linfa's) and its greedy form (scikit-learn's).
//!
//! linfa-clustering 0.8.1 keeps its `KMeansInit::run` crate-private, so it cannot be called from
//! here; this is the same algorithm drawn from the caller's rng. The first centroid is a row
//! chosen uniformly; each next one is a row chosen with probability `D(x)² / Σ D²`, `D(x)` being
//! the distance from `x` to its nearest centroid so far. The greedy form draws several candidates
//! that way at each step and keeps the one that lowers `Σ D²` most (the variant the paper's
//! authors used in practice, with `2 + ⌊ln k⌋` candidates as in scikit-learn; analysed by
//! Grunau, Özüdoğru, Rozhoň and Tětek, SODA 2023). Squared distances are exact (f64) and updated
//! with each new centroid only, so seeding costs `n·k·d` per candidate. Sampling walks fixed
//! chunks in order, so the draw does not depend on the number of threads.

use pulp::{Arch, Simd, WithSimd};
use rand::Rng;
use rayon::prelude::*;

use super::kernel::sq_dist_f64;
use super::lloyd::Threads;
use super::KMeansFloat;

/// Rows per chunk of the squared-distance update.
const CHUNK_ROWS: usize = 4096;

/// Buffers for repeated seedings of the same `n` rows with `trials` candidates per step.
pub(crate) struct Seeder {
    trials: usize,
    /// Squared distance of each row to its nearest centroid so far.
    min_d2: Vec<f64>,
    /// Sum of `min_d2` per chunk.
    chunk_sums: Vec<f64>,
    /// Per chunk, per candidate, `min(min_d2, distance² to the candidate)` of the chunk's rows.
    cand_d2: Vec<f64>,
    /// Per chunk, per candidate, the sum of `cand_d2`.
    cand_sums: Vec<f64>,
}

impl Seeder {
    /// Buffers for `n` rows; `trials` is 1 for plain k-means++.
    pub(crate) fn new(n: usize, trials: usize) -> Self {
        let chunks = n.div_ceil(CHUNK_ROWS);
        Seeder {
            trials,
            min_d2: vec![0.0; n],
            chunk_sums: vec![0.0; chunks],
            cand_d2: vec![0.0; n * trials],
            cand_sums: vec![0.0; chunks * trials],
        }
    }

    /// Draws `k` initial centroids (`k × d`, row-major) from the `n × d` rows `x`.
    pub(crate) fn kmeans_plusplus<F: KMeansFloat, R: Rng>(
        &mut self,
        x: &[F],
        d: usize,
        k: usize,
        rng: &mut R,
        arch: Arch,
        threads: &Threads,
    ) -> Vec<F> {
        let n = self.min_d2.len();
        let mut centroids = Vec::with_capacity(k * d);
        let first = rng.gen_range(0..n);
        centroids.extend_from_slice(&x[first * d..(first + 1) * d]);
        self.min_d2.fill(f64::INFINITY);
        self.score(x, d, &[first], arch, threads);
        self.keep(0);
        let mut picks = vec![0; self.trials];
        for _ in 1..k {
            for p in picks.iter_mut() {
                *p = self.draw(rng);
            }
            self.score(x, d, &picks, arch, threads);
            let pot =
                |t: usize| -> f64 { self.cand_sums.iter().skip(t).step_by(self.trials).sum() };
            let best = (1..self.trials).fold(0, |b, t| if pot(t) < pot(b) { t } else { b });
            self.keep(best);
            let idx = picks[best];
            centroids.extend_from_slice(&x[idx * d..(idx + 1) * d]);
        }
        centroids
    }

    /// Computes, for each candidate row in `picks`, every row's squared distance to its nearest
    /// centroid if that candidate were added.
    fn score<F: KMeansFloat>(
        &mut self,
        x: &[F],
        d: usize,
        picks: &[usize],
        arch: Arch,
        threads: &Threads,
    ) {
        let trials = self.trials;
        let (min_d2, cand_d2, cand_sums) = (&self.min_d2, &mut self.cand_d2, &mut self.cand_sums);
        threads.run(|| {
            x.par_chunks(CHUNK_ROWS * d)
                .zip(min_d2.par_chunks(CHUNK_ROWS))
                .zip(cand_d2.par_chunks_mut(CHUNK_ROWS * trials))
                .zip(cand_sums.par_chunks_mut(trials))
                .for_each(|(((rows, min_d2), out), sums)| {
                    let n = min_d2.len();
                    for ((&p, out), sum) in picks
                        .iter()
                        .zip(out.chunks_exact_mut(n))
                        .zip(sums.iter_mut())
                    {
                        let centroid = &x[p * d..(p + 1) * d];
                        *sum = arch.dispatch(Nearer {
                            rows,
                            centroid,
                            min_d2,
                            out,
                        });
                    }
                })
        });
    }

    /// Makes candidate `t`'s distances the current ones.
    fn keep(&mut self, t: usize) {
        let trials = self.trials;
        for (c, (d2, sum)) in self
            .min_d2
            .chunks_mut(CHUNK_ROWS)
            .zip(self.chunk_sums.iter_mut())
            .enumerate()
        {
            let rows = d2.len();
            let start = c * CHUNK_ROWS * trials + t * rows;
            d2.copy_from_slice(&self.cand_d2[start..start + rows]);
            *sum = self.cand_sums[c * trials + t];
        }
    }

    /// A row index drawn with probability proportional to its squared distance.
    fn draw<R: Rng>(&self, rng: &mut R) -> usize {
        let total: f64 = self.chunk_sums.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            // Every row sits on a centroid already: any row is as good as any other.
            return rng.gen_range(0..self.min_d2.len());
        }
        let target = rng.gen::<f64>() * total;
        let mut before = 0.0;
        for (ci, &s) in self.chunk_sums.iter().enumerate() {
            if before + s > target || ci + 1 == self.chunk_sums.len() {
                let start = ci * CHUNK_ROWS;
                let mut acc = before;
                let mut last_positive = None;
                for (i, &v) in self.min_d2[start..].iter().take(CHUNK_ROWS).enumerate() {
                    acc += v;
                    if v > 0.0 {
                        last_positive = Some(start + i);
                    }
                    if acc > target && v > 0.0 {
                        return start + i;
                    }
                }
                if let Some(i) = last_positive {
                    return i; // rounding left the target just past this chunk's end
                }
            }
            before += s;
        }
        // Only reachable through rounding with every positive weight before the last chunk.
        self.min_d2.iter().rposition(|&v| v > 0.0).unwrap_or(0)
    }
}

/// For one chunk: each row's squared distance to its nearest centroid once `centroid` is added;
/// returns their sum.
struct Nearer<'a, F> {
    rows: &'a [F],
    centroid: &'a [F],
    min_d2: &'a [f64],
    out: &'a mut [f64],
}

impl<F: KMeansFloat> WithSimd for Nearer<'_, F> {
    type Output = f64;

    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) -> f64 {
        let d = self.centroid.len();
        let mut sum = 0.0;
        for ((row, &m), out) in self
            .rows
            .chunks_exact(d)
            .zip(self.min_d2)
            .zip(self.out.iter_mut())
        {
            let dist = sq_dist_f64(row, self.centroid);
            *out = if dist < m { dist } else { m };
            sum += *out;
        }
        sum
    }
}
