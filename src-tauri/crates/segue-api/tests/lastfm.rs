//! Personalization on real listeners: Last.fm's 1,892 listeners (artist-level plays) over the
//! real spotify-songs catalogue, 8 k-means segments, and 12 real playlists as seeds (two per
//! genre, 40 tracks each). Every seed is personalized for every segment on three seeded splits
//! (20% of each listener's artists held out, the engine rebuilt from the rest), and the variants
//! are set beside the baselines a sceptic would propose (issue 10).
//!
//! `SEGUE_SETTINGS='{"params":{"weightAffinity":0}}' cargo test -p segue-api --test lastfm --
//! --ignored --nocapture` runs the same scenario with other settings and prints the tables (the
//! ablations in BENCHMARKS.md were run this way); `SEGUE_SPLIT_SEED` draws other splits, to
//! confirm a choice on listening it was not made on.

use segue_api::evaluate::{evaluate_playlists, EvaluateRequest, Evaluation, ListKind};
use segue_api::personalize::{set_settings, settings};
use segue_core::CancelToken;

mod common;

/// The splits of this test: not the studio's default seed.
const SPLIT_SEED: f64 = 101.0;
/// The curve's strengths.
const STRENGTHS: [f32; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

async fn scenario(overrides: Option<serde_json::Value>) -> Vec<(String, Evaluation)> {
    let dir = tempfile::tempdir().unwrap();
    let ws = common::lastfm_workspace(&dir.path().join("lastfm.segue"), 8).await;
    let seeds = common::genre_seeds(&ws, 2, 40).await;
    assert_eq!(seeds.len(), 12, "two seeds for each of the catalogue's six genres: {seeds:?}");
    if let Some(patch) = overrides {
        for (_, id) in &seeds {
            let mut s = serde_json::to_value(settings(&ws, *id).await.unwrap()).unwrap();
            merge(&mut s, &patch);
            set_settings(&ws, *id, &serde_json::from_value(s).unwrap()).await.unwrap();
        }
    }
    let ids: Vec<u32> = seeds.iter().map(|s| s.1).collect();
    // Ablations may confirm a choice on other splits than the ones it was made on.
    let seed = std::env::var("SEGUE_SPLIT_SEED").map_or(SPLIT_SEED, |s| s.parse().expect("SEGUE_SPLIT_SEED is a number"));
    let request = EvaluateRequest { holdout: 0.2, seed, splits: 3, strengths: STRENGTHS.to_vec() };
    let out = evaluate_playlists(&ws, &ids, &request, |_| {}, &CancelToken::new()).await.unwrap();
    ws.close().await;
    seeds.into_iter().map(|s| s.0).zip(out).collect()
}

/// Overwrites `into`'s fields with `patch`'s, recursively.
fn merge(into: &mut serde_json::Value, patch: &serde_json::Value) {
    match (into, patch) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
        (a, b) => *a = b.clone(),
    }
}

/// The mean over seeds of a figure of the overall report.
fn mean(evals: &[(String, Evaluation)], f: impl Fn(&Evaluation) -> f64) -> f64 {
    evals.iter().map(|(_, e)| f(e)).sum::<f64>() / evals.len() as f64
}

fn overall(e: &Evaluation, list: ListKind) -> &segue_api::evaluate::ListReport {
    e.overall.list(list).unwrap()
}

/// Prints the scenario as the tables of BENCHMARKS.md.
fn print(evals: &[(String, Evaluation)]) {
    println!("{:<20} {:<24} {:>9} {:>9} {:>9} {:>9} {:>9}", "seed", "list", "hit share", "hit rate", "recall", "kept", "in theme");
    for (genre, e) in evals {
        for l in &e.overall.lists {
            println!(
                "{:<20} {:<24} {:>8.2}% {:>8.1}% {:>8.2}% {:>8.0}% {:>8.0}%",
                format!("{genre} ({})", e.playlist),
                l.list.label(),
                l.hit_share.mean * 100.0,
                l.hit_rate.mean * 100.0,
                l.recall.mean * 100.0,
                l.facts.seed_kept * 100.0,
                l.facts.in_theme * 100.0
            );
        }
    }
    println!("\nMeans over the 12 seeds (all listeners):");
    for list in ListKind::ALL {
        println!(
            "  {:<24} hit share {:.3}%  hit rate {:.2}%  recall {:.2}%  NDCG {:.4}  seed kept {:.0}%  in theme {:.0}%  content {:.3}",
            list.label(),
            mean(evals, |e| overall(e, list).hit_share.mean) * 100.0,
            mean(evals, |e| overall(e, list).hit_rate.mean) * 100.0,
            mean(evals, |e| overall(e, list).recall.mean) * 100.0,
            mean(evals, |e| overall(e, list).ndcg.mean),
            mean(evals, |e| overall(e, list).facts.seed_kept) * 100.0,
            mean(evals, |e| overall(e, list).facts.in_theme) * 100.0,
            mean(evals, |e| overall(e, list).facts.content_cosine),
        );
    }
    println!("\nStrength curve (means over seeds, all listeners):");
    for (i, s) in STRENGTHS.iter().enumerate() {
        let at = |e: &Evaluation| e.curve.iter().filter(|p| p.segment.is_none()).nth(i).cloned().unwrap();
        println!(
            "  {s:.2}: hit share {:.2}%  hit rate {:.1}%  seed kept {:.0}%  in theme {:.0}%",
            mean(evals, |e| at(e).hit_share.mean) * 100.0,
            mean(evals, |e| at(e).hit_rate.mean) * 100.0,
            mean(evals, |e| at(e).seed_kept) * 100.0,
            mean(evals, |e| at(e).in_theme) * 100.0,
        );
    }
    let segments: usize = evals.iter().map(|(_, e)| e.segments.len()).sum();
    let wins: usize = evals.iter().map(|(_, e)| e.wins_against(ListKind::ThemeBaseline)).sum();
    let losses: usize = evals.iter().map(|(_, e)| e.losses_against(ListKind::ThemeBaseline)).sum();
    println!("\nAgainst the theme baseline (hit share, by the interval): better in {wins}, worse in {losses} of {segments} segment variants");
    for (genre, e) in evals {
        let v = e.overall.verdict(ListKind::ThemeBaseline).unwrap();
        println!(
            "  {genre} ({}), all listeners: hit share {:+.3} pts [{:+.3}, {:+.3}] {:?}, hit rate {:+.2} pts [{:+.2}, {:+.2}] {:?}",
            e.playlist,
            v.hit_share.mean * 100.0,
            v.hit_share.low * 100.0,
            v.hit_share.high * 100.0,
            v.hit_share_outcome,
            v.hit_rate.mean * 100.0,
            v.hit_rate.low * 100.0,
            v.hit_rate.high * 100.0,
            v.hit_rate_outcome
        );
    }
}

/// Issue 10's targets on real listeners, at the default strength: hit share and listener hit
/// rate at least the theme baseline's (measured on these splits: 2.301% against 2.299%, 52.23%
/// against 52.16%; on the unseen splits of seed 301, 2.334% against 2.326%, 53.17% against
/// 53.03%) and six times the seed's, at least half of the seed kept, at least 90% of the tracks in
/// the seed's genres; and more strength never means fewer held-out hits on average.
#[tokio::test(flavor = "multi_thread")]
async fn variants_reach_the_theme_baseline_on_real_listeners() {
    let evals = scenario(None).await;
    print(&evals);
    let at_default = |list: ListKind, f: fn(&segue_api::evaluate::ListReport) -> f64| mean(&evals, |e| f(overall(e, list)));
    let (variant, theme) = (ListKind::Variant, ListKind::ThemeBaseline);
    type Measure = fn(&segue_api::evaluate::ListReport) -> f64;
    let measures: [(&str, Measure); 2] = [("hit share", |l| l.hit_share.mean), ("listener hit rate", |l| l.hit_rate.mean)];
    assert!(evals.iter().all(|(_, e)| e.strength == 0.5), "the default strength");
    for (what, f) in measures {
        let (v, t, s) = (at_default(variant, f), at_default(theme, f), at_default(ListKind::Seed, f));
        assert!(v >= t, "{what}: variant {v:.5}, theme baseline {t:.5}");
        assert!(v >= 6.0 * s, "{what}: variant {v:.4}, seed as is {s:.4}");
    }
    let kept = at_default(variant, |l| l.facts.seed_kept);
    let in_theme = at_default(variant, |l| l.facts.in_theme);
    assert!(kept >= 0.5, "seed kept {kept:.3}");
    assert!(in_theme >= 0.9, "in the seed's genres {in_theme:.3}");
    // Each seed on its own keeps at least half of itself and stays in its genres.
    for (genre, e) in &evals {
        let f = overall(e, variant).facts;
        assert!(f.seed_kept >= 0.5 && f.in_theme >= 0.9, "{genre} ({}): {f:?}", e.playlist);
    }
    // The curve: more strength, never fewer held-out hits on average.
    let curve: Vec<f64> = (0..STRENGTHS.len())
        .map(|i| mean(&evals, |e| e.curve.iter().filter(|p| p.segment.is_none()).nth(i).unwrap().hit_share.mean))
        .collect();
    assert!(curve.windows(2).all(|w| w[1] >= w[0]), "hit share along the strengths {STRENGTHS:?}: {curve:?}");
    // Strength 0 is the seed as is.
    let zero = mean(&evals, |e| e.curve.iter().find(|p| p.segment.is_none() && p.strength == 0.0).unwrap().seed_kept);
    assert!((zero - 1.0).abs() < 1e-9);
}

/// The scenario with settings from `SEGUE_SETTINGS` (a JSON patch of the playlist settings),
/// for ablations; prints the tables and asserts nothing.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "an ablation tool: run by hand with SEGUE_SETTINGS"]
async fn ablation() {
    let patch = std::env::var("SEGUE_SETTINGS").ok().map(|s| serde_json::from_str(&s).expect("SEGUE_SETTINGS is JSON"));
    let started = std::time::Instant::now();
    let evals = scenario(patch).await;
    print(&evals);
    println!("({:.1} s)", started.elapsed().as_secs_f64());
}
