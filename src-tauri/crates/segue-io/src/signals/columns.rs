//! Which column of a signal file holds which field.
//!
//! Signal files come from listening-history exports, warehouses and research data sets, each
//! with its own names (`userID`, `user_id`, `played_at`, `scrobbles`, …), and unlike a catalogue
//! they have a handful of columns, so the names are matched without a wizard: the canonical name
//! or a common alias, regardless of case, spaces or dashes. Columns that match nothing are left
//! alone (an export's extra columns are normal); a required field without a column is an error
//! naming it.

use serde::{Deserialize, Serialize};

use super::SignalKind;
use crate::error::Result;
use crate::table::{column_key, find_column, TableReader};

/// A field of a signal record that a column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SignalField {
    /// The listener's id in the file (every kind).
    ListenerId,
    /// The track's catalogue id (events and aggregates).
    TrackId,
    /// What happened: play, skip, save or playlist_add (events).
    Event,
    /// When it happened (events).
    Timestamp,
    /// How long the track played, in milliseconds (events; optional).
    MsPlayed,
    /// Plays (aggregates and artist plays).
    Plays,
    /// Skips (aggregates; optional, 0 when absent).
    Skips,
    /// Saves (aggregates; optional, 0 when absent).
    Saves,
    /// The artist's name (artist plays).
    Artist,
}

/// The number of [`SignalField`]s.
pub(super) const FIELD_COUNT: usize = 9;

impl SignalField {
    /// The canonical column name: `listener_id`, `track_id`, `event`, `timestamp`, `ms_played`,
    /// `plays`, `skips`, `saves`, `artist`.
    pub fn name(self) -> &'static str {
        self.aliases()[0]
    }

    /// Column names that mean this field, as [`column_key`] writes them, canonical name first.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            SignalField::ListenerId => {
                &["listener_id", "listener", "listenerid", "user_id", "userid", "user", "user_name", "username"]
            }
            SignalField::TrackId => &[
                "track_id",
                "trackid",
                "track",
                "song_id",
                "songid",
                "spotify_id",
                "spotify_track_id",
                "track_uri",
                "spotify_track_uri",
                "uri",
            ],
            SignalField::Event => &["event", "event_type", "eventtype", "type", "action", "kind"],
            SignalField::Timestamp => {
                &["timestamp", "ts", "time", "played_at", "playedat", "event_time", "datetime", "date_time", "date"]
            }
            SignalField::MsPlayed => &["ms_played", "msplayed", "played_ms", "ms"],
            SignalField::Plays => &[
                "plays",
                "play_count",
                "playcount",
                "count",
                "weight",
                "scrobbles",
                "listens",
                "listen_count",
                "n_plays",
            ],
            SignalField::Skips => &["skips", "skip_count", "skipcount", "n_skips"],
            SignalField::Saves => &["saves", "save_count", "savecount", "n_saves"],
            SignalField::Artist => &["artist", "artist_name", "artistname", "artists", "name"],
        }
    }
}

impl SignalKind {
    /// The fields a file of this kind has, each with whether its column is required.
    pub fn fields(self) -> &'static [(SignalField, bool)] {
        use SignalField::*;
        match self {
            SignalKind::Events => &[(ListenerId, true), (TrackId, true), (Event, true), (Timestamp, true), (MsPlayed, false)],
            SignalKind::Aggregates => &[(ListenerId, true), (TrackId, true), (Plays, true), (Skips, false), (Saves, false)],
            SignalKind::ArtistPlays => &[(ListenerId, true), (Artist, true), (Plays, true)],
        }
    }
}

/// Finds the column of each field of `kind`; returns, per field (by `SignalField as usize`), the
/// index of its column. A required field without one is an error on the header line naming the
/// field's canonical name.
pub(super) fn resolve(table: &TableReader, kind: SignalKind) -> Result<[Option<usize>; FIELD_COUNT]> {
    let keys: Vec<String> = table.columns().iter().map(|c| column_key(c)).collect();
    let mut used = vec![false; keys.len()];
    let mut resolved = [None; FIELD_COUNT];
    for &(field, required) in kind.fields() {
        resolved[field as usize] = find_column(&keys, &mut used, field.aliases());
        if required && resolved[field as usize].is_none() {
            let needed: Vec<&str> = kind.fields().iter().filter(|(_, r)| *r).map(|(f, _)| f.name()).collect();
            let others = &field.aliases()[1..];
            let more = if others.len() > 4 { ", …" } else { "" };
            let aliases = others[..others.len().min(4)].join(", ");
            let message = format!(
                "the file has no {} column (nor {aliases}{more}); {} needs {}",
                field.name(),
                kind.article_name(),
                needed.join(", ")
            );
            return Err(table.column_error(Some(field.name().to_owned()), message));
        }
    }
    Ok(resolved)
}
