//! Playlist packages: export a seed with its variants (a job), verify a package, import one (a
//! job). The dialogs that choose the files and the reveal in the file manager are the
//! front end's, through the dialog and opener plugins.

use std::path::Path;

use segue_api::package::{export_package, import_package, verify_package_file, ExportRequest, VerifyReport};
use segue_api::validate::input_file;
use segue_api::ErrorCode;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::{CmdResult, IpcError};
use crate::state::AppState;

/// Why an export is refused before it starts.
const NO_MODEL: &str = "no segment model is active: fit one in the Segments view first";

/// Exports a seed and its segment variants as a package; returns the job id. The preview engine
/// is loaded inside the job (cold, that reads the whole workspace), from the cache previews share.
#[tauri::command]
#[specta::specta]
pub async fn package_export(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    request: ExportRequest,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    if segue_api::segments::active_model(&ws).await?.is_none() {
        return Err(IpcError::new(ErrorCode::InvalidInput, NO_MODEL));
    }
    let handle = app.clone();
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let state = handle.state::<AppState>();
        let engine = state.preview_engine(&ws).await?.ok_or_else(|| segue_api::Error::Invalid(NO_MODEL.into()))?;
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
