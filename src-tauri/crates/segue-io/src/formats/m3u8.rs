//! M3U8: M3U in UTF-8, the playlist every player opens.
//!
//! The writer keeps to the extended M3U every player reads: `#EXTM3U`, `#PLAYLIST:` for the
//! title, and per track `#EXTINF:<seconds>,<artist> - <title>` then the track's URI. It has no
//! place for albums or Segue's data; packages carry those in JSPF and XSPF.
//!
//! The reader takes plain M3U as well (no header, no `#EXTINF`), CRLF line ends, a byte order
//! mark, comments and unknown tags, `#EXTINF:-1` (length unknown), IPTV-style attributes after
//! the length, `#EXTALB:`/`#EXTART:`, and any location: URIs, URLs and relative file paths
//! (kept as written; only Segue's and Spotify's URIs give a track id).

use super::text::{duration_ms, non_empty, number, Text};
use super::{given, known_duration, track_id_from_uri, track_uri, PlaylistDoc, ReadEntry, ReadPlaylist};
use crate::error::Result;

/// `text` on one line: line breaks and other control characters become spaces, since every
/// line of an M3U file is a tag or a location; trimmed, as readers trim what they read.
fn one_line(text: &str) -> String {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    line.trim().to_owned()
}

/// Writes `doc` as extended M3U in UTF-8. Lengths are whole seconds, rounded (`-1`, the
/// convention for unknown, when the entry has none).
pub fn write_m3u8(doc: &PlaylistDoc) -> Vec<u8> {
    let mut out = String::from("#EXTM3U\n");
    if let Some(title) = given(&one_line(&doc.title)) {
        out.push_str(&format!("#PLAYLIST:{title}\n"));
    }
    for entry in &doc.entries {
        let seconds = known_duration(entry.duration_ms).map_or(-1, |ms| i64::from(ms.saturating_add(500) / 1000));
        let display: Vec<String> =
            [&entry.artist, &entry.title].into_iter().map(|s| one_line(s)).filter(|s| !s.is_empty()).collect();
        out.push_str(&format!("#EXTINF:{seconds},{}\n{}\n", display.join(" - "), track_uri(&entry.track_id)));
    }
    out.into_bytes()
}

/// What `#EXTINF` and the tags after it say about the next location.
#[derive(Default)]
struct Info {
    duration_ms: Option<u32>,
    title: Option<String>,
    artist: Option<String>,
    album: Option<String>,
}

/// The value of tag `name` (`EXTINF:`, ...) on a comment line, the tag's case ignored.
fn tag<'l>(comment: &'l str, name: &str) -> Option<&'l str> {
    let head = comment.get(..name.len())?;
    head.eq_ignore_ascii_case(name).then(|| &comment[name.len()..])
}

/// Reads `#EXTINF:<seconds>[ attributes],<display>` into `info`; the display is split into
/// artist and title at its first ` - `, and is all title when it has none.
fn extinf(src: &Text<'_>, line: u64, value: &str, info: &mut Info) -> Result<()> {
    // The first comma outside quoted attribute values (`tvg-name="a, b"`) ends the length.
    let mut quoted = false;
    let comma = value.char_indices().find(|&(_, c)| {
        quoted ^= c == '"';
        c == ',' && !quoted
    });
    let (length, display) = match comma {
        Some((i, _)) => (&value[..i], value[i + 1..].trim()),
        None => (value, ""),
    };
    let length = length.split_whitespace().next().unwrap_or_default();
    let bad = || src.duration_error(line, "duration", length, "seconds");
    info.duration_ms = match number(length) {
        _ if length.is_empty() => None,
        Some(seconds) if seconds < 0.0 => None,
        Some(seconds) => Some(duration_ms(seconds * 1000.0).ok_or_else(bad)?),
        None => return Err(bad()),
    };
    match display.split_once(" - ") {
        Some((artist, title)) => {
            info.artist = non_empty(artist.trim().to_owned());
            info.title = non_empty(title.trim().to_owned());
        }
        None => info.title = non_empty(display.to_owned()),
    }
    Ok(())
}

/// Reads an M3U or M3U8 file.
pub(super) fn read(src: &Text<'_>) -> Result<ReadPlaylist> {
    let mut playlist = ReadPlaylist::default();
    let mut info = Info::default();
    for (index, line) in src.content.split('\n').enumerate() {
        let number = index as u64 + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(value) = tag(comment, "EXTINF:") {
                extinf(src, number, value, &mut info)?;
            } else if let Some(value) = tag(comment, "PLAYLIST:") {
                playlist.title = non_empty(value.trim().to_owned());
            } else if let Some(value) = tag(comment, "EXTALB:") {
                info.album = non_empty(value.trim().to_owned());
            } else if let Some(value) = tag(comment, "EXTART:") {
                info.artist = non_empty(value.trim().to_owned());
            }
            continue;
        }
        let info = std::mem::take(&mut info);
        playlist.entries.push(ReadEntry {
            line: number,
            track_id: track_id_from_uri(line),
            location: Some(line.to_owned()),
            title: info.title,
            artist: info.artist,
            album: info.album,
            duration_ms: info.duration_ms,
            extension: None,
        });
    }
    Ok(playlist)
}
