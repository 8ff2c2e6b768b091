//! Offline evaluation: does personalization help, before anything ships?
//!
//! A seeded share of each listener's signals (pairs and artist-level plays) is held out. From the
//! rest, taste vectors are rebuilt over the stored track vectors, each segment's centroid becomes
//! the mean taste of its listeners, and its engagement is counted again; the playlist is then
//! personalized with its settings. Each segment's variant, the seed as is and the candidate pool
//! ordered by popularity are scored by hit rate and NDCG at the playlist's length against the
//! held-out positive tracks of that segment's listeners. The track vectors themselves are not
//! rebuilt (their collaborative part saw every signal): a small optimistic bias shared by the
//! variant and both baselines.

use segue_core::personalize::{candidate_pool, evaluate_variant, holdout, SegmentEvaluation};
use segue_core::signals::{ArtistPlays, PairSignal};
use segue_core::taste::{build_taste, spread_artist_plays};
use segue_core::CancelToken;
use segue_store::Workspace;
use serde::Serialize;

use crate::engine::EngineInput;
use crate::personalize::{dense_assignments, invalid, settings, track_matrix, PreviewEngine};
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
    let k = serde_json::from_str::<crate::segments::ModelBody>(&record.model).map_err(segue_store::Error::from)?.centroids.len();
    let input = EngineInput::load(ws).await?;
    let assignments = dense_assignments(ws, model, &input).await?;
    let n = input.listeners.len();

    let split = holdout(&input.pairs, share, seed).map_err(invalid)?;
    // Artist plays go through the same seeded split, the artist standing in for the track.
    let as_pairs: Vec<PairSignal> = input
        .artist_plays
        .iter()
        .map(|a| PairSignal { listener: a.listener, track: a.artist, plays: a.plays, ..Default::default() })
        .collect();
    let artist_split = holdout(&as_pairs, share, seed).map_err(invalid)?;
    let back = |v: &[PairSignal]| -> Vec<ArtistPlays> {
        v.iter().map(|p| ArtistPlays { listener: p.listener, artist: p.track, plays: p.plays }).collect()
    };
    let (artist_train, artist_test) = (back(&artist_split.train), back(&artist_split.test));

    // Centroids from the training signals: the mean taste of each segment's listeners.
    // Stored vectors are already L2-normalized, as the engine's context would make them.
    let matrix = track_matrix(ws, &build, &input).await?;
    let vectors = matrix.view();
    let taste = build_taste(
        n,
        &split.train,
        &artist_train,
        &input.artists,
        vectors,
        &built_with.taste,
        &CancelToken::new(),
        &mut |_| {},
    )
    .map_err(invalid)?;
    let dim = vectors.ncols();
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
    let trained = PreviewEngine::from_parts(ws, model, &input, &split.train, &artist_train, Some(centroids)).await?;

    // Held-out positives per listener: played pairs and the spread tracks of held-out artists.
    let mut relevant: Vec<Vec<u32>> = vec![Vec::new(); n];
    for p in split.test.iter().filter(|p| segue_core::personalize::evaluate::is_positive(p)) {
        relevant[p.listener as usize].push(p.track);
    }
    for s in spread_artist_plays(&artist_test, &input.artists, &built_with.taste).map_err(invalid)? {
        if s.weight > 0.0 {
            relevant[s.listener as usize].push(s.track);
        }
    }
    relevant.iter_mut().for_each(|r| {
        r.sort_unstable();
        r.dedup();
    });

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
    let seed_tracks: Vec<u32> = request.seed.iter().map(|s| s.track).collect();
    let popular = trained.context().popularity_order(&candidate_pool(trained.context(), &request).map_err(invalid)?);
    let cutoff = seed_tracks.len() as u32;
    let mut segments = Vec::with_capacity(k);
    for column in &preview.columns {
        let mine: Vec<Vec<u32>> = relevant
            .iter()
            .zip(&assignments)
            .filter(|(_, s)| **s == Some(column.segment))
            .map(|(r, _)| r.clone())
            .collect();
        let variant: Vec<u32> = column.variant.tracks.iter().map(|t| t.track).collect();
        let scores = evaluate_variant(column.segment, &variant, &seed_tracks, &popular, &mine, cutoff);
        segments.push(SegmentScores { name: column.segment_name.clone(), scores });
    }
    let variant_beats_seed = segments.iter().filter(|s| s.scores.variant.hit_rate > s.scores.seed.hit_rate).count() as u32;
    Ok(Evaluation { playlist, model: model as u32, holdout: share, seed: seed as f64, segments, variant_beats_seed })
}
