//! The catalogue model: a track, its audio features and the ranges those features may take.
//!
//! Feature names and ranges follow the Spotify Web API's audio features, which is what
//! catalogues in the wild (and the spotify-songs data set (`demo/`)) carry. A value outside its range is
//! bad input, never something to clamp quietly.

use serde::{Deserialize, Serialize};

/// One audio feature: its name in files and in the UI, and the closed range of valid values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    /// How suitable for dancing, 0–1.
    Danceability,
    /// Perceived intensity, 0–1.
    Energy,
    /// Pitch class, 0–11 (C = 0); −1 when no key was detected.
    Key,
    /// Overall loudness in dB, −60–5.
    Loudness,
    /// Major (1) or minor (0).
    Mode,
    /// Presence of spoken words, 0–1.
    Speechiness,
    /// Confidence the track is acoustic, 0–1.
    Acousticness,
    /// Likelihood of no vocals, 0–1.
    Instrumentalness,
    /// Presence of an audience, 0–1.
    Liveness,
    /// Musical positiveness, 0–1.
    Valence,
    /// Beats per minute, 0–300 (0 where the tempo could not be measured).
    Tempo,
}

impl Feature {
    /// Every feature, in the order the catalogue stores them.
    pub const ALL: [Feature; 11] = [
        Feature::Danceability,
        Feature::Energy,
        Feature::Key,
        Feature::Loudness,
        Feature::Mode,
        Feature::Speechiness,
        Feature::Acousticness,
        Feature::Instrumentalness,
        Feature::Liveness,
        Feature::Valence,
        Feature::Tempo,
    ];

    /// The column name used in files, the database and the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Danceability => "danceability",
            Feature::Energy => "energy",
            Feature::Key => "key",
            Feature::Loudness => "loudness",
            Feature::Mode => "mode",
            Feature::Speechiness => "speechiness",
            Feature::Acousticness => "acousticness",
            Feature::Instrumentalness => "instrumentalness",
            Feature::Liveness => "liveness",
            Feature::Valence => "valence",
            Feature::Tempo => "tempo",
        }
    }

    /// The closed range of valid values.
    pub fn range(self) -> (f32, f32) {
        match self {
            Feature::Key => (-1.0, 11.0),
            Feature::Loudness => (-60.0, 5.0),
            Feature::Mode => (0.0, 1.0),
            Feature::Tempo => (0.0, 300.0),
            _ => (0.0, 1.0),
        }
    }

    /// Whether the feature only takes whole numbers (key, mode).
    pub fn is_integral(self) -> bool {
        matches!(self, Feature::Key | Feature::Mode)
    }

    /// Checks a value against the feature's range and integrality, with a message fit for an
    /// import error.
    pub fn check(self, value: f32) -> Result<(), String> {
        let (lo, hi) = self.range();
        if !value.is_finite() || value < lo || value > hi {
            return Err(format!("{value} is outside the valid range {lo} to {hi}"));
        }
        if self.is_integral() && value.fract() != 0.0 {
            return Err(format!("{value} is not a whole number"));
        }
        Ok(())
    }
}

/// A track's audio features; each is optional because not every catalogue has every feature.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AudioFeatures {
    /// See [`Feature::Danceability`].
    pub danceability: Option<f32>,
    /// See [`Feature::Energy`].
    pub energy: Option<f32>,
    /// See [`Feature::Key`].
    pub key: Option<f32>,
    /// See [`Feature::Loudness`].
    pub loudness: Option<f32>,
    /// See [`Feature::Mode`].
    pub mode: Option<f32>,
    /// See [`Feature::Speechiness`].
    pub speechiness: Option<f32>,
    /// See [`Feature::Acousticness`].
    pub acousticness: Option<f32>,
    /// See [`Feature::Instrumentalness`].
    pub instrumentalness: Option<f32>,
    /// See [`Feature::Liveness`].
    pub liveness: Option<f32>,
    /// See [`Feature::Valence`].
    pub valence: Option<f32>,
    /// See [`Feature::Tempo`].
    pub tempo: Option<f32>,
}

impl AudioFeatures {
    /// The value of one feature.
    pub fn get(&self, f: Feature) -> Option<f32> {
        *self.slot(f)
    }

    /// Sets one feature.
    pub fn set(&mut self, f: Feature, v: Option<f32>) {
        let slot = match f {
            Feature::Danceability => &mut self.danceability,
            Feature::Energy => &mut self.energy,
            Feature::Key => &mut self.key,
            Feature::Loudness => &mut self.loudness,
            Feature::Mode => &mut self.mode,
            Feature::Speechiness => &mut self.speechiness,
            Feature::Acousticness => &mut self.acousticness,
            Feature::Instrumentalness => &mut self.instrumentalness,
            Feature::Liveness => &mut self.liveness,
            Feature::Valence => &mut self.valence,
            Feature::Tempo => &mut self.tempo,
        };
        *slot = v;
    }

    fn slot(&self, f: Feature) -> &Option<f32> {
        match f {
            Feature::Danceability => &self.danceability,
            Feature::Energy => &self.energy,
            Feature::Key => &self.key,
            Feature::Loudness => &self.loudness,
            Feature::Mode => &self.mode,
            Feature::Speechiness => &self.speechiness,
            Feature::Acousticness => &self.acousticness,
            Feature::Instrumentalness => &self.instrumentalness,
            Feature::Liveness => &self.liveness,
            Feature::Valence => &self.valence,
            Feature::Tempo => &self.tempo,
        }
    }
}

/// A catalogue track. `id` is the catalogue's own id (a Spotify id in the demo).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Track {
    /// The catalogue's id of the track; unique in a workspace.
    pub id: String,
    /// Title (may be empty: real catalogues have such rows).
    pub title: String,
    /// Artist or artists as credited.
    pub artist: String,
    /// Album title.
    pub album: String,
    /// The catalogue's album id, when it has one.
    pub album_id: Option<String>,
    /// Release date as given: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub release_date: Option<String>,
    /// Length in milliseconds.
    pub duration_ms: u32,
    /// Popularity 0–100.
    pub popularity: Option<u8>,
    /// Whether the track has explicit lyrics, when known.
    pub explicit: Option<bool>,
    /// Genre tags, most important first.
    pub genres: Vec<String>,
    /// Subgenre tags, most important first.
    pub subgenres: Vec<String>,
    /// Audio features.
    pub features: AudioFeatures,
}

impl Track {
    /// The release year, read from the start of [`release_date`](Self::release_date).
    pub fn release_year(&self) -> Option<i32> {
        release_year(self.release_date.as_deref()?)
    }

    /// The first field (by its file column name) whose value differs between two records of the
    /// same track, ignoring genre tags, which a catalogue legitimately spreads over rows.
    pub fn first_difference(&self, other: &Track) -> Option<&'static str> {
        let plain: [(&'static str, bool); 9] = [
            ("track_id", self.id == other.id),
            ("track_name", self.title == other.title),
            ("track_artist", self.artist == other.artist),
            ("track_album_name", self.album == other.album),
            ("track_album_id", self.album_id == other.album_id),
            ("track_album_release_date", self.release_date == other.release_date),
            ("duration_ms", self.duration_ms == other.duration_ms),
            ("track_popularity", self.popularity == other.popularity),
            ("explicit", self.explicit == other.explicit),
        ];
        if let Some((name, _)) = plain.iter().find(|(_, same)| !same) {
            return Some(name);
        }
        Feature::ALL
            .into_iter()
            .find(|f| self.features.get(*f) != other.features.get(*f))
            .map(Feature::name)
    }

    /// Adds genre and subgenre tags not already present, keeping their order.
    pub fn merge_tags(&mut self, genres: &[String], subgenres: &[String]) {
        for g in genres {
            if !self.genres.contains(g) {
                self.genres.push(g.clone());
            }
        }
        for s in subgenres {
            if !self.subgenres.contains(s) {
                self.subgenres.push(s.clone());
            }
        }
    }
}

/// Reads the year of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date; `None` for anything else.
pub fn release_year(date: &str) -> Option<i32> {
    let year = date.get(..4)?;
    let rest = &date[4..];
    let well_formed = year.bytes().all(|b| b.is_ascii_digit())
        && (rest.is_empty() || is_month(rest) || (rest.len() == 6 && is_month(&rest[..3]) && is_day(&rest[3..])));
    well_formed.then(|| year.parse().ok()).flatten()
}

fn is_month(s: &str) -> bool {
    s.len() == 3 && s.starts_with('-') && matches!(s[1..].parse::<u8>(), Ok(1..=12))
}

fn is_day(s: &str) -> bool {
    s.len() == 3 && s.starts_with('-') && matches!(s[1..].parse::<u8>(), Ok(1..=31))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_reject_out_of_range_and_fractional_keys() {
        assert!(Feature::Energy.check(0.5).is_ok());
        assert!(Feature::Energy.check(1.2).is_err());
        assert!(Feature::Energy.check(f32::NAN).is_err());
        assert!(Feature::Key.check(-1.0).is_ok());
        assert!(Feature::Key.check(3.5).is_err());
        assert!(Feature::Tempo.check(0.0).is_ok());
        assert!(Feature::Loudness.check(-46.4).is_ok());
    }

    #[test]
    fn release_years_from_partial_dates() {
        assert_eq!(release_year("2019"), Some(2019));
        assert_eq!(release_year("2019-06"), Some(2019));
        assert_eq!(release_year("2019-06-14"), Some(2019));
        assert_eq!(release_year("2019-13"), None);
        assert_eq!(release_year("19"), None);
        assert_eq!(release_year("June 2019"), None);
    }

    #[test]
    fn first_difference_names_the_column_and_ignores_tags() {
        let a = Track { id: "x".into(), title: "T".into(), genres: vec!["pop".into()], ..Default::default() };
        let mut b = a.clone();
        b.genres = vec!["rock".into()];
        assert_eq!(a.first_difference(&b), None);
        b.features.energy = Some(0.3);
        assert_eq!(a.first_difference(&b), Some("energy"));
        b.title = "U".into();
        assert_eq!(a.first_difference(&b), Some("track_name"));
    }

    #[test]
    fn merge_tags_keeps_order_without_repeats() {
        let mut a = Track { genres: vec!["pop".into()], ..Default::default() };
        a.merge_tags(&["rock".into(), "pop".into()], &["indie".into()]);
        assert_eq!(a.genres, vec!["pop", "rock"]);
        assert_eq!(a.subgenres, vec!["indie"]);
    }
}
