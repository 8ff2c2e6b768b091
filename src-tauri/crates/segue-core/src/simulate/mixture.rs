//! The known mixture of tastes: which (genre, subgenre) each taste is centred on, where its
//! feature preferences sit, and how much each catalogue track appeals to it.

use std::collections::BTreeMap;

use rand::seq::SliceRandom;
use rand::Rng;

use super::{SimulationError, SimulationParams, TasteSpec};
use crate::track::{Feature, Track};

/// Only (genre, subgenre) combinations with at least this many tracks centre a taste (when any
/// combination has that many): a taste needs tracks to play.
pub const MIN_TASTE_TRACKS: usize = 10;

/// The features a taste has a preference on, in the order of the corner bits.
pub(super) const TASTE_FEATURES: [Feature; 4] = [
    Feature::Energy,
    Feature::Tempo,
    Feature::Danceability,
    Feature::Valence,
];

/// Squared standardized distance charged for a feature a track lacks (two standard deviations).
const MISSING_Z2: f64 = 4.0;

/// Popularity assumed for a track without one (the middle of 0–100).
const UNKNOWN_POPULARITY: f64 = 50.0;

/// Catalogue statistics of one feature.
#[derive(Debug, Clone, Copy)]
pub(super) struct FeatureStats {
    sd: f64,
    low: f64,
    high: f64,
}

/// Mean, standard deviation and the 5th and 95th percentiles of each taste feature.
fn stats(tracks: &[Track]) -> [FeatureStats; 4] {
    TASTE_FEATURES.map(|f| {
        let mut v: Vec<f64> = tracks
            .iter()
            .filter_map(|t| t.features.get(f))
            .map(f64::from)
            .collect();
        if v.is_empty() {
            return FeatureStats {
                sd: 1.0,
                low: 0.0,
                high: 0.0,
            };
        }
        v.sort_by(f64::total_cmp);
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        FeatureStats {
            sd: if sd > 1e-9 { sd } else { 1.0 },
            low: at(0.05),
            high: at(0.95),
        }
    })
}

/// The primary (genre, subgenre) of a track: its first tags ("" for a missing subgenre).
fn primary(t: &Track) -> Option<(&str, &str)> {
    let g = t.genres.first()?;
    Some((g.as_str(), t.subgenres.first().map_or("", String::as_str)))
}

/// Draws the tastes: distinct (genre, subgenre) combinations, one genre after another in a
/// seeded order so that tastes spread over genres first; each with feature targets pushed from
/// its combination's mean towards a distinct corner of (energy, tempo, danceability, valence)
/// space. Corners come from the eight even-parity codes first, which differ pairwise in at least
/// two features, then the odd ones.
pub(super) fn draw_tastes<R: Rng>(
    tracks: &[Track],
    params: &SimulationParams,
    rng: &mut R,
) -> Result<(Vec<TasteSpec>, [FeatureStats; 4]), SimulationError> {
    let mut by_pair: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, t) in tracks.iter().enumerate() {
        if let Some(p) = primary(t) {
            by_pair.entry(p).or_default().push(i);
        }
    }
    if by_pair.is_empty() {
        return Err(SimulationError::NoGenres);
    }
    if by_pair.values().any(|v| v.len() >= MIN_TASTE_TRACKS) {
        by_pair.retain(|_, v| v.len() >= MIN_TASTE_TRACKS);
    }
    let mut genres: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &(g, s) in by_pair.keys() {
        genres.entry(g).or_default().push(s);
    }
    let mut order: Vec<(&str, Vec<&str>)> = genres.into_iter().collect();
    order.shuffle(rng);
    for (_, subs) in &mut order {
        subs.shuffle(rng);
    }
    let rounds = order.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    let pairs: Vec<(&str, &str)> = (0..rounds)
        .flat_map(|r| {
            order
                .iter()
                .filter_map(move |(g, s)| s.get(r).map(|s| (*g, *s)))
        })
        .collect();
    let mut corners: Vec<u8> = (0..16u8).filter(|c| c.count_ones() % 2 == 0).collect();
    let mut odd: Vec<u8> = (0..16u8).filter(|c| c.count_ones() % 2 == 1).collect();
    corners.shuffle(rng);
    odd.shuffle(rng);
    corners.extend(odd);
    let stats = stats(tracks);
    let raw: Vec<f64> = (0..params.tastes).map(|_| 1.0 + rng.gen::<f64>()).collect();
    let raw_total: f64 = raw.iter().sum();
    let tastes = (0..params.tastes as usize)
        .map(|i| {
            let (genre, subgenre) = pairs[i % pairs.len()];
            let members = &by_pair[&(genre, subgenre)];
            let corner = corners[i % corners.len()];
            let target = |j: usize| {
                let f = TASTE_FEATURES[j];
                let vals: Vec<f64> = members
                    .iter()
                    .filter_map(|&t| tracks[t].features.get(f))
                    .map(f64::from)
                    .collect();
                let st = stats[j];
                let mean = if vals.is_empty() {
                    (st.low + st.high) / 2.0
                } else {
                    vals.iter().sum::<f64>() / vals.len() as f64
                };
                let sign = if corner >> j & 1 == 1 { 1.0 } else { -1.0 };
                (mean + sign * params.target_offset * st.sd).clamp(st.low, st.high)
            };
            let words = [("high energy", "low energy"), ("fast", "slow")];
            let word = |j: usize| {
                if corner >> j & 1 == 1 {
                    words[j].0
                } else {
                    words[j].1
                }
            };
            TasteSpec {
                name: format!("{subgenre} ({genre}), {}, {}", word(0), word(1)),
                genre: genre.to_string(),
                subgenre: subgenre.to_string(),
                share: raw[i] / raw_total,
                energy: target(0),
                tempo: target(1),
                danceability: target(2),
                valence: target(3),
            }
        })
        .collect();
    Ok((tastes, stats))
}

/// How well a track fits a taste: tag match and feature closeness, each in `[0, 1]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Appeal {
    /// `(genre weight · genre match + subgenre weight · subgenre match) / (sum of both weights)`.
    pub tags: f64,
    /// `exp(−½ · mean squared standardized distance to the taste's targets)`.
    pub closeness: f64,
}

impl Appeal {
    /// Of a track for a taste.
    pub(super) fn of(
        t: &Track,
        taste: &TasteSpec,
        stats: &[FeatureStats; 4],
        p: &SimulationParams,
    ) -> Self {
        let g = t.genres.contains(&taste.genre);
        let s = !taste.subgenre.is_empty() && t.subgenres.contains(&taste.subgenre);
        let tag_weight = p.genre_weight + p.subgenre_weight;
        let tags = if tag_weight > 0.0 {
            (p.genre_weight * f64::from(u8::from(g)) + p.subgenre_weight * f64::from(u8::from(s)))
                / tag_weight
        } else {
            0.0
        };
        let targets = [taste.energy, taste.tempo, taste.danceability, taste.valence];
        let z2: f64 = TASTE_FEATURES
            .iter()
            .zip(targets)
            .zip(stats)
            .map(|((&f, target), st)| match t.features.get(f) {
                Some(v) => ((f64::from(v) - target) / st.sd).powi(2),
                None => MISSING_Z2,
            })
            .sum();
        Self {
            tags,
            closeness: (-0.5 * z2 / TASTE_FEATURES.len() as f64).exp(),
        }
    }

    /// The affinity that drives track choice: genre and subgenre weights for matching tags,
    /// feature weight × closeness, popularity weight × popularity / 100.
    pub(super) fn affinity(&self, t: &Track, p: &SimulationParams) -> f64 {
        let pop = t.popularity.map_or(UNKNOWN_POPULARITY, f64::from) / 100.0;
        (p.genre_weight + p.subgenre_weight) * self.tags
            + p.feature_weight * self.closeness
            + p.popularity_weight * pop
    }

    /// One number in `[0, 1]` for the listener's reaction: the mean of tag match and closeness.
    pub(super) fn engagement(&self) -> f64 {
        0.5 * (self.tags + self.closeness)
    }
}
