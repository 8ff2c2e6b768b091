//! One fuzz target per reader: the catalogue in CSV, TSV and JSON lines, signals in each of
//! their three shapes, Parquet, JSPF, XSPF, M3U8, the playlist CSV and the package.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tempfile::TempDir;

use super::{check, config, input, seeds};
use crate::formats::{read_playlist_bytes, read_playlist_file, PlaylistFormat};
use crate::package::{sha256_file, Archive};
use crate::{preview_catalog, read_playlists, CatalogReader, ImportError, SignalKind, SignalReader, TableReader};

thread_local! {
    /// Each test thread's folder for its inputs: in memory (`/dev/shm`) where there is one, since
    /// a million inputs written to a busy disk spend more time waiting on it than reading.
    static SCRATCH: TempDir = {
        let shm = Path::new("/dev/shm");
        let root = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        tempfile::Builder::new().prefix("segue-fuzz-").tempdir_in(root).expect("a temporary folder")
    };
}

/// Writes an input to the file `name` in this thread's folder, replacing the last input.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    SCRATCH.with(|dir| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write the input");
        path
    })
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
        let path = scratch("songs.csv", &bytes);
        check("catalogue_csv", &bytes, || catalogue(&path));
    }

    #[test]
    fn catalogue_tsv(bytes in input(seeds::catalogue(Some(b'\t')), true)) {
        let path = scratch("songs.tsv", &bytes);
        check("catalogue_tsv", &bytes, || catalogue(&path));
    }

    #[test]
    fn catalogue_json_lines(bytes in input(seeds::catalogue(None), true)) {
        let path = scratch("songs.jsonl", &bytes);
        check("catalogue_json_lines", &bytes, || catalogue(&path));
    }

    #[test]
    fn signal_events(bytes in input(seeds::signals(SignalKind::Events), true)) {
        let path = scratch("events", &bytes);
        check("signal_events", &bytes, || signals(&path, SignalKind::Events));
    }

    #[test]
    fn signal_aggregates(bytes in input(seeds::signals(SignalKind::Aggregates), true)) {
        let path = scratch("aggregates", &bytes);
        check("signal_aggregates", &bytes, || signals(&path, SignalKind::Aggregates));
    }

    #[test]
    fn signal_artist_plays(bytes in input(seeds::signals(SignalKind::ArtistPlays), true)) {
        let path = scratch("plays", &bytes);
        check("signal_artist_plays", &bytes, || signals(&path, SignalKind::ArtistPlays));
    }

    #[test]
    fn parquet(bytes in input(seeds::parquet_files(), false)) {
        let path = scratch("table.parquet", &bytes);
        check("parquet", &bytes, || match TableReader::open(&path) {
            Ok(reader) => reader.filter_map(Result::err).collect(),
            Err(e) => vec![e],
        });
    }

    #[test]
    fn jspf(bytes in input(seeds::playlist("jspf"), true)) {
        let path = scratch("list.jspf", &bytes);
        check("jspf", &bytes, || one(read_playlist_file(&path)));
    }

    #[test]
    fn xspf(bytes in input(seeds::playlist("xspf"), true)) {
        let path = scratch("list.xspf", &bytes);
        check("xspf", &bytes, || one(read_playlist_file(&path)));
    }

    #[test]
    fn m3u8(bytes in input(seeds::playlist("m3u8"), true)) {
        let path = scratch("list.m3u8", &bytes);
        check("m3u8", &bytes, || one(read_playlist_file(&path)));
    }

    #[test]
    fn playlist_csv(bytes in input(seeds::playlist("csv"), true)) {
        let path = scratch("playlists.csv", &bytes);
        check("playlist_csv", &bytes, || one(read_playlists(&path)));
    }

    /// The package as verifying reads it: the archive, then each playlist file inside.
    #[test]
    fn package(bytes in input(seeds::package(), false)) {
        let path = scratch("seed.zip", &bytes);
        check("package", &bytes, || {
            assert!(sha256_file(&path).is_ok());
            match Archive::open(&path) {
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
