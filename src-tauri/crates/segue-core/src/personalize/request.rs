//! What an editor asks for: the seed with its pins, the pool, pool expansion, the rules, the
//! strength and the segments; and its validation into a plan shared by every segment.

use serde::{Deserialize, Serialize};

use super::params::{param, PersonalizeParams};
use super::{PersonalizeError, PreviewContext};

/// One track of the seed, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeedSlot {
    /// Dense track index.
    pub track: u32,
    /// Whether the track keeps this position in every variant.
    pub pinned: bool,
}

/// Catalogue tracks that keep the seed's theme join each segment's candidates: filed under the
/// seed's genres (see [`seed_genres`]) and close enough to the seed; half of them the closest to
/// the seed, half the ones the segment ranks highest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Expansion {
    /// Only tracks filed under the seed's genres join (when the seed's tracks have genres).
    #[serde(default = "keep_genres")]
    pub genres: bool,
    /// Minimum cosine between a track and the seed's centroid (the normalized mean of the seed's
    /// vectors), in `[-1, 1]`.
    pub threshold: f32,
    /// At most this many tracks join a segment's candidates: the closest half (rounded up) the
    /// same for every segment, the rest the segment's best by affinity and engagement.
    pub cap: u32,
}

fn keep_genres() -> bool {
    true
}

/// A rule's value and how hard it is. Of two breakable rules the one with the higher `priority`
/// wins; an unbreakable rule is never broken by a track the engine chose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Rule<T> {
    /// The rule's value.
    pub value: T,
    /// Never broken (true) or traded by priority (false).
    pub unbreakable: bool,
    /// Higher wins when breakable rules conflict; 0 is the lowest.
    pub priority: u32,
}

impl<T> Rule<T> {
    /// An unbreakable rule.
    pub fn hard(value: T) -> Self {
        Self { value, unbreakable: true, priority: 0 }
    }

    /// A breakable rule with a priority.
    pub fn soft(value: T, priority: u32) -> Self {
        Self { value, unbreakable: false, priority }
    }
}

/// How long a variant should be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TargetLength {
    /// A number of tracks.
    Tracks(u32),
    /// A running time in minutes: tracks are added until it is reached.
    Minutes(f32),
}

/// Bounds on the share of a variant's tracks that the segment already plays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FamiliarityBand {
    /// Lowest share, in `[0, 1]`.
    pub min: f32,
    /// Highest share, in `[min, 1]`.
    pub max: f32,
}

/// The rules of a playlist. A missing rule does not apply, except the length, which defaults
/// to the seed's number of tracks (breakable, priority 0). Pins are rules too and always
/// unbreakable: a pinned seed track keeps its position in every variant.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct Rules {
    /// Target length.
    pub length: Option<Rule<TargetLength>>,
    /// At most this many tracks per artist (at least 1).
    pub max_per_artist: Option<Rule<u32>>,
    /// Two tracks of one artist at least this many positions apart (1: no constraint).
    pub artist_separation: Option<Rule<u32>>,
    /// Whether explicit tracks are allowed.
    pub explicit_allowed: Option<Rule<bool>>,
    /// Share of tracks the segment already plays.
    pub familiarity: Option<Rule<FamiliarityBand>>,
    /// Tracks that must not appear.
    pub banned_tracks: Option<Rule<Vec<u32>>>,
    /// Artists whose tracks must not appear.
    pub banned_artists: Option<Rule<Vec<u32>>>,
    /// Tracks that must appear.
    pub must_include: Option<Rule<Vec<u32>>>,
}

/// The rules, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RuleKind {
    /// [`Rules::length`].
    Length,
    /// [`Rules::max_per_artist`].
    MaxPerArtist,
    /// [`Rules::artist_separation`].
    ArtistSeparation,
    /// [`Rules::explicit_allowed`].
    Explicit,
    /// [`Rules::familiarity`].
    Familiarity,
    /// [`Rules::banned_tracks`].
    BannedTracks,
    /// [`Rules::banned_artists`].
    BannedArtists,
    /// [`Rules::must_include`].
    MustInclude,
    /// A pinned seed track's position.
    Pin,
}

/// How hard a rule is: whether unbreakable, and its priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hardness {
    pub unbreakable: bool,
    pub priority: u32,
}

impl Rules {
    /// How hard a rule is, when it is set (pins: always unbreakable, top priority; the length:
    /// breakable at priority 0 when not set).
    pub(crate) fn hardness(&self, kind: RuleKind) -> Option<Hardness> {
        fn of<T>(r: &Option<Rule<T>>) -> Option<Hardness> {
            r.as_ref().map(|r| Hardness { unbreakable: r.unbreakable, priority: r.priority })
        }
        match kind {
            RuleKind::Length => Some(of(&self.length).unwrap_or(Hardness { unbreakable: false, priority: 0 })),
            RuleKind::MaxPerArtist => of(&self.max_per_artist),
            RuleKind::ArtistSeparation => of(&self.artist_separation),
            RuleKind::Explicit => of(&self.explicit_allowed),
            RuleKind::Familiarity => of(&self.familiarity),
            RuleKind::BannedTracks => of(&self.banned_tracks),
            RuleKind::BannedArtists => of(&self.banned_artists),
            RuleKind::MustInclude => of(&self.must_include),
            RuleKind::Pin => Some(Hardness { unbreakable: true, priority: u32::MAX }),
        }
    }
}

/// A preview request: the seed as the editor has it and what to personalize it for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRequest {
    /// The seed's tracks in order (no track twice).
    pub seed: Vec<SeedSlot>,
    /// Extra candidate tracks the editor added to the pool.
    #[serde(default)]
    pub pool: Vec<u32>,
    /// Pool expansion from the catalogue, when allowed.
    #[serde(default)]
    pub expand: Option<Expansion>,
    /// The rules.
    #[serde(default)]
    pub rules: Rules,
    /// 0: the seed as is; 1: as personal as the rules allow.
    pub strength: f32,
    /// Segments to build a variant for, in the order wanted.
    pub segments: Vec<u32>,
    /// Engine parameters.
    #[serde(default)]
    pub params: PersonalizeParams,
}

/// How far selection goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Goal {
    /// This many tracks.
    Tracks(usize),
    /// At least this many milliseconds.
    Millis(f64),
}

/// A validated request, shared by every segment's variant.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The seed's tracks in order.
    pub seed: Vec<u32>,
    /// Pinned (position, track), by position.
    pub pins: Vec<(usize, u32)>,
    /// One past the last pin's position (0 without pins): no variant is shorter.
    pub pins_end: usize,
    /// Banned tracks and artists, sorted.
    pub banned_tracks: Vec<u32>,
    pub banned_artists: Vec<u32>,
    /// Must-include tracks, without repeats, in the editor's order.
    pub must: Vec<u32>,
    /// The target length.
    pub goal: Goal,
    /// The seed's genres (see [`seed_genres`]), sorted.
    pub theme: Vec<u32>,
}

/// Share of the seed's tracks a genre must be filed under to be one of the seed's genres.
pub const THEME_GENRE_SHARE: f64 = 0.25;

/// The seed's genres: every genre at least [`THEME_GENRE_SHARE`] of its tracks are filed under,
/// and always the most common one (ties: the lowest index); sorted. Empty when no seed track has
/// a genre. A real playlist is filed under one genre; a seed an editor mixes from two keeps both.
pub fn seed_genres(ctx: &PreviewContext, seed: &[u32]) -> Vec<u32> {
    let mut counts: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for &t in seed {
        for &g in ctx.genres(t) {
            *counts.entry(g).or_default() += 1;
        }
    }
    let Some(top) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(g, _)| *g) else {
        return Vec::new();
    };
    let need = THEME_GENRE_SHARE * seed.len() as f64 - 1e-9;
    counts.into_iter().filter(|&(g, c)| g == top || c as f64 >= need).map(|(g, _)| g).collect()
}

impl Plan {
    /// Checks a request against a context.
    pub fn new(ctx: &PreviewContext, req: &PreviewRequest) -> Result<Plan, PersonalizeError> {
        req.params.check()?;
        let n = ctx.n_tracks();
        let in_range = |t: u32| {
            if (t as usize) < n {
                Ok(t)
            } else {
                Err(PersonalizeError::TrackOutOfRange { track: t, n_tracks: n })
            }
        };
        if !(0.0..=1.0).contains(&req.strength) {
            return Err(param("strength", "must be between 0 and 1"));
        }
        for &s in &req.segments {
            if s as usize >= ctx.n_segments() {
                return Err(PersonalizeError::SegmentOutOfRange { segment: s, n_segments: ctx.n_segments() });
            }
        }
        if let Some(e) = &req.expand {
            if !(-1.0..=1.0).contains(&e.threshold) {
                return Err(param("expand.threshold", "must be a cosine between -1 and 1"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for slot in &req.seed {
            in_range(slot.track)?;
            if !seen.insert(slot.track) {
                return Err(PersonalizeError::DuplicateSeedTrack { track: slot.track });
            }
        }
        for &t in &req.pool {
            in_range(t)?;
        }
        let r = &req.rules;
        if r.max_per_artist.as_ref().is_some_and(|m| m.value == 0) {
            return Err(param("rules.maxPerArtist", "must be at least 1"));
        }
        if r.artist_separation.as_ref().is_some_and(|m| m.value == 0) {
            return Err(param("rules.artistSeparation", "must be at least 1"));
        }
        if let Some(f) = &r.familiarity {
            let FamiliarityBand { min, max } = f.value;
            if !((0.0..=1.0).contains(&min) && (0.0..=1.0).contains(&max) && min <= max) {
                return Err(param("rules.familiarity", "needs 0 ≤ min ≤ max ≤ 1"));
            }
        }
        let goal = match r.length.as_ref().map(|l| l.value) {
            None => Goal::Tracks(req.seed.len()),
            Some(TargetLength::Tracks(t)) => Goal::Tracks(t as usize),
            Some(TargetLength::Minutes(m)) if m.is_finite() && m >= 0.0 => Goal::Millis(f64::from(m) * 60_000.0),
            Some(TargetLength::Minutes(_)) => return Err(param("rules.length", "minutes must be at least 0")),
        };
        let sorted = |rule: &Option<Rule<Vec<u32>>>, check: bool| -> Result<Vec<u32>, PersonalizeError> {
            let mut v = rule.as_ref().map_or_else(Vec::new, |r| r.value.clone());
            if check {
                v.iter().try_for_each(|&t| in_range(t).map(|_| ()))?;
            }
            v.sort_unstable();
            v.dedup();
            Ok(v)
        };
        let mut must = Vec::new();
        for &t in r.must_include.iter().flat_map(|m| &m.value) {
            if !must.contains(&in_range(t)?) {
                must.push(t);
            }
        }
        let pins: Vec<(usize, u32)> =
            req.seed.iter().enumerate().filter(|(_, s)| s.pinned).map(|(i, s)| (i, s.track)).collect();
        let seed: Vec<u32> = req.seed.iter().map(|s| s.track).collect();
        Ok(Plan {
            theme: seed_genres(ctx, &seed),
            seed,
            pins_end: pins.last().map_or(0, |p| p.0 + 1),
            pins,
            banned_tracks: sorted(&r.banned_tracks, true)?,
            banned_artists: sorted(&r.banned_artists, false)?,
            must,
            goal,
        })
    }

    /// Whether the selection has reached the target (pins always fit: never fewer tracks than
    /// one past the last pin).
    pub fn reached(&self, count: usize, millis: f64) -> bool {
        count >= self.pins_end
            && match self.goal {
                Goal::Tracks(t) => count >= t,
                Goal::Millis(ms) => millis >= ms,
            }
    }

    /// The rules a track breaks on its own (whatever else is in the variant): bans and the
    /// explicit filter.
    pub fn static_breaks(&self, ctx: &PreviewContext, rules: &Rules, track: u32) -> Vec<RuleKind> {
        let mut out = Vec::new();
        if self.banned_tracks.binary_search(&track).is_ok() {
            out.push(RuleKind::BannedTracks);
        }
        if self.banned_artists.binary_search(&ctx.artist(track)).is_ok() {
            out.push(RuleKind::BannedArtists);
        }
        if rules.explicit_allowed.as_ref().is_some_and(|r| !r.value) && ctx.is_explicit(track) {
            out.push(RuleKind::Explicit);
        }
        out
    }
}
