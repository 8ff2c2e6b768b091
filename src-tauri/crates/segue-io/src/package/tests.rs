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

fn open_bytes_with(bytes: &[u8], limits: Limits) -> Result<Archive, PackageError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    std::fs::write(&path, bytes).unwrap();
    Archive::open_with(&path, limits)
}

#[test]
fn every_package_limit_holds_at_its_value_and_refuses_one_past_it() {
    let wide = Limits { max_entries: 100, max_entry_bytes: 1 << 30, max_total_bytes: 1 << 30, max_ratio: 1 << 20 };
    let five: Vec<(String, Vec<u8>)> = (0..5).map(|i| (format!("f{i}"), vec![b'a' + i as u8; 1000])).collect();
    let refs: Vec<(&str, &[u8])> = five.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let stored = raw_zip(&refs, CompressionMethod::Stored);
    let cases = [
        (Limits { max_entries: 5, ..wide }, Limits { max_entries: 4, ..wide }, "declares 5 entries (at most 4"),
        (Limits { max_entry_bytes: 1000, ..wide }, Limits { max_entry_bytes: 999, ..wide }, "declares 1000 bytes"),
        (Limits { max_total_bytes: 5000, ..wide }, Limits { max_total_bytes: 4999, ..wide }, "more than 4999 bytes"),
    ];
    for (at, past, message) in cases {
        assert_eq!(open_bytes_with(&stored, at).unwrap().entries().len(), 5);
        let e = open_bytes_with(&stored, past).unwrap_err();
        assert_eq!(e.fault, PackageFault::TooLarge);
        assert!(e.message.contains(message), "{e}");
    }
    // The ratio is checked on entries above 1 MiB, as whole multiples.
    let zeros = vec![0u8; 2 << 20];
    let bomb = raw_zip(&[("zeros.bin", &zeros)], CompressionMethod::Deflated);
    let central = central_size_fields(&bomb)[0];
    let packed = u64::from(u32::from_le_bytes(bomb[central - 4..central].try_into().unwrap()));
    let ratio = (2 << 20) / packed;
    assert!(open_bytes_with(&bomb, Limits { max_ratio: ratio, ..wide }).is_ok());
    let e = open_bytes_with(&bomb, Limits { max_ratio: ratio - 1, ..wide }).unwrap_err();
    assert!(e.message.contains("a zip bomb"), "{e}");
}

#[test]
fn the_default_limits_are_the_named_constants() {
    use crate::limits::*;
    let limits = Limits::default();
    assert_eq!(
        (limits.max_entries, limits.max_entry_bytes, limits.max_total_bytes, limits.max_ratio),
        (MAX_PACKAGE_ENTRIES, MAX_PACKAGE_ENTRY_BYTES, MAX_PACKAGE_TOTAL_BYTES, MAX_PACKAGE_RATIO)
    );
    // A 6.9 MB package that inflates to 1 GB (150-fold) is refused, entry by entry.
    const { assert!(MAX_PACKAGE_RATIO < 150 && MAX_PACKAGE_TOTAL_BYTES < 1 << 30) };
}

#[test]
fn a_package_with_anything_before_its_first_entry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.zip");
    write_package(&path, &files(), DateTime::default()).unwrap();
    let good = std::fs::read(&path).unwrap();
    assert!(open_bytes(&good).is_ok());
    for junk in [&b"x"[..], b"#!/bin/sh\nexec evil\n", &[0u8; 70_000]] {
        let mut prefixed = junk.to_vec();
        prefixed.extend_from_slice(&good);
        let e = open_bytes(&prefixed).unwrap_err();
        assert_eq!(e.fault, PackageFault::NotAZip, "{e}");
        assert_eq!(e.message, "the archive has data before its first entry; a package is a zip from its first byte");
    }
    // Junk that starts as a zip does is still junk.
    let mut disguised = b"PK\x03\x04junk".to_vec();
    disguised.extend_from_slice(&good);
    assert_eq!(open_bytes(&disguised).unwrap_err().fault, PackageFault::NotAZip);
}

#[test]
fn a_package_is_hashed_as_a_stream_to_the_same_digest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(sha256_file(&path).unwrap(), sha256_hex(&bytes));
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert!(sha256_file(&dir.path().join("missing")).is_err());
}

#[test]
fn package_errors_escape_control_characters_from_the_archive() {
    let e = PackageError::entry("p\n.zip", "a\u{1b}[2J", PackageFault::UnsafePath, "bad\r\nname");
    assert_eq!(e.to_string(), "p\\n.zip, entry a\\u{1b}[2J: bad\\r\\nname");
}
