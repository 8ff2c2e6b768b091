//! Simulated listeners: the seeded simulator of `segue-core` run over the workspace's catalogue,
//! its events folded into pair signals and stored with each listener's planted taste, in one
//! transaction. Simulated listeners are flagged as such everywhere the studio shows them.

use std::time::Instant;

use segue_core::simulate::{simulate, TasteSpec};
use segue_core::taste::PairAccumulator;
use segue_core::{CancelToken, Progress};
use segue_store::signals::{add_signals, insert_listeners, listener_ids, record_import, NewListener};
use segue_store::Workspace;
use serde::Serialize;

use crate::job::{blocking, Throttle};
use crate::{Error, Result};

pub use segue_core::simulate::{
    SimulationParams, DEFAULT_EVENTS_PER_LISTENER, DEFAULT_LISTENERS, DEFAULT_SEED, DEFAULT_TASTES,
};

/// What a simulation added to the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SimulationReport {
    /// The parameters, seed included.
    pub params: SimulationParams,
    /// Listeners created (ids `sim<seed>-<n>`).
    pub listeners: u32,
    /// Events drawn.
    pub events: f64,
    /// Distinct (listener, track) pairs they folded into.
    pub pairs: u32,
    /// The planted tastes (the ground truth).
    pub tastes: Vec<TasteSpec>,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

/// The external id of simulated listener `n` of a simulation seeded with `seed`.
pub fn simulated_id(seed: u32, n: u32) -> String {
    format!("sim{seed}-{:06}", n + 1)
}

/// Simulates listeners over the workspace's catalogue and stores their signals.
pub async fn simulate_listeners(
    ws: &Workspace,
    params: &SimulationParams,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<SimulationReport> {
    let started = Instant::now();
    let mut progress = Throttle::new(on_progress);
    let (rowids, tracks) = ws.all_tracks().await?;
    let existing = listener_ids(&mut *ws.pool().acquire().await.map_err(segue_store::Error::from)?).await?;
    if existing.contains_key(&simulated_id(params.seed, 0)) {
        return Err(Error::Invalid(format!(
            "listeners of a simulation with seed {} are already in this workspace; choose another seed",
            params.seed
        )));
    }
    let (p, c) = (params.clone(), cancel.clone());
    let outcome = blocking(&mut progress, (0.0, 0.8), move |report| {
        let mut pairs = PairAccumulator::new();
        let total = f64::from(p.listeners);
        let mut last = u32::MAX;
        let mut cancelled = false;
        let truth = simulate(&tracks, &p, |event| {
            if event.listener != last {
                last = event.listener;
                cancelled = c.is_cancelled();
                if event.listener % 256 == 0 {
                    report(Progress::of(f64::from(event.listener), total));
                }
            }
            if !cancelled {
                pairs.push(&event);
            }
        });
        let events = pairs.absorbed();
        (truth, pairs.into_pairs(), events, cancelled)
    })
    .await?;
    let (truth, pairs, events, cancelled) = outcome;
    if cancelled || cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let truth = truth?;
    let mut tx = ws.write().await?;
    let new: Vec<NewListener> = truth
        .listener_taste
        .iter()
        .enumerate()
        .map(|(n, &taste)| NewListener { external_id: simulated_id(params.seed, n as u32), simulated: true, truth: Some(taste) })
        .collect();
    let ids = insert_listeners(&mut tx, &new).await?;
    progress.report(Progress::of(0.85, 1.0));
    let mut rows: Vec<_> = pairs.iter().map(|p| (ids[p.listener as usize], rowids[p.track as usize], *p)).collect();
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    add_signals(&mut tx, &rows).await?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let report = SimulationReport {
        params: params.clone(),
        listeners: new.len() as u32,
        events: events as f64,
        pairs: pairs.len() as u32,
        tastes: truth.tastes,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    let file = format!("simulated (seed {})", params.seed);
    record_import(&mut tx, &file, "simulated", &serde_json::to_string(&report).expect("reports serialize")).await?;
    tx.commit().await.map_err(segue_store::Error::from)?;
    progress.finish(Progress::of(1.0, 1.0));
    Ok(report)
}
