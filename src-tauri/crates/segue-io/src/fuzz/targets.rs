//! One fuzz target per reader: the catalogue in CSV, TSV and JSON lines, signals in each of
//! their three shapes, Parquet, JSPF, XSPF, M3U8, the playlist CSV and the package.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tempfile::TempDir;

use super::{check, config, input, seeds};
use crate::formats::{read_playlist_bytes, read_playlist_file, PlaylistFormat};
use crate::package::{sha256_file, Archive};
use crate::{preview_catalog, read_playlists, CatalogReader, ImportError, SignalKind, SignalReader, TableReader};

/// A file for the target's inputs, in its own folder; each case overwrites it.
struct Scratch {
    _dir: TempDir,
    path: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(name);
        Self { _dir: dir, path }
    }

    fn with(&self, bytes: &[u8]) -> &Path {
        std::fs::write(&self.path, bytes).expect("write the input");
        &self.path
    }
}

/// Every error met reading a catalogue file to its end, as the import wizard would.
fn catalogue(path: &Path) -> Vec<ImportError> {
    let mapping = match preview_catalog(path) {
        Ok(preview) => preview.mapping,
        Err(e) => return vec![e],
    };
    match CatalogReader::open(path, &mapping) {
        Ok(reader) => reader.filter_map(Result::err).collect(),
        Err(e) => vec![e],
    }
}

/// Every error met reading a signal file of `kind` to its end.
fn signals(path: &Path, kind: SignalKind) -> Vec<ImportError> {
    match SignalReader::open(path, kind) {
        Ok(reader) => reader.filter_map(Result::err).collect(),
        Err(e) => vec![e],
    }
}

fn one<T>(result: crate::Result<T>) -> Vec<ImportError> {
    result.err().into_iter().collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn catalogue_csv(bytes in input(seeds::catalogue(Some(b',')), true)) {
        let scratch = Scratch::new("songs.csv");
        check("catalogue_csv", &bytes, || catalogue(scratch.with(&bytes)));
    }

    #[test]
    fn catalogue_tsv(bytes in input(seeds::catalogue(Some(b'\t')), true)) {
        let scratch = Scratch::new("songs.tsv");
        check("catalogue_tsv", &bytes, || catalogue(scratch.with(&bytes)));
    }

    #[test]
    fn catalogue_json_lines(bytes in input(seeds::catalogue(None), true)) {
        let scratch = Scratch::new("songs.jsonl");
        check("catalogue_json_lines", &bytes, || catalogue(scratch.with(&bytes)));
    }

    #[test]
    fn signal_events(bytes in input(seeds::signals(SignalKind::Events), true)) {
        let scratch = Scratch::new("events");
        check("signal_events", &bytes, || signals(scratch.with(&bytes), SignalKind::Events));
    }

    #[test]
    fn signal_aggregates(bytes in input(seeds::signals(SignalKind::Aggregates), true)) {
        let scratch = Scratch::new("aggregates");
        check("signal_aggregates", &bytes, || signals(scratch.with(&bytes), SignalKind::Aggregates));
    }

    #[test]
    fn signal_artist_plays(bytes in input(seeds::signals(SignalKind::ArtistPlays), true)) {
        let scratch = Scratch::new("plays");
        check("signal_artist_plays", &bytes, || signals(scratch.with(&bytes), SignalKind::ArtistPlays));
    }

    #[test]
    fn parquet(bytes in input(seeds::parquet_files(), false)) {
        let scratch = Scratch::new("table.parquet");
        check("parquet", &bytes, || match TableReader::open(scratch.with(&bytes)) {
            Ok(reader) => reader.filter_map(Result::err).collect(),
            Err(e) => vec![e],
        });
    }

    #[test]
    fn jspf(bytes in input(seeds::playlist("jspf"), true)) {
        let scratch = Scratch::new("list.jspf");
        check("jspf", &bytes, || one(read_playlist_file(scratch.with(&bytes))));
    }

    #[test]
    fn xspf(bytes in input(seeds::playlist("xspf"), true)) {
        let scratch = Scratch::new("list.xspf");
        check("xspf", &bytes, || one(read_playlist_file(scratch.with(&bytes))));
    }

    #[test]
    fn m3u8(bytes in input(seeds::playlist("m3u8"), true)) {
        let scratch = Scratch::new("list.m3u8");
        check("m3u8", &bytes, || one(read_playlist_file(scratch.with(&bytes))));
    }

    #[test]
    fn playlist_csv(bytes in input(seeds::playlist("csv"), true)) {
        let scratch = Scratch::new("playlists.csv");
        check("playlist_csv", &bytes, || one(read_playlists(scratch.with(&bytes))));
    }

    /// The package as verifying reads it: the archive, then each playlist file inside.
    #[test]
    fn package(bytes in input(seeds::package(), false)) {
        let scratch = Scratch::new("seed.zip");
        check("package", &bytes, || {
            let path = scratch.with(&bytes);
            assert!(sha256_file(path).is_ok());
            match Archive::open(path) {
                Err(e) => vec![e.to_string()],
                Ok(archive) => archive
                    .entries()
                    .iter()
                    .filter_map(|(name, bytes)| {
                        let format = PlaylistFormat::from_path(Path::new(name))?;
                        read_playlist_bytes(name, format, bytes).err().map(|e| e.to_string())
                    })
                    .collect(),
            }
        });
    }
}
