//! Building track and taste vectors from a workspace's catalogue, playlists and signals: a job
//! that reads, builds on blocking threads, and stores the build with the parameters that made it
//! in one transaction.

use std::time::Instant;

use segue_core::taste::{build_taste, listener_histories};
use segue_core::vectors::build_track_vectors;
use segue_core::{CancelToken, Progress};
use segue_store::models::{save_build, VectorRows};
pub use segue_store::models::{BuildParams, BuildStats};
use segue_store::Workspace;
use serde::Serialize;

use crate::engine::EngineInput;
use crate::job::{blocking, Throttle};
use crate::{Error, Result};

/// What a vector build did.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VectorReport {
    /// The build's id.
    pub build: u32,
    /// What it found.
    pub stats: BuildStats,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

/// Builds track and taste vectors for the whole workspace and stores them in one transaction.
pub async fn build_vectors(
    ws: &Workspace,
    params: &BuildParams,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<VectorReport> {
    let started = Instant::now();
    params.vectors.check()?;
    params.taste.check()?;
    let mut progress = Throttle::new(on_progress);
    progress.finish(Progress::of(0.0, 1.0));
    let signal_imports = ws.signal_stats().await?.imports;
    let input = EngineInput::load(ws).await?;
    if input.tracks.is_empty() {
        return Err(Error::Invalid("the workspace has no catalogue yet: import one first".into()));
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let (p, c) = (params.clone(), cancel.clone());
    let (input, built) = blocking(&mut progress, (0.05, 0.9), move |report| {
        let n_listeners = input.listeners.len();
        let built = (|| {
            let histories = listener_histories(n_listeners, &input.pairs, &input.artist_plays, &input.artists, &p.taste)?;
            let mut first_half = |q: Progress| report(Progress::of(q.fraction().unwrap_or(0.0) * 0.7, 1.0));
            let tv = build_track_vectors(&input.tracks, &input.playlists, &histories, &p.vectors, &c, &mut first_half)
?;
            drop(histories);
            let mut second_half = |q: Progress| report(Progress::of(0.7 + q.fraction().unwrap_or(0.0) * 0.3, 1.0));
            let taste = build_taste(
                n_listeners,
                &input.pairs,
                &input.artist_plays,
                &input.artists,
                tv.vectors.view(),
                &p.taste,
                &c,
                &mut second_half,
            )
?;
            Ok::<_, Error>((tv, taste))
        })();
        (input, built)
    })
    .await?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let (tv, taste) = built?;
    let stats = BuildStats {
        vectors: tv.summary(),
        listeners: taste.evidence.len() as u32,
        eligible: taste.n_eligible() as u32,
        without_evidence: taste.evidence.iter().filter(|e| **e == 0).count() as u32,
        signal_imports,
    };
    let listener_ids = input.listener_ids();
    let track_values = tv.vectors.as_standard_layout();
    let taste_values = taste.vectors.as_standard_layout();
    let mut tx = ws.write().await?;
    let build = save_build(
        &mut tx,
        params,
        &stats,
        tv.dim(),
        VectorRows { ids: &input.track_rowids, values: track_values.as_slice().expect("standard layout") },
        VectorRows { ids: &listener_ids, values: taste_values.as_slice().expect("standard layout") },
        &taste.evidence,
        &taste.eligible,
    )
    .await?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(1.0, 1.0));
    Ok(VectorReport { build: build as u32, stats, elapsed_ms: started.elapsed().as_secs_f64() * 1000.0 })
}
