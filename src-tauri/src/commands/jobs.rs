//! Long work as jobs: started by a command that returns at once, reporting through a channel
//! (throttled by the work itself, final state always sent), cancellable by id.

use std::future::Future;

use segue_api::import::{CatalogReport, PlaylistReport};
use segue_api::{CancelToken, Progress};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::error::{CmdResult, IpcError};
use crate::events::WorkspaceChanged;
use crate::state::AppState;

/// What a finished job produced.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum JobOutput {
    /// A catalogue import (or the demo's creation).
    Catalog(CatalogReport),
    /// A playlist import.
    Playlists(PlaylistReport),
    /// A signal import.
    Signals(segue_api::signals::SignalReport),
    /// Simulated listeners.
    Simulation(segue_api::simulate::SimulationReport),
    /// A vector build.
    Vectors(segue_api::vectors::VectorReport),
    /// A fitted segment model.
    Segments(segue_api::segments::ModelSummary),
    /// An exported playlist package.
    Export(segue_api::package::ExportResult),
    /// An imported playlist package.
    Package(segue_api::package::PackageImportReport),
    /// An offline evaluation.
    Evaluation(Box<segue_api::evaluate::Evaluation>),
}

impl JobOutput {
    /// Whether the job changed the workspace (an export or an evaluation only reads it).
    fn changes_workspace(&self) -> bool {
        !matches!(self, JobOutput::Export(_) | JobOutput::Evaluation(_))
    }
}

/// One message about a job, sent through its channel.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum JobEvent {
    /// Work goes on.
    Progress {
        /// The job.
        job_id: u32,
        /// How far it is.
        progress: Progress,
    },
    /// Finished; the workspace holds the result.
    Done {
        /// The job.
        job_id: u32,
        /// What it produced.
        output: JobOutput,
    },
    /// Failed; the workspace is unchanged.
    Failed {
        /// The job.
        job_id: u32,
        /// Why.
        error: IpcError,
    },
    /// Cancelled; the workspace is unchanged.
    Cancelled {
        /// The job.
        job_id: u32,
    },
}

/// Runs `work` as a job on the async runtime and returns its id at once. `work` gets a
/// progress callback and the job's cancel token; its result goes to the channel as the final
/// event, and a success that changed the workspace tells every window so.
pub fn spawn<W, Fut>(app: &AppHandle, channel: Channel<JobEvent>, work: W) -> u32
where
    W: FnOnce(Box<dyn FnMut(Progress) + Send>, CancelToken) -> Fut + Send + 'static,
    Fut: Future<Output = segue_api::Result<JobOutput>> + Send + 'static,
{
    let state = app.state::<AppState>();
    let (job_id, token) = state.start_job();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let progress_channel = channel.clone();
        let sink = Box::new(move |progress| {
            let _ = progress_channel.send(JobEvent::Progress { job_id, progress });
        });
        let event = match work(sink, token).await {
            Ok(output) => {
                if output.changes_workspace() {
                    app.state::<AppState>().forget_engine();
                    let _ = WorkspaceChanged::All.emit(&app);
                }
                JobEvent::Done { job_id, output }
            }
            // An engine step stopped by the token reports its own cancel: the code tells.
            Err(e) if e.code() == segue_api::ErrorCode::Cancelled => JobEvent::Cancelled { job_id },
            Err(e) => JobEvent::Failed { job_id, error: e.into() },
        };
        let _ = channel.send(event);
        app.state::<AppState>().end_job(job_id);
    });
    job_id
}

/// Asks a running job to stop. It rolls back and reports `cancelled`.
#[tauri::command]
#[specta::specta]
pub fn job_cancel(state: tauri::State<'_, AppState>, job_id: u32) -> CmdResult<bool> {
    Ok(state.cancel_job(job_id))
}
