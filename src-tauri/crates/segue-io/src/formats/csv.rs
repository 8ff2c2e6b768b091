//! CSV for spreadsheets, in the columns Segue's own playlist importer reads back.
//!
//! The first four columns are the ones [`crate::playlists`] requires (it matches columns by
//! name and ignores the others), so an exported playlist can be edited in a spreadsheet and
//! imported again; the rest say what each track is for the people reading the sheet.

use super::{known_duration, track_uri, PlaylistDoc};

/// The header row.
const HEADER: [&str; 9] =
    ["playlist_id", "playlist_name", "track_id", "position", "uri", "title", "artist", "album", "duration_ms"];

/// Writes `doc` as CSV, one row per entry: `playlist_id` is the id the rows group under when
/// imported again, `position` counts from 0 (as Segue's JSON does), and `duration_ms` is empty
/// when unknown. Values are quoted when they need to be (commas, quotes, line breaks).
pub fn write_csv(doc: &PlaylistDoc, playlist_id: &str) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let memory = "writing CSV to memory cannot fail";
    writer.write_record(HEADER).expect(memory);
    for (position, entry) in doc.entries.iter().enumerate() {
        let duration = known_duration(entry.duration_ms).map(|ms| ms.to_string()).unwrap_or_default();
        let position = position.to_string();
        let uri = track_uri(&entry.track_id);
        let row = [
            playlist_id,
            &doc.title,
            &entry.track_id,
            &position,
            &uri,
            &entry.title,
            &entry.artist,
            &entry.album,
            &duration,
        ];
        writer.write_record(row).expect(memory);
    }
    writer.into_inner().expect(memory)
}
