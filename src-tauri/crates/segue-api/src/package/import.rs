//! Bringing a package into a workspace: the seed (with its pins, notes, pool and settings) and
//! every variant come back as playlists, in one transaction, after the package verifies.

use std::path::Path;

use segue_core::{CancelToken, Entry, Progress};
use segue_io::package::{Archive, PackageError};
use segue_store::catalog::known_ids;
use segue_store::personalization::replace_personalization;
use segue_store::playlists::import_playlist_entries;
use segue_store::Workspace;
use serde::Serialize;

use super::manifest::Manifest;
use super::verify::{inspect, Problem};
use crate::import::{UnknownTrack, UNKNOWN_EXAMPLES};
use crate::job::Throttle;
use crate::{Error, Result};

/// What importing a package did.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PackageImportReport {
    /// The package.
    pub file: String,
    /// The seed's playlist in the workspace.
    pub seed_playlist: u32,
    /// Each variant's playlist, in the package's order.
    pub variant_playlists: Vec<u32>,
    /// Playlists created.
    pub playlists_new: u32,
    /// Playlists already imported from this package (same source) whose tracks were replaced.
    pub playlists_updated: u32,
    /// Tracks placed in playlists.
    pub entries: u32,
    /// Tracks the catalogue does not have (left out).
    pub unknown_count: u32,
    /// The first of those, as examples.
    pub unknown: Vec<UnknownTrack>,
}

/// The error of a package that does not verify: its first problem, and how many more.
fn refused(path: &Path, problems: &[Problem]) -> Error {
    let first = &problems[0];
    let more = match problems.len() - 1 {
        0 => String::new(),
        n => format!(" (and {n} more problem{}: run `segue verify` for all)", if n == 1 { "" } else { "s" }),
    };
    let mut e = PackageError::new(path, first.fault, format!("{first}{more}; nothing was imported"));
    e.entry = None;
    Error::Package(e)
}

/// Imports the package at `path`. A package that does not verify is refused whole.
pub async fn import_package(
    ws: &Workspace,
    path: &Path,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<PackageImportReport> {
    let owned = crate::validate::input_file(path)?;
    let mut progress = Throttle::new(on_progress);
    let (report, manifest) = tokio::task::spawn_blocking(move || {
        let archive = Archive::open(&owned);
        inspect(&owned, archive)
    })
    .await
    .map_err(|e| Error::stopped("the reader", e))?;
    let manifest: Manifest = match manifest {
        Some(m) if report.ok => m,
        _ => return Err(refused(path, &report.problems)),
    };
    progress.report(Progress::of(1.0, 3.0));

    let mut tx = ws.write().await?;
    let mut all: Vec<String> = manifest.seed.tracks.iter().map(|t| t.track.id.clone()).collect();
    all.extend(manifest.seed.pool.iter().map(|t| t.id.clone()));
    all.extend(manifest.variants.iter().flat_map(|v| v.tracks.iter().map(|t| t.track.id.clone())));
    let known = known_ids(&mut tx, &all).await?;
    let mut out = PackageImportReport {
        file: path.display().to_string(),
        seed_playlist: 0,
        variant_playlists: Vec::new(),
        playlists_new: 0,
        playlists_updated: 0,
        entries: 0,
        unknown_count: 0,
        unknown: Vec::new(),
    };
    let source = format!("segue:package:{}:{}", manifest.workspace.id, manifest.seed.playlist);
    let keep = |entries: Vec<(Entry, u32)>, playlist: &str, out: &mut PackageImportReport| -> Vec<Entry> {
        let mut kept = Vec::with_capacity(entries.len());
        for (e, position) in entries {
            if known.contains(&e.track_id) {
                kept.push(e);
            } else {
                out.unknown_count += 1;
                if out.unknown.len() < UNKNOWN_EXAMPLES {
                    out.unknown.push(UnknownTrack { line: position + 1, playlist_id: playlist.to_owned(), track_id: e.track_id, name: None });
                }
            }
        }
        out.entries += kept.len() as u32;
        kept
    };

    let seed = &manifest.seed;
    let entries = seed
        .tracks
        .iter()
        .enumerate()
        .map(|(i, t)| (Entry { track_id: t.track.id.clone(), pinned: t.pinned, note: t.note.clone() }, i as u32))
        .collect();
    let entries = keep(entries, &source, &mut out);
    let (id, new) = import_playlist_entries(&mut tx, &source, &seed.name, &seed.description, entries).await?;
    let pool: Vec<String> = seed.pool.iter().map(|t| t.id.clone()).filter(|id| known.contains(id)).collect();
    replace_personalization(&mut tx, id, &seed.settings, &pool).await?;
    out.seed_playlist = id;
    if new { out.playlists_new += 1 } else { out.playlists_updated += 1 }

    for v in &manifest.variants {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let variant_source = format!("{source}:segment:{}", v.segment);
        let entries = v.tracks.iter().enumerate().map(|(i, t)| (Entry::new(t.track.id.clone()), i as u32)).collect();
        let entries = keep(entries, &variant_source, &mut out);
        let name = format!("{} · {}", seed.name, v.name);
        let description = format!("The variant of {} for the segment {}, imported from {}", seed.name, v.name, path.display());
        let (id, new) = import_playlist_entries(&mut tx, &variant_source, &name, &description, entries).await?;
        out.variant_playlists.push(id);
        if new { out.playlists_new += 1 } else { out.playlists_updated += 1 }
    }
    progress.report(Progress::of(2.0, 3.0));
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(3.0, 3.0));
    Ok(out)
}
