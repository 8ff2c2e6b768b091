//! Artist-level plays (scrobble counts and the like) turned into track-level taste.
//!
//! Some sources only say "this listener played this artist 240 times". We spread that over the
//! artist's most popular catalogue tracks — the ones a listener of the artist most likely heard —
//! in proportion to `popularity + 1` (the +1 keeps tracks of popularity 0, or unknown, in play).

use std::collections::HashMap;

use crate::signals::{normalize_artist, ArtistPlays};
use crate::track::Track;

use super::{TasteError, TasteParams};

/// The catalogue's artists by normalized name ([`normalize_artist`]), each with its tracks, most
/// popular first. Artist indices follow the names in sorted order, so the same catalogue always
/// gives the same indices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArtistIndex {
    names: Vec<String>,
    by_name: HashMap<String, u32>,
    offsets: Vec<usize>,
    tracks: Vec<u32>,
    popularity: Vec<u8>,
}

impl ArtistIndex {
    /// Indexes the artists of a catalogue (dense track index = position in the slice). Tracks
    /// whose artist normalizes to nothing are left out; unknown popularity counts as 0.
    pub fn from_tracks(tracks: &[Track]) -> Self {
        let mut grouped: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
        for (i, t) in tracks.iter().enumerate() {
            let name = normalize_artist(&t.artist);
            if !name.is_empty() {
                grouped
                    .entry(name)
                    .or_default()
                    .push((i as u32, t.popularity.unwrap_or(0)));
            }
        }
        let mut names: Vec<String> = grouped.keys().cloned().collect();
        names.sort_unstable();
        let mut index = ArtistIndex {
            offsets: vec![0],
            ..Default::default()
        };
        for (a, name) in names.iter().enumerate() {
            let mut list = grouped.remove(name).unwrap_or_default();
            list.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            index.tracks.extend(list.iter().map(|x| x.0));
            index.popularity.extend(list.iter().map(|x| x.1));
            index.offsets.push(index.tracks.len());
            index.by_name.insert(name.clone(), a as u32);
        }
        index.names = names;
        index
    }

    /// Number of artists.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the catalogue has no artists.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The index of an artist by its *normalized* name (as the store keeps artist plays).
    pub fn index_of(&self, normalized: &str) -> Option<u32> {
        self.by_name.get(normalized).copied()
    }

    /// The normalized name of an artist.
    pub fn name(&self, artist: u32) -> &str {
        &self.names[artist as usize]
    }

    /// An artist's tracks, most popular first (ties by track index), with their popularity.
    pub fn tracks(&self, artist: u32) -> (&[u32], &[u8]) {
        let span = self.offsets[artist as usize]..self.offsets[artist as usize + 1];
        (&self.tracks[span.clone()], &self.popularity[span])
    }
}

/// Track-level weight that came from artist-level plays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadPlay {
    /// Dense listener index.
    pub listener: u32,
    /// Dense track index.
    pub track: u32,
    /// The track's share of `weight_play · log2(1 + plays)`.
    pub weight: f32,
}

/// Spreads artist-level plays over each artist's `artist_spread_tracks` most popular tracks,
/// share ∝ popularity + 1, total `weight_play · log2(1 + plays)` (the scale of track plays).
/// The result is sorted by (listener, track), one entry per pair. Artist plays carry no time,
/// so they are never decayed.
pub fn spread_artist_plays(
    artist_plays: &[ArtistPlays],
    artists: &ArtistIndex,
    params: &TasteParams,
) -> Result<Vec<SpreadPlay>, TasteError> {
    let top = params.artist_spread_tracks as usize;
    let mut out = Vec::with_capacity(artist_plays.len() * top.min(16));
    for ap in artist_plays {
        if ap.artist as usize >= artists.len() {
            return Err(TasteError::ArtistOutOfRange {
                artist: ap.artist,
                n_artists: artists.len(),
            });
        }
        if ap.plays.is_nan() || ap.plays <= 0.0 {
            continue;
        }
        let (tracks, popularity) = artists.tracks(ap.artist);
        let n = top.min(tracks.len());
        let total = params.weight_play * f64::from(ap.plays).ln_1p() / std::f64::consts::LN_2;
        let norm: f64 = popularity[..n].iter().map(|&p| f64::from(p) + 1.0).sum();
        for (&track, &p) in tracks[..n].iter().zip(&popularity[..n]) {
            let weight = (total * (f64::from(p) + 1.0) / norm) as f32;
            out.push(SpreadPlay {
                listener: ap.listener,
                track,
                weight,
            });
        }
    }
    out.sort_unstable_by_key(|s| (s.listener, s.track));
    out.dedup_by(|later, kept| {
        let same = (later.listener, later.track) == (kept.listener, kept.track);
        if same {
            kept.weight += later.weight;
        }
        same
    });
    Ok(out)
}
