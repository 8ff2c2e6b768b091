//! The readers against real files, blemishes and all: the spotify-songs catalogue and the
//! HetRec 2011 Last.fm listening data.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use segue_io::{preview_catalog, CatalogReader, CatalogRow, SignalBatch, SignalKind, SignalReader, TableFormat};

/// A file of the repository (the real data lives in `demo/` and `tests/data/`).
fn repo_file(name: &str) -> PathBuf {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../..")).join(name);
    assert!(path.exists(), "{} is missing from the repository", path.display());
    path
}

fn spotify_songs() -> PathBuf {
    repo_file("demo/spotify_songs.csv.gz")
}

#[test]
fn the_preview_suggests_a_complete_mapping() {
    let preview = preview_catalog(spotify_songs()).unwrap();
    assert_eq!(preview.format, TableFormat::Csv);
    assert_eq!(preview.columns.len(), 23);
    assert_eq!(preview.rows.len(), 20);
    assert!(preview.missing_required.is_empty(), "missing: {:?}", preview.missing_required);
}

#[test]
fn every_row_of_spotify_songs_reads_without_error() {
    let path = spotify_songs();
    let mapping = preview_catalog(&path).unwrap().mapping;
    let reader = CatalogReader::open(&path, &mapping).unwrap();
    let progress = reader.progress_handle();
    let rows: Vec<CatalogRow> = reader.map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect();
    assert_eq!(rows.len(), 32_833);
    assert_eq!(rows.first().map(|r| r.line), Some(2));
    assert_eq!(rows.last().map(|r| r.line), Some(32_834));
    assert_eq!(progress.read(), progress.total());

    let ids: HashSet<&str> = rows.iter().map(|r| r.track.id.as_str()).collect();
    assert_eq!(ids.len(), 28_356);
    let playlists: HashSet<&str> = rows.iter().filter_map(|r| r.playlist.as_ref()).map(|p| p.id.as_str()).collect();
    assert_eq!(playlists.len(), 471);

    // Five rows have no title, artist or album (R wrote them as NA); they are read, empty.
    let untitled: Vec<&CatalogRow> = rows.iter().filter(|r| r.track.title.is_empty()).collect();
    assert_eq!(untitled.len(), 5);
    assert!(untitled.iter().all(|r| r.track.artist.is_empty() && r.track.album.is_empty()));
    assert_eq!(untitled[0].line, 8153);

    assert!(rows.iter().all(|r| r.track.release_year().is_some()));
    assert!(rows.iter().all(|r| r.track.genres.len() == 1 && r.track.subgenres.len() == 1));
    assert!(rows.iter().all(|r| r.track.features.tempo.is_some() && r.track.popularity.is_some()));
}

/// The Last.fm files are tab-separated without quoting (names such as `"Weird Al" Yankovic` carry
/// their quotes), so they are split by hand here; the joined file is written as a proper TSV.
fn lastfm_rows(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(repo_file("tests/data/lastfm-hetrec2011").join(name)).unwrap();
    text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

#[test]
fn lastfm_user_artists_joined_with_artist_names_read_as_artist_plays() {
    let names: HashMap<String, String> = lastfm_rows("artists.dat").into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(names.len(), 17_632);
    let plays = lastfm_rows("user_artists.dat");
    assert_eq!(plays.len(), 92_834);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lastfm_artist_plays.tsv");
    let mut out = csv::WriterBuilder::new().delimiter(b'\t').from_path(&path).unwrap();
    out.write_record(["listener_id", "artist", "plays"]).unwrap();
    let (mut weight_sum, mut quoted) = (0.0_f64, 0);
    for row in &plays {
        let name = names.get(&row[1]).unwrap_or_else(|| panic!("artist {} of user {} has no name", row[1], row[0]));
        out.write_record([&row[0], name, &row[2]]).unwrap();
        weight_sum += row[2].parse::<f64>().unwrap();
        quoted += usize::from(name.contains('"'));
    }
    out.flush().unwrap();
    drop(out);

    let mut reader = SignalReader::open(&path, SignalKind::ArtistPlays).unwrap();
    assert_eq!(reader.format(), TableFormat::Tsv);
    let progress = reader.progress_handle();
    let (mut rows, mut sum, mut read_quoted, mut last_line) = (0, 0.0_f64, 0, 0);
    while let Some(batch) = reader.next_batch(10_000).unwrap_or_else(|e| panic!("{e}")) {
        let SignalBatch::ArtistPlays(records) = batch else { panic!("an artist-plays batch") };
        for r in &records {
            if rows == 0 {
                assert_eq!((r.line, r.listener_id.as_str(), r.artist.as_str(), r.plays), (2, "2", names["51"].as_str(), 13_883.0));
            }
            assert_eq!(r.listener_id, plays[rows][0]);
            rows += 1;
            sum += f64::from(r.plays);
            read_quoted += usize::from(r.artist.contains('"'));
            last_line = r.line;
        }
    }
    assert_eq!((rows, last_line), (92_834, 92_835));
    assert_eq!(sum, weight_sum, "every weight is below 2^24, so f32 holds it exactly");
    assert!(quoted > 0);
    assert_eq!(read_quoted, quoted, "names with quotes survive the round trip");
    assert_eq!(progress.read(), progress.total());

    // The file as published has artist ids, not names: it is refused, naming the missing column.
    let raw = repo_file("tests/data/lastfm-hetrec2011/user_artists.dat");
    let e = SignalReader::open(&raw, SignalKind::ArtistPlays).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("artist")));
}
