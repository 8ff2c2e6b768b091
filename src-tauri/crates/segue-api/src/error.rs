//! The API's error type, and the stable codes the studio branches on.

use serde::Serialize;

/// A stable, machine-readable error category. The UI branches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// A file that cannot be read or has bad content; the message names file, line and field.
    BadFile,
    /// Input that breaks a rule (an empty name, a position outside the playlist…).
    InvalidInput,
    /// A playlist, track or file that does not exist.
    NotFound,
    /// Creating something that already exists.
    AlreadyExists,
    /// The job was cancelled; nothing was changed.
    Cancelled,
    /// No workspace is open.
    NoWorkspace,
    /// Anything else: a database or system failure.
    Internal,
}

/// What can go wrong in Segue's operations.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file with bad content.
    #[error(transparent)]
    File(#[from] segue_io::ImportError),
    /// A playlist package that cannot be written, read or trusted.
    #[error(transparent)]
    Package(#[from] segue_io::package::PackageError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] segue_store::Error),
    /// The editor cancelled; the workspace is unchanged.
    #[error("cancelled; the workspace is unchanged")]
    Cancelled,
    /// Input that breaks a rule.
    #[error("{0}")]
    Invalid(String),
    /// Something named that does not exist: a file, a playlist.
    #[error("{0}")]
    NotFound(String),
    /// A system failure outside the database.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        use segue_store::Error as S;
        match self {
            Error::File(_) => ErrorCode::BadFile,
            Error::Package(e) if e.fault == segue_io::package::PackageFault::Io => ErrorCode::Internal,
            Error::Package(_) => ErrorCode::BadFile,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Io(_) => ErrorCode::Internal,
            Error::Store(e) => match e {
                S::NotAWorkspace { .. } => ErrorCode::BadFile,
                S::AlreadyExists(_) => ErrorCode::AlreadyExists,
                S::Missing(_) | S::NotFound(_) => ErrorCode::NotFound,
                S::Invalid(_) | S::Edit(_) => ErrorCode::InvalidInput,
                S::Database(_) | S::Migrate(_) | S::Decode { .. } => ErrorCode::Internal,
            },
        }
    }
}

/// The API's result type.
pub type Result<T> = std::result::Result<T, Error>;
