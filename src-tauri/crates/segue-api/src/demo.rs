//! The bundled demo workspace: the real spotify-songs catalogue (28,356 tracks) and its 471 real
//! playlists as seed playlists. The data ships inside the binary (see `demo/README.md` for its
//! source and terms), so the studio and `segue init --demo` work with no network and no shared
//! folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use segue_core::{CancelToken, Progress};
use segue_store::Workspace;

use crate::import::{import_catalog, CatalogReport};
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

async fn build(partial: &Path, on_progress: impl FnMut(Progress) + Send, cancel: &CancelToken) -> Result<CatalogReport> {
    let mut file = tempfile::Builder::new().prefix("segue-demo-").suffix(".csv.gz").tempfile()?;
    file.write_all(DEMO_CATALOG)?;
    file.flush()?;
    let ws = Workspace::create(partial).await?;
    let preview = segue_io::preview_catalog(file.path())?;
    let report = import_catalog(&ws, file.path(), &preview.mapping, on_progress, cancel).await;
    ws.close().await;
    let mut report = report?;
    report.file = "demo/spotify_songs.csv.gz (bundled)".into();
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    Ok(report)
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
