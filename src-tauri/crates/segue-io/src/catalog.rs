//! The catalogue importer: a table file and a column mapping in, validated tracks out.
//!
//! Rows stream through [`CatalogReader`] one at a time (a million-row file never sits in memory)
//! and each becomes a [`Track`] or an [`ImportError`] naming the file, the line and the column as
//! the file spells it. A bad row does not end the file: the caller decides whether to stop at the
//! first error (an import does, so the workspace stays unchanged) or to collect them (the wizard's
//! error preview does).
//!
//! spotify-songs carries its playlists in the same rows (a track appears once per playlist that
//! holds it), so a row also yields the playlist it came from; merging repeated tracks is the
//! caller's job (see [`Track::merge_tags`]).
//!
//! Values are trimmed, and a value that is exactly `NA` counts as empty: that is how R, which
//! wrote spotify-songs, spells a missing value (its five tracks without a title say `NA`).

mod mapping;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde::{Deserialize, Serialize};
use segue_core::track::release_year;
use segue_core::Track;

use crate::error::{ImportError, Result};
use crate::source::ByteProgress;
use crate::table::{self, Row, TableFormat, TableReader};
use crate::value::{cell, finite_f32, whole_number};
pub use mapping::{suggest_mapping, CatalogField, ColumnBinding, ColumnMapping};
use mapping::FIELD_COUNT;

/// How many rows [`preview_catalog`] shows.
const PREVIEW_ROWS: usize = 20;

/// A day in milliseconds: no track is that long, so a longer duration is a unit mistake.
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The playlist a catalogue row came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistRef {
    /// The playlist's id in the file.
    pub id: String,
    /// Its name (empty when the file has no name column or no name).
    pub name: String,
}

/// One catalogue row, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogRow {
    /// The 1-based physical line of the file the row starts on (the 1-based row for Parquet).
    pub line: u64,
    /// The track as the row describes it.
    pub track: Track,
    /// The playlist the row places the track in, when the file has playlist columns.
    pub playlist: Option<PlaylistRef>,
}

/// What the import wizard shows before an import: the first rows and a suggested mapping.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogPreview {
    /// The format the file was read as.
    pub format: TableFormat,
    /// The column names, in file order.
    pub columns: Vec<String>,
    /// The first 20 data rows, values as in the file.
    pub rows: Vec<Vec<String>>,
    /// The suggested mapping.
    pub mapping: ColumnMapping,
    /// Required fields the suggestion could not find a column for.
    pub missing_required: Vec<CatalogField>,
}

/// Reads a catalogue file's columns and first rows and suggests a mapping for it.
pub fn preview_catalog(path: impl AsRef<Path>) -> Result<CatalogPreview> {
    let table::TablePreview { format, columns, rows } = table::preview(path, PREVIEW_ROWS)?;
    let mapping = suggest_mapping(&columns);
    let missing_required = mapping.missing_required();
    Ok(CatalogPreview { format, columns, rows, mapping, missing_required })
}

/// Streams the rows of a catalogue file as validated [`CatalogRow`]s.
#[derive(Debug)]
pub struct CatalogReader {
    table: TableReader,
    row: Row,
    /// Per field (by `CatalogField as usize`), the index of its column.
    columns: [Option<usize>; FIELD_COUNT],
}

impl CatalogReader {
    /// Opens a catalogue file and checks the mapping against its columns; a mapping that names a
    /// column the file lacks, binds a field twice or leaves out a required field is an error on
    /// the header line, before any row is read.
    pub fn open(path: impl AsRef<Path>, mapping: &ColumnMapping) -> Result<Self> {
        let table = TableReader::open(path)?;
        let columns = mapping.resolve(&table)?;
        Ok(Self { table, row: Row::new(), columns })
    }

    /// The file's format.
    pub fn format(&self) -> TableFormat {
        self.table.format()
    }

    /// The file's column names.
    pub fn columns(&self) -> &[String] {
        self.table.columns()
    }

    /// A handle reporting how much of the file has been read (bytes, or rows of a Parquet
    /// file), usable from another thread.
    pub fn progress_handle(&self) -> ByteProgress {
        self.table.progress_handle()
    }

    /// An error about a value on a row this reader yielded, in the file's terms: `line` is the
    /// row's [`CatalogRow::line`] (said as a row for Parquet), `column` as the file spells it.
    pub fn row_error(&self, line: u64, column: impl Into<String>, message: impl Into<String>) -> ImportError {
        self.table.row_error(line, column, message)
    }

    fn convert(&self) -> Result<CatalogRow> {
        let row = RowView { reader: self, line: self.row.line() };
        let id = row.text(CatalogField::Id);
        if id.is_empty() {
            return Err(row.fail(CatalogField::Id, "the track id is empty"));
        }
        let mut track = Track {
            id: id.to_owned(),
            title: row.text(CatalogField::Title).to_owned(),
            artist: row.text(CatalogField::Artist).to_owned(),
            album: row.text(CatalogField::Album).to_owned(),
            album_id: row.optional(CatalogField::AlbumId).map(str::to_owned),
            release_date: row.release_date()?,
            duration_ms: row.duration()?,
            popularity: row.popularity()?,
            explicit: row.explicit()?,
            genres: row.optional(CatalogField::Genre).map(str::to_owned).into_iter().collect(),
            subgenres: row.optional(CatalogField::Subgenre).map(str::to_owned).into_iter().collect(),
            features: Default::default(),
        };
        for field in &CatalogField::ALL[CatalogField::Danceability as usize..] {
            let feature = field.feature().expect("the fields from danceability on are features");
            let Some(text) = row.optional(*field) else { continue };
            let value = finite_f32(text).map_err(|message| row.fail(*field, message))?;
            feature.check(value).map_err(|message| row.fail(*field, message))?;
            track.features.set(feature, Some(value));
        }
        let playlist = row.optional(CatalogField::PlaylistId).map(|id| PlaylistRef {
            id: id.to_owned(),
            name: row.text(CatalogField::PlaylistName).to_owned(),
        });
        Ok(CatalogRow { line: row.line, track, playlist })
    }
}

impl Iterator for CatalogReader {
    type Item = Result<CatalogRow>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.table.read_row(&mut self.row) {
            Ok(true) => Some(self.convert()),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// The current row seen through the mapping.
struct RowView<'a> {
    reader: &'a CatalogReader,
    line: u64,
}

impl RowView<'_> {
    /// The field's value, trimmed, with `NA` read as empty; empty when the field is not mapped.
    fn text(&self, field: CatalogField) -> &str {
        self.reader.columns[field as usize].map_or("", |i| cell(self.reader.row.get(i)))
    }

    fn optional(&self, field: CatalogField) -> Option<&str> {
        Some(self.text(field)).filter(|v| !v.is_empty())
    }

    /// An error about this field on this row, named by the file's column.
    fn fail(&self, field: CatalogField, message: impl Into<String>) -> ImportError {
        let column = self.reader.columns[field as usize].map_or(field.label(), |i| &self.reader.table.columns()[i]);
        self.reader.table.row_error(self.line, column, message)
    }

    fn release_date(&self) -> Result<Option<String>> {
        let Some(date) = self.optional(CatalogField::ReleaseDate) else { return Ok(None) };
        match release_year(date) {
            Some(_) => Ok(Some(date.to_owned())),
            None => {
                let message = format!("\"{date}\" is not a date written YYYY, YYYY-MM or YYYY-MM-DD");
                Err(self.fail(CatalogField::ReleaseDate, message))
            }
        }
    }

    fn duration(&self) -> Result<u32> {
        let field = CatalogField::DurationMs;
        let Some(text) = self.optional(field) else { return Err(self.fail(field, "the duration is empty")) };
        let ms = whole_number(text)
            .ok_or_else(|| self.fail(field, format!("\"{text}\" is not a whole number of milliseconds")))?;
        if ms <= 0 || ms >= DAY_MS {
            let message = format!("{ms} ms is not a track length: it must be more than 0 and less than 24 hours");
            return Err(self.fail(field, message));
        }
        Ok(ms as u32)
    }

    fn popularity(&self) -> Result<Option<u8>> {
        let field = CatalogField::Popularity;
        let Some(text) = self.optional(field) else { return Ok(None) };
        let value = whole_number(text).ok_or_else(|| self.fail(field, format!("\"{text}\" is not a whole number")))?;
        match u8::try_from(value) {
            Ok(p) if p <= 100 => Ok(Some(p)),
            _ => Err(self.fail(field, format!("{value} is outside the valid range 0 to 100"))),
        }
    }

    fn explicit(&self) -> Result<Option<bool>> {
        let field = CatalogField::Explicit;
        let Some(text) = self.optional(field) else { return Ok(None) };
        match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(self.fail(field, format!("\"{text}\" is not one of true, false, 1, 0, yes, no"))),
        }
    }
}
