//! The taste pipeline against real, temporary workspaces over the real spotify-songs catalogue:
//! simulated listeners are recovered as segments, Last.fm's real listeners imported as artist
//! plays get taste vectors and segments, and bad signal files change nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use segue_api::segments::{assignments, fit, model_view};
use segue_api::signals::import_signals;
use segue_api::simulate::simulate_listeners;
use segue_api::vectors::{build_vectors, BuildParams};
use segue_api::{Error, ErrorCode};
use segue_core::segments::SegmentParams;
use segue_core::simulate::SimulationParams;
use segue_core::CancelToken;
use segue_io::SignalKind;
use segue_store::Workspace;

mod common;
use common::repo_file;

/// A workspace holding the real spotify-songs catalogue and its playlists.
async fn catalogue() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let path = repo_file("demo/spotify_songs.csv.gz");
    let mapping = segue_io::preview_catalog(&path).unwrap().mapping;
    segue_api::import::import_catalog(&ws, &path, &mapping, |_| {}, &CancelToken::new()).await.unwrap();
    (dir, ws)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(text.as_bytes()).unwrap();
    p
}

#[tokio::test(flavor = "multi_thread")]
async fn simulated_tastes_are_recovered_deterministically() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let (_dir, ws) = catalogue().await;
        let sim = SimulationParams { listeners: 3000, seed: 11, ..Default::default() };
        let report = simulate_listeners(&ws, &sim, |_| {}, &CancelToken::new()).await.unwrap();
        assert_eq!((report.listeners, report.tastes.len()), (3000, 6));
        assert!(report.events > 300_000.0, "{} events", report.events);
        let params = SegmentParams::default();
        let summary = fit(&ws, &params, |_| {}, &CancelToken::new()).await.unwrap();
        let truth = summary.metrics.truth_ari.expect("every listener is simulated");
        assert!(truth >= 0.9, "ARI against the planted tastes {truth:.3} (k = {})", summary.k);
        assert_eq!(summary.k, 6, "silhouette picks the planted number of tastes");
        assert!(summary.active);
        let view = model_view(&ws, None).await.unwrap().unwrap();
        assert_eq!(view.simulated_share, 1.0);
        assert!(view.segments.iter().all(|s| s.profile.size > 0 && !s.name.is_empty()));
        assert!(!view.map.points.is_empty() && view.map.centroids.len() == 6);
        runs.push(assignments(&ws, None).await.unwrap());
        // Listeners arriving after the build make it stale; the next fit rebuilds and covers them.
        assert!(!segue_api::segments::status(&ws).await.unwrap().stale);
        let more = SimulationParams { listeners: 50, seed: 12, ..Default::default() };
        simulate_listeners(&ws, &more, |_| {}, &CancelToken::new()).await.unwrap();
        assert!(segue_api::segments::status(&ws).await.unwrap().stale);
        let refit = fit(&ws, &SegmentParams { k: Some(6), ..params }, |_| {}, &CancelToken::new()).await.unwrap();
        assert_eq!(refit.metrics.fitted + refit.metrics.assigned_after, 3050);
        assert!(!segue_api::segments::status(&ws).await.unwrap().stale);
        ws.close().await;
    }
    assert_eq!(runs[0], runs[1], "the same seed gives the same segments");
}

#[tokio::test(flavor = "multi_thread")]
async fn lastfm_listeners_get_tastes_and_segments() {
    let (dir, ws) = catalogue().await;
    let path = common::lastfm_artist_plays(dir.path());
    let report = import_signals(&ws, &path, SignalKind::ArtistPlays, false, |_| {}, &CancelToken::new()).await.unwrap();
    println!(
        "Last.fm: {} rows, {} matched the catalogue, {} skipped ({} artists), {} listeners, {} catalogue artists",
        report.rows, report.accepted, report.skipped, report.skipped_distinct, report.listeners, report.artists_matched
    );
    assert_eq!(report.rows, 92_834);
    assert_eq!(report.accepted + report.skipped, report.rows);
    assert!(report.accepted > 5_000 && report.listeners > 1_000, "{report:?}");
    assert!(!report.examples.is_empty());

    let built = build_vectors(&ws, &BuildParams::default(), |_| {}, &CancelToken::new()).await.unwrap();
    let tastes = ws.taste_vectors(i64::from(built.build)).await.unwrap();
    let with_evidence: Vec<_> = tastes.iter().filter(|t| t.evidence >= 5).collect();
    assert!(with_evidence.len() > 1_000);
    for t in &with_evidence {
        assert!(t.eligible);
        let norm: f32 = t.vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "listener {} has a taste vector of norm {norm}", t.listener);
    }

    let summary = fit(&ws, &SegmentParams::default(), |_| {}, &CancelToken::new()).await.unwrap();
    let view = model_view(&ws, Some(summary.id)).await.unwrap().unwrap();
    let sizes: Vec<u32> = view.segments.iter().map(|s| s.profile.size).collect();
    println!("Last.fm segments: k = {}, sizes {sizes:?}, silhouette {:?}", summary.k, summary.metrics.silhouette);
    for s in &view.segments {
        println!("  {} ({} listeners)", s.name, s.profile.size);
    }
    assert!(sizes.iter().all(|&s| s > 0), "no empty segment: {sizes:?}");
    assert_eq!(sizes.iter().sum::<u32>(), summary.metrics.fitted + summary.metrics.assigned_after);
    assert!(view.segments.iter().any(|s| !s.profile.genres.is_empty() || !s.profile.artists.is_empty()));
    assert_eq!(view.simulated_share, 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_signal_files_are_refused_and_change_nothing() {
    let (dir, ws) = catalogue().await;
    let known = "6f807x0ima9a1j3VPbc7VN";
    let good = format!("listener_id,track_id,event,timestamp,ms_played\nu1,{known},play,2024-05-01T10:00:00Z,200000\n");
    import_signals(&ws, &write(dir.path(), "good.csv", &good), SignalKind::Events, false, |_| {}, &CancelToken::new())
        .await
        .unwrap();
    let before = ws.signal_stats().await.unwrap();
    let cases = [
        ("no-event-column.csv", format!("listener_id,track_id,timestamp\nu1,{known},1700000000\n"), Some(1), "event"),
        ("bad-kind.csv", format!("listener_id,track_id,event,timestamp\nu1,{known},play,1700000000\nu2,{known},like,1700000000\n"), Some(3), "event"),
        ("bad-time.csv", format!("listener_id,track_id,event,timestamp\nu1,{known},play,yesterday\n"), Some(2), "timestamp"),
        ("bad-ms.csv", format!("listener_id,track_id,event,timestamp,ms_played\nu1,{known},play,1700000000,-5\n"), Some(2), "ms_played"),
        ("missing-listener.csv", format!("listener_id,track_id,event,timestamp\n,{known},play,1700000000\n"), Some(2), "listener_id"),
        ("empty.csv", String::new(), None, ""),
        ("header-only.csv", "listener_id,track_id,event,timestamp\n".into(), None, ""),
    ];
    for (name, text, line, field) in cases {
        let path = write(dir.path(), name, &text);
        let err = import_signals(&ws, &path, SignalKind::Events, false, |_| {}, &CancelToken::new()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::BadFile, "{name}: {err}");
        let Error::File(e) = &err else { panic!("{name}: {err}") };
        assert!(e.file.ends_with(name), "{name}: {err}");
        if let Some(line) = line {
            assert_eq!(e.line, Some(line), "{name}: {err}");
            assert_eq!(e.field.as_deref(), Some(field), "{name}: {err}");
        }
        assert_eq!(ws.signal_stats().await.unwrap(), before, "{name} changed the workspace");
    }
    let aggregates = "listener_id,track_id,plays,skips,saves\nu1,nope,3,0,0\n";
    let path = write(dir.path(), "agg.csv", aggregates);
    let err = import_signals(&ws, &path, SignalKind::Aggregates, false, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!((err.skipped, err.accepted, err.examples[0].unknown.as_str()), (1, 0, "nope"));
    let strict = import_signals(&ws, &path, SignalKind::Aggregates, true, |_| {}, &CancelToken::new()).await.unwrap_err();
    let Error::File(e) = &strict else { panic!("{strict}") };
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("track_id")), "{strict}");
    assert_eq!(ws.signal_stats().await.unwrap().pairs, before.pairs);

    let cancel = CancelToken::new();
    cancel.cancel();
    let err = import_signals(&ws, &write(dir.path(), "g2.csv", &good), SignalKind::Events, false, |_| {}, &cancel).await;
    assert_eq!(err.unwrap_err().code(), ErrorCode::Cancelled);
    let after = ws.signal_stats().await.unwrap();
    assert_eq!((after.pairs, after.events), (before.pairs, before.events));
}
