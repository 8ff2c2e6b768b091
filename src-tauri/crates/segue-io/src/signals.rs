//! Listener behaviour from files: events, per-track aggregates and artist-level plays.
//!
//! Three shapes cover what editors bring (DESIGN.md, "Formats"):
//!
//! - events: `listener_id, track_id, event, timestamp[, ms_played]`, one row per thing a listener
//!   did (a listening-history export);
//! - aggregates: `listener_id, track_id, plays[, skips][, saves]`, counts per listener and track
//!   (a warehouse rollup);
//! - artist plays: `listener_id, artist, plays`, counts per listener and artist name (Last.fm's
//!   scrobble counts, for instance).
//!
//! Any table format reads ([`crate::table`]: CSV, TSV, JSON lines, each optionally gzip, and
//! Parquet), and columns are found by name and common aliases ([`SignalField`]). Rows stream
//! through [`SignalReader`], one at a time or in batches, so a file of tens of millions of events
//! never sits in memory; ids stay strings, since mapping them to the store's ids is the store's
//! job. Each record keeps its line (its row, in Parquet) so any later check can point at it.
//! A bad row is an [`ImportError`] naming the file, the line and the column as the file spells it;
//! reading can go on past it.

mod columns;
#[cfg(test)]
mod tests;

use std::path::Path;

use segue_core::signals::EventKind;
use serde::{Deserialize, Serialize};

use crate::error::{ImportError, Result};
use crate::source::ByteProgress;
use crate::table::{Row, TableFormat, TableReader};
use crate::value::{cell, count, unix_seconds, whole_number};
use columns::FIELD_COUNT;
pub use columns::SignalField;

/// The shape of a signal file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// One row per event: `listener_id, track_id, event, timestamp[, ms_played]`.
    Events,
    /// One row per listener and track: `listener_id, track_id, plays[, skips][, saves]`.
    Aggregates,
    /// One row per listener and artist: `listener_id, artist, plays`.
    ArtistPlays,
}

impl SignalKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [SignalKind; 3] = [SignalKind::Events, SignalKind::Aggregates, SignalKind::ArtistPlays];

    /// The spelling used in commands and JSON: `events`, `aggregates`, `artist-plays`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Events => "events",
            SignalKind::Aggregates => "aggregates",
            SignalKind::ArtistPlays => "artist-plays",
        }
    }

    /// Parses the spelling of [`SignalKind::as_str`], ignoring case and surrounding space, with
    /// `_` for `-` accepted.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase().replace('_', "-");
        SignalKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// "an events file", for messages.
    fn article_name(self) -> String {
        format!("an {} file", self.as_str())
    }
}

/// One event row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRecord {
    /// The 1-based line of the file the row starts on (the 1-based row for Parquet).
    pub line: u64,
    /// The listener's id in the file; never empty.
    pub listener_id: String,
    /// The track's catalogue id (a `spotify:track:` URI is read as its bare id); never empty.
    pub track_id: String,
    /// What the listener did.
    pub kind: EventKind,
    /// When, in Unix seconds (UTC).
    pub timestamp: i64,
    /// How long the track played, when the file says.
    pub ms_played: Option<u32>,
}

/// One aggregate row: counts for a listener and a track.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateRecord {
    /// The 1-based line of the file the row starts on (the 1-based row for Parquet).
    pub line: u64,
    /// The listener's id in the file; never empty.
    pub listener_id: String,
    /// The track's catalogue id (a `spotify:track:` URI is read as its bare id); never empty.
    pub track_id: String,
    /// Plays, 0 or more.
    pub plays: f32,
    /// Skips, 0 or more (0 when the file has no skips column or the value is empty).
    pub skips: f32,
    /// Saves, 0 or more (0 when the file has no saves column or the value is empty).
    pub saves: f32,
}

/// One artist-plays row: plays of an artist by a listener.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtistPlaysRecord {
    /// The 1-based line of the file the row starts on (the 1-based row for Parquet).
    pub line: u64,
    /// The listener's id in the file; never empty.
    pub listener_id: String,
    /// The artist's name as the file writes it; never empty.
    pub artist: String,
    /// Plays, 0 or more.
    pub plays: f32,
}

/// One row of a signal file, of the reader's kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SignalRecord {
    /// A row of an events file.
    Event(EventRecord),
    /// A row of an aggregates file.
    Aggregate(AggregateRecord),
    /// A row of an artist-plays file.
    ArtistPlays(ArtistPlaysRecord),
}

impl SignalRecord {
    /// The line (or Parquet row) the record came from.
    pub fn line(&self) -> u64 {
        match self {
            SignalRecord::Event(r) => r.line,
            SignalRecord::Aggregate(r) => r.line,
            SignalRecord::ArtistPlays(r) => r.line,
        }
    }
}

/// Consecutive rows of a signal file, of the reader's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SignalBatch {
    /// Rows of an events file.
    Events(Vec<EventRecord>),
    /// Rows of an aggregates file.
    Aggregates(Vec<AggregateRecord>),
    /// Rows of an artist-plays file.
    ArtistPlays(Vec<ArtistPlaysRecord>),
}

impl SignalBatch {
    fn empty(kind: SignalKind) -> Self {
        match kind {
            SignalKind::Events => SignalBatch::Events(Vec::new()),
            SignalKind::Aggregates => SignalBatch::Aggregates(Vec::new()),
            SignalKind::ArtistPlays => SignalBatch::ArtistPlays(Vec::new()),
        }
    }

    /// The kind of file the rows came from.
    pub fn kind(&self) -> SignalKind {
        match self {
            SignalBatch::Events(_) => SignalKind::Events,
            SignalBatch::Aggregates(_) => SignalKind::Aggregates,
            SignalBatch::ArtistPlays(_) => SignalKind::ArtistPlays,
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            SignalBatch::Events(v) => v.len(),
            SignalBatch::Aggregates(v) => v.len(),
            SignalBatch::ArtistPlays(v) => v.len(),
        }
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes out the first row (used only when the two reading styles are mixed).
    fn take_first(&mut self) -> Option<SignalRecord> {
        fn first<T>(v: &mut Vec<T>) -> Option<T> {
            (!v.is_empty()).then(|| v.remove(0))
        }
        match self {
            SignalBatch::Events(v) => first(v).map(SignalRecord::Event),
            SignalBatch::Aggregates(v) => first(v).map(SignalRecord::Aggregate),
            SignalBatch::ArtistPlays(v) => first(v).map(SignalRecord::ArtistPlays),
        }
    }
}

/// Streams the rows of a signal file as validated records.
///
/// Read it as an [`Iterator`] of [`SignalRecord`]s, as [`CatalogReader`](crate::CatalogReader) is
/// read, or in typed batches with [`SignalReader::next_batch`]; [`SignalReader::progress_handle`]
/// reports progress to another thread either way.
#[derive(Debug)]
pub struct SignalReader {
    table: TableReader,
    kind: SignalKind,
    row: Row,
    /// Per field (by `SignalField as usize`), the index of its column.
    columns: [Option<usize>; FIELD_COUNT],
    /// Rows read into a batch when a bad row stopped it; the next batch starts with them.
    pending: Option<SignalBatch>,
}

impl SignalReader {
    /// Opens a signal file of the given kind, in any table format, and finds its columns; a
    /// required column that is missing is an error on the header line naming it.
    pub fn open(path: impl AsRef<Path>, kind: SignalKind) -> Result<Self> {
        let table = TableReader::open(path)?;
        let columns = columns::resolve(&table, kind)?;
        Ok(Self { table, kind, row: Row::new(), columns, pending: None })
    }

    /// The kind of file being read.
    pub fn kind(&self) -> SignalKind {
        self.kind
    }

    /// The file's format.
    pub fn format(&self) -> TableFormat {
        self.table.format()
    }

    /// The file's column names.
    pub fn columns(&self) -> &[String] {
        self.table.columns()
    }

    /// The file's column that feeds a field, if any.
    pub fn column(&self, field: SignalField) -> Option<&str> {
        self.columns[field as usize].map(|i| self.table.columns()[i].as_str())
    }

    /// A handle reporting how much of the file has been read (bytes, or rows of a Parquet
    /// file), usable from another thread.
    pub fn progress_handle(&self) -> ByteProgress {
        self.table.progress_handle()
    }

    /// An error about a value on a row this reader yielded, in the file's terms: `line` is the
    /// record's line (said as a row for Parquet), `column` as the file spells it.
    pub fn row_error(&self, line: u64, column: impl Into<String>, message: impl Into<String>) -> ImportError {
        self.table.row_error(line, column, message)
    }

    /// Reads up to `max` rows (at least one); `Ok(None)` at the end of the file.
    ///
    /// A bad row is the error, and the rows read before it in this batch are kept: the next call
    /// returns them first, then reads on past the bad row.
    pub fn next_batch(&mut self, max: usize) -> Result<Option<SignalBatch>> {
        let max = max.max(1);
        let mut batch = self.pending.take().unwrap_or_else(|| SignalBatch::empty(self.kind));
        let result = match &mut batch {
            SignalBatch::Events(v) => self.fill(v, max, Self::event),
            SignalBatch::Aggregates(v) => self.fill(v, max, Self::aggregate),
            SignalBatch::ArtistPlays(v) => self.fill(v, max, Self::artist_plays),
        };
        match result {
            Ok(()) => Ok((!batch.is_empty()).then_some(batch)),
            Err(e) => {
                self.pending = (!batch.is_empty()).then_some(batch);
                Err(e)
            }
        }
    }

    fn fill<T>(&mut self, out: &mut Vec<T>, max: usize, convert: fn(&Self) -> Result<T>) -> Result<()> {
        out.reserve(max.saturating_sub(out.len()).min(1 << 16));
        while out.len() < max && self.table.read_row(&mut self.row)? {
            out.push(convert(self)?);
        }
        Ok(())
    }

    /// The value of a field on the current row, trimmed, `NA` read as empty; empty when the file
    /// has no column for it.
    fn text(&self, field: SignalField) -> &str {
        self.columns[field as usize].map_or("", |i| cell(self.row.get(i)))
    }

    /// An error about a field on the current row, named by the file's column.
    fn fail(&self, field: SignalField, message: impl Into<String>) -> ImportError {
        let column = self.column(field).unwrap_or(field.name());
        self.table.row_error(self.row.line(), column, message)
    }

    /// A field that must have a value: an id or a name.
    fn required(&self, field: SignalField, what: &str) -> Result<String> {
        match self.text(field) {
            "" => Err(self.fail(field, format!("the {what} is empty"))),
            text => Ok(text.to_owned()),
        }
    }

    /// The track id, a Spotify URI (`spotify:track:<id>`, as Spotify's own exports write it)
    /// read as the bare id the catalogue uses.
    fn track_id(&self) -> Result<String> {
        let id = self.required(SignalField::TrackId, "track id")?;
        Ok(match id.strip_prefix("spotify:track:") {
            Some(bare) if !bare.is_empty() => bare.to_owned(),
            _ => id,
        })
    }

    /// A count: required ones must have a value, optional ones read empty as 0.
    fn count(&self, field: SignalField, required: bool) -> Result<f32> {
        match self.text(field) {
            "" if required => Err(self.fail(field, format!("the {} count is empty", field.name()))),
            "" => Ok(0.0),
            text => count(text).map_err(|message| self.fail(field, message)),
        }
    }

    fn event(&self) -> Result<EventRecord> {
        let listener_id = self.required(SignalField::ListenerId, "listener id")?;
        let track_id = self.track_id()?;
        let kinds = "play, skip, save or playlist_add";
        let kind = match self.text(SignalField::Event) {
            "" => return Err(self.fail(SignalField::Event, format!("the event is empty; it is one of {kinds}"))),
            text => EventKind::parse(text)
                .ok_or_else(|| self.fail(SignalField::Event, format!("\"{text}\" is not an event; an event is {kinds}")))?,
        };
        let timestamp = match self.text(SignalField::Timestamp) {
            "" => return Err(self.fail(SignalField::Timestamp, "the timestamp is empty")),
            text => unix_seconds(text).map_err(|message| self.fail(SignalField::Timestamp, message))?,
        };
        let ms_played = match self.text(SignalField::MsPlayed) {
            "" => None,
            text => Some(
                whole_number(text)
                    .and_then(|ms| u32::try_from(ms).ok())
                    .ok_or_else(|| self.fail(SignalField::MsPlayed, milliseconds_message(text)))?,
            ),
        };
        Ok(EventRecord { line: self.row.line(), listener_id, track_id, kind, timestamp, ms_played })
    }

    fn aggregate(&self) -> Result<AggregateRecord> {
        Ok(AggregateRecord {
            line: self.row.line(),
            listener_id: self.required(SignalField::ListenerId, "listener id")?,
            track_id: self.track_id()?,
            plays: self.count(SignalField::Plays, true)?,
            skips: self.count(SignalField::Skips, false)?,
            saves: self.count(SignalField::Saves, false)?,
        })
    }

    fn artist_plays(&self) -> Result<ArtistPlaysRecord> {
        Ok(ArtistPlaysRecord {
            line: self.row.line(),
            listener_id: self.required(SignalField::ListenerId, "listener id")?,
            artist: self.required(SignalField::Artist, "artist")?,
            plays: self.count(SignalField::Plays, true)?,
        })
    }
}

fn milliseconds_message(text: &str) -> String {
    match whole_number(text) {
        Some(ms) if ms < 0 => format!("{ms} is negative; a play lasts 0 ms or more"),
        Some(ms) => format!("{ms} ms is too long for a play"),
        None => format!("\"{text}\" is not a whole number of milliseconds"),
    }
}

impl Iterator for SignalReader {
    type Item = Result<SignalRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(record) = self.pending.as_mut().and_then(SignalBatch::take_first) {
            return Some(Ok(record));
        }
        match self.table.read_row(&mut self.row) {
            Ok(true) => Some(match self.kind {
                SignalKind::Events => self.event().map(SignalRecord::Event),
                SignalKind::Aggregates => self.aggregate().map(SignalRecord::Aggregate),
                SignalKind::ArtistPlays => self.artist_plays().map(SignalRecord::ArtistPlays),
            }),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
