//! The parameters of a segment fit (every default a named constant) and the error of the segment
//! pipeline (fit, profiles, map).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::segments::FastKMeansError;

/// Default algorithm: k-means (fast, and what the budget is set for).
pub const DEFAULT_ALGORITHM: Algorithm = Algorithm::KMeans;
/// Smallest `k` tried when `k` is chosen by silhouette.
pub const DEFAULT_K_MIN: u32 = 4;
/// Largest `k` tried when `k` is chosen by silhouette.
pub const DEFAULT_K_MAX: u32 = 12;
/// Default seed of every random choice of a fit (k-means++ draws, samples, stability refits).
pub const DEFAULT_SEED: u32 = 42;
/// Seeded k-means runs per `k`, each from greedy k-means++ seeds; the run with the lowest inertia
/// is kept (linfa's default, and scikit-learn's `n_init=10`).
pub const DEFAULT_N_RUNS: u32 = 10;
/// Upper bound on Lloyd iterations per run, EM iterations per Gaussian mixture, or batches of a
/// mini-batch fit (linfa's default for the first two).
pub const DEFAULT_MAX_ITERATIONS: u32 = 300;
/// Convergence tolerance (scikit-learn's and linfa's default). For k-means, relative to the data
/// as in scikit-learn: a run stops once the squared norm of the centroids' move is at most this
/// times the mean per-dimension variance of the taste vectors. For mini-batch k-means, the
/// centroid shift in linfa's absolute terms; for a Gaussian mixture, the change of the mean
/// log-likelihood bound.
pub const DEFAULT_TOLERANCE: f64 = 1e-4;
/// Rows the silhouette is computed on: a seeded sample, exact over it (`O(m²d)`: about 0.1 s at
/// 4,000 × 48 on two cores, whatever the number of listeners).
pub const DEFAULT_SILHOUETTE_SAMPLE: u32 = 4_000;
/// Extra fits with other seeds that the chosen fit is compared with (adjusted Rand index).
pub const DEFAULT_STABILITY_RUNS: u32 = 3;
/// Rows each stability refit runs on: a fresh seeded sample per refit.
pub const DEFAULT_STABILITY_SAMPLE: u32 = 10_000;
/// Above this many listeners, k-means fits by mini-batches (linfa-clustering's incremental
/// `KMeans`) instead of full Lloyd iterations.
pub const DEFAULT_MINI_BATCH_THRESHOLD: u32 = 2_000_000;
/// Rows per mini-batch.
pub const DEFAULT_BATCH_SIZE: u32 = 10_000;
/// Added to the diagonal of every Gaussian-mixture covariance so it stays positive definite
/// (scikit-learn's and linfa's default).
pub const DEFAULT_GMM_REG_COVARIANCE: f64 = 1e-6;

/// The clustering algorithm of a segment fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Algorithm {
    /// k-means: Lloyd's algorithm from k-means++ seeds ([`FastKMeans`](crate::segments::FastKMeans)),
    /// or mini-batch k-means (Sculley, 2010) through linfa-clustering above
    /// [`SegmentParams::mini_batch_threshold`] listeners. Spelled `kmeans`.
    #[serde(rename = "kmeans")]
    KMeans,
    /// A Gaussian mixture with full covariances, fitted by EM from a k-means start
    /// (linfa-clustering's `GaussianMixtureModel`, a port of scikit-learn's). Spelled `gmm`.
    Gmm,
}

/// How segments are fitted. Serialized in camelCase; missing fields take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SegmentParams {
    /// The algorithm; default [`DEFAULT_ALGORITHM`].
    pub algorithm: Algorithm,
    /// A fixed number of segments, or `None` to choose `k` in `k_min..=k_max` by silhouette.
    pub k: Option<u32>,
    /// Smallest `k` tried (at least 2); default [`DEFAULT_K_MIN`].
    pub k_min: u32,
    /// Largest `k` tried; default [`DEFAULT_K_MAX`].
    pub k_max: u32,
    /// Seed of every random choice; default [`DEFAULT_SEED`].
    pub seed: u32,
    /// Seeded runs per `k` (k-means; a mini-batch fit draws this many k-means++ seedings on its
    /// first batch); default [`DEFAULT_N_RUNS`].
    pub n_runs: u32,
    /// Iterations per run, EM iterations, or batches of a mini-batch fit; default
    /// [`DEFAULT_MAX_ITERATIONS`].
    pub max_iterations: u32,
    /// Convergence tolerance; default [`DEFAULT_TOLERANCE`].
    pub tolerance: f64,
    /// Rows the silhouette is computed on (0: no silhouette, only allowed with a fixed `k`);
    /// default [`DEFAULT_SILHOUETTE_SAMPLE`].
    pub silhouette_sample: u32,
    /// Refits with other seeds for the stability index (0: none); default
    /// [`DEFAULT_STABILITY_RUNS`].
    pub stability_runs: u32,
    /// Rows of each stability refit; default [`DEFAULT_STABILITY_SAMPLE`].
    pub stability_sample: u32,
    /// Listener count above which k-means uses mini-batches; default
    /// [`DEFAULT_MINI_BATCH_THRESHOLD`].
    pub mini_batch_threshold: u32,
    /// Rows per mini-batch; default [`DEFAULT_BATCH_SIZE`].
    pub batch_size: u32,
    /// Covariance regularisation of a Gaussian mixture; default [`DEFAULT_GMM_REG_COVARIANCE`].
    pub gmm_reg_covariance: f64,
}

impl Default for SegmentParams {
    fn default() -> Self {
        Self {
            algorithm: DEFAULT_ALGORITHM,
            k: None,
            k_min: DEFAULT_K_MIN,
            k_max: DEFAULT_K_MAX,
            seed: DEFAULT_SEED,
            n_runs: DEFAULT_N_RUNS,
            max_iterations: DEFAULT_MAX_ITERATIONS,
            tolerance: DEFAULT_TOLERANCE,
            silhouette_sample: DEFAULT_SILHOUETTE_SAMPLE,
            stability_runs: DEFAULT_STABILITY_RUNS,
            stability_sample: DEFAULT_STABILITY_SAMPLE,
            mini_batch_threshold: DEFAULT_MINI_BATCH_THRESHOLD,
            batch_size: DEFAULT_BATCH_SIZE,
            gmm_reg_covariance: DEFAULT_GMM_REG_COVARIANCE,
        }
    }
}

impl SegmentParams {
    /// The defaults with a fixed `k`.
    pub fn fixed(k: u32) -> Self {
        Self {
            k: Some(k),
            ..Self::default()
        }
    }

    /// The values of `k` to try, after checking every parameter.
    pub fn candidate_ks(&self) -> Result<Vec<u32>, SegmentError> {
        let bad = |why: &str| Err(SegmentError::InvalidParams(why.to_string()));
        if self.n_runs == 0 {
            return bad("n_runs must be at least 1");
        }
        if self.max_iterations == 0 {
            return bad("max_iterations must be at least 1");
        }
        if !self.tolerance.is_finite() || self.tolerance < 0.0 {
            return bad("tolerance must be a finite number ≥ 0");
        }
        if self.batch_size == 0 {
            return bad("batch_size must be at least 1");
        }
        if self.stability_runs > 0 && self.stability_sample < 2 {
            return bad("stability_sample must be at least 2 when stability_runs > 0");
        }
        if !self.gmm_reg_covariance.is_finite() || self.gmm_reg_covariance < 0.0 {
            return bad("gmm_reg_covariance must be a finite number ≥ 0");
        }
        match self.k {
            Some(0) => bad("k must be at least 1"),
            Some(k) => Ok(vec![k]),
            None if self.k_min < 2 => {
                bad("k_min must be at least 2 (a silhouette needs two segments)")
            }
            None if self.k_min > self.k_max => bad("k_min must not exceed k_max"),
            None if self.silhouette_sample < 2 => {
                bad("choosing k needs a silhouette: silhouette_sample must be at least 2")
            }
            None => Ok((self.k_min..=self.k_max).collect()),
        }
    }
}

/// Why a segment fit, profile or map failed.
#[derive(Debug, Error)]
pub enum SegmentError {
    /// A parameter cannot work (found before any data is read).
    #[error("invalid segment parameters: {0}")]
    InvalidParams(String),
    /// Fewer listeners than segments.
    #[error("{rows} listeners cannot form {k} segments")]
    NotEnoughRows {
        /// Listeners (rows) given.
        rows: usize,
        /// Segments asked for.
        k: u32,
    },
    /// The taste vectors have no dimensions.
    #[error("the taste vectors have no dimensions")]
    NoDimensions,
    /// A value is NaN or infinite.
    #[error("listener row {row}, dimension {column} is NaN or infinite")]
    NotFinite {
        /// Row of the first such value.
        row: usize,
        /// Its column.
        column: usize,
    },
    /// Rows of a different width than the model's centroids.
    #[error("rows have {found} dimensions, the segment model has {expected}")]
    Dimension {
        /// The model's width.
        expected: usize,
        /// The rows' width.
        found: usize,
    },
    /// An index (listener, track or segment) outside its range.
    #[error("{what} {index} is out of range (there are {len})")]
    OutOfRange {
        /// What the index points at: `listener`, `track` or `segment`.
        what: &'static str,
        /// The index.
        index: u32,
        /// How many there are.
        len: usize,
    },
    /// The k-means fit failed.
    #[error("k-means failed: {0}")]
    KMeans(#[from] FastKMeansError),
    /// The incremental (mini-batch) k-means failed.
    #[error("mini-batch k-means with k = {k} failed: {reason}")]
    MiniBatch {
        /// The number of segments of the failed fit.
        k: u32,
        /// linfa's message.
        reason: String,
    },
    /// The Gaussian mixture did not converge or became degenerate.
    #[error("the Gaussian mixture with k = {k} failed: {reason}. Try k-means, fewer segments, more iterations or a larger tolerance")]
    Gmm {
        /// The number of segments of the failed fit.
        k: u32,
        /// linfa's message, or which covariance is not positive definite.
        reason: String,
    },
    /// The 2-D map (PCA) could not be computed.
    #[error("the segment map could not be computed: {0}")]
    Map(String),
    /// The job was cancelled.
    #[error("cancelled")]
    Cancelled,
}
