//! `segue` — Segue's engine from a terminal or a pipeline.
//!
//! Every command takes `--workspace <file>` (except `init`), prints a human summary by default
//! and a stable JSON document with `--json` (documented in the README), and exits non-zero
//! with a one-line message on stderr on any error:
//!
//! | exit | meaning |
//! | --- | --- |
//! | 0 | success |
//! | 1 | failure inside Segue or the system |
//! | 2 | bad usage (unknown command or flag) |
//! | 3 | a bad input file (the message names file, line and field) or bad input |
//! | 4 | something named does not exist (workspace, playlist, file) |
//! | 5 | already exists |

/// `println!` that stops quietly when stdout is closed (`segue … | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod output;
mod package;
mod personalize;
mod taste;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use segue_api::{playlists, workspace, CancelToken, Error, ErrorCode};

/// Segue: seed playlists, personalized for every listener segment.
#[derive(Parser)]
#[command(name = "segue", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a workspace file (with `--demo`, filled with the bundled demo catalogue).
    Init {
        /// The new workspace file.
        #[arg(value_parser = crate::absolute)]
        file: PathBuf,
        /// Import the bundled demo: 28,356 real tracks and 471 real playlists.
        #[arg(long)]
        demo: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import a file into a workspace.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// List or show seed playlists.
    Playlists {
        #[command(subcommand)]
        what: PlaylistsCommand,
    },
    /// Draw simulated listeners (seeded, with known tastes) over the workspace's catalogue.
    Simulate(taste::Simulate),
    /// Build track and taste vectors.
    Vectors {
        #[command(subcommand)]
        what: taste::VectorsCommand,
    },
    /// Fit, show and list listener segments.
    Segments {
        #[command(subcommand)]
        what: taste::SegmentsCommand,
    },
    /// Personalize a seed playlist for the active model's segments.
    Personalize(personalize::Personalize),
    /// Offline evaluation of a playlist's variants on held-out signals.
    Evaluate(personalize::Evaluate),
    /// Export a seed and its segment variants as a playlist package (zip).
    Export(package::Export),
    /// Check a playlist package: checksums, manifest, files, unbreakable rules.
    Verify(package::Verify),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A catalogue: CSV, TSV or JSON lines, plain or gzip. The spotify-songs columns are
    /// understood as they are; map others with `--map field=column`.
    Catalog {
        /// The catalogue file.
        #[arg(value_parser = crate::absolute)]
        file: PathBuf,
        /// The workspace to import into.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Bind a catalogue field to a column of the file, e.g. `--map title=name` (repeatable).
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Listener behaviour: events, aggregates or artist-level plays (CSV, TSV, JSON lines, gzip,
    /// Parquet). Signals naming tracks or artists the catalogue lacks are skipped and reported.
    Signals(taste::ImportSignals),
    /// A playlist package: the seed and its variants come back as playlists.
    Package(package::ImportPackage),
    /// Seed playlists: CSV or TSV with playlist_id, playlist_name, track_id, position, or one
    /// JSPF, XSPF or M3U8 playlist (matched by id, else by artist and title).
    Playlists {
        /// The playlists file.
        #[arg(value_parser = crate::absolute)]
        file: PathBuf,
        /// The workspace to import into.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PlaylistsCommand {
    /// Every playlist with its track count and duration.
    List {
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One playlist with its tracks, by id or by name.
    Show {
        /// Playlist id, or its exact name.
        playlist: String,
        /// The workspace.
        #[arg(long, value_parser = crate::absolute)]
        workspace: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("segue: error: {e}");
            ExitCode::from(exit_code(e.code()))
        }
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Internal | ErrorCode::Cancelled => 1,
        ErrorCode::BadFile | ErrorCode::InvalidInput => 3,
        ErrorCode::NotFound | ErrorCode::NoWorkspace => 4,
        ErrorCode::AlreadyExists => 5,
    }
}

async fn run(command: Command) -> segue_api::Result<()> {
    let cancel = CancelToken::new();
    match command {
        Command::Init { file, demo, json } => {
            if demo {
                let report = segue_api::demo::create_demo(&file, output::progress_line("demo"), &cancel).await?;
                output::catalog_report(&report, json);
                if !json {
                    say!(
                        "With {} simulated listeners (seed {}), their taste vectors and an active segment model: \
                         `segue segments show --workspace {}`",
                        segue_api::demo::DEMO_LISTENERS,
                        segue_api::demo::DEMO_SEED,
                        file.display()
                    );
                }
            } else {
                workspace::create(&file).await?.close().await;
                if json {
                    output::json(&serde_json::json!({ "workspace": file.display().to_string() }));
                } else {
                    say!("Created {}", file.display());
                }
            }
        }
        Command::Import { what: ImportCommand::Catalog { file, workspace, map, json } } => {
            let ws = workspace::open(&workspace).await?;
            let mut mapping = segue_api::import::preview_catalog(&file).await?.mapping;
            for m in &map {
                let (field, column) =
                    m.split_once('=').ok_or_else(|| Error::Invalid(format!("--map {m}: expected FIELD=COLUMN")))?;
                mapping.bind(field, column).map_err(Error::Invalid)?;
            }
            let report =
                segue_api::import::import_catalog(&ws, &file, &mapping, output::progress_line("import"), &cancel).await;
            ws.close().await;
            output::catalog_report(&report?, json);
        }
        Command::Import { what: ImportCommand::Playlists { file, workspace, json } } => {
            let ws = workspace::open(&workspace).await?;
            let report = segue_api::import::import_playlists(&ws, &file, output::progress_line("import"), &cancel).await;
            ws.close().await;
            output::playlist_report(&report?, json);
        }
        Command::Import { what: ImportCommand::Signals(args) } => taste::import_signals(args, &cancel).await?,
        Command::Simulate(args) => taste::simulate(args, &cancel).await?,
        Command::Vectors { what } => taste::vectors(what, &cancel).await?,
        Command::Segments { what } => taste::segments(what, &cancel).await?,
        Command::Personalize(args) => personalize::personalize(args).await?,
        Command::Evaluate(args) => personalize::evaluate(args, &cancel).await?,
        Command::Export(args) => package::export(args, &cancel).await?,
        Command::Verify(args) => package::verify(args).await?,
        Command::Import { what: ImportCommand::Package(args) } => package::import(args, &cancel).await?,
        Command::Playlists { what: PlaylistsCommand::List { workspace, json } } => {
            let ws = workspace::open(&workspace).await?;
            output::playlist_list(&playlists::list(&ws).await?, json);
        }
        Command::Playlists { what: PlaylistsCommand::Show { playlist, workspace, json } } => {
            let ws = workspace::open(&workspace).await?;
            let id = playlists::resolve(&ws, &playlist).await?;
            output::playlist_detail(&playlists::get(&ws, id).await?, json);
        }
    }
    Ok(())
}

/// A path argument resolved against the working directory: the api takes absolute paths only
/// (see `segue_api::validate`).
pub(crate) fn absolute(arg: &str) -> Result<PathBuf, String> {
    std::path::absolute(arg).map_err(|e| format!("{arg}: {e}"))
}
