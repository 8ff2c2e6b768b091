//! Personalization on real data: the demo workspace (the real spotify-songs catalogue and
//! playlists, 20,000 simulated listeners, a 6-segment model) and Last.fm's real listeners.

use segue_api::evaluate::{evaluate_playlist, evaluate_playlists, EvaluateRequest, ListKind};
use segue_api::personalize::{preview_playlist, settings, PreviewEngine};
use segue_core::CancelToken;
use segue_store::Workspace;


async fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.segue");
    segue_api::demo::create_demo(&path, |_| {}, &CancelToken::new()).await.unwrap();
    let ws = Workspace::open(&path).await.unwrap();
    (dir, ws)
}

/// Real playlists of the demo with at least 20 tracks, the first `n` by id.
async fn seeds(ws: &Workspace, n: usize) -> Vec<u32> {
    let mut lists: Vec<_> = ws.playlists().await.unwrap().into_iter().filter(|p| p.track_count >= 20).collect();
    lists.sort_by_key(|p| p.id);
    lists.into_iter().take(n).map(|p| p.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn variants_move_towards_their_segment_and_lift_is_positive() {
    let (_dir, ws) = demo().await;
    let engine = PreviewEngine::load(&ws).await.unwrap().expect("the demo has an active model");
    let view = segue_api::segments::model_view(&ws, None).await.unwrap().unwrap();
    // The segments whose listeners lean most and least towards energy.
    let energy = |s: &segue_api::segments::SegmentCard| {
        s.profile.features.iter().find(|f| f.feature.name() == "energy").map(|f| f.difference).unwrap_or(0.0)
    };
    let high = view.segments.iter().max_by(|a, b| energy(a).total_cmp(&energy(b))).unwrap().index;
    let calm = view.segments.iter().min_by(|a, b| energy(a).total_cmp(&energy(b))).unwrap().index;
    let mut higher = 0;
    let playlists = seeds(&ws, 12).await;
    for &id in &playlists {
        let p = preview_playlist(&ws, &engine, id, &[], None).await.unwrap();
        assert_eq!(p.columns.len(), 6);
        for c in &p.columns {
            let m = &c.variant.metrics;
            println!("playlist {id} {:<32} lift {:+.3} overlap {:.2} energy {:.3}", c.segment_name, m.lift, m.overlap, m.mean_energy);
            assert!(m.lift > 0.0, "playlist {id}, segment {}: lift {} at the default strength", c.segment_name, m.lift);
            assert!(c.variant.violations.iter().all(|v| !v.unbreakable), "{:?}", c.variant.violations);
        }
        let e = |s: u32| p.columns.iter().find(|c| c.segment == s).unwrap().variant.metrics.mean_energy;
        higher += usize::from(e(high) > e(calm));
    }
    assert!(higher * 10 >= playlists.len() * 9, "the high-energy segment's variant had more energy in {higher} of {}", playlists.len());

    // Strength 0 is the seed as is, for every segment.
    let id = playlists[0];
    let mut s = settings(&ws, id).await.unwrap();
    s.strength = 0.0;
    let p = preview_playlist(&ws, &engine, id, &[], Some(&s)).await.unwrap();
    for c in &p.columns {
        let ids: Vec<&str> = c.tracks.iter().map(|t| t.track.id.as_str()).collect();
        let seed: Vec<&str> = p.seed.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, seed);
    }
}

/// The evaluation on the demo's simulated listeners: every list is scored for every segment, the
/// intervals hold their means, the strength curve covers the strengths asked for, and the
/// variants at the default strength find more of what the segments' listeners went on to play
/// than the seed as is.
#[tokio::test(flavor = "multi_thread")]
async fn offline_evaluation_on_simulated_listeners() {
    let (_dir, ws) = demo().await;
    let ids = seeds(&ws, 3).await;
    let request = EvaluateRequest { splits: 2, strengths: vec![0.0, 0.5, 1.0], ..Default::default() };
    let mut reports = Vec::new();
    let evals = evaluate_playlists(&ws, &ids, &request, |p| reports.push(p), &CancelToken::new()).await.unwrap();
    assert_eq!(reports.last().and_then(|p| p.fraction()), Some(1.0), "the final progress is sent");
    for e in &evals {
        assert_eq!((e.segments.len(), e.splits, e.k as usize), (6, 2, e.k as usize));
        for scope in std::iter::once(&e.overall).chain(&e.segments) {
            assert!(scope.observations > 0, "{}: no listener with held-out plays", scope.name);
            assert_eq!(scope.lists.len(), ListKind::ALL.len());
            for l in &scope.lists {
                for i in [l.hit_share, l.hit_rate, l.recall, l.ndcg] {
                    assert!(i.low <= i.mean && i.mean <= i.high, "{} {:?}: {i:?}", scope.name, l.list);
                }
            }
            let seed = scope.list(ListKind::Seed).unwrap();
            assert!((seed.facts.seed_kept - 1.0).abs() < 1e-9 && (seed.facts.in_theme - 1.0).abs() < 1e-9);
        }
        let overall = |l| e.overall.list(l).unwrap().hit_share.mean;
        println!(
            "playlist {}: hit share variant {:.4} seed {:.4} popular {:.4} segment {:.4} theme {:.4}",
            e.playlist,
            overall(ListKind::Variant),
            overall(ListKind::Seed),
            overall(ListKind::Popular),
            overall(ListKind::SegmentMostPlayed),
            overall(ListKind::ThemeBaseline)
        );
        assert!(overall(ListKind::Variant) > overall(ListKind::Seed), "playlist {}", e.playlist);
        assert_eq!(e.curve.len(), 3 * 7, "three strengths, overall and six segments");
    }
    // One playlist alone gives the same figures as in a batch.
    let one = evaluate_playlist(&ws, ids[1], &request, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!(one.overall, evals[1].overall);
    // Bad requests are refused before any work.
    let bad = EvaluateRequest { splits: 0, ..Default::default() };
    let e = evaluate_playlist(&ws, ids[0], &bad, |_| {}, &CancelToken::new()).await.unwrap_err();
    assert!(e.to_string().contains("splits"), "{e}");
    // A cancelled evaluation stops.
    let cancel = CancelToken::new();
    cancel.cancel();
    assert!(matches!(evaluate_playlist(&ws, ids[0], &request, |_| {}, &cancel).await, Err(segue_api::Error::Cancelled)));
}
