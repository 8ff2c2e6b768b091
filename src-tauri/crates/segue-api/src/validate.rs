//! What hosts pass in, checked once for every host: one function per kind of input, so the
//! studio, the command line and the tests refuse the same inputs with the same words.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// A file to read (a catalogue, playlists, signals, a package): an absolute path to an existing
/// file. Hosts with a working directory (the command line) resolve relative paths first.
pub fn input_file(path: &Path) -> Result<PathBuf> {
    absolute(path, "choose a file")?;
    if !path.is_file() {
        return Err(Error::NotFound(format!("{}: no such file", path.display())));
    }
    Ok(path.to_path_buf())
}

/// A workspace file to open or create: an absolute path.
pub fn workspace_file(path: &Path) -> Result<PathBuf> {
    absolute(path, "choose a workspace file")?;
    Ok(path.to_path_buf())
}

fn absolute(path: &Path, when_empty: &str) -> Result<()> {
    if path.as_os_str().is_empty() {
        return Err(Error::Invalid(when_empty.into()));
    }
    if !path.is_absolute() {
        return Err(Error::Invalid(format!("{}: a file path must be absolute", path.display())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn paths_are_refused_empty_relative_or_missing() {
        let code = |r: Result<PathBuf>| r.unwrap_err().code();
        assert_eq!(code(input_file(Path::new(""))), ErrorCode::InvalidInput);
        assert_eq!(code(input_file(Path::new("songs.csv"))), ErrorCode::InvalidInput);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(code(input_file(&dir.path().join("none.csv"))), ErrorCode::NotFound);
        let file = dir.path().join("songs.csv");
        std::fs::write(&file, "").unwrap();
        assert_eq!(input_file(&file).unwrap(), file);
        assert_eq!(code(workspace_file(Path::new("w.segue"))), ErrorCode::InvalidInput);
        assert!(workspace_file(&dir.path().join("w.segue")).is_ok());
    }
}
