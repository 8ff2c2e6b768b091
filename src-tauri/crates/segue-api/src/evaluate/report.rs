//! What an evaluation reports: every list's figures with their intervals, the variant's verdicts
//! against the other lists, per segment and for all listeners, and the strength curve.

use std::time::Instant;

use segue_core::personalize::{bootstrap_columns, Interval, ListFacts, BOOTSTRAP_REPS};
use serde::{Deserialize, Serialize};

use super::{EvaluateRequest, Measured, Observation, Seed, DEFAULT_SEED};
use crate::personalize::EngineParts;

/// The lists an evaluation compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ListKind {
    /// The segment's variant.
    Variant,
    /// The seed as is.
    Seed,
    /// The most-played tracks of every listener, one per artist: global popularity.
    Popular,
    /// The segment's most-played tracks, one per artist, whatever their genre.
    SegmentMostPlayed,
    /// The first half of the seed, then the segment's most-played within the seed's genres.
    ThemeBaseline,
}

impl ListKind {
    /// Every list, the variant first.
    pub const ALL: [ListKind; 5] =
        [ListKind::Variant, ListKind::Seed, ListKind::Popular, ListKind::SegmentMostPlayed, ListKind::ThemeBaseline];

    /// The list's name in reports.
    pub fn label(self) -> &'static str {
        match self {
            ListKind::Variant => "variant",
            ListKind::Seed => "seed as is",
            ListKind::Popular => "popular (all listeners)",
            ListKind::SegmentMostPlayed => "segment's most-played",
            ListKind::ThemeBaseline => "theme baseline",
        }
    }
}

/// One list's figures, over the listeners of a segment or of all segments.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ListReport {
    /// Which list.
    pub list: ListKind,
    /// Hits over the list's length.
    pub hit_share: Interval,
    /// Share of listeners with at least one hit.
    pub hit_rate: Interval,
    /// Hits over each listener's held-out positives.
    pub recall: Interval,
    /// NDCG at the list's length.
    pub ndcg: Interval,
    /// What the list keeps of the seed and its theme (means over the segments' lists, weighted
    /// by their listeners).
    pub facts: ListFacts,
}

/// How a variant compares with another list on one measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The interval of the difference lies above zero.
    Better,
    /// It lies below zero.
    Worse,
    /// It contains zero: the data cannot tell them apart.
    Unclear,
}

impl Outcome {
    fn of(d: &Interval) -> Self {
        if d.above_zero() {
            Outcome::Better
        } else if d.below_zero() {
            Outcome::Worse
        } else {
            Outcome::Unclear
        }
    }
}

/// The variant against one other list: paired differences (variant minus list) over the same
/// listeners.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The other list.
    pub against: ListKind,
    /// Difference in hit share.
    pub hit_share: Interval,
    /// Difference in hit rate.
    pub hit_rate: Interval,
    /// What the hit share's interval says.
    pub hit_share_outcome: Outcome,
    /// What the hit rate's interval says.
    pub hit_rate_outcome: Outcome,
}

/// Every list's figures for one segment (or for all listeners), and the variant's verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScopeReport {
    /// The segment (`null`: every listener).
    pub segment: Option<u32>,
    /// Its name ("All listeners" for every listener).
    pub name: String,
    /// Listeners with held-out positives, summed over the splits.
    pub observations: u32,
    /// One report per list, in [`ListKind::ALL`]'s order.
    pub lists: Vec<ListReport>,
    /// The variant against each other list.
    pub verdicts: Vec<Verdict>,
}

/// One point of the strength curve.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CurvePoint {
    /// The strength.
    pub strength: f32,
    /// The segment (`null`: every listener).
    pub segment: Option<u32>,
    /// The variant's hit share.
    pub hit_share: Interval,
    /// The variant's hit rate.
    pub hit_rate: Interval,
    /// Share of the seed the variant keeps.
    pub seed_kept: f64,
    /// Share of the variant filed under the seed's genres.
    pub in_theme: f64,
}

/// The offline evaluation of one playlist.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// The playlist.
    pub playlist: u32,
    /// The segment model.
    pub model: u32,
    /// Share of each listener's signals held out.
    pub holdout: f64,
    /// Seed of the first split.
    pub seed: f64,
    /// Number of splits.
    pub splits: u32,
    /// The cut-off: the playlist's length.
    pub k: u32,
    /// The strength the tables are at: the playlist's own.
    pub strength: f32,
    /// Every listener.
    pub overall: ScopeReport,
    /// One report per segment.
    pub segments: Vec<ScopeReport>,
    /// The variant's hit share and seed kept at each strength, overall and per segment.
    pub curve: Vec<CurvePoint>,
    /// The theme baseline's point on the curve's axes (overall): seed kept and hit share.
    pub theme_point: CurvePoint,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

impl Evaluation {
    /// Segments where the variant's hit share is better than `list`'s by the interval.
    pub fn wins_against(&self, list: ListKind) -> usize {
        self.segments.iter().filter(|s| s.verdict(list).is_some_and(|v| v.hit_share_outcome == Outcome::Better)).count()
    }

    /// Segments where the variant's hit share is worse than `list`'s by the interval.
    pub fn losses_against(&self, list: ListKind) -> usize {
        self.segments.iter().filter(|s| s.verdict(list).is_some_and(|v| v.hit_share_outcome == Outcome::Worse)).count()
    }
}

impl ScopeReport {
    /// The verdict against `list`.
    pub fn verdict(&self, list: ListKind) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.against == list)
    }

    /// The report of `list`.
    pub fn list(&self, list: ListKind) -> Option<&ListReport> {
        self.lists.iter().find(|l| l.list == list)
    }
}

impl Seed {
    /// The report from what the splits measured.
    pub(super) fn report(&self, request: &EvaluateRequest, model: i64, parts: &EngineParts, m: &Measured, started: Instant) -> Evaluation {
        let main = self.strengths.iter().position(|&s| s == self.settings.strength).unwrap_or(0);
        let names = parts.segment_names();
        let n_segments = parts.body.centroids.len() as u32;
        let index = |list: ListKind| if list == ListKind::Variant { main } else { 0 };
        let scopes: Vec<Option<u32>> = std::iter::once(None).chain((0..n_segments).map(Some)).collect();
        let figures: Vec<Figures> = scopes.iter().map(|&segment| Figures::of(m, segment, main, self.strengths.len())).collect();
        let scope = |at: usize| -> ScopeReport {
            let (segment, f) = (scopes[at], &figures[at]);
            let name = match segment {
                Some(s) => names.get(s as usize).cloned().unwrap_or_else(|| format!("Segment {}", s + 1)),
                None => "All listeners".to_string(),
            };
            let lists = ListKind::ALL
                .iter()
                .zip(&f.lists)
                .map(|(&list, [hit_share, hit_rate, recall, ndcg])| ListReport {
                    list,
                    hit_share: *hit_share,
                    hit_rate: *hit_rate,
                    recall: *recall,
                    ndcg: *ndcg,
                    facts: self.facts(m, list, index(list), segment, n_segments),
                })
                .collect();
            let verdicts = ListKind::ALL[1..]
                .iter()
                .zip(&f.verdicts)
                .map(|(&against, &[hit_share, hit_rate])| Verdict {
                    against,
                    hit_share_outcome: Outcome::of(&hit_share),
                    hit_rate_outcome: Outcome::of(&hit_rate),
                    hit_share,
                    hit_rate,
                })
                .collect();
            ScopeReport { segment, name, observations: f.observations, lists, verdicts }
        };
        let curve = self
            .strengths
            .iter()
            .enumerate()
            .flat_map(|(i, &strength)| {
                scopes.iter().zip(&figures).map(move |(&segment, f)| (i, strength, segment, f.curve[i]))
            })
            .map(|(i, strength, segment, [hit_share, hit_rate])| {
                let facts = self.facts(m, ListKind::Variant, i, segment, n_segments);
                CurvePoint { strength, segment, hit_share, hit_rate, seed_kept: facts.seed_kept, in_theme: facts.in_theme }
            })
            .collect();
        let overall = scope(0);
        let theme = overall.list(ListKind::ThemeBaseline).expect("every list is reported");
        let theme_point = CurvePoint {
            strength: f32::NAN,
            segment: None,
            hit_share: theme.hit_share,
            hit_rate: theme.hit_rate,
            seed_kept: theme.facts.seed_kept,
            in_theme: theme.facts.in_theme,
        };
        Evaluation {
            playlist: self.playlist,
            model: model as u32,
            holdout: request.holdout,
            seed: request.seed,
            splits: request.splits,
            k: m.k as u32,
            strength: self.settings.strength,
            segments: (1..scopes.len()).map(scope).collect(),
            overall,
            curve,
            theme_point,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        }
    }

    /// A list's facts in one scope: the mean over splits and segments, each segment weighted by
    /// its observations (equally where none has any).
    fn facts(&self, m: &Measured, list: ListKind, strength: usize, segment: Option<u32>, n_segments: u32) -> ListFacts {
        let weight = |s: u32| -> f64 {
            m.observations.get(&(list, strength)).map_or(0.0, |v| v.iter().filter(|o| o.segment == s).count() as f64)
        };
        let segments: Vec<u32> = match segment {
            Some(s) => vec![s],
            None => (0..n_segments).collect(),
        };
        let total: f64 = segments.iter().map(|&s| weight(s)).sum();
        let (mut out, mut sum_w) = (ListFacts::default(), 0.0);
        for s in segments {
            let w = if total > 0.0 { weight(s) } else { 1.0 };
            for f in m.facts.get(&(list, strength, s)).into_iter().flatten() {
                out.seed_kept += w * f.seed_kept;
                out.in_theme += w * f.in_theme;
                out.content_cosine += w * f.content_cosine;
                sum_w += w;
            }
        }
        if sum_w > 0.0 {
            out.seed_kept /= sum_w;
            out.in_theme /= sum_w;
            out.content_cosine /= sum_w;
        }
        out
    }
}

/// Every interval of one scope (all listeners, or one segment's), from one clustered bootstrap
/// over its observations (see `bootstrap_columns`).
struct Figures {
    /// Observations of the variant at the default strength.
    observations: u32,
    /// Per list of [`ListKind::ALL`]: hit share, hit rate, recall, NDCG.
    lists: Vec<[Interval; 4]>,
    /// Per list after the variant: the paired differences of hit share and hit rate.
    verdicts: Vec<[Interval; 2]>,
    /// Per strength: the variant's hit share and hit rate.
    curve: Vec<[Interval; 2]>,
}

impl Figures {
    /// The figures of `segment` (`None`: all listeners); `main` is the default strength's index.
    /// Every list is scored for the same listeners in the same order, which pairs the
    /// observations of the variant with each other list's.
    fn of(m: &Measured, segment: Option<u32>, main: usize, strengths: usize) -> Self {
        let obs = |list: ListKind, strength: usize| -> Vec<Observation> {
            m.observations
                .get(&(list, strength))
                .map(|v| v.iter().filter(|o| segment.is_none_or(|s| o.segment == s)).copied().collect())
                .unwrap_or_default()
        };
        let lists: Vec<Vec<Observation>> =
            ListKind::ALL.iter().map(|&l| obs(l, if l == ListKind::Variant { main } else { 0 })).collect();
        let curve: Vec<Vec<Observation>> = (0..strengths).map(|i| obs(ListKind::Variant, i)).collect();
        let variant = &lists[0];
        let n = variant.len();
        assert!(
            lists.iter().chain(&curve).all(|o| o.len() == n && o.iter().zip(variant).all(|(a, b)| a.listener == b.listener)),
            "every list is scored for the same listeners"
        );
        let width = 4 * lists.len() + 2 * (lists.len() - 1) + 2 * curve.len();
        let mut rows = Vec::with_capacity(n * width);
        for r in 0..n {
            rows.extend(lists.iter().flat_map(|o| o[r].scores));
            rows.extend(lists[1..].iter().flat_map(|o| [0, 1].map(|k| variant[r].scores[k] - o[r].scores[k])));
            rows.extend(curve.iter().flat_map(|o| [o[r].scores[0], o[r].scores[1]]));
        }
        let clusters: Vec<u32> = variant.iter().map(|o| o.listener).collect();
        let stream = DEFAULT_SEED.wrapping_mul(1000).wrapping_add(u64::from(segment.map_or(0, |s| s + 1)));
        let all = bootstrap_columns(&rows, width, &clusters, BOOTSTRAP_REPS, stream);
        let (lists_part, rest) = all.split_at(4 * lists.len());
        let (verdicts_part, curve_part) = rest.split_at(2 * (lists.len() - 1));
        Self {
            observations: n as u32,
            lists: lists_part.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect(),
            verdicts: verdicts_part.chunks_exact(2).map(|c| [c[0], c[1]]).collect(),
            curve: curve_part.chunks_exact(2).map(|c| [c[0], c[1]]).collect(),
        }
    }
}
