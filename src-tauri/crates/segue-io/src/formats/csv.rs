//! CSV for spreadsheets, in the columns Segue's own playlist importer reads back.
//!
//! The first four columns are the ones [`crate::playlists`] requires (it matches columns by
//! name and ignores the others), so an exported playlist can be edited in a spreadsheet and
//! imported again; the rest say what each track is for the people reading the sheet.
//!
//! # Formula injection
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some strip
//! a leading tab or carriage return and then do), so a title such as `=HYPERLINK(...)` in a
//! catalogue would run on the machine of whoever opens the package. As OWASP recommends, the
//! writer puts a single quote before such a cell, which spreadsheets show as text and do not
//! run ([`spreadsheet_safe`]). To keep the rule reversible it also quotes a cell that already
//! starts with `'`, so reading strips exactly one leading quote from a cell whose second
//! character is `'` or one of those six ([`spreadsheet_text`]), and every text reads back as it
//! was written: `=1+1` is written `'=1+1`, `'quoted` is written `''quoted`, and both read back
//! unchanged.
//!
//! The rule applies to the free-text columns: `playlist_name`, `title`, `artist` and `album`.
//! Ids, URIs and numbers are written as they are: ids are matched exactly by package
//! verification, URIs start with their scheme, and numbers are never negative.

use std::borrow::Cow;

use super::{known_duration, track_uri, PlaylistDoc};

/// The header row.
const HEADER: [&str; 9] =
    ["playlist_id", "playlist_name", "track_id", "position", "uri", "title", "artist", "album", "duration_ms"];

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list), and the
/// quote the writer puts before them, which therefore needs quoting too.
const NEEDS_QUOTE: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// `text` as a spreadsheet cell that cannot run as a formula: with a `'` put before it when it
/// starts with `=`, `+`, `-`, `@`, a tab, a carriage return or `'` (see the module's rule);
/// as it is otherwise.
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    if text.starts_with(NEEDS_QUOTE) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a cell written by [`spreadsheet_safe`] holds: without its first character when that
/// is a `'` followed by `=`, `+`, `-`, `@`, a tab, a carriage return or `'`; the cell as it is
/// otherwise. `spreadsheet_text(&spreadsheet_safe(t)) == t` for every text `t`.
pub fn spreadsheet_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(NEEDS_QUOTE) => rest,
        _ => cell,
    }
}

/// Writes `doc` as CSV, one row per entry: `playlist_id` is the id the rows group under when
/// imported again, `position` counts from 0 (as Segue's JSON does), and `duration_ms` is empty
/// when unknown. Values are quoted when they need to be (commas, quotes, line breaks), and the
/// free-text columns are made safe for spreadsheets ([`spreadsheet_safe`]).
pub fn write_csv(doc: &PlaylistDoc, playlist_id: &str) -> Vec<u8> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let memory = "writing CSV to memory cannot fail";
    writer.write_record(HEADER).expect(memory);
    let name = spreadsheet_safe(&doc.title);
    for (position, entry) in doc.entries.iter().enumerate() {
        let duration = known_duration(entry.duration_ms).map(|ms| ms.to_string()).unwrap_or_default();
        let position = position.to_string();
        let uri = track_uri(&entry.track_id);
        let [title, artist, album] = [&entry.title, &entry.artist, &entry.album].map(|text| spreadsheet_safe(text));
        let row: [&str; 9] = [playlist_id, &name, &entry.track_id, &position, &uri, &title, &artist, &album, &duration];
        writer.write_record(row).expect(memory);
    }
    writer.into_inner().expect(memory)
}
