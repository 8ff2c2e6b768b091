//! Seed playlists from a table file: one row per entry, `playlist_id, playlist_name, track_id,
//! position`.
//!
//! This is the plainest playlist exchange there is (every spreadsheet and warehouse can write
//! it), so it is how editors bring playlists they built elsewhere. Rows stream through
//! [`PlaylistReader`]; [`read_playlists`] groups them into playlists ordered by position and
//! rejects the ambiguities a seed cannot hold: two entries at one position, or one track twice.
//! Whether each track is in the catalogue is the store's question, not this reader's.
//!
//! A playlist name is read back as the CSV writer made it safe for spreadsheets: a leading `'`
//! it put before a formula character is removed ([`spreadsheet_text`]), so an exported CSV
//! imports with the names it was written from.

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{ImportError, Result};
use crate::formats::spreadsheet_text;
use crate::source::ByteProgress;
use crate::table::{Row, TableReader};

/// The columns a playlist file must have, matched regardless of case.
const COLUMNS: [&str; 4] = ["playlist_id", "playlist_name", "track_id", "position"];
const ID: usize = 0;
const NAME: usize = 1;
const TRACK: usize = 2;
const POSITION: usize = 3;

/// One entry of a playlist file, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistRow {
    /// The 1-based physical line of the file the row starts on (the 1-based row for Parquet).
    pub line: u64,
    /// The playlist's id in the file; never empty.
    pub playlist_id: String,
    /// The playlist's name (a `'` the CSV writer put before it removed, see
    /// [`spreadsheet_text`]); may be empty on all rows but one of each playlist.
    pub playlist_name: String,
    /// The track's catalogue id; never empty.
    pub track_id: String,
    /// Where the track goes in the playlist; only the order of positions matters.
    pub position: u32,
}

/// Streams the rows of a playlist file (CSV, TSV or JSON lines, gzip or not).
#[derive(Debug)]
pub struct PlaylistReader {
    table: TableReader,
    row: Row,
    /// The index of each of [`COLUMNS`] in the file.
    columns: [usize; 4],
}

impl PlaylistReader {
    /// Opens a playlist file; a missing column is an error on the header line naming it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let table = TableReader::open(path)?;
        let mut columns = [0; 4];
        for (slot, wanted) in columns.iter_mut().zip(COLUMNS) {
            *slot = table.columns().iter().position(|c| c.eq_ignore_ascii_case(wanted)).ok_or_else(|| {
                let message = format!("the file has no {wanted} column; a playlist file needs {}", COLUMNS.join(", "));
                table.column_error(Some(wanted.to_owned()), message)
            })?;
        }
        Ok(Self { table, row: Row::new(), columns })
    }

    /// A handle reporting how much of the file has been read, usable from another thread.
    pub fn progress_handle(&self) -> ByteProgress {
        self.table.progress_handle()
    }

    /// The file's spelling of one of [`COLUMNS`].
    fn column(&self, which: usize) -> &str {
        &self.table.columns()[self.columns[which]]
    }

    fn fail(&self, line: u64, which: usize, message: impl Into<String>) -> ImportError {
        self.table.row_error(line, self.column(which), message)
    }

    fn convert(&self) -> Result<PlaylistRow> {
        let line = self.row.line();
        let value = |which: usize| self.row.get(self.columns[which]).trim();
        let (playlist_id, track_id, position) = (value(ID), value(TRACK), value(POSITION));
        if playlist_id.is_empty() {
            return Err(self.fail(line, ID, "the playlist id is empty"));
        }
        if track_id.is_empty() {
            return Err(self.fail(line, TRACK, "the track id is empty"));
        }
        let position = position
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| position.parse::<u32>().ok())
            .flatten()
            .ok_or_else(|| self.fail(line, POSITION, format!("\"{position}\" is not a position (a whole number from 0 up)")))?;
        Ok(PlaylistRow {
            line,
            playlist_id: playlist_id.to_owned(),
            playlist_name: spreadsheet_text(self.row.get(self.columns[NAME])).trim().to_owned(),
            track_id: track_id.to_owned(),
            position,
        })
    }
}

impl Iterator for PlaylistReader {
    type Item = Result<PlaylistRow>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.table.read_row(&mut self.row) {
            Ok(true) => Some(self.convert()),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One playlist of a playlist file, its tracks in position order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistImport {
    /// The playlist's id in the file.
    pub id: String,
    /// The first non-empty name its rows give (empty if none does).
    pub name: String,
    /// The line of its first row.
    pub first_line: u64,
    /// Its tracks in position order, each with the line it came from.
    pub tracks: Vec<(u64, String)>,
}

/// A playlist being gathered: its entries and what has been seen, to reject repeats.
struct Gathering {
    import: PlaylistImport,
    name_line: u64,
    entries: Vec<(u32, u64, String)>,
    positions: HashMap<u32, u64>,
    tracks: HashMap<String, u64>,
}

/// Reads a whole playlist file into playlists, in the order they first appear.
///
/// The first bad row is the error; so are two rows of one playlist at the same position, the
/// same track twice in one playlist, and two different names for one playlist, each named on
/// the line of the later row; and a file with no rows at all (a header alone), which would
/// import nothing.
pub fn read_playlists(path: impl AsRef<Path>) -> Result<Vec<PlaylistImport>> {
    let mut reader = PlaylistReader::open(path)?;
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut playlists: Vec<Gathering> = Vec::new();
    while let Some(row) = reader.next() {
        let row = row?;
        let index = *order.entry(row.playlist_id.clone()).or_insert_with(|| {
            playlists.push(Gathering {
                import: PlaylistImport { id: row.playlist_id.clone(), name: String::new(), first_line: row.line, tracks: Vec::new() },
                name_line: row.line,
                entries: Vec::new(),
                positions: HashMap::new(),
                tracks: HashMap::new(),
            });
            playlists.len() - 1
        });
        let p = &mut playlists[index];
        let id = &p.import.id;
        if !row.playlist_name.is_empty() {
            if p.import.name.is_empty() {
                p.import.name = row.playlist_name.clone();
                p.name_line = row.line;
            } else if p.import.name != row.playlist_name {
                let message = format!("playlist {id} is named \"{}\" on line {}", p.import.name, p.name_line);
                return Err(reader.fail(row.line, NAME, message));
            }
        }
        if let Some(first) = p.positions.insert(row.position, row.line) {
            let message = format!("position {} of playlist {id} is already taken on line {first}", row.position);
            return Err(reader.fail(row.line, POSITION, message));
        }
        if let Some(first) = p.tracks.insert(row.track_id.clone(), row.line) {
            let message = format!("track {} is already in playlist {id} on line {first}", row.track_id);
            return Err(reader.fail(row.line, TRACK, message));
        }
        p.entries.push((row.position, row.line, row.track_id));
    }
    if playlists.is_empty() {
        return Err(ImportError::file(reader.table.path(), "the file has no tracks: it holds a header and no rows"));
    }
    Ok(playlists
        .into_iter()
        .map(|mut p| {
            p.entries.sort_unstable_by_key(|(position, ..)| *position);
            p.import.tracks = p.entries.into_iter().map(|(_, line, track)| (line, track)).collect();
            p.import
        })
        .collect())
}
