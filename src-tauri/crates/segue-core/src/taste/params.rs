//! Taste parameters, the weight of one (listener, track) pair and the errors of a taste build.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::signals::PairSignal;

/// Default [`TasteParams::weight_play`]: a (full-length) play is +1 (DESIGN.md).
pub const DEFAULT_WEIGHT_PLAY: f64 = 1.0;
/// Default [`TasteParams::weight_skip`]: a skip, or a play under 30 s, is −0.5.
pub const DEFAULT_WEIGHT_SKIP: f64 = -0.5;
/// Default [`TasteParams::weight_save`]: a save is +3, the strongest deliberate signal.
pub const DEFAULT_WEIGHT_SAVE: f64 = 3.0;
/// Default [`TasteParams::weight_add`]: a playlist add is +2.
pub const DEFAULT_WEIGHT_ADD: f64 = 2.0;
/// Default [`TasteParams::half_life_days`]: 90 days, so last season counts half as much as today.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 90.0;
/// Default [`TasteParams::artist_spread_tracks`]: an artist-level play count is spread over the
/// artist's 10 most popular tracks, the ones a listener of that artist most likely heard.
pub const DEFAULT_ARTIST_SPREAD_TRACKS: u32 = 10;
/// Default [`TasteParams::min_tracks`]: a listener needs 5 distinct positively weighted tracks to
/// take part in fitting segments; fewer say more about chance than about taste.
pub const DEFAULT_MIN_TRACKS: u32 = 5;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// How behaviour becomes taste; recorded with every build. Missing JSON fields take defaults.
///
/// Every count `n` of a kind of event enters as `log2(1 + n)`: one event weighs exactly its
/// weight (one play is +1, as DESIGN.md says) and repetition saturates (3 plays weigh 2, 7 weigh 3),
/// so a track on repeat does not drown a listener's other tracks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TasteParams {
    /// Weight of one play of at least 30 s (or of unknown length).
    pub weight_play: f64,
    /// Weight of one skip (plays under 30 s are skips).
    pub weight_skip: f64,
    /// Weight of one save.
    pub weight_save: f64,
    /// Weight of one playlist add.
    pub weight_add: f64,
    /// Half-life of the time decay in days; 0 turns decay off.
    pub half_life_days: f64,
    /// How many of an artist's most popular tracks share an artist-level play count.
    pub artist_spread_tracks: u32,
    /// Distinct positively weighted tracks a listener needs to be eligible for fitting.
    pub min_tracks: u32,
}

impl Default for TasteParams {
    fn default() -> Self {
        Self {
            weight_play: DEFAULT_WEIGHT_PLAY,
            weight_skip: DEFAULT_WEIGHT_SKIP,
            weight_save: DEFAULT_WEIGHT_SAVE,
            weight_add: DEFAULT_WEIGHT_ADD,
            half_life_days: DEFAULT_HALF_LIFE_DAYS,
            artist_spread_tracks: DEFAULT_ARTIST_SPREAD_TRACKS,
            min_tracks: DEFAULT_MIN_TRACKS,
        }
    }
}

impl TasteParams {
    /// Checks every parameter before any work is done.
    pub fn check(&self) -> Result<(), TasteError> {
        let weights = [
            ("weightPlay", self.weight_play),
            ("weightSkip", self.weight_skip),
            ("weightSave", self.weight_save),
            ("weightAdd", self.weight_add),
        ];
        for (name, w) in weights {
            if !w.is_finite() {
                return Err(TasteError::Param {
                    name,
                    reason: "must be a finite number".into(),
                });
            }
        }
        if !(self.half_life_days.is_finite() && self.half_life_days >= 0.0) {
            let reason = "must be a number of days ≥ 0 (0 turns decay off)".into();
            return Err(TasteError::Param {
                name: "halfLifeDays",
                reason,
            });
        }
        Ok(())
    }

    /// The decay factor of something `age_seconds` older than the listener's newest event:
    /// `2^(−age / half-life)`, 1 when decay is off or the age is not positive.
    pub fn decay(&self, age_seconds: i64) -> f64 {
        if self.half_life_days <= 0.0 || age_seconds <= 0 {
            return 1.0;
        }
        (-(age_seconds as f64) / (self.half_life_days * SECONDS_PER_DAY)).exp2()
    }
}

/// The weight of one (listener, track) pair:
///
/// `(w_play·log2(1+plays) + w_skip·log2(1+skips) + w_save·log2(1+saves) + w_add·log2(1+adds))
///  · 2^(−(newest_ts − last_ts) / half-life)`
///
/// `newest_ts` is the listener's newest event over all their pairs. The decay is an
/// approximation: a pair keeps only its counts and the time of its *newest* event, so all of its
/// events are decayed as if they had happened then — a track played daily for a year and once
/// yesterday weighs as if every play were from yesterday. Exact per-event decay would need every
/// event kept; per-pair decay keeps the import bounded by the number of pairs, and errs only
/// towards tracks still being played, which is the point of decay. Pairs without a time
/// (aggregates) are not decayed, nor is anything when `newest_ts` is `None`.
pub fn pair_weight(pair: &PairSignal, newest_ts: Option<i64>, params: &TasteParams) -> f32 {
    let log = |n: f32| f64::from(n.max(0.0)).ln_1p() / std::f64::consts::LN_2;
    let raw = params.weight_play * log(pair.plays)
        + params.weight_skip * log(pair.skips)
        + params.weight_save * log(pair.saves)
        + params.weight_add * log(pair.adds);
    let decay = match (newest_ts, pair.last_ts) {
        (Some(newest), Some(last)) => params.decay(newest.saturating_sub(last)),
        _ => 1.0,
    };
    (raw * decay) as f32
}

/// Why a taste build stopped.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TasteError {
    /// The build's [`CancelToken`](crate::CancelToken) was cancelled; nothing was produced.
    #[error("the taste build was cancelled")]
    Cancelled,
    /// A parameter is out of its range.
    #[error("invalid taste parameter {name}: {reason}")]
    Param {
        /// The parameter's JSON name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A signal names a listener index at or beyond the number of listeners.
    #[error("a signal names listener {listener}, but there are {n_listeners} listeners")]
    ListenerOutOfRange {
        /// The offending listener index.
        listener: u32,
        /// Number of listeners.
        n_listeners: usize,
    },
    /// A signal names a track index at or beyond the number of track vectors.
    #[error("a signal names track {track}, but there are {n_tracks} track vectors")]
    TrackOutOfRange {
        /// The offending track index.
        track: u32,
        /// Number of track vectors.
        n_tracks: usize,
    },
    /// Artist-level plays name an artist index the artist index does not have.
    #[error("artist plays name artist {artist}, but the catalogue has {n_artists} artists")]
    ArtistOutOfRange {
        /// The offending artist index.
        artist: u32,
        /// Number of artists in the index.
        n_artists: usize,
    },
}
