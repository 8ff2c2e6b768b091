//! Taste and segments commands: signal imports, simulation, vector builds and segment fits (jobs),
//! and the segment models as the segments panel shows them.

use std::path::Path;

use segue_api::segments::{ModelSummary, ModelView, SegmentParams, TasteStatus};
use segue_api::signals::SignalKind;
use segue_api::simulate::SimulationParams;
use segue_api::validate::input_file;
use segue_api::vectors::BuildParams;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::jobs::{spawn, JobEvent, JobOutput};
use tauri_specta::Event;

use crate::error::CmdResult;
use crate::events::WorkspaceChanged;
use crate::state::AppState;

/// Imports a signal file (events, aggregates or artist plays) as a job; returns the job id.
#[tauri::command]
#[specta::specta]
pub async fn signals_import(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    path: String,
    kind: SignalKind,
    strict: bool,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let p = input_file(Path::new(&path))?;
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::signals::import_signals(&ws, &p, kind, strict, progress, &cancel).await?;
        Ok(JobOutput::Signals(report))
    }))
}

/// Draws simulated listeners over the catalogue, as a job.
#[tauri::command]
#[specta::specta]
pub async fn signals_simulate(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    params: SimulationParams,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::simulate::simulate_listeners(&ws, &params, progress, &cancel).await?;
        Ok(JobOutput::Simulation(report))
    }))
}

/// Builds track and taste vectors, as a job.
#[tauri::command]
#[specta::specta]
pub async fn vectors_build(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    params: BuildParams,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let report = segue_api::vectors::build_vectors(&ws, &params, progress, &cancel).await?;
        Ok(JobOutput::Vectors(report))
    }))
}

/// Fits a segment model (and makes it active), as a job.
#[tauri::command]
#[specta::specta]
pub async fn segments_fit(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    params: SegmentParams,
    channel: Channel<JobEvent>,
) -> CmdResult<u32> {
    let ws = state.workspace().await?;
    Ok(spawn(&app, channel, move |progress, cancel| async move {
        let model = segue_api::segments::fit(&ws, &params, progress, &cancel).await?;
        Ok(JobOutput::Segments(model))
    }))
}

/// Listeners, signals, the newest vector build and the active model.
#[tauri::command]
#[specta::specta]
pub async fn segments_status(state: tauri::State<'_, AppState>) -> CmdResult<TasteStatus> {
    Ok(segue_api::segments::status(&state.workspace().await?).await?)
}

/// Every segment model, newest first.
#[tauri::command]
#[specta::specta]
pub async fn segments_models(state: tauri::State<'_, AppState>) -> CmdResult<Vec<ModelSummary>> {
    Ok(segue_api::segments::list_models(&state.workspace().await?).await?)
}

/// A model with its cards and map; the active one when `id` is null (null if none is active).
#[tauri::command]
#[specta::specta]
pub async fn segments_model(state: tauri::State<'_, AppState>, id: Option<u32>) -> CmdResult<Option<ModelView>> {
    Ok(segue_api::segments::model_view(&state.workspace().await?, id).await?)
}

/// Makes a model the active one.
#[tauri::command]
#[specta::specta]
pub async fn segments_activate(app: AppHandle, state: tauri::State<'_, AppState>, id: u32) -> CmdResult<()> {
    segue_api::segments::activate(&state.workspace().await?, id).await?;
    let _ = WorkspaceChanged::All.emit(&app);
    Ok(())
}

/// Renames a segment (an empty name restores the automatic one).
#[tauri::command]
#[specta::specta]
pub async fn segments_rename(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    model: u32,
    segment: u32,
    name: String,
) -> CmdResult<()> {
    segue_api::segments::rename(&state.workspace().await?, model, segment, &name).await?;
    state.forget_engine();
    let _ = WorkspaceChanged::All.emit(&app);
    Ok(())
}

/// Deletes a model.
#[tauri::command]
#[specta::specta]
pub async fn segments_delete(app: AppHandle, state: tauri::State<'_, AppState>, id: u32) -> CmdResult<()> {
    segue_api::segments::delete(&state.workspace().await?, id).await?;
    let _ = WorkspaceChanged::All.emit(&app);
    Ok(())
}
