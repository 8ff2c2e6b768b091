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
    /// A stored JSON value (a build's parameters, a model's metrics, a history snapshot…) that
    /// does not decode as this version of Segue reads it.
    #[error("the stored {what} could not be read: {reason}")]
    Decode {
        /// What it is, and its column: "segment model (metrics)".
        what: String,
        /// Why it did not decode.
        reason: String,
    },
}

/// Maps a query's error, naming `what` was read when a stored JSON column does not decode.
pub(crate) fn stored(what: &'static str) -> impl Fn(sqlx::Error) -> Error {
    move |e| match e {
        sqlx::Error::ColumnDecode { index, source } => {
            // A column read by name says which of the record's values failed; by position, `what`
            // is the one value read.
            let column = index.trim_matches('"');
            let what = if column.parse::<usize>().is_ok() { what.to_string() } else { format!("{what} ({column})") };
            Error::Decode { what, reason: source.to_string() }
        }
        other => Error::Database(other),
    }
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;
