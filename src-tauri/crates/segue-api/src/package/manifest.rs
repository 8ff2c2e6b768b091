//! `manifest.json`: what a package holds, how it was made, and the checksum of every other file.
//!
//! The manifest is the contract with serving systems, so it is versioned ([`FORMAT_VERSION`])
//! and every field a reader needs is required: a reader of version 1 fails on a package that
//! lacks one rather than guessing. Fields a later minor revision adds must be optional.

use segue_core::personalize::{RuleKind, Status, VariantMetrics, Violation};
use serde::{Deserialize, Serialize};

use crate::personalize::PlaylistSettings;

/// The `format` every Segue package declares.
pub const FORMAT: &str = "segue-package";
/// The manifest version this Segue writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's path inside the package.
pub const MANIFEST: &str = "manifest.json";
/// The explanation for people who open the package by hand.
pub const README: &str = "README.txt";

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written by this Segue.
    pub format_version: u32,
    /// What wrote the package.
    pub generator: Generator,
    /// When (RFC 3339, UTC); the fixed `1980-01-01T00:00:00Z` for reproducible exports.
    pub created_at: String,
    /// Who exported it.
    pub editor: String,
    /// The workspace it came from.
    pub workspace: WorkspaceRef,
    /// The editor's seed with everything that shaped the variants.
    pub seed: SeedSection,
    /// The segment model, enough to assign new listeners.
    pub model: ModelSection,
    /// One entry per exported segment.
    pub variants: Vec<VariantSection>,
    /// Every file of the package except the manifest, with its checksum.
    pub files: Vec<FileEntry>,
}

/// The program that wrote a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Generator {
    /// `Segue`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The workspace a package came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRef {
    /// Its stable id.
    pub id: String,
    /// Its name (the file name).
    pub name: String,
}

/// One track as a package describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackagedTrack {
    /// Catalogue id.
    pub id: String,
    /// The reference playlist files use (`spotify:track:…` for Spotify ids).
    pub uri: String,
    /// Title.
    pub title: String,
    /// Artist.
    pub artist: String,
    /// Album.
    pub album: String,
    /// Length in milliseconds.
    pub duration_ms: u32,
    /// Explicit lyrics, when known.
    pub explicit: Option<bool>,
}

/// A seed track: the track, its pin and the editor's note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedTrack {
    /// The track.
    #[serde(flatten)]
    pub track: PackagedTrack,
    /// Pinned to its position in every variant.
    pub pinned: bool,
    /// The editor's note.
    pub note: String,
}

/// The files one playlist was written as, by format (absent: not exported).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FormatFiles {
    /// JSPF.
    pub jspf: Option<String>,
    /// XSPF.
    pub xspf: Option<String>,
    /// M3U8.
    pub m3u8: Option<String>,
    /// CSV.
    pub csv: Option<String>,
}

impl FormatFiles {
    /// Every path named, in format order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        [&self.jspf, &self.xspf, &self.m3u8, &self.csv].into_iter().flatten().map(String::as_str)
    }
}

/// The seed and everything that shaped its variants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedSection {
    /// The playlist's id in its workspace.
    pub playlist: u32,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The tracks in order, with pins and notes.
    pub tracks: Vec<SeedTrack>,
    /// Tracks the editor added to the candidate pool.
    pub pool: Vec<PackagedTrack>,
    /// Strength, pool expansion, rules and engine parameters.
    pub settings: PlaylistSettings,
    /// The seed's own playlist files.
    pub files: FormatFiles,
}

/// One segment of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRef {
    /// Index in the model (the row of its centroid).
    pub index: u32,
    /// The editor's name for it.
    pub name: String,
    /// Listeners assigned when the model was fitted.
    pub size: u32,
}

/// The segment model: how it was fitted and what assigning a listener needs.
///
/// A serving system places a listener by building their taste vector the way
/// [`taste`](Self::taste) says, from track vectors built as [`vectors`](Self::vectors) says
/// (the content part from audio features standardized with `vectors.content`), and taking
/// the nearest of the [`centroids`](Self::centroids) (or the most likely component of a mixture).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelSection {
    /// Model id in the workspace.
    pub id: u32,
    /// When it was fitted (RFC 3339).
    pub fitted_at: String,
    /// `kmeans` or `gmm`.
    pub algorithm: String,
    /// Number of segments.
    pub k: u32,
    /// The fit's random seed.
    pub seed: f64,
    /// The fit's parameters.
    pub params: serde_json::Value,
    /// What the fit measured (inertia, silhouette, stability, every k tried…).
    pub metrics: serde_json::Value,
    /// `k` centroids in taste-vector space.
    pub centroids: Vec<Vec<f32>>,
    /// A Gaussian mixture's weights, means and covariances, when the model is one.
    pub gmm: Option<serde_json::Value>,
    /// The segments.
    pub segments: Vec<SegmentRef>,
    /// The track vectors the model lives over: layout, standardization, parameters.
    pub vectors: VectorRecipe,
    /// How listening became taste vectors (event weights, decay, evidence threshold).
    pub taste: serde_json::Value,
}

/// How the track vectors under a model were built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VectorRecipe {
    /// Build id in the workspace.
    pub build: u32,
    /// Width of a vector: content dimensions then collaborative ones.
    pub dims: u32,
    /// The feature standardization of the content part: per audio feature, the mean and
    /// standard deviation a track's value is standardized with.
    pub content: serde_json::Value,
    /// Everything else the build recorded: widths, singular values, listeners.
    pub stats: serde_json::Value,
    /// The build's parameters.
    pub params: serde_json::Value,
}

/// The reasons of one variant track, with the closest seed track named by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackReasons {
    /// Total score.
    pub score: f64,
    /// Cosine to the segment's taste.
    pub affinity: f64,
    /// Fit to the seed.
    pub seed_fit: f64,
    /// The segment's engagement with it.
    pub engagement: f64,
    /// The seed track it is closest to.
    pub closest_seed_track: Option<String>,
    /// Whether the segment already plays it.
    pub familiar: bool,
    /// Rules that shaped its place.
    pub rules: Vec<RuleKind>,
}

/// One track of a variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantEntry {
    /// The track.
    #[serde(flatten)]
    pub track: PackagedTrack,
    /// Kept, moved or added.
    pub status: Status,
    /// Its position in the seed, when it is a seed track.
    pub seed_position: Option<u32>,
    /// Why it is there.
    pub reasons: TrackReasons,
}

/// One segment's variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantSection {
    /// The segment's index in the model.
    pub segment: u32,
    /// Its name.
    pub name: String,
    /// Its listeners.
    pub size: u32,
    /// The tracks in order.
    pub tracks: Vec<VariantEntry>,
    /// Seed tracks the variant leaves out, by id.
    pub dropped: Vec<String>,
    /// Its metrics.
    pub metrics: VariantMetrics,
    /// The rule report: every breakable rule it breaks, with position and priority.
    pub violations: Vec<Violation>,
    /// Its playlist files.
    pub files: FormatFiles,
}

/// A file of the package and its checksum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    /// Path inside the package.
    pub path: String,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
}
