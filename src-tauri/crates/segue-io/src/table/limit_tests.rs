//! Tests of the table readers' limits: each at the limit and one past it, on small limits so no
//! test allocates more than a few megabytes, and the defaults against real-sized abuse.

use super::*;
use crate::testutil::{gzip, write};

/// Small limits: records of 64 bytes, values of 8, 4 columns, 1,000 bytes inflated.
const SMALL: TableLimits = TableLimits { record: 64, field: 8, columns: 4, inflated: 1000 };

/// Every row of a file read under `limits`, or the first error (at opening or on a row).
fn read_under(name: &str, bytes: &[u8], limits: TableLimits) -> Result<Vec<Vec<String>>> {
    let (_d, path) = write(name, bytes);
    TableReader::open_limited(&path, None, limits)?.map(|r| r.map(|(_, values)| values)).collect()
}

/// A line of `n` bytes, its `\n` included: `a,` then `x`s.
fn line_of(n: usize) -> String {
    format!("a,{}\n", "x".repeat(n - 3))
}

#[test]
fn a_csv_record_may_hold_the_limit_and_not_one_byte_more() {
    let limits = TableLimits { field: 64, ..SMALL };
    for (name, sep) in [("r.csv", ","), ("r.tsv", "\t")] {
        let header = "id,v\n".replace(',', sep);
        let at = format!("{header}{}", line_of(64).replace(',', sep));
        assert_eq!(read_under(name, at.as_bytes(), limits).unwrap().len(), 1, "{name}");
        let past = format!("{header}{}b,c\n", line_of(65).replace(',', sep));
        let e = read_under(name, past.as_bytes(), limits).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), None), "{name}");
        assert!(e.message.starts_with("this line is longer than 64 bytes, the most one row may hold"), "{}", e.message);
    }
    // A header is a record too.
    let e = read_under("h.csv", format!("{}1,2\n", line_of(65)).as_bytes(), limits).unwrap_err();
    assert_eq!(e.line, Some(1));
    // A quoted value with line breaks counts all its lines, and the error names the first.
    let text = format!("id,v\n1,ok\n2,\"{}\n{}\"\n", "x".repeat(30), "y".repeat(30));
    let e = read_under("q.csv", text.as_bytes(), limits).unwrap_err();
    assert_eq!(e.line, Some(3));
}

#[test]
fn an_endless_line_stops_the_read_without_being_held_in_memory() {
    // Far longer than the parser's buffer, so the tap refuses it mid-record.
    let text = format!("id,v\n1,{}\n", "x".repeat(1 << 20));
    let e = read_under("long.csv", text.as_bytes(), TableLimits { field: 1 << 21, ..SMALL }).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.starts_with("this line is longer than 64 bytes"), "{}", e.message);
    // The defaults: a gzip file of one 4 MiB line fails on line 1, as a 3 GB one would.
    let bomb = gzip(&vec![b'x'; 4 << 20]);
    let (_d, path) = write("bomb.csv.gz", &bomb);
    for format in [TableFormat::Csv, TableFormat::JsonLines] {
        let e = TableReader::open_as(&path, format).unwrap_err();
        assert_eq!((e.line, e.file.as_path()), (Some(1), path.as_path()), "{format:?}");
        assert!(e.message.starts_with("this line is longer than 1 MiB"), "{}", e.message);
    }
}

#[test]
fn a_json_line_may_hold_the_limit_and_not_one_byte_more() {
    let limits = TableLimits { field: 64, ..SMALL };
    let object = |n: usize| format!("{{\"v\": \"{}\"}}\n", "x".repeat(n - 10));
    assert_eq!(object(64).len(), 64);
    let at = format!("{}{}", object(20), object(64));
    assert_eq!(read_under("j.jsonl", at.as_bytes(), limits).unwrap().len(), 2);
    let past = format!("{}{}{}", object(20), object(65), object(20));
    let e = read_under("j.jsonl", past.as_bytes(), limits).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.starts_with("this line is longer than 64 bytes"), "{}", e.message);
    // The last line, without a line end, may hold the limit.
    let last = format!("{}{}", object(20), object(65).trim_end());
    assert_eq!(read_under("j.jsonl", last.as_bytes(), limits).unwrap().len(), 2);
}

#[test]
fn a_value_may_hold_the_limit_and_not_one_byte_more_and_reading_goes_on() {
    for (name, text, line) in [
        ("f.csv", "id,title\n1,12345678\n2,123456789\n3,ok\n", 3),
        ("f.jsonl", "{\"id\": 1, \"title\": \"12345678\"}\n{\"id\": 2, \"title\": \"123456789\"}\n{\"id\": 3, \"title\": \"ok\"}\n", 2),
    ] {
        let (_d, path) = write(name, text.as_bytes());
        let results: Vec<_> = TableReader::open_limited(&path, None, SMALL).unwrap().collect();
        assert_eq!(results.len(), 3, "{name}");
        assert_eq!(results[0].as_ref().unwrap().1[1], "12345678");
        let e = results[1].as_ref().unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(line), Some("title")), "{name}");
        assert_eq!(e.message, "the value is 9 bytes long; a value may hold at most 8 bytes");
        assert!(results[2].is_ok());
    }
}

#[test]
fn a_header_may_have_the_limit_of_columns_and_not_one_more() {
    assert_eq!(read_under("c.csv", b"a,b,c,d\n1,2,3,4\n", SMALL).unwrap().len(), 1);
    let e = read_under("c.csv", b"a,b,c,d,e\n1,2,3,4,5\n", SMALL).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), None));
    assert_eq!(e.message, "the header has 5 columns; a table may have at most 4");
    let e = read_under("c.jsonl", b"{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1}\n", SMALL).unwrap_err();
    assert_eq!(e.message, "the header has 5 columns; a table may have at most 4");
}

#[test]
fn the_default_column_limit_holds_and_a_wide_header_is_checked_in_linear_time() {
    let header = |n: usize| (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",") + "\n";
    let (_d, path) = write("w.csv", header(MAX_COLUMNS).as_bytes());
    assert_eq!(TableReader::open(&path).unwrap().columns().len(), MAX_COLUMNS);
    let (_d, path) = write("w.csv", header(MAX_COLUMNS + 1).as_bytes());
    let e = TableReader::open(&path).unwrap_err();
    assert_eq!(e.message, format!("the header has {} columns; a table may have at most {MAX_COLUMNS}", MAX_COLUMNS + 1));
    // 64k distinct names (20 s when each was compared with every other) and a repeat at the end.
    let limits = TableLimits { columns: usize::MAX, record: usize::MAX, ..TableLimits::default() };
    let wide = header(1 << 16);
    assert_eq!(read_under("w.csv", wide.as_bytes(), limits).unwrap().len(), 0);
    let keys: Vec<String> = (0..1 << 16).map(|i| format!("\"k{i}\": {i}")).collect();
    let object = format!("{{{}, \"K7\": 1}}\n", keys.join(", "));
    let e = read_under("w.jsonl", object.as_bytes(), limits).unwrap_err();
    assert_eq!(e.message, "the column name appears twice in the header (columns 8 and 65537)");
}

#[test]
fn a_control_character_in_a_column_name_is_an_error_not_a_lost_column() {
    for (name, bytes) in [
        ("n.csv", &b"listener_id,track_id,plays\0\nu,t,3\n"[..]),
        ("n.tsv", b"listener_id\ttrack_id\tpl\x1bays\nu\tt\t3\n"),
        ("n.jsonl", b"{\"listener_id\": \"u\", \"track_id\": \"t\", \"plays\\u0000\": 3}\n"),
        ("n.csv", b"listener_id,track_id,\"pla\nys\"\nu,t,3\n"),
    ] {
        let e = read_under(name, bytes, TableLimits::default()).unwrap_err();
        assert_eq!(e.line, Some(1), "{name}");
        let field = e.field.as_deref().unwrap();
        assert!(field.starts_with("pl") && field.contains('\\') && !field.chars().any(char::is_control), "{field}");
        assert_eq!(e.message, "the name of column 3 holds a control character (a NUL, a line break, ...); rename the column");
    }
}

#[test]
fn a_gzip_table_inflates_up_to_its_limit() {
    let text = format!("id,v\n{}", "1,2\n".repeat(249));
    assert_eq!(text.len(), 1001);
    let packed = gzip(text.as_bytes());
    assert_eq!(read_under("z.csv.gz", &packed, TableLimits { inflated: 1001, ..SMALL }).unwrap().len(), 249);
    let e = read_under("z.csv.gz", &packed, SMALL).unwrap_err();
    assert!(e.message.starts_with("the gzip data inflates to more than 1000 bytes"), "{}", e.message);
    assert_eq!(e.line, None);
}
