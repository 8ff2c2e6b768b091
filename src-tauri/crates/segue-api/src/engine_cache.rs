//! The preview engine of a workspace's active model, kept between previews while the editor
//! edits: built on first use and forgotten when what it was built from may have changed.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::personalize::PreviewEngine;
use crate::workspace::Workspace;
use crate::Result;

/// One cached preview engine. Its lock is held only to read or swap the cached handle, never
/// across the database work of loading an engine; two callers that miss at once both load, and
/// the engine kept is the last one loaded since the last [`forget`](Self::forget).
#[derive(Default)]
pub struct EngineCache {
    slot: Mutex<Slot>,
}

#[derive(Default)]
struct Slot {
    /// Bumped by every [`EngineCache::forget`], so an engine loaded before it is not kept.
    generation: u64,
    /// (workspace id, model id, engine).
    engine: Option<(String, i64, Arc<PreviewEngine>)>,
}

impl EngineCache {
    /// The engine of `ws`'s active model, loaded on first use; `None` when no model is active.
    pub async fn get(&self, ws: &Workspace) -> Result<Option<Arc<PreviewEngine>>> {
        let Some(model) = ws.active_model().await? else { return Ok(None) };
        let generation = {
            let slot = self.slot();
            match &slot.engine {
                Some((id, m, engine)) if id == ws.id() && *m == model => return Ok(Some(engine.clone())),
                _ => slot.generation,
            }
        };
        let Some(engine) = PreviewEngine::load(ws).await? else { return Ok(None) };
        let engine = Arc::new(engine);
        let mut slot = self.slot();
        if slot.generation == generation {
            slot.engine = Some((ws.id().to_string(), engine.model, engine.clone()));
        }
        Ok(Some(engine))
    }

    /// Forgets the engine (after any job: signals, vectors or models may have changed).
    pub fn forget(&self) {
        let mut slot = self.slot();
        slot.generation += 1;
        slot.engine = None;
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        // The slot holds a handle and a counter: a panic elsewhere cannot leave it half-written.
        self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
