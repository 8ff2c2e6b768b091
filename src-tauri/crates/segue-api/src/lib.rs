//! # segue-api — the one surface of Segue
//!
//! The studio's commands, the `segue` command line and the end-to-end tests all call this crate,
//! so an import behaves the same whichever door it came through. It joins the pure engine
//! (`segue-core`), the file formats (`segue-io`) and the workspace (`segue-store`).
//!
//! - [`job`]: throttled progress for long work.
//! - [`import`]: catalogue and playlist imports, each one transaction.
//! - [`demo`]: the bundled demo workspace.
//! - [`evaluate`]: offline evaluation of a playlist's variants on held-out signals.
//! - [`engine`]: the engine's inputs read from a workspace over dense indices.
//! - [`signals`]: listener behaviour imports (events, aggregates, artist plays).
//! - [`simulate`]: simulated listeners with their planted tastes.
//! - [`vectors`]: building track and taste vectors as a job.
//! - [`segments`]: fitting segment models as a job; models as the studio shows them.
//! - [`personalize`]: previews of a seed personalized for every segment, with settings and pool;
//!   [`engine_cache`] keeps a host's preview engine between previews.
//! - [`package`]: playlist packages: export, verify, import.
//! - [`playlist_files`]: seed playlists from JSPF, XSPF and M3U8 files.
//! - [`recent`]: the list of recently opened workspaces.
//! - [`workspace`], [`library`], [`playlists`]: opening workspaces, searching the library, editing
//!   seed playlists with undo, and their pools.
//! - [`validate`]: the checks of every host's inputs (file paths, workspace paths).
//!
//! Hosts depend on this crate alone: the data types they pass and show are re-exported from the
//! module they belong to (`playlists::PlaylistDetail`, `segments::SegmentParams`…).

pub mod demo;
pub mod engine;
pub mod engine_cache;
pub mod evaluate;
mod error;
pub mod import;
pub mod job;
pub mod library;
pub mod package;
pub mod personalize;
pub mod playlist_files;
pub mod playlists;
pub mod recent;
pub mod segments;
pub mod signals;
pub mod simulate;
pub mod validate;
pub mod vectors;
pub mod workspace;

pub use error::{Error, ErrorCode, Result};
pub use segue_core::{CancelToken, Progress};
