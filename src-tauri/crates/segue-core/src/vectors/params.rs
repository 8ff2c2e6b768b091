//! Hyper-parameters of a track-vector build, their defaults and the errors a build can end with.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Default [`VectorParams::collab_dims`]: 32 dimensions, as DESIGN.md sets for the collaborative part.
pub const DEFAULT_COLLAB_DIMS: u32 = 32;
/// Default [`VectorParams::oversampling`]: Halko, Martinsson & Tropp (2011, §4.2) find 5 to 10
/// extra sample columns enough for the range finder; 10 is their safe choice.
pub const DEFAULT_OVERSAMPLING: u32 = 10;
/// Default [`VectorParams::power_iterations`]: PPMI spectra decay slowly, which is where power
/// iterations pay (Halko et al. 2011, §4.5). On the 10-million-event benchmark 3 iterations give
/// the singular values above the spectral gap to 1e-5 of 8 iterations, at 2 sparse products
/// each; values inside a flat bulk stay within a few percent, and their directions are arbitrary
/// anyway.
pub const DEFAULT_POWER_ITERATIONS: u32 = 3;
/// Default [`VectorParams::context_smoothing`]: the context-distribution smoothing exponent α of
/// Levy, Goldberg & Dagan (2015), borrowed from word2vec's negative sampling; it lifts the
/// probability of rare contexts so they do not produce huge PMI values.
pub const DEFAULT_CONTEXT_SMOOTHING: f64 = 0.75;
/// Default [`VectorParams::min_contexts`]: a track seen in fewer than 2 contexts has no
/// co-occurrence to speak of, so its collaborative part is predicted from its content instead.
pub const DEFAULT_MIN_CONTEXTS: u32 = 2;
/// Default [`VectorParams::ridge_lambda`]: the L2 penalty of the cold-start ridge regression, on
/// standardized features (so 1.0 is mild: it matters only where the warm tracks are few).
pub const DEFAULT_RIDGE_LAMBDA: f64 = 1.0;
/// Default [`VectorParams::content_weight`]: half of a cosine similarity between two tracks comes
/// from how they sound.
pub const DEFAULT_CONTENT_WEIGHT: f64 = 0.5;
/// Default [`VectorParams::collab_weight`]: the other half from who plays them together.
pub const DEFAULT_COLLAB_WEIGHT: f64 = 0.5;
/// Default [`VectorParams::seed`]: the seed of the random test matrix of the randomized SVD (42,
/// as linfa's defaults).
pub const DEFAULT_SEED: u32 = 42;

/// Everything a track-vector build depends on besides its data; recorded with the build so it can
/// be re-run. Missing fields read from JSON take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct VectorParams {
    /// Dimensions of the collaborative part (0 builds content-only vectors).
    pub collab_dims: u32,
    /// Extra random columns of the randomized SVD's range finder.
    pub oversampling: u32,
    /// Power (subspace) iterations of the randomized SVD.
    pub power_iterations: u32,
    /// Context-distribution smoothing exponent α of PPMI, in (0, 1]; 1 is plain PPMI.
    pub context_smoothing: f64,
    /// Tracks in fewer contexts than this get a collaborative part predicted from their content.
    pub min_contexts: u32,
    /// L2 penalty λ of the cold-start ridge regression, > 0.
    pub ridge_lambda: f64,
    /// Share of the cosine similarity between two tracks given to the content part, ≥ 0.
    pub content_weight: f64,
    /// Share given to the collaborative part, ≥ 0 (the two shares are normalized to sum to 1).
    pub collab_weight: f64,
    /// Seed of the randomized SVD: the same data and seed give the same vectors.
    pub seed: u32,
}

impl Default for VectorParams {
    fn default() -> Self {
        Self {
            collab_dims: DEFAULT_COLLAB_DIMS,
            oversampling: DEFAULT_OVERSAMPLING,
            power_iterations: DEFAULT_POWER_ITERATIONS,
            context_smoothing: DEFAULT_CONTEXT_SMOOTHING,
            min_contexts: DEFAULT_MIN_CONTEXTS,
            ridge_lambda: DEFAULT_RIDGE_LAMBDA,
            content_weight: DEFAULT_CONTENT_WEIGHT,
            collab_weight: DEFAULT_COLLAB_WEIGHT,
            seed: DEFAULT_SEED,
        }
    }
}

impl VectorParams {
    /// Checks every parameter before any work is done.
    pub fn check(&self) -> Result<(), VectorError> {
        let bad = |name: &'static str, reason: &str| {
            Err(VectorError::Param {
                name,
                reason: reason.to_string(),
            })
        };
        if self.collab_dims > 1024 {
            return bad("collabDims", "must be at most 1024");
        }
        if self.oversampling > 1024 {
            return bad("oversampling", "must be at most 1024");
        }
        if self.power_iterations > 64 {
            return bad("powerIterations", "must be at most 64");
        }
        let a = self.context_smoothing;
        if !(a.is_finite() && a > 0.0 && a <= 1.0) {
            return bad("contextSmoothing", "must be in (0, 1]");
        }
        if !(self.ridge_lambda.is_finite() && self.ridge_lambda > 0.0) {
            return bad("ridgeLambda", "must be a positive number");
        }
        for (name, w) in [
            ("contentWeight", self.content_weight),
            ("collabWeight", self.collab_weight),
        ] {
            if !(w.is_finite() && w >= 0.0) {
                return bad(name, "must be a number ≥ 0");
            }
        }
        if self.content_weight + self.collab_weight <= 0.0 {
            return bad(
                "contentWeight",
                "contentWeight and collabWeight cannot both be 0",
            );
        }
        Ok(())
    }
}

/// Why a track-vector build stopped.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum VectorError {
    /// The build's [`CancelToken`](crate::CancelToken) was cancelled; nothing was produced.
    #[error("the vector build was cancelled")]
    Cancelled,
    /// A parameter is out of its range.
    #[error("invalid vector parameter {name}: {reason}")]
    Param {
        /// The parameter's JSON name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A playlist or listening history names a track the catalogue does not have.
    #[error("context {context} names track {track}, but the catalogue has {n_tracks} tracks")]
    TrackOutOfRange {
        /// Index of the context (playlists first, then listeners).
        context: usize,
        /// The offending track index.
        track: u32,
        /// Number of tracks in the catalogue.
        n_tracks: usize,
    },
    /// A stored vector blob is not a whole number of `f32` values.
    #[error("a vector blob of {len} bytes is not a whole number of 4-byte values")]
    BlobLength {
        /// The blob's length in bytes.
        len: usize,
    },
    /// A dense factorization failed (it should not on finite input; reported rather than panicking).
    #[error("linear algebra failed: {0}")]
    Linalg(String),
}

impl From<linfa_linalg::LinalgError> for VectorError {
    fn from(e: linfa_linalg::LinalgError) -> Self {
        VectorError::Linalg(e.to_string())
    }
}
