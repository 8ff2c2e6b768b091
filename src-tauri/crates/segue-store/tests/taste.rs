//! Listeners, signals, vector builds and segment models against real, temporary SQLite files.

use segue_core::signals::PairSignal;
use segue_core::Track;
use segue_store::models::{save_build, save_model, BuildParams, BuildStats, ModelMetrics, NewModel, VectorRows};
use segue_store::signals::{add_artist_plays, add_signals, catalogue_artists, insert_listeners, listener_ids, track_rowids, NewListener};
use segue_store::writer::CatalogWriter;
use segue_store::Workspace;

async fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let tracks: Vec<Track> = (0..4)
        .map(|i| Track {
            id: format!("t{i}"),
            title: format!("Song {i}"),
            artist: if i < 2 { "The Beatles".into() } else { "Beyoncé".into() },
            album: "A".into(),
            duration_ms: 1000,
            ..Default::default()
        })
        .collect();
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    w.upsert(&tracks).await.unwrap();
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    (dir, ws)
}

fn listener(id: &str) -> NewListener {
    NewListener { external_id: id.into(), simulated: false, truth: None }
}

#[tokio::test]
async fn signals_add_up_and_roll_back_with_their_transaction() {
    let (_dir, ws) = workspace().await;
    let mut tx = ws.write().await.unwrap();
    let ids = insert_listeners(&mut tx, &[listener("a"), listener("b")]).await.unwrap();
    assert_eq!(listener_ids(&mut tx).await.unwrap().len(), 2);
    let tracks = track_rowids(&mut tx).await.unwrap();
    let s = PairSignal { plays: 2.0, last_ts: Some(100), ..Default::default() };
    add_signals(&mut tx, &[(ids[0], tracks["t1"], s)]).await.unwrap();
    let s2 = PairSignal { plays: 1.0, saves: 1.0, last_ts: Some(50), ..Default::default() };
    add_signals(&mut tx, &[(ids[0], tracks["t1"], s2)]).await.unwrap();
    add_artist_plays(&mut tx, &[(ids[1], "beatles".into(), 10.0), (ids[1], "beyonce".into(), 3.0)]).await.unwrap();
    add_artist_plays(&mut tx, &[(ids[1], "beatles".into(), 5.0)]).await.unwrap();
    tx.commit().await.unwrap();

    let signals = ws.signals().await.unwrap();
    assert_eq!(signals.len(), 1);
    assert_eq!((signals[0].2.plays, signals[0].2.saves, signals[0].2.last_ts), (3.0, 1.0, Some(100)));
    assert_eq!(ws.artist_plays().await.unwrap()[0], (ids[1], "beatles".to_string(), 15.0));
    let stats = ws.signal_stats().await.unwrap();
    assert_eq!((stats.listeners, stats.pairs, stats.events, stats.artist_pairs), (2, 1, 4.0, 2));

    // A transaction that is dropped leaves nothing behind.
    let mut tx = ws.write().await.unwrap();
    insert_listeners(&mut tx, &[listener("c")]).await.unwrap();
    add_signals(&mut tx, &[(ids[1], tracks["t2"], s)]).await.unwrap();
    drop(tx);
    assert_eq!(ws.signal_stats().await.unwrap(), stats);

    let mut conn = ws.pool().acquire().await.unwrap();
    let artists = catalogue_artists(&mut conn).await.unwrap();
    assert_eq!(artists["beatles"], "The Beatles");
    assert_eq!(artists["beyonce"], "Beyoncé");
}

/// A value of a JSON column, from its stored text.
fn stored<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> T {
    serde_json::from_value(json).unwrap()
}

fn build_stats() -> BuildStats {
    stored(serde_json::json!({
        "vectors": {
            "tracks": 4, "dims": 2, "contentDims": 1, "collabDims": 1, "cold": 0, "ppmiNonzeros": 0.0,
            "singularValues": [], "content": { "names": ["energy"], "means": [0.5], "stds": [0.25] }
        },
        "listeners": 2, "eligible": 1, "withoutEvidence": 0
    }))
}

fn metrics() -> ModelMetrics {
    stored(serde_json::json!({
        "inertia": 1.5, "silhouette": null, "stabilityAri": null, "truthAri": null, "candidates": [],
        "fitted": 1, "assignedAfter": 1, "miniBatch": false, "elapsedMs": 3.0
    }))
}

fn profile(i: u32) -> segue_core::segments::SegmentProfile {
    stored(serde_json::json!({
        "index": i, "size": 1, "share": 0.5, "autoName": format!("S{i}"),
        "features": [], "genres": [], "subgenres": [], "artists": []
    }))
}

#[tokio::test]
async fn builds_and_models_round_trip_and_one_model_is_active() {
    let (_dir, ws) = workspace().await;
    let mut tx = ws.write().await.unwrap();
    let ids = insert_listeners(&mut tx, &[listener("a"), listener("b")]).await.unwrap();
    let (rowids, _) = ws.all_tracks().await.unwrap();
    let values: Vec<f32> = (0..rowids.len() * 2).map(|v| v as f32 * 0.5).collect();
    let taste = [1.0, -1.0, 0.25, 0.0];
    let build = save_build(
        &mut tx,
        &BuildParams::default(),
        &build_stats(),
        2,
        VectorRows { ids: &rowids, values: &values },
        VectorRows { ids: &ids, values: &taste },
        &[7, 1],
        &[true, false],
    )
    .await
    .unwrap();
    let model = |k| NewModel {
        build,
        algorithm: "kmeans".into(),
        k,
        seed: 42,
        params: Default::default(),
        metrics: metrics(),
        model: segue_store::models::ModelBody { centroids: vec![vec![0.5, -0.5]; k as usize], gmm: None },
        map: stored(serde_json::json!({ "points": [], "centroids": [], "explainedVariance": [0.6, 0.3] })),
        segments: (0..k).map(|i| (format!("S{i}"), 1, profile(i))).collect(),
        assignments: vec![(ids[0], 0, true), (ids[1], k - 1, false)],
    };
    let first = save_model(&mut tx, &model(2), true).await.unwrap();
    let second = save_model(&mut tx, &model(3), true).await.unwrap();
    segue_store::models::rename_segment(&mut tx, second, 1, "Night owls").await.unwrap();
    tx.commit().await.unwrap();

    let latest = ws.latest_build().await.unwrap().unwrap();
    assert_eq!((latest.dims, latest.stats.0.clone(), latest.params.0.clone()), (2, build_stats(), BuildParams::default()));
    assert_eq!(ws.track_vectors(build).await.unwrap()[1].1, vec![1.0, 1.5]);
    let tastes = ws.taste_vectors(build).await.unwrap();
    assert_eq!((tastes[0].vector.clone(), tastes[0].evidence, tastes[1].eligible), (vec![1.0, -1.0], 7, false));
    assert_eq!(ws.active_model().await.unwrap(), Some(second));
    assert_eq!(ws.models().await.unwrap().len(), 2);
    let segments = ws.segments(second).await.unwrap();
    assert_eq!((segments[1].name.as_str(), segments[1].auto_name.as_str()), ("Night owls", "S1"));
    assert_eq!(segments[2].profile.0, profile(2));
    let record = ws.model(second).await.unwrap();
    assert_eq!((record.metrics.0.clone(), record.model.centroids.len()), (metrics(), 3));

    // A stored value that no longer decodes is named, not called corrupt.
    sqlx::query("UPDATE segment_models SET metrics = '{\"inertia\":\"high\"}' WHERE id = ?").bind(first).execute(ws.pool()).await.unwrap();
    let e = ws.model(first).await.unwrap_err();
    assert!(matches!(&e, segue_store::Error::Decode { what, .. } if what == "segment model (metrics)"), "{e}");
    assert_eq!(ws.assignments(second).await.unwrap(), vec![("a".into(), 0, true), ("b".into(), 2, false)]);

    sqlx::query("UPDATE segment_models SET metrics = ? WHERE id = ?")
        .bind(serde_json::to_string(&metrics()).unwrap())
        .bind(first)
        .execute(ws.pool())
        .await
        .unwrap();
    let mut tx = ws.write().await.unwrap();
    segue_store::models::activate_model(&mut tx, first).await.unwrap();
    segue_store::models::rename_segment(&mut tx, second, 1, " ").await.unwrap();
    assert!(segue_store::models::activate_model(&mut tx, 999).await.is_err());
    tx.commit().await.unwrap();
    assert_eq!(ws.active_model().await.unwrap(), Some(first));
    assert_eq!(ws.segments(second).await.unwrap()[1].name, "S1");

    // A new build keeps the one models use.
    let mut tx = ws.write().await.unwrap();
    save_build(&mut tx, &BuildParams::default(), &build_stats(), 2, VectorRows { ids: &[], values: &[] }, VectorRows { ids: &[], values: &[] }, &[], &[])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ws.build(build).await.unwrap().id, build);
}
