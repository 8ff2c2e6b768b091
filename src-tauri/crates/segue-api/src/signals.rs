//! Importing listener behaviour (events, aggregates, artist-level plays) as one transaction.
//!
//! The file is parsed on a blocking thread and handed over in batches; events are folded into one
//! signal per (listener, track) as they arrive ([`PairAccumulator`]), so memory is bounded by the
//! distinct pairs, not by the events. Signals naming tracks or artists the catalogue does not have
//! are skipped and reported with counts and examples — or, with `strict`, refuse the file.
//! Malformed rows always refuse the file; a refused or cancelled import changes nothing.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use segue_core::signals::{normalize_artist, Event, PairSignal};
use segue_core::taste::PairAccumulator;
use segue_core::{CancelToken, Progress};
use segue_io::{ImportError, SignalBatch, SignalField, SignalReader};
use segue_store::signals::{
    add_artist_plays, add_signals, catalogue_artists, insert_listeners, listener_ids, record_import, track_rowids,
    NewListener,
};
use segue_store::Workspace;
use serde::Serialize;

use crate::job::Throttle;
use crate::{Error, Result};

pub use segue_io::SignalKind;

/// Rows handed from the parser to the importer at a time.
const BATCH: usize = 20_000;
/// How many skipped rows a report lists by name.
pub const SKIPPED_EXAMPLES: usize = 20;

/// A row that named a track or artist the catalogue does not have.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SkippedSignal {
    /// Line (or Parquet row) in the file.
    pub line: u32,
    /// The listener of the row.
    pub listener: String,
    /// The track id or artist name the catalogue does not have.
    pub unknown: String,
}

/// What a signal import did.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SignalReport {
    /// The file imported.
    pub file: String,
    /// The shape of the file (`shape`, because job outputs are tagged by `kind`).
    pub shape: SignalKind,
    /// Data rows read.
    pub rows: u32,
    /// Rows whose track or artist the catalogue has.
    pub accepted: u32,
    /// Rows skipped because the catalogue does not have their track or artist.
    pub skipped: u32,
    /// Distinct unknown track ids or artist names among them.
    pub skipped_distinct: u32,
    /// The first skipped rows, as examples.
    pub examples: Vec<SkippedSignal>,
    /// Listeners new to the workspace.
    pub listeners_new: u32,
    /// Listeners named by accepted rows.
    pub listeners: u32,
    /// Distinct (listener, track) or (listener, artist) pairs the accepted rows folded into.
    pub pairs: u32,
    /// Distinct catalogue artists matched (artist-level plays only).
    pub artists_matched: u32,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

/// Listeners of one import: existing ones by id, new ones created at the end.
struct Listeners {
    existing: HashMap<String, i64>,
    local: HashMap<String, u32>,
    names: Vec<String>,
}

impl Listeners {
    fn index(&mut self, external: &str) -> u32 {
        if let Some(&i) = self.local.get(external) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(external.to_string());
        self.local.insert(external.to_string(), i);
        i
    }

    /// Creates the new listeners and returns the store id of every local index.
    async fn ids(self, conn: &mut segue_store::Tx<'_>, report: &mut SignalReport) -> Result<Vec<i64>> {
        let new: Vec<NewListener> = self
            .names
            .iter()
            .filter(|n| !self.existing.contains_key(*n))
            .map(|n| NewListener { external_id: n.clone(), simulated: false, truth: None })
            .collect();
        report.listeners_new = new.len() as u32;
        report.listeners = self.names.len() as u32;
        let created = insert_listeners(conn, &new).await?;
        let mut created = created.into_iter();
        Ok(self.names.iter().map(|n| self.existing.get(n).copied().unwrap_or_else(|| created.next().expect("one id per new listener"))).collect())
    }
}

/// Skipped rows: counts and examples.
struct Skips {
    distinct: std::collections::HashSet<String>,
}

impl Skips {
    fn skip(&mut self, report: &mut SignalReport, line: u64, listener: &str, unknown: &str) {
        report.skipped += 1;
        if self.distinct.len() < 1_000_000 {
            self.distinct.insert(unknown.to_string());
        }
        if report.examples.len() < SKIPPED_EXAMPLES {
            report.examples.push(SkippedSignal { line: line as u32, listener: listener.into(), unknown: unknown.into() });
        }
    }
}

/// Imports a signal file of the given kind into `ws` in one transaction.
pub async fn import_signals(
    ws: &Workspace,
    path: &Path,
    kind: SignalKind,
    strict: bool,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<SignalReport> {
    let path = &crate::validate::input_file(path)?;
    let started = Instant::now();
    let mut progress = Throttle::new(on_progress);
    let mut reader = SignalReader::open(path, kind)?;
    let position = reader.progress_handle();
    let unknown_column = reader.column(if kind == SignalKind::ArtistPlays { SignalField::Artist } else { SignalField::TrackId }).unwrap_or("").to_string();
    let (send, mut recv) = tokio::sync::mpsc::channel::<std::result::Result<SignalBatch, ImportError>>(4);
    let unit = reader.format().line_unit();
    let error_for = |line: u64, column: &str, message: String| {
        ImportError::new(path, Some(line), Some(column.to_string()), message).with_unit(unit)
    };
    let parser = tokio::task::spawn_blocking(move || loop {
        match reader.next_batch(BATCH) {
            Ok(Some(batch)) => {
                if send.blocking_send(Ok(batch)).is_err() {
                    return;
                }
            }
            Ok(None) => return,
            Err(e) => {
                let _ = send.blocking_send(Err(e));
                return;
            }
        }
    });

    let mut tx = ws.write().await?;
    let mut listeners = Listeners { existing: listener_ids(&mut tx).await?, local: HashMap::new(), names: Vec::new() };
    let tracks = if kind == SignalKind::ArtistPlays { HashMap::new() } else { track_rowids(&mut tx).await? };
    let artists = if kind == SignalKind::ArtistPlays { catalogue_artists(&mut tx).await? } else { HashMap::new() };
    let mut report = SignalReport {
        file: path.display().to_string(),
        shape: kind,
        rows: 0,
        accepted: 0,
        skipped: 0,
        skipped_distinct: 0,
        examples: Vec::new(),
        listeners_new: 0,
        listeners: 0,
        pairs: 0,
        artists_matched: 0,
        elapsed_ms: 0.0,
    };
    let mut skips = Skips { distinct: Default::default() };
    let mut artist_skips = Skips { distinct: Default::default() };
    let mut pairs = PairAccumulator::new();
    let mut artist_plays: HashMap<(u32, String), f32> = HashMap::new();
    // A track row's rowid, or: skipped and reported (or, strict, the file refused).
    let mut known = |id: &str, line: u64, listener: &str, report: &mut SignalReport| -> Result<Option<u32>> {
        if let Some(&r) = tracks.get(id) {
            return Ok(Some(u32::try_from(r).expect("track rowids fit in 32 bits")));
        }
        if strict {
            return Err(unknown_error(&error_for, line, &unknown_column, "track", id));
        }
        skips.skip(report, line, listener, id);
        Ok(None)
    };

    while let Some(batch) = recv.recv().await {
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        let batch = batch?;
        report.rows += batch.len() as u32;
        match batch {
            SignalBatch::Events(rows) => {
                for r in rows {
                    let Some(track) = known(&r.track_id, r.line, &r.listener_id, &mut report)? else { continue };
                    let listener = listeners.index(&r.listener_id);
                    pairs.push(&Event { listener, track, kind: r.kind, timestamp: r.timestamp, ms_played: r.ms_played });
                }
            }
            SignalBatch::Aggregates(rows) => {
                for r in rows {
                    let Some(track) = known(&r.track_id, r.line, &r.listener_id, &mut report)? else { continue };
                    let listener = listeners.index(&r.listener_id);
                    let mut pair = PairSignal::new(listener, track);
                    (pair.plays, pair.skips, pair.saves) = (r.plays, r.skips, r.saves);
                    pairs.push_pair(pair);
                }
            }
            SignalBatch::ArtistPlays(rows) => {
                for r in rows {
                    let normalized = normalize_artist(&r.artist);
                    if !artists.contains_key(&normalized) {
                        if strict {
                            return Err(unknown_error(&error_for, r.line, &unknown_column, "artist", &r.artist));
                        }
                        artist_skips.skip(&mut report, r.line, &r.listener_id, &r.artist);
                        continue;
                    }
                    let listener = listeners.index(&r.listener_id);
                    *artist_plays.entry((listener, normalized)).or_insert(0.0) += r.plays;
                }
            }
        }
        progress.report(position.progress());
    }
    parser.await.map_err(|e| Error::stopped("the reader", e))?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    if report.rows == 0 {
        return Err(ImportError::new(path, None, None, "the file has a header but no signals").into());
    }
    report.accepted = report.rows - report.skipped;
    report.skipped_distinct = (skips.distinct.len() + artist_skips.distinct.len()) as u32;
    let ids = listeners.ids(&mut tx, &mut report).await?;
    if kind == SignalKind::ArtistPlays {
        report.pairs = artist_plays.len() as u32;
        report.artists_matched = artist_plays.keys().map(|(_, a)| a).collect::<std::collections::HashSet<_>>().len() as u32;
        let rows: Vec<(i64, String, f32)> = artist_plays.into_iter().map(|((l, a), p)| (ids[l as usize], a, p)).collect();
        add_artist_plays(&mut tx, &rows).await?;
    } else {
        let folded = pairs.into_pairs();
        report.pairs = folded.len() as u32;
        let mut rows: Vec<(i64, i64, PairSignal)> =
            folded.into_iter().map(|p| (ids[p.listener as usize], i64::from(p.track), p)).collect();
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        add_signals(&mut tx, &rows).await?;
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    record_import(&mut tx, &report.file, kind.as_str(), &serde_json::to_string(&report).expect("reports serialize")).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(1.0, 1.0));
    Ok(report)
}

fn unknown_error(
    error_for: &impl Fn(u64, &str, String) -> ImportError,
    line: u64,
    column: &str,
    what: &str,
    value: &str,
) -> Error {
    error_for(line, column, format!("{what} {value:?} is not in the catalogue (strict import refuses unknown {what}s)")).into()
}
