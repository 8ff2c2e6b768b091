//! # Personalization: the editor's seed, made personal for each listener segment
//!
//! For one seed and one segment (DESIGN.md, "Personalization"), [`preview`]:
//!
//! 1. **gathers candidates**: the seed, the tracks the editor added to the pool, must-include
//!    tracks and, when [`Expansion`] is on, catalogue tracks that keep the seed's theme — filed
//!    under the seed's genres ([`seed_genres`]) and above a cosine to the seed's centroid — up to
//!    a cap, half the closest to the seed and half the ones the segment ranks highest (`expand`);
//! 2. **scores** each candidate for the segment: the segment's *engagement* with it (above all
//!    its reach — the share of the segment's listeners who play the track and its artist — plus
//!    its save rate and minus its skip rate, as Bayesian averages shrunk towards everyone's where
//!    evidence is thin; see [`Engagement`]), its *affinity* (cosine to the segment's centroid:
//!    taste vectors and track vectors share a space) and its *fit to the seed* (mean cosine to
//!    its closest seed tracks). Each part is divided by its spread over the catalogue for this
//!    segment ([`SegmentScales`]), so each can change a rank, and weighed ([`PersonalizeParams`]);
//! 3. **selects** greedily by maximal marginal relevance (J. Carbonell and J. Goldstein, "The use
//!    of MMR, diversity-based reranking for reordering documents and producing summaries", SIGIR
//!    1998): relevance minus the highest cosine to what is already chosen, under the [`Rules`].
//!    Unbreakable rules are never broken by a track the engine chooses; breakable ones are traded
//!    by priority; pins keep their positions. The strength `s` bounds how much of the seed the
//!    segment may replace: at least `⌈(1 − s)·u⌉` of the `u` unpinned seed tracks stay, the ones
//!    the segment ranks highest, so at `s = 0` the variant is exactly the seed and at `s = 0.5`
//!    at least half of it; the engine also adds at most one track per artist by default;
//! 4. **sequences** the unpinned tracks along the seed's energy arc, or for smooth transitions,
//!    keeping the artist separation;
//! 5. **explains**: every track carries its score parts, its closest seed track and the rules
//!    that shaped its place; every variant its [`VariantMetrics`] and a rule report of
//!    [`Violation`]s found by auditing the finished list.
//!
//! Segments run in parallel; each is computed sequentially with every tie broken by index, so the
//! same context and request give the same preview. The expensive, edit-independent parts live in
//! a [`PreviewContext`] built once per (vector build, segment model): a preview makes one pass
//! over the vectors for the expansion, and each segment touches only its few hundred candidates.
//!
//! [`evaluate`] holds the offline check: hit share, hit rate, recall and NDCG (Järvelin &
//! Kekäläinen 2002) on held-out listening, beside the baselines a sceptic would propose, with
//! bootstrap intervals.

mod aggregate;
mod context;
pub mod evaluate;
mod expand;
mod params;
mod report;
mod request;
mod score;
mod select;
mod sequence;

#[cfg(test)]
mod tests;

pub use aggregate::aggregate_engagement;
pub use context::{
    ArtistReach, GlobalRates, PreviewContext, SegmentEngagement, SegmentFacts, SegmentScales,
    TrackEngagement, TrackFacts, MIN_AFFINITY_SPREAD,
};
pub use evaluate::{
    bootstrap, bootstrap_columns, hit_rate_at_k, holdout, list_facts, listener_scores, ndcg_at_k, theme_baseline, HeldOut, Interval,
    ListFacts, ListenerScores, Split, BOOTSTRAP_REPS,
};
pub use expand::SEED_SIDE_SHARE;
pub use params::*;
pub use report::{Reasons, Status, Variant, VariantMetrics, VariantTrack, Violation};
pub use request::{
    seed_genres, Expansion, FamiliarityBand, PreviewRequest, Rule, RuleKind, Rules, SeedSlot, TargetLength,
    THEME_GENRE_SHARE,
};
pub use score::{engagement_of, shrunk_rate, Engagement};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use expand::Sources;
use report::View;
use request::Plan;
use score::{Candidates, Scored};

/// Why a preview (or an evaluation step) cannot run. Nothing is computed when it fails.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PersonalizeError {
    /// A track index outside the catalogue.
    #[error("track {track} is outside the catalogue ({n_tracks} tracks)")]
    TrackOutOfRange {
        /// The index.
        track: u32,
        /// Tracks in the catalogue.
        n_tracks: usize,
    },
    /// A segment index outside the model.
    #[error("segment {segment} is outside the model ({n_segments} segments)")]
    SegmentOutOfRange {
        /// The index.
        segment: u32,
        /// Segments in the model.
        n_segments: usize,
    },
    /// A pair's listener without an assignment entry.
    #[error("listener {listener} is outside the assignments ({n_listeners} listeners)")]
    ListenerOutOfRange {
        /// The index.
        listener: u32,
        /// Listeners with an assignment entry.
        n_listeners: usize,
    },
    /// A centroid whose width differs from the track vectors'.
    #[error("a centroid has {found} dimensions, the track vectors {expected}")]
    Dimension {
        /// Width of the track vectors.
        expected: usize,
        /// Width found.
        found: usize,
    },
    /// Inputs that should line up do not.
    #[error("{what}: expected {expected} rows, found {found}")]
    Rows {
        /// What was counted.
        what: &'static str,
        /// Rows expected.
        expected: usize,
        /// Rows found.
        found: usize,
    },
    /// A track listed twice in the seed.
    #[error("track {track} is in the seed twice")]
    DuplicateSeedTrack {
        /// The track.
        track: u32,
    },
    /// A parameter, rule or request value out of its range.
    #[error("{name} {reason}")]
    Param {
        /// The field, as named in JSON.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// The seed as is, against one segment: the column the variants are compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeedReport {
    /// The segment.
    pub segment: u32,
    /// The seed's figures for this segment (lift 0, overlap 1).
    pub metrics: VariantMetrics,
    /// The seed's own rule report (familiarity depends on the segment).
    pub violations: Vec<Violation>,
}

/// Every requested segment's variant beside the seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The seed against each requested segment, in the request's order.
    pub seed: Vec<SeedReport>,
    /// One variant per requested segment, in the request's order.
    pub variants: Vec<Variant>,
}

/// Personalizes the seed for every requested segment; see the module docs.
pub fn preview(ctx: &PreviewContext, req: &PreviewRequest) -> Result<Preview, PersonalizeError> {
    let plan = Plan::new(ctx, req)?;
    let sources = Sources::new(ctx, &plan, req);
    let (seed, variants) = req
        .segments
        .par_iter()
        .map(|&segment| personalize(ctx, &plan, req, &sources.candidates(ctx, &plan, segment, &req.params), segment))
        .unzip();
    Ok(Preview { seed, variants })
}

/// The candidates of one segment's variant, as [`preview`] gathers them: the seed, the pool,
/// must-include tracks and the segment's expansion, in that order (the popularity baseline of
/// offline evaluation orders these). At strength 0 the variant is the seed, and only the seed
/// and must-include tracks are gathered.
pub fn candidate_pool(ctx: &PreviewContext, req: &PreviewRequest, segment: u32) -> Result<Vec<u32>, PersonalizeError> {
    let plan = Plan::new(ctx, req)?;
    if segment as usize >= ctx.n_segments() {
        return Err(PersonalizeError::SegmentOutOfRange { segment, n_segments: ctx.n_segments() });
    }
    Ok(Sources::new(ctx, &plan, req).candidates(ctx, &plan, segment, &req.params).tracks)
}

/// Checks a finished list of `tracks` against the request's rules and pins: the rule report
/// [`preview`] gives a variant, for a list made elsewhere (a variant read back from a package).
/// `familiar[p]` says whether the track at position `p` is familiar to its segment.
pub fn audit_list(
    ctx: &PreviewContext,
    req: &PreviewRequest,
    tracks: &[u32],
    familiar: &[bool],
) -> Result<Vec<Violation>, PersonalizeError> {
    let plan = Plan::new(ctx, req)?;
    if let Some(&t) = tracks.iter().find(|&&t| t as usize >= ctx.n_tracks()) {
        return Err(PersonalizeError::TrackOutOfRange { track: t, n_tracks: ctx.n_tracks() });
    }
    Ok(report::audit(ctx, &plan, &req.rules, tracks, |p| familiar.get(p).copied().unwrap_or(false)))
}

/// One segment's seed report and variant.
fn personalize(
    ctx: &PreviewContext,
    plan: &Plan,
    req: &PreviewRequest,
    cands: &Candidates,
    segment: u32,
) -> (SeedReport, Variant) {
    let scored = Scored::new(ctx, cands, segment, &req.params);
    let view = View { ctx, plan, rules: &req.rules, cands, scored: &scored, segment };
    let seed_order: Vec<usize> = (0..cands.n_seed).collect();
    let seed_variant = view.variant(&seed_order, &[]);
    let seed =
        SeedReport { segment, metrics: seed_variant.metrics.clone(), violations: seed_variant.violations.clone() };
    if req.strength <= 0.0 {
        return (seed, seed_variant);
    }
    let unit = ctx.scales(segment).affinity as f32;
    let selection = select::select(ctx, plan, &req.rules, cands, &scored, &req.params, req.strength, unit);
    let sequenced = sequence::sequence(ctx, plan, &req.rules, cands, &scored, &selection, &req.params);
    (seed, view.variant(&sequenced.order, &sequenced.separated))
}
