//! `segue personalize` and `segue evaluate`.

use std::path::PathBuf;

use clap::Args;
use segue_api::evaluate::{
    evaluate_playlist, EvaluateRequest, Evaluation, ListKind, Outcome, ScopeReport, DEFAULT_HOLDOUT, DEFAULT_SEED,
    DEFAULT_SPLITS, Interval,
};
use segue_api::personalize::{preview_playlist, settings, PreviewEngine, PreviewView, Status};
use segue_api::{playlists, workspace, CancelToken, Error};

use crate::output::{json, progress_line};

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
    #[arg(long, value_parser = crate::absolute)]
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
    /// Seed of the first split (split i uses seed + i).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Number of seeded splits.
    #[arg(long, default_value_t = DEFAULT_SPLITS)]
    splits: u32,
    /// Strengths of the curve, e.g. `0,0.25,0.5,0.75,1` (the playlist's own is always included).
    #[arg(long, value_delimiter = ',')]
    strengths: Vec<f32>,
    /// The workspace.
    #[arg(long, value_parser = crate::absolute)]
    workspace: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `segue personalize`.
pub async fn personalize(a: Personalize) -> segue_api::Result<()> {
    let ws = workspace::open(&a.workspace).await?;
    let result = async {
        let id = playlists::resolve(&ws, &a.playlist).await?;
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
                Status::Kept => "=",
                Status::Moved => "~",
                Status::Added => "+",
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
pub async fn evaluate(a: Evaluate, cancel: &CancelToken) -> segue_api::Result<()> {
    let request =
        EvaluateRequest { holdout: a.holdout, seed: a.seed as f64, splits: a.splits, strengths: a.strengths.clone() };
    request.check()?;
    let ws = workspace::open(&a.workspace).await?;
    let result = async {
        let id = playlists::resolve(&ws, &a.playlist).await?;
        evaluate_playlist(&ws, id, &request, progress_line("evaluate"), cancel).await
    }
    .await;
    ws.close().await;
    let e: Evaluation = result?;
    if a.json {
        json(&e);
        return Ok(());
    }
    say!(
        "Held out {:.0}% of each listener's signals, {} split(s) from seed {}; lists of {} tracks; strength {:.2}.",
        e.holdout * 100.0,
        e.splits,
        e.seed,
        e.k,
        e.strength
    );
    say!("Means with 95% bootstrap intervals over listeners.\n");
    for scope in std::iter::once(&e.overall).chain(&e.segments) {
        print_scope(scope);
    }
    say!("Strength curve (all listeners): strength, hit share, listener hit rate, seed kept, in the seed's genres");
    for p in e.curve.iter().filter(|p| p.segment.is_none()) {
        say!(
            "  {:.2}  {}  {}  {:>5.1}%  {:>5.1}%",
            p.strength,
            pct(&p.hit_share),
            pct(&p.hit_rate),
            p.seed_kept * 100.0,
            p.in_theme * 100.0
        );
    }
    let t = &e.theme_point;
    say!(
        "  theme baseline: {}  {}  {:>5.1}%  {:>5.1}%",
        pct(&t.hit_share),
        pct(&t.hit_rate),
        t.seed_kept * 100.0,
        t.in_theme * 100.0
    );
    let n = e.segments.len();
    say!(
        "\nAgainst the theme baseline, the variant's hit share is better in {} of {n} segments and worse in {}; \
         elsewhere the intervals cannot tell them apart.",
        e.wins_against(ListKind::ThemeBaseline),
        e.losses_against(ListKind::ThemeBaseline)
    );
    Ok(())
}

/// A share as a percentage with its interval.
fn pct(i: &Interval) -> String {
    format!("{:>5.2}% [{:>5.2}, {:>5.2}]", i.mean * 100.0, i.low * 100.0, i.high * 100.0)
}

fn print_scope(s: &ScopeReport) {
    say!("{} ({} listener observations)", s.name, s.observations);
    say!(
        "  {:<24} {:>24} {:>24} {:>21} {:>9} {:>9} {:>8}",
        "list",
        "hit share",
        "listener hit rate",
        "NDCG",
        "seed kept",
        "in theme",
        "content"
    );
    for l in &s.lists {
        say!(
            "  {:<24} {:>24} {:>24} {:>21} {:>8.0}% {:>8.0}% {:>8.3}",
            l.list.label(),
            pct(&l.hit_share),
            pct(&l.hit_rate),
            format!("{:.4} [{:.4}, {:.4}]", l.ndcg.mean, l.ndcg.low, l.ndcg.high),
            l.facts.seed_kept * 100.0,
            l.facts.in_theme * 100.0,
            l.facts.content_cosine
        );
    }
    let word = |o: Outcome| match o {
        Outcome::Better => "better",
        Outcome::Worse => "worse",
        Outcome::Unclear => "no clear difference",
    };
    for v in &s.verdicts {
        say!(
            "  variant vs {:<24} hit share {:+.2} pts ({}), hit rate {:+.1} pts ({})",
            v.against.label(),
            v.hit_share.mean * 100.0,
            word(v.hit_share_outcome),
            v.hit_rate.mean * 100.0,
            word(v.hit_rate_outcome)
        );
    }
    say!("");
}
