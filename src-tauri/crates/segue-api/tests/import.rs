//! Imports against real, temporary SQLite workspaces: the real spotify-songs catalogue, every
//! kind of bad file (each must name file, line and field and leave the workspace unchanged),
//! cancellation, and playlists with unknown tracks.

use std::io::Write;
use std::path::{Path, PathBuf};

use segue_api::import::{import_catalog, import_playlists};
use segue_api::{Error, ErrorCode};
use segue_core::{CancelToken, Progress};
use segue_store::catalog::LibraryQuery;
use segue_store::Workspace;

const HEADER: &str = "track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,\
track_album_release_date,playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,\
loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms";

fn row(id: &str, title: &str, energy: &str, playlist: &str) -> String {
    format!(
        "{id},{title},Artist {id},60,alb{id},Album {id},2019-06-14,List {playlist},pl{playlist},pop,dance pop,\
0.7,{energy},5,-5.5,1,0.05,0.1,0,0.1,0.5,120.5,200000"
    )
}

fn real_catalogue() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../demo/spotify_songs.csv.gz");
    assert!(p.exists(), "the real catalogue is expected at {}", p.display());
    p
}

struct Fixture {
    dir: tempfile::TempDir,
    ws: Workspace,
}

impl Fixture {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
        Self { dir, ws }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    }

    async fn import(&self, path: &Path) -> segue_api::Result<segue_api::import::CatalogReport> {
        let mapping = segue_io::preview_catalog(path)?.mapping;
        import_catalog(&self.ws, path, &mapping, |_| {}, &CancelToken::new()).await
    }

    /// Everything an import could touch, as one comparable value.
    async fn snapshot(&self) -> (u32, u32, Vec<String>, u32) {
        let info = self.ws.info().await.unwrap();
        let page = self.ws.search(&LibraryQuery { limit: 1000, ..Default::default() }).await.unwrap();
        let tags = self.ws.facets().await.unwrap().genres.len() as u32;
        (info.track_count, info.playlist_count, page.tracks.iter().map(|t| format!("{t:?}")).collect(), tags)
    }
}

#[tokio::test]
async fn the_real_catalogue_imports_with_every_track_and_playlist() {
    let f = Fixture::new().await;
    let mut reports = Vec::new();
    let mapping = segue_io::preview_catalog(&real_catalogue()).unwrap().mapping;
    let report =
        import_catalog(&f.ws, &real_catalogue(), &mapping, |p: Progress| reports.push(p), &CancelToken::new())
            .await
            .unwrap();
    assert_eq!(report.rows, 32_833);
    assert_eq!(report.tracks_new, 28_356);
    assert_eq!(report.repeated_rows, 32_833 - 28_356);
    assert_eq!(report.playlists_new, 471);
    let info = f.ws.info().await.unwrap();
    assert_eq!((info.track_count, info.playlist_count), (28_356, 471));
    let last = reports.last().expect("a final progress report");
    assert_eq!(last.fraction(), Some(1.0));
    // A track in several playlists is one track carrying every genre it was filed under.
    let multi = f.ws.search(&LibraryQuery { text: "Memories Dillon Francis".into(), limit: 5, ..Default::default() }).await.unwrap();
    assert_eq!(multi.tracks.len(), 1);
    // Playlists are real seeds: names with emoji survive, tracks in file order without repeats.
    let lists = f.ws.playlists().await.unwrap();
    assert!(lists.iter().all(|p| p.track_count > 0));
    assert_eq!(lists.iter().map(|p| p.track_count).sum::<u32>(), 32_833 - 582);
    // Importing the same file again changes nothing but says so.
    let again = f.import(&real_catalogue()).await.unwrap();
    assert_eq!((again.tracks_new, again.tracks_updated, again.playlists_new, again.playlists_updated), (0, 28_356, 0, 471));
    assert_eq!(f.ws.info().await.unwrap().track_count, 28_356);
}

#[tokio::test]
async fn gzip_tsv_and_json_lines_import_like_csv() {
    let csv = format!("{HEADER}\n{}\n{}\n", row("a", "One", "0.5", "1"), row("b", "Two", "0.6", "1"));
    let tsv = csv.replace(',', "\t");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(csv.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let jsonl = "{\"track_id\":\"a\",\"track_name\":\"One\",\"track_artist\":\"X\",\"duration_ms\":200000,\"energy\":0.5}\n\
                 {\"track_id\":\"b\",\"track_name\":\"Two\",\"track_artist\":\"Y\",\"duration_ms\":180000,\"energy\":null}\n";
    for (name, bytes) in [("c.csv", csv.as_bytes()), ("c.tsv", tsv.as_bytes()), ("c.csv.gz", &gz[..]), ("c.jsonl", jsonl.as_bytes())] {
        let f = Fixture::new().await;
        let path = f.file(name, bytes);
        let report = f.import(&path).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.tracks_new, 2, "{name}");
    }
}

/// Each bad file: the error names the file, the line and the field, and nothing changes.
#[tokio::test]
async fn every_bad_file_is_refused_with_its_line_and_field_and_changes_nothing() {
    let good = format!("{HEADER}\n{}\n{}\n", row("a", "One", "0.5", "1"), row("b", "Two", "0.6", "1"));
    let cases: Vec<(&str, Vec<u8>, Option<u64>, Option<&str>)> = vec![
        (
            "missing-column.csv",
            "track_id,track_name,duration_ms\nx,Title,1000\n".into(),
            Some(1),
            Some("artist"),
        ),
        (
            "not-a-number.csv",
            format!("{HEADER}\n{}\n{}\n", row("c", "Three", "0.5", "1"), row("d", "Four", "loud", "1")).into_bytes(),
            Some(3),
            Some("energy"),
        ),
        (
            "out-of-range.csv",
            format!("{HEADER}\n{}\n{}\n{}\n", row("c", "Three", "0.5", "1"), row("d", "Four", "0.5", "1"), row("e", "Five", "1.7", "1"))
                .into_bytes(),
            Some(4),
            Some("energy"),
        ),
        (
            "conflicting-duplicate.csv",
            format!("{HEADER}\n{}\n{}\n", row("c", "Three", "0.5", "1"), row("c", "Three", "0.9", "2")).into_bytes(),
            Some(3),
            Some("energy"),
        ),
        ("empty.csv", Vec::new(), None, None),
        ("header-only.csv", format!("{HEADER}\n").into_bytes(), None, None),
        (
            "bad-utf8.csv",
            {
                let mut b = format!("{HEADER}\n{}\n", row("c", "Three", "0.5", "1")).into_bytes();
                let mut bad = row("d", "FourX", "0.5", "1").into_bytes();
                let x = bad.iter().position(|&c| c == b'X').unwrap();
                bad[x] = 0xff;
                b.extend(bad);
                b.push(b'\n');
                b
            },
            Some(3),
            None,
        ),
    ];
    for (name, bytes, line, field) in cases {
        let f = Fixture::new().await;
        f.import(&f.file("good.csv", good.as_bytes())).await.unwrap();
        let before = f.snapshot().await;
        let path = f.file(name, &bytes);
        let err = match f.import(&path).await {
            Err(Error::File(e)) => e,
            other => panic!("{name}: expected a file error, got {other:?}"),
        };
        let shown = err.to_string();
        assert!(shown.contains(name), "{name}: the message names the file: {shown}");
        if let Some(line) = line {
            assert_eq!(err.line, Some(line), "{name}: {shown}");
            assert!(shown.contains(&format!("line {line}")), "{name}: {shown}");
        }
        if let Some(field) = field {
            assert!(err.field.as_deref().is_some_and(|f| f.to_lowercase().contains(field)), "{name}: field in {shown}");
        }
        assert_eq!(Error::File(err).code(), ErrorCode::BadFile);
        assert_eq!(f.snapshot().await, before, "{name}: the workspace changed");
    }
}

#[tokio::test]
async fn a_cancelled_import_leaves_nothing_behind() {
    let f = Fixture::new().await;
    let before = f.snapshot().await;
    let cancel = CancelToken::new();
    let mapping = segue_io::preview_catalog(&real_catalogue()).unwrap().mapping;
    let c = cancel.clone();
    let result = import_catalog(&f.ws, &real_catalogue(), &mapping, move |_| c.cancel(), &cancel).await;
    assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");
    assert_eq!(f.snapshot().await, before);
}

#[tokio::test]
async fn playlists_import_matches_by_id_and_reports_unknown_tracks() {
    let f = Fixture::new().await;
    let catalogue = format!("{HEADER}\n{}\n{}\n{}\n", row("a", "One", "0.5", "1"), row("b", "Two", "0.6", "1"), row("c", "Three", "0.6", "1"));
    f.import(&f.file("cat.csv", catalogue.as_bytes())).await.unwrap();
    let lists = "playlist_id,playlist_name,track_id,position\n\
                 p1,Morning,b,2\n\
                 p1,,a,1\n\
                 p1,,zzz,3\n\
                 p2,Evening,c,1\n";
    let report = import_playlists(&f.ws, &f.file("lists.csv", lists.as_bytes()), |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!((report.playlists_new, report.entries, report.unknown_count), (2, 3, 1));
    assert_eq!(report.unknown[0].track_id, "zzz");
    assert_eq!(report.unknown[0].line, 4);
    let all = f.ws.playlists().await.unwrap();
    let morning = all.iter().find(|p| p.name == "Morning").unwrap();
    let detail = f.ws.playlist(morning.id).await.unwrap();
    let order: Vec<_> = detail.items.iter().map(|i| i.track.id.as_str()).collect();
    assert_eq!(order, ["a", "b"], "ordered by position");

    let before = f.snapshot().await;
    let bad = "playlist_id,playlist_name,track_id,position\np3,X,a,1\np3,,b,one\n";
    let err = import_playlists(&f.ws, &f.file("bad.csv", bad.as_bytes()), |_| {}, &CancelToken::new()).await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("bad.csv") && shown.contains("line 3") && shown.contains("position"), "{shown}");
    assert_eq!(f.snapshot().await, before);
}

#[tokio::test]
async fn the_bundled_demo_is_the_real_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.segue");
    let report = segue_api::demo::create_demo(&path, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!((report.tracks_new, report.playlists_new), (28_356, 471));
    let ws = Workspace::open(&path).await.unwrap();
    assert_eq!(ws.info().await.unwrap().track_count, 28_356);
    assert!(!dir.path().join("demo.segue.partial").exists());
    assert!(segue_api::demo::create_demo(&path, |_| {}, &CancelToken::new()).await.is_err(), "never overwrites");
}
