//! Hyper-parameters of [`FastKMeans`](super::FastKMeans), checked once through linfa's
//! [`ParamGuard`] before any work, and the two error types: one for parameters, one for fitting.

use linfa::ParamGuard;
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use thiserror::Error;

use super::KMeansFloat;

/// How the first centroids of a run are chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum FastKMeansInit<F> {
    /// k-means++ (Arthur & Vassilvitskii, 2007): the first centroid is a row drawn uniformly, each
    /// next one a row drawn with probability proportional to its squared distance to the nearest
    /// centroid already chosen. An O(log k)-competitive seeding, drawn from the parameters' rng;
    /// linfa-clustering's default.
    KMeansPlusPlus,
    /// Greedy k-means++, the default (scikit-learn's `init="k-means++"`): at each step
    /// `2 + ⌊ln k⌋` candidates are drawn as above and the one that lowers the sum of squared
    /// distances most is kept (Grunau, Özüdoğru, Rozhoň & Tětek, SODA 2023, analyse it). Seeding
    /// costs that many times more distances (each row is still read once per step), and starts
    /// Lloyd much closer to a good optimum: on overlapping blobs (100,000 × 48, k = 12, 10 runs)
    /// plain k-means++ settles at an inertia 5% higher after 107 iterations where greedy needs 7
    /// (see `BENCHMARKS.md`).
    GreedyKMeansPlusPlus,
    /// The given `k × d` centroids. A fit from them is deterministic, so it runs once whatever
    /// `n_runs` says.
    Precomputed(Array2<F>),
}

/// Checked hyper-parameters: what [`Fit`](linfa::traits::Fit) runs with.
///
/// Defaults follow linfa-clustering's `KMeans` — 10 runs, at most 300 iterations, tolerance 1e-4
/// and a `Xoshiro256Plus` seeded with 42 — except the seeding, greedy k-means++ as in
/// scikit-learn's `KMeans` (linfa's is plain k-means++, [`FastKMeansInit::KMeansPlusPlus`]).
/// Threads default to rayon's current pool.
#[derive(Clone, Debug, PartialEq)]
pub struct FastKMeansValidParams<F, R> {
    pub(crate) n_clusters: usize,
    pub(crate) n_runs: usize,
    pub(crate) max_n_iterations: usize,
    pub(crate) tolerance: F,
    pub(crate) init: FastKMeansInit<F>,
    pub(crate) rng: R,
    pub(crate) n_threads: Option<usize>,
    pub(crate) pruning: bool,
}

impl<F: KMeansFloat, R> FastKMeansValidParams<F, R> {
    /// Number of clusters `k`.
    pub fn n_clusters(&self) -> usize {
        self.n_clusters
    }
    /// Number of seeded runs; the one with the lowest inertia is kept.
    pub fn n_runs(&self) -> usize {
        self.n_runs
    }
    /// Upper bound on Lloyd iterations per run.
    pub fn max_n_iterations(&self) -> usize {
        self.max_n_iterations
    }
    /// A run stops when the centroids move less than this (Euclidean norm of the change of the
    /// whole `k × d` centroid matrix, as linfa measures it) or when no row changes cluster.
    pub fn tolerance(&self) -> F {
        self.tolerance
    }
    /// The initialisation.
    pub fn init_method(&self) -> &FastKMeansInit<F> {
        &self.init
    }
    /// The random number generator each fit starts from (cloned, so fits are repeatable).
    pub fn rng(&self) -> &R {
        &self.rng
    }
    /// Worker threads, or `None` for rayon's current pool.
    pub fn n_threads(&self) -> Option<usize> {
        self.n_threads
    }
    /// Whether Lloyd steps skip the rows that Hamerly's bounds prove cannot move.
    pub fn pruning(&self) -> bool {
        self.pruning
    }
}

/// Unchecked hyper-parameters with builder methods; [`ParamGuard::check`] turns them into
/// [`FastKMeansValidParams`], and [`Fit`](linfa::traits::Fit) checks them implicitly.
///
/// ```
/// use linfa::prelude::*;
/// use ndarray::array;
/// use segue_core::segments::FastKMeans;
///
/// let x = array![[0.0f32, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]];
/// let model = FastKMeans::params(2).n_runs(3).fit(&DatasetBase::from(x.clone())).unwrap();
/// let labels = model.predict(&x);
/// assert_eq!(labels[0], labels[1]);
/// assert_ne!(labels[0], labels[2]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FastKMeansParams<F, R>(pub(crate) FastKMeansValidParams<F, R>);

impl<F: KMeansFloat, R: Rng> FastKMeansParams<F, R> {
    /// Parameters for `n_clusters` clusters drawing from `rng`, with the defaults of
    /// [`FastKMeansValidParams`] (linfa's, with scikit-learn's greedy k-means++ seeding).
    pub fn new(n_clusters: usize, rng: R) -> Self {
        FastKMeansParams(FastKMeansValidParams {
            n_clusters,
            n_runs: 10,
            max_n_iterations: 300,
            tolerance: F::narrow(1e-4),
            init: FastKMeansInit::GreedyKMeansPlusPlus,
            rng,
            n_threads: None,
            pruning: true,
        })
    }
    /// Sets `k`.
    pub fn n_clusters(mut self, n_clusters: usize) -> Self {
        self.0.n_clusters = n_clusters;
        self
    }
    /// Sets the number of seeded runs.
    pub fn n_runs(mut self, n_runs: usize) -> Self {
        self.0.n_runs = n_runs;
        self
    }
    /// Sets the maximum number of Lloyd iterations per run.
    pub fn max_n_iterations(mut self, max_n_iterations: usize) -> Self {
        self.0.max_n_iterations = max_n_iterations;
        self
    }
    /// Sets the convergence tolerance; 0 runs until no row changes cluster or the iterations end.
    pub fn tolerance(mut self, tolerance: F) -> Self {
        self.0.tolerance = tolerance;
        self
    }
    /// Sets the initialisation (default [`FastKMeansInit::GreedyKMeansPlusPlus`]).
    pub fn init_method(mut self, init: FastKMeansInit<F>) -> Self {
        self.0.init = init;
        self
    }
    /// Starts from the given `k × d` centroids (and sets `k` to their number of rows).
    pub fn initial_centroids(mut self, centroids: Array2<F>) -> Self {
        self.0.n_clusters = centroids.nrows();
        self.0.init = FastKMeansInit::Precomputed(centroids);
        self
    }
    /// Sets the number of worker threads (a pool of that size is built on first use and kept
    /// for the process).
    pub fn n_threads(mut self, n_threads: usize) -> Self {
        self.0.n_threads = Some(n_threads);
        self
    }
    /// Turns Hamerly's pruning (Hamerly, 2010) on or off (default on). A pruned step skips the
    /// distance computations for rows that provably keep their centroid; the result is bit for
    /// bit the same (see the module docs), the cost three floats per row. Off, every step scores
    /// every row: what the comparison with scikit-learn's `algorithm="lloyd"` measures.
    pub fn pruning(mut self, pruning: bool) -> Self {
        self.0.pruning = pruning;
        self
    }
    /// Replaces the random number generator.
    pub fn with_rng<R2: Rng>(self, rng: R2) -> FastKMeansParams<F, R2> {
        let p = self.0;
        FastKMeansParams(FastKMeansValidParams {
            n_clusters: p.n_clusters,
            n_runs: p.n_runs,
            max_n_iterations: p.max_n_iterations,
            tolerance: p.tolerance,
            init: p.init,
            rng,
            n_threads: p.n_threads,
            pruning: p.pruning,
        })
    }
}

impl<F: KMeansFloat, R: Rng + SeedableRng> FastKMeansParams<F, R> {
    /// Reseeds the random number generator.
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.rng = R::seed_from_u64(seed);
        self
    }
}

impl<F: KMeansFloat> FastKMeansParams<F, Xoshiro256Plus> {
    /// linfa's default generator, seeded with 42.
    pub fn default_rng() -> Xoshiro256Plus {
        Xoshiro256Plus::seed_from_u64(42)
    }
}

impl<F: KMeansFloat, R> ParamGuard for FastKMeansParams<F, R> {
    type Checked = FastKMeansValidParams<F, R>;
    type Error = FastKMeansParamsError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        let p = &self.0;
        if p.n_clusters == 0 {
            return Err(FastKMeansParamsError::NClusters);
        }
        if p.n_clusters > u32::MAX as usize {
            return Err(FastKMeansParamsError::TooManyClusters(p.n_clusters));
        }
        if p.n_runs == 0 {
            return Err(FastKMeansParamsError::NRuns);
        }
        if p.max_n_iterations == 0 {
            return Err(FastKMeansParamsError::MaxIterations);
        }
        if p.tolerance < F::zero() || !p.tolerance.is_finite() {
            return Err(FastKMeansParamsError::Tolerance(p.tolerance.widen()));
        }
        if p.n_threads == Some(0) {
            return Err(FastKMeansParamsError::NThreads);
        }
        if let FastKMeansInit::Precomputed(c) = &p.init {
            if c.nrows() != p.n_clusters {
                return Err(FastKMeansParamsError::InitShape {
                    expected: p.n_clusters,
                    found: c.nrows(),
                });
            }
            if c.iter().any(|v| !v.is_finite()) {
                return Err(FastKMeansParamsError::InitNotFinite);
            }
        }
        Ok(p)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}

/// A hyper-parameter that cannot work, found before any data is read.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum FastKMeansParamsError {
    /// `k` is 0.
    #[error("n_clusters must be at least 1")]
    NClusters,
    /// `k` does not fit the kernel's 32-bit labels.
    #[error("n_clusters is {0}; at most 4294967295 clusters are supported")]
    TooManyClusters(usize),
    /// No run was asked for.
    #[error("n_runs must be at least 1")]
    NRuns,
    /// No iteration was allowed.
    #[error("max_n_iterations must be at least 1")]
    MaxIterations,
    /// The tolerance is negative, infinite or NaN.
    #[error("tolerance must be a finite number ≥ 0, got {0}")]
    Tolerance(f64),
    /// Zero worker threads.
    #[error("n_threads must be at least 1")]
    NThreads,
    /// Precomputed centroids with a different number of rows than `n_clusters`.
    #[error("initial centroids have {found} rows, expected n_clusters = {expected}")]
    InitShape {
        /// `n_clusters`.
        expected: usize,
        /// Rows of the given centroids.
        found: usize,
    },
    /// Precomputed centroids containing NaN or an infinity.
    #[error("initial centroids contain NaN or an infinity")]
    InitNotFinite,
}

/// Why a fit failed.
#[derive(Debug, Error)]
pub enum FastKMeansError {
    /// A hyper-parameter was invalid.
    #[error("invalid hyper-parameter: {0}")]
    InvalidParams(#[from] FastKMeansParamsError),
    /// Fewer rows than clusters.
    #[error("{n_samples} rows cannot form {n_clusters} clusters")]
    NotEnoughSamples {
        /// Rows in the data.
        n_samples: usize,
        /// `k`.
        n_clusters: usize,
    },
    /// Rows with no dimensions.
    #[error("the data has no columns")]
    NoFeatures,
    /// A value is NaN or infinite.
    #[error("row {row}, column {column} is NaN or infinite")]
    NotFinite {
        /// Row of the first such value.
        row: usize,
        /// Its column.
        column: usize,
    },
    /// Precomputed centroids with a different number of columns than the data.
    #[error("initial centroids have {found} columns, the data has {expected}")]
    InitDimension {
        /// Columns of the data.
        expected: usize,
        /// Columns of the centroids.
        found: usize,
    },
    /// The worker pool could not be started.
    #[error("could not start the worker threads: {0}")]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),
    /// An error from linfa itself.
    #[error(transparent)]
    Linfa(#[from] linfa::error::Error),
}
