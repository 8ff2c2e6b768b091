//! Offline evaluation: does personalization help real listeners, more than what a sceptic would
//! do instead?
//!
//! For each of several seeded splits, a share of each listener's signals (pairs and artist-level
//! plays) is held out. From the rest alone the engine is rebuilt as the studio would build it:
//! the track vectors (their collaborative part learns from listening histories, which must not
//! include held-out listening), the taste vectors, each listener's segment (by the model's own
//! rule, from their training taste), each segment's centroid (the mean training taste of its
//! listeners) and its engagement. The playlist is then personalized with its settings at each
//! requested strength, and every segment's lists are scored against the held-out positives of
//! its listeners, at the playlist's length:
//!
//! - **lists**: the variant; the seed as is; the most-played tracks of every listener (global
//!   popularity); the segment's most-played (no theme); and the theme baseline (the first half of
//!   the seed, then the segment's most-played artists within the seed's genres);
//! - **metrics**: hit share (precision), listener hit rate, recall and NDCG (a held-out artist is
//!   one positive: the data names artists, not tracks; see `HeldOut`), each a mean with a 95%
//!   bootstrap interval over listeners; and what each list keeps: the seed, the seed's genres,
//!   the content cosine to the seed;
//! - **verdicts**: the variant against each other list, on hit share and hit rate, from the
//!   bootstrap interval of their paired difference: better or worse only where the interval lies
//!   wholly on one side of zero, else "no clear difference".
//!
//! One bias remains, shared by the variant and every baseline: the segment model was fitted on
//! every listener's full taste (the centroids enter only as the mean of hundreds of listeners).

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use ndarray::Array2;
use segue_core::personalize::evaluate::positives_by_listener;
use segue_core::personalize::{
    holdout, list_facts, listener_scores, seed_genres, theme_baseline, HeldOut, ListFacts,
};
use segue_core::segments::assign_nearest;
use segue_core::signals::{ArtistPlays, PairSignal};
use segue_core::taste::{build_taste, listener_histories, TasteVectors};
use segue_core::vectors::{build_track_vectors, CONTENT_DIMS};
use segue_core::{CancelToken, Progress};
use segue_store::Workspace;
use serde::{Deserialize, Serialize};

use crate::engine::EngineInput;
use crate::job::{blocking, Throttle};
use crate::personalize::{settings, EngineParts, PlaylistSettings, PreviewEngine, Rebuilt};
use crate::segments::ModelBody;
use crate::{Error, Result};

/// Default share of each listener's signals held out.
pub const DEFAULT_HOLDOUT: f64 = 0.2;
/// Default seed of the first split (split `i` uses `seed + i`).
pub const DEFAULT_SEED: u64 = 7;
/// Default number of splits.
pub const DEFAULT_SPLITS: u32 = 3;
/// The most splits one evaluation runs.
pub const MAX_SPLITS: u32 = 20;
/// The most strengths one evaluation runs.
pub const MAX_STRENGTHS: usize = 21;

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct EvaluateRequest {
    /// Share of each listener's signals held out, in `(0, 1)`.
    pub holdout: f64,
    /// Seed of the first split.
    pub seed: f64,
    /// Number of seeded splits, 1 to [`MAX_SPLITS`].
    pub splits: u32,
    /// Strengths of the curve (the playlist's own strength is always evaluated too).
    pub strengths: Vec<f32>,
}

impl Default for EvaluateRequest {
    fn default() -> Self {
        Self { holdout: DEFAULT_HOLDOUT, seed: DEFAULT_SEED as f64, splits: DEFAULT_SPLITS, strengths: Vec::new() }
    }
}

impl EvaluateRequest {
    /// Checks every field, for every host; the error names the field and the value refused.
    pub fn check(&self) -> Result<()> {
        if !(self.holdout > 0.0 && self.holdout < 1.0) {
            return Err(Error::Invalid(format!("holdout must be above 0 and below 1, got {}", self.holdout)));
        }
        if !(self.seed.is_finite() && self.seed >= 0.0 && self.seed.fract() == 0.0 && self.seed < 2f64.powi(53)) {
            return Err(Error::Invalid(format!("seed must be a whole number from 0 to 2^53, got {}", self.seed)));
        }
        if !(1..=MAX_SPLITS).contains(&self.splits) {
            return Err(Error::Invalid(format!("splits must be from 1 to {MAX_SPLITS}, got {}", self.splits)));
        }
        if self.strengths.len() > MAX_STRENGTHS {
            return Err(Error::Invalid(format!("strengths takes at most {MAX_STRENGTHS} values")));
        }
        if let Some(s) = self.strengths.iter().find(|s| !(0.0..=1.0).contains(*s)) {
            return Err(Error::Invalid(format!("strengths must be between 0 and 1, got {s}")));
        }
        Ok(())
    }
}

mod report;

pub use report::*;
pub use segue_core::personalize::Interval;

/// One listener's figures for one list on one split.
#[derive(Debug, Clone, Copy)]
struct Observation {
    listener: u32,
    segment: u32,
    scores: [f64; 4],
}

/// What one split measured: per (list, strength) the listeners' figures, and per (list,
/// strength, segment) the list's facts.
#[derive(Default)]
struct Measured {
    /// Key: (list, strength index; baselines at index 0).
    observations: BTreeMap<(ListKind, usize), Vec<Observation>>,
    facts: BTreeMap<(ListKind, usize, u32), Vec<ListFacts>>,
    /// The cut-off: the seed's length.
    k: usize,
}

/// Evaluates a playlist's variants against held-out signals; a job with progress and cancel.
pub async fn evaluate_playlist(
    ws: &Workspace,
    playlist: u32,
    request: &EvaluateRequest,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<Evaluation> {
    let mut out = evaluate_playlists(ws, &[playlist], request, on_progress, cancel).await?;
    Ok(out.remove(0))
}

/// Evaluates several playlists on the same splits: each split's engine is rebuilt once and every
/// playlist is personalized and scored on it. One evaluation per playlist, in order.
pub async fn evaluate_playlists(
    ws: &Workspace,
    playlists: &[u32],
    request: &EvaluateRequest,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<Vec<Evaluation>> {
    let started = Instant::now();
    request.check()?;
    let mut progress = Throttle::new(on_progress);
    progress.finish(Progress::of(0.0, 1.0));
    let model = ws.active_model().await?.ok_or_else(|| Error::Invalid("no segment model is active: fit one first".into()))?;
    let mut seeds = Vec::with_capacity(playlists.len());
    for &playlist in playlists {
        let detail = ws.playlist(playlist).await?;
        if detail.items.is_empty() {
            return Err(Error::Invalid(format!("playlist {playlist} is empty: nothing to evaluate")));
        }
        let settings = settings(ws, playlist).await?;
        let mut strengths: Vec<f32> = request.strengths.clone();
        strengths.push(settings.strength);
        strengths.sort_by(f32::total_cmp);
        strengths.dedup();
        seeds.push(Seed {
            playlist,
            seed_ids: detail.items.iter().map(|i| (i.track.id.clone(), i.pinned)).collect(),
            pool: ws.playlist_pool(playlist).await?,
            settings,
            strengths,
        });
    }
    let input = EngineInput::load(ws).await?;
    let parts = EngineParts::read(ws, model, &input).await?;
    let job = Job { request: request.clone(), seeds, cancel: cancel.clone() };
    let (measured, job, parts) = blocking(&mut progress, (0.02, 0.98), move |report| {
        let out = job.run(&input, &parts, report);
        (out, job, parts)
    })
    .await?;
    // A step the token stopped reports its own error; the job reports the cancel.
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let measured = measured?;
    let out = job.seeds.iter().zip(&measured).map(|(seed, m)| seed.report(&job.request, model, &parts, m, started)).collect();
    progress.finish(Progress::of(1.0, 1.0));
    Ok(out)
}

/// An evaluation's inputs, moved onto a blocking thread.
struct Job {
    request: EvaluateRequest,
    seeds: Vec<Seed>,
    cancel: CancelToken,
}

/// One playlist to evaluate.
struct Seed {
    playlist: u32,
    settings: PlaylistSettings,
    seed_ids: Vec<(String, bool)>,
    pool: Vec<String>,
    /// The curve's strengths and the playlist's own, sorted.
    strengths: Vec<f32>,
}

impl Job {
    /// Runs every split: what was measured, per playlist.
    fn run(&self, input: &EngineInput, parts: &EngineParts, report: &mut dyn FnMut(Progress)) -> Result<Vec<Measured>> {
        let mut measured: Vec<Measured> = self.seeds.iter().map(|_| Measured::default()).collect();
        let splits = self.request.splits as usize;
        for split in 0..splits {
            let at = |step: f64| Progress::of(split as f64 + step, splits as f64);
            report(at(0.0));
            let seed = self.request.seed as u64 + split as u64;
            self.split(input, parts, seed, &mut measured, &mut |step| report(at(step)))?;
            if self.cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
        }
        Ok(measured)
    }

    /// One split: rebuild from the training signals, personalize each playlist, score every list.
    fn split(
        &self,
        input: &EngineInput,
        parts: &EngineParts,
        seed: u64,
        measured: &mut [Measured],
        step: &mut dyn FnMut(f64),
    ) -> Result<()> {
        let n = input.listeners.len();
        let (train, test) = split(input, self.request.holdout, seed)?;
        let params = &parts.params;
        let histories =
            listener_histories(n, &train.pairs, &train.artist_plays, &input.artists, &params.taste)?;
        let tv = build_track_vectors(&input.tracks, &input.playlists, &histories, &params.vectors, &self.cancel, &mut |_| {})
            ?;
        drop(histories);
        step(0.4);
        let taste = build_taste(
            n,
            &train.pairs,
            &train.artist_plays,
            &input.artists,
            tv.vectors.view(),
            &params.taste,
            &self.cancel,
            &mut |_| {},
        )
        ?;
        let assignments = reassign(&parts.body, &taste)?;
        let centroids = mean_taste(&taste, &assignments, parts.body.centroids.len());
        let rebuilt = Rebuilt {
            pairs: &train.pairs,
            artist_plays: &train.artist_plays,
            assignments: assignments.clone(),
            centroids,
            vectors: tv.vectors,
        };
        let engine = PreviewEngine::assemble(parts, input, Some(rebuilt))?;
        step(0.6);
        let relevant = held_out(&test, n);
        let listeners: Vec<(u32, u32, &HeldOut)> = relevant
            .iter()
            .zip(&assignments)
            .enumerate()
            .filter_map(|(l, (r, s))| (!r.is_empty()).then_some((l as u32, (*s)?, r)))
            .collect();
        for (i, (seed, m)) in self.seeds.iter().zip(measured.iter_mut()).enumerate() {
            seed.measure(&engine, &listeners, m)?;
            if self.cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            step(0.6 + 0.4 * (i + 1) as f64 / self.seeds.len() as f64);
        }
        Ok(())
    }
}

impl Seed {
    /// Personalizes this playlist on one split's engine and scores every list for `listeners`
    /// (listener, segment, held-out positives).
    fn measure(&self, engine: &PreviewEngine, listeners: &[(u32, u32, &HeldOut)], m: &mut Measured) -> Result<()> {
        let ctx = engine.context();
        let all: Vec<u32> = (0..engine.n_segments()).collect();
        let request = engine.request(&self.seed_ids, &self.pool, &self.settings, &all)?;
        let seed: Vec<u32> = request.seed.iter().map(|s| s.track).collect();
        let theme = seed_genres(ctx, &seed);
        let k = seed.len();
        m.k = k;
        let artist = |t: u32| ctx.artist(t);
        let mut lists: BTreeMap<(ListKind, usize, u32), Vec<u32>> = BTreeMap::new();
        let popular = ctx.most_played(None, k, |_| true, &HashSet::new());
        for &s in &all {
            lists.insert((ListKind::Seed, 0, s), seed.clone());
            lists.insert((ListKind::Popular, 0, s), popular.clone());
            lists.insert((ListKind::SegmentMostPlayed, 0, s), ctx.most_played(Some(s), k, |_| true, &HashSet::new()));
            lists.insert((ListKind::ThemeBaseline, 0, s), theme_baseline(ctx, &seed, &theme, s, k));
        }
        for (i, &strength) in self.strengths.iter().enumerate() {
            let at_strength = PlaylistSettings { strength, ..self.settings.clone() };
            let preview = engine.preview(self.playlist, &self.seed_ids, &self.pool, &at_strength, &all)?;
            for column in &preview.columns {
                let variant = column.variant.tracks.iter().map(|t| t.track).collect();
                lists.insert((ListKind::Variant, i, column.segment), variant);
            }
        }
        for ((list, strength, segment), tracks) in &lists {
            let facts = list_facts(ctx, tracks, &seed, &theme, CONTENT_DIMS);
            m.facts.entry((*list, *strength, *segment)).or_default().push(facts);
            let out = m.observations.entry((*list, *strength)).or_default();
            for &(listener, s, r) in listeners.iter().filter(|(_, s, _)| s == segment) {
                let scores = listener_scores(tracks, r, k, artist).as_array();
                out.push(Observation { listener, segment: s, scores });
            }
        }
        Ok(())
    }
}

/// One side of a holdout split.
struct Signals {
    pairs: Vec<PairSignal>,
    artist_plays: Vec<ArtistPlays>,
}

/// Splits pairs and artist-level plays with the same seeded holdout, the artist standing in for
/// the track: (training, held out).
fn split(input: &EngineInput, share: f64, seed: u64) -> Result<(Signals, Signals)> {
    let pairs = holdout(&input.pairs, share, seed)?;
    let as_pairs: Vec<PairSignal> = input
        .artist_plays
        .iter()
        .map(|a| PairSignal { listener: a.listener, track: a.artist, plays: a.plays, ..Default::default() })
        .collect();
    let artists = holdout(&as_pairs, share, seed)?;
    let back = |v: Vec<PairSignal>| -> Vec<ArtistPlays> {
        v.into_iter().map(|p| ArtistPlays { listener: p.listener, artist: p.track, plays: p.plays }).collect()
    };
    Ok((
        Signals { pairs: pairs.train, artist_plays: back(artists.train) },
        Signals { pairs: pairs.test, artist_plays: back(artists.test) },
    ))
}

/// Each listener's held-out positives: the tracks of positive pairs and the artists of artist
/// plays (the artist, not the tracks the taste step spreads its plays over: see [`HeldOut`]).
fn held_out(test: &Signals, n: usize) -> Vec<HeldOut> {
    let mut relevant = positives_by_listener(&test.pairs, n);
    for a in test.artist_plays.iter().filter(|a| a.plays > 0.0) {
        relevant[a.listener as usize].artists.push(a.artist);
    }
    relevant.iter_mut().for_each(HeldOut::tidy);
    relevant
}

/// Each listener's segment from their training taste, by the model's rule; `None` for listeners
/// without positive training evidence (nothing to place them by).
fn reassign(body: &ModelBody, taste: &TasteVectors) -> Result<Vec<Option<u32>>> {
    let rows = taste.vectors.view();
    let labels = match &body.gmm {
        Some(gmm) => gmm.assign(rows),
        None => {
            let d = rows.ncols();
            let flat: Vec<f32> = body.centroids.iter().flatten().copied().collect();
            let centroids = Array2::from_shape_vec((body.centroids.len(), d), flat)
                .map_err(|e| Error::Internal(format!("the model's centroids do not match its listeners' tastes: {e}")))?;
            assign_nearest(centroids.view(), rows)
        }
    }
    ?;
    Ok(labels.into_iter().zip(&taste.evidence).map(|(s, &e)| (e > 0).then_some(s)).collect())
}

/// Each segment's centroid: the mean taste of its listeners.
fn mean_taste(taste: &TasteVectors, assignments: &[Option<u32>], k: usize) -> Vec<Vec<f32>> {
    let dim = taste.vectors.ncols();
    let mut centroids = vec![vec![0f32; dim]; k];
    let mut counts = vec![0usize; k];
    for (l, s) in assignments.iter().enumerate() {
        if let Some(s) = s {
            for (c, x) in centroids[*s as usize].iter_mut().zip(taste.vectors.row(l)) {
                *c += x;
            }
            counts[*s as usize] += 1;
        }
    }
    for (c, n) in centroids.iter_mut().zip(&counts) {
        c.iter_mut().for_each(|x| *x /= (*n).max(1) as f32);
    }
    centroids
}
