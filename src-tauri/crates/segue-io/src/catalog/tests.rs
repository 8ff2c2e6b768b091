//! Tests of the catalogue importer: mapping, every value check, and format equivalence.

use super::*;
use crate::testutil::{gzip, write};
use segue_core::AudioFeatures;

const HEADER: &str = "track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,\
track_album_release_date,playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,\
loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms";

const GOOD: &str = "6f807x0ima9a1j3VPbc7VN,I Don't Care,Ed Sheeran,66,2oCs0DGTsRO98Gh5ZSl2Cx,I Don't Care (Remix),\
2019-06-14,Pop Remix,37i9dQZF1DXcZDD7cfEKhW,pop,dance pop,0.748,0.916,6,-2.634,1,0.0583,0.102,0,0.0653,0.518,122.036,194754";

/// Columns whose values are text in a JSON lines version of the file.
const TEXT: [&str; 10] = [
    "track_id",
    "track_name",
    "track_artist",
    "track_album_id",
    "track_album_name",
    "track_album_release_date",
    "playlist_name",
    "playlist_id",
    "playlist_genre",
    "playlist_subgenre",
];

fn columns() -> Vec<String> {
    HEADER.split(',').map(str::to_owned).collect()
}

/// The good row with one column's value replaced.
fn good_with(column: &str, value: &str) -> String {
    let i = HEADER.split(',').position(|c| c == column).expect("a spotify column");
    let mut values: Vec<&str> = GOOD.split(',').collect();
    values[i] = value;
    values.join(",")
}

fn csv(rows: &[&str]) -> String {
    std::iter::once(HEADER).chain(rows.iter().copied()).map(|r| format!("{r}\n")).collect()
}

fn read(path: &Path) -> Vec<Result<CatalogRow>> {
    CatalogReader::open(path, &suggest_mapping(&columns())).unwrap().collect()
}

fn expected_track() -> Track {
    Track {
        id: "6f807x0ima9a1j3VPbc7VN".into(),
        title: "I Don't Care".into(),
        artist: "Ed Sheeran".into(),
        album: "I Don't Care (Remix)".into(),
        album_id: Some("2oCs0DGTsRO98Gh5ZSl2Cx".into()),
        release_date: Some("2019-06-14".into()),
        duration_ms: 194_754,
        popularity: Some(66),
        explicit: None,
        genres: vec!["pop".into()],
        subgenres: vec!["dance pop".into()],
        features: AudioFeatures {
            danceability: Some(0.748),
            energy: Some(0.916),
            key: Some(6.0),
            loudness: Some(-2.634),
            mode: Some(1.0),
            speechiness: Some(0.0583),
            acousticness: Some(0.102),
            instrumentalness: Some(0.0),
            liveness: Some(0.0653),
            valence: Some(0.518),
            tempo: Some(122.036),
        },
    }
}

#[test]
fn a_spotify_row_becomes_a_track_and_its_playlist() {
    let (_d, path) = write("s.csv", csv(&[GOOD]).as_bytes());
    let rows: Vec<CatalogRow> = read(&path).into_iter().map(|r| r.unwrap()).collect();
    let playlist = PlaylistRef { id: "37i9dQZF1DXcZDD7cfEKhW".into(), name: "Pop Remix".into() };
    assert_eq!(rows, [CatalogRow { line: 2, track: expected_track(), playlist: Some(playlist) }]);
}

#[test]
fn the_suggestion_binds_every_spotify_column_as_it_is() {
    let mapping = suggest_mapping(&columns());
    // Every field but explicit, which spotify-songs does not carry; each column once.
    let unbound: Vec<CatalogField> = CatalogField::ALL.into_iter().filter(|f| mapping.column(*f).is_none()).collect();
    assert_eq!(unbound, [CatalogField::Explicit]);
    assert_eq!(mapping.bindings.len(), columns().len());
    assert!(mapping.missing_required().is_empty());
    let pairs = [
        (CatalogField::Id, "track_id"),
        (CatalogField::Title, "track_name"),
        (CatalogField::Artist, "track_artist"),
        (CatalogField::Album, "track_album_name"),
        (CatalogField::AlbumId, "track_album_id"),
        (CatalogField::ReleaseDate, "track_album_release_date"),
        (CatalogField::Popularity, "track_popularity"),
        (CatalogField::Genre, "playlist_genre"),
        (CatalogField::Subgenre, "playlist_subgenre"),
        (CatalogField::PlaylistId, "playlist_id"),
        (CatalogField::PlaylistName, "playlist_name"),
        (CatalogField::DurationMs, "duration_ms"),
        (CatalogField::Tempo, "tempo"),
    ];
    for (field, column) in pairs {
        assert_eq!(mapping.column(field), Some(column), "{field:?}");
    }
}

#[test]
fn the_suggestion_understands_aliases_in_any_case_but_not_isrc() {
    let cols: Vec<String> = ["ISRC", "ID", "Name", "Artists", "Album Name", "Year", "Duration", "Genre", "BPM", "Explicit", "Mood"]
        .map(String::from)
        .to_vec();
    let mapping = suggest_mapping(&cols);
    let bound: Vec<(CatalogField, &str)> = mapping.bindings.iter().map(|b| (b.field, b.column.as_str())).collect();
    assert_eq!(
        bound,
        [
            (CatalogField::Id, "ID"),
            (CatalogField::Title, "Name"),
            (CatalogField::Artist, "Artists"),
            (CatalogField::Album, "Album Name"),
            (CatalogField::ReleaseDate, "Year"),
            (CatalogField::DurationMs, "Duration"),
            (CatalogField::Explicit, "Explicit"),
            (CatalogField::Genre, "Genre"),
            (CatalogField::Tempo, "BPM"),
        ]
    );
    let only_isrc = suggest_mapping(&["isrc".into(), "title".into(), "artist".into(), "duration_ms".into()]);
    assert_eq!(only_isrc.missing_required(), [CatalogField::Id]);
}

#[test]
fn a_bad_mapping_fails_on_the_header_line_before_any_row() {
    let (_d, path) = write("m.csv", csv(&[GOOD]).as_bytes());
    let mut mapping = suggest_mapping(&columns());
    mapping.bindings.retain(|b| b.field != CatalogField::DurationMs);
    let e = CatalogReader::open(&path, &mapping).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("Duration (ms)")));
    assert_eq!(e.message, "no column is mapped to Duration (ms), which every track needs");

    mapping.bindings.push(ColumnBinding { field: CatalogField::DurationMs, column: "length".into() });
    let e = CatalogReader::open(&path, &mapping).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("length")));

    mapping.bindings.pop();
    mapping.bindings.push(ColumnBinding { field: CatalogField::Energy, column: "valence".into() });
    let e = CatalogReader::open(&path, &mapping).unwrap_err();
    assert_eq!((e.line, e.field.as_deref(), e.message.as_str()), (Some(1), Some("Energy"), "Energy is mapped to more than one column"));

    let without_id = csv(&[GOOD]).replacen("track_id", "isrc", 1);
    let (_d, path) = write("n.csv", without_id.as_bytes());
    let e = CatalogReader::open(&path, &suggest_mapping(&preview_catalog(&path).unwrap().columns)).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("Track id")));
}

#[test]
fn every_bad_value_names_its_line_and_column_and_reading_goes_on() {
    let range = "it must be more than 0 and less than 24 hours";
    let cases = [
        ("energy", "abc", "\"abc\" is not a number".to_string()),
        ("energy", "1.7", "1.7 is outside the valid range 0 to 1".into()),
        ("key", "3.5", "3.5 is not a whole number".into()),
        ("loudness", "-61", "-61 is outside the valid range -60 to 5".into()),
        ("tempo", "NaN", "\"NaN\" is not a finite number".into()),
        ("tempo", "inf", "\"inf\" is not a finite number".into()),
        ("loudness", "1e308", "1e308 is too large: numbers are stored as 32-bit floats, at most about 3.4e38".into()),
        ("energy", "-1e39", "-1e39 is too large: numbers are stored as 32-bit floats, at most about 3.4e38".into()),
        ("duration_ms", "3:14", "\"3:14\" is not a whole number of milliseconds".into()),
        ("duration_ms", "194754.5", "\"194754.5\" is not a whole number of milliseconds".into()),
        ("duration_ms", "0", format!("0 ms is not a track length: {range}")),
        ("duration_ms", "86400000", format!("86400000 ms is not a track length: {range}")),
        ("duration_ms", " ", "the duration is empty".into()),
        ("track_popularity", "101", "101 is outside the valid range 0 to 100".into()),
        ("track_popularity", "-1", "-1 is outside the valid range 0 to 100".into()),
        ("track_popularity", "high", "\"high\" is not a whole number".into()),
        ("track_album_release_date", "2019-13-01", "\"2019-13-01\" is not a date written YYYY, YYYY-MM or YYYY-MM-DD".into()),
        ("track_album_release_date", "14/06/2019", "\"14/06/2019\" is not a date written YYYY, YYYY-MM or YYYY-MM-DD".into()),
        ("track_id", "", "the track id is empty".into()),
        ("track_id", "NA", "the track id is empty".into()),
    ];
    for (column, value, message) in cases {
        let bad = good_with(column, value);
        let (_d, path) = write("v.csv", csv(&[GOOD, &bad, GOOD]).as_bytes());
        let results = read(&path);
        assert_eq!(results.len(), 3, "{column}={value}");
        let e = results[1].as_ref().unwrap_err();
        assert_eq!((e.line, e.field.as_deref(), &e.message), (Some(3), Some(column), &message), "{column}={value}");
        assert_eq!(e.file, path);
        assert_eq!(results[2].as_ref().unwrap().line, 4);
    }
}

#[test]
fn lenient_values_are_read_as_meant() {
    let rows = [
        good_with("duration_ms", "194754.0"),
        good_with("track_popularity", ""),
        good_with("energy", " "),
        good_with("track_name", "NA"),
        good_with("track_artist", "  Ed Sheeran  "),
        good_with("playlist_genre", ""),
        good_with("track_album_release_date", "2019"),
        good_with("playlist_id", ""),
    ];
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (_d, path) = write("l.csv", csv(&refs).as_bytes());
    let tracks: Vec<CatalogRow> = read(&path).into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(tracks[0].track.duration_ms, 194_754);
    assert_eq!(tracks[1].track.popularity, None);
    assert_eq!(tracks[2].track.features.energy, None);
    assert_eq!(tracks[3].track.title, "");
    assert_eq!(tracks[4].track.artist, "Ed Sheeran");
    assert!(tracks[5].track.genres.is_empty());
    assert_eq!(tracks[6].track.release_year(), Some(2019));
    assert_eq!(tracks[7].playlist, None);
}

#[test]
fn explicit_takes_words_and_digits() {
    let text = "id,title,artist,duration_ms,explicit\na,t,x,1000,TRUE\nb,t,x,1000,0\nc,t,x,1000,yes\nd,t,x,1000,\ne,t,x,1000,maybe\n";
    let (_d, path) = write("e.csv", text.as_bytes());
    let reader = CatalogReader::open(&path, &suggest_mapping(&preview_catalog(&path).unwrap().columns)).unwrap();
    let results: Vec<_> = reader.collect();
    let values: Vec<Option<bool>> = results[..4].iter().map(|r| r.as_ref().unwrap().track.explicit).collect();
    assert_eq!(values, [Some(true), Some(false), Some(true), None]);
    let e = results[4].as_ref().unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(6), Some("explicit")));
    assert_eq!(e.message, "\"maybe\" is not one of true, false, 1, 0, yes, no");
}

#[test]
fn structural_errors_reach_the_catalogue_reader_with_line_and_field() {
    let short = GOOD.rsplit_once(',').unwrap().0;
    let (_d, path) = write("f.csv", csv(&[GOOD, short]).as_bytes());
    let e = read(&path).remove(1).unwrap_err();
    assert_eq!((e.line, e.field), (Some(3), None));
    assert_eq!(e.message, "this row has 22 fields where the header has 23");

    // "Café" in Latin-1, as old exports write it: 0xE9 alone is not UTF-8.
    let mut bytes = csv(&[GOOD, &good_with("track_name", "Caf@")]).into_bytes();
    let at = bytes.iter().position(|&b| b == b'@').unwrap();
    bytes[at] = 0xe9;
    let (_d, path) = write("u.csv", &bytes);
    let e = read(&path).remove(1).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("track_name")));

    for (name, bytes) in [("empty.csv", Vec::new()), ("dup.csv", b"track_id,title,Track_ID\n".to_vec())] {
        let (_d, path) = write(name, &bytes);
        let e = CatalogReader::open(&path, &suggest_mapping(&columns())).unwrap_err();
        assert_eq!(e.file, path);
        assert!(e.line.is_none() || e.line == Some(1));
    }
}

#[test]
fn a_broken_gzip_catalogue_is_an_error_naming_the_file() {
    let packed = gzip(csv(&[GOOD; 200]).as_bytes());
    let (_d, path) = write("cut.csv.gz", &packed[..packed.len() - 30]);
    let errors: Vec<ImportError> = read(&path).into_iter().filter_map(|r| r.err()).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((&errors[0].file, errors[0].line), (&path, None));
}

/// The same rows as JSON lines: text quoted, numbers as written, a null for an empty value.
fn as_json_lines(rows: &[&str]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = HEADER
            .split(',')
            .zip(row.split(','))
            .map(|(column, value)| {
                let value = match value {
                    "" => "null".to_string(),
                    v if TEXT.contains(&column) => serde_json::to_string(v).unwrap(),
                    v => v.to_string(),
                };
                format!("\"{column}\": {value}")
            })
            .collect();
        out.push_str(&format!("{{{}}}\n", fields.join(", ")));
    }
    out
}

#[test]
fn csv_tsv_json_lines_and_gzip_give_the_same_rows() {
    let second = good_with("track_popularity", "");
    let rows = [GOOD, &second];
    let text = csv(&rows);
    let files = [
        write("c.csv", text.as_bytes()),
        write("c.csv.gz", &gzip(text.as_bytes())),
        write("c.tsv", text.replace(',', "\t").as_bytes()),
        write("c.jsonl", as_json_lines(&rows).as_bytes()),
        write("c.ndjson.gz", &gzip(as_json_lines(&rows).as_bytes())),
    ];
    let read_all = |path: &Path| -> Vec<(u64, Track, Option<PlaylistRef>)> {
        read(path).into_iter().map(|r| r.unwrap()).map(|r| (r.line, r.track, r.playlist)).collect()
    };
    let reference = read_all(&files[0].1);
    assert_eq!(reference.len(), 2);
    assert_eq!(reference[1].1.popularity, None);
    for (_d, path) in &files[1..3] {
        assert_eq!(read_all(path), reference, "{}", path.display());
    }
    // JSON lines has no header line, so each row sits one line higher.
    let shifted: Vec<_> = reference.iter().cloned().map(|(line, t, p)| (line - 1, t, p)).collect();
    for (_d, path) in &files[3..] {
        assert_eq!(read_all(path), shifted, "{}", path.display());
    }
}

#[test]
fn progress_reaches_the_file_size() {
    let packed = gzip(csv(&[GOOD; 500]).as_bytes());
    let (_d, path) = write("p.csv.gz", &packed);
    let mut reader = CatalogReader::open(&path, &suggest_mapping(&columns())).unwrap();
    let progress = reader.progress_handle();
    assert_eq!(reader.by_ref().count(), 500);
    assert_eq!((progress.read(), progress.total()), (packed.len() as u64, packed.len() as u64));
}

#[test]
fn the_preview_shows_twenty_rows_and_the_suggestion() {
    let (_d, path) = write("p.csv", csv(&[GOOD; 25]).as_bytes());
    let preview = preview_catalog(&path).unwrap();
    assert_eq!(preview.format, TableFormat::Csv);
    assert_eq!(preview.columns, columns());
    assert_eq!(preview.rows.len(), 20);
    assert_eq!(preview.rows[0][0], "6f807x0ima9a1j3VPbc7VN");
    assert_eq!(preview.mapping, suggest_mapping(&columns()));
    assert!(preview.missing_required.is_empty());
    let json = serde_json::to_value(&preview).unwrap();
    assert_eq!(json["missingRequired"], serde_json::json!([]));
    assert_eq!(json["mapping"]["bindings"][6], serde_json::json!({"field": "durationMs", "column": "duration_ms"}));
}

#[test]
fn a_mapping_comes_back_from_the_ui_as_json() {
    let json = r#"{"bindings": [{"field": "id", "column": "ID"}, {"field": "albumId", "column": "Album"}]}"#;
    let mapping: ColumnMapping = serde_json::from_str(json).unwrap();
    assert_eq!(mapping.column(CatalogField::AlbumId), Some("Album"));
    assert_eq!(mapping.missing_required(), [CatalogField::Title, CatalogField::Artist, CatalogField::DurationMs]);
}

/// Reads a generated million-row catalogue; run with `cargo test -p segue-io --release -- --ignored
/// --nocapture million` to see the time (budgets live in benchmarks, never in test asserts).
#[test]
#[ignore = "slow in debug builds; a throughput check to run by hand in release"]
fn a_million_rows_stream_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.csv");
    let mut text = String::with_capacity(260_000_000);
    text.push_str(HEADER);
    text.push('\n');
    for i in 0..1_000_000 {
        text.push_str(&good_with("track_id", &format!("id{i:07}")));
        text.push('\n');
    }
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let start = std::time::Instant::now();
    let mut count = 0;
    for row in CatalogReader::open(&path, &suggest_mapping(&columns())).unwrap() {
        row.unwrap();
        count += 1;
    }
    println!("1,000,000 rows in {:?}", start.elapsed());
    assert_eq!(count, 1_000_000);
}

#[test]
fn fields_are_found_by_any_of_their_names() {
    for field in CatalogField::ALL {
        for name in [field.name(), field.label(), field.json_name()] {
            assert_eq!(CatalogField::from_name(name), Some(field), "{name}");
        }
    }
    assert_eq!(CatalogField::from_name("duration_ms"), Some(CatalogField::DurationMs));
    assert_eq!(CatalogField::from_name("ALBUM_ID"), Some(CatalogField::AlbumId));
    assert_eq!(CatalogField::from_name("isrc"), None);
    let json: Vec<String> = CatalogField::ALL.iter().map(|f| serde_json::to_value(f).unwrap().as_str().unwrap().to_owned()).collect();
    let names: Vec<&str> = CatalogField::ALL.iter().map(|f| f.json_name()).collect();
    assert_eq!(json, names);
}

#[test]
fn a_mapping_binds_by_name_and_translates_spotify_names() {
    let mut mapping = suggest_mapping(&["ID".into(), "Song".into(), "Energy Level".into()]);
    assert_eq!(mapping.column_for_name("track_id"), Some("ID"));
    mapping.bind("energy", "Energy Level").unwrap();
    mapping.bind("durationMs", " Length ").unwrap();
    mapping.bind("title", "").unwrap();
    assert_eq!(mapping.column_for_name("energy"), Some("Energy Level"));
    assert_eq!(mapping.column(CatalogField::DurationMs), Some("Length"));
    assert_eq!(mapping.column(CatalogField::Title), None);
    let e = mapping.bind("mood", "x").unwrap_err();
    assert!(e.starts_with("mood is not a catalogue field; the fields are id, title, artist,"), "{e}");
}
