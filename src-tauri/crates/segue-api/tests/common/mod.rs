//! Helpers shared by the API's integration tests.

#![allow(dead_code)] // each test binary uses some of these helpers

use std::path::{Path, PathBuf};

/// A file of the repository: the real catalogue is `demo/spotify_songs.csv.gz`, the real
/// listening `tests/data/lastfm-hetrec2011/`.
pub fn repo_file(path: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(path);
    assert!(p.exists(), "{} is missing from the repository", p.display());
    p
}

/// Last.fm's listening (user_artists.dat gives artist ids; artists.dat names them) as an
/// artist-plays TSV (`listener_id, artist, plays`) written to `dir`; listeners are `lfm<id>`.
pub fn lastfm_artist_plays(dir: &Path) -> PathBuf {
    let names: std::collections::HashMap<String, String> = std::fs::read_to_string(repo_file("tests/data/lastfm-hetrec2011/artists.dat"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect();
    let mut tsv = String::from("listener_id\tartist\tplays\n");
    for l in std::fs::read_to_string(repo_file("tests/data/lastfm-hetrec2011/user_artists.dat")).unwrap().lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        tsv.push_str(&format!("lfm{}\t\"{}\"\t{}\n", f[0], names[f[1]].replace('"', "\"\""), f[2]));
    }
    let path = dir.join("lastfm.tsv");
    std::fs::write(&path, tsv).unwrap();
    path
}

/// A workspace with the real catalogue and Last.fm's 1,892 real listeners as artist-level plays,
/// with a k-means model of `k` segments (the defaults otherwise), at `path`.
pub async fn lastfm_workspace(path: &Path, k: u32) -> segue_store::Workspace {
    use segue_core::CancelToken;
    let ws = segue_store::Workspace::create(path).await.unwrap();
    let catalogue = repo_file("demo/spotify_songs.csv.gz");
    let mapping = segue_io::preview_catalog(&catalogue).unwrap().mapping;
    segue_api::import::import_catalog(&ws, &catalogue, &mapping, |_| {}, &CancelToken::new()).await.unwrap();
    let plays = lastfm_artist_plays(path.parent().unwrap());
    segue_api::signals::import_signals(&ws, &plays, segue_io::SignalKind::ArtistPlays, false, |_| {}, &CancelToken::new())
        .await
        .unwrap();
    let params = segue_core::segments::SegmentParams { k: Some(k), ..Default::default() };
    segue_api::segments::fit(&ws, &params, |_| {}, &CancelToken::new()).await.unwrap();
    ws
}

/// Seeds as a data scientist would take them: for each genre of the catalogue, the first `per`
/// real playlists (by id) of at least `len` tracks whose tracks are mostly filed under it, each
/// cut to its first `len` tracks and saved as a new playlist. (genre, playlist id) pairs.
pub async fn genre_seeds(ws: &segue_store::Workspace, per: usize, len: usize) -> Vec<(String, u32)> {
    use segue_core::playlist::SeedEdit;
    let mut lists = ws.playlists().await.unwrap();
    lists.sort_by_key(|p| p.id);
    let mut taken: std::collections::BTreeMap<String, Vec<u32>> = std::collections::BTreeMap::new();
    for p in lists.into_iter().filter(|p| p.track_count as usize >= len) {
        let detail = ws.playlist(p.id).await.unwrap();
        let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for item in &detail.items {
            for g in &item.track.genres {
                *counts.entry(g.clone()).or_default() += 1;
            }
        }
        let Some((genre, _)) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))) else { continue };
        let slot = taken.entry(genre.clone()).or_default();
        if slot.len() >= per {
            continue;
        }
        let id = ws.create_playlist(&format!("seed · {genre} · {}", slot.len() + 1)).await.unwrap();
        let track_ids = detail.items.iter().take(len).map(|i| i.track.id.clone()).collect();
        ws.edit_playlist(id, &SeedEdit::Insert { track_ids, at: 0 }).await.unwrap();
        slot.push(id);
    }
    taken.into_iter().flat_map(|(g, ids)| ids.into_iter().map(move |id| (g.clone(), id))).collect()
}
