//! The content part of a track vector: its audio features, made comparable.
//!
//! Each feature becomes one or two numbers on a common scale, so that no feature dominates
//! distances because of its unit:
//!
//! - the eight 0–1 features and loudness: z-scores over the catalogue;
//! - tempo: z-score of its logarithm (a tempo ratio is what the ear hears: 60→120 bpm is as far as
//!   120→240); a tempo of 0 means "not measured" and counts as missing;
//! - key: a point on the circle of fifths, `(cos θ, sin θ)` with `θ = (7·key mod 12)·2π/12`, so
//!   C sits next to G and F rather than next to C♯; an unknown key (−1 or missing) is the centre
//!   `(0, 0)`. Not standardized: the circle is centred already and its two coordinates have
//!   variance ½ each, so key weighs as one feature;
//! - mode: +1 major, −1 minor, 0 unknown (not standardized either: it is already ±1).
//!
//! A missing value becomes the catalogue mean, that is 0 after standardizing. The means and
//! standard deviations are kept in [`ContentStats`], so that a serving system can place a new
//! track in the same space with [`ContentStats::transform`] without the catalogue.

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::track::{AudioFeatures, Track};

/// Names of the content dimensions, in order.
pub const CONTENT_NAMES: [&str; 12] = [
    "danceability",
    "energy",
    "key_cos",
    "key_sin",
    "loudness",
    "mode",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
    "log_tempo",
];

/// Number of content dimensions.
pub const CONTENT_DIMS: usize = CONTENT_NAMES.len();

/// How the features map to the content dimensions: the raw (pre-standardization) values of one
/// track, `None` where missing, and whether each dimension is standardized.
fn raw_values(f: &AudioFeatures) -> [Option<f64>; CONTENT_DIMS] {
    let v = |x: Option<f32>| x.filter(|x| x.is_finite()).map(f64::from);
    let key = v(f.key).filter(|k| *k >= 0.0).map(|k| {
        let fifths = ((k.round() as i64 * 7).rem_euclid(12)) as f64;
        let theta = fifths * std::f64::consts::TAU / 12.0;
        (theta.cos(), theta.sin())
    });
    let mode = v(f.mode).map(|m| if m >= 0.5 { 1.0 } else { -1.0 });
    [
        v(f.danceability),
        v(f.energy),
        Some(key.map_or(0.0, |k| k.0)),
        Some(key.map_or(0.0, |k| k.1)),
        v(f.loudness),
        Some(mode.unwrap_or(0.0)),
        v(f.speechiness),
        v(f.acousticness),
        v(f.instrumentalness),
        v(f.liveness),
        v(f.valence),
        v(f.tempo).filter(|t| *t > 0.0).map(f64::ln),
    ]
}

/// Whether a content dimension is z-scored (key and mode are encoded as they are).
fn standardized(dim: usize) -> bool {
    !matches!(CONTENT_NAMES[dim], "key_cos" | "key_sin" | "mode")
}

/// The standardization of the content part, fitted on a catalogue: for each dimension its name,
/// the mean subtracted and the standard deviation divided by. Dimensions that are not
/// standardized (key, mode) record mean 0 and deviation 1; a dimension with no spread (a feature
/// the catalogue lacks, or a constant one) records deviation 1, so it maps to 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContentStats {
    /// Dimension names, [`CONTENT_NAMES`].
    pub names: Vec<String>,
    /// Means of the raw values (for `log_tempo`, of the natural log of the tempo).
    pub means: Vec<f64>,
    /// Population standard deviations of the raw values.
    pub stds: Vec<f64>,
}

impl ContentStats {
    /// Fits the standardization on a catalogue, ignoring missing values.
    pub fn fit(tracks: &[Track]) -> ContentStats {
        let mut n = [0f64; CONTENT_DIMS];
        let mut mean = [0f64; CONTENT_DIMS];
        let mut m2 = [0f64; CONTENT_DIMS];
        // Welford's update: stable for a million tracks and loudness near −60.
        for t in tracks {
            for (d, x) in raw_values(&t.features).into_iter().enumerate() {
                if let Some(x) = x {
                    n[d] += 1.0;
                    let delta = x - mean[d];
                    mean[d] += delta / n[d];
                    m2[d] += delta * (x - mean[d]);
                }
            }
        }
        let mut stats = ContentStats {
            names: CONTENT_NAMES.iter().map(|s| s.to_string()).collect(),
            means: vec![0.0; CONTENT_DIMS],
            stds: vec![1.0; CONTENT_DIMS],
        };
        for d in (0..CONTENT_DIMS).filter(|d| standardized(*d) && n[*d] > 0.0) {
            stats.means[d] = mean[d];
            let sd = (m2[d] / n[d]).sqrt();
            stats.stds[d] = if sd > 1e-12 { sd } else { 1.0 };
        }
        stats
    }

    /// Writes the content part of a track with these features into `out` (length
    /// [`CONTENT_DIMS`]); missing values become 0.
    pub fn transform(&self, features: &AudioFeatures, out: &mut [f32]) {
        assert_eq!(
            out.len(),
            CONTENT_DIMS,
            "content part has {CONTENT_DIMS} dimensions"
        );
        for (d, x) in raw_values(features).into_iter().enumerate() {
            out[d] = x.map_or(0.0, |x| ((x - self.means[d]) / self.stds[d]) as f32);
        }
    }

    /// The content parts of a whole catalogue, `n_tracks × CONTENT_DIMS`.
    pub fn transform_all(&self, tracks: &[Track]) -> Array2<f32> {
        let mut out = Array2::<f32>::zeros((tracks.len(), CONTENT_DIMS));
        if let Some(flat) = out.as_slice_mut() {
            flat.par_chunks_mut(CONTENT_DIMS)
                .zip(tracks.par_iter())
                .for_each(|(row, t)| self.transform(&t.features, row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(
        energy: Option<f32>,
        key: Option<f32>,
        mode: Option<f32>,
        tempo: Option<f32>,
    ) -> Track {
        let features = AudioFeatures {
            energy,
            key,
            mode,
            tempo,
            ..Default::default()
        };
        Track {
            features,
            ..Default::default()
        }
    }

    #[test]
    fn standardization_records_means_and_deviations() {
        let tracks = [
            track(Some(0.2), Some(0.0), Some(1.0), Some(60.0)),
            track(Some(0.4), Some(7.0), Some(0.0), Some(240.0)),
            track(Some(0.6), Some(-1.0), None, Some(0.0)),
            track(None, None, None, None),
        ];
        let stats = ContentStats::fit(&tracks);
        assert_eq!(stats.names.len(), CONTENT_DIMS);
        let e = CONTENT_NAMES.iter().position(|n| *n == "energy").unwrap();
        assert!((stats.means[e] - 0.4).abs() < 1e-7);
        assert!((stats.stds[e] - (0.08f64 / 3.0).sqrt()).abs() < 1e-7);
        // Tempo on a log scale: ln 60 and ln 240 average to ln 120; 0 bpm counts as missing.
        let t = CONTENT_NAMES
            .iter()
            .position(|n| *n == "log_tempo")
            .unwrap();
        assert!((stats.means[t] - 120f64.ln()).abs() < 1e-9);
        assert!((stats.stds[t] - 2f64.ln()).abs() < 1e-9);
        // Danceability is missing everywhere: deviation 1, everything maps to 0.
        assert_eq!((stats.means[0], stats.stds[0]), (0.0, 1.0));

        let x = stats.transform_all(&tracks);
        assert!((x[[0, e]] + 1.224_744_9).abs() < 1e-5);
        assert_eq!(x[[3, e]], 0.0, "missing is the mean");
        assert!((x[[1, t]] - 1.0).abs() < 1e-6 && x[[2, t]] == 0.0);
        // Key: C at angle 0, G (7) one fifth away, unknown at the centre; mode ±1.
        let (kc, ks, m) = (2, 3, 5);
        assert!((x[[0, kc]] - 1.0).abs() < 1e-6 && x[[0, ks]].abs() < 1e-6);
        assert!((x[[1, kc]] - (std::f32::consts::TAU / 12.0).cos()).abs() < 1e-6);
        assert_eq!((x[[2, kc]], x[[2, ks]], x[[3, kc]]), (0.0, 0.0, 0.0));
        assert_eq!((x[[0, m]], x[[1, m]], x[[2, m]]), (1.0, -1.0, 0.0));
    }

    #[test]
    fn circle_of_fifths_puts_neighbours_close() {
        let stats = ContentStats::fit(&[]);
        let at = |k: f32| {
            let mut out = [0f32; CONTENT_DIMS];
            stats.transform(
                &AudioFeatures {
                    key: Some(k),
                    ..Default::default()
                },
                &mut out,
            );
            (out[2], out[3])
        };
        let dist =
            |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        // C–G and C–F are a fifth apart; C–C♯ is five fifths apart.
        assert!((dist(at(0.0), at(7.0)) - dist(at(0.0), at(5.0))).abs() < 1e-5);
        assert!(dist(at(0.0), at(7.0)) < dist(at(0.0), at(1.0)));
    }
}
