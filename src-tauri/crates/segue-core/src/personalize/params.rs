//! The engine's knobs: score weights, the MMR trade-off, shrinkage and sequencing, each a named
//! default (DESIGN.md: "every one a named, documented parameter").

use serde::{Deserialize, Serialize};

use super::PersonalizeError;

/// Default [`PersonalizeParams::weight_engagement`]: the segment's observed engagement (reach
/// above all, see `Engagement`) in units of its spread over the catalogue, counted fully. Held-out
/// listening follows what a segment already plays more than anything else: on Last.fm's real
/// listeners the segment's most-played artists alone found six times the held-out artists the
/// affinity-led score found.
pub const DEFAULT_WEIGHT_ENGAGEMENT: f32 = 1.0;
/// Default [`PersonalizeParams::weight_affinity`]: the cosine to the segment's centroid, in units
/// of its spread over the catalogue, counts a quarter: it ranks what the segment has not played
/// yet (new releases, artists no listener of the segment found) and breaks near-ties among the
/// rest. At a half (with the seed fit at a half too), a few additions per variant were artists
/// the segment hardly plays, chosen for their sound: on Last.fm's listeners that left the
/// variants a hair below the theme baseline; at a quarter each they are above it, on the splits
/// the weights were chosen on and on others (BENCHMARKS.md).
pub const DEFAULT_WEIGHT_AFFINITY: f32 = 0.25;
/// Default [`PersonalizeParams::weight_seed_fit`]: the fit to the seed, in the same units as
/// affinity, counts a quarter, so that among what the segment plays about as widely, additions
/// sound like the seed.
pub const DEFAULT_WEIGHT_SEED_FIT: f32 = 0.25;
/// Default [`PersonalizeParams::added_per_artist`]: the engine adds a track only for an artist
/// not yet in the variant, so a variant reaches more of the artists its segment plays instead of
/// stacking one artist's hits (the seed's own tracks are the editor's and always may stay). On
/// Last.fm's listeners, without this limit the variants found half the held-out artists.
pub const DEFAULT_ADDED_PER_ARTIST: u32 = 1;
/// Default [`PersonalizeParams::seed_fit_neighbours`]: fit to the seed is the mean cosine to the
/// 3 closest seed tracks (one close neighbour is chance, the mean over all blurs sub-themes).
pub const DEFAULT_SEED_FIT_NEIGHBOURS: u32 = 3;
/// Default [`PersonalizeParams::mmr_lambda`]: 0.7 of relevance against 0.3 of diversity.
pub const DEFAULT_MMR_LAMBDA: f32 = 0.7;
/// Default [`PersonalizeParams::prior_weight`]: rates are shrunk towards the global mean as if 20
/// listens at the mean rate had been observed, so 5 listens move a rate a fifth of the way.
pub const DEFAULT_PRIOR_WEIGHT: f32 = 20.0;
/// Default [`PersonalizeParams::familiar_share`]: a segment "already plays" a track when at least
/// 2% of its listeners (and at least one) played, saved or added it.
pub const DEFAULT_FAMILIAR_SHARE: f32 = 0.02;
/// Default [`PersonalizeParams::tempo_span_bpm`]: in smooth sequencing a jump of 60 BPM weighs
/// as much as a jump across the whole energy range (0 to 1).
pub const DEFAULT_TEMPO_SPAN_BPM: f32 = 60.0;
/// The strength the studio's slider starts at: the segment may replace up to half of the seed's
/// unpinned tracks, so every variant keeps at least half of the editor's seed.
pub const DEFAULT_STRENGTH: f32 = 0.5;

/// How the unpinned tracks of a variant are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Sequencing {
    /// Follow the seed's energy arc: each free slot asks for the energy the seed has there
    /// (stretched to the variant's length), and tracks are matched to slots by energy rank.
    #[default]
    EnergyArc,
    /// Smooth transitions: each free slot takes the remaining track closest to the previous one
    /// in (energy, tempo), and to the next one when that is pinned.
    Smooth,
}

/// The parameters of personalization; recorded with every export. Missing JSON fields take
/// their defaults (and fields of older versions, such as `seedBonus`, are ignored).
///
/// A candidate's relevance for a segment is, in the segment's units (`SegmentScales`),
/// `weight_engagement·engagement/σ_e + weight_affinity·affinity/σ_a + weight_seed_fit·seed_fit/σ_a`.
/// It does not depend on the strength: the strength `s` says how much of the seed the segment may
/// replace — at least `⌈(1 − s)·u⌉` of the seed's `u` unpinned tracks stay — and selection keeps
/// the seed tracks the segment ranks highest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonalizeParams {
    /// Weight of the cosine between a track and the segment's centroid.
    pub weight_affinity: f32,
    /// Weight of the fit to the seed (mean cosine to the closest seed tracks).
    pub weight_seed_fit: f32,
    /// Weight of the segment's observed engagement with the track.
    pub weight_engagement: f32,
    /// A track from outside the seed joins only while its artist has fewer than this many tracks
    /// in the variant; 0: no limit.
    pub added_per_artist: u32,
    /// How many of the closest seed tracks the seed fit averages over (at least 1).
    pub seed_fit_neighbours: u32,
    /// Maximal marginal relevance trade-off in `[0, 1]`: 1 ranks by relevance alone, 0 by
    /// diversity alone.
    pub mmr_lambda: f32,
    /// Shrinkage strength: pseudo-listens at the global mean rate added to every track's counts.
    pub prior_weight: f32,
    /// Share of a segment's listeners that must have engaged with a track for the segment to
    /// "already play" it (familiarity and novelty).
    pub familiar_share: f32,
    /// How the unpinned tracks are ordered.
    pub sequencing: Sequencing,
    /// Tempo difference that weighs as much as the full energy range in smooth sequencing.
    pub tempo_span_bpm: f32,
}

impl Default for PersonalizeParams {
    fn default() -> Self {
        Self {
            weight_affinity: DEFAULT_WEIGHT_AFFINITY,
            weight_seed_fit: DEFAULT_WEIGHT_SEED_FIT,
            weight_engagement: DEFAULT_WEIGHT_ENGAGEMENT,
            added_per_artist: DEFAULT_ADDED_PER_ARTIST,
            seed_fit_neighbours: DEFAULT_SEED_FIT_NEIGHBOURS,
            mmr_lambda: DEFAULT_MMR_LAMBDA,
            prior_weight: DEFAULT_PRIOR_WEIGHT,
            familiar_share: DEFAULT_FAMILIAR_SHARE,
            sequencing: Sequencing::EnergyArc,
            tempo_span_bpm: DEFAULT_TEMPO_SPAN_BPM,
        }
    }
}

impl PersonalizeParams {
    /// Checks every parameter before any work is done.
    pub fn check(&self) -> Result<(), PersonalizeError> {
        let non_negative = [
            ("weightAffinity", self.weight_affinity),
            ("weightSeedFit", self.weight_seed_fit),
            ("weightEngagement", self.weight_engagement),
            ("priorWeight", self.prior_weight),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(param(name, "must be a finite number of at least 0"));
            }
        }
        for (name, v) in [("mmrLambda", self.mmr_lambda), ("familiarShare", self.familiar_share)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(param(name, "must be between 0 and 1"));
            }
        }
        if self.seed_fit_neighbours == 0 {
            return Err(param("seedFitNeighbours", "must be at least 1"));
        }
        if !(self.tempo_span_bpm.is_finite() && self.tempo_span_bpm > 0.0) {
            return Err(param("tempoSpanBpm", "must be a positive number"));
        }
        Ok(())
    }
}

/// A parameter error.
pub(crate) fn param(name: &'static str, reason: &str) -> PersonalizeError {
    PersonalizeError::Param { name, reason: reason.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_bad_values_are_named() {
        assert!(PersonalizeParams::default().check().is_ok());
        let bad = PersonalizeParams { mmr_lambda: 1.5, ..Default::default() };
        assert!(matches!(bad.check(), Err(PersonalizeError::Param { name: "mmrLambda", .. })));
        let bad = PersonalizeParams { prior_weight: f32::NAN, ..Default::default() };
        assert!(matches!(bad.check(), Err(PersonalizeError::Param { name: "priorWeight", .. })));
        let json: PersonalizeParams = serde_json::from_str(r#"{"sequencing":"smooth"}"#).unwrap();
        assert_eq!(json.sequencing, Sequencing::Smooth);
        assert_eq!(json.mmr_lambda, DEFAULT_MMR_LAMBDA);
    }
}
