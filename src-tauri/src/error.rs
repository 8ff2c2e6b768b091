//! The one error type that crosses into the webview: `{ code, message }`.

use segue_api::ErrorCode;
use serde::Serialize;

/// An error as the UI sees it. The UI branches on `code`; `message` is for the editor to read.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    /// Stable category.
    pub code: ErrorCode,
    /// What went wrong, in words; for file errors it names the file, line and field.
    pub message: String,
}

impl IpcError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The error for commands that need a workspace when none is open.
    pub fn no_workspace() -> Self {
        Self::new(ErrorCode::NoWorkspace, "no workspace is open")
    }
}

impl From<segue_api::Error> for IpcError {
    fn from(e: segue_api::Error) -> Self {
        let code = e.code();
        // Database failures carry internals: log the whole chain, show a plain sentence.
        let message = if code == ErrorCode::Internal {
            eprintln!("segue: internal error: {e:?}");
            format!("Something went wrong inside Segue: {e}")
        } else {
            e.to_string()
        };
        Self { code, message }
    }
}

/// The result type of every command.
pub type CmdResult<T> = Result<T, IpcError>;
