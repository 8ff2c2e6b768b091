//! Tests of Parquet as a table: every type rendered as text, row numbers, row groups, nulls, and
//! every way a file can be wrong.

use super::*;
use crate::table::{detect_format, TableFormat, TableReader};
use crate::testutil::{gzip, parquet, parquet_with, pq, texts, write, PqValues};
use crate::{CatalogReader, PlaylistReader, ProgressUnit};

fn read_all(path: &std::path::Path) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
    let reader = TableReader::open(path).unwrap();
    assert_eq!(reader.format(), TableFormat::Parquet);
    let columns = reader.columns().to_vec();
    (columns, reader.map(|r| r.unwrap()).collect())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn every_supported_type_renders_as_a_csv_export_would_write_it() {
    let noon = 1_714_564_800_i64; // 2024-05-01T12:00:00Z
    let uuid = (0..16).collect::<Vec<u8>>();
    let columns = [
        pq("OPTIONAL BYTE_ARRAY name (STRING)", texts(&["Ünïcode, \"quoted\"", "", "plain"])),
        pq("OPTIONAL INT32 small", PqValues::Int32(vec![Some(-7), None, Some(0)])),
        pq("REQUIRED INT64 big", PqValues::Int64(vec![Some(9_007_199_254_740_993), Some(-1), Some(0)])),
        pq("OPTIONAL FLOAT f", PqValues::Float(vec![Some(0.1), Some(-2.5), None])),
        pq("OPTIONAL DOUBLE d", PqValues::Double(vec![Some(0.1), Some(1e20), Some(3.0)])),
        pq("OPTIONAL BOOLEAN flag", PqValues::Bool(vec![Some(true), Some(false), None])),
        pq("OPTIONAL INT64 ms (TIMESTAMP(MILLIS,true))", PqValues::Int64(vec![Some(noon * 1000 + 999), Some(-1), None])),
        pq("OPTIONAL INT64 us (TIMESTAMP(MICROS,false))", PqValues::Int64(vec![Some(noon * 1_000_000), None, Some(0)])),
        pq("OPTIONAL INT64 ns (TIMESTAMP(NANOS,true))", PqValues::Int64(vec![Some(noon * 1_000_000_000 + 5), None, None])),
        pq("OPTIONAL INT32 day (DATE)", PqValues::Int32(vec![Some(19_844), Some(-1), Some(0)])),
        pq("OPTIONAL INT32 price (DECIMAL(9,2))", PqValues::Int32(vec![Some(12_345), Some(-5), None])),
        pq("OPTIONAL INT32 unsigned (INTEGER(32,false))", PqValues::Int32(vec![Some(-1), Some(1), None])),
        pq("OPTIONAL FIXED_LEN_BYTE_ARRAY (16) id (UUID)", PqValues::Fixed(vec![Some(uuid), None, None])),
        pq("OPTIONAL BYTE_ARRAY raw", PqValues::Bytes(vec![Some(b"bytes".to_vec()), None, None])),
    ];
    let (_d, path) = write("types.parquet", &parquet(&columns, 2));
    let (names, rows) = read_all(&path);
    assert_eq!(
        names,
        strings(&["name", "small", "big", "f", "d", "flag", "ms", "us", "ns", "day", "price", "unsigned", "id", "raw"])
    );
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3]);
    let noon = noon.to_string();
    let uuid = "00010203-0405-0607-0809-0a0b0c0d0e0f";
    assert_eq!(
        rows[0].1,
        strings(&[
            "Ünïcode, \"quoted\"", "-7", "9007199254740993", "0.1", "0.1", "true", &noon, &noon, &noon, "2024-05-01",
            "123.45", "4294967295", uuid, "bytes"
        ])
    );
    assert_eq!(
        rows[1].1,
        strings(&["", "", "-1", "-2.5", "100000000000000000000", "false", "-1", "", "", "1969-12-31", "-0.05", "1", "", ""])
    );
    assert_eq!(rows[2].1, strings(&["plain", "0", "0", "", "3", "", "", "0", "", "1970-01-01", "", "", "", ""]));
}

#[test]
fn parquet_is_told_by_content_whatever_the_name() {
    let bytes = parquet(&[pq("OPTIONAL BYTE_ARRAY a (STRING)", texts(&["x"]))], 10);
    for name in ["data.parquet", "data.csv", "data"] {
        let (_d, path) = write(name, &bytes);
        assert_eq!(detect_format(&path).unwrap(), TableFormat::Parquet, "{name}");
        assert_eq!(read_all(&path).1, [(1, strings(&["x"]))], "{name}");
    }
    assert_eq!(detect_format(std::path::Path::new("missing.PQ")).unwrap(), TableFormat::Parquet);
}

#[test]
fn snappy_gzip_lz4_and_plain_files_read_and_zstd_is_refused_by_name() {
    use parquet::basic::{Compression, GzipLevel};
    let columns = [pq("OPTIONAL BYTE_ARRAY zcol (STRING)", texts(&["some text", "more text", ""]))];
    for codec in [Compression::UNCOMPRESSED, Compression::SNAPPY, Compression::GZIP(GzipLevel::default()), Compression::LZ4_RAW] {
        let (_d, path) = write("c.parquet", &parquet_with(&columns, 2, codec));
        assert_eq!(read_all(&path).1.len(), 3, "{codec:?}");
    }
    // This build cannot write zstd either, so a plain file's footer is patched to say zstd: the
    // column's codec (Thrift compact, field 4, i32) follows its path, 0 for none, zigzag 6 for zstd.
    let mut bytes = parquet_with(&columns, 2, Compression::UNCOMPRESSED);
    let pattern = b"zcol\x15\x00";
    let at: Vec<usize> = (0..bytes.len() - pattern.len()).filter(|&i| &bytes[i..i + pattern.len()] == pattern).collect();
    assert!(!at.is_empty(), "the codec field follows the column path");
    for i in at {
        bytes[i + pattern.len() - 1] = 0x0c;
    }
    let (_d, path) = write("z.parquet", &bytes);
    let e = TableReader::open(&path).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (None, Some("zcol")));
    assert_eq!(e.message, "the file is compressed with zstd, which Segue does not read; save it with snappy, gzip, lz4 or no compression");
}

#[test]
fn a_file_that_is_not_parquet_is_named_as_such() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("empty.parquet", Vec::new(), "the file is empty"),
        ("text.parquet", b"a,b\n1,2\n".to_vec(), "the file is not Parquet (it does not start with PAR1)"),
        ("packed.parquet.gz", gzip(&parquet(&[pq("OPTIONAL INT32 a", PqValues::Int32(vec![Some(1)]))], 5)), "gzip"),
        ("cut.parquet", b"PAR1 and then nothing".to_vec(), "the Parquet data is corrupt or truncated"),
    ];
    for (name, bytes, message) in cases {
        let (_d, path) = write(name, &bytes);
        let e = TableReader::open(&path).unwrap_err();
        assert_eq!((e.file.as_path(), e.line, e.field.as_deref()), (path.as_path(), None, None), "{name}");
        assert!(e.message.contains(message), "{name}: {}", e.message);
    }
}

#[test]
fn a_truncated_or_damaged_file_is_an_error_naming_the_file() {
    let values: Vec<Option<i64>> = (0..5000).map(Some).collect();
    let bytes = parquet(&[pq("OPTIONAL INT64 n", PqValues::Int64(values))], 1000);
    let (_d, path) = write("cut.parquet", &bytes[..bytes.len() - 20]);
    let e = TableReader::open(&path).unwrap_err();
    assert!(e.message.starts_with("the Parquet data is corrupt or truncated"), "{}", e.message);

    // Damage inside the data pages leaves the footer readable: the error comes while reading.
    let mut damaged = bytes.clone();
    for b in &mut damaged[4..200] {
        *b ^= 0x5a;
    }
    let (_d, path) = write("damaged.parquet", &damaged);
    let errors: Vec<ImportError> = TableReader::open(&path).unwrap().filter_map(|r| r.err()).collect();
    assert_eq!(errors.len(), 1, "one error, then the table ends: {errors:?}");
    assert_eq!((errors[0].line, errors[0].field.as_deref()), (None, Some("n")));
    assert!(errors[0].message.contains("row group 1 is corrupt or truncated"), "{}", errors[0].message);
}

#[test]
fn invalid_utf8_text_is_an_error_on_its_row_and_reading_goes_on() {
    let raw = PqValues::Bytes(vec![Some(b"ok".to_vec()), Some(vec![b'a', 0xff]), Some(b"fine".to_vec())]);
    let columns = [pq("OPTIONAL INT32 n", PqValues::Int32(vec![Some(1), Some(2), Some(3)])), pq("OPTIONAL BYTE_ARRAY name", raw)];
    let (_d, path) = write("t.parquet", &parquet(&columns, 10));
    let results: Vec<_> = TableReader::open(&path).unwrap().collect();
    assert_eq!(results.len(), 3);
    let e = results[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.unit, e.field.as_deref()), (Some(2), LineUnit::Row, Some("name")));
    assert_eq!(e.to_string(), format!("{}, row 2, field name: the value is not valid UTF-8 text (at byte 2)", path.display()));
    assert_eq!(results[2].as_ref().unwrap(), &(3, strings(&["3", "fine"])));

    // Several bad values on one row make one error, for the first of them; later rows have theirs.
    let bad = |rows: [bool; 4]| PqValues::Bytes(rows.iter().map(|&b| Some(if b { vec![0xc3] } else { b"x".to_vec() })).collect());
    let columns = [pq("OPTIONAL BYTE_ARRAY a", bad([false, true, false, true])), pq("OPTIONAL BYTE_ARRAY b", bad([false, true, true, false]))];
    let (_d, path) = write("t.parquet", &parquet(&columns, 10));
    let outcome: Vec<(u64, Option<String>)> = TableReader::open(&path)
        .unwrap()
        .map(|r| match r {
            Ok((row, _)) => (row, None),
            Err(e) => (e.line.unwrap(), e.field),
        })
        .collect();
    assert_eq!(outcome, [(1, None), (2, Some("a".into())), (3, Some("b".into())), (4, Some("a".into()))]);
}

#[test]
fn nested_repeated_and_unreadable_columns_are_refused_by_name() {
    let nested = "OPTIONAL group info { OPTIONAL INT32 x; }";
    let cases = [
        ("REPEATED INT32 tags", "repeated values"),
        ("OPTIONAL FIXED_LEN_BYTE_ARRAY (2) half (FLOAT16)", "16-bit floats"),
    ];
    for (decl, what) in cases {
        let values = if decl.contains("FLOAT16") { PqValues::Fixed(vec![Some(vec![0, 0])]) } else { PqValues::Int32(vec![Some(1)]) };
        let columns = [pq("OPTIONAL INT32 ok", PqValues::Int32(vec![Some(1)])), pq(decl, values)];
        let (_d, path) = write("t.parquet", &parquet(&columns, 10));
        let e = TableReader::open(&path).unwrap_err();
        assert_eq!(e.line, None);
        assert!(e.message.contains(what), "{decl}: {}", e.message);
        assert_eq!(e.field.as_deref(), Some(decl.split_whitespace().nth(if decl.contains("(2)") { 3 } else { 2 }).unwrap()));
    }
    // A group cannot be written with the test helper's flat columns; its leaf is written instead.
    let columns = [pq(nested, PqValues::Int32(vec![None]))];
    let (_d, path) = write("t.parquet", &parquet(&columns, 10));
    let e = TableReader::open(&path).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("info"));
    assert!(e.message.contains("nested values"), "{}", e.message);
}

#[test]
fn rows_stream_across_row_groups_and_batches_with_progress_in_rows() {
    let n = 10_000;
    let columns = [
        pq("REQUIRED INT64 n", PqValues::Int64((0..n).map(Some).collect())),
        pq("OPTIONAL BYTE_ARRAY s (STRING)", PqValues::Text((0..n).map(|i| (i % 3 != 0).then(|| format!("v{i}"))).collect())),
    ];
    let (_d, path) = write("big.parquet", &parquet(&columns, 3000));
    let mut reader = TableReader::open(&path).unwrap();
    let progress = reader.progress_handle();
    assert_eq!((progress.total(), progress.read(), progress.unit()), (n as u64, 0, ProgressUnit::Rows));
    let mut row = crate::table::Row::new();
    let mut count = 0;
    while reader.read_row(&mut row).unwrap() {
        count += 1;
        assert_eq!(row.line(), count);
        assert_eq!(row.get(0), (count - 1).to_string());
        let want = if (count - 1) % 3 == 0 { String::new() } else { format!("v{}", count - 1) };
        assert_eq!(row.get(1), want);
    }
    assert_eq!(count, n as u64);
    assert_eq!(progress.read(), progress.total());
}

#[test]
fn catalogue_and_playlist_readers_read_parquet_and_name_rows() {
    let columns = [
        pq("OPTIONAL BYTE_ARRAY track_id (STRING)", texts(&["t1", "t2"])),
        pq("OPTIONAL BYTE_ARRAY track_name (STRING)", texts(&["One", "Two"])),
        pq("OPTIONAL BYTE_ARRAY track_artist (STRING)", texts(&["A", "B"])),
        pq("OPTIONAL INT64 duration_ms", PqValues::Int64(vec![Some(200_000), Some(-3)])),
        pq("OPTIONAL DOUBLE energy", PqValues::Double(vec![Some(0.5), Some(0.25)])),
        pq("OPTIONAL BOOLEAN explicit", PqValues::Bool(vec![Some(true), None])),
        pq("OPTIONAL INT32 track_album_release_date (DATE)", PqValues::Int32(vec![Some(19_844), None])),
    ];
    let (_d, path) = write("catalogue.parquet", &parquet(&columns, 10));
    let preview = crate::preview_catalog(&path).unwrap();
    assert_eq!(preview.format, TableFormat::Parquet);
    assert!(preview.missing_required.is_empty());
    let rows: Vec<_> = CatalogReader::open(&path, &preview.mapping).unwrap().collect();
    let first = rows[0].as_ref().unwrap();
    assert_eq!((first.line, first.track.duration_ms, first.track.explicit), (1, 200_000, Some(true)));
    assert_eq!(first.track.release_date.as_deref(), Some("2024-05-01"));
    let e = rows[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.unit, e.field.as_deref()), (Some(2), LineUnit::Row, Some("duration_ms")));

    let mut mapping = preview.mapping.clone();
    mapping.bind("duration_ms", "nope").unwrap();
    let e = CatalogReader::open(&path, &mapping).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (None, Some("nope")));

    let e = PlaylistReader::open(&path).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (None, Some("playlist_id")));
}

#[test]
fn decimals_keep_their_scale_and_sign() {
    let text = |unscaled: i128, scale: u32| {
        let mut out = String::new();
        decimal(&mut out, unscaled, scale).unwrap();
        out
    };
    assert_eq!(text(12345, 2), "123.45");
    assert_eq!(text(-5, 3), "-0.005");
    assert_eq!(text(7, 0), "7");
    assert_eq!(text(-120, 1), "-12.0");
    let mut out = String::new();
    bytes(&mut out, &[0xff, 0x85], Render::Decimal(1)).unwrap(); // -123
    assert_eq!(out, "-12.3");
}

#[test]
fn files_that_made_the_parquet_crate_panic_are_errors() {
    // Inputs the fuzz target found (tests/fixtures/fuzz): the crate asserted on them.
    let found: [(&str, &[u8], &str); 2] = [
        (
            "negative column offset",
            include_bytes!("../../../tests/fixtures/fuzz/parquet-negative-column-offset.parquet"),
            "column start and length should not be negative",
        ),
        (
            "page without dictionary",
            include_bytes!("../../../tests/fixtures/fuzz/parquet-page-without-dictionary.parquet"),
            "Decoder for dict should have been set",
        ),
    ];
    for (what, bytes, panic) in found {
        let (_d, path) = write("found.parquet", bytes);
        let errors: Vec<ImportError> = match TableReader::open(&path) {
            Ok(reader) => reader.filter_map(|r| r.err()).collect(),
            Err(e) => vec![e],
        };
        let fatal = errors.iter().find(|e| e.message.contains(panic)).unwrap_or_else(|| panic!("{what}: {errors:?}"));
        assert!(fatal.message.contains("is corrupt or truncated"), "{what}: {}", fatal.message);
    }
}

/// Open: two inputs the fuzz soak stopped as hung (over 20 s each; unoptimized, about 8 minutes)
/// before the reader ends them with a "corrupt or truncated" error. Where the time goes inside
/// the parquet crate is not yet known; RELIABILITY.md tracks it. Run with `--ignored`.
#[test]
#[ignore = "open problem: minutes per file (RELIABILITY.md)"]
fn files_the_soak_found_slow_end_with_an_error() {
    for bytes in [
        &include_bytes!("../../../tests/fixtures/fuzz/parquet-slow-1.parquet")[..],
        &include_bytes!("../../../tests/fixtures/fuzz/parquet-slow-2.parquet")[..],
    ] {
        let (_d, path) = write("slow.parquet", bytes);
        let errors: Vec<ImportError> = match TableReader::open(&path) {
            Ok(reader) => reader.filter_map(|r| r.err()).collect(),
            Err(e) => vec![e],
        };
        assert!(!errors.is_empty());
    }
}
