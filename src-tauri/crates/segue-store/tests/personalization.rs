//! Personalization settings and pools against real, temporary SQLite files.

use segue_core::Track;
use segue_store::personalization::PlaylistSettings;
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
    let at = |strength| PlaylistSettings { strength, ..Default::default() };
    ws.set_playlist_settings(id, &at(0.7)).await.unwrap();
    ws.set_playlist_settings(id, &at(0.4)).await.unwrap();
    assert_eq!(ws.pool_add(id, &["t2".into(), "t0".into(), "t2".into()]).await.unwrap(), 2);
    assert!(matches!(ws.pool_add(id, &["t1".into(), "nope".into()]).await, Err(Error::NotFound(_))));
    assert_eq!(ws.pool_remove(id, &["t0".into(), "t9".into()]).await.unwrap(), 1);
    assert!(matches!(ws.set_playlist_settings(999, &at(0.5)).await, Err(Error::NotFound(_))));
    ws.close().await;

    let ws = Workspace::open(&path).await.unwrap();
    assert_eq!(ws.playlist_settings(id).await.unwrap(), Some(at(0.4)));
    // Settings stay JSON text on disk, and text written before typed columns still reads (the
    // fields it lacks take their defaults).
    let text: String = sqlx::query_scalar("SELECT settings FROM playlist_settings").fetch_one(ws.pool()).await.unwrap();
    assert!(text.starts_with(r#"{"strength":0.4"#), "{text}");
    sqlx::query(r#"UPDATE playlist_settings SET settings = '{"strength":0.3}'"#).execute(ws.pool()).await.unwrap();
    assert_eq!(ws.playlist_settings(id).await.unwrap(), Some(at(0.3)));
    sqlx::query(r#"UPDATE playlist_settings SET settings = '{"strength":"loud"}'"#).execute(ws.pool()).await.unwrap();
    let e = ws.playlist_settings(id).await.unwrap_err();
    assert!(e.to_string().starts_with("the stored personalization settings could not be read"), "{e}");
    assert_eq!(ws.playlist_pool(id).await.unwrap(), vec!["t2".to_string()]);
    ws.delete_playlist(id).await.unwrap();
    assert!(matches!(ws.playlist_pool(id).await, Err(Error::NotFound(_))));
}
