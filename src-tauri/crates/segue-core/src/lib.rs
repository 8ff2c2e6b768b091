//! # segue-core — the engine of Segue
//!
//! Everything here is a pure function or a plain type: no Tauri, no SQL, no files. The studio,
//! the `segue` command and the tests all drive the same code, and every algorithm can be tested
//! without a database or a window.
//!
//! - [`track`]: the catalogue model (tracks, audio features and their valid ranges).
//! - [`playlist`]: the seed playlist and the edits an editor makes to it, with pins that keep
//!   their positions.
//! - [`job`]: progress and cancellation shared by every long piece of work.
//! - [`signals`]: listener behaviour (events, per-pair signals, artist plays) over dense indices.
//! - [`segments`]: k-means on taste vectors (linfa's model, a fused parallel kernel).
//! - [`simulate`]: a seeded listener simulator over a real catalogue, with its ground truth.
//! - [`vectors`]: track vectors: standardized audio features joined with PPMI/SVD co-occurrence.
//! - [`taste`]: event weights, time decay and listeners' taste vectors; streaming pair aggregation.
//! - [`personalize`]: the seed personalized per segment (MMR under rules), explained and measured.

pub mod job;
pub mod personalize;
pub mod playlist;
pub mod segments;
pub mod signals;
pub mod simulate;
pub mod taste;
pub mod track;
pub mod vectors;

pub use job::{CancelToken, Progress};
pub use playlist::{EditError, Entry, SeedEdit};
pub use track::{AudioFeatures, Feature, Track};
