//! `segue export`, `segue verify` and `segue import package`.

use std::path::PathBuf;

use clap::Args;
use segue_api::package::{export_package, import_package, verify_package_file, ExportRequest, PlaylistFileFormat};
use segue_api::personalize::PreviewEngine;
use segue_api::{playlists, workspace, CancelToken, Error};

use crate::output::{json, progress_line};

/// `segue export`.
#[derive(Args)]
pub struct Export {
    /// The seed playlist, by id or exact name.
    #[arg(long)]
    playlist: String,
    /// The package to write (a `.zip`; replaced whole if it exists).
    #[arg(long)]
    out: PathBuf,
    /// Playlist formats, e.g. `jspf,m3u8` (default: jspf,xspf,m3u8,csv).
    #[arg(long, default_value = "jspf,xspf,m3u8,csv")]
    formats: String,
    /// Segments to export, e.g. `0,2,5` (default: every segment of the active model).
    #[arg(long, value_delimiter = ',')]
    segments: Vec<u32>,
    /// A fixed timestamp (`SOURCE_DATE_EPOCH`, else 1980-01-01): the same inputs give the same bytes.
    #[arg(long)]
    reproducible: bool,
    /// The editor's name in the manifest (default: the user name).
    #[arg(long)]
    editor: Option<String>,
    /// The workspace.
    #[arg(long, value_parser = crate::absolute)]
    workspace: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `segue verify`.
#[derive(Args)]
pub struct Verify {
    /// The package.
    #[arg(value_parser = crate::absolute)]
    package: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `segue import package`.
#[derive(Args)]
pub struct ImportPackage {
    /// The package.
    #[arg(value_parser = crate::absolute)]
    file: PathBuf,
    /// The workspace to import into.
    #[arg(long, value_parser = crate::absolute)]
    workspace: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `segue export`.
pub async fn export(a: Export, cancel: &CancelToken) -> segue_api::Result<()> {
    let formats = PlaylistFileFormat::parse_list(&a.formats).map_err(Error::Invalid)?;
    let ws = workspace::open(&a.workspace).await?;
    let result = async {
        let playlist = playlists::resolve(&ws, &a.playlist).await?;
        let engine = PreviewEngine::load(&ws)
            .await?
            .ok_or_else(|| Error::Invalid("no segment model is active: run `segue segments fit` first".into()))?;
        let request = ExportRequest {
            playlist,
            out: a.out.display().to_string(),
            formats,
            segments: a.segments.clone(),
            reproducible: a.reproducible,
            editor: a.editor.clone(),
        };
        export_package(&ws, &engine, &request, progress_line("export"), cancel).await
    }
    .await;
    ws.close().await;
    let r = result?;
    if a.json {
        json(&r);
    } else {
        say!("Exported {} ({} bytes, {} files, {} variants)", r.path, r.bytes, r.files, r.variants);
        say!("sha256 {}", r.sha256);
    }
    Ok(())
}

/// Runs `segue verify`: exits 3 when the package has any problem.
pub async fn verify(a: Verify) -> segue_api::Result<()> {
    let report = verify_package_file(&a.package).await?;
    if a.json {
        json(&report);
    } else if report.ok {
        say!(
            "{}: OK ({} files checked, {} variants of {})",
            report.package,
            report.files_checked,
            report.variants,
            report.seed.as_deref().unwrap_or("?")
        );
    } else {
        for p in &report.problems {
            eprintln!("{}: {p}", report.package);
        }
    }
    match report.problems.first() {
        None => Ok(()),
        Some(first) => Err(Error::Invalid(format!(
            "{} does not verify: {} problem{} ({first})",
            report.package,
            report.problems.len(),
            if report.problems.len() == 1 { "" } else { "s" }
        ))),
    }
}

/// Runs `segue import package`.
pub async fn import(a: ImportPackage, cancel: &CancelToken) -> segue_api::Result<()> {
    let ws = workspace::open(&a.workspace).await?;
    let result = import_package(&ws, &a.file, progress_line("import"), cancel).await;
    ws.close().await;
    let r = result?;
    if a.json {
        json(&r);
    } else {
        say!(
            "Imported {}: seed as playlist {}, {} variants as playlists {:?}; {} new, {} updated, {} tracks placed, {} unknown",
            r.file, r.seed_playlist, r.variant_playlists.len(), r.variant_playlists, r.playlists_new, r.playlists_updated, r.entries, r.unknown_count
        );
    }
    Ok(())
}
