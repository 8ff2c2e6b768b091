//! The studio's commands, one file per area. A command parses its input, calls one function of
//! `segue-api` (the shell's only door to the engine), and maps the error; logic lives below the
//! shell.

pub mod imports;
pub mod jobs;
pub mod library;
pub mod packages;
pub mod personalize;
pub mod playlists;
pub mod segments;
pub mod workspace;
