//! # segue-io — Segue's file formats
//!
//! Readers for what editors bring into a workspace: catalogues, seed playlists and listener
//! signals, from CSV, TSV or JSON lines (each optionally gzip) or Parquet. Pure Rust with no SQL and no async, so the studio, the
//! `segue` command and tests share them; the store writes what they yield in one transaction.
//!
//! Every reader streams (memory stays bounded on a million-row file), exposes byte progress a job
//! can report from another thread, and fails with an [`ImportError`] naming the file, the line and
//! the column as the file spells it, so the editor can go straight to the value at fault.
//!
//! - [`source`]: opening a file, gzip and Parquet told by content, progress in bytes.
//! - [`table`]: CSV, TSV, JSON lines and Parquet as rows of strings under named columns.
//! - [`catalog`]: the catalogue importer: column mapping, validation, [`Track`](segue_core::Track)s.
//! - [`playlists`]: seed playlists as `playlist_id, playlist_name, track_id, position` rows.
//! - [`formats`]: the standard playlist formats (JSPF, XSPF, M3U8, CSV), written and read.
//! - [`package`]: the zip of a playlist package, written atomically and read defensively.
//! - [`signals`]: listener behaviour: events, per-track aggregates, artist-level plays.
//! - [`limits`]: every bound on input (line, field, columns, inflated and package sizes).
//! - `value`: how numbers, counts, dates and times are read from text, in one place.

pub mod catalog;
pub mod error;
pub mod formats;
pub mod limits;
pub mod package;
pub mod playlists;
pub mod signals;
pub mod source;
pub mod table;
mod value;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
pub(crate) mod testutil;

pub use catalog::{
    preview_catalog, suggest_mapping, CatalogField, CatalogPreview, CatalogReader, CatalogRow, ColumnBinding, ColumnMapping,
    PlaylistRef,
};
pub use error::{escape_controls, ImportError, LineUnit, Result};
pub use formats::{
    read_playlist_bytes, read_playlist_file, track_id_from_uri, track_uri, write_csv, write_jspf, write_m3u8, write_xspf,
    DocEntry, PlaylistDoc, PlaylistFormat, ReadEntry, ReadPlaylist, SEGUE_EXTENSION,
};
pub use playlists::{read_playlists, PlaylistImport, PlaylistReader, PlaylistRow};
pub use signals::{
    AggregateRecord, ArtistPlaysRecord, EventRecord, SignalBatch, SignalField, SignalKind, SignalReader, SignalRecord,
};
pub use source::{ByteProgress, ProgressUnit, Source};
pub use table::{detect_format, preview, Row, TableFormat, TablePreview, TableReader};
