//! The container of a playlist package: a zip written atomically and read defensively.
//!
//! What goes *into* a package (the manifest, the seed, every variant in each playlist format) is
//! the API's business; this module knows only files and bytes:
//!
//! - [`write_package`] writes named files into a zip in the order given, deflated, with one
//!   timestamp on every entry, into a temporary file beside the destination that is synced and
//!   renamed into place: an export never leaves a partial package, and the same files and
//!   timestamp give byte-identical archives.
//! - [`Archive::open`] reads a package back into memory, refusing what a hostile or broken
//!   archive can do to a reader before anything is extracted: entry paths that escape the
//!   package's folder (absolute paths, `..`, drive letters, backslashes), symbolic links,
//!   duplicate names, encrypted entries, too many entries, declared sizes that are absurd (zip
//!   bombs), entries that inflate beyond their declared size, corrupted data (the CRC-32 of
//!   every entry is checked as it is read), and data before the first entry (a zip is found
//!   from its end, so junk or an executable prepended to a package would otherwise pass).
//! - [`sha256_file`] hashes a package (or any file) as a stream, in constant memory.
//!
//! Packages hold playlists and a model, a few megabytes at most, so reading whole entries into
//! memory under the [`Limits`] (see [`crate::limits`]) is simpler and safer than streaming them.

mod read;
mod write;

#[cfg(test)]
mod tests;

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use read::{Archive, Limits};
pub use write::{write_package, zip_time, Written};

use sha2::{Digest, Sha256};

use crate::error::escape_controls;

/// The lower-case hex SHA-256 of `bytes`, as manifests record checksums.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The lower-case hex SHA-256 of the file at `path`, read as a stream (64 KiB at a time), so a
/// package of any size is hashed in constant memory.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 64 << 10];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hex(&hasher.finalize())),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is wrong with a package, for reports and error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PackageFault {
    /// The file could not be read or written.
    Io,
    /// Not a zip archive, or its structure is broken.
    NotAZip,
    /// An entry's data does not match its checksum or declared size.
    Corrupt,
    /// An entry's path would land outside the package's folder, or is a link.
    UnsafePath,
    /// Declared sizes or counts beyond any real package: a zip bomb.
    TooLarge,
    /// A file the manifest names is missing, or a file is there that it does not name.
    Missing,
    /// A file's SHA-256 differs from the manifest's.
    Checksum,
    /// The manifest or a playlist file does not parse, or a required field is missing.
    Format,
    /// The manifest's format version is not one this Segue reads.
    Version,
    /// A variant breaks one of its unbreakable rules.
    Rules,
}

/// A package that cannot be written or read, naming the package and, where there is one, the
/// entry inside it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PackageError {
    /// The package file.
    pub package: PathBuf,
    /// The entry inside it, as the archive names it.
    pub entry: Option<String>,
    /// The kind of fault.
    pub fault: PackageFault,
    /// What is wrong, in words fit for the editor.
    pub message: String,
}

impl PackageError {
    /// An error of the package as a whole. Control characters in the message are escaped
    /// ([`escape_controls`]), as in every error of this crate.
    pub fn new(package: impl Into<PathBuf>, fault: PackageFault, message: impl Into<String>) -> Self {
        let message = escape_controls(&message.into()).into_owned();
        Self { package: package.into(), entry: None, fault, message }
    }

    /// An error of one entry of the package; control characters in the entry's name and the
    /// message are escaped.
    pub fn entry(package: impl Into<PathBuf>, entry: &str, fault: PackageFault, message: impl Into<String>) -> Self {
        Self { entry: Some(escape_controls(entry).into_owned()), ..Self::new(package, fault, message) }
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.package.display().to_string()))?;
        if let Some(entry) = &self.entry {
            write!(f, ", entry {entry}")?;
        }
        write!(f, ": {}", self.message)
    }
}
