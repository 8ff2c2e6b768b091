//! The API's error type, and the stable codes the studio branches on. The engine's own errors
//! travel typed to the edge, where [`Error::code`] sorts each into what the editor can fix
//! (`invalidInput`) and what is Segue's fault (`internal`).

use segue_core::personalize::PersonalizeError;
use segue_core::segments::{FastKMeansError, SegmentError};
use segue_core::simulate::SimulationError;
use segue_core::taste::TasteError;
use segue_core::vectors::VectorError;
use serde::Serialize;

/// A stable, machine-readable error category. The UI branches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// A file that cannot be read or has bad content; the message names file, line and field.
    BadFile,
    /// Input that breaks a rule (an empty name, a position outside the playlist…), or parameters
    /// the engine cannot work with on these data.
    InvalidInput,
    /// A playlist, track or file that does not exist.
    NotFound,
    /// Creating something that already exists.
    AlreadyExists,
    /// The job was cancelled; nothing was changed.
    Cancelled,
    /// No workspace is open.
    NoWorkspace,
    /// Anything else: a database or system failure, or a fault inside Segue (a stopped engine).
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
    /// A track-vector build refused its parameters or failed.
    #[error(transparent)]
    Vectors(#[from] VectorError),
    /// A taste build refused its parameters or failed.
    #[error(transparent)]
    Taste(#[from] TasteError),
    /// A segment fit, profile or map refused its parameters or failed.
    #[error(transparent)]
    Segments(#[from] SegmentError),
    /// A preview or an evaluation step refused its request or failed.
    #[error(transparent)]
    Personalize(#[from] PersonalizeError),
    /// A simulation that cannot run on this catalogue or with these parameters.
    #[error(transparent)]
    Simulation(#[from] SimulationError),
    /// The editor cancelled; the workspace is unchanged.
    #[error("cancelled; the workspace is unchanged")]
    Cancelled,
    /// Input that breaks a rule.
    #[error("{0}")]
    Invalid(String),
    /// Something named that does not exist: a file, a playlist.
    #[error("{0}")]
    NotFound(String),
    /// A fault inside Segue: work on a blocking thread that panicked, say.
    #[error("{0}")]
    Internal(String),
    /// A system failure outside the database.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Work on a blocking thread that did not finish (it panicked, or the runtime shut down).
    pub fn stopped(what: &str, e: tokio::task::JoinError) -> Self {
        Error::Internal(format!("{what} stopped: {e}"))
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode::{Cancelled, Internal, InvalidInput};
        match self {
            Error::File(_) => ErrorCode::BadFile,
            Error::Package(e) if e.fault == segue_io::package::PackageFault::Io => Internal,
            Error::Package(_) => ErrorCode::BadFile,
            Error::Store(e) => store_code(e),
            Error::Vectors(VectorError::Cancelled) | Error::Taste(TasteError::Cancelled) => Cancelled,
            Error::Vectors(VectorError::Param { .. }) | Error::Taste(TasteError::Param { .. }) => InvalidInput,
            Error::Vectors(_) | Error::Taste(_) => Internal,
            Error::Segments(e) => segments_code(e),
            Error::Personalize(PersonalizeError::Param { .. } | PersonalizeError::DuplicateSeedTrack { .. }) => InvalidInput,
            Error::Personalize(_) => Internal,
            Error::Simulation(_) => InvalidInput,
            Error::Cancelled => Cancelled,
            Error::Invalid(_) => InvalidInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Internal(_) | Error::Io(_) => Internal,
        }
    }
}

fn store_code(e: &segue_store::Error) -> ErrorCode {
    use segue_store::Error as S;
    match e {
        S::NotAWorkspace { .. } => ErrorCode::BadFile,
        S::AlreadyExists(_) => ErrorCode::AlreadyExists,
        S::Missing(_) | S::NotFound(_) => ErrorCode::NotFound,
        S::Invalid(_) | S::Edit(_) => ErrorCode::InvalidInput,
        S::Database(_) | S::Migrate(_) | S::Decode { .. } => ErrorCode::Internal,
    }
}

/// Parameters that cannot work, or data too small for them, are the editor's to change; values
/// out of range inside the engine are Segue's fault.
fn segments_code(e: &SegmentError) -> ErrorCode {
    use SegmentError as S;
    match e {
        S::Cancelled => ErrorCode::Cancelled,
        S::InvalidParams(_) | S::NotEnoughRows { .. } | S::NoDimensions | S::Gmm { .. } => ErrorCode::InvalidInput,
        S::KMeans(FastKMeansError::InvalidParams(_) | FastKMeansError::NotEnoughSamples { .. }) => ErrorCode::InvalidInput,
        S::KMeans(_) | S::NotFinite { .. } | S::Dimension { .. } | S::OutOfRange { .. } | S::MiniBatch { .. } | S::Map(_) => {
            ErrorCode::Internal
        }
    }
}

/// The API's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_errors_keep_their_kind_and_a_panic_is_internal() {
        let param = Error::from(TasteError::Param { name: "halfLifeDays", reason: "must be ≥ 0".into() });
        assert_eq!(param.code(), ErrorCode::InvalidInput);
        assert_eq!(param.to_string(), "invalid taste parameter halfLifeDays: must be ≥ 0");
        assert_eq!(Error::from(VectorError::Cancelled).code(), ErrorCode::Cancelled);
        assert_eq!(Error::from(SegmentError::NotEnoughRows { rows: 3, k: 5 }).code(), ErrorCode::InvalidInput);
        let bug = Error::from(PersonalizeError::SegmentOutOfRange { segment: 9, n_segments: 3 });
        assert_eq!(bug.code(), ErrorCode::Internal);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let join = runtime.block_on(async { tokio::task::spawn_blocking(|| panic!("boom")).await }).unwrap_err();
        assert_eq!(Error::stopped("the engine", join).code(), ErrorCode::Internal);
    }
}
