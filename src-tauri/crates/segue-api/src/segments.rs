//! Segment models: fitting one as a job on the newest vector build, and reading models back as
//! the studio and the command line show them (cards with profiles, the map, metrics).

use std::collections::HashMap;
use std::time::Instant;

use ndarray::Array2;
use segue_core::segments::{adjusted_rand_index, assign, fit_segments, map_segments, profile_segments, SegmentFit};
use segue_core::taste::engagement_weights;
use segue_core::{CancelToken, Progress};
use segue_store::models::{activate_model, delete_model, rename_segment, save_model, ModelRecord, NewModel};
pub use segue_store::models::{ModelBody, ModelMetrics};
use segue_store::Workspace;
use serde::Serialize;

use crate::engine::EngineInput;
use crate::job::{blocking, Throttle};
use crate::vectors::{build_vectors, BuildParams};
use crate::{Error, Result};

pub use segue_core::segments::{Algorithm, Candidate, SegmentMap, SegmentParams, SegmentProfile};

/// Listeners drawn onto the 2-D map at most.
pub const MAP_POINTS: usize = 3000;

/// A model in a list.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ModelSummary {
    /// Model id.
    pub id: u32,
    /// When it was fitted (RFC 3339).
    pub created_at: String,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Number of segments.
    pub k: u32,
    /// The seed of the fit.
    pub seed: f64,
    /// Whether personalization uses it.
    pub active: bool,
    /// The vector build it was fitted on.
    pub build: u32,
    /// What the fit measured.
    pub metrics: ModelMetrics,
}

/// One segment as a card shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentCard {
    /// Index in the model.
    pub index: u32,
    /// The editor's name (the automatic one until renamed).
    pub name: String,
    /// What sets the segment apart.
    pub profile: SegmentProfile,
}

/// A model with everything the segments panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ModelView {
    /// The model.
    pub summary: ModelSummary,
    /// The parameters of the fit.
    pub params: SegmentParams,
    /// One card per segment.
    pub segments: Vec<SegmentCard>,
    /// Listeners and centroids in two dimensions.
    pub map: SegmentMap,
    /// Share of the model's listeners drawn by the simulator (the studio labels them).
    pub simulated_share: f64,
}

fn summary(r: &ModelRecord) -> ModelSummary {
    ModelSummary {
        id: r.id as u32,
        created_at: r.created_at.clone(),
        algorithm: r.params.algorithm,
        k: r.k as u32,
        seed: r.seed as f64,
        active: r.active,
        build: r.build as u32,
        metrics: r.metrics.0.clone(),
    }
}

/// The active model's id, `None` when no model is active.
pub async fn active_model(ws: &Workspace) -> Result<Option<i64>> {
    Ok(ws.active_model().await?)
}

/// Every model, newest first.
pub async fn list_models(ws: &Workspace) -> Result<Vec<ModelSummary>> {
    Ok(ws.models().await?.iter().map(summary).collect())
}

/// A model by id, or the active one when `id` is `None` (`None` if no model is active).
pub async fn model_view(ws: &Workspace, id: Option<u32>) -> Result<Option<ModelView>> {
    let id = match id {
        Some(id) => i64::from(id),
        None => match ws.active_model().await? {
            Some(id) => id,
            None => return Ok(None),
        },
    };
    let record = ws.model(id).await?;
    let segments = ws
        .segments(id)
        .await?
        .into_iter()
        .map(|s| SegmentCard { index: s.idx as u32, name: s.name, profile: s.profile.0 })
        .collect();
    let simulated_share = ws.simulated_share(id).await?;
    Ok(Some(ModelView {
        summary: summary(&record),
        params: record.params.0,
        segments,
        map: record.map.0,
        simulated_share,
    }))
}

/// One listener's segment.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// The listener's id in the signal files.
    pub listener: String,
    /// The segment's index.
    pub segment: u32,
    /// The segment's name.
    pub segment_name: String,
    /// Whether the listener took part in the fit (false: assigned after, too little evidence).
    pub fitted: bool,
}

/// Every listener's segment in a model (the active one when `id` is `None`).
pub async fn assignments(ws: &Workspace, id: Option<u32>) -> Result<Vec<Assignment>> {
    let id = match id {
        Some(id) => i64::from(id),
        None => ws.active_model().await?.ok_or_else(|| Error::Invalid("no segment model is active: fit one first".into()))?,
    };
    ws.model(id).await?;
    let names: HashMap<u32, String> = ws.segments(id).await?.into_iter().map(|s| (s.idx as u32, s.name)).collect();
    Ok(ws
        .assignments(id)
        .await?
        .into_iter()
        .map(|(listener, segment, fitted)| Assignment {
            listener,
            segment_name: names.get(&segment).cloned().unwrap_or_default(),
            segment,
            fitted,
        })
        .collect())
}

/// Makes a model the active one.
pub async fn activate(ws: &Workspace, id: u32) -> Result<()> {
    let mut tx = ws.write().await?;
    activate_model(&mut tx, i64::from(id)).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    Ok(())
}

/// Renames a segment; an empty name restores the automatic one.
pub async fn rename(ws: &Workspace, model: u32, segment: u32, name: &str) -> Result<()> {
    if name.chars().count() > 80 {
        return Err(Error::Invalid("a segment name has at most 80 characters".into()));
    }
    let mut tx = ws.write().await?;
    rename_segment(&mut tx, i64::from(model), segment, name).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    Ok(())
}

/// Deletes a model.
pub async fn delete(ws: &Workspace, id: u32) -> Result<()> {
    let mut tx = ws.write().await?;
    delete_model(&mut tx, i64::from(id)).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    Ok(())
}

/// Fits a segment model on the newest vector build (building vectors with the default
/// parameters first if the workspace has none), profiles and maps it, stores it and makes it
/// the active model.
pub async fn fit(
    ws: &Workspace,
    params: &SegmentParams,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<ModelSummary> {
    let started = Instant::now();
    params.candidate_ks()?;
    let mut progress = Throttle::new(on_progress);
    // Vectors are (re)built first when there are none, or when signals arrived after the newest
    // build (with that build's parameters), so a fit always covers every listener.
    let imports = ws.signal_stats().await?.imports;
    let (rebuild, with) = match ws.latest_build().await? {
        None => (true, BuildParams::default()),
        Some(b) => (b.stats.signal_imports != imports, b.params.0),
    };
    if rebuild {
        let mut sub = |p: Progress| progress.report(Progress::of(p.fraction().unwrap_or(0.0) * 0.4, 1.0));
        build_vectors(ws, &with, &mut sub, cancel).await?;
    }
    let build = ws.latest_build().await?.expect("a build exists or was just stored");
    let built_with = &build.params;
    let input = EngineInput::load(ws).await?;
    let dense: HashMap<i64, usize> = input.listeners.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    let rows = ws.taste_vectors(build.id).await?;
    let dims = build.dims as usize;
    let fitted: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].eligible).collect();
    let later: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].eligible && rows[i].evidence > 0).collect();
    let matrix = |which: &[usize]| {
        Array2::from_shape_vec((which.len(), dims), which.iter().flat_map(|&i| rows[i].vector.iter().copied()).collect())
            .expect("every stored vector has the build's width")
    };
    let (data, rest) = (matrix(&fitted), matrix(&later));
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let (p, c) = (params.clone(), cancel.clone());
    let start = if rebuild { 0.4 } else { 0.05 };
    let (data, outcome) = blocking(&mut progress, (start, 0.9), move |report| {
        let outcome = fit_segments(data.view(), &p, &c, report).and_then(|fit| {
            let after = assign(&fit, rest.view())?;
            let map = map_segments(data.view(), &fit.assignments, fit.centroids.view(), MAP_POINTS, u64::from(p.seed))?;
            Ok((fit, after, map))
        });
        (data, outcome)
    })
    .await?;
    drop(data);
    let (fit, after, map) = outcome?;

    // Every assigned listener by dense index, for the profiles.
    let mut by_dense: Vec<Option<u32>> = vec![None; input.listeners.len()];
    let mut stored = Vec::with_capacity(fitted.len() + later.len());
    for (rows_of, labels, took_part) in [(&fitted, &fit.assignments, true), (&later, &after, false)] {
        for (&i, &segment) in rows_of.iter().zip(labels) {
            stored.push((rows[i].listener, segment, took_part));
            if let Some(&d) = dense.get(&rows[i].listener) {
                by_dense[d] = Some(segment);
            }
        }
    }
    let weights = engagement_weights(input.listeners.len(), &input.pairs, &input.artist_plays, &input.artists, &built_with.taste)
        ?;
    let profiles = profile_segments(&input.tracks, &by_dense, fit.k, &weights)?;
    let truth_ari = truth_ari(&input, &rows, &fitted, &fit);
    let metrics = ModelMetrics {
        inertia: fit.inertia,
        silhouette: fit.silhouette,
        stability_ari: fit.stability_ari,
        truth_ari,
        candidates: fit.candidates.clone(),
        fitted: fitted.len() as u32,
        assigned_after: later.len() as u32,
        mini_batch: fit.mini_batch,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    let body = ModelBody { centroids: fit.centroids.outer_iter().map(|r| r.to_vec()).collect(), gmm: fit.gmm.clone() };
    let new = NewModel {
        build: build.id,
        algorithm: algorithm_name(fit.algorithm).into(),
        k: fit.k,
        seed: u64::from(params.seed),
        params: fit.params.clone(),
        metrics,
        model: body,
        map,
        segments: profiles.into_iter().map(|p| (p.auto_name.clone(), p.size, p)).collect(),
        assignments: stored,
    };
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let mut tx = ws.write().await?;
    let id = save_model(&mut tx, &new, true).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(1.0, 1.0));
    Ok(summary(&ws.model(id).await?))
}

/// The stable spelling of an algorithm in the store and the JSON output.
pub fn algorithm_name(a: Algorithm) -> &'static str {
    match a {
        Algorithm::KMeans => "kmeans",
        Algorithm::Gmm => "gmm",
    }
}

/// ARI of the fit against the planted tastes, when every fitted listener is simulated.
fn truth_ari(input: &EngineInput, rows: &[segue_store::models::TasteRow], fitted: &[usize], fit: &SegmentFit) -> Option<f64> {
    let truth_of: HashMap<i64, i64> = input.listeners.iter().filter_map(|l| Some((l.id, l.truth?))).collect();
    let truth: Vec<u32> = fitted.iter().map(|&i| truth_of.get(&rows[i].listener).map(|t| *t as u32)).collect::<Option<_>>()?;
    (!truth.is_empty()).then(|| adjusted_rand_index(&truth, &fit.assignments))
}

/// A vector build as the studio shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BuildSummary {
    /// Build id.
    pub id: u32,
    /// When it was built (RFC 3339).
    pub created_at: String,
    /// What it found.
    pub stats: crate::vectors::BuildStats,
}

/// What the segments panel shows before any model: the behaviour held, the newest vector build,
/// the active model.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TasteStatus {
    /// Listeners and signals in the workspace.
    pub signals: segue_store::signals::SignalStats,
    /// The newest vector build.
    pub build: Option<BuildSummary>,
    /// The active segment model's id.
    pub active_model: Option<u32>,
    /// Whether signals arrived after the newest build (the next fit rebuilds vectors first).
    pub stale: bool,
}

/// The taste status of a workspace.
pub async fn status(ws: &Workspace) -> Result<TasteStatus> {
    let build = match ws.latest_build().await? {
        Some(b) => Some(BuildSummary {
            id: b.id as u32,
            created_at: b.created_at,
            stats: b.stats.0,
        }),
        None => None,
    };
    let signals = ws.signal_stats().await?;
    let stale = build.as_ref().is_some_and(|b| b.stats.signal_imports != signals.imports);
    Ok(TasteStatus { signals, build, active_model: ws.active_model().await?.map(|m| m as u32), stale })
}
