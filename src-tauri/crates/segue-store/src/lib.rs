//! # segue-store — a Segue workspace on disk
//!
//! A workspace is one SQLite file (WAL, foreign keys on) opened through sqlx and migrated on
//! open. SQL lives here, next to the types it fills; the rules of editing live in `segue-core`.
//! Every write that belongs together runs in one `BEGIN IMMEDIATE` transaction, so a failure or a
//! crash leaves the workspace as it was.
//!
//! - [`Workspace`]: open or create a workspace file.
//! - [`catalog`]: tracks, their tags and full-text search, answered from an in-memory library
//!   index (`library_index`) when it holds the catalogue as it is.
//! - [`playlists`]: seed playlists and their entries.
//! - [`history`]: the editing history behind undo and redo.
//! - [`signals`]: listeners and their behaviour (pair signals, artist plays, import records).
//! - [`models`]: vector builds and segment models with their segments and assignments.
//! - personalization settings and pools of seed playlists (methods on [`Workspace`]).
//! - [`writer`]: the catalogue's one write path, with bulk mode for large imports.

pub mod catalog;
mod error;
pub mod history;
mod library_index;
pub mod matching;
pub mod models;
pub mod personalization;
pub mod playlists;
pub mod signals;
mod workspace;
pub mod writer;

pub use error::{Error, Result};
use error::stored;
pub use library_index::LibraryIndexStats;
pub use workspace::{ImportConnection, Workspace, WorkspaceInfo};

/// A write transaction on a workspace.
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;
