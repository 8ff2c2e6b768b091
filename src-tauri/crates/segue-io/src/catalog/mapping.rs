//! Which column of a catalogue file feeds which field of a track.
//!
//! Catalogues in the wild name their columns every which way, so the import wizard shows a
//! suggested mapping the editor can correct. The suggestion knows the columns of
//! the spotify-songs data set (`demo/`) exactly and common aliases case-insensitively; it never guesses from
//! values, and it leaves out what it does not recognise (an ISRC, for instance, is not a track id).

use serde::{Deserialize, Serialize};
use segue_core::Feature;

use crate::error::Result;
use crate::table::{column_key, find_column, TableReader};

/// A field of a catalogue track that a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CatalogField {
    /// The catalogue's track id (required).
    Id,
    /// Track title (required as a column; values may be empty).
    Title,
    /// Artist or artists as credited (required as a column; values may be empty).
    Artist,
    /// Album title.
    Album,
    /// The catalogue's album id.
    AlbumId,
    /// Release date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ReleaseDate,
    /// Length in milliseconds (required).
    DurationMs,
    /// Popularity 0–100.
    Popularity,
    /// Explicit lyrics: true/false, 1/0 or yes/no.
    Explicit,
    /// A genre tag.
    Genre,
    /// A subgenre tag.
    Subgenre,
    /// The id of a playlist holding the track (one row per playlist, as in spotify-songs).
    PlaylistId,
    /// The name of that playlist.
    PlaylistName,
    /// See [`Feature::Danceability`].
    Danceability,
    /// See [`Feature::Energy`].
    Energy,
    /// See [`Feature::Key`].
    Key,
    /// See [`Feature::Loudness`].
    Loudness,
    /// See [`Feature::Mode`].
    Mode,
    /// See [`Feature::Speechiness`].
    Speechiness,
    /// See [`Feature::Acousticness`].
    Acousticness,
    /// See [`Feature::Instrumentalness`].
    Instrumentalness,
    /// See [`Feature::Liveness`].
    Liveness,
    /// See [`Feature::Valence`].
    Valence,
    /// See [`Feature::Tempo`].
    Tempo,
}

/// The number of [`CatalogField`]s.
pub(crate) const FIELD_COUNT: usize = CatalogField::ALL.len();

impl CatalogField {
    /// Every field, in the order the import wizard lists them.
    pub const ALL: [CatalogField; 24] = [
        CatalogField::Id,
        CatalogField::Title,
        CatalogField::Artist,
        CatalogField::Album,
        CatalogField::AlbumId,
        CatalogField::ReleaseDate,
        CatalogField::DurationMs,
        CatalogField::Popularity,
        CatalogField::Explicit,
        CatalogField::Genre,
        CatalogField::Subgenre,
        CatalogField::PlaylistId,
        CatalogField::PlaylistName,
        CatalogField::Danceability,
        CatalogField::Energy,
        CatalogField::Key,
        CatalogField::Loudness,
        CatalogField::Mode,
        CatalogField::Speechiness,
        CatalogField::Acousticness,
        CatalogField::Instrumentalness,
        CatalogField::Liveness,
        CatalogField::Valence,
        CatalogField::Tempo,
    ];

    /// Whether an import needs a column for this field: id, title, artist and duration.
    pub fn required(self) -> bool {
        matches!(self, CatalogField::Id | CatalogField::Title | CatalogField::Artist | CatalogField::DurationMs)
    }

    /// The field's name in the import wizard (and in errors about the mapping itself).
    pub fn label(self) -> &'static str {
        match self {
            CatalogField::Id => "Track id",
            CatalogField::Title => "Title",
            CatalogField::Artist => "Artist",
            CatalogField::Album => "Album",
            CatalogField::AlbumId => "Album id",
            CatalogField::ReleaseDate => "Release date",
            CatalogField::DurationMs => "Duration (ms)",
            CatalogField::Popularity => "Popularity",
            CatalogField::Explicit => "Explicit",
            CatalogField::Genre => "Genre",
            CatalogField::Subgenre => "Subgenre",
            CatalogField::PlaylistId => "Playlist id",
            CatalogField::PlaylistName => "Playlist name",
            CatalogField::Danceability => "Danceability",
            CatalogField::Energy => "Energy",
            CatalogField::Key => "Key",
            CatalogField::Loudness => "Loudness (dB)",
            CatalogField::Mode => "Mode",
            CatalogField::Speechiness => "Speechiness",
            CatalogField::Acousticness => "Acousticness",
            CatalogField::Instrumentalness => "Instrumentalness",
            CatalogField::Liveness => "Liveness",
            CatalogField::Valence => "Valence",
            CatalogField::Tempo => "Tempo (BPM)",
        }
    }

    /// The field's column name in spotify-songs (`track_name`, `duration_ms`, `energy`, …), the
    /// names [`Track::first_difference`](segue_core::Track::first_difference) reports; `explicit`
    /// for the one field spotify-songs lacks.
    pub fn name(self) -> &'static str {
        self.aliases()[0]
    }

    /// Reads a field from any of its spellings: its JSON name (`durationMs`), that name in snake
    /// case (`duration_ms`), its spotify-songs column (`track_name`) or its label (`Duration
    /// (ms)`), ignoring case, spaces, dashes, underscores and brackets.
    pub fn from_name(name: &str) -> Option<CatalogField> {
        let wanted = squash(name);
        CatalogField::ALL
            .into_iter()
            .find(|f| [f.json_name(), f.name(), f.label()].into_iter().any(|n| squash(n) == wanted))
    }

    /// The name serde gives the field (camelCase), as the UI and JSON files spell it.
    pub(crate) fn json_name(self) -> &'static str {
        match self {
            CatalogField::Id => "id",
            CatalogField::Title => "title",
            CatalogField::Artist => "artist",
            CatalogField::Album => "album",
            CatalogField::AlbumId => "albumId",
            CatalogField::ReleaseDate => "releaseDate",
            CatalogField::DurationMs => "durationMs",
            CatalogField::Popularity => "popularity",
            CatalogField::Explicit => "explicit",
            CatalogField::Genre => "genre",
            CatalogField::Subgenre => "subgenre",
            CatalogField::PlaylistId => "playlistId",
            CatalogField::PlaylistName => "playlistName",
            other => other.feature().map_or("", Feature::name),
        }
    }

    /// The audio feature this field carries, if it is one.
    pub fn feature(self) -> Option<Feature> {
        Some(match self {
            CatalogField::Danceability => Feature::Danceability,
            CatalogField::Energy => Feature::Energy,
            CatalogField::Key => Feature::Key,
            CatalogField::Loudness => Feature::Loudness,
            CatalogField::Mode => Feature::Mode,
            CatalogField::Speechiness => Feature::Speechiness,
            CatalogField::Acousticness => Feature::Acousticness,
            CatalogField::Instrumentalness => Feature::Instrumentalness,
            CatalogField::Liveness => Feature::Liveness,
            CatalogField::Valence => Feature::Valence,
            CatalogField::Tempo => Feature::Tempo,
            _ => return None,
        })
    }

    /// Column names that mean this field, lower case with `_` for spaces and dashes, best first;
    /// the spotify-songs name comes first wherever it has one.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            CatalogField::Id => &["track_id", "id", "trackid", "song_id", "spotify_id"],
            CatalogField::Title => &["track_name", "title", "name", "track_title", "song_name", "song", "track"],
            CatalogField::Artist => &["track_artist", "artist", "artists", "artist_name", "artist_names"],
            CatalogField::Album => &["track_album_name", "album", "album_name"],
            CatalogField::AlbumId => &["track_album_id", "album_id"],
            CatalogField::ReleaseDate => {
                &["track_album_release_date", "release_date", "album_release_date", "released", "year", "release_year"]
            }
            CatalogField::DurationMs => &["duration_ms", "duration", "length_ms"],
            CatalogField::Popularity => &["track_popularity", "popularity"],
            CatalogField::Explicit => &["explicit", "is_explicit"],
            CatalogField::Genre => &["playlist_genre", "genre", "track_genre"],
            CatalogField::Subgenre => &["playlist_subgenre", "subgenre", "sub_genre"],
            CatalogField::PlaylistId => &["playlist_id"],
            CatalogField::PlaylistName => &["playlist_name", "playlist"],
            CatalogField::Danceability => &["danceability"],
            CatalogField::Energy => &["energy"],
            CatalogField::Key => &["key"],
            CatalogField::Loudness => &["loudness"],
            CatalogField::Mode => &["mode"],
            CatalogField::Speechiness => &["speechiness"],
            CatalogField::Acousticness => &["acousticness"],
            CatalogField::Instrumentalness => &["instrumentalness"],
            CatalogField::Liveness => &["liveness"],
            CatalogField::Valence => &["valence"],
            CatalogField::Tempo => &["tempo", "bpm"],
        }
    }
}

/// A name lower-cased with everything but letters and digits left out, for loose comparison.
fn squash(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// One field fed by one column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnBinding {
    /// The track field.
    pub field: CatalogField,
    /// The column name exactly as the file's header (or first JSON object) spells it, trimmed.
    pub column: String,
}

/// Which columns feed which fields; suggested by [`suggest_mapping`], corrected by the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The bindings, at most one per field.
    pub bindings: Vec<ColumnBinding>,
}

impl ColumnMapping {
    /// The column bound to a field, if any.
    pub fn column(&self, field: CatalogField) -> Option<&str> {
        self.bindings.iter().find(|b| b.field == field).map(|b| b.column.as_str())
    }

    /// The column bound to the field a name means (see [`CatalogField::from_name`]); this turns the
    /// spotify-songs names [`Track::first_difference`](segue_core::Track::first_difference)
    /// reports into the column of the file at hand.
    pub fn column_for_name(&self, name: &str) -> Option<&str> {
        self.column(CatalogField::from_name(name)?)
    }

    /// Binds the field a name means (see [`CatalogField::from_name`]) to a column, replacing its
    /// binding if it had one; an empty column unbinds the field. The column is checked against
    /// the file when a reader opens with the mapping. Fails with a message listing the fields
    /// when the name means none (for command lines, where the message is the whole answer).
    pub fn bind(&mut self, field: &str, column: &str) -> std::result::Result<(), String> {
        let Some(field) = CatalogField::from_name(field) else {
            let names: Vec<&str> = CatalogField::ALL.iter().map(|f| f.json_name()).collect();
            return Err(format!("{field} is not a catalogue field; the fields are {}", names.join(", ")));
        };
        self.bindings.retain(|b| b.field != field);
        let column = column.trim();
        if !column.is_empty() {
            self.bindings.push(ColumnBinding { field, column: column.to_owned() });
        }
        Ok(())
    }

    /// The required fields no column is bound to, in [`CatalogField::ALL`] order.
    pub fn missing_required(&self) -> Vec<CatalogField> {
        CatalogField::ALL.into_iter().filter(|f| f.required() && self.column(*f).is_none()).collect()
    }

    /// Checks the mapping against a file's columns and returns, per field, the index of its
    /// column. Every error is on the header line: a column that is not in the file (the field is
    /// the column), a field bound twice, or a required field left out (the field is its label).
    pub(crate) fn resolve(&self, table: &TableReader) -> Result<[Option<usize>; FIELD_COUNT]> {
        let mut resolved = [None; FIELD_COUNT];
        for binding in &self.bindings {
            let label = binding.field.label();
            let Some(index) = table.columns().iter().position(|c| *c == binding.column) else {
                let message = format!("{label} is mapped to this column, but the file has no column of that name");
                return Err(table.column_error(Some(binding.column.clone()), message));
            };
            if resolved[binding.field as usize].replace(index).is_some() {
                return Err(table.column_error(Some(label.to_owned()), format!("{label} is mapped to more than one column")));
            }
        }
        if let Some(field) = self.missing_required().first() {
            let label = field.label();
            let message = format!("no column is mapped to {label}, which every track needs");
            return Err(table.column_error(Some(label.to_owned()), message));
        }
        Ok(resolved)
    }
}

/// Suggests a mapping for a file's columns: the spotify-songs columns as they are, and common
/// aliases (`id`, `title`/`name`, `artist`/`artists`, `album`, `release_date`/`year`,
/// `duration_ms`/`duration`, …) regardless of case, spaces or dashes. Each column feeds at most
/// one field; unknown columns are left out.
pub fn suggest_mapping(columns: &[String]) -> ColumnMapping {
    let keys: Vec<String> = columns.iter().map(|c| column_key(c)).collect();
    let mut used = vec![false; columns.len()];
    let mut bindings = Vec::new();
    for field in CatalogField::ALL {
        if let Some(i) = find_column(&keys, &mut used, field.aliases()) {
            bindings.push(ColumnBinding { field, column: columns[i].clone() });
        }
    }
    ColumnMapping { bindings }
}
