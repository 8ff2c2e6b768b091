//! The bundled demo workspace: the real spotify-songs catalogue (28,356 tracks) and its 471 real
//! playlists as seed playlists, with 20,000 simulated listeners (flagged as simulated, drawn by
//! the seeded simulator), their taste vectors and a segment model. The data ships inside the binary (see `demo/README.md` for its
//! source and terms), so the studio and `segue init --demo` work with no network and no shared
//! folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use segue_core::{CancelToken, Progress};
use segue_store::Workspace;

use segue_core::segments::SegmentParams;
use segue_core::simulate::SimulationParams;

use crate::import::{import_catalog, CatalogReport};
use crate::segments::fit;
use crate::simulate::simulate_listeners;
use crate::vectors::{build_vectors, BuildParams};
use crate::{Error, Result};

/// The demo catalogue, gzip-compressed CSV in the spotify-songs columns.
pub const DEMO_CATALOG: &[u8] = include_bytes!("../../../../demo/spotify_songs.csv.gz");

/// Creates the demo workspace at `path`. The workspace is built beside it under a temporary
/// name and renamed into place only when complete, so a failure or a cancel leaves no
/// half-built workspace behind.
pub async fn create_demo(
    path: &Path,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<CatalogReport> {
    if path.exists() {
        return Err(segue_store::Error::AlreadyExists(path.to_path_buf()).into());
    }
    let partial = sibling(path, ".partial");
    remove_workspace_files(&partial);
    let result = build(&partial, on_progress, cancel).await;
    match result {
        Ok(report) => {
            std::fs::rename(&partial, path)?;
            Ok(report)
        }
        Err(e) => {
            remove_workspace_files(&partial);
            Err(e)
        }
    }
}

/// Simulated listeners the demo ships with: tens of thousands, a few million events.
pub const DEMO_LISTENERS: u32 = 20_000;
/// The seed of the demo's simulation and segment model.
pub const DEMO_SEED: u32 = 42;

async fn build(partial: &Path, on_progress: impl FnMut(Progress) + Send, cancel: &CancelToken) -> Result<CatalogReport> {
    let mut file = tempfile::Builder::new().prefix("segue-demo-").suffix(".csv.gz").tempfile()?;
    file.write_all(DEMO_CATALOG)?;
    file.flush()?;
    let ws = Workspace::create(partial).await?;
    let report = fill(&ws, file.path(), on_progress, cancel).await;
    ws.close().await;
    let mut report = report?;
    report.file = "demo/spotify_songs.csv.gz (bundled)".into();
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(report)
}

/// The demo's content: the catalogue and its playlists, simulated listeners (clearly flagged as
/// simulated), their vectors and a segment model chosen by silhouette.
async fn fill(
    ws: &Workspace,
    catalogue: &Path,
    mut on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<CatalogReport> {
    let preview = segue_io::preview_catalog(catalogue)?;
    let report = import_catalog(ws, catalogue, &preview.mapping, phase(&mut on_progress, 0.0, 0.15), cancel).await?;
    let simulation = SimulationParams { listeners: DEMO_LISTENERS, seed: DEMO_SEED, ..Default::default() };
    simulate_listeners(ws, &simulation, phase(&mut on_progress, 0.15, 0.35), cancel).await?;
    build_vectors(ws, &BuildParams::default(), phase(&mut on_progress, 0.35, 0.55), cancel).await?;
    let params = SegmentParams { seed: DEMO_SEED, ..Default::default() };
    fit(ws, &params, phase(&mut on_progress, 0.55, 1.0), cancel).await?;
    Ok(report)
}

/// Reports a step's progress as the span `from..to` of the whole.
fn phase(sink: &mut (impl FnMut(Progress) + Send), from: f64, to: f64) -> impl FnMut(Progress) + Send + '_ {
    move |p: Progress| sink(Progress::of(from + (to - from) * p.fraction().unwrap_or(0.0), 1.0))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes a workspace file with its WAL and shared-memory companions.
fn remove_workspace_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}
