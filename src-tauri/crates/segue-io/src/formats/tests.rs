//! Tests of the playlist formats: round trips, awkward text, the variants found in the wild, and
//! every bad input naming its file, line and field.

use serde_json::json;

use super::*;
use crate::error::ImportError;
use crate::testutil::{gzip, write};

const SPOTIFY_ID: &str = "6f807x0ima9a1j3VPbc7VN";

fn entry(
    track_id: &str,
    title: &str,
    artist: &str,
    duration_ms: u32,
    extension: Option<serde_json::Value>,
) -> DocEntry {
    DocEntry {
        track_id: track_id.into(),
        title: title.into(),
        artist: artist.into(),
        album: format!("{title} (album)"),
        duration_ms,
        extension,
    }
}

fn sample() -> PlaylistDoc {
    PlaylistDoc {
        title: "Morning <Mix> & \"more\"".into(),
        annotation: Some("For the 7 o'clock crowd\nsecond line".into()),
        creator: Some("Zoë".into()),
        date: Some("2026-11-25T21:00:00Z".into()),
        identifier: Some("segue:playlist:ws1:7:segment:2".into()),
        extension: Some(json!({"segment": 2, "metrics": {"fit": 0.82}, "name": "Latin · slow"})),
        entries: vec![
            entry(
                SPOTIFY_ID,
                "I Don't Care",
                "Ed Sheeran",
                194_754,
                Some(json!({"pinned": true, "reasons": ["tempo"]})),
            ),
            entry("local/42 ünïcode", "Tú & yo", "Rosalía", 0, None),
            entry("0r7CVbZTWZgbTCYdfa2P31", "Memories - Remix", "Maroon 5", 162_600, Some(json!({"score": [0.5, -1]}))),
        ],
    }
}

fn read(format: PlaylistFormat, bytes: &[u8]) -> ReadPlaylist {
    read_playlist_bytes("test", format, bytes).unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(bytes)))
}

fn err(format: PlaylistFormat, text: &str) -> ImportError {
    read_playlist_bytes("pkg.zip!list", format, text.as_bytes()).unwrap_err()
}

/// The error's line, field and message, the file checked on the way.
fn place(e: &ImportError) -> (Option<u64>, Option<&str>, &str) {
    assert_eq!(e.file, Path::new("pkg.zip!list"));
    (e.line, e.field.as_deref(), e.message.as_str())
}

fn ids(p: &ReadPlaylist) -> Vec<Option<&str>> {
    p.entries.iter().map(|e| e.track_id.as_deref()).collect()
}

fn lines(p: &ReadPlaylist) -> Vec<u64> {
    p.entries.iter().map(|e| e.line).collect()
}

/// The 1-based lines of `text` that contain `needle`.
fn lines_with(text: &[u8], needle: &str) -> Vec<u64> {
    let text = String::from_utf8_lossy(text);
    text.lines().enumerate().filter(|(_, l)| l.contains(needle)).map(|(i, _)| i as u64 + 1).collect()
}

/// JSPF and XSPF keep everything a [`PlaylistDoc`] has but its creator, date and identifier.
fn assert_lossless(doc: &PlaylistDoc, read: &ReadPlaylist) {
    assert_eq!(read.title.as_deref(), Some(doc.title.as_str()).filter(|t| !t.is_empty()));
    assert_eq!(read.annotation, doc.annotation);
    assert_eq!(read.extension, doc.extension);
    assert_eq!(read.entries.len(), doc.entries.len());
    for (r, d) in read.entries.iter().zip(&doc.entries) {
        let given = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        assert_eq!(r.track_id.as_deref(), Some(d.track_id.as_str()));
        assert_eq!(r.location, Some(track_uri(&d.track_id)));
        assert_eq!((&r.title, &r.artist, &r.album), (&given(&d.title), &given(&d.artist), &given(&d.album)));
        assert_eq!(r.duration_ms, Some(d.duration_ms).filter(|&ms| ms > 0));
        assert_eq!(r.extension, d.extension);
    }
}

#[test]
fn track_uris_name_spotify_ids_as_spotify_does_and_escape_the_rest() {
    assert_eq!(track_uri(SPOTIFY_ID), format!("spotify:track:{SPOTIFY_ID}"));
    assert_eq!(track_uri("local/42 ünï"), "segue:track:local%2F42%20%C3%BCn%C3%AF");
    assert_eq!(track_uri("short"), "segue:track:short");
    for id in [SPOTIFY_ID, "short", "a b/c?d#e%f&g<h>\"'", "ünïcode 🎵", "-._~", "x:y"] {
        assert_eq!(track_id_from_uri(&track_uri(id)).as_deref(), Some(id), "{id}");
    }
    let web = format!("https://open.spotify.com/intl-de/track/{SPOTIFY_ID}?si=abc");
    assert_eq!(track_id_from_uri(&web).as_deref(), Some(SPOTIFY_ID));
    assert_eq!(track_id_from_uri(&format!("http://open.spotify.com/track/{SPOTIFY_ID}")).as_deref(), Some(SPOTIFY_ID));
    for other in [
        "music/a.mp3",
        "file:///a.mp3",
        "spotify:track:tooshort",
        "segue:track:",
        "segue:track:%FF",
        "https://open.spotify.com/album/x",
    ] {
        assert_eq!(track_id_from_uri(other), None, "{other}");
    }
}

#[test]
fn jspf_round_trips_and_names_each_track_object_line() {
    let doc = sample();
    let bytes = write_jspf(&doc);
    assert_eq!(bytes, write_jspf(&doc), "deterministic");
    let read = read(PlaylistFormat::Jspf, &bytes);
    assert_lossless(&doc, &read);
    // Pretty JSON puts each track object's opening brace on a line of its own, after `"track": [`.
    let track_start = lines_with(&bytes, "\"track\": [")[0];
    assert_eq!(read.entries[0].line, track_start + 1);
    assert!(lines(&read).windows(2).all(|w| w[0] < w[1]));
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let track = &value["playlist"]["track"][0];
    assert_eq!(track["location"], json!([format!("spotify:track:{SPOTIFY_ID}")]));
    assert_eq!((&track["creator"], &track["duration"]), (&json!("Ed Sheeran"), &json!(194_754)));
    assert_eq!(value["playlist"]["extension"][SEGUE_EXTENSION][0]["segment"], json!(2));
    assert_eq!(value["playlist"]["track"][1].get("duration"), None, "an unknown duration is left out");
}

#[test]
fn xspf_round_trips_and_names_each_track_element_line() {
    let doc = sample();
    let bytes = write_xspf(&doc);
    assert_eq!(bytes, write_xspf(&doc), "deterministic");
    let read = read(PlaylistFormat::Xspf, &bytes);
    assert_lossless(&doc, &read);
    assert_eq!(lines(&read), lines_with(&bytes, "<track>"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n"
    ));
    assert!(text.contains("<title>Morning &lt;Mix&gt; &amp; \"more\"</title>"));
    // The order the XSPF specification and its XML Schema give.
    let order = ["<title>", "<creator>", "<annotation>", "<identifier>", "<date>", "<extension ", "<trackList>"];
    let at: Vec<usize> = order.iter().map(|tag| text.find(tag).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    let track = &text[text.find("<track>").unwrap()..text.find("</track>").unwrap()];
    let order = ["<location>", "<identifier>", "<title>", "<creator>", "<album>", "<duration>", "<extension "];
    let at: Vec<usize> = order.iter().map(|tag| track.find(tag).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
}

#[test]
fn m3u8_round_trips_ids_titles_artists_and_whole_seconds() {
    let doc = sample();
    let bytes = write_m3u8(&doc);
    assert_eq!(bytes, write_m3u8(&doc), "deterministic");
    let text = String::from_utf8(bytes.clone()).unwrap();
    let expected = format!(
        "#EXTM3U\n#PLAYLIST:Morning <Mix> & \"more\"\n\
         #EXTINF:195,Ed Sheeran - I Don't Care\nspotify:track:{SPOTIFY_ID}\n\
         #EXTINF:-1,Rosalía - Tú & yo\nsegue:track:local%2F42%20%C3%BCn%C3%AFcode\n\
         #EXTINF:163,Maroon 5 - Memories - Remix\nspotify:track:0r7CVbZTWZgbTCYdfa2P31\n"
    );
    assert_eq!(text, expected);
    let read = read(PlaylistFormat::M3u8, &bytes);
    assert_eq!(read.title.as_deref(), Some(doc.title.as_str()));
    assert_eq!(ids(&read), doc.entries.iter().map(|e| Some(e.track_id.as_str())).collect::<Vec<_>>());
    assert_eq!(lines(&read), [4, 6, 8]);
    for (r, d) in read.entries.iter().zip(&doc.entries) {
        assert_eq!((r.title.as_deref(), r.artist.as_deref()), (Some(d.title.as_str()), Some(d.artist.as_str())));
        assert_eq!(r.duration_ms, Some((d.duration_ms + 500) / 1000 * 1000).filter(|&ms| ms > 0));
        assert_eq!((&r.album, &r.extension), (&None, &None), "M3U has no place for them");
    }
}

/// Deterministic awkward strings: fragments that trouble XML, JSON, CSV and M3U, mixed.
fn awkward_strings() -> Vec<String> {
    const FRAGMENTS: [&str; 16] = [
        "\"quoted\"",
        "<b>",
        "&amp;",
        "]]>",
        "a\nb",
        "c\r\nd",
        "\t",
        "🎵🔥",
        "Ünïcödé",
        "'",
        ",",
        "\\",
        "\u{1}",
        "  ",
        "x - y",
        "&#13;",
    ];
    let mut seed = 0x2545_f491_u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut out: Vec<String> = FRAGMENTS.iter().map(|f| f.to_string()).collect();
    for _ in 0..150 {
        let n = 1 + next() % 4;
        out.push((0..n).map(|_| FRAGMENTS[next() % FRAGMENTS.len()]).collect());
    }
    out
}

/// What XML 1.0 can carry of `text`: characters it cannot are replaced.
fn xml_safe(text: &str) -> String {
    text.chars().map(|c| if c < ' ' && !matches!(c, '\t' | '\n' | '\r') { '\u{fffd}' } else { c }).collect()
}

fn awkward_doc(strings: &[String]) -> PlaylistDoc {
    let entries = strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            entry(&format!("id {s}"), s, &strings[(i + 1) % strings.len()], i as u32 * 1000, Some(json!({ "note": s })))
        })
        .collect();
    PlaylistDoc {
        title: strings[3].clone(),
        annotation: Some(strings[4].clone()),
        extension: Some(json!([strings[0]])),
        entries,
        ..PlaylistDoc::default()
    }
}

#[test]
fn awkward_text_survives_jspf_exactly_and_xspf_but_for_what_xml_cannot_carry() {
    let strings = awkward_strings();
    let doc = awkward_doc(&strings);
    assert_lossless(&doc, &read(PlaylistFormat::Jspf, &write_jspf(&doc)));
    let xml_doc = PlaylistDoc {
        title: xml_safe(&doc.title),
        entries: doc
            .entries
            .iter()
            .map(|e| DocEntry {
                title: xml_safe(&e.title),
                artist: xml_safe(&e.artist),
                album: xml_safe(&e.album),
                ..e.clone()
            })
            .collect(),
        ..doc.clone()
    };
    assert_lossless(&xml_doc, &read(PlaylistFormat::Xspf, &write_xspf(&doc)));
}

#[test]
fn awkward_text_survives_m3u8_on_one_line() {
    let one_line =
        |s: &str| s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned();
    // M3U joins artist and title with " - ": text containing a dash could not be told apart.
    let strings: Vec<String> = awkward_strings().into_iter().map(|s| s.replace('-', "")).collect();
    let doc = awkward_doc(&strings);
    let bytes = write_m3u8(&doc);
    let read = read(PlaylistFormat::M3u8, &bytes);
    assert_eq!(read.entries.len(), doc.entries.len());
    for (r, d) in read.entries.iter().zip(&doc.entries) {
        let (title, artist) = (one_line(&d.title), one_line(&d.artist));
        let expected = match (artist.is_empty(), title.is_empty()) {
            (false, false) => (Some(artist), Some(title)),
            (true, _) => (None, Some(title).filter(|t| !t.is_empty())),
            (false, true) => (None, Some(artist)),
        };
        assert_eq!((r.artist.clone(), r.title.clone()), expected, "{d:?}");
        assert_eq!(r.track_id.as_deref(), Some(d.track_id.as_str()));
    }
}

#[test]
fn csv_reimports_through_the_playlist_importer() {
    let doc = awkward_doc(&awkward_strings()[..5]);
    let bytes = write_csv(&doc, "p1");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("playlist_id,playlist_name,track_id,position,uri,title,artist,album,duration_ms\n"));
    let (_d, path) = write("export.csv", &bytes);
    let imported = crate::playlists::read_playlists(&path).unwrap();
    assert_eq!(imported.len(), 1);
    assert_eq!((imported[0].id.as_str(), imported[0].name.trim()), ("p1", doc.title.trim()));
    let tracks: Vec<&str> = imported[0].tracks.iter().map(|(_, t)| t.trim()).collect();
    assert_eq!(tracks, doc.entries.iter().map(|e| e.track_id.trim()).collect::<Vec<_>>());
}

#[test]
fn formats_are_told_by_name_or_else_by_content() {
    let cases = [
        ("a.jspf", Some(PlaylistFormat::Jspf)),
        ("a.JSON.gz", Some(PlaylistFormat::Jspf)),
        ("dir.x/a.xspf", Some(PlaylistFormat::Xspf)),
        ("a.m3u", Some(PlaylistFormat::M3u8)),
        ("a.m3u8.gz", Some(PlaylistFormat::M3u8)),
        ("a.csv", None),
        ("xspf", None),
    ];
    for (name, format) in cases {
        assert_eq!(PlaylistFormat::from_path(Path::new(name)), format, "{name}");
    }
    assert_eq!(PlaylistFormat::sniff(b"\xef\xbb\xbf \n{\"playlist\""), PlaylistFormat::Jspf);
    assert_eq!(PlaylistFormat::sniff(b"<?xml"), PlaylistFormat::Xspf);
    assert_eq!(PlaylistFormat::sniff(b"#EXTM3U"), PlaylistFormat::M3u8);
    let doc = sample();
    for (name, bytes) in
        [("list.xspf.gz", gzip(&write_xspf(&doc))), ("list.txt", write_jspf(&doc)), ("list", write_m3u8(&doc))]
    {
        let (_d, path) = write(name, &bytes);
        assert_eq!(ids(&read_playlist_file(&path).unwrap()).len(), 3, "{name}");
    }
}

#[test]
fn jspf_as_other_tools_write_it() {
    let text = format!(
        r#"{{"playlist": {{"title": null, "creator": "someone", "track": [
  {{"location": "spotify:track:{SPOTIFY_ID}", "duration": "1000"}},
  {{"identifier": ["https://musicbrainz.org/recording/x", "segue:track:a%20b"], "title": "T", "duration": 1.6}},
  {{"location": ["music/a.mp3"], "title": "", "creator": null, "album": "A", "extension": {{"{SEGUE_EXTENSION}": {{"k": 1}}, "other": [1]}}}},
  {{"location": [], "title": "only a title", "extension": null, "meta": [{{"x": "y"}}]}}
]}}}}"#
    );
    let read = read(PlaylistFormat::Jspf, text.as_bytes());
    assert_eq!((read.title.as_deref(), read.extension.as_ref()), (None, None));
    assert_eq!(ids(&read), [Some(SPOTIFY_ID), Some("a b"), None, None]);
    assert_eq!(lines(&read), [2, 3, 4, 5]);
    let e = &read.entries;
    assert_eq!((e[0].duration_ms, e[1].duration_ms, e[2].duration_ms), (Some(1000), Some(2), None));
    assert_eq!((e[1].location.as_deref(), e[2].location.as_deref()), (None, Some("music/a.mp3")));
    assert_eq!(
        (e[2].title.as_deref(), e[2].album.as_deref(), &e[2].extension),
        (None, Some("A"), &Some(json!({"k": 1})))
    );
    assert_eq!(e[3].title.as_deref(), Some("only a title"));
    assert!(read_playlist_bytes("x", PlaylistFormat::Jspf, br#"{"playlist": {}}"#).unwrap().entries.is_empty());
}

#[test]
fn xspf_as_other_tools_write_it() {
    let text = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- made by hand -->
<x:playlist version="0" xmlns:x="http://xspf.org/ns/0/"><x:title><![CDATA[Rock & <Roll>]]></x:title>
  <x:extension application="http://www.videolan.org/vlc/playlist/0"><vlc:item xmlns:vlc="v" tid="0"/></x:extension>
  <x:trackList>
    <x:track><x:location>file:///music/a%20b.mp3</x:location><x:title>A&#x20;&#233;</x:title><x:album/>
      <x:duration> 1000 </x:duration><x:meta rel="x">m</x:meta>
    </x:track>
    <x:track>
      <x:location>https://open.spotify.com/track/{SPOTIFY_ID}</x:location>
      <x:extension application="{SEGUE_EXTENSION}">{{"a": "&lt;b&gt;"}}</x:extension>
    </x:track>
  </x:trackList>
</x:playlist>
"#
    );
    let read = read(PlaylistFormat::Xspf, text.as_bytes());
    assert_eq!(read.title.as_deref(), Some("Rock & <Roll>"));
    assert_eq!(ids(&read), [None, Some(SPOTIFY_ID)]);
    assert_eq!(lines(&read), [6, 9]);
    let e = &read.entries;
    assert_eq!((e[0].location.as_deref(), e[0].title.as_deref()), (Some("file:///music/a%20b.mp3"), Some("A é")));
    assert_eq!((e[0].album.as_deref(), e[0].duration_ms), (None, Some(1000)));
    assert_eq!(e[1].extension, Some(json!({"a": "<b>"})));
}

#[test]
fn m3u_as_players_write_it() {
    let text = "\u{feff}#EXTM3U\r\n# a comment\r\n\r\n\
                #EXTINF:-1 tvg-name=\"a, b\" group-title=\"x\",Artist - Title - Live\r\n\
                #EXTALB:The Album\r\n\
                music/Ärtist/01 song.mp3\r\n\
                #extinf:12.5,Just a title\r\n\
                https://open.spotify.com/track/6f807x0ima9a1j3VPbc7VN\r\n\
                C:\\Music\\b.flac\r\n";
    let read = read(PlaylistFormat::M3u8, text.as_bytes());
    assert_eq!(ids(&read), [None, Some(SPOTIFY_ID), None]);
    assert_eq!(lines(&read), [6, 8, 9]);
    let e = &read.entries;
    assert_eq!(e[0].location.as_deref(), Some("music/Ärtist/01 song.mp3"));
    assert_eq!(
        (e[0].artist.as_deref(), e[0].title.as_deref(), e[0].album.as_deref()),
        (Some("Artist"), Some("Title - Live"), Some("The Album"))
    );
    assert_eq!((e[0].duration_ms, e[1].duration_ms), (None, Some(12_500)));
    assert_eq!((e[1].artist.as_deref(), e[1].title.as_deref()), (None, Some("Just a title")));
    assert_eq!(
        (e[2].location.as_deref(), e[2].title.as_deref(), e[2].album.as_deref()),
        (Some("C:\\Music\\b.flac"), None, None)
    );
    let plain = read_playlist_bytes("x", PlaylistFormat::M3u8, b"a.mp3\nb.mp3").unwrap();
    assert_eq!(plain.entries.len(), 2);
}

/// Bad input in every format: refused, naming its file, line and field.
mod bad_input;
