//! Tests of the playlist reader: rows, grouping, and every error.

use super::*;
use crate::testutil::{gzip, write};

fn err(text: &str) -> ImportError {
    let (_d, path) = write("p.csv", text.as_bytes());
    read_playlists(&path).unwrap_err()
}

fn tracks(p: &PlaylistImport) -> Vec<(u64, &str)> {
    p.tracks.iter().map(|(line, t)| (*line, t.as_str())).collect()
}

#[test]
fn rows_group_into_playlists_in_position_order() {
    let text = "Playlist_ID,PLAYLIST_NAME,track_id,Position\n\
                p1,Morning,t3,3\n\
                p2,Evening,t1,0\n\
                p1,,t1,1\n\
                p1, Morning ,t2,2\n\
                p2,,t9,10\n";
    let (_d, path) = write("p.csv", text.as_bytes());
    let rows: Vec<PlaylistRow> = PlaylistReader::open(&path).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows[2],
        PlaylistRow { line: 4, playlist_id: "p1".into(), playlist_name: "".into(), track_id: "t1".into(), position: 1 }
    );
    let playlists = read_playlists(&path).unwrap();
    assert_eq!(playlists.len(), 2);
    assert_eq!((playlists[0].id.as_str(), playlists[0].name.as_str(), playlists[0].first_line), ("p1", "Morning", 2));
    assert_eq!(tracks(&playlists[0]), [(4, "t1"), (5, "t2"), (2, "t3")]);
    assert_eq!((playlists[1].name.as_str(), tracks(&playlists[1])), ("Evening", vec![(3, "t1"), (6, "t9")]));
}

#[test]
fn gzip_and_tsv_read_like_csv() {
    let csv = "playlist_id,playlist_name,track_id,position\np,P,a,1\np,,b,2\n";
    let (_a, plain) = write("p.csv", csv.as_bytes());
    let (_b, packed) = write("p.csv.gz", &gzip(csv.as_bytes()));
    let (_c, tab) = write("p.tsv", csv.replace(',', "\t").as_bytes());
    let expected = read_playlists(&plain).unwrap();
    assert_eq!(read_playlists(&packed).unwrap(), expected);
    assert_eq!(read_playlists(&tab).unwrap(), expected);
}

#[test]
fn a_missing_column_is_named_on_the_header_line() {
    let e = err("playlist_id,playlist_name,track\np,P,a\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("track_id")));
    assert_eq!(e.message, "the file has no track_id column; a playlist file needs playlist_id, playlist_name, track_id, position");
}

#[test]
fn bad_values_name_their_line_and_column() {
    let header = "playlist_id,playlist_name,Track_Id,position\n";
    let cases = [
        (",P,a,1", "playlist_id", "the playlist id is empty"),
        ("p,P, ,1", "Track_Id", "the track id is empty"),
        ("p,P,a,-1", "position", "\"-1\" is not a position (a whole number from 0 up)"),
        ("p,P,a,1.5", "position", "\"1.5\" is not a position (a whole number from 0 up)"),
        ("p,P,a,", "position", "\"\" is not a position (a whole number from 0 up)"),
        ("p,P,a,99999999999", "position", "\"99999999999\" is not a position (a whole number from 0 up)"),
    ];
    for (row, field, message) in cases {
        let e = err(&format!("{header}p,P,z,0\n{row}\n"));
        assert_eq!((e.line, e.field.as_deref(), e.message.as_str()), (Some(3), Some(field), message), "{row}");
    }
}

#[test]
fn repeats_within_a_playlist_are_errors_on_the_later_line() {
    let header = "playlist_id,playlist_name,track_id,position\n";
    let e = err(&format!("{header}p,P,a,1\nq,Q,b,1\np,,c,1\n"));
    assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("position")));
    assert_eq!(e.message, "position 1 of playlist p is already taken on line 2");
    let e = err(&format!("{header}p,P,a,1\nq,Q,a,1\np,,a,2\n"));
    assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("track_id")));
    assert_eq!(e.message, "track a is already in playlist p on line 2");
    let e = err(&format!("{header}p,P,a,1\np,Other,b,2\n"));
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("playlist_name")));
    assert_eq!(e.message, "playlist p is named \"P\" on line 2");
}

#[test]
fn structural_errors_pass_through() {
    let e = err("playlist_id,playlist_name,track_id,position\np,P,a\n");
    assert_eq!((e.line, e.field), (Some(2), None));
    let e = err("");
    assert_eq!((e.line, e.message.as_str()), (None, "the file is empty"));
    let e = err("playlist_id,playlist_name,track_id,position,Position\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("Position")));
}

#[test]
fn a_file_with_a_header_and_no_rows_is_an_error_not_an_empty_import() {
    for text in ["playlist_id,playlist_name,track_id,position\n", "playlist_id,playlist_name,track_id,position\n\n\n"] {
        let e = err(text);
        assert_eq!((e.line, e.field.as_deref()), (None, None));
        assert_eq!(e.message, "the file has no tracks: it holds a header and no rows");
    }
}

#[test]
fn names_made_safe_for_spreadsheets_read_back_as_they_were() {
    let text = "playlist_id,playlist_name,track_id,position\n\
                a,'=SUM(1+1),t,0\n\
                b,'+x,t,0\n\
                c,''quoted,t,0\n\
                d,'plain,t,0\n\
                e,'-,t,0\n";
    let (_d, path) = write("p.csv", text.as_bytes());
    let names: Vec<String> = read_playlists(&path).unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["=SUM(1+1)", "+x", "'quoted", "'plain", "-"]);
}
