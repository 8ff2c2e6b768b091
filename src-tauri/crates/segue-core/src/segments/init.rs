//! Seeded k-means++ (D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful
//! seeding", SODA 2007), in its greedy form (scikit-learn's, Segue's default) and its plain form
//! (linfa's).
//!
//! linfa-clustering 0.8.1 keeps its `KMeansInit::run` crate-private, so it cannot be called from
//! here; this is the same algorithm drawn from the caller's rng. The first centroid is a row
//! chosen uniformly; each next one is a row chosen with probability `D(x)² / Σ D²`, `D(x)` being
//! the distance from `x` to its nearest centroid so far. The greedy form draws several candidates
//! that way at each step and keeps the one that lowers `Σ D²` most: the variant the paper's
//! authors mention trying in its conclusion, with `2 + ⌊ln k⌋` candidates as in scikit-learn's
//! `_kmeans_plusplus` (its `n_local_trials`), analysed by C. Grunau, A. A. Özüdoğru, V. Rozhoň
//! and J. Tětek, "A nearly tight analysis of greedy k-means++", SODA 2023.
//!
//! Squared distances are computed from differences in the data's type, in an order fixed
//! independently of the instruction set (see `Nearer`), summed per row in f64, and updated with
//! each new centroid only, so seeding costs `n·k·d` per candidate; each row is read once per step
//! for up to four candidates. Sampling walks fixed chunks in order, so the draw depends neither on
//! the number of threads nor on the processor.

use pulp::{Arch, Simd, WithSimd};
use rand::Rng;
use rayon::prelude::*;

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
                    // Candidates in groups of up to four: each row is read once per group, and
                    // the group's distances are independent chains of adds.
                    let n = min_d2.len();
                    for (g, group) in picks.chunks(GROUP).enumerate() {
                        let first = g * GROUP;
                        Nearer {
                            rows,
                            x,
                            d,
                            picks: group,
                            min_d2,
                            out: &mut out[first * n..(first + group.len()) * n],
                            sums: &mut sums[first..first + group.len()],
                        }
                        .dispatch(arch);
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

/// Candidates scored together in one pass over a chunk's rows.
const GROUP: usize = 4;

/// Lanes of the fixed summation order of [`Nearer`]'s squared distances.
const ORDER: usize = 8;

/// For one chunk and up to [`GROUP`] candidate rows: each row's squared distance to its nearest
/// centroid once the candidate is added (`out` holds the chunk's rows for each candidate in turn),
/// and their sums.
///
/// Distances are computed in the data's type (differences, squares and sums in `F`, widened at
/// the end) in a fixed order: [`ORDER`] lanes, lane `t` summing dimensions `t, t + 8, …` in turn,
/// products and sums rounded separately (never fused), then a fixed tree, and the dimensions past
/// the last multiple of eight added in f64. Vectors of 8 `f32` or 2 × 4 `f64` (AVX2, also used
/// on AVX-512 processors) and pulp's scalar fallback all follow that order, so the seeds are the
/// same on every machine and any number of threads. In `f32` the relative error is a few units in
/// 1e-7, far below what a weighted draw or a comparison of potentials can tell apart.
struct Nearer<'a, F> {
    rows: &'a [F],
    x: &'a [F],
    d: usize,
    picks: &'a [usize],
    min_d2: &'a [f64],
    out: &'a mut [f64],
    sums: &'a mut [f64],
}

impl<F: KMeansFloat> Nearer<'_, F> {
    /// Runs on AVX2 vectors where the processor has them (AVX-512 ones too: 8-lane vectors keep
    /// the order), else on pulp's best (scalar or NEON) with the same order.
    fn dispatch(self, arch: Arch) {
        #[cfg(target_arch = "x86_64")]
        match arch {
            Arch::V4(simd) => return Simd::vectorize(*simd, self),
            Arch::V3(simd) => return Simd::vectorize(simd, self),
            _ => {}
        }
        arch.dispatch(self)
    }
}

impl<F: KMeansFloat> WithSimd for Nearer<'_, F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let d = self.d;
        let row = |p: usize| &self.x[p * d..(p + 1) * d];
        match *self.picks {
            [a] => self.run(simd, [row(a)]),
            [a, b] => self.run(simd, [row(a), row(b)]),
            [a, b, c] => self.run(simd, [row(a), row(b), row(c)]),
            [a, b, c, e] => self.run(simd, [row(a), row(b), row(c), row(e)]),
            _ => unreachable!("groups hold 1 to {GROUP} candidates"),
        }
    }
}

impl<F: KMeansFloat> Nearer<'_, F> {
    #[inline(always)]
    fn run<S: Simd, const N: usize>(self, simd: S, candidates: [&[F]; N]) {
        let lanes = F::v_lanes::<S>();
        if lanes > ORDER || !ORDER.is_multiple_of(lanes) {
            // No such vectors on the processors pulp supports; kept correct all the same.
            return self.run(pulp::Scalar::new(), candidates);
        }
        let per = ORDER / lanes;
        let (n, d) = (self.min_d2.len(), self.d);
        let whole = d - d % ORDER;
        let mut sums = [0.0f64; N];
        let zero = F::v_splat(simd, F::zero());
        for (i, (row, &m)) in self.rows.chunks_exact(d).zip(self.min_d2).enumerate() {
            // Up to `ORDER` vectors per candidate: `per` of them cover the 8 lanes.
            let mut acc = [[zero; ORDER]; N];
            let mut j = 0;
            while j < whole {
                for v in 0..per {
                    let at = j + v * lanes;
                    let xv = F::v_load(simd, &row[at..]);
                    for (a, c) in acc.iter_mut().zip(&candidates) {
                        let diff = F::v_sub(simd, xv, F::v_load(simd, &c[at..]));
                        a[v] = F::v_mul_then_add(simd, diff, diff, a[v]);
                    }
                }
                j += ORDER;
            }
            for (t, (a, c)) in acc.iter().zip(&candidates).enumerate() {
                let mut lane = [F::zero(); ORDER];
                for v in 0..per {
                    F::v_store::<S>(a[v], &mut lane[v * lanes..]);
                }
                let half = [
                    lane[0] + lane[4],
                    lane[1] + lane[5],
                    lane[2] + lane[6],
                    lane[3] + lane[7],
                ];
                let mut dist = ((half[0] + half[2]) + (half[1] + half[3])).widen();
                for (&a, &b) in row[whole..].iter().zip(&c[whole..]) {
                    let diff = a.widen() - b.widen();
                    dist += diff * diff;
                }
                let v = if dist < m { dist } else { m };
                self.out[t * n + i] = v;
                sums[t] += v;
            }
        }
        self.sums.copy_from_slice(&sums);
    }
}
