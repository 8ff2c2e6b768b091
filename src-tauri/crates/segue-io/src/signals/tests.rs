//! Tests of the signal readers: every shape in every format, aliases, timestamps, every bad
//! input with its exact line and field, and streaming a large file in batches.

use super::*;
use crate::error::LineUnit;
use crate::testutil::{gzip, parquet, pq, texts, write, PqColumn, PqValues};

const NOON: i64 = 1_714_564_800; // 2024-05-01T12:00:00Z

fn read(kind: SignalKind, name: &str, bytes: &[u8]) -> Vec<SignalRecord> {
    let (_d, path) = write(name, bytes);
    SignalReader::open(&path, kind).unwrap().map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect()
}

fn open_err(kind: SignalKind, name: &str, bytes: &[u8]) -> ImportError {
    let (_d, path) = write(name, bytes);
    SignalReader::open(&path, kind).unwrap_err()
}

/// (line, field, message) of every error met reading the file to its end.
fn errors(kind: SignalKind, name: &str, bytes: &[u8]) -> Vec<(u64, Option<String>, String)> {
    let (_d, path) = write(name, bytes);
    let reader = SignalReader::open(&path, kind).unwrap();
    reader.filter_map(|r| r.err()).map(|e| (e.line.unwrap(), e.field, e.message)).collect()
}

fn event(line: u64, listener: &str, track: &str, kind: EventKind, timestamp: i64, ms: Option<u32>) -> SignalRecord {
    let (listener_id, track_id) = (listener.to_owned(), track.to_owned());
    SignalRecord::Event(EventRecord { line, listener_id, track_id, kind, timestamp, ms_played: ms })
}

fn aggregate(line: u64, listener: &str, track: &str, plays: f32, skips: f32, saves: f32) -> SignalRecord {
    let (listener_id, track_id) = (listener.to_owned(), track.to_owned());
    SignalRecord::Aggregate(AggregateRecord { line, listener_id, track_id, plays, skips, saves })
}

fn artist(line: u64, listener: &str, artist: &str, plays: f32) -> SignalRecord {
    SignalRecord::ArtistPlays(ArtistPlaysRecord { line, listener_id: listener.into(), artist: artist.into(), plays })
}

/// A kind, a header, rows, and the records they mean.
type Fixture = (SignalKind, Vec<&'static str>, Vec<Vec<&'static str>>, Vec<SignalRecord>);

/// A small table of each kind (record lines counted from the first data row as 1).
fn fixtures() -> Vec<Fixture> {
    use EventKind::*;
    vec![
        (
            SignalKind::Events,
            vec!["listener_id", "track_id", "event", "timestamp", "ms_played"],
            vec![
                vec!["u1", "t1", "play", "1714564800", "185000"],
                vec!["u1", "t2", "SKIP", "2024-05-01T12:00:00Z", ""],
                vec!["u2", "t1", "save", "2024-05-01 14:00:00", ""],
                vec!["u2", "t3", "playlist_add", "2024-05-01", "0"],
            ],
            vec![
                event(1, "u1", "t1", Play, NOON, Some(185_000)),
                event(2, "u1", "t2", Skip, NOON, None),
                event(3, "u2", "t1", Save, NOON + 7200, None),
                event(4, "u2", "t3", PlaylistAdd, NOON - 43_200, Some(0)),
            ],
        ),
        (
            SignalKind::Aggregates,
            vec!["listener_id", "track_id", "plays", "skips", "saves"],
            vec![vec!["u1", "t1", "12", "3", "1"], vec!["u1", "t2", "0.5", "", "0"], vec!["u2", "t1", "7", "0", ""]],
            vec![aggregate(1, "u1", "t1", 12.0, 3.0, 1.0), aggregate(2, "u1", "t2", 0.5, 0.0, 0.0), aggregate(3, "u2", "t1", 7.0, 0.0, 0.0)],
        ),
        (
            SignalKind::ArtistPlays,
            vec!["listener_id", "artist", "plays"],
            vec![vec!["2", "Björk", "13883"], vec!["2", "Sigur Rós, Jónsi", "11690"]],
            vec![artist(1, "2", "Björk", 13_883.0), artist(2, "2", "Sigur Rós, Jónsi", 11_690.0)],
        ),
    ]
}

fn delimited(header: &[&str], rows: &[Vec<&str>], sep: &str) -> String {
    let quote = |v: &str| if sep == "," && v.contains(',') { format!("\"{v}\"") } else { v.to_owned() };
    let mut out = header.join(sep) + "\n";
    for row in rows {
        out += &(row.iter().map(|v| quote(v)).collect::<Vec<_>>().join(sep) + "\n");
    }
    out
}

fn json_lines(header: &[&str], rows: &[Vec<&str>]) -> String {
    let mut out = String::new();
    for row in rows {
        let object: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(row)
            .map(|(k, v)| (k.to_string(), if v.is_empty() { serde_json::Value::Null } else { (*v).into() }))
            .collect();
        out += &(serde_json::Value::Object(object).to_string() + "\n");
    }
    out
}

fn text_parquet(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let columns: Vec<PqColumn> = (0..header.len())
        .map(|c| pq(&format!("OPTIONAL BYTE_ARRAY {} (STRING)", header[c]), texts(&rows.iter().map(|r| r[c]).collect::<Vec<_>>())))
        .collect();
    parquet(&columns, 2)
}

fn shifted(records: &[SignalRecord], by: u64) -> Vec<SignalRecord> {
    records
        .iter()
        .cloned()
        .map(|mut r| {
            match &mut r {
                SignalRecord::Event(e) => e.line += by,
                SignalRecord::Aggregate(a) => a.line += by,
                SignalRecord::ArtistPlays(a) => a.line += by,
            }
            r
        })
        .collect()
}

#[test]
fn every_shape_reads_from_csv_tsv_json_lines_gzip_and_parquet() {
    for (kind, header, rows, want) in fixtures() {
        let csv = delimited(&header, &rows, ",");
        let cases: Vec<(&str, Vec<u8>, u64)> = vec![
            ("s.csv", csv.clone().into_bytes(), 1),
            ("s.tsv", delimited(&header, &rows, "\t").into_bytes(), 1),
            ("s.jsonl", json_lines(&header, &rows).into_bytes(), 0),
            ("s.csv.gz", gzip(csv.as_bytes()), 1),
            ("s.export", gzip(delimited(&header, &rows, "\t").as_bytes()), 1),
            ("s.parquet", text_parquet(&header, &rows), 0),
        ];
        for (name, bytes, header_lines) in cases {
            assert_eq!(read(kind, name, &bytes), shifted(&want, header_lines), "{} {name}", kind.as_str());
        }
    }
}

#[test]
fn typed_parquet_columns_map_to_the_same_fields() {
    let us = |s: i64| Some(s * 1_000_000);
    let events = [
        pq("REQUIRED INT64 user_id", PqValues::Int64(vec![Some(7), Some(8)])),
        pq("OPTIONAL BYTE_ARRAY track_id (STRING)", texts(&["t1", "t2"])),
        pq("OPTIONAL BYTE_ARRAY event (ENUM)", texts(&["play", "skip"])),
        pq("OPTIONAL INT64 played_at (TIMESTAMP(MICROS,true))", PqValues::Int64(vec![us(NOON), Some(NOON * 1_000_000 + 999_999)])),
        pq("OPTIONAL INT32 ms_played", PqValues::Int32(vec![Some(30_000), None])),
    ];
    assert_eq!(
        read(SignalKind::Events, "e.parquet", &parquet(&events, 1)),
        [event(1, "7", "t1", EventKind::Play, NOON, Some(30_000)), event(2, "8", "t2", EventKind::Skip, NOON, None)]
    );
    let aggregates = [
        pq("OPTIONAL BYTE_ARRAY listener_id (STRING)", texts(&["a", "b"])),
        pq("OPTIONAL BYTE_ARRAY track_id (STRING)", texts(&["t", "t"])),
        pq("OPTIONAL INT64 plays", PqValues::Int64(vec![Some(3), Some(0)])),
        pq("OPTIONAL DOUBLE skips", PqValues::Double(vec![Some(1.5), None])),
        pq("OPTIONAL INT32 saves", PqValues::Int32(vec![None, Some(2)])),
    ];
    assert_eq!(
        read(SignalKind::Aggregates, "a.parquet", &parquet(&aggregates, 10)),
        [aggregate(1, "a", "t", 3.0, 1.5, 0.0), aggregate(2, "b", "t", 0.0, 0.0, 2.0)]
    );
    let artists = [
        pq("OPTIONAL INT32 userID", PqValues::Int32(vec![Some(2)])),
        pq("OPTIONAL BYTE_ARRAY name (STRING)", texts(&["MALICE MIZER"])),
        pq("OPTIONAL FLOAT weight", PqValues::Float(vec![Some(13_883.0)])),
    ];
    assert_eq!(read(SignalKind::ArtistPlays, "p.parquet", &parquet(&artists, 10)), [artist(1, "2", "MALICE MIZER", 13_883.0)]);
}

#[test]
fn header_aliases_are_matched_regardless_of_case_spaces_and_dashes() {
    let (_d, path) = write("e.csv", b"userID,Song-ID,Event Type,ts,extra\nu,t,play,0,x\n");
    let reader = SignalReader::open(&path, SignalKind::Events).unwrap();
    assert_eq!(reader.column(SignalField::ListenerId), Some("userID"));
    assert_eq!(reader.column(SignalField::TrackId), Some("Song-ID"));
    assert_eq!(reader.column(SignalField::Event), Some("Event Type"));
    assert_eq!(reader.column(SignalField::Timestamp), Some("ts"));
    assert_eq!(reader.column(SignalField::MsPlayed), None);
    let records: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(records, [event(2, "u", "t", EventKind::Play, 0, None)]);

    for (header, kind) in [
        ("User,Track,Type,Played At,MS_PLAYED", SignalKind::Events),
        ("listener,spotify_track_uri,action,time,msPlayed", SignalKind::Events),
        ("USER_ID,TRACK,PLAYCOUNT,skip_count,save_count", SignalKind::Aggregates),
        ("userid,trackid,listens", SignalKind::Aggregates),
        ("userID,artist_name,weight", SignalKind::ArtistPlays),
        ("user,name,scrobbles", SignalKind::ArtistPlays),
        ("user_id,Artist Name,count", SignalKind::ArtistPlays),
    ] {
        let (_d, path) = write("x.csv", format!("{header}\n").as_bytes());
        let reader = SignalReader::open(&path, kind).unwrap_or_else(|e| panic!("{header}: {e}"));
        for (field, required) in kind.fields() {
            assert!(!required || reader.column(*field).is_some(), "{header}: {field:?}");
        }
    }
    // Spotify's exports write track URIs; the catalogue has bare ids.
    let text = b"user,spotify_track_uri,playcount\nu,spotify:track:4uLU6hMCjMI75M1A2tKUQC,2\nu,spotify:track:,1\n";
    let records = read(SignalKind::Aggregates, "a.csv", text);
    assert_eq!(records, [aggregate(2, "u", "4uLU6hMCjMI75M1A2tKUQC", 2.0, 0.0, 0.0), aggregate(3, "u", "spotify:track:", 1.0, 0.0, 0.0)]);

    // The canonical name wins over an alias, whatever the order.
    let (_d, path) = write("x.csv", b"user,listener_id,artist,plays\n");
    let reader = SignalReader::open(&path, SignalKind::ArtistPlays).unwrap();
    assert_eq!(reader.column(SignalField::ListenerId), Some("listener_id"));
}

#[test]
fn a_missing_required_column_names_the_file_line_1_and_the_column() {
    let e = open_err(SignalKind::Events, "e.csv", b"listener_id,track_id,event,ms_played\nu,t,play,1\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("timestamp")));
    assert!(e.file.ends_with("e.csv"));
    assert_eq!(
        e.message,
        "the file has no timestamp column (nor ts, time, played_at, playedat, …); an events file needs listener_id, track_id, event, timestamp"
    );
    let e = open_err(SignalKind::Aggregates, "a.tsv", b"user\ttrack\tskips\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("plays")));
    let e = open_err(SignalKind::ArtistPlays, "p.jsonl", b"\n{\"userID\": 2, \"artistID\": 51, \"weight\": 13883}\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("artist")));
    let bytes = parquet(&[pq("OPTIONAL BYTE_ARRAY listener_id (STRING)", texts(&["u"]))], 5);
    let e = open_err(SignalKind::ArtistPlays, "p.parquet", &bytes);
    assert_eq!((e.line, e.field.as_deref()), (None, Some("artist")));
}

#[test]
fn every_bad_event_value_names_its_exact_line_and_column() {
    let text = b"userID,track_id,event,timestamp,ms_played
u1,t1,play,1714564800,1000
,t1,play,1714564800,
u1,,play,1714564800,
u1,t1,jump,1714564800,
u1,t1,,1714564800,
u1,t1,play,yesterday,
u1,t1,play,,
u1,t1,play,1714564800,-5
u1,t1,play,1714564800,1.5
u1,\"t1
  spans lines\",play,1714564800,
u1,t1,play,1714564800000,
u1,t1,play,1714564800,1e12
u\xff,t1,play,1714564800,
u1,t1
u1,t9,play,2024-05-01T12:00:00+00:00,NA
";
    let got = errors(SignalKind::Events, "e.csv", text);
    let want: Vec<(u64, Option<&str>, &str)> = vec![
        (3, Some("userID"), "the listener id is empty"),
        (4, Some("track_id"), "the track id is empty"),
        (5, Some("event"), "\"jump\" is not an event; an event is play, skip, save or playlist_add"),
        (6, Some("event"), "the event is empty; it is one of play, skip, save or playlist_add"),
        (7, Some("timestamp"), "\"yesterday\" is not a timestamp: write Unix seconds or a date and time such as 2024-05-01T12:00:00Z, 2024-05-01 12:00:00 or 2024-05-01"),
        (8, Some("timestamp"), "the timestamp is empty"),
        (9, Some("ms_played"), "-5 is negative; a play lasts 0 ms or more"),
        (10, Some("ms_played"), "\"1.5\" is not a whole number of milliseconds"),
        (13, Some("timestamp"), "1714564800000 is too large for Unix seconds (it falls after the year 9999); is it in milliseconds?"),
        (14, Some("ms_played"), "1000000000000 ms is too long for a play"),
        (15, Some("userID"), "the value is not valid UTF-8 text"),
        (16, None, "this row has 2 fields where the header has 5"),
    ];
    let got: Vec<(u64, Option<&str>, &str)> = got.iter().map(|(l, f, m)| (*l, f.as_deref(), m.as_str())).collect();
    assert_eq!(got, want);
    // Reading goes on past every bad row: the good ones are all there, on their lines.
    let (_d, path) = write("e.csv", text);
    let good: Vec<u64> = SignalReader::open(&path, SignalKind::Events).unwrap().filter_map(|r| r.ok()).map(|r| r.line()).collect();
    assert_eq!(good, [2, 11, 17]);
}

#[test]
fn bad_counts_and_names_in_aggregates_and_artist_plays() {
    let text = b"listener_id\ttrack_id\tplays\tskips\tsaves\nu\tt\t-1\t0\t0\nu\tt\tmany\t0\t0\nu\tt\t\t0\t0\nu\tt\t1\t-0.5\t0\nu\tt\t1\t0\tNaN\nu\tt\t1\tinf\t0\nu\tt\t1e308\t0\t0\n";
    let got = errors(SignalKind::Aggregates, "a.tsv", text);
    let got: Vec<(u64, &str, &str)> = got.iter().map(|(l, f, m)| (*l, f.as_deref().unwrap(), m.as_str())).collect();
    assert_eq!(
        got,
        [
            (2, "plays", "-1 is negative; a count is 0 or more"),
            (3, "plays", "\"many\" is not a number"),
            (4, "plays", "the plays count is empty"),
            (5, "skips", "-0.5 is negative; a count is 0 or more"),
            (6, "saves", "\"NaN\" is not a finite number"),
            (7, "skips", "\"inf\" is not a finite number"),
            (8, "plays", "1e308 is too large: numbers are stored as 32-bit floats, at most about 3.4e38"),
        ]
    );
    let text = b"{\"user\": \"u\", \"artist\": \"\", \"plays\": 3}\n{\"user\": \"u\", \"artist\": \"A\", \"plays\": -3}\n{\"user\": \"u\", \"artist\": \"A\", \"plays\": \"3\"}\n";
    let got = errors(SignalKind::ArtistPlays, "p.jsonl", text);
    assert_eq!(
        got,
        [
            (1, Some("artist".to_owned()), "the artist is empty".to_owned()),
            (2, Some("plays".to_owned()), "-3 is negative; a count is 0 or more".to_owned()),
        ]
    );
}

#[test]
fn parquet_errors_say_row_and_name_the_column() {
    let columns = [
        pq("OPTIONAL BYTE_ARRAY listener_id (STRING)", texts(&["u", "u", "u"])),
        pq("OPTIONAL BYTE_ARRAY artist (STRING)", texts(&["A", "B", "C"])),
        pq("OPTIONAL DOUBLE plays", PqValues::Double(vec![Some(1.0), Some(-2.0), None])),
    ];
    let (_d, path) = write("p.parquet", &parquet(&columns, 2));
    let results: Vec<_> = SignalReader::open(&path, SignalKind::ArtistPlays).unwrap().collect();
    assert_eq!(results[0], Ok(artist(1, "u", "A", 1.0)));
    let e = results[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.unit), (Some(2), LineUnit::Row));
    assert_eq!(e.to_string(), format!("{}, row 2, field plays: -2 is negative; a count is 0 or more", path.display()));
    assert_eq!(results[2].as_ref().unwrap_err().message, "the plays count is empty");
}

#[test]
fn empty_unknown_and_header_only_files() {
    let e = open_err(SignalKind::Events, "e.csv", b"");
    assert_eq!((e.line, e.message.as_str()), (None, "the file is empty"));
    let e = open_err(SignalKind::Events, "e.csv.gz", &gzip(b"\n\n"));
    assert_eq!(e.message, "the file is empty");
    let e = open_err(SignalKind::Aggregates, "a.parquet", b"listener_id,track_id,plays\n");
    assert_eq!(e.message, "the file is not Parquet (it does not start with PAR1)");
    let e = open_err(SignalKind::Aggregates, "a.bin", b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00");
    assert_eq!((e.line, e.message.as_str()), (Some(1), "column 1 of the header is not valid UTF-8"));
    let (_d, path) = write("a.csv", b"listener_id,track_id,plays\n");
    let mut reader = SignalReader::open(&path, SignalKind::Aggregates).unwrap();
    assert_eq!(reader.next_batch(10), Ok(None));
    assert!(reader.next().is_none());
}

#[test]
fn a_bad_row_in_a_batch_keeps_the_rows_before_it_for_the_next_batch() {
    let mut text = String::from("listener_id,track_id,plays\n");
    for i in 0..10 {
        text += &format!("u{i},t,{}\n", if i == 4 { "-1" } else { "1" });
    }
    let (_d, path) = write("a.csv", text.as_bytes());
    let mut reader = SignalReader::open(&path, SignalKind::Aggregates).unwrap();
    assert_eq!(reader.next_batch(3).unwrap().map(|b| b.len()), Some(3));
    let e = reader.next_batch(3).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(6), Some("plays")));
    let Some(SignalBatch::Aggregates(rows)) = reader.next_batch(3).unwrap() else { panic!("an aggregates batch") };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [5, 7, 8]);
    // The iterator drains what a batch left, too.
    let e = {
        let (_d2, path) = write("b.csv", b"listener_id,track_id,plays\nu,t,1\nu,t,x\nu,t,2\n");
        let mut reader = SignalReader::open(&path, SignalKind::Aggregates).unwrap();
        let e = reader.next_batch(5).unwrap_err();
        let lines: Vec<u64> = reader.map(|r| r.unwrap().line()).collect();
        assert_eq!(lines, [2, 4]);
        e
    };
    assert_eq!(e.line, Some(3));
    let rest = reader.next_batch(0).unwrap().unwrap();
    assert_eq!((rest.kind(), rest.len()), (SignalKind::Aggregates, 1));
}

#[test]
fn two_hundred_thousand_rows_stream_in_batches_with_progress() {
    let n = 200_000_u64;
    let mut text = String::with_capacity(n as usize * 40);
    text += "listener_id,track_id,event,timestamp,ms_played\n";
    for i in 0..n {
        let kind = ["play", "skip", "save", "playlist_add"][(i % 4) as usize];
        text += &format!("l{},t{},{kind},{},{}\n", i % 997, i % 5003, NOON + i as i64, i % 300_000);
    }
    let (_d, path) = write("big.csv.gz", &gzip(text.as_bytes()));
    drop(text);
    let mut reader = SignalReader::open(&path, SignalKind::Events).unwrap();
    let progress = reader.progress_handle();
    let (mut rows, mut batches, mut last) = (0_u64, 0, 0);
    while let Some(batch) = reader.next_batch(5000).unwrap() {
        let SignalBatch::Events(events) = batch else { panic!("an events batch") };
        assert!(events.len() <= 5000);
        rows += events.len() as u64;
        batches += 1;
        last = events.last().unwrap().line;
        assert_eq!(events.last().unwrap().timestamp, NOON + rows as i64 - 1);
    }
    assert_eq!((rows, batches, last), (n, 40, n + 1));
    assert_eq!(progress.read(), progress.total());

    let values = |f: fn(u64) -> i64| PqValues::Int64((0..n).map(|i| Some(f(i))).collect());
    let columns = [
        pq("REQUIRED INT64 listener_id", values(|i| (i % 997) as i64)),
        pq("REQUIRED INT64 track_id", values(|i| i as i64)),
        pq("REQUIRED INT64 plays", values(|i| (i % 50) as i64)),
    ];
    let (_d, path) = write("big.parquet", &parquet(&columns, 60_000));
    let mut reader = SignalReader::open(&path, SignalKind::Aggregates).unwrap();
    let progress = reader.progress_handle();
    let mut rows = 0;
    while let Some(batch) = reader.next_batch(7000).unwrap() {
        rows += batch.len() as u64;
    }
    assert_eq!((rows, progress.read(), progress.total()), (n, n, n));
}

#[test]
fn kinds_have_one_spelling_for_commands_and_json() {
    for kind in SignalKind::ALL {
        assert_eq!(SignalKind::parse(kind.as_str()), Some(kind));
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
    }
    assert_eq!(SignalKind::parse(" Artist_Plays "), Some(SignalKind::ArtistPlays));
    assert_eq!(SignalKind::parse("scrobbles"), None);
    assert_eq!(SignalField::MsPlayed.name(), "ms_played");
}
