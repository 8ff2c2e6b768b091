//! Personalization settings and pools against real, temporary SQLite files.

use segue_core::Track;
use segue_store::writer::CatalogWriter;
use segue_store::{Error, Workspace};

#[tokio::test]
async fn settings_and_pools_persist_and_refuse_what_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.segue");
    let ws = Workspace::create(&path).await.unwrap();
    let tracks: Vec<Track> = (0..3)
        .map(|i| Track { id: format!("t{i}"), title: format!("S{i}"), artist: "A".into(), album: "B".into(), duration_ms: 1, ..Default::default() })
        .collect();
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    w.upsert(&tracks).await.unwrap();
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    let id = ws.create_playlist("Seed").await.unwrap();

    assert_eq!(ws.playlist_settings(id).await.unwrap(), None);
    ws.set_playlist_settings(id, r#"{"strength":0.7}"#).await.unwrap();
    ws.set_playlist_settings(id, r#"{"strength":0.4}"#).await.unwrap();
    assert_eq!(ws.pool_add(id, &["t2".into(), "t0".into(), "t2".into()]).await.unwrap(), 2);
    assert!(matches!(ws.pool_add(id, &["t1".into(), "nope".into()]).await, Err(Error::NotFound(_))));
    assert_eq!(ws.pool_remove(id, &["t0".into(), "t9".into()]).await.unwrap(), 1);
    assert!(matches!(ws.set_playlist_settings(999, "{}").await, Err(Error::NotFound(_))));
    ws.close().await;

    let ws = Workspace::open(&path).await.unwrap();
    assert_eq!(ws.playlist_settings(id).await.unwrap().as_deref(), Some(r#"{"strength":0.4}"#));
    assert_eq!(ws.playlist_pool(id).await.unwrap(), vec!["t2".to_string()]);
    ws.delete_playlist(id).await.unwrap();
    assert!(matches!(ws.playlist_pool(id).await, Err(Error::NotFound(_))));
}
