//! Playlist packages: export a seed with its variants (a job), verify a package, import one (a
//! job). The dialogs that choose the files and the reveal in the file manager are the
//! front end's, through the dialog and opener plugins.

use segue_api::package::{export_package, import_package, verify_package, ExportRequest, VerifyReport};
use segue_api::ErrorCode;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Exports a seed and its segment variants as a package; returns the job id.
#[tauri::command]
#[specta::specta]
pub async fn package_export(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    request: ExportRequest,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    let engine = state
        .preview_engine()
        .await?
        .ok_or_else(|| IpcError::new(ErrorCode::InvalidInput, "no segment model is active: fit one in the Segments view first"))?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let result = export_package(&ws, &engine, &request, progress, &cancel).await?;
        Ok(JobOutput::Export(result))
    }))
}

/// Verifies a package: checksums, manifest, files, unbreakable rules.
#[tauri::command]
#[specta::specta]
pub async fn package_verify(path: String) -> CmdResult<VerifyReport> {
    if path.trim().is_empty() {
        return Err(IpcError::new(ErrorCode::InvalidInput, "choose a package to verify"));
    }
    tauri::async_runtime::spawn_blocking(move || verify_package(std::path::Path::new(&path)))
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))
}

/// Imports a package's seed and variants as playlists; returns the job id.
#[tauri::command]
#[specta::specta]
pub async fn package_import(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    path: String,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = import_package(&ws, std::path::Path::new(&path), progress, &cancel).await?;
        Ok(JobOutput::Package(report))
    }))
}
