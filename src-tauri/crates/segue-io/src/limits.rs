//! Every bound this crate puts on its input, in one place.
//!
//! A file an editor opens may come from anywhere, so no reader trusts a file to be small: each
//! limit below is checked while reading, before memory or time is spent on what lies past it,
//! and exceeding one is an [`ImportError`](crate::ImportError) (or a
//! [`PackageError`](crate::package::PackageError)) naming the file and, where there is one, the
//! line and the field, with the limit in the message. Nothing is truncated silently.
//!
//! The values leave room for every real file Segue reads (the largest are signal files of tens
//! of millions of rows, each row well under a kilobyte) and refuse what could only exhaust memory
//! or time. The README's "Limits and guarantees" section lists them for editors.

/// Bytes of one record of a CSV, TSV or JSON-lines file: one line, or several when quoted values
/// hold line breaks, its line end included (for CSV and TSV, counted from the end of the record
/// before, so blank lines in between count too). Real rows are well under a kilobyte; a longer
/// record ends the read with an error on its line.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Bytes of one value of a table file (CSV, TSV, JSON lines or Parquet, as text). Titles, names
/// and ids are a few hundred bytes at most; a longer value is an error naming its line and
/// column.
pub const MAX_FIELD_BYTES: usize = 64 << 10;

/// Columns of a table file (CSV and TSV header fields, keys of the first JSON object, top-level
/// Parquet columns). Catalogues have about 25 and signal files a handful; wide exports (an
/// embedding per column, say) stay well below. More is an error on the header line.
pub const MAX_COLUMNS: usize = 4096;

/// Bytes a gzip-compressed table file may inflate to. Table files stream, so this bounds time,
/// not memory: 16 GiB holds well over a hundred million signal rows, while a gzip bomb inflates
/// 1,000-fold and would otherwise keep an import busy for hours. More ends the read with an error.
pub const MAX_INFLATED_TABLE_BYTES: u64 = 16 << 30;

/// Bytes of a JSPF, XSPF or M3U8 file, inflated when it is gzip. These files are read whole; a
/// playlist of 10,000 tracks with Segue's data on each is about 10 MB, so 64 MiB leaves ample
/// room and refuses a bomb before it fills memory.
pub const MAX_PLAYLIST_FILE_BYTES: u64 = 64 << 20;

/// Entries in a playlist package. A package holds a manifest, a README and each playlist (the
/// seed and one variant per segment) in at most four formats: 2 + 4 × (1 + segments), 406 for
/// 100 segments.
pub const MAX_PACKAGE_ENTRIES: usize = 1_000;

/// Bytes of one package entry, uncompressed. The largest entry is the manifest, about 0.7 KB per
/// track of each playlist: 2.9 MB for a 100-track seed and 40 segments (measured on the demo
/// workspace), 36 MB for the largest package below.
pub const MAX_PACKAGE_ENTRY_BYTES: u64 = 64 << 20;

/// Bytes of all package entries together, uncompressed. A package takes about 2.5 KB per track
/// of each playlist across its manifest and four formats (measured on the demo workspace: a
/// 100-track seed with 40 segments is 10.3 MB). The largest package Segue is built for, a
/// 500-track seed personalized for 100 segments, is about 126 MB: this leaves it twice that.
pub const MAX_PACKAGE_TOTAL_BYTES: u64 = 256 << 20;

/// Uncompressed over compressed size of a package entry above 1 MiB. Segue's JSON, XML, M3U8
/// and CSV deflate 5–6.4× (measured on the demo workspace's packages); beyond 20× an entry is a
/// bomb, not a playlist. (Smaller entries are bounded by
/// the total above.)
pub const MAX_PACKAGE_RATIO: u64 = 20;

/// A size for messages: whole KiB, MiB or GiB where it is one, otherwise bytes.
pub(crate) fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_as_editors_write_them() {
        assert_eq!(size(super::MAX_RECORD_BYTES as u64), "1 MiB");
        assert_eq!(size(super::MAX_FIELD_BYTES as u64), "64 KiB");
        assert_eq!(size(super::MAX_INFLATED_TABLE_BYTES), "16 GiB");
        assert_eq!(size(1025), "1025 bytes");
        assert_eq!(size(0), "0 bytes");
    }
}
