//! Listener behaviour as the engine sees it: plain records over dense indices.
//!
//! The store maps external listener ids, track ids and artist names to dense `u32` indices
//! (positions in the arrays the engine works on); the engine never sees strings it has to look up.
//! Events are folded into one [`PairSignal`] per (listener, track) as they stream in, so a file of
//! tens of millions of events never has to be held in memory: see [`PairSignal::absorb`].

use serde::{Deserialize, Serialize};
use specta::Type;

/// What a listener did with a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The track was played (a play shorter than [`SHORT_PLAY_MS`] counts as a skip).
    Play,
    /// The listener skipped the track.
    Skip,
    /// The listener saved the track to their library.
    Save,
    /// The listener added the track to one of their playlists.
    PlaylistAdd,
}

impl EventKind {
    /// The spelling used in files and JSON: `play`, `skip`, `save`, `playlist_add`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Play => "play",
            Self::Skip => "skip",
            Self::Save => "save",
            Self::PlaylistAdd => "playlist_add",
        }
    }

    /// Parses the spelling of [`EventKind::as_str`] (case-insensitive; `add` is accepted for
    /// `playlist_add`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "play" => Some(Self::Play),
            "skip" => Some(Self::Skip),
            "save" => Some(Self::Save),
            "playlist_add" | "add" => Some(Self::PlaylistAdd),
            _ => None,
        }
    }
}

/// A play shorter than this many milliseconds counts as a skip (DESIGN.md, "Taste vectors").
pub const SHORT_PLAY_MS: u32 = 30_000;

/// One listening event over dense indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Dense listener index.
    pub listener: u32,
    /// Dense track index.
    pub track: u32,
    /// What happened.
    pub kind: EventKind,
    /// When, in Unix seconds (UTC).
    pub timestamp: i64,
    /// How long the track played, when known (plays only).
    pub ms_played: Option<u32>,
}

/// Everything known about one listener and one track: counts of each kind of event and the time
/// of the newest one. Aggregate files arrive in this shape directly (without a time).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct PairSignal {
    /// Dense listener index.
    pub listener: u32,
    /// Dense track index.
    pub track: u32,
    /// Plays of at least [`SHORT_PLAY_MS`] (or of unknown length).
    pub plays: f32,
    /// Skips, including plays shorter than [`SHORT_PLAY_MS`].
    pub skips: f32,
    /// Saves.
    pub saves: f32,
    /// Playlist adds.
    pub adds: f32,
    /// Newest event of this pair in Unix seconds, `None` for aggregates without time.
    pub last_ts: Option<i64>,
}

impl PairSignal {
    /// An empty signal for a pair.
    pub fn new(listener: u32, track: u32) -> Self {
        Self { listener, track, ..Self::default() }
    }

    /// Folds one event of this pair in: a play under [`SHORT_PLAY_MS`] counts as a skip.
    pub fn absorb(&mut self, event: &Event) {
        debug_assert_eq!((event.listener, event.track), (self.listener, self.track));
        match event.kind {
            EventKind::Play if event.ms_played.is_some_and(|ms| ms < SHORT_PLAY_MS) => {
                self.skips += 1.0
            }
            EventKind::Play => self.plays += 1.0,
            EventKind::Skip => self.skips += 1.0,
            EventKind::Save => self.saves += 1.0,
            EventKind::PlaylistAdd => self.adds += 1.0,
        }
        self.last_ts = Some(self.last_ts.map_or(event.timestamp, |t| t.max(event.timestamp)));
    }

    /// Adds another signal of the same pair (re-imports add up; the newest time wins).
    pub fn merge(&mut self, other: &PairSignal) {
        self.plays += other.plays;
        self.skips += other.skips;
        self.saves += other.saves;
        self.adds += other.adds;
        self.last_ts = match (self.last_ts, other.last_ts) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Artist-level plays (for instance Last.fm scrobble counts): spread over the artist's tracks by
/// popularity when taste vectors are built.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ArtistPlays {
    /// Dense listener index.
    pub listener: u32,
    /// Dense artist index.
    pub artist: u32,
    /// Number of plays.
    pub plays: f32,
}

/// Normalizes an artist name for matching signals to catalogue artists: Unicode lower case,
/// diacritics of Latin letters folded, `&` read as `and`, a leading `the ` dropped, and every run
/// of non-alphanumeric characters collapsed to one space.
pub fn normalize_artist(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = fold_latin(c);
        if c == '&' {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str("and");
            space = true;
        } else if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => out,
    }
}

/// Folds the common accented Latin letters to their base letter.
fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' | 'ß' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, ts: i64, ms: Option<u32>) -> Event {
        Event { listener: 1, track: 2, kind, timestamp: ts, ms_played: ms }
    }

    #[test]
    fn short_plays_count_as_skips_and_the_newest_time_wins() {
        let mut pair = PairSignal::new(1, 2);
        pair.absorb(&event(EventKind::Play, 100, Some(29_999)));
        pair.absorb(&event(EventKind::Play, 300, Some(30_000)));
        pair.absorb(&event(EventKind::Play, 200, None));
        pair.absorb(&event(EventKind::Save, 50, None));
        pair.absorb(&event(EventKind::PlaylistAdd, 60, None));
        assert_eq!((pair.plays, pair.skips, pair.saves, pair.adds), (2.0, 1.0, 1.0, 1.0));
        assert_eq!(pair.last_ts, Some(300));
        let mut other = PairSignal::new(1, 2);
        other.skips = 2.0;
        pair.merge(&other);
        assert_eq!((pair.skips, pair.last_ts), (3.0, Some(300)));
    }

    #[test]
    fn event_kinds_round_trip() {
        for kind in [EventKind::Play, EventKind::Skip, EventKind::Save, EventKind::PlaylistAdd] {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse(" PLAY "), Some(EventKind::Play));
        assert_eq!(EventKind::parse("like"), None);
    }

    #[test]
    fn artist_names_normalize() {
        assert_eq!(normalize_artist("The Beatles"), "beatles");
        assert_eq!(normalize_artist("Beyoncé"), "beyonce");
        assert_eq!(normalize_artist("Simon & Garfunkel"), "simon and garfunkel");
        assert_eq!(normalize_artist("  AC/DC "), "ac dc");
        assert_eq!(normalize_artist("The The"), "the");
        assert_eq!(normalize_artist("Sigur Rós"), "sigur ros");
    }
}
