//! What a preview shows: each variant's tracks with their reasons, what changed against the
//! seed, its metrics, and the rule report.
//!
//! Violations come from one audit of the finished track list against every rule, the same for
//! a variant and for the seed as is, so the report always describes what is on screen.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::request::{FamiliarityBand, Goal, Plan, RuleKind, Rules};
use super::score::{Candidates, Scored};
use super::PreviewContext;

/// How a variant's track relates to the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// A seed track at its seed position.
    Kept,
    /// A seed track at another position.
    Moved,
    /// Not in the seed.
    Added,
}

/// Why a track is where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reasons {
    /// Relevance for this segment, in the segment's units (see `PersonalizeParams`).
    pub score: f64,
    /// Cosine to the segment's centroid.
    pub affinity: f64,
    /// Mean cosine to the closest seed tracks.
    pub seed_fit: f64,
    /// The segment's engagement score: reach, plus the save rate and minus the skip rate above
    /// their global means (see `Engagement`).
    pub engagement: f64,
    /// Share of the segment's listeners who play the track's artist (shrunk).
    pub artist_reach: f64,
    /// Share of the segment's listeners who play the track (shrunk).
    pub track_reach: f64,
    /// The seed track this one is closest to (another one, for a seed track).
    pub closest_seed_track: Option<u32>,
    /// Whether the segment already plays the track.
    pub familiar: bool,
    /// The rules that shaped its place: `pin`, `mustInclude`, `artistSeparation` (moved or
    /// brought in to keep artists apart), and any rule it breaks there.
    pub rules: Vec<RuleKind>,
}

/// One track of a variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantTrack {
    /// Dense track index.
    pub track: u32,
    /// Kept, moved or added.
    pub status: Status,
    /// Its position in the seed, for a seed track.
    pub seed_position: Option<u32>,
    /// Why it is here.
    pub reasons: Reasons,
}

/// A broken rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// Which rule.
    pub rule: RuleKind,
    /// The 0-based position where it breaks (`None` for rules about the whole list: the
    /// familiarity band, a missing must-include track).
    pub position: Option<u32>,
    /// What happened, for the rule report.
    pub message: String,
    /// The rule's priority.
    pub priority: u32,
    /// Whether the rule is unbreakable: then the editor's fixed tracks (pins, must-include
    /// tracks) or a pool too small to satisfy it forced the violation.
    pub unbreakable: bool,
}

/// A variant's figures, against its segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantMetrics {
    /// `affinity − seed_affinity`: what personalization gained for this segment.
    pub lift: f64,
    /// Mean cosine of the tracks to the segment's centroid.
    pub affinity: f64,
    /// The same for the seed as is.
    pub seed_affinity: f64,
    /// Share of the seed's tracks kept (at any position).
    pub overlap: f64,
    /// Mean reach of the tracks: the share of the segment's listeners who play them (see
    /// `Engagement::reach`).
    pub reach: f64,
    /// The same for the seed as is.
    pub seed_reach: f64,
    /// Share of the tracks filed under the seed's genres (1 when the seed has none).
    pub in_theme: f64,
    /// `1 −` mean pairwise cosine of the tracks (0 below two tracks).
    pub diversity: f64,
    /// Distinct artists.
    pub artists: u32,
    /// Mean popularity of the tracks whose popularity is known.
    pub mean_popularity: Option<f64>,
    /// Mean energy.
    pub mean_energy: f64,
    /// Share of tracks the segment does not already play.
    pub novelty: f64,
    /// Total length in milliseconds.
    pub duration_ms: f64,
    /// Number of violations.
    pub violations: u32,
}

/// The seed personalized for one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    /// The segment.
    pub segment: u32,
    /// Its tracks in order.
    pub tracks: Vec<VariantTrack>,
    /// Seed tracks not kept, in seed order.
    pub dropped: Vec<u32>,
    /// Its figures.
    pub metrics: VariantMetrics,
    /// The rule report, by position (whole-list rules last).
    pub violations: Vec<Violation>,
}

/// Everything a report needs about one segment's view.
pub(crate) struct View<'a> {
    pub ctx: &'a PreviewContext,
    pub plan: &'a Plan,
    pub rules: &'a Rules,
    pub cands: &'a Candidates,
    pub scored: &'a Scored,
    pub segment: u32,
}

impl View<'_> {
    /// Builds the variant of candidates `order`; `separated[p]` marks positions the artist
    /// separation shaped.
    pub fn variant(&self, order: &[usize], separated: &[bool]) -> Variant {
        let tracks: Vec<u32> = order.iter().map(|&i| self.cands.tracks[i]).collect();
        let violations = audit(self.ctx, self.plan, self.rules, &tracks, |p| self.scored.familiar[order[p]]);
        let must: HashSet<u32> = self.plan.must.iter().copied().collect();
        let out: Vec<VariantTrack> = order
            .iter()
            .enumerate()
            .map(|(p, &i)| {
                let seed_position = self.cands.seed_position(i);
                let mut rules = Vec::new();
                if self.plan.pins.iter().any(|&(q, _)| Some(q) == seed_position) {
                    rules.push(RuleKind::Pin);
                }
                if must.contains(&tracks[p]) {
                    rules.push(RuleKind::MustInclude);
                }
                if separated.get(p).copied().unwrap_or(false) {
                    rules.push(RuleKind::ArtistSeparation);
                }
                for v in violations.iter().filter(|v| v.position == Some(p as u32)) {
                    if !rules.contains(&v.rule) {
                        rules.push(v.rule);
                    }
                }
                VariantTrack {
                    track: tracks[p],
                    status: match seed_position {
                        Some(q) if q == p => Status::Kept,
                        Some(_) => Status::Moved,
                        None => Status::Added,
                    },
                    seed_position: seed_position.map(|q| q as u32),
                    reasons: Reasons {
                        score: f64::from(self.scored.relevance[i]),
                        affinity: f64::from(self.scored.affinity[i]),
                        seed_fit: f64::from(self.cands.seed_fit[i]),
                        engagement: self.scored.engagement[i].score(),
                        artist_reach: self.scored.engagement[i].artist_reach,
                        track_reach: self.scored.engagement[i].track_reach,
                        closest_seed_track: self.cands.closest_seed[i],
                        familiar: self.scored.familiar[i],
                        rules,
                    },
                }
            })
            .collect();
        let kept: HashSet<u32> = tracks.iter().copied().collect();
        let dropped = self.plan.seed.iter().copied().filter(|t| !kept.contains(t)).collect();
        Variant {
            segment: self.segment,
            tracks: out,
            dropped,
            metrics: self.metrics(order, violations.len()),
            violations,
        }
    }

    /// The figures of candidates `order`.
    pub fn metrics(&self, order: &[usize], violations: usize) -> VariantMetrics {
        let n = order.len();
        let mean = |f: &dyn Fn(usize) -> f64, of: &mut dyn Iterator<Item = usize>| {
            let (sum, count) = of.fold((0.0, 0usize), |(s, c), i| (s + f(i), c + 1));
            if count == 0 {
                0.0
            } else {
                sum / count as f64
            }
        };
        let affinity = mean(&|i| f64::from(self.scored.affinity[i]), &mut order.iter().copied());
        let seed_affinity = mean(&|i| f64::from(self.scored.affinity[i]), &mut (0..self.cands.n_seed));
        let kept = order.iter().filter(|&&i| self.cands.seed_position(i).is_some()).count();
        let mut pair_sum = 0.0f64;
        for a in 0..n {
            for b in a + 1..n {
                pair_sum += f64::from(self.cands.cos(order[a], order[b]));
            }
        }
        let pairs = n * n.saturating_sub(1) / 2;
        let tracks: Vec<u32> = order.iter().map(|&i| self.cands.tracks[i]).collect();
        let popular: Vec<f64> = tracks.iter().filter_map(|&t| self.ctx.popularity(t)).map(f64::from).collect();
        VariantMetrics {
            lift: affinity - seed_affinity,
            affinity,
            seed_affinity,
            overlap: if self.cands.n_seed == 0 { 0.0 } else { kept as f64 / self.cands.n_seed as f64 },
            reach: mean(&|i| self.scored.engagement[i].reach(), &mut order.iter().copied()),
            seed_reach: mean(&|i| self.scored.engagement[i].reach(), &mut (0..self.cands.n_seed)),
            in_theme: if self.plan.theme.is_empty() {
                1.0
            } else {
                mean(&|i| f64::from(u8::from(self.ctx.in_genres(self.cands.tracks[i], &self.plan.theme))), &mut order.iter().copied())
            },
            diversity: if pairs == 0 { 0.0 } else { 1.0 - pair_sum / pairs as f64 },
            artists: tracks.iter().map(|&t| self.ctx.artist(t)).collect::<HashSet<_>>().len() as u32,
            mean_popularity: (!popular.is_empty()).then(|| popular.iter().sum::<f64>() / popular.len() as f64),
            mean_energy: mean(&|i| f64::from(self.ctx.energy(self.cands.tracks[i])), &mut order.iter().copied()),
            novelty: mean(&|i| if self.scored.familiar[i] { 0.0 } else { 1.0 }, &mut order.iter().copied()),
            duration_ms: tracks.iter().map(|&t| f64::from(self.ctx.duration_ms(t))).sum(),
            violations: violations as u32,
        }
    }
}

/// Checks a finished list of tracks against every rule; `familiar(p)` says whether the track at
/// position `p` is familiar to the segment. Violations are ordered by position, whole-list ones
/// last.
pub(crate) fn audit(
    ctx: &PreviewContext,
    plan: &Plan,
    rules: &Rules,
    tracks: &[u32],
    familiar: impl Fn(usize) -> bool,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut push = |rule: RuleKind, position: Option<usize>, message: String| {
        let h = rules.hardness(rule).expect("only set rules are audited");
        out.push(Violation {
            rule,
            position: position.map(|p| p as u32),
            message,
            priority: h.priority,
            unbreakable: h.unbreakable,
        });
    };
    let mut per_artist: HashMap<u32, u32> = HashMap::new();
    let mut last_seen: HashMap<u32, usize> = HashMap::new();
    for (p, &t) in tracks.iter().enumerate() {
        for kind in plan.static_breaks(ctx, rules, t) {
            let what = match kind {
                RuleKind::BannedTracks => "a banned track",
                RuleKind::BannedArtists => "a track by a banned artist",
                _ => "an explicit track, which the rules do not allow",
            };
            push(kind, Some(p), format!("position {}: {what}", p + 1));
        }
        let a = ctx.artist(t);
        let count = per_artist.entry(a).or_default();
        *count += 1;
        if let Some(cap) = rules.max_per_artist.as_ref().map(|r| r.value).filter(|c| *count > *c) {
            push(
                RuleKind::MaxPerArtist,
                Some(p),
                format!("position {}: track {} of one artist (at most {cap})", p + 1, *count),
            );
        }
        if let (Some(gap), Some(&q)) = (rules.artist_separation.as_ref().map(|r| r.value as usize), last_seen.get(&a)) {
            if p - q < gap {
                push(
                    RuleKind::ArtistSeparation,
                    Some(p),
                    format!("position {}: {} after another track by the same artist (at least {gap})", p + 1, p - q),
                );
            }
        }
        last_seen.insert(a, p);
    }
    for &(q, t) in &plan.pins {
        if tracks.get(q) != Some(&t) {
            push(RuleKind::Pin, Some(q), format!("the track pinned at position {} could not be kept there: the pool cannot fill the positions before it under the unbreakable rules", q + 1));
        }
    }
    let length = tracks.len();
    match plan.goal {
        Goal::Tracks(target) if length < target => {
            push(
                RuleKind::Length,
                Some(length),
                format!("{length} of {target} tracks: the pool cannot fill the rest under the rules"),
            );
        }
        Goal::Millis(ms) => {
            let total: f64 = tracks.iter().map(|&t| f64::from(ctx.duration_ms(t))).sum();
            if total < ms {
                push(
                    RuleKind::Length,
                    Some(length),
                    format!(
                        "{:.1} of {:.1} minutes: the pool cannot fill the rest under the rules",
                        total / 60_000.0,
                        ms / 60_000.0
                    ),
                );
            }
        }
        _ => {}
    }
    if let Some(FamiliarityBand { min, max }) = rules.familiarity.as_ref().map(|r| r.value) {
        let f = (0..length).filter(|&p| familiar(p)).count();
        if !super::select::in_band(FamiliarityBand { min, max }, f, length) {
            let share = f as f64 / length as f64;
            push(
                RuleKind::Familiarity,
                None,
                format!(
                    "{:.0}% of the tracks are familiar to the segment (band {:.0}–{:.0}%)",
                    share * 100.0,
                    min * 100.0,
                    max * 100.0
                ),
            );
        }
    }
    let present: HashSet<u32> = tracks.iter().copied().collect();
    for &t in plan.must.iter().filter(|t| !present.contains(t)) {
        push(
            RuleKind::MustInclude,
            None,
            format!("must-include track {t} is missing: it breaks a more important rule"),
        );
    }
    out.sort_by_key(|v| (v.position.is_none(), v.position));
    out
}
