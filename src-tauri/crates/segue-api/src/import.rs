//! Imports into a workspace: a catalogue (with the playlists it may carry) and seed playlists.
//!
//! Each import is one transaction. The file is parsed on a blocking thread and handed over in
//! batches through a small bounded channel, so memory stays bounded and the async runtime never
//! parses. The first bad row, a cancel, or any failure rolls everything back: the workspace is
//! exactly as it was.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use segue_core::{CancelToken, Progress, Track};
use segue_io::{CatalogReader, CatalogRow, ImportError};
use segue_store::catalog::{get_track, known_ids};
use segue_store::writer::CatalogWriter;
use segue_store::playlists::import_playlist;
use segue_store::Workspace;
use serde::Serialize;

use crate::job::Throttle;
use crate::validate::input_file;
use crate::{Error, Result};

pub use segue_io::{CatalogField, CatalogPreview, ColumnBinding, ColumnMapping};

/// Rows handed from the parser to the writer at a time.
const BATCH: usize = 5000;

/// The first rows of a catalogue file, its columns and a suggested column mapping (read on a
/// blocking thread).
pub async fn preview_catalog(path: &Path) -> Result<CatalogPreview> {
    let path = input_file(path)?;
    let preview = tokio::task::spawn_blocking(move || segue_io::preview_catalog(&path)).await;
    Ok(preview.map_err(|e| Error::stopped("the preview", e))??)
}

/// What a catalogue import did.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CatalogReport {
    /// The file imported.
    pub file: String,
    /// Data rows read.
    pub rows: u32,
    /// Tracks new to the workspace.
    pub tracks_new: u32,
    /// Tracks already in the workspace, now replaced by the file's data.
    pub tracks_updated: u32,
    /// Rows that repeated a track already read (same data; their tags were merged).
    pub repeated_rows: u32,
    /// Playlists created from the file's playlist columns.
    pub playlists_new: u32,
    /// Playlists already in the workspace (same id) whose tracks were replaced.
    pub playlists_updated: u32,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

/// Where a track id was first read, and where its latest version waits to be written: at
/// `index` in the tracks of batch `batch`, or (a batch written already) in the workspace.
#[derive(Clone, Copy)]
struct Seen {
    line: u64,
    batch: u32,
    index: usize,
}

/// A playlist membership the catalogue carried, kept in file order.
#[derive(Default)]
struct CarriedPlaylist {
    name: String,
    tracks: Vec<String>,
    seen: std::collections::HashSet<String>,
}

/// Imports a catalogue file into `ws` in one transaction.
pub async fn import_catalog(
    ws: &Workspace,
    path: &Path,
    mapping: &ColumnMapping,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<CatalogReport> {
    let path = &input_file(path)?;
    let started = Instant::now();
    let mut progress = Throttle::new(on_progress);
    let reader = CatalogReader::open(path, mapping)?;
    let bytes = reader.progress_handle();
    let (send, mut recv) = tokio::sync::mpsc::channel::<std::result::Result<Vec<CatalogRow>, ImportError>>(4);
    let parser = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(BATCH);
        for row in reader {
            match row {
                Ok(r) => batch.push(r),
                Err(e) => {
                    let _ = send.blocking_send(Err(e));
                    return;
                }
            }
            if batch.len() == BATCH && send.blocking_send(Ok(std::mem::take(&mut batch))).is_err() {
                return; // The writer stopped (error or cancel); stop reading.
            }
        }
        if !batch.is_empty() {
            let _ = send.blocking_send(Ok(batch));
        }
    });

    let mut conn = ws.import_connection().await?;
    let mut tx = conn.begin().await?;
    let mut writer = CatalogWriter::begin(&mut tx).await?;
    let mut report = CatalogReport {
        file: path.display().to_string(),
        rows: 0,
        tracks_new: 0,
        tracks_updated: 0,
        repeated_rows: 0,
        playlists_new: 0,
        playlists_updated: 0,
        elapsed_ms: 0.0,
    };
    // Every track id read: one map, one key per track, looked up once per row.
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut batch_no = 0;
    let mut playlists: Vec<(String, CarriedPlaylist)> = Vec::new();
    let mut playlist_index: HashMap<String, usize> = HashMap::new();

    while let Some(batch) = recv.recv().await {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let batch = batch?;
        report.rows += batch.len() as u32;
        batch_no += 1;
        let mut pending: Vec<Track> = Vec::with_capacity(batch.len());
        for row in batch {
            if let Some(p) = &row.playlist {
                let i = *playlist_index.entry(p.id.clone()).or_insert_with(|| {
                    playlists.push((p.id.clone(), CarriedPlaylist { name: p.name.clone(), ..Default::default() }));
                    playlists.len() - 1
                });
                let carried = &mut playlists[i].1;
                if carried.seen.insert(row.track.id.clone()) {
                    carried.tracks.push(row.track.id.clone());
                }
            }
            let first = match seen.entry(row.track.id.clone()) {
                Entry::Vacant(v) => {
                    v.insert(Seen { line: row.line, batch: batch_no, index: pending.len() });
                    pending.push(row.track);
                    continue;
                }
                Entry::Occupied(o) => o.into_mut(),
            };
            report.repeated_rows += 1;
            let in_batch = first.batch == batch_no;
            let earlier = if in_batch {
                pending[first.index].clone()
            } else {
                get_track(writer.conn(), &row.track.id).await?.expect("an id seen earlier was written")
            };
            if let Some(field) = earlier.first_difference(&row.track) {
                return Err(conflict(path, &row, first.line, field, mapping));
            }
            let mut merged = earlier;
            merged.merge_tags(&row.track.genres, &row.track.subgenres);
            if in_batch {
                pending[first.index] = merged;
            } else {
                *first = Seen { line: first.line, batch: batch_no, index: pending.len() };
                pending.push(merged);
            }
        }
        let new = writer.upsert(&pending).await? as u32;
        report.tracks_new += new;
        progress.report(bytes.progress());
    }
    parser.await.map_err(|e| Error::stopped("the reader", e))?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    report.tracks_updated = (seen.len() as u32).saturating_sub(report.tracks_new);
    if report.rows == 0 {
        return Err(ImportError::new(path, Some(2), None, "the file has a header but no tracks").into());
    }
    writer.finish().await?;
    for (id, p) in &playlists {
        let (_, new) = import_playlist(&mut tx, id, &p.name, &p.tracks).await?;
        if new { report.playlists_new += 1 } else { report.playlists_updated += 1 }
    }
    tx.commit().await.map_err(segue_store::Error::from)?;
    conn.release().await?;
    progress.finish(Progress::of(bytes.total() as f64, bytes.total() as f64));
    report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(report)
}

fn conflict(path: &Path, row: &CatalogRow, first_line: u64, field: &str, mapping: &ColumnMapping) -> Error {
    let column = mapping.column_for_name(field).unwrap_or(field).to_string();
    ImportError::new(
        path,
        Some(row.line),
        Some(column),
        format!("track {} was first given on line {first_line} with a different value", row.track.id),
    )
    .into()
}

/// A playlist row whose track is not in the catalogue.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UnknownTrack {
    /// Line in the file.
    pub line: u32,
    /// The playlist's id in the file.
    pub playlist_id: String,
    /// The track id the catalogue does not have (for a JSPF, XSPF or M3U8 entry without one,
    /// its location, or nothing).
    pub track_id: String,
    /// The entry's "artist - title", when the file gives them (JSPF, XSPF, M3U8).
    pub name: Option<String>,
}

/// What a playlist import did.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistReport {
    /// The file imported.
    pub file: String,
    /// Playlists created.
    pub playlists_new: u32,
    /// Playlists already in the workspace (same id) whose tracks were replaced.
    pub playlists_updated: u32,
    /// Tracks placed in playlists.
    pub entries: u32,
    /// Of those, tracks found by artist and title because the file gave no known id.
    pub matched_by_name: u32,
    /// Rows whose track is not in the catalogue (left out of their playlist).
    pub unknown_count: u32,
    /// The first of those rows, as examples.
    pub unknown: Vec<UnknownTrack>,
}

impl PlaylistReport {
    /// An empty report of an import of `path`.
    pub fn new(path: &Path) -> Self {
        Self {
            file: path.display().to_string(),
            playlists_new: 0,
            playlists_updated: 0,
            entries: 0,
            matched_by_name: 0,
            unknown_count: 0,
            unknown: Vec::new(),
        }
    }
}

/// How many unknown tracks a report lists by name.
pub const UNKNOWN_EXAMPLES: usize = 50;

/// Imports seed playlists in one transaction: a table (playlist_id, playlist_name, track_id,
/// position) whose tracks are matched by id, or a JSPF, XSPF or M3U8 file (told by its name, see
/// [`crate::playlist_files`]) whose entries are matched by id or else by artist and title.
/// Entries naming unknown tracks are left out and reported.
pub async fn import_playlists(
    ws: &Workspace,
    path: &Path,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<PlaylistReport> {
    let path = &input_file(path)?;
    if segue_io::formats::PlaylistFormat::from_path(path).is_some() {
        return crate::playlist_files::import_playlist_file(ws, path, on_progress, cancel).await;
    }
    let mut progress = Throttle::new(on_progress);
    let owned: PathBuf = path.to_path_buf();
    let parsed = tokio::task::spawn_blocking(move || segue_io::read_playlists(&owned))
        .await
        .map_err(|e| Error::stopped("the reader", e))??;
    let total = parsed.len() as f64;
    let mut tx = ws.write().await?;
    let all_ids: Vec<String> = parsed.iter().flat_map(|p| p.tracks.iter().map(|(_, id)| id.clone())).collect();
    let known = known_ids(&mut tx, &all_ids).await?;
    let mut report = PlaylistReport::new(path);
    for (i, p) in parsed.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let mut ids = Vec::with_capacity(p.tracks.len());
        for (line, id) in &p.tracks {
            if known.contains(id) {
                ids.push(id.clone());
            } else {
                report.unknown_count += 1;
                if report.unknown.len() < UNKNOWN_EXAMPLES {
                    report.unknown.push(UnknownTrack {
                        line: *line as u32,
                        playlist_id: p.id.clone(),
                        track_id: id.clone(),
                        name: None,
                    });
                }
            }
        }
        report.entries += ids.len() as u32;
        let (_, new) = import_playlist(&mut tx, &p.id, &p.name, &ids).await?;
        if new { report.playlists_new += 1 } else { report.playlists_updated += 1 }
        progress.report(Progress::of(i as f64, total));
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(total, total));
    Ok(report)
}
