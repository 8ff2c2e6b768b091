//! Playlist packages on the demo workspace (the real spotify-songs catalogue and playlists, the
//! simulated listeners and their model): export, verify, re-import and compare; every bad package
//! refused with its clear error and the workspace unchanged; playlists from JSPF, XSPF and M3U8.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use segue_api::package::manifest::{Manifest, MANIFEST};
use segue_api::package::{export_package, import_package, verify_package, ExportRequest, PlaylistFileFormat};
use segue_api::personalize::{set_settings, settings, PreviewEngine, RuleSettings};
use segue_core::personalize::Rule;
use segue_core::{CancelToken, SeedEdit};
use segue_io::package::{write_package, Archive, PackageFault};
use segue_store::Workspace;

/// The demo workspace, built once per run of this file (about 20 s) and closed. It lives at a
/// fixed place under cargo's target/tmp, replaced by the next run, so nothing accumulates.
fn demo_file() -> &'static Path {
    static DEMO: OnceLock<PathBuf> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("package-tests");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("demo.segue");
        let p = path.clone();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(segue_api::demo::create_demo(&p, |_| {}, &CancelToken::new())).unwrap();
        })
        .join()
        .unwrap();
        path
    })
}

/// A private copy of the demo workspace, opened.
async fn demo(dir: &Path, name: &str) -> Workspace {
    let path = dir.join(name);
    std::fs::copy(demo_file(), &path).unwrap();
    Workspace::open(&path).await.unwrap()
}

/// The first real playlist of the demo with at least 25 tracks, made into a seed an editor
/// worked on: two pins, a note, a description, two pool tracks, an unbreakable artist cap.
async fn edited_seed(ws: &Workspace) -> u32 {
    let mut lists: Vec<_> = ws.playlists().await.unwrap().into_iter().filter(|p| p.track_count >= 25).collect();
    lists.sort_by_key(|p| p.id);
    let id = lists[0].id;
    for position in [0, 4] {
        ws.edit_playlist(id, &SeedEdit::SetPinned { position, pinned: true }).await.unwrap();
    }
    ws.edit_playlist(id, &SeedEdit::SetNote { position: 2, note: "keep: the editor's favourite <3 & more".into() }).await.unwrap();
    ws.describe_playlist(id, "Morning drive — a seed for every segment").await.unwrap();
    let outside: Vec<String> = ws.playlist(lists[1].id).await.unwrap().items.iter().take(2).map(|i| i.track.id.clone()).collect();
    ws.pool_add(id, &outside).await.unwrap();
    let mut s = settings(ws, id).await.unwrap();
    s.rules = RuleSettings { max_per_artist: Some(Rule::hard(2)), ..Default::default() };
    set_settings(ws, id, &s).await.unwrap();
    id
}

async fn export(ws: &Workspace, playlist: u32, out: &Path, reproducible: bool) -> segue_api::Result<segue_api::package::ExportResult> {
    let engine = PreviewEngine::load(ws).await.unwrap().expect("the demo has an active model");
    let request = ExportRequest {
        playlist,
        out: out.display().to_string(),
        formats: Vec::new(),
        segments: Vec::new(),
        reproducible,
        editor: Some("Test Editor".into()),
    };
    export_package(ws, &engine, &request, |_| {}, &CancelToken::new()).await
}

fn manifest(path: &Path) -> Manifest {
    serde_json::from_slice(Archive::open(path).unwrap().get(MANIFEST).unwrap()).unwrap()
}

/// A copy of the package at `src` with its files changed by `edit`, written to `dest`.
fn rezip(src: &Path, dest: &Path, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut files = Archive::open(src).unwrap().entries().to_vec();
    edit(&mut files);
    write_package(dest, &files, zip::DateTime::default()).unwrap();
}

fn edit_manifest(files: &mut [(String, Vec<u8>)], f: impl FnOnce(&mut serde_json::Value)) {
    let entry = files.iter_mut().find(|(n, _)| n == MANIFEST).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&entry.1).unwrap();
    f(&mut v);
    entry.1 = serde_json::to_vec_pretty(&v).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn export_verify_reimport_gives_back_the_seed_and_every_variant() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "a.segue").await;
    let seed = edited_seed(&ws).await;
    let out = dir.path().join("seed.zip");
    let result = export(&ws, seed, &out, false).await.unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(result.bytes as usize, bytes.len());
    assert_eq!(result.sha256, segue_io::package::sha256_hex(&bytes));
    let m = manifest(&out);
    let k = m.model.k as usize;
    assert_eq!(result.variants as usize, k);
    assert_eq!(m.variants.len(), k);
    assert_eq!(result.files as usize, 2 + 4 * (1 + k), "manifest, README and four formats of the seed and each variant");
    assert_eq!(m.model.centroids.len(), k);
    assert!(m.model.vectors.content.get("means").is_some(), "the feature standardization is in the manifest: {}", m.model.vectors.content);
    assert_eq!(m.editor, "Test Editor");

    let report = verify_package(&out);
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(report.files_checked as usize, 1 + 4 * (1 + k));

    // The variants are what the studio previews, pins in place.
    let original = ws.playlist(seed).await.unwrap();
    for v in &m.variants {
        for (p, item) in original.items.iter().enumerate().filter(|(_, i)| i.pinned) {
            assert_eq!(v.tracks[p].track.id, item.track.id, "segment {}: the pin at {p} holds", v.name);
        }
    }

    // Into another copy of the demo: the seed and every variant come back.
    let other = demo(dir.path(), "b.segue").await;
    let before = other.playlists().await.unwrap().len();
    let imported = import_package(&other, &out, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!(imported.playlists_new as usize, 1 + k);
    assert_eq!(imported.unknown_count, 0);
    assert_eq!(other.playlists().await.unwrap().len(), before + 1 + k);
    let back = other.playlist(imported.seed_playlist).await.unwrap();
    assert_eq!(back.summary.name, original.summary.name);
    assert_eq!(back.summary.description, original.summary.description);
    let entries = |d: &segue_store::playlists::PlaylistDetail| -> Vec<(String, bool, String)> {
        d.items.iter().map(|i| (i.track.id.clone(), i.pinned, i.note.clone())).collect()
    };
    assert_eq!(entries(&back), entries(&original));
    assert_eq!(other.playlist_pool(imported.seed_playlist).await.unwrap(), ws.playlist_pool(seed).await.unwrap());
    assert_eq!(settings(&other, imported.seed_playlist).await.unwrap(), settings(&ws, seed).await.unwrap());
    for (v, id) in m.variants.iter().zip(&imported.variant_playlists) {
        let ids: Vec<String> = other.playlist(*id).await.unwrap().items.iter().map(|i| i.track.id.clone()).collect();
        assert_eq!(ids, v.tracks.iter().map(|t| t.track.id.clone()).collect::<Vec<_>>());
    }
    // Importing the same package again updates those playlists instead of duplicating them.
    let again = import_package(&other, &out, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!((again.playlists_new, again.playlists_updated as usize), (0, 1 + k));
    assert_eq!(again.seed_playlist, imported.seed_playlist);
    ws.close().await;
    other.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reproducible_exports_are_byte_identical_and_failed_exports_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "w.segue").await;
    let seed = edited_seed(&ws).await;
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    export(&ws, seed, &a, true).await.unwrap();
    export(&ws, seed, &b, true).await.unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(manifest(&a).created_at, "1980-01-01T00:00:00Z");

    // Only the chosen formats and segments.
    let engine = PreviewEngine::load(&ws).await.unwrap().unwrap();
    let some = ExportRequest {
        playlist: seed,
        out: dir.path().join("some.zip").display().to_string(),
        formats: vec![PlaylistFileFormat::M3u8, PlaylistFileFormat::Xspf],
        segments: vec![1, 0],
        reproducible: true,
        editor: None,
    };
    let r = export_package(&ws, &engine, &some, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!(r.files, 2 + 2 * 3);
    let m = manifest(Path::new(&some.out));
    assert_eq!(m.variants.iter().map(|v| v.segment).collect::<Vec<_>>(), vec![1, 0]);
    assert!(m.variants[0].files.jspf.is_none() && m.variants[0].files.m3u8.is_some());
    assert!(verify_package(Path::new(&some.out)).ok);

    // A variant that cannot keep an unbreakable rule: nothing is written, the old file stays.
    let mut s = settings(&ws, seed).await.unwrap();
    s.rules.length = Some(Rule::hard(segue_core::personalize::TargetLength::Tracks(5000)));
    set_settings(&ws, seed, &s).await.unwrap();
    let before = std::fs::read(&a).unwrap();
    let e = export(&ws, seed, &a, true).await.unwrap_err();
    assert!(e.to_string().contains("unbreakable") && e.to_string().contains("nothing was exported"), "{e}");
    assert_eq!(std::fs::read(&a).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().contains(".part")).collect();
    assert!(leftovers.is_empty());
    ws.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_package_is_refused_with_its_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "w.segue").await;
    let seed = edited_seed(&ws).await;
    let good = dir.path().join("good.zip");
    export(&ws, seed, &good, true).await.unwrap();
    let m = manifest(&good);
    let m3u8 = m.variants[0].files.m3u8.clone().unwrap();
    let xspf = m.variants[1].files.xspf.clone().unwrap();
    let first_artist = m.variants[0].tracks[0].track.artist.clone();

    let mut cases: Vec<(&str, PathBuf, PackageFault, String)> = Vec::new();
    let mut case = |name: &'static str, fault: PackageFault, needle: String, edit: Box<dyn FnOnce(&mut Vec<(String, Vec<u8>)>)>| {
        let path = dir.path().join(format!("{name}.zip"));
        rezip(&good, &path, edit);
        cases.push((name, path, fault, needle));
    };
    let gone = xspf.clone();
    case("missing-file", PackageFault::Missing, xspf.clone(), Box::new(move |f| f.retain(|(n, _)| *n != gone)));
    let altered = m3u8.clone();
    case(
        "altered-file",
        PackageFault::Checksum,
        m3u8.clone(),
        Box::new(move |f| f.iter_mut().find(|(n, _)| *n == altered).unwrap().1.extend_from_slice(b"spotify:track:0000000000000000000000\n")),
    );
    case("extra-file", PackageFault::Missing, "notes.txt".into(), Box::new(|f| f.push(("notes.txt".into(), b"hi".to_vec()))));
    case(
        "future-version",
        PackageFault::Version,
        "format version 2".into(),
        Box::new(|f| edit_manifest(f, |v| v["formatVersion"] = 2.into())),
    );
    case(
        "no-seed",
        PackageFault::Format,
        "missing field `seed`".into(),
        Box::new(|f| edit_manifest(f, |v| { v.as_object_mut().unwrap().remove("seed"); })),
    );
    case(
        "not-segue",
        PackageFault::Format,
        "format".into(),
        Box::new(|f| edit_manifest(f, |v| v["format"] = "something-else".into())),
    );
    case("no-manifest", PackageFault::Missing, "manifest.json".into(), Box::new(|f| f.retain(|(n, _)| n != MANIFEST)));
    let artist = first_artist.clone();
    case(
        "broken-rule",
        PackageFault::Rules,
        "unbreakable".into(),
        Box::new(move |f| edit_manifest(f, |v| {
            v["seed"]["settings"]["rules"]["bannedArtists"] = serde_json::json!({ "value": [artist], "unbreakable": true, "priority": 0 });
        })),
    );
    // Archives a zip library writes only when asked to: a path out of the folder, a bomb.
    let escape = dir.path().join("escape.zip");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&escape).unwrap());
        for (n, b) in Archive::open(&good).unwrap().entries() {
            zip.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, b).unwrap();
        }
        zip.start_file("../../evil.sh", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, b"rm -rf ~").unwrap();
        zip.finish().unwrap();
    }
    cases.push(("escape", escape, PackageFault::UnsafePath, "../../evil.sh".into()));
    let bomb = dir.path().join("bomb.zip");
    let mut bytes = std::fs::read(&good).unwrap();
    for at in bytes.windows(4).enumerate().filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02]).map(|(i, _)| i + 24).collect::<Vec<_>>() {
        bytes[at..at + 4].copy_from_slice(&0xFFFF_0000u32.to_le_bytes());
    }
    std::fs::write(&bomb, bytes).unwrap();
    cases.push(("bomb", bomb, PackageFault::TooLarge, "bytes".into()));
    let corrupt = dir.path().join("corrupt.zip");
    let mut bytes = std::fs::read(&good).unwrap();
    let mid = bytes.len() / 3;
    bytes[mid..mid + 64].iter_mut().for_each(|b| *b ^= 0x5a);
    std::fs::write(&corrupt, bytes).unwrap();
    cases.push(("corrupt", corrupt, PackageFault::Corrupt, String::new()));
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &std::fs::read(&good).unwrap()[..4000]).unwrap();
    cases.push(("truncated", truncated, PackageFault::NotAZip, "zip".into()));

    let before = ws.playlists().await.unwrap();
    for (name, path, fault, needle) in &cases {
        let report = verify_package(path);
        assert!(!report.ok, "{name}: should not verify");
        let p = &report.problems[0];
        let shown = p.to_string();
        // A corrupt entry may also surface as a broken archive, depending on which bytes broke.
        if *name == "corrupt" {
            assert!(matches!(p.fault, PackageFault::Corrupt | PackageFault::NotAZip | PackageFault::Checksum | PackageFault::Format), "{name}: {shown}");
        } else {
            assert_eq!(p.fault, *fault, "{name}: {shown}");
        }
        assert!(shown.contains(needle.as_str()), "{name}: {shown:?} should mention {needle:?}");
        let e = import_package(&ws, path, |_| {}, &CancelToken::new()).await.unwrap_err();
        assert!(e.to_string().contains("nothing was imported"), "{name}: {e}");
        assert_eq!(e.code(), segue_api::ErrorCode::BadFile, "{name}");
    }
    let after = ws.playlists().await.unwrap();
    assert_eq!(after.len(), before.len());
    assert!(after.iter().zip(&before).all(|(a, b)| a.id == b.id && a.updated_at == b.updated_at && a.track_count == b.track_count));
    ws.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn jspf_xspf_and_m3u8_files_import_as_playlists_matched_by_id_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let ws = demo(dir.path(), "w.segue").await;
    let seed = edited_seed(&ws).await;
    let pkg = dir.path().join("p.zip");
    export(&ws, seed, &pkg, true).await.unwrap();
    let archive = Archive::open(&pkg).unwrap();
    let m = manifest(&pkg);
    let v = &m.variants[0];
    let want: Vec<String> = v.tracks.iter().map(|t| t.track.id.clone()).collect();
    for path in v.files.jspf.iter().chain(&v.files.xspf).chain(&v.files.m3u8) {
        let file = dir.path().join(Path::new(path).file_name().unwrap());
        std::fs::write(&file, archive.get(path).unwrap()).unwrap();
        let r = segue_api::import::import_playlists(&ws, &file, |_| {}, &CancelToken::new()).await.unwrap();
        assert_eq!((r.playlists_new, r.entries as usize, r.unknown_count, r.matched_by_name), (1, want.len(), 0, 0), "{path}");
        let id = ws.playlists().await.unwrap().into_iter().find(|p| p.source.as_deref() == Some(&format!("file:{}", file.file_name().unwrap().to_string_lossy()))).unwrap().id;
        let got: Vec<String> = ws.playlist(id).await.unwrap().items.iter().map(|i| i.track.id.clone()).collect();
        assert_eq!(got, want, "{path}");
    }

    // A player's M3U8: local files, no ids; matched by artist and title, the rest reported.
    let t = &v.tracks;
    let m3u = format!(
        "#EXTM3U\n#EXTINF:200,{} - {}\n/music/a.mp3\n#EXTINF:180,{} - {}\nC:\\Music\\b.flac\n#EXTINF:-1,Nobody - Never Recorded\n/music/c.mp3\n",
        t[0].track.artist, t[0].track.title.to_uppercase(), t[1].track.artist, t[1].track.title
    );
    let file = dir.path().join("player.m3u8");
    std::fs::write(&file, m3u).unwrap();
    let r = segue_api::import::import_playlists(&ws, &file, |_| {}, &CancelToken::new()).await.unwrap();
    assert_eq!((r.entries, r.matched_by_name, r.unknown_count), (2, 2, 1));
    assert_eq!(r.unknown[0].line, 7);
    assert_eq!(r.unknown[0].name.as_deref(), Some("Nobody - Never Recorded"));
    assert_eq!(r.unknown[0].track_id, "/music/c.mp3");

    // A bad file: its error names file, line and field, and nothing is imported.
    let before = ws.playlists().await.unwrap().len();
    let bad = dir.path().join("bad.xspf");
    std::fs::write(&bad, "<?xml version=\"1.0\"?>\n<playlist version=\"1\" xmlns=\"http://xspf.org/ns/0/\">\n<trackList>\n<track><title>A</title><duration>long</duration></track>\n</trackList>\n</playlist>\n").unwrap();
    let e = segue_api::import::import_playlists(&ws, &bad, |_| {}, &CancelToken::new()).await.unwrap_err();
    let shown = e.to_string();
    assert!(shown.contains("bad.xspf") && shown.contains("line 4") && shown.contains("duration"), "{shown}");
    assert_eq!(ws.playlists().await.unwrap().len(), before);
    ws.close().await;
}
