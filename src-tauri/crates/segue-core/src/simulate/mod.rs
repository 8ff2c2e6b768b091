//! # A seeded listener simulator over a real catalogue, with its ground truth
//!
//! Tests of segments and personalization need listeners whose tastes are known. [`simulate`]
//! draws a mixture of tastes from the catalogue itself and streams plays, skips, saves and
//! playlist adds of listeners drawn from it:
//!
//! - **Tastes** ([`TasteSpec`]): each is centred on a (genre, subgenre) combination of the
//!   catalogue (tracks' first tags), spread over genres first in a seeded order, with targets for
//!   energy, tempo, danceability and valence pushed [`SimulationParams::target_offset`] standard
//!   deviations from that combination's mean towards a distinct corner of that 4-D space. Tastes
//!   therefore differ in genre *and* in audio features, so a taste vector built from content
//!   features alone separates them. Mixture shares are drawn in `[1, 2]` and normalised.
//! - **Track choice**: a listener of taste `s` picks track `t` with probability
//!   `∝ exp(affinity(t, s) / τ)`, where affinity adds weights for the taste's genre and subgenre,
//!   feature closeness (a Gaussian kernel on standardized distance) and popularity. One alias
//!   table per taste (Walker, 1977) is built once, so a draw costs O(1) whatever the catalogue.
//! - **Reactions** depend on how well the track fits (`engagement` in `[0, 1]`, the mean of tag
//!   match and closeness): a skip with probability `SKIP_BASE + SKIP_SLOPE·(1 − e)`; otherwise a
//!   play, short (under 30 s, which the taste step counts as a skip) with probability
//!   `SHORT_BASE + SHORT_SLOPE·(1 − e)`, else of 60–100 % of the track; after a full play, a save
//!   with probability `SAVE_BASE + SAVE_SLOPE·e²` and a playlist add with
//!   `ADD_BASE + ADD_SLOPE·e²`.
//! - **Volume and time**: listens per listener are log-normal around
//!   [`SimulationParams::events_per_listener`] (saves and adds come on top); times are uniform
//!   over the `span_days` before the reference time; a listener's listens are emitted in time
//!   order, each save or add right after its play (stamped at the play's end).
//!
//! Listener `l` draws from its own generator seeded by `(seed, l)`, so its events do not depend
//! on how many listeners are simulated; listener ids are dense `0..listeners`.

mod alias;
mod mixture;
#[cfg(test)]
mod tests;

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::signals::{Event, EventKind, SHORT_PLAY_MS};
use crate::track::Track;
use alias::AliasTable;
use mixture::{draw_tastes, Appeal};

pub use mixture::MIN_TASTE_TRACKS;

/// Default number of simulated listeners.
pub const DEFAULT_LISTENERS: u32 = 10_000;
/// Default number of tastes in the mixture (the demo catalogue has six genres).
pub const DEFAULT_TASTES: u32 = 6;
/// Default seed.
pub const DEFAULT_SEED: u32 = 42;
/// Default mean number of listens (plays and skips) per listener.
pub const DEFAULT_EVENTS_PER_LISTENER: f64 = 120.0;
/// Default standard deviation of the logarithm of a listener's number of listens.
pub const DEFAULT_EVENTS_SPREAD: f64 = 0.4;
/// Default span of the simulated history, in days before the reference time.
pub const DEFAULT_SPAN_DAYS: u32 = 180;
/// Default reference time: 2025-01-01T00:00:00Z, in Unix seconds.
pub const DEFAULT_REFERENCE_TIME: f64 = 1_735_689_600.0;
/// Default temperature τ of track choice: lower is more faithful to the taste.
pub const DEFAULT_TEMPERATURE: f64 = 0.5;
/// Default affinity for a track with the taste's genre.
pub const DEFAULT_GENRE_WEIGHT: f64 = 2.0;
/// Default extra affinity for a track with the taste's subgenre.
pub const DEFAULT_SUBGENRE_WEIGHT: f64 = 1.0;
/// Default affinity for a perfect feature match (scaled by closeness).
pub const DEFAULT_FEATURE_WEIGHT: f64 = 2.0;
/// Default affinity for a popularity of 100 (scaled by popularity / 100).
pub const DEFAULT_POPULARITY_WEIGHT: f64 = 0.5;
/// Default distance of a taste's feature targets from its genre's mean, in standard deviations.
pub const DEFAULT_TARGET_OFFSET: f64 = 0.75;

/// Skip probability of a perfectly fitting track ...
pub const SKIP_BASE: f64 = 0.05;
/// ... plus this much for a track that does not fit at all.
pub const SKIP_SLOPE: f64 = 0.45;
/// Probability that a play is short (under 30 s) for a perfectly fitting track ...
pub const SHORT_BASE: f64 = 0.05;
/// ... plus this much for a track that does not fit at all.
pub const SHORT_SLOPE: f64 = 0.2;
/// Save probability after a full play, plus [`SAVE_SLOPE`] × engagement².
pub const SAVE_BASE: f64 = 0.01;
/// See [`SAVE_BASE`].
pub const SAVE_SLOPE: f64 = 0.12;
/// Playlist-add probability after a full play, plus [`ADD_SLOPE`] × engagement².
pub const ADD_BASE: f64 = 0.005;
/// See [`ADD_BASE`].
pub const ADD_SLOPE: f64 = 0.08;
/// Length assumed for a track whose duration is unknown (0), in milliseconds.
const UNKNOWN_DURATION_MS: u32 = 200_000;

/// The simulation's parameters. Serialized in camelCase; missing fields take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct SimulationParams {
    /// Listeners; default [`DEFAULT_LISTENERS`].
    pub listeners: u32,
    /// Tastes in the mixture; default [`DEFAULT_TASTES`].
    pub tastes: u32,
    /// Seed; default [`DEFAULT_SEED`].
    pub seed: u32,
    /// Mean listens per listener; default [`DEFAULT_EVENTS_PER_LISTENER`].
    pub events_per_listener: f64,
    /// Standard deviation of ln(listens); default [`DEFAULT_EVENTS_SPREAD`].
    pub events_spread: f64,
    /// Days of history; default [`DEFAULT_SPAN_DAYS`].
    pub span_days: u32,
    /// End of the history, Unix seconds; default [`DEFAULT_REFERENCE_TIME`].
    pub reference_time: f64,
    /// Temperature of track choice; default [`DEFAULT_TEMPERATURE`].
    pub temperature: f64,
    /// Affinity for the taste's genre; default [`DEFAULT_GENRE_WEIGHT`].
    pub genre_weight: f64,
    /// Extra affinity for its subgenre; default [`DEFAULT_SUBGENRE_WEIGHT`].
    pub subgenre_weight: f64,
    /// Affinity for feature closeness; default [`DEFAULT_FEATURE_WEIGHT`].
    pub feature_weight: f64,
    /// Affinity for popularity; default [`DEFAULT_POPULARITY_WEIGHT`].
    pub popularity_weight: f64,
    /// Offset of feature targets from the genre mean, in σ; default [`DEFAULT_TARGET_OFFSET`].
    pub target_offset: f64,
}

impl Default for SimulationParams {
    fn default() -> Self {
        Self {
            listeners: DEFAULT_LISTENERS,
            tastes: DEFAULT_TASTES,
            seed: DEFAULT_SEED,
            events_per_listener: DEFAULT_EVENTS_PER_LISTENER,
            events_spread: DEFAULT_EVENTS_SPREAD,
            span_days: DEFAULT_SPAN_DAYS,
            reference_time: DEFAULT_REFERENCE_TIME,
            temperature: DEFAULT_TEMPERATURE,
            genre_weight: DEFAULT_GENRE_WEIGHT,
            subgenre_weight: DEFAULT_SUBGENRE_WEIGHT,
            feature_weight: DEFAULT_FEATURE_WEIGHT,
            popularity_weight: DEFAULT_POPULARITY_WEIGHT,
            target_offset: DEFAULT_TARGET_OFFSET,
        }
    }
}

/// One taste of the mixture: the ground truth a segmentation should recover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TasteSpec {
    /// A readable name, e.g. "reggaeton (latin), high energy, slow": energy and tempo relative to
    /// the mean of its (genre, subgenre).
    pub name: String,
    /// The genre it is centred on.
    pub genre: String,
    /// The subgenre it is centred on ("" when the catalogue has none for that genre).
    pub subgenre: String,
    /// Its share of the mixture (shares sum to 1).
    pub share: f64,
    /// Preferred energy (0–1).
    pub energy: f64,
    /// Preferred tempo (BPM).
    pub tempo: f64,
    /// Preferred danceability (0–1).
    pub danceability: f64,
    /// Preferred valence (0–1).
    pub valence: f64,
}

/// What the simulation drew: the tastes and each listener's taste.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SimulationTruth {
    /// The mixture.
    pub tastes: Vec<TasteSpec>,
    /// The taste of each listener `0..listeners`.
    pub listener_taste: Vec<u32>,
}

/// Why a simulation cannot run.
#[derive(Debug, Error)]
pub enum SimulationError {
    /// The catalogue has no tracks.
    #[error("the catalogue is empty")]
    EmptyCatalogue,
    /// No track has a genre tag to centre a taste on.
    #[error("no track has a genre: tastes are centred on the catalogue's genres")]
    NoGenres,
    /// A parameter cannot work.
    #[error("invalid simulation parameters: {0}")]
    InvalidParams(String),
}

/// Simulates `params.listeners` listeners over `tracks` and passes every event to `emit`,
/// listener by listener and listen by listen in time order; returns the ground truth. Track
/// indices in events are positions in `tracks`. See the module docs for the model.
pub fn simulate<F: FnMut(Event)>(
    tracks: &[Track],
    params: &SimulationParams,
    mut emit: F,
) -> Result<SimulationTruth, SimulationError> {
    check(params)?;
    if tracks.is_empty() {
        return Err(SimulationError::EmptyCatalogue);
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(listener_seed(params.seed, u32::MAX));
    let (tastes, stats) = draw_tastes(tracks, params, &mut rng)?;
    // Per taste: engagement of every track, and the alias table of exp(affinity / τ).
    let per_taste: Vec<(Vec<f32>, AliasTable)> = tastes
        .par_iter()
        .map(|taste| {
            let fits: Vec<Appeal> = tracks
                .iter()
                .map(|t| Appeal::of(t, taste, &stats, params))
                .collect();
            let aff: Vec<f64> = fits
                .iter()
                .zip(tracks)
                .map(|(f, t)| f.affinity(t, params))
                .collect();
            let top = aff.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = aff
                .iter()
                .map(|a| ((a - top) / params.temperature).exp())
                .collect();
            let engagement = fits.iter().map(|f| f.engagement() as f32).collect();
            (engagement, AliasTable::new(&weights))
        })
        .collect();
    let cumulative: Vec<f64> = tastes
        .iter()
        .scan(0.0, |acc, t| {
            *acc += t.share;
            Some(*acc)
        })
        .collect();
    let span = f64::from(params.span_days) * 86_400.0;
    let mut listener_taste = Vec::with_capacity(params.listeners as usize);
    let mut listens: Vec<(f64, u32)> = Vec::new();
    for l in 0..params.listeners {
        let mut rng = Xoshiro256Plus::seed_from_u64(listener_seed(params.seed, l));
        let u: f64 = rng.gen();
        let s = cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(tastes.len() - 1);
        listener_taste.push(s as u32);
        let (engagement, table) = &per_taste[s];
        let sigma = params.events_spread;
        let n = (params.events_per_listener
            * (sigma * gaussian(&mut rng) - 0.5 * sigma * sigma).exp())
        .round()
        .max(1.0) as usize;
        listens.clear();
        listens.extend((0..n).map(|_| {
            (
                params.reference_time - span * rng.gen::<f64>(),
                table.sample(&mut rng),
            )
        }));
        listens.sort_by(|a, b| a.0.total_cmp(&b.0));
        for &(time, track) in &listens {
            react(
                l,
                track,
                time,
                f64::from(engagement[track as usize]),
                &tracks[track as usize],
                &mut rng,
                &mut emit,
            );
        }
    }
    Ok(SimulationTruth {
        tastes,
        listener_taste,
    })
}

/// Emits the events of one listen (see the module docs).
fn react<R: Rng, F: FnMut(Event)>(
    listener: u32,
    track: u32,
    time: f64,
    e: f64,
    t: &Track,
    rng: &mut R,
    emit: &mut F,
) {
    let timestamp = time.floor() as i64;
    let event = |kind, ms_played, timestamp| Event {
        listener,
        track,
        kind,
        timestamp,
        ms_played,
    };
    if rng.gen::<f64>() < SKIP_BASE + SKIP_SLOPE * (1.0 - e) {
        emit(event(EventKind::Skip, None, timestamp));
        return;
    }
    let duration = if t.duration_ms > 0 {
        t.duration_ms
    } else {
        UNKNOWN_DURATION_MS
    };
    if rng.gen::<f64>() < SHORT_BASE + SHORT_SLOPE * (1.0 - e) {
        let ms = rng.gen_range(2_000..SHORT_PLAY_MS).min(duration);
        emit(event(EventKind::Play, Some(ms), timestamp));
        return;
    }
    let ms = (f64::from(duration) * rng.gen_range(0.6..=1.0)).round() as u32;
    emit(event(EventKind::Play, Some(ms), timestamp));
    let after = timestamp + i64::from(ms / 1000);
    if rng.gen::<f64>() < SAVE_BASE + SAVE_SLOPE * e * e {
        emit(event(EventKind::Save, None, after));
    }
    if rng.gen::<f64>() < ADD_BASE + ADD_SLOPE * e * e {
        emit(event(EventKind::PlaylistAdd, None, after));
    }
}

fn check(p: &SimulationParams) -> Result<(), SimulationError> {
    let bad = |why: &str| Err(SimulationError::InvalidParams(why.to_string()));
    let finite_non_negative = [
        p.events_spread,
        p.genre_weight,
        p.subgenre_weight,
        p.feature_weight,
        p.popularity_weight,
        p.target_offset,
    ];
    if p.tastes == 0 {
        return bad("tastes must be at least 1");
    }
    if !(p.temperature.is_finite() && p.temperature > 0.0) {
        return bad("temperature must be a positive number");
    }
    if !(p.events_per_listener.is_finite() && p.events_per_listener > 0.0) {
        return bad("events_per_listener must be a positive number");
    }
    if p.span_days == 0 || !p.reference_time.is_finite() {
        return bad("span_days must be at least 1 and reference_time a number");
    }
    if finite_non_negative
        .iter()
        .any(|v| !(v.is_finite() && *v >= 0.0))
    {
        return bad("weights, target_offset and events_spread must be finite numbers ≥ 0");
    }
    Ok(())
}

/// A standard normal draw (Box–Muller).
fn gaussian<R: Rng>(rng: &mut R) -> f64 {
    let (u, v): (f64, f64) = (1.0 - rng.gen::<f64>(), rng.gen());
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// The seed of listener `l`'s generator (SplitMix64's finaliser over `(seed, l)`).
fn listener_seed(seed: u32, l: u32) -> u64 {
    let mut z = ((u64::from(seed) << 32) | u64::from(l)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
