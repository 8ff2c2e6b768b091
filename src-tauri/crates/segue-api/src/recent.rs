//! The recently opened workspaces, most recent first, kept in a small JSON file that the host
//! chooses (the studio uses its config folder). Written to a temporary file and renamed, so a
//! crash never leaves a torn list.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many workspaces the list remembers.
pub const MAX_RECENT: usize = 12;

/// One recently opened workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecentWorkspace {
    /// Absolute path of the file.
    pub path: String,
    /// When it was last opened (RFC 3339).
    pub opened_at: String,
    /// Whether the file still exists.
    #[serde(default)]
    pub exists: bool,
}

/// The list of recent workspaces, stored at a path.
#[derive(Debug, Clone)]
pub struct RecentList {
    file: PathBuf,
}

impl RecentList {
    /// A list stored in `file` (created on first write).
    pub fn new(file: impl Into<PathBuf>) -> Self {
        Self { file: file.into() }
    }

    /// The list, most recent first. A missing or unreadable file is an empty list: losing the
    /// list of recents must never stop the studio from starting.
    pub fn load(&self) -> Vec<RecentWorkspace> {
        let mut list: Vec<RecentWorkspace> = std::fs::read(&self.file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        for r in &mut list {
            r.exists = Path::new(&r.path).exists();
        }
        list
    }

    /// Puts `path` at the top of the list, opened now.
    pub fn touch(&self, path: &Path) -> std::io::Result<Vec<RecentWorkspace>> {
        let opened_at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let path = path.display().to_string();
        let mut list = self.load();
        list.retain(|r| r.path != path);
        list.insert(0, RecentWorkspace { path, opened_at, exists: true });
        list.truncate(MAX_RECENT);
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self.file.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(&list)?)?;
        std::fs::rename(&tmp, &self.file)?;
        Ok(list)
    }

    /// The most recent workspace that still exists.
    pub fn latest(&self) -> Option<PathBuf> {
        self.load().into_iter().find(|r| r.exists).map(|r| PathBuf::from(r.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touch_moves_to_front_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let list = RecentList::new(dir.path().join("cfg/recent.json"));
        assert!(list.load().is_empty());
        let a = dir.path().join("a.segue");
        let b = dir.path().join("b.segue");
        std::fs::write(&a, b"").unwrap();
        list.touch(&a).unwrap();
        list.touch(&b).unwrap();
        let l = list.touch(&a).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].path, a.display().to_string());
        assert_eq!(list.latest(), Some(a.clone()));
        std::fs::remove_file(&a).unwrap();
        assert_eq!(list.latest(), None, "b was never created on disk");
    }

    #[test]
    fn a_corrupt_list_is_an_empty_list() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("recent.json"), b"{not json").unwrap();
        assert!(RecentList::new(dir.path().join("recent.json")).load().is_empty());
    }
}
