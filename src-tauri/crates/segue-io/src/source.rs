//! Opening an input file: plain or gzip, told apart by content, with progress a job can watch.
//!
//! Gzip is recognised by its magic bytes (`1f 8b`), not by the file name, because exports are
//! renamed freely and `.csv` files that are really gzip (or the reverse) are common. Concatenated
//! gzip members are read as one stream, as `gzip -d` does. Progress is counted in bytes of the
//! file itself (compressed bytes for gzip), the only measure whose total is known up front.
//! A gzip file may inflate to at most [`MAX_INFLATED_TABLE_BYTES`]: a few megabytes of gzip can
//! hold a thousand times more, so past that the read fails instead of running on for hours.
//!
//! Parquet is recognised the same way (`PAR1`), but it is not a stream: its reader takes the file
//! back ([`Source::into_file`]) and reads it by offset, counting progress in rows, whose total its
//! footer gives.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;
use segue_core::Progress;

use crate::error::{ImportError, Result};
use crate::limits::{size, MAX_INFLATED_TABLE_BYTES};

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The four bytes a Parquet file starts (and ends) with.
const PARQUET_MAGIC: [u8; 4] = *b"PAR1";

/// Large reads keep system calls and decompression calls few; 64 KiB is where gains flatten.
const BUFFER: usize = 64 * 1024;

/// What a [`ByteProgress`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProgressUnit {
    /// Bytes of the file (compressed bytes for gzip): text files.
    Bytes,
    /// Data rows: Parquet files, whose footer gives the number of rows.
    Rows,
}

/// A cheap, clonable view of how much of a file has been read, for another thread to report
/// progress from while a reader works through the file.
///
/// It counts bytes for text files and rows for Parquet ([`ByteProgress::unit`]); either way
/// [`ByteProgress::progress`] is the fraction done, and `read` reaches `total` at the end.
#[derive(Debug, Clone)]
pub struct ByteProgress {
    read: Arc<AtomicU64>,
    total: u64,
    unit: ProgressUnit,
}

impl ByteProgress {
    /// A row counter for a file of `total` rows, advanced with [`ByteProgress::advance`].
    pub(crate) fn rows(total: u64) -> Self {
        Self { read: Arc::new(AtomicU64::new(0)), total, unit: ProgressUnit::Rows }
    }

    /// Counts `n` more units read.
    pub(crate) fn advance(&self, n: u64) {
        self.read.fetch_add(n, Ordering::Relaxed);
    }

    /// Units read so far: bytes of the file (compressed bytes for gzip), or rows of a Parquet
    /// file.
    pub fn read(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }

    /// Units in all: the size of the file in bytes, or the rows of a Parquet file.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// What [`ByteProgress::read`] and [`ByteProgress::total`] count.
    pub fn unit(&self) -> ProgressUnit {
        self.unit
    }

    /// The same numbers as a job [`Progress`].
    pub fn progress(&self) -> Progress {
        Progress::of(self.read() as f64, self.total as f64)
    }
}

/// An opened input file, decompressed transparently when it is gzip.
///
/// Read errors carry a message fit for an [`ImportError`] (see [`Source::error`]).
#[derive(Debug)]
pub struct Source {
    path: PathBuf,
    progress: ByteProgress,
    inner: Inner,
    parquet: bool,
}

#[derive(Debug)]
enum Inner {
    Plain(BufReader<Counting>),
    /// Boxed: the decoder's state is large, and most files are plain.
    Gzip(Box<BufReader<Inflating>>),
}

/// The decompressed stream, failing once it has produced more than its limit.
#[derive(Debug)]
struct Inflating {
    decoder: MultiGzDecoder<BufReader<Counting>>,
    produced: u64,
    limit: u64,
}

impl Read for Inflating {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.decoder.read(buf)?;
        self.produced += n as u64;
        if self.produced > self.limit {
            let message = format!(
                "the gzip data inflates to more than {}, the most Segue reads from one compressed file; \
                 decompress it and split it into smaller files",
                size(self.limit)
            );
            return Err(io::Error::new(io::ErrorKind::InvalidData, ReadFailure(message)));
        }
        Ok(n)
    }
}

/// The file, counting the bytes read from it into the shared progress counter.
#[derive(Debug)]
struct Counting {
    file: File,
    read: Arc<AtomicU64>,
}

/// A failure to read the file itself, or a limit it exceeds: told apart from damaged gzip data
/// wrapped around it.
#[derive(Debug)]
struct ReadFailure(String);

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadFailure {}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self
            .file
            .read(buf)
            .map_err(|e| io::Error::new(e.kind(), ReadFailure(format!("could not read the file: {e}"))))?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The decoder reports bad data and a cut-off stream in several ways (invalid header, corrupt
/// deflate stream, unexpected end of file, bad checksum); the editor needs to know only that the
/// compressed file is damaged.
fn gzip_error(e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|inner| inner.is::<ReadFailure>()) {
        return e;
    }
    io::Error::new(io::ErrorKind::InvalidData, format!("the gzip data is corrupt or truncated ({e})"))
}

/// Opens a file for reading, decompressing it when its content is gzip (up to
/// [`MAX_INFLATED_TABLE_BYTES`]; reading past that fails).
///
/// Fails with an [`ImportError`] naming the file when it does not exist or cannot be read.
pub fn open(path: impl AsRef<Path>) -> Result<Source> {
    open_limited(path.as_ref(), MAX_INFLATED_TABLE_BYTES)
}

/// [`open`], gzip data inflating to at most `inflate_limit` bytes.
pub(crate) fn open_limited(path: &Path, inflate_limit: u64) -> Result<Source> {
    let cannot_open = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => ImportError::file(path, "the file does not exist"),
        _ => ImportError::file(path, format!("the file could not be opened: {e}")),
    };
    let file = File::open(path).map_err(cannot_open)?;
    let meta = file.metadata().map_err(cannot_open)?;
    if meta.is_dir() {
        return Err(ImportError::file(path, "this is a folder, not a file"));
    }
    let read = Arc::new(AtomicU64::new(0));
    let progress = ByteProgress { read: read.clone(), total: meta.len(), unit: ProgressUnit::Bytes };
    let mut raw = BufReader::with_capacity(BUFFER, Counting { file, read });
    // A regular file fills the buffer up to its size on the first read, so the magic bytes are
    // there unless the file is shorter than they are.
    let start = raw.fill_buf().map_err(|e| ImportError::file(path, e.to_string()))?;
    let (gzip, parquet) = (start.starts_with(&GZIP_MAGIC), start.starts_with(&PARQUET_MAGIC));
    let inner = if gzip {
        let inflating = Inflating { decoder: MultiGzDecoder::new(raw), produced: 0, limit: inflate_limit };
        Inner::Gzip(Box::new(BufReader::with_capacity(BUFFER, inflating)))
    } else {
        Inner::Plain(raw)
    };
    Ok(Source { path: path.to_path_buf(), progress, inner, parquet })
}

impl Source {
    /// The path the file was opened with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file is gzip and is being decompressed.
    pub fn is_gzip(&self) -> bool {
        matches!(self.inner, Inner::Gzip(_))
    }

    /// Whether the file starts as a Parquet file does (`PAR1`); such a file is read through
    /// [`Source::into_file`], not as a stream.
    pub fn is_parquet(&self) -> bool {
        self.parquet
    }

    /// Whether the file has no bytes at all.
    pub fn is_empty_file(&self) -> bool {
        self.progress.total == 0
    }

    /// A handle reporting how much of the file has been read, usable from another thread.
    pub fn progress_handle(&self) -> ByteProgress {
        self.progress.clone()
    }

    /// The file itself, for readers that read by offset (Parquet), positioned wherever buffering
    /// left it; `None` for a gzip file, whose content is not the file's bytes.
    pub fn into_file(self) -> Option<File> {
        match self.inner {
            Inner::Plain(r) => Some(r.into_inner().file),
            Inner::Gzip(_) => None,
        }
    }

    /// Turns a read error of this source into an [`ImportError`] naming the file.
    pub fn error(&self, e: &io::Error) -> ImportError {
        ImportError::file(&self.path, e.to_string())
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Plain(r) => r.read(buf),
            Inner::Gzip(r) => r.read(buf).map_err(gzip_error),
        }
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match &mut self.inner {
            Inner::Plain(r) => r.fill_buf(),
            Inner::Gzip(r) => r.fill_buf().map_err(gzip_error),
        }
    }

    fn consume(&mut self, amt: usize) {
        match &mut self.inner {
            Inner::Plain(r) => r.consume(amt),
            Inner::Gzip(r) => r.consume(amt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{gzip, write};

    fn read_all(path: &Path) -> std::result::Result<Vec<u8>, ImportError> {
        let mut source = open(path)?;
        let mut out = Vec::new();
        source.read_to_end(&mut out).map_err(|e| source.error(&e))?;
        Ok(out)
    }

    #[test]
    fn gzip_is_told_by_content_not_by_name() {
        let text = b"a,b\n1,2\n";
        let (_d1, plain_named_gz) = write("plain.csv.gz", text);
        let (_d2, gzip_named_csv) = write("packed.csv", &gzip(text));
        assert!(!open(&plain_named_gz).unwrap().is_gzip());
        assert!(open(&gzip_named_csv).unwrap().is_gzip());
        assert_eq!(read_all(&plain_named_gz).unwrap(), text);
        assert_eq!(read_all(&gzip_named_csv).unwrap(), text);
    }

    #[test]
    fn parquet_is_told_by_its_magic_and_handed_back_as_a_file() {
        let (_d, path) = write("data.csv", b"PAR1 and the rest");
        let source = open(&path).unwrap();
        assert!(source.is_parquet() && !source.is_gzip() && !source.is_empty_file());
        let mut file = source.into_file().unwrap();
        io::Seek::rewind(&mut file).unwrap();
        let mut all = String::new();
        file.read_to_string(&mut all).unwrap();
        assert_eq!(all, "PAR1 and the rest");
        let (_d, path) = write("x.parquet", &gzip(b"PAR1"));
        let source = open(&path).unwrap();
        assert!(!source.is_parquet() && source.into_file().is_none());
        let (_d, path) = write("empty.parquet", b"");
        assert!(open(&path).unwrap().is_empty_file());
    }

    #[test]
    fn row_progress_counts_what_it_is_told() {
        let rows = ByteProgress::rows(10);
        rows.clone().advance(4);
        assert_eq!((rows.read(), rows.total(), rows.unit()), (4, 10, ProgressUnit::Rows));
        assert_eq!(rows.progress().fraction(), Some(0.4));
    }

    #[test]
    fn concatenated_gzip_members_read_as_one_stream() {
        let mut bytes = gzip(b"a,b\n");
        bytes.extend(gzip(b"1,2\n"));
        let (_d, path) = write("two.gz", &bytes);
        assert_eq!(read_all(&path).unwrap(), b"a,b\n1,2\n");
    }

    #[test]
    fn progress_counts_compressed_bytes_up_to_the_file_size() {
        let text = "x\n".repeat(100_000);
        let packed = gzip(text.as_bytes());
        let (_d, path) = write("big.gz", &packed);
        let mut source = open(&path).unwrap();
        let handle = source.progress_handle();
        assert_eq!(handle.total(), packed.len() as u64);
        let mut out = Vec::new();
        source.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), text.len());
        assert_eq!(handle.read(), packed.len() as u64);
        assert_eq!(handle.progress().fraction(), Some(1.0));
    }

    #[test]
    fn a_missing_file_or_a_folder_is_named_without_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.csv");
        let e = open(&missing).unwrap_err();
        assert_eq!((e.file, e.line, e.field, e.message.as_str()), (missing, None, None, "the file does not exist"));
        let e = open(dir.path()).unwrap_err();
        assert_eq!(e.line, None);
        assert_eq!(e.message, "this is a folder, not a file");
    }

    #[test]
    fn gzip_inflates_up_to_its_limit_and_not_one_byte_more() {
        let text = "x".repeat(999) + "\n";
        let (_d, path) = write("big.csv.gz", &gzip(text.as_bytes()));
        let read = |limit: u64| -> std::result::Result<Vec<u8>, ImportError> {
            let mut source = open_limited(&path, limit)?;
            let mut out = Vec::new();
            source.read_to_end(&mut out).map_err(|e| source.error(&e))?;
            Ok(out)
        };
        assert_eq!(read(1000).unwrap().len(), 1000);
        let e = read(999).unwrap_err();
        assert_eq!((e.file.as_path(), e.line), (path.as_path(), None));
        assert!(e.message.starts_with("the gzip data inflates to more than 999 bytes, the most Segue reads"), "{}", e.message);
        // A plain file is what it is on disk: the limit is on inflating.
        let (_d, plain) = write("big.csv", text.as_bytes());
        let mut source = open_limited(&plain, 10).unwrap();
        assert_eq!(source.read_to_end(&mut Vec::new()).unwrap(), 1000);
    }

    #[test]
    fn corrupt_and_truncated_gzip_are_errors_naming_the_file() {
        let packed = gzip("track_id,title\n".repeat(1000).as_bytes());
        let mut corrupt = packed.clone();
        for b in &mut corrupt[12..40] {
            *b ^= 0x5a;
        }
        let truncated = &packed[..packed.len() / 2];
        for (name, bytes) in [("corrupt.csv.gz", &corrupt[..]), ("truncated.csv.gz", truncated), ("header.gz", &[0x1f, 0x8b, 0])] {
            let (_d, path) = write(name, bytes);
            let e = read_all(&path).unwrap_err();
            assert_eq!(e.file, path);
            assert_eq!(e.line, None);
            assert!(e.message.starts_with("the gzip data is corrupt or truncated"), "{name}: {}", e.message);
        }
    }
}
