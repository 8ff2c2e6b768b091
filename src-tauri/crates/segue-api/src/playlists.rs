//! Seed playlists: listing, editing (each edit saved as it happens and recorded for undo), the
//! editing history, and each playlist's candidate pool.

pub use segue_core::SeedEdit;
pub use segue_store::history::{HistoryState, HistoryStep};
pub use segue_store::playlists::{PlaylistDetail, PlaylistItem, PlaylistSummary};

use crate::workspace::Workspace;
use crate::{Error, Result};

/// Every playlist, by name.
pub async fn list(ws: &Workspace) -> Result<Vec<PlaylistSummary>> {
    Ok(ws.playlists().await?)
}

/// One playlist with its tracks.
pub async fn get(ws: &Workspace, id: u32) -> Result<PlaylistDetail> {
    Ok(ws.playlist(id).await?)
}

/// A playlist by id, or else by exact name (which must be unique).
pub async fn resolve(ws: &Workspace, key: &str) -> Result<u32> {
    let all = ws.playlists().await?;
    if let Ok(id) = key.parse::<u32>() {
        if all.iter().any(|p| p.id == id) {
            return Ok(id);
        }
    }
    let named: Vec<_> = all.iter().filter(|p| p.name == key).collect();
    match named.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::NotFound(format!("no playlist has the id or name {key:?}"))),
        many => Err(Error::Invalid(format!(
            "{} playlists are named {key:?}; use an id: {}",
            many.len(),
            many.iter().map(|p| p.id.to_string()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Creates an empty playlist; returns its id.
pub async fn create(ws: &Workspace, name: &str) -> Result<u32> {
    Ok(ws.create_playlist(name).await?)
}

/// Renames a playlist.
pub async fn rename(ws: &Workspace, id: u32, name: &str) -> Result<()> {
    Ok(ws.rename_playlist(id, name).await?)
}

/// Sets a playlist's description.
pub async fn describe(ws: &Workspace, id: u32, description: &str) -> Result<()> {
    Ok(ws.describe_playlist(id, description).await?)
}

/// Copies a playlist; returns the copy's id.
pub async fn duplicate(ws: &Workspace, id: u32) -> Result<u32> {
    Ok(ws.duplicate_playlist(id).await?)
}

/// Deletes a playlist (undo brings it back).
pub async fn delete(ws: &Workspace, id: u32) -> Result<()> {
    Ok(ws.delete_playlist(id).await?)
}

/// Applies one edit to a playlist's tracks: insert, move, remove, pin, note.
pub async fn edit(ws: &Workspace, id: u32, edit: &SeedEdit) -> Result<()> {
    Ok(ws.edit_playlist(id, edit).await?)
}

/// What undo and redo would do now.
pub async fn history(ws: &Workspace) -> Result<HistoryState> {
    Ok(ws.history().await?)
}

/// Takes back the last edit; `None` when there is nothing to undo.
pub async fn undo(ws: &Workspace) -> Result<Option<HistoryStep>> {
    Ok(ws.undo().await?)
}

/// Makes the last undone edit again; `None` when there is nothing to redo.
pub async fn redo(ws: &Workspace) -> Result<Option<HistoryStep>> {
    Ok(ws.redo().await?)
}

/// The track ids of a playlist's candidate pool.
pub async fn pool(ws: &Workspace, playlist: u32) -> Result<Vec<String>> {
    Ok(ws.playlist_pool(playlist).await?)
}

/// Adds catalogue tracks to a playlist's pool; returns how many were new to it.
pub async fn pool_add(ws: &Workspace, playlist: u32, tracks: &[String]) -> Result<u32> {
    Ok(ws.pool_add(playlist, tracks).await?)
}

/// Removes tracks from a playlist's pool; returns how many were removed.
pub async fn pool_remove(ws: &Workspace, playlist: u32, tracks: &[String]) -> Result<u32> {
    Ok(ws.pool_remove(playlist, tracks).await?)
}
