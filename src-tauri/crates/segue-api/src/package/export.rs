//! Exporting a seed and its segment variants as a package.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use segue_core::{CancelToken, Progress, Track};
use segue_io::formats::{track_uri, DocEntry, PlaylistDoc};
use segue_io::package::{sha256_hex, write_package, zip_time};
use segue_store::Workspace;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::manifest::*;
use super::files::{file_names, render, PlaylistFileFormat};
use crate::job::Throttle;
use crate::personalize::{settings, PreviewEngine, PreviewView, VariantView};
use crate::{Error, Result};

/// What to export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The seed playlist.
    pub playlist: u32,
    /// Where to write the package (a `.zip`).
    pub out: String,
    /// Formats of every playlist file (empty: all four).
    pub formats: Vec<PlaylistFileFormat>,
    /// Segments to export (empty: every segment of the active model).
    pub segments: Vec<u32>,
    /// A fixed timestamp (`SOURCE_DATE_EPOCH` when set, else 1980-01-01), so the same inputs
    /// give a byte-identical package.
    pub reproducible: bool,
    /// Who exports (empty: the user name of the session).
    pub editor: Option<String>,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The package's path.
    pub path: String,
    /// Its size in bytes.
    pub bytes: f64,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
    /// Files inside it, the manifest included.
    pub files: u32,
    /// Segment variants exported.
    pub variants: u32,
    /// Wall time in milliseconds.
    pub elapsed_ms: f64,
}

/// The manifest's and the archive's timestamp.
fn export_time(reproducible: bool) -> OffsetDateTime {
    if !reproducible {
        // Whole seconds: what a manifest reader needs, and what zip times can hold anyway.
        return OffsetDateTime::now_utc().replace_nanosecond(0).expect("0 is a valid nanosecond");
    }
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let fixed = time::macros::datetime!(1980-01-01 00:00:00 UTC);
    epoch.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()).filter(|t| *t >= fixed).unwrap_or(fixed)
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).expect("UTC times format")
}

fn session_user() -> String {
    ["USER", "USERNAME", "LOGNAME"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty())).unwrap_or_else(|| "unknown".into())
}

fn packaged(t: &Track) -> PackagedTrack {
    PackagedTrack {
        id: t.id.clone(),
        uri: track_uri(&t.id),
        title: t.title.clone(),
        artist: t.artist.clone(),
        album: t.album.clone(),
        duration_ms: t.duration_ms,
        explicit: t.explicit,
    }
}

fn doc_entry(t: &PackagedTrack, extension: serde_json::Value) -> DocEntry {
    DocEntry {
        track_id: t.id.clone(),
        title: t.title.clone(),
        artist: t.artist.clone(),
        album: t.album.clone(),
        duration_ms: t.duration_ms,
        extension: Some(extension),
    }
}

/// Exports `request.playlist`, personalized for the active model's segments, as a package.
///
/// Refuses (writing nothing) when a variant breaks an unbreakable rule: a serving system must
/// be able to trust every variant it is given. The preview shows the editor which rule and why.
pub async fn export_package(
    ws: &Workspace,
    engine: &PreviewEngine,
    request: &ExportRequest,
    on_progress: impl FnMut(Progress) + Send,
    cancel: &CancelToken,
) -> Result<ExportResult> {
    let started = Instant::now();
    let mut progress = Throttle::new(on_progress);
    let out = PathBuf::from(&request.out);
    if !out.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        return Err(Error::Invalid(format!("{}: a package is a zip file; choose a name ending in .zip", request.out)));
    }
    let formats = if request.formats.is_empty() { PlaylistFileFormat::ALL.to_vec() } else { request.formats.clone() };
    let detail = ws.playlist(request.playlist).await?;
    if detail.items.is_empty() {
        return Err(Error::Invalid(format!("playlist {} is empty: there is nothing to export", detail.summary.name)));
    }
    let seed_ids: Vec<(String, bool)> = detail.items.iter().map(|i| (i.track.id.clone(), i.pinned)).collect();
    let pool = ws.playlist_pool(request.playlist).await?;
    let stored = settings(ws, request.playlist).await?;
    let view = engine.preview(request.playlist, &seed_ids, &pool, &stored, &request.segments)?;
    progress.report(Progress::of(1.0, 4.0));
    refuse_broken(&view)?;
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }

    let when = export_time(request.reproducible);
    let info = ws.info().await?;
    let mut wanted: Vec<String> = pool.clone();
    for c in &view.columns {
        wanted.extend(c.tracks.iter().map(|t| t.track.id.clone()));
    }
    let tracks: HashMap<String, PackagedTrack> = ws.tracks(&wanted).await?.iter().map(|t| (t.id.clone(), packaged(t))).collect();
    let seed_tracks: Vec<SeedTrack> = detail
        .items
        .iter()
        .map(|i| SeedTrack { track: packaged(&i.track), pinned: i.pinned, note: i.note.clone() })
        .collect();
    let track = |id: &str| tracks.get(id).cloned().ok_or_else(|| Error::Invalid(format!("track {id} left the catalogue")));

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let seed_names = file_names("seed", &formats);
    let seed_doc = PlaylistDoc {
        title: detail.summary.name.clone(),
        annotation: Some(detail.summary.description.clone()).filter(|d| !d.is_empty()),
        creator: Some(request.editor.clone().filter(|e| !e.trim().is_empty()).unwrap_or_else(session_user)),
        date: Some(rfc3339(when)),
        identifier: Some(format!("segue:playlist:{}:{}", info.id, request.playlist)),
        extension: Some(serde_json::json!({ "role": "seed", "playlist": request.playlist })),
        entries: seed_tracks
            .iter()
            .map(|s| doc_entry(&s.track, serde_json::json!({ "pinned": s.pinned, "note": s.note })))
            .collect(),
    };
    files.extend(render(&seed_doc, &seed_names, &request.playlist.to_string()));

    let mut variants = Vec::with_capacity(view.columns.len());
    for column in &view.columns {
        let section = variant_section(column, &track, &formats)?;
        let doc = PlaylistDoc {
            title: format!("{} · {}", detail.summary.name, column.segment_name),
            annotation: Some(format!("{} personalized for the segment {}", detail.summary.name, column.segment_name)),
            creator: seed_doc.creator.clone(),
            date: seed_doc.date.clone(),
            identifier: Some(format!("{}:segment:{}", seed_doc.identifier.as_deref().unwrap_or_default(), column.segment)),
            extension: Some(serde_json::json!({
                "role": "variant",
                "segment": column.segment,
                "segmentName": column.segment_name,
                "metrics": section.metrics,
                "violations": section.violations,
            })),
            entries: section
                .tracks
                .iter()
                .map(|e| doc_entry(&e.track, serde_json::json!({ "status": e.status, "seedPosition": e.seed_position, "reasons": e.reasons })))
                .collect(),
        };
        let playlist_id = format!("{}-segment-{}", request.playlist, column.segment);
        files.extend(render(&doc, &section.files, &playlist_id));
        variants.push(section);
        if cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
    }
    progress.report(Progress::of(2.0, 4.0));

    let seed = SeedSection {
        playlist: request.playlist,
        name: detail.summary.name.clone(),
        description: detail.summary.description.clone(),
        tracks: seed_tracks,
        pool: pool.iter().map(|id| track(id)).collect::<Result<_>>()?,
        settings: stored,
        files: seed_names,
    };
    files.insert(0, (README.to_owned(), readme(&detail.summary.name, &variants).into_bytes()));
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        generator: Generator { name: "Segue".into(), version: env!("CARGO_PKG_VERSION").into() },
        created_at: rfc3339(when),
        editor: seed_doc.creator.clone().unwrap_or_default(),
        workspace: WorkspaceRef { id: info.id.clone(), name: info.name.clone() },
        seed,
        model: model_section(ws, engine).await?,
        variants,
        files: files
            .iter()
            .map(|(path, bytes)| FileEntry { path: path.clone(), sha256: sha256_hex(bytes), bytes: bytes.len() as u64 })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("the manifest serializes");
    json.push(b'\n');
    files.insert(0, (MANIFEST.to_owned(), json));
    progress.report(Progress::of(3.0, 4.0));
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }

    let count = files.len() as u32;
    let dest = out.clone();
    let written = tokio::task::spawn_blocking(move || write_package(&dest, &files, zip_time(when)))
        .await
        .map_err(|e| Error::stopped("the export", e))??;
    progress.finish(Progress::of(4.0, 4.0));
    Ok(ExportResult {
        path: absolute(&out).display().to_string(),
        bytes: written.bytes as f64,
        sha256: written.sha256,
        files: count,
        variants: view.columns.len() as u32,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The first unbreakable violation of any column, as an error.
fn refuse_broken(view: &PreviewView) -> Result<()> {
    for c in &view.columns {
        if let Some(v) = c.variant.violations.iter().find(|v| v.unbreakable) {
            return Err(Error::Invalid(format!(
                "the variant for segment {} breaks an unbreakable rule ({}); nothing was exported: relax the rule or add tracks to the pool",
                c.segment_name, v.message
            )));
        }
    }
    Ok(())
}

fn variant_section(
    column: &VariantView,
    track: &impl Fn(&str) -> Result<PackagedTrack>,
    formats: &[PlaylistFileFormat],
) -> Result<VariantSection> {
    let slug: String = column
        .segment_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    let stem = format!("variants/segment-{:02}{}{slug}", column.segment + 1, if slug.is_empty() { "" } else { "-" });
    let tracks = column
        .tracks
        .iter()
        .map(|t| {
            let r = &t.detail.reasons;
            Ok(VariantEntry {
                track: track(&t.track.id)?,
                status: t.detail.status,
                seed_position: t.detail.seed_position,
                reasons: TrackReasons {
                    score: r.score,
                    affinity: r.affinity,
                    seed_fit: r.seed_fit,
                    engagement: r.engagement,
                    closest_seed_track: t.closest_seed_track.as_ref().map(|c| c.id.clone()),
                    familiar: r.familiar,
                    rules: r.rules.clone(),
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(VariantSection {
        segment: column.segment,
        name: column.segment_name.clone(),
        size: column.segment_size,
        tracks,
        dropped: column.dropped.iter().map(|t| t.id.clone()).collect(),
        metrics: column.variant.metrics.clone(),
        violations: column.variant.violations.clone(),
        files: file_names(&stem, formats),
    })
}

async fn model_section(ws: &Workspace, engine: &PreviewEngine) -> Result<ModelSection> {
    let record = ws.model(engine.model).await?;
    let build = ws.build(record.build).await?;
    let body = record.model.0.clone();
    let segments = ws
        .segments(engine.model)
        .await?
        .into_iter()
        .map(|s| SegmentRef { index: s.idx as u32, name: s.name, size: s.size as u32 })
        .collect();
    Ok(ModelSection {
        id: record.id as u32,
        fitted_at: record.created_at.clone(),
        algorithm: record.algorithm.clone(),
        k: record.k as u32,
        seed: record.seed as f64,
        params: json_value(&record.params.0),
        metrics: json_value(&record.metrics.0),
        centroids: body.centroids,
        gmm: body.gmm.map(|g| serde_json::to_value(g).expect("mixtures serialize")),
        segments,
        taste: json_value(&build.params.taste),
        vectors: VectorRecipe {
            build: build.id as u32,
            dims: build.dims as u32,
            content: json_value(&build.stats.vectors.content),
            stats: json_value(&build.stats.0),
            params: json_value(&build.params.0),
        },
    })
}

/// A stored value as the manifest writes it: through its JSON text, so an `f32` keeps its short
/// decimal (`serde_json::to_value` would widen 0.1 to 0.10000000149011612).
fn json_value(value: &impl Serialize) -> serde_json::Value {
    serde_json::from_str(&serde_json::to_string(value).expect("stored values serialize")).expect("JSON reads back")
}

fn readme(name: &str, variants: &[VariantSection]) -> String {
    let mut s = format!("Segue playlist package: {name}\n\n");
    for line in [
        "manifest.json   what the package holds: the seed (tracks, pins, pool, rules, strength), the",
        "                segment model (algorithm, k, parameters, seed, metrics, centroids and the",
        "                feature standardization to assign new listeners), every variant with its",
        "                metrics, rule report and the reasons of each track, and the SHA-256 of",
        "                every other file.",
        "seed.*          the editor's seed as it is.",
        "variants/       one playlist per listener segment:",
    ] {
        s.push_str(line);
        s.push('\n');
    }
    for v in variants {
        s.push_str(&format!("                  segment {:>2}: {} ({} listeners)\n", v.segment + 1, v.name, v.size));
    }
    s.push_str(
        "\nEvery playlist is there in each exported format: JSPF (JSON, with a Segue extension\n\
         carrying segments and reasons), XSPF (XML, version 1), M3U8 (#EXTINF with duration and\n\
         \"artist - title\") and CSV (playlist_id, playlist_name, track_id, position, ...).\n\
         Tracks are catalogue ids; Spotify ids are written as spotify:track:<id> URIs.\n\n\
         Check a package with `segue verify <package.zip>`; bring it into a workspace with\n\
         `segue import package <package.zip> --workspace <file>`.\n",
    );
    s
}
