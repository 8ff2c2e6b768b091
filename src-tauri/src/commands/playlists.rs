//! Seed playlist commands. Every edit is saved as it happens and recorded for undo.

use segue_api::playlists::{self, HistoryState, HistoryStep, PlaylistDetail, PlaylistSummary, SeedEdit};
use tauri::AppHandle;
use tauri_specta::Event;

use crate::error::CmdResult;
use crate::events::WorkspaceChanged;
use crate::state::AppState;

fn changed(app: &AppHandle) {
    let _ = WorkspaceChanged::Playlists.emit(app);
}

/// Every playlist, by name.
#[tauri::command]
#[specta::specta]
pub async fn playlists_list(state: tauri::State<'_, AppState>) -> CmdResult<Vec<PlaylistSummary>> {
    Ok(playlists::list(&state.workspace().await?).await?)
}

/// One playlist with its tracks.
#[tauri::command]
#[specta::specta]
pub async fn playlist_get(state: tauri::State<'_, AppState>, id: u32) -> CmdResult<PlaylistDetail> {
    Ok(playlists::get(&state.workspace().await?, id).await?)
}

/// Creates an empty playlist; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn playlist_create(app: AppHandle, state: tauri::State<'_, AppState>, name: String) -> CmdResult<u32> {
    let id = playlists::create(&state.workspace().await?, &name).await?;
    changed(&app);
    Ok(id)
}

/// Renames a playlist.
#[tauri::command]
#[specta::specta]
pub async fn playlist_rename(app: AppHandle, state: tauri::State<'_, AppState>, id: u32, name: String) -> CmdResult<()> {
    playlists::rename(&state.workspace().await?, id, &name).await?;
    changed(&app);
    Ok(())
}

/// Sets a playlist's description.
#[tauri::command]
#[specta::specta]
pub async fn playlist_describe(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    id: u32,
    description: String,
) -> CmdResult<()> {
    playlists::describe(&state.workspace().await?, id, &description).await?;
    changed(&app);
    Ok(())
}

/// Copies a playlist; returns the copy's id.
#[tauri::command]
#[specta::specta]
pub async fn playlist_duplicate(app: AppHandle, state: tauri::State<'_, AppState>, id: u32) -> CmdResult<u32> {
    let copy = playlists::duplicate(&state.workspace().await?, id).await?;
    changed(&app);
    Ok(copy)
}

/// Deletes a playlist (undo brings it back).
#[tauri::command]
#[specta::specta]
pub async fn playlist_delete(app: AppHandle, state: tauri::State<'_, AppState>, id: u32) -> CmdResult<()> {
    playlists::delete(&state.workspace().await?, id).await?;
    changed(&app);
    Ok(())
}

/// Applies one edit to a playlist's tracks: insert, move, remove, pin, note.
#[tauri::command]
#[specta::specta]
pub async fn playlist_edit(app: AppHandle, state: tauri::State<'_, AppState>, id: u32, edit: SeedEdit) -> CmdResult<()> {
    playlists::edit(&state.workspace().await?, id, &edit).await?;
    changed(&app);
    Ok(())
}

/// What undo and redo would do now.
#[tauri::command]
#[specta::specta]
pub async fn history_state(state: tauri::State<'_, AppState>) -> CmdResult<HistoryState> {
    Ok(playlists::history(&state.workspace().await?).await?)
}

/// Takes back the last edit.
#[tauri::command]
#[specta::specta]
pub async fn history_undo(app: AppHandle, state: tauri::State<'_, AppState>) -> CmdResult<Option<HistoryStep>> {
    let step = playlists::undo(&state.workspace().await?).await?;
    changed(&app);
    Ok(step)
}

/// Makes the last undone edit again.
#[tauri::command]
#[specta::specta]
pub async fn history_redo(app: AppHandle, state: tauri::State<'_, AppState>) -> CmdResult<Option<HistoryStep>> {
    let step = playlists::redo(&state.workspace().await?).await?;
    changed(&app);
    Ok(step)
}
