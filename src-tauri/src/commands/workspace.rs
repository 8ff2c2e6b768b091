//! Workspace commands: what is open, open, create, recents, and the launch workspace.

use std::path::{Path, PathBuf};

use segue_api::recent::RecentWorkspace;
use segue_api::workspace::{self, Workspace, WorkspaceInfo};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::AppHandle;
use tauri_specta::Event;

use super::jobs::{spawn, JobEvent, JobOutput};
use crate::error::CmdResult;
use crate::events::WorkspaceChanged;
use crate::state::{AppState, LaunchTarget};

/// The open workspace, if any.
#[tauri::command]
#[specta::specta]
pub async fn workspace_info(state: tauri::State<'_, AppState>) -> CmdResult<Option<WorkspaceInfo>> {
    match state.workspace().await {
        Ok(ws) => Ok(Some(workspace::info(&ws).await?)),
        Err(_) => Ok(None),
    }
}

async fn switch_to(app: &AppHandle, state: &AppState, ws: Workspace) -> CmdResult<WorkspaceInfo> {
    let info = workspace::info(&ws).await?;
    state.set_workspace(ws).await;
    let _ = WorkspaceChanged::All.emit(app);
    Ok(info)
}

/// Opens an existing workspace file.
#[tauri::command]
#[specta::specta]
pub async fn workspace_open(app: AppHandle, state: tauri::State<'_, AppState>, path: String) -> CmdResult<WorkspaceInfo> {
    let ws = workspace::open(Path::new(&path)).await?;
    switch_to(&app, &state, ws).await
}

/// Creates a new, empty workspace file and opens it.
#[tauri::command]
#[specta::specta]
pub async fn workspace_create(app: AppHandle, state: tauri::State<'_, AppState>, path: String) -> CmdResult<WorkspaceInfo> {
    let ws = workspace::create(Path::new(&path)).await?;
    switch_to(&app, &state, ws).await
}

/// Recently opened workspaces, most recent first.
#[tauri::command]
#[specta::specta]
pub fn workspace_recent(state: tauri::State<'_, AppState>) -> CmdResult<Vec<RecentWorkspace>> {
    Ok(state.recent.load())
}

/// What happened at launch.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Launch {
    /// The workspace that is open, when one could be opened at once.
    pub workspace: Option<WorkspaceInfo>,
    /// The job building the demo workspace, when it had to be built first.
    pub demo_job: Option<u32>,
    /// Why the launch workspace could not be opened, if it could not.
    pub error: Option<crate::error::IpcError>,
}

/// Opens the launch workspace (`--workspace`, `SEGUE_WORKSPACE`, the latest recent, else the
/// demo). The first time the demo is asked for it is built as a job, reported on `channel`.
#[tauri::command]
#[specta::specta]
pub async fn workspace_launch(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    channel: Channel<JobEvent>,
) -> CmdResult<Launch> {
    if let Ok(ws) = state.workspace().await {
        return Ok(Launch { workspace: Some(workspace::info(&ws).await?), demo_job: None, error: None });
    }
    let path = match &state.launch {
        LaunchTarget::File(p) => p.clone(),
        LaunchTarget::Demo => state.demo_path.clone(),
    };
    if state.launch == LaunchTarget::Demo && !path.exists() {
        return Ok(Launch { workspace: None, demo_job: Some(build_demo(&app, channel, path)), error: None });
    }
    match workspace::open(&path).await {
        Ok(ws) => Ok(Launch { workspace: Some(switch_to(&app, &state, ws).await?), demo_job: None, error: None }),
        Err(e) => Ok(Launch { workspace: None, demo_job: None, error: Some(e.into()) }),
    }
}

/// Opens the bundled demo workspace, building it first if needed.
#[tauri::command]
#[specta::specta]
pub async fn workspace_open_demo(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    channel: Channel<JobEvent>,
) -> CmdResult<Launch> {
    let path = state.demo_path.clone();
    if !path.exists() {
        return Ok(Launch { workspace: None, demo_job: Some(build_demo(&app, channel, path)), error: None });
    }
    let ws = workspace::open(&path).await?;
    Ok(Launch { workspace: Some(switch_to(&app, &state, ws).await?), demo_job: None, error: None })
}

fn build_demo(app: &AppHandle, channel: Channel<JobEvent>, path: PathBuf) -> u32 {
    let handle = app.clone();
    spawn(app, channel, move |progress, cancel| async move {
        let report = segue_api::demo::create_demo(&path, progress, &cancel).await?;
        let ws = workspace::open(&path).await?;
        let state = tauri::Manager::state::<AppState>(&handle);
        state.set_workspace(ws).await;
        Ok(JobOutput::Catalog(report))
    })
}
