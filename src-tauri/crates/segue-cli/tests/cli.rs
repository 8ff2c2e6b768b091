//! The `segue` command as a pipeline sees it: exit codes, stderr messages, stable JSON.

use std::path::Path;
use std::process::{Command, Output};

fn segue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_segue")).args(args).output().expect("run segue")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn demo_workspace_playlists_and_stable_json() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.segue");
    let report = json(&segue(&["init", s(&ws), "--demo", "--json"]));
    assert_eq!(report["tracksNew"], 28_356);
    assert_eq!(report["playlistsNew"], 471);

    let list = json(&segue(&["playlists", "list", "--workspace", s(&ws), "--json"]));
    let playlists = list["playlists"].as_array().unwrap();
    assert_eq!(playlists.len(), 471);
    let first = &playlists[0];
    for key in ["id", "name", "description", "source", "trackCount", "durationMs", "updatedAt"] {
        assert!(first.get(key).is_some(), "playlist JSON has {key}: {first}");
    }

    let id = first["id"].as_u64().unwrap().to_string();
    let shown = json(&segue(&["playlists", "show", &id, "--workspace", s(&ws), "--json"]));
    assert_eq!(shown["summary"]["id"], first["id"]);
    let items = shown["items"].as_array().unwrap();
    assert_eq!(items.len() as u64, first["trackCount"].as_u64().unwrap());
    assert_eq!(items[0]["position"], 0);
    assert!(items[0]["track"]["id"].is_string());
    assert!(items[0]["track"]["features"]["energy"].is_number());

    let by_name = segue(&["playlists", "show", first["name"].as_str().unwrap(), "--workspace", s(&ws)]);
    assert!(by_name.status.success() || by_name.status.code() == Some(3), "a name may be shared: then exit 3");

    let again = segue(&["init", s(&ws), "--demo"]);
    assert_eq!(again.status.code(), Some(5), "never overwrites a workspace");
}

#[test]
fn errors_exit_non_zero_with_a_clear_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.segue");
    assert!(segue(&["init", s(&ws)]).status.success());
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "track_id,track_name,track_artist,duration_ms,energy\na,One,X,200000,0.5\n").unwrap();
    let ok = json(&segue(&["import", "catalog", s(&good), "--workspace", s(&ws), "--json"]));
    assert_eq!(ok["tracksNew"], 1);

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "track_id,track_name,track_artist,duration_ms,energy\nb,Two,Y,200000,0.5\nc,Three,Z,200000,2.5\n").unwrap();
    let out = segue(&["import", "catalog", s(&bad), "--workspace", s(&ws)]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv") && err.contains("line 3") && err.contains("energy"), "{err}");
    let list = json(&segue(&["playlists", "list", "--workspace", s(&ws), "--json"]));
    assert_eq!(list["playlists"].as_array().unwrap().len(), 0);

    let missing = segue(&["playlists", "list", "--workspace", s(&dir.path().join("none.segue"))]);
    assert_eq!(missing.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));

    let no_such = segue(&["playlists", "show", "Nope", "--workspace", s(&ws)]);
    assert_eq!(no_such.status.code(), Some(4));

    let usage = segue(&["frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));

    let lists = dir.path().join("lists.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b"playlist_id,playlist_name,track_id,position\np1,Morning,a,1\np1,,ghost,2\n").unwrap();
    std::fs::write(&lists, gz.finish().unwrap()).unwrap();
    let report = json(&segue(&["import", "playlists", s(&lists), "--workspace", s(&ws), "--json"]));
    assert_eq!(report["playlistsNew"], 1);
    assert_eq!(report["unknownCount"], 1);
    assert_eq!(report["unknown"][0]["trackId"], "ghost");
}

#[test]
fn export_verify_and_import_a_package_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.segue");
    json(&segue(&["init", s(&ws), "--demo", "--json"]));
    let list = json(&segue(&["playlists", "list", "--workspace", s(&ws), "--json"]));
    let seed = list["playlists"].as_array().unwrap().iter().find(|p| p["trackCount"].as_u64().unwrap() >= 20).unwrap()["id"].to_string();

    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    let exported = json(&segue(&["export", "--playlist", &seed, "--out", s(&a), "--reproducible", "--json", "--workspace", s(&ws)]));
    for key in ["path", "bytes", "sha256", "files", "variants", "elapsedMs"] {
        assert!(exported.get(key).is_some(), "export JSON has {key}: {exported}");
    }
    let k = exported["variants"].as_u64().unwrap();
    assert!(k >= 2);
    assert!(segue(&["export", "--playlist", &seed, "--out", s(&b), "--reproducible", "--workspace", s(&ws)]).status.success());
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "--reproducible gives the same bytes");

    let verified = json(&segue(&["verify", s(&a), "--json"]));
    assert_eq!(verified["ok"], true);
    assert_eq!(verified["variants"], k);
    assert_eq!(verified["sha256"], exported["sha256"]);
    assert_eq!(verified["problems"].as_array().unwrap().len(), 0);

    // Only some formats and segments.
    let some = dir.path().join("some.zip");
    let r = json(&segue(&["export", "--playlist", &seed, "--out", s(&some), "--formats", "m3u8,csv", "--segments", "0", "--json", "--workspace", s(&ws)]));
    assert_eq!((r["files"].as_u64(), r["variants"].as_u64()), (Some(2 + 2 * 2), Some(1)));
    let bad_format = segue(&["export", "--playlist", &seed, "--out", s(&some), "--formats", "pls", "--workspace", s(&ws)]);
    assert_eq!(bad_format.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad_format.stderr).contains("unknown format \"pls\""));

    // A damaged package: exit 3, the problem on stderr, and `import package` refuses it.
    let damaged = dir.path().join("damaged.zip");
    let mut bytes = std::fs::read(&a).unwrap();
    let at = bytes.len() / 2;
    bytes.truncate(at);
    std::fs::write(&damaged, bytes).unwrap();
    let out = segue(&["verify", s(&damaged)]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged.zip"), "{}", String::from_utf8_lossy(&out.stderr));
    let refused = segue(&["import", "package", s(&damaged), "--workspace", s(&ws)]);
    assert_eq!(refused.status.code(), Some(3));
    let count = |ws: &Path| json(&segue(&["playlists", "list", "--workspace", s(ws), "--json"]))["playlists"].as_array().unwrap().len();
    assert_eq!(count(&ws), 471);

    let imported = json(&segue(&["import", "package", s(&a), "--workspace", s(&ws), "--json"]));
    assert_eq!(imported["playlistsNew"].as_u64(), Some(1 + k));
    assert_eq!(count(&ws), 471 + 1 + k as usize);
    let seed_back = imported["seedPlaylist"].to_string();
    let original = json(&segue(&["playlists", "show", &seed, "--workspace", s(&ws), "--json"]));
    let back = json(&segue(&["playlists", "show", &seed_back, "--workspace", s(&ws), "--json"]));
    let ids = |v: &serde_json::Value| v["items"].as_array().unwrap().iter().map(|i| i["track"]["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(&original));

    let missing = segue(&["verify", s(&dir.path().join("none.zip"))]);
    assert_eq!(missing.status.code(), Some(4));
}
