//! The standard playlist formats, written and read: JSPF, XSPF, M3U8, and CSV for spreadsheets.
//!
//! A playlist package carries each playlist (the seed and every segment's variant) in formats
//! other tools already open, so an editor's work reaches players, DJ software and scripts without
//! Segue: [XSPF](https://www.xspf.org/spec) and its JSON twin
//! [JSPF](https://www.xspf.org/jspf) (title, creator, album, duration and Segue's own data in
//! their `extension`), M3U8 (what every player opens) and CSV (what every spreadsheet opens, in
//! the columns Segue's own [playlist importer](crate::playlists) reads back).
//!
//! Writers take a [`PlaylistDoc`] and return the file's bytes, byte for byte the same for the
//! same playlist, so packages can be checksummed and compared. Readers turn a JSPF, XSPF or M3U8
//! file into a [`ReadPlaylist`], before any matching to a catalogue; they accept the variants
//! found in the wild and refuse the rest with an [`ImportError`](crate::ImportError) naming the
//! file, the line and the field, as every reader of this crate does.
//!
//! Tracks are named by URI: a Spotify id (the catalogue Segue ships is Spotify's) as
//! `spotify:track:<id>`, which Spotify clients open; any other id as `segue:track:<id>`
//! percent-encoded ([`track_uri`], [`track_id_from_uri`]).

mod csv;
mod jspf;
mod m3u8;
mod text;
mod uri;
mod xspf;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{ImportError, Result};
use crate::limits::{size, MAX_PLAYLIST_FILE_BYTES};

pub use self::csv::{spreadsheet_safe, spreadsheet_text, write_csv};
pub use self::jspf::write_jspf;
pub use self::m3u8::write_m3u8;
use self::text::Text;
pub use self::uri::{track_id_from_uri, track_uri};
pub use self::xspf::write_xspf;

/// The key of Segue's extension: the JSPF `extension` object's key and the XSPF `<extension>`
/// element's `application`, as both specifications ask (a URI naming the application).
pub const SEGUE_EXTENSION: &str = "https://segue.app/ns/jspf/1";

/// A playlist to write: the seed or one segment's variant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistDoc {
    /// The playlist's name.
    pub title: String,
    /// Its description.
    pub annotation: Option<String>,
    /// The editor's name.
    pub creator: Option<String>,
    /// When it was made, in RFC 3339 (`2026-11-25T21:00:00Z`): XSPF's schema wants an
    /// `xs:dateTime`, which RFC 3339 times are.
    pub date: Option<String>,
    /// A URI naming it, such as `segue:playlist:<workspace-id>:<playlist-id>[:segment:<n>]`.
    pub identifier: Option<String>,
    /// Segue's data about the playlist as a whole (the segment, metrics, ...).
    pub extension: Option<serde_json::Value>,
    /// Its tracks, in order.
    pub entries: Vec<DocEntry>,
}

/// One track of a [`PlaylistDoc`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocEntry {
    /// The track's catalogue id.
    pub track_id: String,
    /// Its title.
    pub title: String,
    /// Its artist; empty when unknown.
    pub artist: String,
    /// Its album; empty when unknown.
    pub album: String,
    /// Its length; 0 when unknown, and then left out of the files.
    pub duration_ms: u32,
    /// Segue's data about this entry (reasons, score parts, pinned, ...).
    pub extension: Option<serde_json::Value>,
}

/// A playlist read from a JSPF, XSPF or M3U8 file, before matching to a catalogue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadPlaylist {
    /// The playlist's title, when the file gives one.
    pub title: Option<String>,
    /// Its description (JSPF and XSPF only).
    pub annotation: Option<String>,
    /// Segue's playlist-level extension, when the file has one (JSPF and XSPF only).
    pub extension: Option<serde_json::Value>,
    /// Its entries in file order.
    pub entries: Vec<ReadEntry>,
}

/// One entry of a [`ReadPlaylist`]. Every entry has at least a location, a track id or a title:
/// something to find the track by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadEntry {
    /// The 1-based line of the file where the entry starts: the line of the track object
    /// (JSPF), of `<track>` (XSPF) or of the location (M3U8).
    pub line: u64,
    /// The catalogue id, from a `spotify:` or `segue:` URI in a location or identifier, or an
    /// `open.spotify.com/track/<id>` link.
    pub track_id: Option<String>,
    /// The entry's first location, as the file gives it (a URI, a URL or a file path).
    pub location: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its artist (the `creator` of JSPF and XSPF).
    pub artist: Option<String>,
    /// Its album.
    pub album: Option<String>,
    /// Its length in milliseconds, when the file gives one.
    pub duration_ms: Option<u32>,
    /// Segue's per-entry extension, when the file has one (JSPF and XSPF only).
    pub extension: Option<serde_json::Value>,
}

/// The playlist formats [`read_playlist_file`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaylistFormat {
    /// JSPF: XSPF in JSON.
    Jspf,
    /// XSPF version 0 or 1.
    Xspf,
    /// M3U8 or plain M3U, with or without `#EXTM3U` and `#EXTINF`.
    M3u8,
}

impl PlaylistFormat {
    /// The format a file's name says: `.jspf` or `.json`, `.xspf`, `.m3u8` or `.m3u`, each also
    /// followed by `.gz`; `None` for any other name.
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        match name.rsplit_once('.')?.1 {
            "jspf" | "json" => Some(Self::Jspf),
            "xspf" => Some(Self::Xspf),
            "m3u8" | "m3u" => Some(Self::M3u8),
            _ => None,
        }
    }

    /// The format a file's content looks like, for files whose name says nothing: JSON starts
    /// with `{`, XML with `<`; anything else is read as M3U, the format with no required header.
    pub fn sniff(bytes: &[u8]) -> Self {
        let start = bytes.strip_prefix(text::BOM.as_bytes()).unwrap_or(bytes);
        match start.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Self::Jspf,
            Some(b'<') => Self::Xspf,
            _ => Self::M3u8,
        }
    }

    /// The file extension Segue writes this format with, without the dot.
    pub fn file_extension(self) -> &'static str {
        match self {
            Self::Jspf => "jspf",
            Self::Xspf => "xspf",
            Self::M3u8 => "m3u8",
        }
    }
}

/// Reads a JSPF, XSPF or M3U8 file, plain or gzip. The format is the one its name says
/// ([`PlaylistFormat::from_path`]), or the one its content looks like when the name says none.
/// The file is read whole, so it may hold (once inflated) at most [`MAX_PLAYLIST_FILE_BYTES`].
pub fn read_playlist_file(path: &Path) -> Result<ReadPlaylist> {
    read_playlist_file_limited(path, MAX_PLAYLIST_FILE_BYTES)
}

/// [`read_playlist_file`] for a file of at most `limit` bytes (inflated).
fn read_playlist_file_limited(path: &Path, limit: u64) -> Result<ReadPlaylist> {
    let mut source = crate::source::open(path)?;
    let mut bytes = Vec::new();
    (&mut source).take(limit + 1).read_to_end(&mut bytes).map_err(|e| source.error(&e))?;
    if bytes.len() as u64 > limit {
        let message = format!("the playlist file holds more than {}, the most Segue reads from one playlist", size(limit));
        return Err(ImportError::file(path, message));
    }
    let format = PlaylistFormat::from_path(path).unwrap_or_else(|| PlaylistFormat::sniff(&bytes));
    read(path, format, &bytes)
}

/// Reads a JSPF, XSPF or M3U8 file already in memory (one inside a package, say); `name` is what
/// errors call the file, such as `package.zip!variants/segment-1.xspf`.
pub fn read_playlist_bytes(name: &str, format: PlaylistFormat, bytes: &[u8]) -> Result<ReadPlaylist> {
    read(Path::new(name), format, bytes)
}

fn read(file: &Path, format: PlaylistFormat, bytes: &[u8]) -> Result<ReadPlaylist> {
    let text = Text::decode(file, bytes)?;
    match format {
        PlaylistFormat::Jspf => jspf::read(&text),
        PlaylistFormat::Xspf => xspf::read(&text),
        PlaylistFormat::M3u8 => m3u8::read(&text),
    }
}

/// `None` for an empty value: writers leave unknown fields out rather than write them empty.
fn given(value: &str) -> Option<&str> {
    (!value.is_empty()).then_some(value)
}

/// `None` for a duration of 0, which a catalogue has only when it does not know the length.
fn known_duration(ms: u32) -> Option<u32> {
    (ms > 0).then_some(ms)
}

impl ReadEntry {
    /// The entry, if it has something to find its track by; otherwise the error, on its line.
    fn checked(self, text: &Text<'_>) -> Result<Self> {
        if self.location.is_none() && self.track_id.is_none() && self.title.is_none() {
            return Err(text.error(self.line, "location", "the track has neither a location nor a title"));
        }
        Ok(self)
    }
}
