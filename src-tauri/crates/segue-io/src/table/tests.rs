//! Tests of the table readers: formats, line numbers, and every structural error.

use super::*;
use crate::testutil::{gzip, write};

type Rows = Vec<(u64, Vec<String>)>;

fn rows(path: &Path) -> Result<(Vec<String>, Rows)> {
    let reader = TableReader::open(path)?;
    let columns = reader.columns().to_vec();
    Ok((columns, reader.collect::<Result<Rows>>()?))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn open_err(name: &str, bytes: &[u8]) -> ImportError {
    let (_d, path) = write(name, bytes);
    TableReader::open(&path).unwrap_err()
}

/// The errors met reading a file to its end, after a successful open.
fn row_errors(name: &str, bytes: &[u8]) -> Vec<ImportError> {
    let (_d, path) = write(name, bytes);
    TableReader::open(&path).unwrap().filter_map(|r| r.err()).collect()
}

#[test]
fn formats_by_extension_after_gz_and_by_content_otherwise() {
    let cases = [
        ("a.csv", TableFormat::Csv),
        ("a.CSV.gz", TableFormat::Csv),
        ("a.tsv", TableFormat::Tsv),
        ("a.tab.gz", TableFormat::Tsv),
        ("a.dat", TableFormat::Tsv),
        ("a.jsonl", TableFormat::JsonLines),
        ("a.ndjson.gz", TableFormat::JsonLines),
        ("a.json", TableFormat::JsonLines),
    ];
    for (name, format) in cases {
        assert_eq!(detect_format(Path::new(name)).unwrap(), format, "{name}");
    }
    for (text, format) in [
        ("\n  {\"id\": 1}\n", TableFormat::JsonLines),
        ("id\ttitle\tartist, the\n", TableFormat::Tsv),
        ("id,title\tx,y\n", TableFormat::Csv),
        ("", TableFormat::Csv),
    ] {
        let (_d, path) = write("export.txt", text.as_bytes());
        assert_eq!(detect_format(&path).unwrap(), format, "{text:?}");
        let (_d, path) = write("export", &gzip(text.as_bytes()));
        assert_eq!(detect_format(&path).unwrap(), format, "gzip {text:?}");
    }
}

#[test]
fn csv_lines_are_physical_lines_even_across_quotes_blanks_and_crlf() {
    let text = "id,title\r\n1,\"two\nlines\"\r\n\r\n\n2,plain\r\n3,\"a \"\"quote\"\"\"\n\n4,last";
    let (_d, path) = write("t.csv", text.as_bytes());
    let (columns, rows) = rows(&path).unwrap();
    assert_eq!(columns, strings(&["id", "title"]));
    let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, [2, 6, 7, 9]);
    assert_eq!(rows[0].1, strings(&["1", "two\nlines"]));
    assert_eq!(rows[2].1, strings(&["3", "a \"quote\""]));
}

#[test]
fn lf_files_and_a_last_row_without_a_newline_count_lines_too() {
    let (_d, path) = write("t.csv", b"id\n\n1\n2\n\n\n3");
    let lines: Vec<u64> = rows(&path).unwrap().1.iter().map(|r| r.0).collect();
    assert_eq!(lines, [3, 4, 7]);
    let (_d, path) = write("t.csv", b"\n\nid\r\n1\r\n\r\n2\r\n");
    let reader = TableReader::open(&path).unwrap();
    assert_eq!(reader.header_line(), 3);
    let lines: Vec<u64> = reader.map(|r| r.unwrap().0).collect();
    assert_eq!(lines, [4, 6]);
}

#[test]
fn gzip_plain_tsv_and_json_lines_read_alike() {
    let csv = "id,title,n\n1,\"A, b\",2.5\n2,,3\n";
    let tsv = "id\ttitle\tn\n1\tA, b\t2.5\n2\t\t3\n";
    let jsonl = "{\"id\": \"1\", \"title\": \"A, b\", \"n\": 2.5}\n{\"id\": 2, \"title\": null, \"n\": 3}\n";
    let (_a, plain) = write("t.csv", csv.as_bytes());
    let (_b, packed) = write("t.csv.gz", &gzip(csv.as_bytes()));
    let (_c, tab) = write("t.tsv", tsv.as_bytes());
    let (_e, json) = write("t.jsonl", jsonl.as_bytes());
    let expected = rows(&plain).unwrap();
    assert_eq!(rows(&packed).unwrap(), expected);
    assert_eq!(rows(&tab).unwrap(), expected);
    let (columns, json_rows) = rows(&json).unwrap();
    assert_eq!(columns, expected.0);
    // JSON lines has no header line, so each row sits one line higher.
    let shifted: Rows = expected.1.iter().map(|(l, v)| (l - 1, v.clone())).collect();
    assert_eq!(json_rows, shifted);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_column() {
    for text in ["\u{feff}id,title\n1,x\n", "\u{feff}\"id\",title\n1,x\n"] {
        let (_d, path) = write("bom.csv", text.as_bytes());
        assert_eq!(rows(&path).unwrap().0, strings(&["id", "title"]));
    }
    let (_d, path) = write("bom.jsonl", "\u{feff}{\"id\": 1}\n".as_bytes());
    assert_eq!(rows(&path).unwrap(), (strings(&["id"]), vec![(1, strings(&["1"]))]));
}

#[test]
fn an_empty_or_blank_file_is_empty() {
    for (name, bytes) in [
        ("e.csv", &b""[..]),
        ("e.csv", b"  \n\t\n \n"),
        ("e.tsv", b"\n\n"),
        ("e.jsonl", b""),
        ("e.jsonl", b" \n\n"),
        ("e.csv.gz", &gzip(b"")),
        ("e.csv", b"\xEF\xBB\xBF"),
    ] {
        let e = open_err(name, bytes);
        assert_eq!(e.message, "the file is empty", "{name} {bytes:?}");
        assert_eq!((e.line, e.field), (None, None));
    }
}

#[test]
fn header_names_must_be_present_and_unique() {
    let e = open_err("d.csv", b"id,title,ID\n1,2,3\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("ID")));
    assert_eq!(e.message, "the column name appears twice in the header (columns 1 and 3)");
    let e = open_err("d.csv", b"id,,title\n1,2,3\n");
    assert_eq!((e.line, e.field), (Some(1), None));
    assert_eq!(e.message, "column 2 of the header has no name");
    let e = open_err("d.csv", b"id,\xff\xfe\n1,2\n");
    assert_eq!((e.line, e.message.as_str()), (Some(1), "column 2 of the header is not valid UTF-8"));
    let e = open_err("d.jsonl", b"{\"id\": 1, \"id\": 2}\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("id")));
    let e = open_err("d.jsonl", b"\n{}\n");
    assert_eq!(e.line, Some(2));
}

#[test]
fn a_row_with_the_wrong_number_of_fields_names_its_line_and_reading_goes_on() {
    let (_d, path) = write("w.csv", b"id,title\n1,a\n2,b,extra\n3\n4,d\n");
    let results: Vec<Result<(u64, Vec<String>)>> = TableReader::open(&path).unwrap().collect();
    assert_eq!(results.len(), 4);
    let e = results[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.field.as_ref()), (Some(3), None));
    assert_eq!(e.message, "this row has 3 fields where the header has 2");
    assert_eq!(results[2].as_ref().unwrap_err().line, Some(4));
    assert_eq!(results[3].as_ref().unwrap().0, 5);
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let errors = row_errors("u.csv", b"id,title\n1,ok\n2,caf\xe9\n3,\"multi\nline \xff\"\n");
    let found: Vec<_> = errors.iter().map(|e| (e.line, e.field.as_deref())).collect();
    assert_eq!(found, [(Some(3), Some("title")), (Some(4), Some("title"))]);
    assert_eq!(errors[0].message, "the value is not valid UTF-8 text");
    let errors = row_errors("u.jsonl", b"{\"id\": 1}\n{\"id\": \"caf\xe9\"}\n");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(2));
    assert!(errors[0].message.starts_with("the line is not valid UTF-8"), "{}", errors[0].message);
}

#[test]
fn json_values_become_text_and_null_or_absent_keys_become_empty() {
    let text = "{\"id\": \"a\", \"n\": 194754.0, \"x\": true, \"k\": -1, \"s\": \"\\u00e9\\\"\"}\n\n  \n{\"x\": null, \"id\": \"b\"}\n";
    let (_d, path) = write("v.jsonl", text.as_bytes());
    let (columns, rows) = rows(&path).unwrap();
    assert_eq!(columns, strings(&["id", "n", "x", "k", "s"]));
    assert_eq!(rows[0], (1, strings(&["a", "194754", "true", "-1", "é\""])));
    assert_eq!(rows[1], (4, strings(&["b", "", "", "", ""])));
}

#[test]
fn bad_json_lines_name_the_line_and_key() {
    let text = "{\"id\": 1, \"title\": \"t\"}\n{\"id\": 2, \"title\": {\"a\": 1}}\n{\"id\": 3, \"title\": [1]}\n\
                {\"id\": 4, \"genre\": \"pop\"}\n{\"id\": 5, \"id\": 6}\n{\"id\": 7,\n[1, 2]\n{\"id\": 8} x\n{\"id\": 9}\n";
    let (_d, path) = write("b.jsonl", text.as_bytes());
    let results: Vec<_> = TableReader::open(&path).unwrap().collect();
    let summary: Vec<_> = results
        .iter()
        .map(|r| match r {
            Ok((line, _)) => (*line, None, "ok".to_string()),
            Err(e) => (e.line.unwrap(), e.field.clone(), e.message.clone()),
        })
        .collect();
    let only = "only text, numbers, true, false and null fit in a column";
    let expected = [
        (1, None, "ok".to_string()),
        (2, Some("title".into()), format!("the value is an object; {only}")),
        (3, Some("title".into()), format!("the value is a list; {only}")),
        (4, Some("genre".into()), "this key is not in the first object, whose keys are the columns".into()),
        (5, Some("id".into()), "the key appears twice in this object".into()),
    ];
    assert_eq!(summary[..5], expected);
    for (i, line) in [(5, 6), (6, 7), (7, 8)] {
        assert_eq!((summary[i].0, &summary[i].1), (line, &None));
        assert!(summary[i].2.starts_with("this line is not a valid JSON object ("), "{}", summary[i].2);
    }
    assert_eq!(summary[8], (9, None, "ok".to_string()));
}

#[test]
fn corrupt_gzip_ends_the_table_with_an_error_naming_the_file() {
    let mut packed = gzip("id,title\n".repeat(5000).as_bytes());
    let n = packed.len();
    packed.truncate(n / 2);
    let (_d, path) = write("c.csv.gz", &packed);
    let mut reader = TableReader::open(&path).unwrap();
    let results: Vec<_> = reader.by_ref().collect();
    let e = results.last().unwrap().as_ref().unwrap_err();
    assert_eq!((&e.file, e.line), (&path, None));
    assert!(e.message.starts_with("the gzip data is corrupt or truncated"), "{}", e.message);
    assert!(reader.next().is_none());
}

#[test]
fn preview_reads_columns_and_the_first_rows() {
    let (_d, path) = write("p.tsv", b"a\tb\n1\t2\n3\t4\n5\t6\n");
    let p = preview(&path, 2).unwrap();
    assert_eq!(p.format, TableFormat::Tsv);
    assert_eq!(p.columns, strings(&["a", "b"]));
    assert_eq!(p.rows, vec![strings(&["1", "2"]), strings(&["3", "4"])]);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["format"], "tsv");
}

#[test]
fn read_row_reuses_one_buffer_and_keeps_values_untrimmed() {
    let (_d, path) = write("r.csv", b" id , title \n 1 , a \n");
    let mut reader = TableReader::open(&path).unwrap();
    assert_eq!(reader.columns(), strings(&["id", "title"]));
    let mut row = Row::new();
    assert!(reader.read_row(&mut row).unwrap());
    assert_eq!((row.line(), row.len(), row.get(0), row.get(1), row.get(9)), (2, 2, " 1 ", " a ", ""));
    assert!(!reader.read_row(&mut row).unwrap());
    assert!(!reader.read_row(&mut row).unwrap());
}
