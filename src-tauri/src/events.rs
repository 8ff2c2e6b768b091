//! Events the shell sends to every window, so the UI can refresh what changed.

use serde::{Deserialize, Serialize};

/// Something in the open workspace changed; queries about it are stale.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub enum WorkspaceChanged {
    /// A playlist or the history changed.
    Playlists,
    /// Anything may have changed (an import, another workspace opened).
    All,
}
