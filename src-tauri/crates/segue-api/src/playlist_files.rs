//! Seed playlists from JSPF, XSPF and M3U8 files: one playlist per file, its entries matched to
//! the catalogue by id where the file gives one (a `spotify:track:` or `segue:track:` URI, an
//! `open.spotify.com` link) and else by artist and title. What matches neither is left out and
//! reported with its line.

use std::path::{Path, PathBuf};

use segue_core::{CancelToken, Entry, Progress};
use segue_io::formats::{read_playlist_file, ReadEntry};
use segue_store::catalog::known_ids;
use segue_store::matching::track_by_artist_title;
use segue_store::playlists::import_playlist_entries;
use segue_store::{Tx, Workspace};

use crate::import::{PlaylistReport, UnknownTrack, UNKNOWN_EXAMPLES};
use crate::job::Throttle;
use crate::{Error, Result};

/// "artist - title" of an entry, when it has a title.
fn entry_name(e: &ReadEntry) -> Option<String> {
    let title = e.title.as_deref()?;
    Some(match e.artist.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => format!("{a} - {title}"),
        None => title.to_owned(),
    })
}

/// The catalogue id of an entry: its own when the catalogue has it, else by artist and title.
/// The flag says whether the name was used.
async fn match_entry(tx: &mut Tx<'static>, e: &ReadEntry, known: &std::collections::HashSet<String>) -> Result<Option<(String, bool)>> {
    if let Some(id) = e.track_id.as_ref().filter(|id| known.contains(*id)) {
        return Ok(Some((id.clone(), false)));
    }
    match &e.title {
        Some(title) => {
            let artist = e.artist.as_deref().unwrap_or("");
            Ok(track_by_artist_title(tx, artist, title).await?.map(|id| (id, true)))
        }
        None => Ok(None),
    }
}

/// Imports one JSPF, XSPF or M3U8 file (told by its name) as a seed playlist, in one transaction. Importing the
/// same file again replaces that playlist's tracks.
pub async fn import_playlist_file(
    ws: &Workspace,
    path: &Path,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<PlaylistReport> {
    let mut progress = Throttle::new(on_progress);
    let owned: PathBuf = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || read_playlist_file(&owned))
        .await
        .map_err(|e| Error::stopped("the reader", e))??;
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("playlist");
    let stem = stem.strip_suffix(".gz").unwrap_or(stem);
    let name = read.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        stem.rsplit_once('.').map_or(stem, |(s, _)| s).to_owned()
    });
    let source = format!("file:{stem}");
    let mut report = PlaylistReport::new(path);
    let mut tx = ws.write().await?;
    let ids: Vec<String> = read.entries.iter().filter_map(|e| e.track_id.clone()).collect();
    let known = known_ids(&mut tx, &ids).await?;
    let total = read.entries.len() as f64;
    let mut entries: Vec<Entry> = Vec::with_capacity(read.entries.len());
    for (i, e) in read.entries.iter().enumerate() {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        match match_entry(&mut tx, e, &known).await? {
            // A seed holds a track once: a repeat in the file is dropped, the first kept.
            Some((id, _)) if entries.iter().any(|x| x.track_id == id) => {}
            Some((id, by_name)) => {
                report.matched_by_name += u32::from(by_name);
                entries.push(Entry::new(id));
            }
            None => {
                report.unknown_count += 1;
                if report.unknown.len() < UNKNOWN_EXAMPLES {
                    report.unknown.push(UnknownTrack {
                        line: e.line as u32,
                        playlist_id: source.clone(),
                        track_id: e.track_id.clone().or_else(|| e.location.clone()).unwrap_or_default(),
                        name: entry_name(e),
                    });
                }
            }
        }
        progress.report(Progress::of(i as f64, total));
    }
    report.entries = entries.len() as u32;
    let description = read.annotation.clone().unwrap_or_default();
    let (_, new) = import_playlist_entries(&mut tx, &source, &name, &description, entries).await?;
    if new { report.playlists_new += 1 } else { report.playlists_updated += 1 }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(total, total));
    Ok(report)
}
