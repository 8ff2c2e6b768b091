//! Offline evaluation: does personalization help, before anything ships?
//!
//! A seeded share of each listener's signals (pairs and artist-level plays) is held out. From the
//! rest, taste vectors are rebuilt over the stored track vectors; each listener is assigned to a
//! segment from that training taste by the model's own rule (nearest centroid, or most probable
//! component), so that no listener's segment was chosen knowing what they went on to play; each
//! segment's centroid becomes the mean training taste of its listeners, and its engagement is
//! counted again from the training signals. The playlist is then personalized with its settings,
//! through the same engine as the preview. Each segment's variant, the seed as is and the
//! segment's candidates ordered by popularity are scored by hit rate and NDCG at the playlist's
//! length against the held-out positives of that segment's listeners: the tracks of positive
//! pairs and, for artist-level plays, the artists (any track of a held-out artist is a hit; the
//! data says a listener played the artist, not which tracks — see `HeldOut`).
//!
//! Two biases remain, shared by the variant and both baselines: the track vectors are not rebuilt
//! (their collaborative part saw every signal), and the segment model itself was fitted on every
//! listener's full taste (the centroids only as the mean of thousands of listeners).

use ndarray::Array2;
use segue_core::personalize::evaluate::positives_by_listener;
use segue_core::personalize::{candidate_pool, evaluate_variant, holdout, HeldOut, SegmentEvaluation};
use segue_core::segments::assign_nearest;
use segue_core::signals::{ArtistPlays, PairSignal};
use segue_core::taste::{build_taste, TasteVectors};
use segue_core::CancelToken;
use segue_store::Workspace;
use serde::Serialize;

use crate::engine::EngineInput;
use crate::personalize::{invalid, settings, track_matrix, PreviewEngine, Rebuilt};
use crate::segments::ModelBody;
use crate::vectors::BuildParams;
use crate::{Error, Result};

/// Default share of each listener's signals held out.
pub const DEFAULT_HOLDOUT: f64 = 0.2;
/// Default seed of the split.
pub const DEFAULT_SEED: u64 = 7;

/// One segment's scores, named.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentScores {
    /// The segment's name.
    pub name: String,
    /// Hit rate and NDCG of the variant, the seed and the popularity-ordered pool.
    pub scores: SegmentEvaluation,
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
    /// Seed of the split.
    pub seed: f64,
    /// One entry per segment.
    pub segments: Vec<SegmentScores>,
    /// Segments whose variant's hit rate beats the seed's.
    pub variant_beats_seed: u32,
}

/// Evaluates a playlist's variants against held-out signals.
pub async fn evaluate_playlist(ws: &Workspace, playlist: u32, share: f64, seed: u64) -> Result<Evaluation> {
    if !(share > 0.0 && share < 1.0) {
        return Err(Error::Invalid(format!("--holdout must be above 0 and below 1, got {share}")));
    }
    let model = ws.active_model().await?.ok_or_else(|| Error::Invalid("no segment model is active: fit one first".into()))?;
    let record = ws.model(model).await?;
    let build = ws.build(record.build).await?;
    let built_with: BuildParams = serde_json::from_str(&build.params).map_err(segue_store::Error::from)?;
    let body: ModelBody = serde_json::from_str(&record.model).map_err(segue_store::Error::from)?;
    let k = body.centroids.len();
    let input = EngineInput::load(ws).await?;
    let n = input.listeners.len();
    let (train, test) = split(&input, share, seed)?;

    // Stored vectors are already L2-normalized, as the engine's context would make them.
    let matrix = track_matrix(ws, &build, &input).await?;
    let taste = build_taste(
        n,
        &train.pairs,
        &train.artist_plays,
        &input.artists,
        matrix.view(),
        &built_with.taste,
        &CancelToken::new(),
        &mut |_| {},
    )
    .map_err(invalid)?;
    let assignments = reassign(&body, &taste)?;
    let centroids = mean_taste(&taste, &assignments, k);
    let rebuilt = Rebuilt { pairs: &train.pairs, artist_plays: &train.artist_plays, assignments: assignments.clone(), centroids };
    let trained = PreviewEngine::from_parts(ws, model, &input, Some(rebuilt)).await?;
    let relevant = held_out(&test, n);

    let stored = settings(ws, playlist).await?;
    let detail = ws.playlist(playlist).await?;
    if detail.items.is_empty() {
        return Err(Error::Invalid(format!("playlist {playlist} is empty: nothing to evaluate")));
    }
    let seed_ids: Vec<(String, bool)> = detail.items.iter().map(|i| (i.track.id.clone(), i.pinned)).collect();
    let pool = ws.playlist_pool(playlist).await?;
    let all: Vec<u32> = (0..k as u32).collect();
    let request = trained.request(&seed_ids, &pool, &stored, &all)?;
    let preview = trained.preview(playlist, &seed_ids, &pool, &stored, &all)?;
    let ctx = trained.context();
    let seed_tracks: Vec<u32> = request.seed.iter().map(|s| s.track).collect();
    let cutoff = seed_tracks.len() as u32;
    let mut segments = Vec::with_capacity(k);
    for column in &preview.columns {
        let mine: Vec<HeldOut> = relevant
            .iter()
            .zip(&assignments)
            .filter(|(_, s)| **s == Some(column.segment))
            .map(|(r, _)| r.clone())
            .collect();
        let variant: Vec<u32> = column.variant.tracks.iter().map(|t| t.track).collect();
        let popular = ctx.popularity_order(&candidate_pool(ctx, &request, column.segment).map_err(invalid)?);
        let scores = evaluate_variant(column.segment, &variant, &seed_tracks, &popular, &mine, cutoff, |t| ctx.artist(t));
        segments.push(SegmentScores { name: column.segment_name.clone(), scores });
    }
    let variant_beats_seed = segments.iter().filter(|s| s.scores.variant.hit_rate > s.scores.seed.hit_rate).count() as u32;
    Ok(Evaluation { playlist, model: model as u32, holdout: share, seed: seed as f64, segments, variant_beats_seed })
}

/// One side of a holdout split.
struct Signals {
    pairs: Vec<PairSignal>,
    artist_plays: Vec<ArtistPlays>,
}

/// Splits pairs and artist-level plays with the same seeded holdout, the artist standing in for
/// the track: (training, held out).
fn split(input: &EngineInput, share: f64, seed: u64) -> Result<(Signals, Signals)> {
    let pairs = holdout(&input.pairs, share, seed).map_err(invalid)?;
    let as_pairs: Vec<PairSignal> = input
        .artist_plays
        .iter()
        .map(|a| PairSignal { listener: a.listener, track: a.artist, plays: a.plays, ..Default::default() })
        .collect();
    let artists = holdout(&as_pairs, share, seed).map_err(invalid)?;
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
            let centroids = Array2::from_shape_vec((body.centroids.len(), d), flat).map_err(invalid)?;
            assign_nearest(centroids.view(), rows)
        }
    }
    .map_err(invalid)?;
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
