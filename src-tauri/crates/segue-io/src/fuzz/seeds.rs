//! The seeds the fuzz targets mutate: small slices of the repository's real files (the
//! spotify-songs catalogue, HetRec's Last.fm listening), and what Segue's own writers make of
//! them (playlists in every format, a package, Parquet files).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::sync::OnceLock;

use flate2::read::MultiGzDecoder;

use crate::formats::{write_csv, write_jspf, write_m3u8, write_xspf, DocEntry, PlaylistDoc};
use crate::testutil::{parquet, pq, texts, PqValues};

/// Rows of each real file a seed takes: enough for every shape of value, small enough that
/// edits land in the structure as often as in the data.
const ROWS: usize = 12;

/// A file of the repository.
fn repo_file(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../..")).join(name)
}

/// The header and first rows of spotify-songs, as parsed records.
fn spotify() -> &'static Vec<Vec<String>> {
    static ROWS_READ: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    ROWS_READ.get_or_init(|| {
        let file = std::fs::File::open(repo_file("demo/spotify_songs.csv.gz")).expect("the demo catalogue");
        let mut reader = csv::Reader::from_reader(MultiGzDecoder::new(file));
        let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_owned).collect();
        let rows = reader.records().take(ROWS).map(|r| r.expect("a record").iter().map(str::to_owned).collect());
        std::iter::once(header).chain(rows).collect()
    })
}

/// Records as delimited text.
fn delimited(records: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    records.iter().for_each(|r| writer.write_record(r).expect("write to memory"));
    writer.into_inner().expect("write to memory")
}

/// Records (a header first) as JSON lines, every value text but whole numbers.
fn json_lines(records: &[Vec<String>]) -> Vec<u8> {
    let (header, rows) = records.split_first().expect("a header");
    let mut out = Vec::new();
    for row in rows {
        let object: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(row)
            .map(|(k, v)| (k.clone(), v.parse::<i64>().map_or_else(|_| v.clone().into(), Into::into)))
            .collect();
        out.extend(serde_json::to_vec(&object).expect("JSON"));
        out.push(b'\n');
    }
    out
}

/// The catalogue as CSV, TSV or JSON lines.
pub(super) fn catalogue(delimiter: Option<u8>) -> Vec<Vec<u8>> {
    let records = spotify();
    vec![match delimiter {
        Some(d) => delimited(records, d),
        None => json_lines(records),
    }]
}

/// The first rows of Last.fm's `user_artists.dat` (user, artist id, plays), with artist names.
fn lastfm() -> &'static Vec<(String, String, String)> {
    static ROWS_READ: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    ROWS_READ.get_or_init(|| {
        let lines = |name: &str| {
            let file = std::fs::File::open(repo_file(&format!("tests/data/lastfm-hetrec2011/{name}"))).expect(name);
            BufReader::new(file).lines().skip(1).map(|l| l.expect("a line"))
        };
        let plays: Vec<Vec<String>> =
            lines("user_artists.dat").take(ROWS).map(|l| l.split('\t').map(str::to_owned).collect()).collect();
        let wanted: Vec<&str> = plays.iter().map(|p| p[1].as_str()).collect();
        let names: HashMap<String, String> = lines("artists.dat")
            .filter_map(|l| l.split_once('\t').map(|(id, rest)| (id.to_owned(), rest.split('\t').next().unwrap_or("").to_owned())))
            .filter(|(id, _)| wanted.contains(&id.as_str()))
            .collect();
        plays.into_iter().map(|p| (p[0].clone(), names.get(&p[1]).cloned().unwrap_or_default(), p[2].clone())).collect()
    })
}

/// A signal file of each shape from Last.fm's rows, in CSV, TSV and JSON lines.
pub(super) fn signals(kind: crate::SignalKind) -> Vec<Vec<u8>> {
    use crate::SignalKind::*;
    let rows = lastfm();
    let records: Vec<Vec<String>> = match kind {
        Events => std::iter::once(vec!["userID".into(), "track_id".into(), "event".into(), "played_at".into(), "ms_played".into()])
            .chain(rows.iter().enumerate().map(|(i, (user, artist, plays))| {
                let event = ["play", "skip", "save", "playlist_add"][i % 4];
                let at = if i % 2 == 0 { format!("17145{plays}") } else { format!("2024-05-0{}T12:00:00Z", 1 + i % 9) };
                vec![user.clone(), format!("spotify:track:{}", artist.replace(' ', "")), event.into(), at, plays.clone()]
            }))
            .collect(),
        Aggregates => std::iter::once(vec!["userID".into(), "track".into(), "weight".into(), "skips".into(), "saves".into()])
            .chain(rows.iter().map(|(user, artist, plays)| vec![user.clone(), artist.clone(), plays.clone(), "1".into(), "0.5".into()]))
            .collect(),
        ArtistPlays => std::iter::once(vec!["userID".into(), "artist".into(), "weight".into()])
            .chain(rows.iter().map(|(user, artist, plays)| vec![user.clone(), artist.clone(), plays.clone()]))
            .collect(),
    };
    vec![delimited(&records, b','), delimited(&records, b'\t'), json_lines(&records)]
}

/// Parquet files: Last.fm's artist plays, and the catalogue's typed columns.
pub(super) fn parquet_files() -> Vec<Vec<u8>> {
    let rows = lastfm();
    let column = |f: fn(&(String, String, String)) -> &str| rows.iter().map(f).collect::<Vec<&str>>();
    let plays = PqValues::Int64(rows.iter().map(|r| r.2.parse().ok()).collect());
    let artist_plays =
        [pq("OPTIONAL BYTE_ARRAY userID (STRING)", texts(&column(|r| &r.0))), pq("OPTIONAL BYTE_ARRAY artist (STRING)", texts(&column(|r| &r.1))), pq("REQUIRED INT64 weight", plays)];
    let songs = &spotify()[1..];
    let number = |i: usize| PqValues::Double(songs.iter().map(|r| r[i].parse().ok()).collect());
    let catalogue = [
        pq("OPTIONAL BYTE_ARRAY track_id (STRING)", texts(&songs.iter().map(|r| r[0].as_str()).collect::<Vec<_>>())),
        pq("OPTIONAL BYTE_ARRAY track_name (STRING)", texts(&songs.iter().map(|r| r[1].as_str()).collect::<Vec<_>>())),
        pq("OPTIONAL DOUBLE energy", number(12)),
        pq("OPTIONAL INT64 duration_ms", PqValues::Int64(songs.iter().map(|r| r[22].parse().ok()).collect())),
    ];
    vec![parquet(&artist_plays, 5), parquet(&catalogue, 4)]
}

/// A playlist of the catalogue's first rows, as Segue writes playlists.
fn doc() -> PlaylistDoc {
    let entries = spotify()[1..]
        .iter()
        .map(|r| DocEntry {
            track_id: r[0].clone(),
            title: r[1].clone(),
            artist: r[2].clone(),
            album: r[5].clone(),
            duration_ms: r[22].parse().unwrap_or(0),
            extension: Some(serde_json::json!({ "pinned": true, "score": 0.5 })),
        })
        .collect();
    let extension = Some(serde_json::json!({ "segment": 2, "name": "Pop · high energy" }));
    PlaylistDoc { title: spotify()[1][7].clone(), annotation: Some("seed".into()), extension, entries, ..PlaylistDoc::default() }
}

/// The playlist in one format: `jspf`, `xspf`, `m3u8` or `csv`.
pub(super) fn playlist(format: &str) -> Vec<Vec<u8>> {
    let doc = doc();
    vec![match format {
        "jspf" => write_jspf(&doc),
        "xspf" => write_xspf(&doc),
        "m3u8" => write_m3u8(&doc),
        _ => write_csv(&doc, "p1"),
    }]
}

/// A package holding a manifest and the playlist in every format.
pub(super) fn package() -> Vec<Vec<u8>> {
    let doc = doc();
    let manifest = serde_json::json!({ "format": "segue-package", "formatVersion": 1, "seed": { "name": doc.title } });
    let files = vec![
        ("manifest.json".to_owned(), serde_json::to_vec_pretty(&manifest).expect("JSON")),
        ("seed.jspf".to_owned(), write_jspf(&doc)),
        ("seed.xspf".to_owned(), write_xspf(&doc)),
        ("variants/segment-01.m3u8".to_owned(), write_m3u8(&doc)),
        ("variants/segment-01.csv".to_owned(), write_csv(&doc, "p1")),
    ];
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("seed.zip");
    crate::package::write_package(&path, &files, zip::DateTime::default()).expect("a package");
    vec![std::fs::read(path).expect("the package")]
}
