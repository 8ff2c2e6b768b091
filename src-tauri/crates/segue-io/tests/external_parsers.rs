//! The playlist files Segue writes, checked by tools that are not Segue: the XSPF version 1
//! schema through libxml2's `xmllint`, and GNOME's totem-pl-parser (the parser behind Totem,
//! Rhythmbox and GNOME's file indexer) through Python GObject introspection.
//!
//! The playlist is real: the first 40 tracks of the first playlist of the spotify-songs data set
//! ("Pop Remix"), whose titles have non-ASCII letters, ampersands and apostrophes. The tools are
//! Debian packages (`libxml2-utils`, `python3-gi`, `gir1.2-totemplparser-1.0`, installed by
//! `scripts/setup.sh --test`); when one is missing these tests fail saying which, rather than
//! pass without having checked anything.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

use segue_io::{
    read_playlist_file, track_uri, write_m3u8, write_xspf, DocEntry, PlaylistDoc, Row, TableReader, SEGUE_EXTENSION,
};

/// How many tracks of the real playlist the tests write.
const TRACKS: usize = 40;

/// The root of the repository.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// The first [`TRACKS`] rows of the first playlist of the spotify-songs data set, as Segue would
/// export them (with a per-track extension, as segments' variants have).
fn real_playlist() -> PlaylistDoc {
    let path = root().join("demo/spotify_songs.csv.gz");
    let mut table = TableReader::open(&path).unwrap_or_else(|e| panic!("the spotify-songs data set is needed: {e}"));
    let column =
        |name: &str| table.columns().iter().position(|c| c == name).unwrap_or_else(|| panic!("no {name} column"));
    let [id, title, artist, album, playlist, name, duration] =
        ["track_id", "track_name", "track_artist", "track_album_name", "playlist_id", "playlist_name", "duration_ms"]
            .map(column);
    let mut row = Row::new();
    let mut doc = PlaylistDoc::default();
    let mut playlist_id = String::new();
    while doc.entries.len() < TRACKS && table.read_row(&mut row).expect("a readable row") {
        if doc.entries.is_empty() {
            playlist_id = row.get(playlist).to_owned();
            doc.title = row.get(name).to_owned();
        } else if row.get(playlist) != playlist_id {
            continue;
        }
        let position = doc.entries.len();
        doc.entries.push(DocEntry {
            track_id: row.get(id).to_owned(),
            title: row.get(title).to_owned(),
            artist: row.get(artist).to_owned(),
            album: row.get(album).to_owned(),
            duration_ms: row.get(duration).parse().expect("a duration in milliseconds"),
            extension: Some(json!({ "position": position, "pinned": position == 0, "reasons": ["tempo", "energy"] })),
        });
    }
    doc.annotation = Some("The first 40 tracks of \"Pop Remix\" <spotify-songs> & more".into());
    doc.creator = Some("Zoë <editor>".into());
    doc.date = Some("2026-11-25T21:00:00Z".into());
    doc.identifier = Some(format!("segue:playlist:test:{playlist_id}"));
    doc.extension = Some(json!({ "segment": 2, "metrics": { "fit": 0.82 }, "uri": SEGUE_EXTENSION }));
    assert_eq!(doc.entries.len(), TRACKS, "{playlist_id} has fewer than {TRACKS} tracks");
    let titles: Vec<&str> = doc.entries.iter().map(|e| e.title.as_str()).collect();
    assert!(titles.iter().any(|t| !t.is_ascii()), "the titles should include non-ASCII text: {titles:?}");
    assert!(titles.iter().any(|t| t.contains('&')) && titles.iter().any(|t| t.contains('\'')), "{titles:?}");
    doc
}

/// A playlist whose text is as awkward as XML gets: markup, `]]>`, control characters, emoji.
fn awkward_playlist() -> PlaylistDoc {
    let entry = |id: &str, title: &str| DocEntry {
        track_id: id.into(),
        title: title.into(),
        artist: "A & B <C> \"D\" 'E'".into(),
        album: "]]> \u{1}\u{1f} \r\n\t🎵".into(),
        duration_ms: 0,
        extension: Some(json!({ "note": "</extension> ]]> \u{0} \r\n" })),
    };
    PlaylistDoc {
        title: "<![CDATA[ x ]]> & &amp;".into(),
        entries: vec![entry("local id/ü?#", "line\nbreak"), entry("x", "\u{ffff}\u{fffe}")],
        ..PlaylistDoc::default()
    }
}

/// Writes `bytes` as `name` in a new temporary folder.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the playlist");
    (dir, path)
}

/// Runs a tool, failing the test with the package to install when the tool is missing.
fn run(command: &mut Command, package: &str) -> Output {
    match command.output() {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!(
                "{:?} is missing: install the Debian package {package} (scripts/setup.sh --test does)",
                command.get_program()
            )
        }
        Err(e) => panic!("{:?} could not run: {e}", command.get_program()),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Validates an XSPF file against the XSPF version 1 RELAX NG schema.
fn assert_schema_valid(path: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xspf-1_0.7.rng");
    let output = run(Command::new("xmllint").arg("--noout").arg("--relaxng").arg(&schema).arg(path), "libxml2-utils");
    assert!(
        output.status.success(),
        "xmllint rejects {}:\n{}{}\n{}",
        path.display(),
        text(&output.stdout),
        text(&output.stderr),
        std::fs::read_to_string(path).unwrap_or_default()
    );
}

/// What totem-pl-parser finds in a playlist file.
fn totem(path: &Path) -> Value {
    let script = root().join("tests/playlist_parsers/parse_with_totem.py");
    let packages = "python3 (with python3-gi and gir1.2-totemplparser-1.0)";
    let output = run(Command::new("/usr/bin/python3").arg(&script).arg(path), packages);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    match output.status.code() {
        Some(0) => {
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("the script printed no JSON ({e}): {stdout}"))
        }
        Some(3) => panic!("{stderr}"),
        _ => panic!("totem-pl-parser could not parse {}: {stdout}{stderr}", path.display()),
    }
}

/// The values of one field of totem-pl-parser's entries.
fn field<'v>(parsed: &'v Value, name: &str) -> Vec<&'v str> {
    parsed["entries"].as_array().expect("entries").iter().map(|e| e[name].as_str().unwrap_or_default()).collect()
}

#[test]
fn xspf_output_is_valid_xspf_version_1() {
    for (name, doc) in [("real.xspf", real_playlist()), ("awkward.xspf", awkward_playlist())] {
        let (_dir, path) = file(name, &write_xspf(&doc));
        assert_schema_valid(&path);
        let read = read_playlist_file(&path).expect("Segue reads what it writes");
        assert_eq!(read.entries.len(), doc.entries.len());
    }
}

#[test]
fn totem_pl_parser_reads_segue_xspf() {
    let doc = real_playlist();
    let (_dir, path) = file("pop-remix.xspf", &write_xspf(&doc));
    let parsed = totem(&path);
    assert_eq!(parsed["count"], json!(TRACKS), "{parsed}");
    assert_eq!(parsed["playlistTitle"], json!(doc.title));
    let expected = |f: fn(&DocEntry) -> String| doc.entries.iter().map(f).collect::<Vec<_>>();
    assert_eq!(field(&parsed, "title"), expected(|e| e.title.clone()));
    assert_eq!(field(&parsed, "author"), expected(|e| e.artist.clone()));
    assert_eq!(field(&parsed, "album"), expected(|e| e.album.clone()));
    assert_eq!(field(&parsed, "uri"), expected(|e| track_uri(&e.track_id)));
    assert_eq!(field(&parsed, "durationMs"), expected(|e| e.duration_ms.to_string()));
}

#[test]
fn totem_pl_parser_reads_segue_m3u8() {
    let doc = real_playlist();
    let (_dir, path) = file("pop-remix.m3u8", &write_m3u8(&doc));
    let parsed = totem(&path);
    assert_eq!(parsed["count"], json!(TRACKS), "{parsed}");
    let titles: Vec<String> = doc.entries.iter().map(|e| format!("{} - {}", e.artist, e.title)).collect();
    assert_eq!(field(&parsed, "title"), titles);
    // M3U has no way to tell a URI from a file name but `://`, so totem-pl-parser takes
    // `spotify:track:...` for a file next to the playlist; the URI is kept whole either way.
    for (uri, entry) in field(&parsed, "uri").into_iter().zip(&doc.entries) {
        assert!(uri.ends_with(&format!("/{}", track_uri(&entry.track_id))), "{uri}");
    }
}
