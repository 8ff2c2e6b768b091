//! The taste commands: `import signals`, `simulate`, `vectors build`, `segments fit|show|assignments`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use segue_api::segments::{Algorithm, Assignment, ModelSummary, ModelView, SegmentParams};
use segue_api::signals::{SignalKind, SignalReport};
use segue_api::simulate::{SimulationParams, SimulationReport};
use segue_api::vectors::{BuildParams, VectorReport};
use segue_api::workspace::Workspace;
use segue_api::{CancelToken, Error};

use crate::output::{json, progress_line};

/// The shape of a signal file.
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// listener_id, track_id, event (play|skip|save|playlist_add), timestamp, ms_played
    Events,
    /// listener_id, track_id, plays, skips, saves
    Aggregates,
    /// listener_id, artist, plays
    ArtistPlays,
}

impl From<KindArg> for SignalKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Events => SignalKind::Events,
            KindArg::Aggregates => SignalKind::Aggregates,
            KindArg::ArtistPlays => SignalKind::ArtistPlays,
        }
    }
}

/// `segue import signals`.
#[derive(Args)]
pub struct ImportSignals {
    /// The signal file: CSV, TSV, JSON lines (plain or gzip) or Parquet.
    #[arg(value_parser = crate::absolute)]
    file: PathBuf,
    /// What the file holds.
    #[arg(long, value_enum)]
    kind: KindArg,
    /// Refuse the file if it names a track or artist the catalogue does not have.
    #[arg(long)]
    strict: bool,
    /// The workspace to import into.
    #[arg(long, value_parser = crate::absolute)]
    workspace: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `segue simulate`.
#[derive(Args)]
pub struct Simulate {
    /// Number of listeners to draw.
    #[arg(long, default_value_t = segue_api::simulate::DEFAULT_LISTENERS)]
    listeners: u32,
    /// Number of tastes in the mixture.
    #[arg(long, default_value_t = segue_api::simulate::DEFAULT_TASTES)]
    tastes: u32,
    /// Mean listens per listener.
    #[arg(long, default_value_t = segue_api::simulate::DEFAULT_EVENTS_PER_LISTENER)]
    events_per_listener: f64,
    /// Seed.
    #[arg(long, default_value_t = segue_api::simulate::DEFAULT_SEED)]
    seed: u32,
    /// The workspace whose catalogue the listeners listen to.
    #[arg(long, value_parser = crate::absolute)]
    workspace: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `segue vectors`.
#[derive(Subcommand)]
pub enum VectorsCommand {
    /// Build track and taste vectors from the catalogue, playlists and signals.
    Build {
        /// Dimensions of the collaborative part.
        #[arg(long)]
        collab_dims: Option<u32>,
        /// Half-life of taste, in days (0: no decay).
        #[arg(long)]
        half_life_days: Option<f64>,
        /// Distinct tracks a listener needs to take part in fits.
        #[arg(long)]
        min_tracks: Option<u32>,
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `segue segments`.
#[derive(Subcommand)]
pub enum SegmentsCommand {
    /// Fit a segment model on the newest vectors and make it the active model.
    Fit {
        /// A fixed number of segments (otherwise chosen by silhouette over --k-min..--k-max).
        #[arg(long, conflicts_with_all = ["k_min", "k_max"])]
        k: Option<u32>,
        /// Smallest number of segments tried.
        #[arg(long)]
        k_min: Option<u32>,
        /// Largest number of segments tried.
        #[arg(long)]
        k_max: Option<u32>,
        /// The algorithm.
        #[arg(long, value_enum, default_value = "kmeans")]
        algorithm: AlgorithmArg,
        /// Seed.
        #[arg(long)]
        seed: Option<u32>,
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print the model as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The active model (or --model N) and its segment profiles.
    Show {
        /// A model id instead of the active model.
        #[arg(long)]
        model: Option<u32>,
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Each listener with its segment in the active model (or --model N).
    Assignments {
        /// A model id instead of the active model.
        #[arg(long)]
        model: Option<u32>,
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A clustering algorithm.
#[derive(Clone, Copy, ValueEnum)]
pub enum AlgorithmArg {
    /// k-means (k-means++ seeding, several runs)
    Kmeans,
    /// A Gaussian mixture
    Gmm,
}

async fn open(path: &Path) -> segue_api::Result<Workspace> {
    segue_api::workspace::open(path).await
}

/// Runs `segue import signals`.
pub async fn import_signals(a: ImportSignals, cancel: &CancelToken) -> segue_api::Result<()> {
    let ws = open(&a.workspace).await?;
    let report =
        segue_api::signals::import_signals(&ws, &a.file, a.kind.into(), a.strict, progress_line("import"), cancel).await;
    ws.close().await;
    let r = report?;
    if a.json {
        json(&r);
    } else {
        print_signal_report(&r);
    }
    Ok(())
}

fn print_signal_report(r: &SignalReport) {
    say!(
        "Imported {} ({}): {} rows, {} accepted into {} pairs for {} listeners ({} new); {} skipped ({} unknown {}) ({:.1} s)",
        r.file,
        r.shape.as_str(),
        r.rows,
        r.accepted,
        r.pairs,
        r.listeners,
        r.listeners_new,
        r.skipped,
        r.skipped_distinct,
        if r.shape == SignalKind::ArtistPlays { "artists" } else { "tracks" },
        r.elapsed_ms / 1000.0
    );
    for e in &r.examples {
        say!("  line {}: listener {}: not in the catalogue: {}", e.line, e.listener, e.unknown);
    }
}

/// Runs `segue simulate`.
pub async fn simulate(a: Simulate, cancel: &CancelToken) -> segue_api::Result<()> {
    let ws = open(&a.workspace).await?;
    let params = SimulationParams {
        listeners: a.listeners,
        tastes: a.tastes,
        seed: a.seed,
        events_per_listener: a.events_per_listener,
        ..Default::default()
    };
    let report = segue_api::simulate::simulate_listeners(&ws, &params, progress_line("simulate"), cancel).await;
    ws.close().await;
    let r: SimulationReport = report?;
    if a.json {
        json(&r);
    } else {
        say!(
            "Simulated {} listeners (seed {}): {} events in {} pairs ({:.1} s). Planted tastes:",
            r.listeners, r.params.seed, r.events, r.pairs, r.elapsed_ms / 1000.0
        );
        for (i, t) in r.tastes.iter().enumerate() {
            say!("  {i}: {} ({:.0}%)", t.name, t.share * 100.0);
        }
    }
    Ok(())
}

/// Runs `segue vectors …`.
pub async fn vectors(c: VectorsCommand, cancel: &CancelToken) -> segue_api::Result<()> {
    let VectorsCommand::Build { collab_dims, half_life_days, min_tracks, workspace, json: as_json } = c;
    let mut params = BuildParams::default();
    if let Some(d) = collab_dims {
        params.vectors.collab_dims = d;
    }
    if let Some(h) = half_life_days {
        params.taste.half_life_days = h;
    }
    if let Some(m) = min_tracks {
        params.taste.min_tracks = m;
    }
    let ws = open(&workspace).await?;
    let report = segue_api::vectors::build_vectors(&ws, &params, progress_line("vectors"), cancel).await;
    ws.close().await;
    let r: VectorReport = report?;
    if as_json {
        json(&serde_json::json!({ "build": r.build, "params": params, "stats": r.stats, "elapsedMs": r.elapsed_ms }));
    } else {
        let s = &r.stats;
        say!(
            "Vector build {}: {} tracks × {} dims ({} cold-start), {} listeners ({} eligible for fits) ({:.1} s)",
            r.build,
            s.vectors.tracks,
            s.vectors.dims,
            s.vectors.cold,
            s.listeners,
            s.eligible,
            r.elapsed_ms / 1000.0
        );
    }
    Ok(())
}

/// Runs `segue segments …`.
pub async fn segments(c: SegmentsCommand, cancel: &CancelToken) -> segue_api::Result<()> {
    match c {
        SegmentsCommand::Fit { k, k_min, k_max, algorithm, seed, workspace, json: as_json } => {
            let mut params = SegmentParams {
                algorithm: match algorithm {
                    AlgorithmArg::Kmeans => Algorithm::KMeans,
                    AlgorithmArg::Gmm => Algorithm::Gmm,
                },
                k,
                ..Default::default()
            };
            if let Some(a) = k_min {
                params.k_min = a;
            }
            if let Some(b) = k_max {
                params.k_max = b;
            }
            if let Some(s) = seed {
                params.seed = s;
            }
            let ws = open(&workspace).await?;
            let fitted = segue_api::segments::fit(&ws, &params, progress_line("fit"), cancel).await;
            let view = match fitted {
                Ok(m) => segue_api::segments::model_view(&ws, Some(m.id)).await,
                Err(e) => Err(e),
            };
            ws.close().await;
            print_model(&view?.expect("the fitted model exists"), as_json);
        }
        SegmentsCommand::Show { model, workspace, json: as_json } => {
            let ws = open(&workspace).await?;
            let view = segue_api::segments::model_view(&ws, model).await;
            ws.close().await;
            let view = view?.ok_or_else(|| Error::Invalid("no segment model is active: run `segue segments fit` first".into()))?;
            print_model(&view, as_json);
        }
        SegmentsCommand::Assignments { model, workspace, json: as_json } => {
            let ws = open(&workspace).await?;
            let list = segue_api::segments::assignments(&ws, model).await;
            ws.close().await;
            print_assignments(&list?, as_json);
        }
    }
    Ok(())
}

fn print_model(v: &ModelView, as_json: bool) {
    if as_json {
        return json(v);
    }
    let s: &ModelSummary = &v.summary;
    let m = &s.metrics;
    say!(
        "Model {} ({}{}): {} k = {}, seed {}, {} listeners fitted + {} assigned after; silhouette {}, stability ARI {}{}",
        s.id,
        s.created_at,
        if s.active { ", active" } else { "" },
        segue_api::segments::algorithm_name(s.algorithm),
        s.k,
        s.seed,
        m.fitted,
        m.assigned_after,
        opt(m.silhouette),
        opt(m.stability_ari),
        m.truth_ari.map(|t| format!(", ARI against the planted tastes {t:.3}")).unwrap_or_default()
    );
    if v.simulated_share > 0.0 {
        say!("  ({:.0}% of these listeners are simulated)", v.simulated_share * 100.0);
    }
    for seg in &v.segments {
        let p = &seg.profile;
        let features: Vec<String> =
            p.features.iter().take(3).map(|f| format!("{} {:+.2}σ", f.feature.name(), f.difference)).collect();
        let genres: Vec<String> = p.genres.iter().take(3).map(|l| format!("{} ×{:.1}", l.label, l.lift)).collect();
        say!(
            "  {:>2}  {:<40} {:>7} listeners {:>5.1}%   {}   {}",
            seg.index,
            seg.name,
            p.size,
            p.share * 100.0,
            features.join(", "),
            genres.join(", ")
        );
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "n/a".into())
}

fn print_assignments(list: &[Assignment], as_json: bool) {
    if as_json {
        return json(&serde_json::json!({ "assignments": list }));
    }
    for a in list {
        say!("{}\t{}\t{}{}", a.listener, a.segment, a.segment_name, if a.fitted { "" } else { "\t(assigned after the fit)" });
    }
}
