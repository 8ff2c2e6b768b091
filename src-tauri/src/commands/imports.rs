//! Import commands: preview a catalogue file, import it (a job), import playlists (a job).

use std::path::Path;

use segue_api::import::{CatalogPreview, ColumnMapping};
use segue_api::validate::input_file;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::CmdResult;
use crate::state::AppState;

/// The first rows of a catalogue file, its columns and a suggested column mapping.
#[tauri::command]
#[specta::specta]
pub async fn import_preview_catalog(path: String) -> CmdResult<CatalogPreview> {
    Ok(segue_api::import::preview_catalog(Path::new(&path)).await?)
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
    let p = input_file(Path::new(&path))?;
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
    let p = input_file(Path::new(&path))?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::import::import_playlists(&ws, &p, progress, &cancel).await?;
        Ok(JobOutput::Playlists(report))
    }))
}
