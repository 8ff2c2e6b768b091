//! The values a vector build and a segment model store as JSON columns, typed: the store reads
//! them back as these types (through `sqlx::types::Json`), and a value that does not decode is
//! reported by what it is (see [`crate::Error::Decode`]).

use segue_core::segments::{Candidate, GmmComponents};
use segue_core::taste::TasteParams;
use segue_core::vectors::{VectorParams, VectorSummary};
use serde::{Deserialize, Serialize};

/// The parameters of a vector build: track vectors and taste vectors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct BuildParams {
    /// Track vectors: content and collaborative parts.
    pub vectors: VectorParams,
    /// Taste vectors: event weights, decay, evidence.
    pub taste: TasteParams,
}

/// What a build records beside its vectors (stored as the build's `stats`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildStats {
    /// The track vectors.
    pub vectors: VectorSummary,
    /// Listeners with a taste vector row.
    pub listeners: u32,
    /// Of those, with enough evidence to take part in fits.
    pub eligible: u32,
    /// Listeners with no positive evidence at all.
    pub without_evidence: u32,
    /// Signal imports (and simulations) the build saw; a later import makes it stale.
    #[serde(default)]
    pub signal_imports: u32,
}

/// What a fit measured, stored with the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ModelMetrics {
    /// Sum of squared distances of fitted listeners to their centroid.
    pub inertia: f64,
    /// Mean silhouette on a seeded sample.
    pub silhouette: Option<f64>,
    /// Mean adjusted Rand index against refits with other seeds.
    pub stability_ari: Option<f64>,
    /// Adjusted Rand index against the planted tastes, when every fitted listener was simulated.
    pub truth_ari: Option<f64>,
    /// Every k tried.
    pub candidates: Vec<Candidate>,
    /// Listeners that took part in the fit.
    pub fitted: u32,
    /// Listeners with too little evidence to take part, assigned to the nearest segment after.
    pub assigned_after: u32,
    /// Whether k-means ran on mini-batches.
    pub mini_batch: bool,
    /// Wall time of the whole job in milliseconds.
    pub elapsed_ms: f64,
}

/// The model itself: what assigning a listener needs (stored as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ModelBody {
    /// `k` centroids in taste-vector space.
    pub centroids: Vec<Vec<f32>>,
    /// A Gaussian mixture's weights, means and covariances.
    pub gmm: Option<GmmComponents>,
}

