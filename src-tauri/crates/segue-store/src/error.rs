//! The store's one error type.

use std::path::PathBuf;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not a Segue workspace (or not SQLite at all).
    #[error("{path} is not a Segue workspace: {reason}")]
    NotAWorkspace {
        /// The file.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// Creating a workspace where a file already exists.
    #[error("{0} already exists; open it, or choose another name")]
    AlreadyExists(PathBuf),
    /// Opening a workspace that does not exist.
    #[error("{0} does not exist")]
    Missing(PathBuf),
    /// A playlist or track that is not in the workspace.
    #[error("{0}")]
    NotFound(String),
    /// Input that breaks a rule of the workspace.
    #[error("{0}")]
    Invalid(String),
    /// An edit that the core refused.
    #[error(transparent)]
    Edit(#[from] segue_core::EditError),
    /// The database itself failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrating the workspace to this version of Segue failed.
    #[error("could not migrate the workspace: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored snapshot that could not be read back.
    #[error("corrupt history record: {0}")]
    Snapshot(#[from] serde_json::Error),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
