//! The catalogue importer against the real spotify-songs file, blemishes and all.

use std::collections::HashSet;
use std::path::PathBuf;

use segue_io::{preview_catalog, CatalogReader, CatalogRow, TableFormat};

fn spotify_songs() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../../shared/data/spotify-songs/spotify_songs.csv.gz");
    assert!(
        path.is_file(),
        "the real catalogue {} is missing; it ships with the shared data and these tests need it",
        path.display()
    );
    path
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
