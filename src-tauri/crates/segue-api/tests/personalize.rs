//! Personalization on real data: the demo workspace (the real spotify-songs catalogue and
//! playlists, 20,000 simulated listeners, a 6-segment model) and Last.fm's real listeners.

use segue_api::evaluate::evaluate_playlist;
use segue_api::personalize::{preview_playlist, settings, PreviewEngine};
use segue_core::CancelToken;
use segue_store::Workspace;

mod common;

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

#[tokio::test(flavor = "multi_thread")]
async fn offline_evaluation_on_simulated_listeners() {
    let (_dir, ws) = demo().await;
    let mut beats = 0;
    let mut total = 0;
    for id in seeds(&ws, 3).await {
        let e = evaluate_playlist(&ws, id, 0.2, 7).await.unwrap();
        for s in &e.segments {
            let r = &s.scores;
            println!(
                "playlist {id} {:<32} {:>5} listeners  hit rate variant {:.3} seed {:.3} popular {:.3}  NDCG {:.3} / {:.3} / {:.3}",
                s.name, r.listeners, r.variant.hit_rate, r.seed.hit_rate, r.popularity.hit_rate, r.variant.ndcg, r.seed.ndcg, r.popularity.ndcg
            );
            assert!(r.listeners > 0);
        }
        beats += e.variant_beats_seed;
        total += e.segments.len() as u32;
    }
    assert!(beats * 2 > total, "variants beat the seed's hit rate for {beats} of {total} segments");
}

/// Issue 4 on real listeners: Last.fm's 1,892 listeners imported as artist-level plays, seeds
/// the first 12 real playlists of at least 20 tracks (as the demo tests take them), a 20% holdout.
/// A hit is a track of a held-out artist (the data names artists, not tracks). Before issue 4's
/// fix the variants beat the seed for 0 of 40 segments: the candidates near the seed held few
/// tracks by the segments' artists, engagement had nothing to count in artist plays, and a hit
/// needed the exact track the taste step spread an artist's plays over. Figures in BENCHMARKS.md.
#[tokio::test(flavor = "multi_thread")]
async fn lastfm_listeners_variants_beat_the_seed_on_held_out_plays() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let catalogue = common::repo_file("demo/spotify_songs.csv.gz");
    let mapping = segue_io::preview_catalog(&catalogue).unwrap().mapping;
    segue_api::import::import_catalog(&ws, &catalogue, &mapping, |_| {}, &CancelToken::new()).await.unwrap();
    let path = common::lastfm_artist_plays(dir.path());
    segue_api::signals::import_signals(&ws, &path, segue_io::SignalKind::ArtistPlays, false, |_| {}, &CancelToken::new())
        .await
        .unwrap();
    segue_api::segments::fit(&ws, &Default::default(), |_| {}, &CancelToken::new()).await.unwrap();
    let (mut beats, mut total) = (0, 0);
    let (mut variant, mut seed) = (0.0, 0.0);
    for id in seeds(&ws, 12).await {
        let e = evaluate_playlist(&ws, id, 0.2, 7).await.unwrap();
        for s in &e.segments {
            let r = &s.scores;
            println!(
                "Last.fm playlist {id} {:<40} {:>4} listeners  hit rate variant {:.3} seed {:.3} popular {:.3}  NDCG {:.3} / {:.3} / {:.3}",
                s.name, r.listeners, r.variant.hit_rate, r.seed.hit_rate, r.popularity.hit_rate, r.variant.ndcg, r.seed.ndcg, r.popularity.ndcg
            );
            assert!(r.listeners > 0, "{}: no listener with held-out plays", s.name);
            (variant, seed) = (variant + r.variant.hit_rate, seed + r.seed.hit_rate);
        }
        beats += e.variant_beats_seed;
        total += e.segments.len() as u32;
    }
    let (variant, seed) = (variant / f64::from(total), seed / f64::from(total));
    println!(
        "Last.fm: variants beat the seed's held-out hit rate for {beats} of {total} segment variants \
         (mean {variant:.3} against {seed:.3})"
    );
    assert!(beats * 2 > total, "variants beat the seed for {beats} of {total}");
    assert!(variant > seed, "mean hit rate: variants {variant:.3}, seed {seed:.3}");
}
