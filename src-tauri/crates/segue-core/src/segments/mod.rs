//! # Segments: k-means on taste vectors, fast enough to refit while an editor watches
//!
//! Segue groups listeners into segments by clustering their taste vectors. linfa-clustering 0.8.1's
//! `KMeans` computes one centroid distance at a time and updates centroids serially: about 9× slower
//! than scikit-learn at 1,000,000 × 64 with k = 32, too slow to refit interactively. This module
//! keeps linfa's model of the work — [`FastKMeansParams`] (unchecked) → [`FastKMeansValidParams`]
//! through [`linfa::ParamGuard`] → [`linfa::traits::Fit`] → a fitted [`FastKMeans`] that implements
//! [`linfa::traits::Predict`] — and replaces the hot path with a fused kernel: one pass over the
//! rows per iteration that computes distances, picks the nearest centroid and accumulates the row
//! into per-block partial sums, in parallel over blocks of rows, with every buffer allocated once
//! per fit.
//!
//! The algorithm is Lloyd's (S. P. Lloyd, "Least squares quantization in PCM", IEEE Transactions
//! on Information Theory 28(2), 1982), seeded by k-means++ (D. Arthur and S. Vassilvitskii,
//! "k-means++: the advantages of careful seeding", SODA 2007) in its greedy form, scikit-learn's
//! default (several candidates per step, the best kept). Once few rows move, steps skip
//! the rows that Hamerly's bounds (G. Hamerly, "Making k-means even faster", SDM 2010) prove
//! cannot move, with the same assignments. Results do not depend on the number of threads:
//! blocks are fixed by the number of rows alone and reduced in order.
//!
//! - `kernel`: the fused distance–argmin–accumulate kernel; `simd`: its bridge to pulp's SIMD.
//! - `lloyd`: the parallel pass over blocks and Lloyd's iteration; `bounds`: Hamerly's pruning.
//! - `init`: seeded k-means++, greedy or plain.
//! - `params`: hyper-parameters and their validation; `kmeans`: the fitted model.

mod bounds;
mod fit;
mod init;
mod kernel;
mod kmeans;
mod lloyd;
mod map;
pub mod metrics;
mod params;
mod profile;
mod simd;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_model;

pub use kmeans::{kernel_target, FastKMeans};
pub use params::{
    FastKMeansError, FastKMeansInit, FastKMeansParams, FastKMeansParamsError, FastKMeansValidParams,
};

// The segment pipeline: fit (k by silhouette, stability), profiles and names, the 2-D map.
pub use fit::*;
pub use map::{map_segments, MapCentroid, MapPoint, SegmentMap, DEFAULT_MAP_POINTS};
pub use metrics::{adjusted_rand_index, silhouette};
pub use profile::{
    profile_segments, FeatureDiff, Lift, SegmentProfile, MIN_SUPPORT_LISTENERS, MIN_SUPPORT_SHARE,
    TOP_LABELS,
};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// The element types the k-means kernel is built for: `f32` (Segue's taste vectors) and `f64`.
///
/// Sealed: the kernel's register blocking is tuned for these two widths.
pub trait KMeansFloat: linfa::Float + simd::Lanes + sealed::Sealed + Send + Sync {
    /// Widens to `f64` exactly (sums, norms and inertia are accumulated in `f64`).
    fn widen(self) -> f64;
    /// Rounds an `f64` to the nearest value of this type.
    fn narrow(v: f64) -> Self;
}

impl KMeansFloat for f32 {
    #[inline(always)]
    fn widen(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn narrow(v: f64) -> Self {
        v as f32
    }
}

impl KMeansFloat for f64 {
    #[inline(always)]
    fn widen(self) -> f64 {
        self
    }
    #[inline(always)]
    fn narrow(v: f64) -> Self {
        v
    }
}
