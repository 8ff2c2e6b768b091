//! `segue verify`: can a package be trusted as it is?
//!
//! Checks, in order, stopping only where nothing further can be checked: the archive itself (see
//! [`Archive::open`]: paths, sizes, corruption); the manifest (present, [`FORMAT`], a
//! [`FORMAT_VERSION`] this Segue reads, every required field); every file against its SHA-256
//! and size, and no file the manifest does not name; every playlist file parses in its format
//! and lists the tracks the manifest says, in order; every variant keeps its unbreakable rules
//! (audited afresh from the manifest's rules, pins and tracks, not taken from its report).

use std::collections::HashSet;
use std::path::Path;

use segue_io::formats::{read_playlist_bytes, PlaylistFormat};
use segue_io::package::{sha256_file, sha256_hex, Archive, PackageError, PackageFault};
use serde::Serialize;

use super::audit::audit_variants;
use super::manifest::*;

/// One thing wrong with a package.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What kind of fault.
    pub fault: PackageFault,
    /// The file inside the package, when the problem is in one.
    pub file: Option<String>,
    /// The line of that file, when known.
    pub line: Option<u32>,
    /// The field, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    fn new(fault: PackageFault, file: Option<&str>, message: impl Into<String>) -> Self {
        Self { fault, file: file.map(str::to_owned), line: None, field: None, message: message.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ", line {line}")?;
            }
            if let Some(field) = &self.field {
                write!(f, ", field {field}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// What verifying a package found.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    /// The package.
    pub package: String,
    /// Nothing is wrong.
    pub ok: bool,
    /// The manifest's format version, when it could be read.
    pub format_version: Option<u32>,
    /// The seed's name, when the manifest could be read.
    pub seed: Option<String>,
    /// Variants in the package.
    pub variants: u32,
    /// Files checked against their checksums.
    pub files_checked: u32,
    /// SHA-256 of the whole package.
    pub sha256: Option<String>,
    /// Everything wrong, in the order found.
    pub problems: Vec<Problem>,
}

/// Verifies the package at `path`. Problems are reported, not returned as errors: only a
/// package that cannot be opened at all stops early (with that one problem).
pub fn verify_package(path: &Path) -> VerifyReport {
    inspect(path, Archive::open(path)).0
}

/// Verifies the package a host names (an existing file, see [`crate::validate::input_file`]) on
/// a blocking thread.
pub async fn verify_package_file(path: &Path) -> crate::Result<VerifyReport> {
    let path = crate::validate::input_file(path)?;
    tokio::task::spawn_blocking(move || verify_package(&path))
        .await
        .map_err(|e| crate::Error::stopped("verify", e))
}

/// Verifies an opened (or refused) archive; the manifest comes back when it could be read.
pub(crate) fn inspect(path: &Path, archive: Result<Archive, PackageError>) -> (VerifyReport, Option<Manifest>) {
    let mut report = VerifyReport {
        package: path.display().to_string(),
        ok: false,
        format_version: None,
        seed: None,
        variants: 0,
        files_checked: 0,
        sha256: sha256_file(path).ok(),
        problems: Vec::new(),
    };
    let manifest = match archive {
        Ok(archive) => check(&archive, &mut report),
        Err(e) => {
            report.problems.push(from_package_error(e));
            None
        }
    };
    report.ok = report.problems.is_empty();
    (report, manifest)
}

fn from_package_error(e: PackageError) -> Problem {
    Problem::new(e.fault, e.entry.as_deref(), e.message)
}

/// Reads and checks the manifest: its format, version and fields.
pub(crate) fn read_manifest(archive: &Archive) -> Result<Manifest, Problem> {
    let bytes = archive
        .get(MANIFEST)
        .ok_or_else(|| Problem::new(PackageFault::Missing, None, format!("the package has no {MANIFEST}: it is not a Segue package")))?;
    let json_problem = |e: serde_json::Error| Problem {
        fault: PackageFault::Format,
        file: Some(MANIFEST.into()),
        line: Some(e.line() as u32).filter(|l| *l > 0),
        field: None,
        message: e.to_string(),
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(json_problem)?;
    let field = |name: &str, message: String| Problem {
        fault: PackageFault::Format,
        file: Some(MANIFEST.into()),
        line: None,
        field: Some(name.into()),
        message,
    };
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => return Err(field("format", format!("the format is {other:?}, not {FORMAT:?}"))),
        None => return Err(field("format", format!("the manifest has no format: it is not a {FORMAT}"))),
    }
    match value.get("formatVersion").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            let mut p = field("formatVersion", format!("format version {v} is not one this Segue reads (it reads {FORMAT_VERSION})"));
            p.fault = PackageFault::Version;
            return Err(p);
        }
        None => return Err(field("formatVersion", "the manifest has no format version".into())),
    }
    serde_json::from_slice(bytes).map_err(json_problem)
}

fn check(archive: &Archive, report: &mut VerifyReport) -> Option<Manifest> {
    let manifest = match read_manifest(archive) {
        Ok(m) => m,
        Err(p) => {
            report.problems.push(p);
            return None;
        }
    };
    report.format_version = Some(manifest.format_version);
    report.seed = Some(manifest.seed.name.clone());
    report.variants = manifest.variants.len() as u32;
    let problems = &mut report.problems;

    let listed: HashSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for f in &manifest.files {
        match archive.get(&f.path) {
            None => problems.push(Problem::new(PackageFault::Missing, Some(&f.path), "the manifest names this file but the package does not have it")),
            Some(bytes) if sha256_hex(bytes) != f.sha256 || bytes.len() as u64 != f.bytes => problems.push(Problem::new(
                PackageFault::Checksum,
                Some(&f.path),
                format!("the file was altered: its SHA-256 is {}, the manifest says {}", sha256_hex(bytes), f.sha256),
            )),
            Some(_) => report.files_checked += 1,
        }
    }
    for (name, _) in archive.entries().iter().filter(|(n, _)| n != MANIFEST && !listed.contains(n.as_str())) {
        problems.push(Problem::new(PackageFault::Missing, Some(name), "the package has this file but the manifest does not name it"));
    }

    let seed_ids: Vec<&str> = manifest.seed.tracks.iter().map(|t| t.track.id.as_str()).collect();
    check_files(archive, &listed, &manifest.seed.files, &seed_ids, problems);
    for v in &manifest.variants {
        let ids: Vec<&str> = v.tracks.iter().map(|t| t.track.id.as_str()).collect();
        check_files(archive, &listed, &v.files, &ids, problems);
    }
    problems.extend(audit_variants(&manifest));
    Some(manifest)
}

/// Each of one playlist's files parses and lists `ids` in order.
fn check_files(archive: &Archive, listed: &HashSet<&str>, files: &FormatFiles, ids: &[&str], problems: &mut Vec<Problem>) {
    for path in files.paths() {
        if !listed.contains(path) {
            problems.push(Problem::new(PackageFault::Missing, Some(path), "a playlist names this file but the manifest's file list does not"));
            continue;
        }
        let Some(bytes) = archive.get(path) else { continue };
        let name = format!("{}!{path}", archive.path().display());
        let found: Result<Vec<Option<String>>, Problem> = if path.ends_with(".csv") {
            csv_track_ids(bytes, path)
        } else {
            let format = PlaylistFormat::from_path(Path::new(path));
            match format {
                None => Err(Problem::new(PackageFault::Format, Some(path), "not a playlist format Segue knows")),
                Some(format) => read_playlist_bytes(&name, format, bytes)
                    .map(|p| p.entries.into_iter().map(|e| e.track_id).collect())
                    .map_err(|e| Problem {
                        fault: PackageFault::Format,
                        file: Some(path.to_owned()),
                        line: e.line.map(|l| l as u32),
                        field: e.field.clone(),
                        message: e.message,
                    }),
            }
        };
        match found {
            Err(p) => problems.push(p),
            Ok(found) if found.len() != ids.len() || found.iter().zip(ids).any(|(f, id)| f.as_deref() != Some(*id)) => {
                problems.push(Problem::new(
                    PackageFault::Format,
                    Some(path),
                    format!("the file lists {} tracks that differ from the {} the manifest gives", found.len(), ids.len()),
                ))
            }
            Ok(_) => {}
        }
    }
}

/// The track ids of a package CSV, in row order.
fn csv_track_ids(bytes: &[u8], path: &str) -> Result<Vec<Option<String>>, Problem> {
    let mut reader = csv::Reader::from_reader(bytes);
    let bad = |line: Option<u64>, field: Option<&str>, message: String| Problem {
        fault: PackageFault::Format,
        file: Some(path.to_owned()),
        line: line.map(|l| l as u32),
        field: field.map(str::to_owned),
        message,
    };
    let headers = reader.headers().map_err(|e| bad(Some(1), None, e.to_string()))?.clone();
    let column = headers.iter().position(|h| h == "track_id").ok_or_else(|| bad(Some(1), Some("track_id"), "the file has no track_id column".into()))?;
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad(e.position().map(|p| p.line()), None, e.to_string()))?;
        out.push(row.get(column).map(str::to_owned));
    }
    Ok(out)
}
