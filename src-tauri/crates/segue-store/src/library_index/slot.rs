//! Keeping the library index in step with the catalogue, for concurrent searches.
//!
//! A workspace's clones share one slot. A search reads the catalogue's stamp (one indexed row)
//! and takes the index only if it was built from that stamp: the index is never stale, whoever
//! wrote the catalogue (this process's importer, the `segue` command on the same file). When it
//! is stale or missing, the search is answered by SQLite while one build runs in the background;
//! the old index is dropped at once rather than kept next to its successor.

use std::sync::{Arc, Mutex, PoisonError, RwLock};

use sqlx::SqlitePool;

use super::{load, LibraryIndex, LibraryIndexStats};
use crate::Result;

/// The current library index of a workspace, and the lock its builds take.
#[derive(Default)]
pub(crate) struct LibrarySlot {
    current: RwLock<Option<Arc<LibraryIndex>>>,
    /// Held by the one build that may run at a time.
    building: Arc<tokio::sync::Mutex<()>>,
    /// The stamp of a catalogue the index could not be built from (it holds a value the index
    /// cannot represent): not tried again in the background until the catalogue changes.
    refused: Mutex<Option<Vec<u8>>>,
}

impl std::fmt::Debug for LibrarySlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tracks = self.current.read().unwrap_or_else(PoisonError::into_inner).as_ref().map(|i| i.stats.tracks);
        f.debug_struct("LibrarySlot").field("tracks", &tracks).finish_non_exhaustive()
    }
}

impl LibrarySlot {
    /// The index if it holds the catalogue as it is now; otherwise `None`, and a build starts in
    /// the background unless one is running.
    pub(crate) async fn fresh(self: &Arc<Self>, pool: &SqlitePool) -> Result<Option<Arc<LibraryIndex>>> {
        let stamp = load::stamp(&mut *pool.acquire().await?).await?;
        if let Some(index) = self.holding(&stamp) {
            return Ok(Some(index));
        }
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref().is_some_and(|i| i.stamp() != stamp) {
            *current = None;
        }
        drop(current);
        let refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner).as_ref() == Some(&stamp);
        if let (false, Ok(guard)) = (refused, self.building.clone().try_lock_owned()) {
            let (slot, pool) = (self.clone(), pool.clone());
            tokio::spawn(async move {
                if let Err(e) = slot.build(&pool).await {
                    tracing::warn!("the library index was not built: {e}");
                }
                drop(guard);
            });
        }
        Ok(None)
    }

    /// Builds the index now unless it holds the catalogue as it is (waiting for a build under
    /// way first), and says what it holds.
    pub(crate) async fn prepare(&self, pool: &SqlitePool) -> Result<LibraryIndexStats> {
        let _guard = self.building.lock().await;
        self.build(pool).await
    }

    /// Builds the index unless it is fresh. The caller holds `building`.
    async fn build(&self, pool: &SqlitePool) -> Result<LibraryIndexStats> {
        let stamp = load::stamp(&mut *pool.acquire().await?).await?;
        if let Some(index) = self.holding(&stamp) {
            return Ok(index.stats());
        }
        match LibraryIndex::build(pool).await {
            Ok(index) => {
                let stats = index.stats();
                *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(index));
                Ok(stats)
            }
            Err(e) => {
                *self.refused.lock().unwrap_or_else(PoisonError::into_inner) = Some(stamp);
                Err(e)
            }
        }
    }

    fn holding(&self, stamp: &[u8]) -> Option<Arc<LibraryIndex>> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        current.as_ref().filter(|i| i.stamp() == stamp).cloned()
    }
}
