use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::*;

fn files() -> Vec<(String, Vec<u8>)> {
    vec![
        ("manifest.json".to_owned(), b"{\"format\": \"segue-package\"}".to_vec()),
        ("variants/segment-01.m3u8".to_owned(), "#EXTM3U\n#EXTINF:201,Beyoncé - Halo\nspotify:track:x\n".into()),
    ]
}

/// A zip written without any of [`write_package`]'s care, for hostile archives.
fn raw_zip(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Offsets of the central directory headers' uncompressed-size fields.
fn central_size_fields(zip: &[u8]) -> Vec<usize> {
    zip.windows(4).enumerate().filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02]).map(|(i, _)| i + 24).collect()
}

fn open_bytes(bytes: &[u8]) -> Result<Archive, PackageError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    std::fs::write(&path, bytes).unwrap();
    Archive::open(&path)
}

#[test]
fn a_package_reads_back_as_written_and_the_same_inputs_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    let when = DateTime::default();
    let wa = write_package(&a, &files(), when).unwrap();
    let wb = write_package(&b, &files(), when).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(wa, wb);
    assert_eq!(wa.bytes, std::fs::metadata(&a).unwrap().len());
    assert_eq!(wa.sha256, sha256_hex(&std::fs::read(&a).unwrap()));
    let archive = Archive::open(&a).unwrap();
    assert_eq!(archive.entries(), files().as_slice());
    assert_eq!(archive.get("manifest.json"), Some(files()[0].1.as_slice()));
    // Nothing but the two packages is left in the folder: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn an_export_replaces_the_old_package_whole_and_fails_cleanly_without_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    std::fs::write(&path, b"old").unwrap();
    write_package(&path, &files(), DateTime::default()).unwrap();
    assert!(Archive::open(&path).is_ok());
    let missing = dir.path().join("no/such/folder/p.zip");
    let e = write_package(&missing, &files(), DateTime::default()).unwrap_err();
    assert_eq!(e.fault, PackageFault::Io);
    assert!(e.to_string().contains("does not exist"), "{e}");
}

#[test]
fn zip_time_clamps_to_the_zip_epoch_and_keeps_real_times() {
    assert_eq!(zip_time(time::OffsetDateTime::UNIX_EPOCH), DateTime::default());
    let t = zip_time(time::macros::datetime!(2026-11-26 10:30:41 UTC));
    assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()), (2026, 11, 26, 10, 30, 40));
}

#[test]
fn paths_that_escape_the_folder_are_refused_naming_the_entry() {
    for name in ["../evil.txt", "/etc/evil", "a/../../evil", "C:/evil", "a\\..\\evil"] {
        let e = open_bytes(&raw_zip(&[("manifest.json", b"{}"), (name, b"x")], CompressionMethod::Stored)).unwrap_err();
        assert_eq!(e.fault, PackageFault::UnsafePath, "{name}: {e}");
        assert_eq!(e.entry.as_deref(), Some(name));
    }
}

#[test]
fn absurd_declared_sizes_and_bombs_are_refused_before_inflating() {
    let mut declared = raw_zip(&[("manifest.json", b"{}")], CompressionMethod::Stored);
    for at in central_size_fields(&declared) {
        declared[at..at + 4].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    }
    let e = open_bytes(&declared).unwrap_err();
    assert_eq!(e.fault, PackageFault::TooLarge, "{e}");
    assert!(e.to_string().contains("manifest.json"), "{e}");

    let zeros = vec![0u8; 4 << 20];
    let bomb = raw_zip(&[("zeros.bin", &zeros)], CompressionMethod::Deflated);
    let e = open_bytes(&bomb).unwrap_err();
    assert_eq!(e.fault, PackageFault::TooLarge, "{e}");
    assert!(e.message.contains("zip bomb"), "{e}");

    let many: Vec<(String, Vec<u8>)> = (0..30).map(|i| (format!("f{i}"), vec![])).collect();
    let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.zip");
    std::fs::write(&path, raw_zip(&refs, CompressionMethod::Stored)).unwrap();
    let limits = Limits { max_entries: 20, ..Limits::default() };
    assert_eq!(Archive::open_with(&path, limits).unwrap_err().fault, PackageFault::TooLarge);
}

#[test]
fn corrupted_truncated_and_lying_archives_are_refused() {
    let good = raw_zip(&[("manifest.json", b"{\"a\": 1, \"b\": 2, \"c\": 3}")], CompressionMethod::Stored);
    let mut flipped = good.clone();
    let at = flipped.windows(5).position(|w| w == b"\"a\": ").unwrap();
    flipped[at + 5] = b'9';
    assert_eq!(open_bytes(&flipped).unwrap_err().fault, PackageFault::Corrupt);

    assert_eq!(open_bytes(&good[..good.len() / 2]).unwrap_err().fault, PackageFault::NotAZip);
    assert_eq!(open_bytes(b"not a zip at all").unwrap_err().fault, PackageFault::NotAZip);
    assert_eq!(open_bytes(b"").unwrap_err().fault, PackageFault::NotAZip);

    let mut lying = raw_zip(&[("m.json", &[b'x'; 5000])], CompressionMethod::Deflated);
    for at in central_size_fields(&lying) {
        lying[at..at + 4].copy_from_slice(&10u32.to_le_bytes());
    }
    let e = open_bytes(&lying).unwrap_err();
    assert_eq!(e.fault, PackageFault::Corrupt, "{e}");
}

#[test]
fn duplicate_names_are_refused() {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("a.json", SimpleFileOptions::default()).unwrap();
    zip.write_all(b"1").unwrap();
    zip.start_file("b.json", SimpleFileOptions::default()).unwrap();
    zip.write_all(b"2").unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    // Rename b.json to a.json wherever it is named (local and central headers).
    while let Some(at) = bytes.windows(6).position(|w| w == b"b.json") {
        bytes[at] = b'a';
    }
    let e = open_bytes(&bytes).unwrap_err();
    assert!(matches!(e.fault, PackageFault::NotAZip), "{e}");
}

#[test]
fn package_errors_escape_control_characters_from_the_archive() {
    let e = PackageError::entry("p\n.zip", "a\u{1b}[2J", PackageFault::UnsafePath, "bad\r\nname");
    assert_eq!(e.to_string(), "p\\n.zip, entry a\\u{1b}[2J: bad\\r\\nname");
}
