//! Import commands: preview a catalogue file, import it (a job), import playlists (a job).

use std::path::PathBuf;

use segue_io::{CatalogPreview, ColumnMapping};
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// An absolute path to an existing file, or a clear error.
pub(crate) fn file_arg(path: &str) -> CmdResult<PathBuf> {
    let p = PathBuf::from(path.trim());
    if !p.is_absolute() {
        return Err(IpcError::new(segue_api::ErrorCode::InvalidInput, format!("{path}: a file path must be absolute")));
    }
    if !p.is_file() {
        return Err(IpcError::new(segue_api::ErrorCode::NotFound, format!("{}: no such file", p.display())));
    }
    Ok(p)
}

/// The first rows of a catalogue file, its columns and a suggested column mapping.
#[tauri::command]
#[specta::specta]
pub async fn import_preview_catalog(path: String) -> CmdResult<CatalogPreview> {
    let p = file_arg(&path)?;
    let preview = tauri::async_runtime::spawn_blocking(move || segue_io::preview_catalog(&p))
        .await
        .map_err(|e| IpcError::new(segue_api::ErrorCode::Internal, e.to_string()))??;
    Ok(preview)
}

/// Imports a catalogue file with a column mapping, as a job; returns the job id.
#[tauri::command]
#[specta::specta]
pub async fn import_catalog(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    path: String,
    mapping: ColumnMapping,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let p = file_arg(&path)?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::import::import_catalog(&ws, &p, &mapping, progress, &cancel).await?;
        Ok(JobOutput::Catalog(report))
    }))
}

/// Imports seed playlists (playlist_id, playlist_name, track_id, position), as a job.
#[tauri::command]
#[specta::specta]
pub async fn import_playlists(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    path: String,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let p = file_arg(&path)?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::import::import_playlists(&ws, &p, progress, &cancel).await?;
        Ok(JobOutput::Playlists(report))
    }))
}
