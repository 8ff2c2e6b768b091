//! Playlist packages: export a seed with its variants (a job), verify a package, import one (a
//! job). The dialogs that choose the files and the reveal in the file manager are the
//! front end's, through the dialog and opener plugins.

use std::path::Path;

use segue_api::package::{export_package, import_package, verify_package_file, ExportRequest, VerifyReport};
use segue_api::validate::input_file;
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
    Ok(verify_package_file(Path::new(&path)).await?)
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
    let p = input_file(Path::new(&path))?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = import_package(&ws, &p, progress, &cancel).await?;
        Ok(JobOutput::Package(report))
    }))
}
