//! Integration tests of the store against real, temporary SQLite files.

use segue_core::{AudioFeatures, Feature, SeedEdit, Track};
use segue_store::catalog::{FeatureRange, LibraryQuery, SortKey};
use segue_store::writer::{CatalogWriter, SECONDARY_INDEXES};
use segue_store::Workspace;

fn track(id: &str, title: &str, artist: &str, genre: &str, energy: f32, year: &str) -> Track {
    Track {
        id: id.into(),
        title: title.into(),
        artist: artist.into(),
        album: format!("{title} (album)"),
        release_date: Some(year.into()),
        duration_ms: 200_000,
        popularity: Some(50),
        genres: vec![genre.into()],
        subgenres: vec![format!("{genre} sub")],
        features: AudioFeatures { energy: Some(energy), tempo: Some(120.0), ..Default::default() },
        ..Default::default()
    }
}

async fn workspace_with_catalogue() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let tracks = vec![
        track("t1", "Blue Monday", "New Order", "rock", 0.8, "1983"),
        track("t2", "Bizarre Love Triangle", "New Order", "rock", 0.7, "1986-11"),
        track("t3", "Despacito", "Luis Fonsi", "latin", 0.79, "2017-01-12"),
        track("t4", "Clair de Lune", "Debussy", "classical", 0.05, "1905"),
        track("t5", "Señorita", "Shawn Mendes", "pop", 0.55, "2019"),
    ];
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    assert_eq!(w.upsert(&tracks).await.unwrap(), 5);
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    (dir, ws)
}

fn ids(tracks: &[Track]) -> Vec<&str> {
    tracks.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test]
async fn create_refuses_an_existing_file_and_open_refuses_a_foreign_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.segue");
    Workspace::create(&path).await.unwrap().close().await;
    assert!(matches!(Workspace::create(&path).await, Err(segue_store::Error::AlreadyExists(_))));
    let reopened = Workspace::open(&path).await.unwrap();
    assert_eq!(reopened.info().await.unwrap().track_count, 0);
    let junk = dir.path().join("junk.segue");
    std::fs::write(&junk, b"this is not a database, just some text that is long enough").unwrap();
    assert!(matches!(Workspace::open(&junk).await, Err(segue_store::Error::NotAWorkspace { .. })));
    assert!(matches!(Workspace::open(&dir.path().join("none.segue")).await, Err(segue_store::Error::Missing(_))));
}

#[tokio::test]
async fn search_matches_prefixes_across_fields_and_folds_accents() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let q = |text: &str| LibraryQuery { text: text.into(), limit: 50, ..Default::default() };
    assert_eq!(ws.search(&q("new ord")).await.unwrap().total, 2);
    assert_eq!(ids(&ws.search(&q("senor")).await.unwrap().tracks), ["t5"]);
    assert_eq!(ids(&ws.search(&q("latin")).await.unwrap().tracks), ["t3"], "genre tags are searchable");
    assert_eq!(ws.search(&q("monday order")).await.unwrap().total, 1, "all words must match");
    assert_eq!(ws.search(&q("\"OR* (")).await.unwrap().total, 2, "FTS syntax is plain text: OR is a prefix of Order");
}

#[tokio::test]
async fn filters_sorting_and_windows() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let page = ws
        .search(&LibraryQuery { sort: SortKey::Energy, descending: true, limit: 2, offset: 1, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(ids(&page.tracks), ["t3", "t2"]);
    let rock_after_1984 = LibraryQuery { genres: vec!["rock".into()], year_min: Some(1984), limit: 10, ..Default::default() };
    assert_eq!(ids(&ws.search(&rock_after_1984).await.unwrap().tracks), ["t2"]);
    let calm = LibraryQuery {
        ranges: vec![FeatureRange { feature: Feature::Energy, min: 0.0, max: 0.6 }],
        sort: SortKey::Title,
        limit: 10,
        ..Default::default()
    };
    assert_eq!(ids(&ws.search(&calm).await.unwrap().tracks), ["t4", "t5"]);
    let facets = ws.facets().await.unwrap();
    assert_eq!(facets.genres.len(), 4);
    assert_eq!((facets.year_min, facets.year_max), (Some(1905), Some(2019)));
}

#[tokio::test]
async fn upsert_replaces_data_and_keeps_search_in_step() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let mut changed = track("t1", "Blue Tuesday", "New Order", "pop", 0.8, "1983");
    changed.features.energy = Some(0.1);
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    assert_eq!(w.upsert(&[changed]).await.unwrap(), 0);
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    let q = |text: &str| LibraryQuery { text: text.into(), limit: 50, ..Default::default() };
    assert_eq!(ws.search(&q("monday")).await.unwrap().total, 0);
    assert_eq!(ids(&ws.search(&q("tuesday")).await.unwrap().tracks), ["t1"]);
    let rock = LibraryQuery { genres: vec!["rock".into()], limit: 10, ..Default::default() };
    assert_eq!(ids(&ws.search(&rock).await.unwrap().tracks), ["t2"], "old tags are gone");
}

#[tokio::test]
async fn edits_persist_across_reopening_and_undo_redo_are_exact() {
    let (dir, ws) = workspace_with_catalogue().await;
    let id = ws.create_playlist("  Morning  ").await.unwrap();
    ws.edit_playlist(id, &SeedEdit::Insert { track_ids: vec!["t1".into(), "t2".into(), "t3".into()], at: 0 }).await.unwrap();
    ws.edit_playlist(id, &SeedEdit::Move { positions: vec![2], to: 0 }).await.unwrap();
    ws.edit_playlist(id, &SeedEdit::SetPinned { position: 0, pinned: true }).await.unwrap();
    ws.edit_playlist(id, &SeedEdit::SetNote { position: 1, note: "opener".into() }).await.unwrap();
    ws.describe_playlist(id, "Wake up").await.unwrap();
    ws.close().await;

    let ws = Workspace::open(&dir.path().join("w.segue")).await.unwrap();
    let p = ws.playlist(id).await.unwrap();
    assert_eq!(p.summary.name, "Morning");
    assert_eq!(p.summary.description, "Wake up");
    assert_eq!(p.summary.track_count, 3);
    assert_eq!(p.summary.duration_ms, 600_000.0);
    let order: Vec<_> = p.items.iter().map(|i| (i.track.id.as_str(), i.pinned, i.note.as_str())).collect();
    assert_eq!(order, [("t3", true, ""), ("t1", false, "opener"), ("t2", false, "")]);

    assert_eq!(ws.history().await.unwrap().undo.as_deref(), Some("Edit description"));
    ws.undo().await.unwrap();
    ws.undo().await.unwrap();
    ws.undo().await.unwrap();
    let p = ws.playlist(id).await.unwrap();
    let order: Vec<_> = p.items.iter().map(|i| (i.track.id.as_str(), i.pinned)).collect();
    assert_eq!(order, [("t3", false), ("t1", false), ("t2", false)]);
    assert_eq!(ws.history().await.unwrap().redo.as_deref(), Some("Pin track"));
    ws.redo().await.unwrap();
    assert!(ws.playlist(id).await.unwrap().items[0].pinned);
    // A new edit ends the redo chain.
    ws.edit_playlist(id, &SeedEdit::Remove { positions: vec![2] }).await.unwrap();
    assert_eq!(ws.history().await.unwrap().redo, None);
}

#[tokio::test]
async fn delete_duplicate_and_undo_bring_playlists_back() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let id = ws.create_playlist("Road trip").await.unwrap();
    ws.edit_playlist(id, &SeedEdit::Insert { track_ids: vec!["t4".into(), "t5".into()], at: 0 }).await.unwrap();
    let copy = ws.duplicate_playlist(id).await.unwrap();
    assert_ne!(copy, id);
    assert_eq!(ws.playlist(copy).await.unwrap().summary.name, "Road trip (copy)");
    ws.delete_playlist(id).await.unwrap();
    assert!(ws.playlist(id).await.is_err());
    let step = ws.undo().await.unwrap().unwrap();
    assert_eq!((step.playlist_id, step.exists), (id, true));
    assert_eq!(ws.playlist(id).await.unwrap().items.len(), 2);
    // A new playlist never reuses the id of a deleted one, so undo can always restore it.
    ws.delete_playlist(copy).await.unwrap();
    let fresh = ws.create_playlist("Fresh").await.unwrap();
    assert!(fresh > copy);
}

#[tokio::test]
async fn refused_edits_change_nothing() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let id = ws.create_playlist("P").await.unwrap();
    ws.edit_playlist(id, &SeedEdit::Insert { track_ids: vec!["t1".into()], at: 0 }).await.unwrap();
    let before = ws.history().await.unwrap();
    assert!(matches!(
        ws.edit_playlist(id, &SeedEdit::Insert { track_ids: vec!["nope".into()], at: 0 }).await,
        Err(segue_store::Error::NotFound(_))
    ));
    assert!(matches!(
        ws.edit_playlist(id, &SeedEdit::Move { positions: vec![5], to: 0 }).await,
        Err(segue_store::Error::Edit(_))
    ));
    assert!(matches!(ws.rename_playlist(id, "   ").await, Err(segue_store::Error::Invalid(_))));
    assert!(matches!(ws.edit_playlist(999, &SeedEdit::Remove { positions: vec![0] }).await, Err(segue_store::Error::NotFound(_))));
    assert_eq!(ws.history().await.unwrap(), before);
    assert_eq!(ws.playlist(id).await.unwrap().items.len(), 1);
}

/// The declared indexes of the tables bulk mode writes (automatic ones, for UNIQUE and
/// WITHOUT ROWID keys, have no SQL and are never dropped).
const CATALOGUE_INDEXES: &str =
    "WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('tracks', 'track_tags', 'tags')";

#[tokio::test]
async fn bulk_mode_rebuilds_exactly_the_indexes_the_migrations_create() {
    let (_dir, ws) = workspace_with_catalogue().await;
    let sql: Vec<(String, String)> = sqlx::query_as(&format!("SELECT name, sql FROM sqlite_master {CATALOGUE_INDEXES} ORDER BY name"))
        .fetch_all(ws.pool())
        .await
        .unwrap();
    for (name, create) in SECONDARY_INDEXES {
        assert!(sql.iter().any(|(n, s)| n == name && s == create), "{name} after a bulk import: {sql:?}");
    }
    assert_eq!(sql.len(), SECONDARY_INDEXES.len(), "every index of the tables bulk mode writes is known to it: {sql:?}");
}

#[tokio::test]
async fn a_rolled_back_bulk_import_keeps_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    w.upsert(&[track("x", "X", "Y", "pop", 0.5, "2000")]).await.unwrap();
    drop(w);
    tx.rollback().await.unwrap();
    let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM sqlite_master {CATALOGUE_INDEXES}"))
        .fetch_one(ws.pool())
        .await
        .unwrap();
    assert_eq!(n as usize, SECONDARY_INDEXES.len());
    assert_eq!(ws.info().await.unwrap().track_count, 0);
}

#[tokio::test]
async fn broad_searches_list_a_capped_window_and_say_there_is_more() {
    use segue_store::catalog::COUNT_CAP;
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let n = COUNT_CAP as usize + 50;
    let tracks: Vec<Track> =
        (0..n).map(|i| track(&format!("t{i}"), &format!("Lamo {i}"), "Ari", if i % 2 == 0 { "pop" } else { "rock" }, 0.5, "2000")).collect();
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    w.upsert(&tracks).await.unwrap();
    w.finish().await.unwrap();
    tx.commit().await.unwrap();

    let all = ws.search(&LibraryQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!((all.total as usize, all.more), (n, false), "the whole catalogue is always counted in full");
    let broad = ws.search(&LibraryQuery { text: "lam".into(), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!((broad.total as i64, broad.more), (COUNT_CAP, true));
    assert_eq!(broad.tracks[0].id, "t0", "broad matches in catalogue order");
    let filtered = LibraryQuery { genres: vec!["rock".into()], limit: 10, ..Default::default() };
    let page = ws.search(&filtered).await.unwrap();
    assert_eq!((page.total as usize, page.more), (n / 2, false));
    let narrow = ws.search(&LibraryQuery { text: "lamo 1234".into(), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!((narrow.total, narrow.more), (1, false));
    assert_eq!(narrow.tracks[0].id, "t1234");
}

/// A workspace written before tags moved to a dictionary (and before the full-text buffer was
/// resized): built with the first two migrations only, filled the way that version wrote, then
/// opened by this version, which migrates it.
#[tokio::test]
async fn a_workspace_from_before_the_tag_dictionary_migrates_on_open() {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../migrations");
    for name in ["20261125000000_workspace.sql", "20261126000000_taste.sql"] {
        std::fs::copy(all.join(name), old.join(name)).unwrap();
    }
    let path = dir.path().join("old.segue");
    let options =
        SqliteConnectOptions::new().filename(&path).create_if_missing(true).journal_mode(SqliteJournalMode::Wal).foreign_keys(true);
    let pool = SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    for sql in [
        "INSERT INTO workspace VALUES (1, 'old', '2026-11-25T00:00:00Z', '0.1.0')",
        "INSERT INTO tracks (id, title, artist, album, release_year, duration_ms, popularity, genre, genres, subgenres) VALUES \
         ('t1', 'Blue Monday', 'New Order', 'Power', 1983, 200000, 50, 'rock', '[\"rock\"]', '[\"synth pop\"]'), \
         ('t2', 'Despacito', 'Luis Fonsi', 'Vida', 2017, 200000, 90, 'latin', '[\"latin\",\"pop\"]', '[\"reggaeton\"]'), \
         ('t3', 'Bizarre Love Triangle', 'New Order', 'Brotherhood', 1986, 200000, 40, 'rock', '[\"rock\"]', '[\"synth pop\"]')",
        "INSERT INTO track_tags (track, kind, tag) \
         SELECT t.rowid, 'genre', j.value FROM tracks t, json_each(t.genres) j \
         UNION ALL SELECT t.rowid, 'subgenre', j.value FROM tracks t, json_each(t.subgenres) j",
        "INSERT INTO tracks_fts (rowid, title, artist, album, tags) \
         SELECT rowid, title, artist, album, genres || ' ' || subgenres FROM tracks",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let ws = Workspace::open(&path).await.unwrap();
    let q = |text: &str, genres: &[&str]| LibraryQuery {
        text: text.into(),
        genres: genres.iter().map(|g| g.to_string()).collect(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(ids(&ws.search(&q("new ord", &[])).await.unwrap().tracks), ["t1", "t3"]);
    assert_eq!(ids(&ws.search(&q("reggae", &[])).await.unwrap().tracks), ["t2"], "tags are still searchable");
    assert_eq!(ids(&ws.search(&q("", &["pop"])).await.unwrap().tracks), ["t2"], "tag filters read the migrated rows");
    assert_eq!(ids(&ws.search(&q("blue", &["rock", "latin"])).await.unwrap().tracks), ["t1"]);
    let subgenres = LibraryQuery { subgenres: vec!["synth pop".into()], sort: SortKey::Title, limit: 10, ..Default::default() };
    assert_eq!(ids(&ws.search(&subgenres).await.unwrap().tracks), ["t3", "t1"]);
    let facets = ws.facets().await.unwrap();
    let counts: Vec<(&str, u32)> = facets.genres.iter().map(|f| (f.tag.as_str(), f.count)).collect();
    assert_eq!(counts, [("latin", 1), ("pop", 1), ("rock", 2)]);
    assert_eq!(facets.subgenres.len(), 2);

    // Writes after the migration keep the tag rows in step: a replaced track's old tags go, a
    // new tag joins the dictionary.
    let mut changed = track("t1", "Blue Monday", "New Order", "electronic", 0.8, "1983");
    changed.subgenres = vec!["synth pop".into()];
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    assert_eq!(w.upsert(&[changed, track("t4", "Age of Consent", "New Order", "rock", 0.7, "1983")]).await.unwrap(), 1);
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ids(&ws.search(&q("", &["rock"])).await.unwrap().tracks), ["t4", "t3"], "by title");
    assert_eq!(ids(&ws.search(&q("new order", &["electronic"])).await.unwrap().tracks), ["t1"]);
    assert_eq!(ws.search(&q("electronic", &[])).await.unwrap().total, 1);
    let hashsize: i64 = sqlx::query_scalar("SELECT v FROM tracks_fts_config WHERE k = 'hashsize'").fetch_one(ws.pool()).await.unwrap();
    assert_eq!(hashsize, 128 << 20);
}

/// In bulk mode a track can be written twice in one import (a file repeating it in a later
/// batch): it keeps its row, its tags are replaced, and it counts as new once.
#[tokio::test]
async fn a_bulk_import_that_writes_a_track_twice_keeps_one_row_with_the_last_tags() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    let first: Vec<Track> = (0..3).map(|i| track(&format!("t{i}"), &format!("Song {i}"), "A", "pop", 0.5, "2000")).collect();
    assert_eq!(w.upsert(&first).await.unwrap(), 3);
    let mut again = track("t1", "Song 1", "A", "rock", 0.5, "2000");
    again.genres.push("pop".into());
    let later = vec![track("t3", "Song 3", "A", "pop", 0.5, "2000"), again, track("t4", "Song 4", "A", "pop", 0.5, "2000")];
    assert_eq!(w.upsert(&later).await.unwrap(), 2);
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(ws.info().await.unwrap().track_count, 5);
    let rock = LibraryQuery { genres: vec!["rock".into()], limit: 10, ..Default::default() };
    assert_eq!(ids(&ws.search(&rock).await.unwrap().tracks), ["t1"]);
    let pop = LibraryQuery { genres: vec!["pop".into()], sort: SortKey::Title, limit: 10, ..Default::default() };
    assert_eq!(ids(&ws.search(&pop).await.unwrap().tracks), ["t0", "t1", "t2", "t3", "t4"]);
    let page = ws.search(&LibraryQuery { text: "song".into(), sort: SortKey::Title, limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(ids(&page.tracks), ["t0", "t1", "t2", "t3", "t4"]);
    let facets = ws.facets().await.unwrap();
    let counts: Vec<(&str, u32)> = facets.genres.iter().map(|f| (f.tag.as_str(), f.count)).collect();
    assert_eq!(counts, [("pop", 5), ("rock", 1)]);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM track_tags").fetch_one(ws.pool()).await.unwrap();
    assert_eq!(rows, 5 + 1 + 5, "genre rows (five pop, one rock) and one subgenre row per track");
}
