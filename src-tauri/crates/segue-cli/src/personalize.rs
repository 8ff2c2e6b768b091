//! `segue personalize` and `segue evaluate`.

use std::path::PathBuf;

use clap::Args;
use segue_api::evaluate::{evaluate_playlist, Evaluation, DEFAULT_HOLDOUT, DEFAULT_SEED};
use segue_api::personalize::{preview_playlist, settings, PreviewEngine, PreviewView};
use segue_api::Error;
use segue_store::Workspace;

use crate::output::json;
use crate::resolve_playlist;

/// `segue personalize`.
#[derive(Args)]
pub struct Personalize {
    /// The seed playlist, by id or exact name.
    #[arg(long)]
    playlist: String,
    /// Segments to personalize for, e.g. `0,2,5` (default: every segment of the active model).
    #[arg(long, value_delimiter = ',')]
    segments: Vec<u32>,
    /// Strength between 0 (the seed as is) and 1 (default: the playlist's setting).
    #[arg(long)]
    strength: Option<f32>,
    /// The workspace.
    #[arg(long)]
    workspace: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `segue evaluate`.
#[derive(Args)]
pub struct Evaluate {
    /// The seed playlist, by id or exact name.
    #[arg(long)]
    playlist: String,
    /// Share of each listener's signals held out.
    #[arg(long, default_value_t = DEFAULT_HOLDOUT)]
    holdout: f64,
    /// Seed of the split.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// The workspace.
    #[arg(long)]
    workspace: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `segue personalize`.
pub async fn personalize(a: Personalize) -> segue_api::Result<()> {
    let ws = Workspace::open(&a.workspace).await?;
    let result = async {
        let id = resolve_playlist(&ws, &a.playlist).await?;
        let engine = PreviewEngine::load(&ws)
            .await?
            .ok_or_else(|| Error::Invalid("no segment model is active: run `segue segments fit` first".into()))?;
        let mut s = settings(&ws, id).await?;
        if let Some(x) = a.strength {
            s.strength = x;
        }
        preview_playlist(&ws, &engine, id, &a.segments, Some(&s)).await
    }
    .await;
    ws.close().await;
    let view = result?;
    if a.json {
        json(&view);
    } else {
        print_preview(&view);
    }
    Ok(())
}

fn print_preview(v: &PreviewView) {
    say!("Seed ({} tracks), strength {:.2}, model {}", v.seed.len(), v.settings.strength, v.model);
    for c in &v.columns {
        let m = &c.variant.metrics;
        say!(
            "\n[{}] {} ({} listeners): lift {:+.3}, overlap {:.0}%, {} artists, novelty {:.0}%, {} violations",
            c.segment,
            c.segment_name,
            c.segment_size,
            m.lift,
            m.overlap * 100.0,
            m.artists,
            m.novelty * 100.0,
            m.violations
        );
        for (i, t) in c.tracks.iter().enumerate() {
            let mark = match t.detail.status {
                segue_core::personalize::Status::Kept => "=",
                segue_core::personalize::Status::Moved => "~",
                segue_core::personalize::Status::Added => "+",
            };
            say!("  {:>3} {mark} {} — {}  [{}]", i + 1, t.track.artist, t.track.title, t.track.id);
        }
        for d in &c.dropped {
            say!("      - {} — {}  [{}]", d.artist, d.title, d.id);
        }
        for v in &c.variant.violations {
            say!("      ! {}", v.message);
        }
    }
}

/// Runs `segue evaluate`.
pub async fn evaluate(a: Evaluate) -> segue_api::Result<()> {
    let ws = Workspace::open(&a.workspace).await?;
    let result = async {
        let id = resolve_playlist(&ws, &a.playlist).await?;
        evaluate_playlist(&ws, id, a.holdout, a.seed).await
    }
    .await;
    ws.close().await;
    let e: Evaluation = result?;
    if a.json {
        json(&e);
        return Ok(());
    }
    say!("Held out {:.0}% of each listener's signals (seed {}); scores at the playlist's length:", e.holdout * 100.0, e.seed);
    say!("{:<36} {:>9} {:>22} {:>22} {:>22}", "segment", "listeners", "variant hit / NDCG", "seed hit / NDCG", "popular hit / NDCG");
    for s in &e.segments {
        let r = &s.scores;
        say!(
            "{:<36} {:>9} {:>10.3} / {:<9.3} {:>10.3} / {:<9.3} {:>10.3} / {:<9.3}",
            s.name,
            r.listeners,
            r.variant.hit_rate,
            r.variant.ndcg,
            r.seed.hit_rate,
            r.seed.ndcg,
            r.popularity.hit_rate,
            r.popularity.ndcg
        );
    }
    say!("The variant beats the seed's hit rate for {} of {} segments.", e.variant_beats_seed, e.segments.len());
    Ok(())
}
