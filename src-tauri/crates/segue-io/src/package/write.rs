//! Writing a package: every file into one zip, atomically.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use time::OffsetDateTime;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{sha256_file, PackageError, PackageFault};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Size of the package in bytes.
    pub bytes: u64,
    /// SHA-256 of the whole package, lower-case hex.
    pub sha256: String,
}

/// The zip timestamp of `t` in UTC. Zip times have no zone, start in 1980 and count seconds in
/// twos: earlier times become 1980-01-01 00:00:00 (the `--reproducible` timestamp), odd seconds
/// round down.
pub fn zip_time(t: OffsetDateTime) -> DateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    DateTime::from_date_and_time(t.year().clamp(1980, 2107) as u16, t.month() as u8, t.day(), t.hour(), t.minute(), t.second())
        .ok()
        .filter(|_| t.year() >= 1980)
        .unwrap_or_default()
}

/// Writes `files` (path inside the package, contents), in order, into a zip at `dest`.
///
/// The archive is written to a temporary file in `dest`'s folder, flushed to disk and renamed
/// over `dest`: a crash or an error leaves either the old file or the new one, never a partial
/// package. Every entry is deflated and carries `modified` and mode 0644, so the same files and
/// timestamp give the same bytes.
pub fn write_package(dest: &Path, files: &[(String, Vec<u8>)], modified: DateTime) -> Result<Written, PackageError> {
    let io = |e: std::io::Error| PackageError::new(dest, PackageFault::Io, e.to_string());
    let zip_err = |e: zip::result::ZipError| PackageError::new(dest, PackageFault::Io, e.to_string());
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(PackageError::new(dest, PackageFault::Io, format!("the folder {} does not exist", dir.display())));
    }
    let tmp = tempfile::Builder::new().prefix(".segue-export-").suffix(".part").tempfile_in(dir).map_err(io)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(modified)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(BufWriter::new(tmp.reopen().map_err(io)?));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        zip.write_all(bytes).map_err(io)?;
    }
    let mut out = zip.finish().map_err(zip_err)?;
    out.flush().map_err(io)?;
    let file: File = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    let written = Written { bytes: file.metadata().map_err(io)?.len(), sha256: sha256_file(tmp.path()).map_err(io)? };
    drop(file);
    tmp.persist(dest).map_err(|e| io(e.error))?;
    // The rename is durable once the folder's entry is: sync the folder where that is possible.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(written)
}
