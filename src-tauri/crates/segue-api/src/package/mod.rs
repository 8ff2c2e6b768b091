//! Playlist packages: how the editor's work leaves the studio.
//!
//! A package is one zip (see [`segue_io::package`] for the container's safety) holding
//! `manifest.json` ([`manifest`]), a `README.txt`, and the seed and every segment's variant as
//! JSPF, XSPF, M3U8 and CSV ([`files`]). [`export`] writes one from a seed and the active model,
//! atomically and, when asked, reproducibly; [`verify`] checks one without trusting it; [`import`]
//! brings one back into a workspace as playlists.

mod audit;
pub mod export;
pub mod files;
pub mod import;
pub mod manifest;
pub mod verify;

pub use export::{export_package, ExportRequest, ExportResult};
pub use files::PlaylistFileFormat;
pub use segue_io::package::{PackageError, PackageFault};
pub use import::{import_package, PackageImportReport};
pub use verify::{verify_package, verify_package_file, Problem, VerifyReport};
