//! The fitted k-means model and its [`Fit`] and [`Predict`](linfa::traits::Predict) impls.

use linfa::dataset::DatasetBase;
use linfa::traits::{Fit, PredictInplace};
use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};
use rand::Rng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;

use super::init::Seeder;
use super::lloyd::{Run, Threads, Workspace};
use super::params::{FastKMeansError, FastKMeansInit, FastKMeansParams, FastKMeansValidParams};
use super::simd::arch_name;
use super::KMeansFloat;

/// A k-means model fitted by Lloyd's algorithm (Lloyd, 1982) from k-means++ seeds (Arthur &
/// Vassilvitskii, 2007; by default their greedy form, scikit-learn's): `k` centroids that locally minimise the inertia, the sum over rows of the
/// squared Euclidean distance to the nearest centroid.
///
/// Each Lloyd iteration assigns every row to its nearest centroid and moves every centroid to the
/// mean of its rows; both happen in one fused pass over the data (see the module docs), and once
/// few rows move, Hamerly's bounds spare the rows that cannot (unless turned off with
/// [`FastKMeansParams::pruning`]). A cluster
/// that loses all its rows keeps its previous centroid (as linfa's update leaves it), so a fit
/// never produces NaN centroids and runs are deterministic.
///
/// Of `n_runs` seeded runs, the one with the lowest inertia is kept. [`inertia`](Self::inertia)
/// is the *sum* of squared distances, as scikit-learn reports it (linfa's `KMeans::inertia` is its
/// mean per row).
#[derive(Clone, Debug, PartialEq)]
pub struct FastKMeans<F> {
    centroids: Array2<F>,
    cluster_sizes: Array1<usize>,
    inertia: f64,
    n_iterations: usize,
}

impl<F: KMeansFloat> FastKMeans<F> {
    /// Parameters for `n_clusters` clusters, seeded like linfa's `KMeans::params` (a
    /// `Xoshiro256Plus` seeded with 42).
    pub fn params(n_clusters: usize) -> FastKMeansParams<F, Xoshiro256Plus> {
        FastKMeansParams::new(
            n_clusters,
            FastKMeansParams::<F, Xoshiro256Plus>::default_rng(),
        )
    }

    /// Parameters for `n_clusters` clusters drawing from `rng`.
    pub fn params_with_rng<R: Rng>(n_clusters: usize, rng: R) -> FastKMeansParams<F, R> {
        FastKMeansParams::new(n_clusters, rng)
    }

    /// The centroids, `k × d`.
    pub fn centroids(&self) -> &Array2<F> {
        &self.centroids
    }

    /// Rows assigned to each centroid by the final assignment.
    pub fn cluster_sizes(&self) -> &Array1<usize> {
        &self.cluster_sizes
    }

    /// Sum over the training rows of the squared distance to their centroid, accumulated in f64
    /// from exact differences (not from the `‖x‖² − 2x·c + ‖c‖²` expansion the kernel ranks with).
    pub fn inertia(&self) -> f64 {
        self.inertia
    }

    /// Lloyd iterations (centroid updates) of the kept run.
    pub fn n_iterations(&self) -> usize {
        self.n_iterations
    }
}

/// The instruction set the kernel uses on this processor, for benchmark reports.
pub fn kernel_target() -> &'static str {
    arch_name(pulp::Arch::new())
}

impl<F: KMeansFloat, R: Rng + Clone, DA: Data<Elem = F>, T>
    Fit<ArrayBase<DA, Ix2>, T, FastKMeansError> for FastKMeansValidParams<F, R>
{
    type Object = FastKMeans<F>;

    /// Fits on the dataset's records (rows are observations; targets are ignored). The records are
    /// read in place when they are in standard (row-major, contiguous) layout and copied once
    /// otherwise. Fails on fewer rows than clusters, no columns, NaN or infinite values, or
    /// initial centroids of the wrong width.
    fn fit(
        &self,
        dataset: &DatasetBase<ArrayBase<DA, Ix2>, T>,
    ) -> Result<FastKMeans<F>, FastKMeansError> {
        let records = dataset.records();
        let (n, d) = records.dim();
        let k = self.n_clusters;
        if n < k {
            return Err(FastKMeansError::NotEnoughSamples {
                n_samples: n,
                n_clusters: k,
            });
        }
        if d == 0 {
            return Err(FastKMeansError::NoFeatures);
        }
        if let FastKMeansInit::Precomputed(c) = &self.init {
            if c.ncols() != d {
                return Err(FastKMeansError::InitDimension {
                    expected: d,
                    found: c.ncols(),
                });
            }
        }
        let rows = records.as_standard_layout();
        let x = rows.as_slice().expect("standard layout is contiguous");
        let run = self.fit_rows(&Threads::new(self.n_threads)?, x, n, d)?;
        Ok(FastKMeans {
            centroids: Array2::from_shape_vec((k, d), run.centroids).expect("k × d centroids"),
            cluster_sizes: run.counts.iter().map(|&c| c as usize).collect(),
            inertia: run.inertia,
            n_iterations: run.n_iterations,
        })
    }
}

impl<F: KMeansFloat, R: Rng + Clone> FastKMeansValidParams<F, R> {
    /// Validates the values, then runs the seeded runs on `threads`.
    fn fit_rows(
        &self,
        threads: &Threads,
        x: &[F],
        n: usize,
        d: usize,
    ) -> Result<Run<F>, FastKMeansError> {
        threads.run(|| check_finite(x, d))?;
        let k = self.n_clusters;
        let tol = self.tolerance.widen();
        let mut ws = Workspace::new(n, k, d);
        if self.pruning {
            ws.enable_pruning(threads, x);
        }
        if let FastKMeansInit::Precomputed(c) = &self.init {
            let start = c
                .as_standard_layout()
                .as_slice()
                .expect("contiguous")
                .to_vec();
            return Ok(ws.lloyd(threads, x, start, self.max_n_iterations, tol));
        }
        let mut rng = self.rng.clone();
        let trials = match self.init {
            FastKMeansInit::GreedyKMeansPlusPlus => 2 + (k as f64).ln().floor() as usize,
            _ => 1,
        };
        let mut seeder = Seeder::new(n, trials);
        let mut best: Option<Run<F>> = None;
        for _ in 0..self.n_runs {
            let start = seeder.kmeans_plusplus(x, d, k, &mut rng, ws.arch(), threads);
            let run = ws.lloyd(threads, x, start, self.max_n_iterations, tol);
            match &best {
                Some(b) if b.inertia <= run.inertia => {}
                _ => best = Some(run),
            }
        }
        Ok(best.expect("n_runs ≥ 1 is checked"))
    }
}

/// Finds the first NaN or infinite value, if any (a branch-free scan per chunk, in parallel).
fn check_finite<F: KMeansFloat>(x: &[F], d: usize) -> Result<(), FastKMeansError> {
    const CHUNK: usize = 1 << 16;
    let bad = x
        .par_chunks(CHUNK)
        .enumerate()
        .filter(|(_, c)| c.iter().fold(false, |b, v| b | !v.is_finite()))
        .min_by_key(|(i, _)| *i);
    match bad {
        None => Ok(()),
        Some((i, c)) => {
            let at = i * CHUNK + c.iter().position(|v| !v.is_finite()).unwrap_or(0);
            Err(FastKMeansError::NotFinite {
                row: at / d,
                column: at % d,
            })
        }
    }
}

/// Assigns each row to its nearest centroid (lowest index on ties) with the fused kernel, in
/// parallel on rayon's current pool. Rows must have the model's width (panics otherwise, as
/// linfa's models do); a row containing NaN gets an arbitrary label.
impl<F: KMeansFloat, DA: Data<Elem = F>> PredictInplace<ArrayBase<DA, Ix2>, Array1<usize>>
    for FastKMeans<F>
{
    fn predict_inplace(&self, x: &ArrayBase<DA, Ix2>, y: &mut Array1<usize>) {
        let (n, d) = x.dim();
        assert_eq!(n, y.len(), "one label per row");
        assert_eq!(
            d,
            self.centroids.ncols(),
            "rows must have the centroids' width"
        );
        let rows = x.as_standard_layout();
        let centroids = self.centroids.as_standard_layout();
        let mut ws = Workspace::new(n, self.centroids.nrows(), d);
        ws.pass::<false>(
            &Threads::new(None).expect("the current pool needs no new threads"),
            rows.as_slice().expect("contiguous"),
            centroids.as_slice().expect("contiguous"),
        );
        for (out, &label) in y.iter_mut().zip(&ws.labels) {
            *out = label as usize;
        }
    }

    fn default_target(&self, x: &ArrayBase<DA, Ix2>) -> Array1<usize> {
        Array1::zeros(x.nrows())
    }
}
