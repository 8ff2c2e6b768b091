//! # Track vectors: each track's place in taste space
//!
//! A track vector joins two views of a track (DESIGN.md, "The engine"):
//!
//! - **content**: how it sounds — its audio features standardized over the catalogue (see
//!   [`ContentStats`]; tempo on a log scale, key on the circle of fifths, mode as ±1);
//! - **collaborative**: who plays it with what — "playlists as vectors". Every playlist and every
//!   listener's history is a *context*; the sparse track × context count matrix is weighted by
//!   positive pointwise mutual information with context-distribution smoothing (α = 0.75) and
//!   reduced to `collab_dims` dimensions by a truncated SVD. Levy & Goldberg ("Neural word
//!   embedding as implicit matrix factorization", NIPS 2014) show that this is what skip-gram
//!   embeddings factorize implicitly; Levy, Goldberg & Dagan ("Improving distributional
//!   similarity with lessons learned from word embeddings", TACL 2015) add the smoothing and
//!   find the symmetric weighting `U·Σ^½` better than `U·Σ` (which over-weights the first few
//!   directions) and more stable than `U` alone — so the embedding here is `U·Σ^½`. The SVD is
//!   randomized (Halko, Martinsson & Tropp, "Finding structure with randomness", SIAM Review
//!   2011): seeded, with oversampling, power iterations and QR re-orthonormalization, on the
//!   sparse matrix without ever densifying it.
//!
//! Tracks in fewer than `min_contexts` contexts are *cold*: their collaborative part is predicted
//! from their content by a ridge regression fitted on the warm tracks, so new releases are never
//! invisible. Finally each part is L2-normalized and scaled by the square root of its weight, the
//! two are concatenated and the whole is L2-normalized: the cosine similarity of two tracks is then
//! `w_content·cos(content) + w_collab·cos(collab)`, with the weights normalized to sum 1 (exactly
//! so when neither part is zero; a zero part leaves the other to decide alone).
//!
//! Layout of a vector: `[content (12) | collaborative (collab_dims)]`.

mod blob;
mod cold;
mod content;
mod histories;
mod params;
mod sparse;
mod svd;

#[cfg(test)]
mod tests;

pub use blob::{from_le_bytes, to_le_bytes};
pub use content::{ContentStats, CONTENT_DIMS, CONTENT_NAMES};
pub use histories::ListenerHistories;
pub use params::*;

use ndarray::{Array2, Axis, Slice};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::job::{CancelToken, Progress};
use crate::track::Track;
use cold::ContentToCollab;
use sparse::Csr;

/// The vectors of a catalogue and what is needed to reproduce and extend them.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackVectors {
    /// One L2-normalized row per track, `n_tracks × (content_dims + collab_dims)`; a track with
    /// neither features nor contexts has a zero row.
    pub vectors: Array2<f32>,
    /// Width of the content part (the first columns), [`CONTENT_DIMS`].
    pub content_dims: usize,
    /// Width of the collaborative part (the last columns), `params.collab_dims`.
    pub collab_dims: usize,
    /// Per track, whether its collaborative part was predicted from its content (cold start).
    pub cold: Vec<bool>,
    /// Per track, the number of contexts (playlists and listeners) it occurs in.
    pub contexts: Vec<u32>,
    /// Leading singular values of the PPMI matrix, descending (fewer than `collab_dims` when the
    /// matrix is smaller than that).
    pub singular_values: Vec<f64>,
    /// Non-zero entries of the PPMI matrix.
    pub ppmi_nonzeros: usize,
    /// The content standardization, for placing new tracks.
    pub stats: ContentStats,
    /// The parameters of the build.
    pub params: VectorParams,
}

/// What a build records beside its vectors (the store keeps it as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VectorSummary {
    /// Number of tracks.
    pub tracks: u32,
    /// Width of a vector.
    pub dims: u32,
    /// Width of the content part.
    pub content_dims: u32,
    /// Width of the collaborative part.
    pub collab_dims: u32,
    /// Tracks whose collaborative part was predicted from content.
    pub cold: u32,
    /// Non-zero entries of the PPMI matrix.
    pub ppmi_nonzeros: f64,
    /// Leading singular values of the PPMI matrix.
    pub singular_values: Vec<f64>,
    /// The content standardization.
    pub content: ContentStats,
}

impl TrackVectors {
    /// Width of a vector.
    pub fn dim(&self) -> usize {
        self.content_dims + self.collab_dims
    }

    /// Number of cold-start tracks.
    pub fn n_cold(&self) -> usize {
        self.cold.iter().filter(|c| **c).count()
    }

    /// The record of this build.
    pub fn summary(&self) -> VectorSummary {
        VectorSummary {
            tracks: self.vectors.nrows() as u32,
            dims: self.dim() as u32,
            content_dims: self.content_dims as u32,
            collab_dims: self.collab_dims as u32,
            cold: self.n_cold() as u32,
            ppmi_nonzeros: self.ppmi_nonzeros as f64,
            singular_values: self.singular_values.clone(),
            content: self.stats.clone(),
        }
    }
}

/// Builds the vectors of `tracks` (dense track index = position in the slice) from their audio
/// features, the `playlists` (lists of track indices) and the listeners' `histories`.
///
/// Progress counts steps (content, matrix, each sparse product of the SVD, cold start, join);
/// the token is checked between them, and a cancelled build returns [`VectorError::Cancelled`].
pub fn build_track_vectors(
    tracks: &[Track],
    playlists: &[Vec<u32>],
    histories: &ListenerHistories,
    params: &VectorParams,
    cancel: &CancelToken,
    progress: &mut dyn FnMut(Progress),
) -> Result<TrackVectors, VectorError> {
    params.check()?;
    let n = tracks.len();
    let k = params.collab_dims as usize;
    let total = (4 + svd::n_products(params.power_iterations as usize)) as f64;
    let mut done = 0.0f64;
    let mut step = || {
        if cancel.is_cancelled() {
            return Err(VectorError::Cancelled);
        }
        done += 1.0;
        progress(Progress::of(done.min(total), total));
        Ok(())
    };
    if cancel.is_cancelled() {
        return Err(VectorError::Cancelled);
    }

    let stats = ContentStats::fit(tracks);
    let content = stats.transform_all(tracks);
    step()?;

    let counts = Csr::contexts(n, playlists, histories)?.transpose();
    let contexts = counts.row_counts();
    let a = counts.ppmi(params.context_smoothing);
    drop(counts);
    let at = a.transpose();
    step()?;

    let mut collab = Array2::<f32>::zeros((n, k));
    let mut singular_values = Vec::new();
    if k > 0 {
        let p = params.oversampling as usize;
        let q = params.power_iterations as usize;
        let svd = svd::randomized_svd(&a, &at, k, p, q, u64::from(params.seed), &mut step)?;
        for (j, &sigma) in svd.s.iter().enumerate() {
            let scale = sigma.sqrt();
            collab
                .column_mut(j)
                .assign(&svd.u.column(j).mapv(|u| (u * scale) as f32));
        }
        singular_values = svd.s;
    }
    let ppmi_nonzeros = a.nnz();
    drop((a, at));

    let cold: Vec<bool> = contexts.iter().map(|&c| c < params.min_contexts).collect();
    if k > 0 {
        let warm: Vec<usize> = (0..n).filter(|&t| !cold[t]).collect();
        if let Some(map) =
            ContentToCollab::fit(content.view(), collab.view(), &warm, params.ridge_lambda)?
        {
            for t in (0..n).filter(|&t| cold[t]) {
                let c = content.row(t).to_vec();
                let out = collab
                    .row_mut(t)
                    .into_slice()
                    .expect("rows of a fresh array are contiguous");
                map.predict(&c, out);
            }
        }
    }
    step()?;

    let vectors = join(
        &content,
        &collab,
        params.content_weight,
        params.collab_weight,
    );
    step()?;
    Ok(TrackVectors {
        vectors,
        content_dims: CONTENT_DIMS,
        collab_dims: k,
        cold,
        contexts,
        singular_values,
        ppmi_nonzeros,
        stats,
        params: params.clone(),
    })
}

/// Normalizes both parts, weights them by the square roots of their shares, concatenates and
/// normalizes again. A zero part stays zero, so the other one alone decides the direction.
pub(crate) fn join(
    content: &Array2<f32>,
    collab: &Array2<f32>,
    w_content: f64,
    w_collab: f64,
) -> Array2<f32> {
    let (n, dc, dk) = (content.nrows(), content.ncols(), collab.ncols());
    let sum = w_content + w_collab;
    let (sc, sk) = (
        (w_content / sum).sqrt() as f32,
        (w_collab / sum).sqrt() as f32,
    );
    let mut out = Array2::<f32>::zeros((n, dc + dk));
    out.slice_axis_mut(Axis(1), Slice::from(..dc))
        .assign(content);
    out.slice_axis_mut(Axis(1), Slice::from(dc..))
        .assign(collab);
    let width = dc + dk;
    if width == 0 {
        return out;
    }
    let flat = out.as_slice_mut().expect("fresh arrays are contiguous");
    flat.par_chunks_mut(width).for_each(|row| {
        let (c, k) = row.split_at_mut(dc);
        scale_to(c, sc);
        scale_to(k, sk);
        scale_to(row, 1.0);
    });
    out
}

/// Scales `v` to norm `target` (a zero vector stays zero).
fn scale_to(v: &mut [f32], target: f32) {
    let norm = v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    if norm > 1e-12 {
        let f = (f64::from(target) / norm) as f32;
        v.iter_mut().for_each(|x| *x *= f);
    }
}
