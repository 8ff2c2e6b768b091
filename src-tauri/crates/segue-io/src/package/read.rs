//! Reading a package: every check a hostile archive calls for, before any byte is used.

use std::collections::HashSet;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use zip::result::ZipError;
use zip::ZipArchive;

use super::{PackageError, PackageFault};
use crate::limits::{MAX_PACKAGE_ENTRIES, MAX_PACKAGE_ENTRY_BYTES, MAX_PACKAGE_RATIO, MAX_PACKAGE_TOTAL_BYTES};

/// The signature a zip's first local file header starts with: a package starts with it.
const LOCAL_HEADER: [u8; 4] = *b"PK\x03\x04";

/// How much a package may hold: by default the package limits of [`crate::limits`], set from
/// what the largest real package needs, refusing archives that would only exhaust memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive.
    pub max_entries: usize,
    /// Declared uncompressed size of one entry, in bytes.
    pub max_entry_bytes: u64,
    /// Declared uncompressed size of all entries together, in bytes.
    pub max_total_bytes: u64,
    /// Uncompressed over compressed size of an entry above 1 MiB. Text deflates 5–20×; a ratio
    /// beyond this is a bomb, not a playlist.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: MAX_PACKAGE_ENTRIES,
            max_entry_bytes: MAX_PACKAGE_ENTRY_BYTES,
            max_total_bytes: MAX_PACKAGE_TOTAL_BYTES,
            max_ratio: MAX_PACKAGE_RATIO,
        }
    }
}

/// A package read into memory: its entries in archive order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    path: PathBuf,
    entries: Vec<(String, Vec<u8>)>,
}

/// Why an entry name is unsafe, if it is: it must be a relative path of plain components
/// separated by `/` (no `..`, `.`, empty components, backslashes, drive letters or control
/// characters), so that extracting it can only ever land inside the target folder.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("has an empty path");
    }
    if name.starts_with('/') {
        return Some("has an absolute path");
    }
    if name.contains('\\') {
        return Some("has a backslash in its path");
    }
    if name.chars().any(|c| c.is_control()) {
        return Some("has a control character in its path");
    }
    if name.split('/').next().is_some_and(|first| first.len() >= 2 && first.as_bytes()[1] == b':') {
        return Some("starts with a drive letter");
    }
    let body = name.strip_suffix('/').unwrap_or(name);
    if body.split('/').any(|c| c == "..") {
        return Some("escapes the package folder with '..'");
    }
    if body.split('/').any(|c| c.is_empty() || c == ".") {
        return Some("has an empty or '.' path component");
    }
    None
}

impl Archive {
    /// Reads the package at `path` under the default [`Limits`].
    pub fn open(path: &Path) -> Result<Self, PackageError> {
        Self::open_with(path, Limits::default())
    }

    /// Reads the package at `path`, refusing it whole at the first problem.
    pub fn open_with(path: &Path, limits: Limits) -> Result<Self, PackageError> {
        let io = |e: std::io::Error| PackageError::new(path, PackageFault::Io, e.to_string());
        let mut file = std::fs::File::open(path).map_err(io)?;
        // A zip is found from its end, so one with anything before it (a script, an executable,
        // gigabytes of junk) still opens in most tools: a package is a zip from its first byte.
        let mut start = Vec::with_capacity(LOCAL_HEADER.len());
        (&mut file).take(LOCAL_HEADER.len() as u64).read_to_end(&mut start).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut zip = ZipArchive::new(BufReader::new(file)).map_err(|e| match e {
            ZipError::Io(e) => io(e),
            e => PackageError::new(path, PackageFault::NotAZip, format!("not a readable zip archive ({e})")),
        })?;
        let first_header = (0..zip.len()).filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.header_start())).min();
        if zip.offset() != 0 || (!zip.is_empty() && (start != LOCAL_HEADER || first_header != Some(0))) {
            let message = "the archive has data before its first entry; a package is a zip from its first byte";
            return Err(PackageError::new(path, PackageFault::NotAZip, message));
        }
        // The zip library keeps one entry per name; a second one of a name would be hidden from
        // the checks below, and other tools might extract it instead.
        if zip.has_duplicate_names() {
            return Err(PackageError::new(path, PackageFault::NotAZip, "the archive holds two entries of one name"));
        }
        if zip.len() > limits.max_entries {
            return Err(PackageError::new(
                path,
                PackageFault::TooLarge,
                format!("the archive declares {} entries (at most {} are read)", zip.len(), limits.max_entries),
            ));
        }
        // Every declaration is checked before anything is inflated.
        let mut total = 0u64;
        let mut seen = HashSet::new();
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(|e| PackageError::new(path, PackageFault::NotAZip, e.to_string()))?;
            let name = String::from_utf8_lossy(f.name_raw()).into_owned();
            let fail = |fault, message: String| Err(PackageError::entry(path, &name, fault, message));
            if let Some(why) = unsafe_name(&name) {
                return fail(PackageFault::UnsafePath, format!("the entry {why}"));
            }
            if f.enclosed_name().is_none() {
                return fail(PackageFault::UnsafePath, "the entry's path escapes the package folder".into());
            }
            if f.is_symlink() {
                return fail(PackageFault::UnsafePath, "the entry is a symbolic link".into());
            }
            if f.encrypted() {
                return fail(PackageFault::NotAZip, "the entry is encrypted; packages are not".into());
            }
            if !seen.insert(name.trim_end_matches('/').to_owned()) {
                return fail(PackageFault::NotAZip, "the archive holds two entries of this name".into());
            }
            let (size, packed) = (f.size(), f.compressed_size());
            if size > limits.max_entry_bytes {
                return fail(
                    PackageFault::TooLarge,
                    format!("the entry declares {size} bytes uncompressed (at most {} are read)", limits.max_entry_bytes),
                );
            }
            if size > 1 << 20 && size / packed.max(1) > limits.max_ratio {
                return fail(
                    PackageFault::TooLarge,
                    format!("the entry would inflate {packed} bytes to {size} (more than {}×): a zip bomb", limits.max_ratio),
                );
            }
            total = total.saturating_add(size);
            if total > limits.max_total_bytes {
                return Err(PackageError::new(
                    path,
                    PackageFault::TooLarge,
                    format!("the entries declare more than {} bytes uncompressed in all", limits.max_total_bytes),
                ));
            }
        }
        let mut entries = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| match e {
                ZipError::UnsupportedArchive(m) => PackageError::new(path, PackageFault::NotAZip, m.to_string()),
                e => PackageError::new(path, PackageFault::Corrupt, e.to_string()),
            })?;
            if f.is_dir() {
                continue;
            }
            let name = String::from_utf8_lossy(f.name_raw()).into_owned();
            let declared = f.size();
            let mut bytes = Vec::with_capacity(declared as usize);
            // One byte past the declaration is enough to catch an entry that lies about its size.
            (&mut f).take(declared + 1).read_to_end(&mut bytes).map_err(|e| {
                PackageError::entry(path, &name, PackageFault::Corrupt, format!("the entry's data is damaged ({e})"))
            })?;
            if bytes.len() as u64 != declared {
                return Err(PackageError::entry(
                    path,
                    &name,
                    PackageFault::Corrupt,
                    format!("the entry inflates to {} bytes, not the {declared} it declares", bytes.len()),
                ));
            }
            entries.push((name, bytes));
        }
        Ok(Self { path: path.to_path_buf(), entries })
    }

    /// The package file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every file entry, in archive order.
    pub fn entries(&self) -> &[(String, Vec<u8>)] {
        &self.entries
    }

    /// The contents of the entry named `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::unsafe_name;

    #[test]
    fn names_that_could_escape_are_refused() {
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a\\b", "C:/x", "c:x", "a//b", "./a", "a/./b", "a\u{0}b"] {
            assert!(unsafe_name(bad).is_some(), "{bad:?} should be refused");
        }
        for good in ["manifest.json", "variants/segment-01.jspf", "seed/seed.m3u8", "a/b/", "..a", "a..b/c"] {
            assert_eq!(unsafe_name(good), None, "{good:?} should pass");
        }
    }
}
