//! JSPF, XSPF in JSON (<https://www.xspf.org/jspf>):
//! `{"playlist": {"title", ..., "extension": {URI: [value]}, "track": [{...}]}}`.
//!
//! The reader keeps each value as serde_json's raw value, a slice of the file, so that a wrong
//! type is reported on the line of the value itself (and an entry's line is its track object's),
//! which a parsed `serde_json::Value` could not say. It accepts what other tools write besides
//! the specification: `location` and `identifier` as one string instead of an array, `extension`
//! values not wrapped in an array, `null` for any optional field, durations written as text.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::text::{bare_message, duration_ms, non_empty, number, Text};
use super::{
    given, known_duration, track_id_from_uri, track_uri, DocEntry, PlaylistDoc, ReadEntry, ReadPlaylist,
    SEGUE_EXTENSION,
};
use crate::error::{ImportError, Result};

/// The file as JSPF lays it out; fields in the order the specification lists them, so the
/// output is the same bytes for the same playlist.
#[derive(Serialize)]
struct File<'a> {
    playlist: Playlist<'a>,
}

#[derive(Serialize)]
struct Playlist<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<Extension<'a>>,
    track: Vec<Track<'a>>,
}

#[derive(Serialize)]
struct Track<'a> {
    location: [String; 1],
    identifier: [String; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    album: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<Extension<'a>>,
}

/// JSPF's `extension`: application URI to an array of values.
type Extension<'a> = BTreeMap<&'static str, [&'a Value; 1]>;

fn extension(value: &Option<Value>) -> Option<Extension<'_>> {
    value.as_ref().map(|v| BTreeMap::from([(SEGUE_EXTENSION, [v])]))
}

/// Writes `doc` as JSPF: pretty-printed JSON, each track's URI as both its location and its
/// identifier (players look at the first, catalogues at the second).
pub fn write_jspf(doc: &PlaylistDoc) -> Vec<u8> {
    let track = doc
        .entries
        .iter()
        .map(|e: &DocEntry| Track {
            location: [track_uri(&e.track_id)],
            identifier: [track_uri(&e.track_id)],
            title: given(&e.title),
            creator: given(&e.artist),
            album: given(&e.album),
            duration: known_duration(e.duration_ms),
            extension: extension(&e.extension),
        })
        .collect();
    let file = File {
        playlist: Playlist {
            title: &doc.title,
            creator: doc.creator.as_deref(),
            annotation: doc.annotation.as_deref(),
            identifier: doc.identifier.as_deref(),
            date: doc.date.as_deref(),
            extension: extension(&doc.extension),
            track,
        },
    };
    let mut out = serde_json::to_vec_pretty(&file).expect("a playlist always serializes to JSON");
    out.push(b'\n');
    out
}

/// A JSON object's members, each value still a slice of the file.
type Object<'a> = BTreeMap<String, &'a RawValue>;

/// What a JSON value is, told by its first character (the value is known to be valid JSON).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Text,
    Number,
    Bool,
    Null,
}

impl Kind {
    fn of(raw: &RawValue) -> Self {
        match raw.get().as_bytes().first() {
            Some(b'{') => Self::Object,
            Some(b'[') => Self::Array,
            Some(b'"') => Self::Text,
            Some(b't' | b'f') => Self::Bool,
            Some(b'n') => Self::Null,
            _ => Self::Number,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Object => "an object",
            Self::Array => "an array",
            Self::Text => "text",
            Self::Number => "a number",
            Self::Bool => "true or false",
            Self::Null => "null",
        }
    }
}

/// A field that is there and not `null`: JSPF tools write either for "unknown".
fn present(raw: Option<&RawValue>) -> Option<&RawValue> {
    raw.filter(|r| Kind::of(r) != Kind::Null)
}

/// Reads the values of one JSPF file, naming lines from where each value sits in the file.
struct Reader<'t, 'a> {
    src: &'t Text<'a>,
}

impl<'a> Reader<'_, 'a> {
    /// The line of the first character of `raw`, a slice of the file's text.
    fn line(&self, raw: &RawValue) -> u64 {
        self.src.line_at(raw.get().as_ptr() as usize - self.src.content.as_ptr() as usize)
    }

    fn expected(&self, raw: &RawValue, field: &str, wanted: &str) -> ImportError {
        self.src.error(self.line(raw), field, format!("expected {wanted}, found {}", Kind::of(raw).name()))
    }

    /// Parses a value whose kind was checked, so this does not fail short of a serde_json bug.
    fn parse<T: serde::Deserialize<'a>>(&self, raw: &'a RawValue, field: &str) -> Result<T> {
        serde_json::from_str(raw.get()).map_err(|e| self.src.error(self.line(raw), field, bare_message(&e)))
    }

    fn object(&self, raw: &'a RawValue, field: &str) -> Result<Object<'a>> {
        match Kind::of(raw) {
            Kind::Object => self.parse(raw, field),
            _ => Err(self.expected(raw, field, "an object")),
        }
    }

    /// An array's items; `null` and a missing field are no items.
    fn array(&self, raw: Option<&'a RawValue>, field: &str, wanted: &str) -> Result<Vec<&'a RawValue>> {
        match present(raw) {
            None => Ok(Vec::new()),
            Some(raw) if Kind::of(raw) == Kind::Array => self.parse(raw, field),
            Some(raw) => Err(self.expected(raw, field, wanted)),
        }
    }

    /// Text, or `None` for `null`, `""` or a missing field.
    fn string(&self, raw: Option<&'a RawValue>, field: &str) -> Result<Option<String>> {
        match present(raw) {
            None => Ok(None),
            Some(raw) if Kind::of(raw) == Kind::Text => Ok(non_empty(self.parse(raw, field)?)),
            Some(raw) => Err(self.expected(raw, field, "text")),
        }
    }

    /// URIs: an array of strings as the specification has it, or one string as is common.
    fn uris(&self, raw: Option<&'a RawValue>, field: &str) -> Result<Vec<String>> {
        if let Some(raw) = raw.filter(|r| Kind::of(r) == Kind::Text) {
            return Ok(self.string(Some(raw), field)?.into_iter().collect());
        }
        let items = self.array(raw, field, "a URI or an array of URIs")?;
        items.into_iter().filter_map(|item| self.string(Some(item), field).transpose()).collect()
    }

    /// Milliseconds, as a number or as text holding one.
    fn duration(&self, raw: Option<&'a RawValue>) -> Result<Option<u32>> {
        let Some(raw) = present(raw) else { return Ok(None) };
        let written = match Kind::of(raw) {
            Kind::Text => self.parse::<String>(raw, "duration")?,
            Kind::Number => raw.get().to_owned(),
            _ => return Err(self.expected(raw, "duration", "a number of milliseconds")),
        };
        match number(&written).and_then(duration_ms) {
            Some(ms) => Ok(Some(ms)),
            None => Err(self.src.duration_error(self.line(raw), "duration", &written, "milliseconds")),
        }
    }

    /// Segue's value in an `extension` object: the first of its array (or the value itself
    /// when a tool left the array out).
    fn extension(&self, raw: Option<&'a RawValue>) -> Result<Option<Value>> {
        let Some(raw) = present(raw) else { return Ok(None) };
        let Some(ours) = self.object(raw, "extension")?.remove(SEGUE_EXTENSION) else { return Ok(None) };
        let value = match Kind::of(ours) {
            Kind::Array => self.array(Some(ours), "extension", "an array")?.first().copied(),
            _ => Some(ours),
        };
        value.map(|v| self.parse(v, "extension")).transpose()
    }

    fn track(&self, raw: &'a RawValue) -> Result<ReadEntry> {
        let line = self.line(raw);
        let track = self.object(raw, "track")?;
        let field = |name: &str| track.get(name).copied();
        let locations = self.uris(field("location"), "location")?;
        let identifiers = self.uris(field("identifier"), "identifier")?;
        let entry = ReadEntry {
            line,
            track_id: locations.iter().chain(&identifiers).find_map(|uri| track_id_from_uri(uri)),
            location: locations.into_iter().next(),
            title: self.string(field("title"), "title")?,
            artist: self.string(field("creator"), "creator")?,
            album: self.string(field("album"), "album")?,
            duration_ms: self.duration(field("duration"))?,
            extension: self.extension(field("extension"))?,
        };
        entry.checked(self.src)
    }
}

/// The error for a file that is not JSON at all.
fn malformed(text: &Text<'_>, e: &serde_json::Error) -> ImportError {
    let message = format!("the JSON is malformed: {} (column {})", bare_message(e), e.column());
    ImportError::line(text.file, e.line().max(1) as u64, message)
}

/// Reads a JSPF file.
pub(super) fn read(text: &Text<'_>) -> Result<ReadPlaylist> {
    let root: &RawValue = serde_json::from_str(text.content).map_err(|e| malformed(text, &e))?;
    let reader = Reader { src: text };
    let shape = "a JSPF file is one object, {\"playlist\": {...}}";
    let root = match Kind::of(root) {
        Kind::Object => reader.object(root, "playlist")?,
        kind => return Err(text.error(reader.line(root), "playlist", format!("{shape}, not {}", kind.name()))),
    };
    let Some(playlist) = root.get("playlist") else {
        return Err(text.error(1, "playlist", format!("the file has no \"playlist\": {shape}")));
    };
    let playlist = reader.object(playlist, "playlist")?;
    let field = |name: &str| playlist.get(name).copied();
    let tracks = reader.array(field("track"), "track", "an array of track objects")?;
    Ok(ReadPlaylist {
        title: reader.string(field("title"), "title")?,
        annotation: reader.string(field("annotation"), "annotation")?,
        extension: reader.extension(field("extension"))?,
        entries: tracks.into_iter().map(|t| reader.track(t)).collect::<Result<_>>()?,
    })
}
