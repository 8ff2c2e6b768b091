//! Seeded k-means++ (D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful
//! seeding", SODA 2007), the seeding linfa-clustering uses.
//!
//! linfa-clustering 0.8.1 keeps its `KMeansInit::run` crate-private, so it cannot be called from
//! here; this is the same algorithm ("vanilla" k-means++, one candidate per step, as linfa draws it,
//! not scikit-learn's greedy variant with several candidates), drawn from the caller's rng: the
//! first centroid is a row chosen uniformly; each next one is a row chosen with probability
//! `D(x)² / Σ D²`, `D(x)` being the distance from `x` to its nearest centroid so far. The squared
//! distances are exact (f64) and updated with each new centroid only, so seeding costs `n·k·d`.
//! Sampling walks fixed chunks in order, so the draw does not depend on the number of threads.

use rand::Rng;
use rayon::prelude::*;

use super::kernel::{sq_dist_f64, Isa};
use super::lloyd::Threads;
use super::KMeansFloat;

/// Rows per chunk of the squared-distance update.
const CHUNK_ROWS: usize = 4096;

/// Buffers for repeated seedings of the same `n` rows.
pub(crate) struct Seeder {
    min_d2: Vec<f64>,
    chunk_sums: Vec<f64>,
}

impl Seeder {
    pub(crate) fn new(n: usize) -> Self {
        Seeder { min_d2: vec![0.0; n], chunk_sums: vec![0.0; n.div_ceil(CHUNK_ROWS)] }
    }

    /// Draws `k` initial centroids (`k × d`, row-major) from the `n × d` rows `x`.
    pub(crate) fn kmeans_plusplus<F: KMeansFloat, R: Rng>(
        &mut self,
        x: &[F],
        d: usize,
        k: usize,
        rng: &mut R,
        isa: Isa,
        threads: &Threads,
    ) -> Vec<F> {
        let n = self.min_d2.len();
        let mut centroids = Vec::with_capacity(k * d);
        let first = rng.gen_range(0..n);
        centroids.extend_from_slice(&x[first * d..(first + 1) * d]);
        self.min_d2.fill(f64::INFINITY);
        for c in 1..k {
            let newest = &centroids[(c - 1) * d..c * d];
            let (all_d2, sums) = (&mut self.min_d2, &mut self.chunk_sums);
            threads.run(|| {
                x.par_chunks(CHUNK_ROWS * d)
                    .zip(all_d2.par_chunks_mut(CHUNK_ROWS))
                    .zip(sums.par_iter_mut())
                    .for_each(|((x, min_d2), sum)| {
                        *sum = isa.run(Nearer { x, centroid: newest, min_d2 });
                    })
            });
            let idx = self.draw(rng);
            centroids.extend_from_slice(&x[idx * d..(idx + 1) * d]);
        }
        centroids
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

/// Lowers each row's squared distance to its nearest centroid with one new centroid; returns the
/// chunk's sum of squared distances.
struct Nearer<'a, F> {
    x: &'a [F],
    centroid: &'a [F],
    min_d2: &'a mut [f64],
}

impl<F: KMeansFloat> pulp::NullaryFnOnce for Nearer<'_, F> {
    type Output = f64;

    #[inline(always)]
    fn call(self) -> f64 {
        let d = self.centroid.len();
        let mut sum = 0.0;
        for (row, m) in self.x.chunks_exact(d).zip(self.min_d2.iter_mut()) {
            let dist = sq_dist_f64(row, self.centroid);
            if dist < *m {
                *m = dist;
            }
            sum += *m;
        }
        sum
    }
}
