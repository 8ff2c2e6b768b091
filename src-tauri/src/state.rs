//! What the shell keeps between commands: the open workspace, running jobs, recents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use segue_api::engine_cache::EngineCache;
use segue_api::personalize::PreviewEngine;
use segue_api::recent::RecentList;
use segue_api::workspace::Workspace;
use segue_api::CancelToken;
use tokio::sync::RwLock;

use crate::error::{CmdResult, IpcError};

/// Which workspace the studio opens at launch.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchTarget {
    /// A workspace file named on the command line or in `SEGUE_WORKSPACE`.
    File(PathBuf),
    /// The bundled demo (created on first use).
    Demo,
}

/// Reads the launch target from the arguments (`--workspace <file>`, `--demo`) and the
/// environment (`SEGUE_WORKSPACE`); without either, the most recent workspace, else the demo.
pub fn launch_target(args: &[String], env_workspace: Option<String>, latest: Option<PathBuf>) -> LaunchTarget {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--demo" => return LaunchTarget::Demo,
            "--workspace" => {
                if let Some(p) = it.next() {
                    return LaunchTarget::File(p.into());
                }
            }
            _ => {}
        }
    }
    match env_workspace.filter(|s| !s.is_empty()).map(PathBuf::from).or(latest) {
        Some(p) => LaunchTarget::File(p),
        None => LaunchTarget::Demo,
    }
}

/// The shell's state. The workspace sits behind an async `RwLock` that is only held long
/// enough to clone the handle (a pool), and the preview engine's cache locks only to swap its
/// handle: no lock is ever held across database work.
pub struct AppState {
    workspace: RwLock<Option<Workspace>>,
    jobs: Mutex<HashMap<u32, CancelToken>>,
    next_job: AtomicU32,
    /// Recently opened workspaces.
    pub recent: RecentList,
    /// Where the demo workspace lives.
    pub demo_path: PathBuf,
    /// What to open at launch.
    pub launch: LaunchTarget,
    /// The preview engine of the open workspace's active model.
    engine: EngineCache,
}

impl AppState {
    /// State with no workspace open yet.
    pub fn new(data_dir: &Path, config_dir: &Path, launch: LaunchTarget) -> Self {
        Self {
            workspace: RwLock::new(None),
            jobs: Mutex::new(HashMap::new()),
            next_job: AtomicU32::new(1),
            recent: RecentList::new(config_dir.join("recent.json")),
            demo_path: data_dir.join("demo.segue"),
            launch,
            engine: EngineCache::default(),
        }
    }

    /// The preview engine of `ws`'s active model, built on first use and kept while the editor
    /// edits; `None` when no model is active.
    pub async fn preview_engine(&self, ws: &Workspace) -> segue_api::Result<Option<Arc<PreviewEngine>>> {
        self.engine.get(ws).await
    }

    /// Forgets the preview engine (after any job: signals, vectors or models may have changed).
    pub fn forget_engine(&self) {
        self.engine.forget();
    }

    /// The open workspace, or the `noWorkspace` error.
    pub async fn workspace(&self) -> CmdResult<Workspace> {
        self.workspace.read().await.clone().ok_or_else(IpcError::no_workspace)
    }

    /// Makes `ws` the open workspace and puts it at the top of the recents.
    pub async fn set_workspace(&self, ws: Workspace) {
        let _ = self.recent.touch(ws.path());
        *self.workspace.write().await = Some(ws);
        self.forget_engine();
    }

    /// Registers a job and returns its id and cancel token.
    pub fn start_job(&self) -> (u32, CancelToken) {
        let id = self.next_job.fetch_add(1, Ordering::SeqCst);
        let token = CancelToken::new();
        self.jobs.lock().expect("jobs lock").insert(id, token.clone());
        (id, token)
    }

    /// Forgets a finished job.
    pub fn end_job(&self, id: u32) {
        self.jobs.lock().expect("jobs lock").remove(&id);
    }

    /// Cancels a running job; false when no such job runs.
    pub fn cancel_job(&self, id: u32) -> bool {
        self.jobs.lock().expect("jobs lock").get(&id).map(CancelToken::cancel).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn launch_target_prefers_arguments_then_environment_then_recents() {
        let latest = Some(PathBuf::from("/r.segue"));
        assert_eq!(launch_target(&args(&["app", "--demo"]), Some("/e".into()), latest.clone()), LaunchTarget::Demo);
        assert_eq!(
            launch_target(&args(&["app", "--workspace", "/w.segue"]), None, None),
            LaunchTarget::File("/w.segue".into())
        );
        assert_eq!(launch_target(&args(&["app"]), Some("/e".into()), latest.clone()), LaunchTarget::File("/e".into()));
        assert_eq!(launch_target(&args(&["app"]), None, latest), LaunchTarget::File("/r.segue".into()));
        assert_eq!(launch_target(&args(&["app"]), None, None), LaunchTarget::Demo);
    }
}
