//! Personalization commands: a playlist's settings and pool, its live preview for every segment,
//! and its offline evaluation.

use segue_api::evaluate::EvaluateRequest;
use segue_api::personalize::{PlaylistSettings, PreviewView};
use segue_api::playlists;

use tauri::ipc::Channel;
use tauri::AppHandle;
use tauri_specta::Event;

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::CmdResult;
use crate::events::WorkspaceChanged;
use crate::state::AppState;

/// A playlist's personalization settings (defaults until changed).
#[tauri::command]
#[specta::specta]
pub async fn personalize_settings(state: tauri::State<'_, AppState>, playlist: u32) -> CmdResult<PlaylistSettings> {
    Ok(segue_api::personalize::settings(&state.workspace().await?, playlist).await?)
}

/// Saves a playlist's personalization settings.
#[tauri::command]
#[specta::specta]
pub async fn personalize_set_settings(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    playlist: u32,
    settings: PlaylistSettings,
) -> CmdResult<()> {
    segue_api::personalize::set_settings(&state.workspace().await?, playlist, &settings).await?;
    let _ = WorkspaceChanged::Playlists.emit(&app);
    Ok(())
}

/// The track ids of a playlist's candidate pool.
#[tauri::command]
#[specta::specta]
pub async fn pool_list(state: tauri::State<'_, AppState>, playlist: u32) -> CmdResult<Vec<String>> {
    Ok(playlists::pool(&state.workspace().await?, playlist).await?)
}

/// Adds catalogue tracks to a playlist's pool; returns how many were new to it.
#[tauri::command]
#[specta::specta]
pub async fn pool_add(app: AppHandle, state: tauri::State<'_, AppState>, playlist: u32, tracks: Vec<String>) -> CmdResult<u32> {
    let added = playlists::pool_add(&state.workspace().await?, playlist, &tracks).await?;
    let _ = WorkspaceChanged::Playlists.emit(&app);
    Ok(added)
}

/// Removes tracks from a playlist's pool; returns how many were removed.
#[tauri::command]
#[specta::specta]
pub async fn pool_remove(app: AppHandle, state: tauri::State<'_, AppState>, playlist: u32, tracks: Vec<String>) -> CmdResult<u32> {
    let removed = playlists::pool_remove(&state.workspace().await?, playlist, &tracks).await?;
    let _ = WorkspaceChanged::Playlists.emit(&app);
    Ok(removed)
}

/// The playlist personalized for `segments` (all when empty) of the active model, with its stored
/// settings and pool; `null` when no model is active.
#[tauri::command]
#[specta::specta]
pub async fn personalize_preview(
    state: tauri::State<'_, AppState>,
    playlist: u32,
    segments: Vec<u32>,
) -> CmdResult<Option<PreviewView>> {
    let ws = state.workspace().await?;
    let Some(engine) = state.preview_engine(&ws).await? else { return Ok(None) };
    let view = segue_api::personalize::preview_playlist(&ws, &engine, playlist, &segments, None).await?;
    Ok(Some(view))
}

/// Offline evaluation of the playlist's variants on held-out signals, as a job (it rebuilds the
/// engine from each split's training signals: seconds on the demo).
#[tauri::command]
#[specta::specta]
pub async fn personalize_evaluate(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    playlist: u32,
    request: EvaluateRequest,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    request.check()?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let evaluation = segue_api::evaluate::evaluate_playlist(&ws, playlist, &request, progress, &cancel).await?;
        Ok(JobOutput::Evaluation(Box::new(evaluation)))
    }))
}
