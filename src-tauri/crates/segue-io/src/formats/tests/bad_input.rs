//! Bad playlist files: refused in every format, naming their file, line and field, in one line
//! that drives no terminal; and the size limit.

use super::*;

#[test]
fn empty_files_and_invalid_utf8_are_refused_in_every_format() {
    for format in [PlaylistFormat::Jspf, PlaylistFormat::Xspf, PlaylistFormat::M3u8] {
        for empty in ["", "\u{feff}", " \n\r\n"] {
            assert_eq!(place(&err(format, empty)), (None, None, "the file is empty"), "{format:?}");
        }
        let e = read_playlist_bytes("pkg.zip!list", format, b"#EXTM3U\nline two\nabc\xff\n").unwrap_err();
        assert_eq!(place(&e), (Some(3), None, "the text is not valid UTF-8 (at byte 4 of the line)"));
    }
}

#[test]
fn bad_jspf_names_file_line_and_field() {
    let p = PlaylistFormat::Jspf;
    let e = err(p, "{\"playlist\": {\n\"title\": \"x\",\n\"track\": [\n{\"title\": \"a\"\n]}}");
    assert_eq!((e.line, e.field.as_deref()), (Some(5), None));
    assert!(e.message.starts_with("the JSON is malformed: expected `,` or `}` (column 1)"), "{}", e.message);
    let cases = [
        ("[1]", 1, "playlist", "a JSPF file is one object, {\"playlist\": {...}}, not an array"),
        (
            "{\"tracks\": []}",
            1,
            "playlist",
            "the file has no \"playlist\": a JSPF file is one object, {\"playlist\": {...}}",
        ),
        ("{\"playlist\":\n[]}", 2, "playlist", "expected an object, found an array"),
        ("{\"playlist\": {\n\"title\": 5}}", 2, "title", "expected text, found a number"),
        (
            "{\"playlist\": {\"track\":\n {\"title\": \"a\"}}}",
            2,
            "track",
            "expected an array of track objects, found an object",
        ),
        ("{\"playlist\": {\"track\": [\n\"a\"]}}", 2, "track", "expected an object, found text"),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\"},\n{\"creator\": \"b\", \"album\": \"c\"}]}}",
            2,
            "location",
            "the track has neither a location nor a title",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\",\n\"duration\": \"three minutes\"}]}}",
            2,
            "duration",
            "\"three minutes\" is not a duration (a number of milliseconds from 0 up)",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\",\n\"duration\": -5}]}}",
            2,
            "duration",
            "\"-5\" is not a duration (a number of milliseconds from 0 up)",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\",\n\"duration\": true}]}}",
            2,
            "duration",
            "expected a number of milliseconds, found true or false",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\",\n\"location\": [\"x\", 3]}]}}",
            2,
            "location",
            "expected text, found a number",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\",\n\"identifier\": {}}]}}",
            2,
            "identifier",
            "expected a URI or an array of URIs, found an object",
        ),
        (
            "{\"playlist\": {\"track\": [{\"title\": \"a\", \"extension\":\n[]}]}}",
            2,
            "extension",
            "expected an object, found an array",
        ),
    ];
    for (text, line, field, message) in cases {
        assert_eq!(place(&err(p, text)), (Some(line), Some(field), message), "{text}");
    }
}

#[test]
fn bad_xspf_names_file_line_and_field() {
    let p = PlaylistFormat::Xspf;
    let head = "<?xml version=\"1.0\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n";
    let track = |inner: &str| format!("{head}<trackList>\n<track>{inner}</track>\n</trackList>\n</playlist>\n");
    let cases = [
        (format!("{head}<title>a</titel>\n</playlist>"), 3, Some("title"), "the XML is malformed: "),
        (format!("{head}<title>Rock & Roll</title>\n</playlist>"), 3, Some("title"), "the XML is malformed: "),
        (
            format!("{head}<title>&nbsp;</title>\n</playlist>"),
            3,
            Some("title"),
            "the XML is malformed: &nbsp; is not an entity XML defines",
        ),
        (format!("{head}<trackList>\n<track>"), 4, Some("track"), "the file ends inside <track>, opened on line 4"),
        (
            "<?xml version=\"1.0\"?>\n<playlist version=\"2\">\n<trackList/></playlist>".to_owned(),
            2,
            Some("version"),
            "version \"2\" is not XSPF: XSPF playlists are version 0 or 1",
        ),
        (
            "<?xml version=\"1.0\"?>\n\n<rss version=\"2.0\"/>".to_owned(),
            3,
            None,
            "<rss> is not an XSPF <playlist>: an XSPF file is one <playlist> element",
        ),
        ("<?xml version=\"1.0\"?>\n<!-- nothing -->\n".to_owned(), 3, None, "the file has no <playlist> element"),
        (track("<creator>x</creator>"), 4, Some("location"), "the track has neither a location nor a title"),
        (
            track("<title>x</title>\n<duration>3:15</duration>"),
            5,
            Some("duration"),
            "\"3:15\" is not a duration (a number of milliseconds from 0 up)",
        ),
        (
            track(&format!("<title>x</title>\n<extension application=\"{SEGUE_EXTENSION}\">{{oops</extension>")),
            5,
            Some("extension"),
            "Segue's extension is not valid JSON: ",
        ),
    ];
    for (text, line, field, message) in cases {
        let e = err(p, &text);
        let (l, f, m) = place(&e);
        assert_eq!((l, f), (Some(line), field), "{text}\n{e}");
        assert!(m.starts_with(message), "{text}\n{e}");
    }
}

#[test]
fn bad_m3u8_names_file_line_and_field() {
    let e = err(PlaylistFormat::M3u8, "#EXTM3U\n#EXTINF:abc,Artist - Title\nspotify:track:x\n");
    assert_eq!(place(&e), (Some(2), Some("duration"), "\"abc\" is not a duration (a number of seconds from 0 up)"));
    let e = err(PlaylistFormat::M3u8, "#EXTINF:99999999999,A - T\na.mp3");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("duration")));
}

#[test]
fn errors_display_like_every_other_reader() {
    let e = err(PlaylistFormat::M3u8, "#EXTINF:abc,Artist - Title\nx");
    assert_eq!(
        e.to_string(),
        "pkg.zip!list, line 1, field duration: \"abc\" is not a duration (a number of seconds from 0 up)"
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_quoted_and_read_back_unchanged() {
    let risky = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'kept", "''", "'"];
    for text in risky {
        assert_eq!(spreadsheet_safe(text), format!("'{text}"), "{text:?}");
        assert_eq!(spreadsheet_text(&spreadsheet_safe(text)), text);
    }
    for text in ["plain", "", " =x", "a=b", "'plain", "x'", "Zoë"] {
        assert_eq!(spreadsheet_text(&spreadsheet_safe(text)), text, "{text:?}");
    }
    // "'plain" is written "''plain"; a cell "'plain" that Segue did not write reads as it is.
    assert_eq!(spreadsheet_text("'plain"), "'plain");
    let mut doc = sample();
    doc.title = "=cmd|' /C calc'!A0".into();
    doc.entries[0].title = "+danger".into();
    doc.entries[1].artist = "@artist".into();
    doc.entries[2].album = "-album".into();
    let bytes = write_csv(&doc, "p1");
    let mut rows = ::csv::Reader::from_reader(&bytes[..]);
    let cells: Vec<Vec<String>> = rows.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    assert!(cells.iter().flatten().all(|c| !c.starts_with(['=', '+', '@', '\t', '\r'])), "{cells:?}");
    assert_eq!(cells[0][1], "'=cmd|' /C calc'!A0");
    assert_eq!((cells[0][5].as_str(), cells[1][6].as_str(), cells[2][7].as_str()), ("'+danger", "'@artist", "'-album"));
    let (_d, path) = write("export.csv", &bytes);
    let imported = crate::playlists::read_playlists(&path).unwrap();
    assert_eq!(imported[0].name, doc.title);
}

#[test]
fn a_playlist_file_may_hold_its_limit_and_not_one_byte_more_even_inflated() {
    let text = format!("#EXTM3U\n{}", "\n".repeat(92));
    assert_eq!(text.len(), 100);
    for (name, bytes) in [("l.m3u8", text.clone().into_bytes()), ("l.m3u8.gz", gzip(text.as_bytes()))] {
        let (_d, path) = write(name, &bytes);
        assert!(read_playlist_file_limited(&path, 100).unwrap().entries.is_empty(), "{name}");
        let e = read_playlist_file_limited(&path, 99).unwrap_err();
        assert_eq!((e.file.as_path(), e.line), (path.as_path(), None));
        assert_eq!(e.message, "the playlist file holds more than 99 bytes, the most Segue reads from one playlist");
    }
    // The default: 64 MiB of blank lines in 64 KiB of gzip is refused, not read as an empty playlist.
    let (_d, path) = write("bomb.m3u8.gz", &gzip(&vec![b'\n'; (MAX_PLAYLIST_FILE_BYTES + 1) as usize]));
    assert!(read_playlist_file(&path).unwrap_err().message.starts_with("the playlist file holds more than 64 MiB"));
}

#[test]
fn errors_quoting_a_file_keep_to_one_line_and_drive_no_terminal() {
    let xspf = "<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\"><trackList><track>\
                <duration>\u{1b}[2J\nx</duration></track></trackList></playlist>";
    let jspf = "{\"playlist\": {\"track\": [{\"title\": \"t\", \"duration\": \"\\u001b]0;owned\\u0007\"}]}}";
    let m3u8 = "#EXTINF:\u{1b}[31m,x\nspotify:track:a\n";
    for (format, text) in [(PlaylistFormat::Xspf, xspf), (PlaylistFormat::Jspf, jspf), (PlaylistFormat::M3u8, m3u8)] {
        let e = err(format, text);
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{format:?}: {shown}");
        assert!(shown.contains("\\u{1b}"), "{format:?}: {shown}");
    }
}
