//! Workspaces as hosts open them: create, open, describe. A [`Workspace`] is a cheap handle that
//! hosts keep and pass back to every function of this crate.

use std::path::Path;

pub use segue_store::{Workspace, WorkspaceInfo};

use crate::validate::workspace_file;
use crate::Result;

/// Opens an existing workspace file (an absolute path), migrating it to this version of Segue.
pub async fn open(path: &Path) -> Result<Workspace> {
    Ok(Workspace::open(&workspace_file(path)?).await?)
}

/// Creates a new, empty workspace file (an absolute path); refuses to overwrite a file.
pub async fn create(path: &Path) -> Result<Workspace> {
    Ok(Workspace::create(&workspace_file(path)?).await?)
}

/// What the studio shows about a workspace: its name, path and counts.
pub async fn info(ws: &Workspace) -> Result<WorkspaceInfo> {
    Ok(ws.info().await?)
}
