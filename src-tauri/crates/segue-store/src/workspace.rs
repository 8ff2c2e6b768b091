//! Opening and creating workspace files.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Sqlite};

use crate::library_index::LibrarySlot;
use crate::{Error, Result, Tx};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../../migrations");

/// An open workspace: a pool of connections to one SQLite file. Cheap to clone; never wrap it
/// in a lock (the pool is the concurrency control, and SQLite's WAL lets reads run during a
/// write).
#[derive(Debug, Clone)]
pub struct Workspace {
    pool: SqlitePool,
    path: PathBuf,
    id: String,
    /// The library index, shared by the clones (see [`crate::catalog`]).
    library: Arc<LibrarySlot>,
}

/// What the studio shows about the open workspace.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// Stable id of the workspace, recorded in exports.
    pub id: String,
    /// Absolute path of the file.
    pub path: String,
    /// The file name without its extension.
    pub name: String,
    /// When the workspace was created (RFC 3339).
    pub created_at: String,
    /// Number of catalogue tracks.
    pub track_count: u32,
    /// Number of seed playlists.
    pub playlist_count: u32,
}

impl Workspace {
    /// Creates a new, empty workspace file. Refuses to overwrite an existing file.
    pub async fn create(path: &Path) -> Result<Self> {
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Invalid(format!("cannot create {}: {e}", dir.display())))?;
        }
        let ws = Self::connect(path, true).await?;
        let now = now_rfc3339();
        sqlx::query("INSERT INTO workspace (singleton, id, created_at, app_version) VALUES (1, ?, ?, ?)")
            .bind(&ws.id)
            .bind(&now)
            .bind(env!("CARGO_PKG_VERSION"))
            .execute(&ws.pool)
            .await?;
        Ok(ws)
    }

    /// Opens an existing workspace, migrating it to this version of Segue.
    pub async fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing(path.to_path_buf()));
        }
        let mut ws = Self::connect(path, false).await?;
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM workspace WHERE singleton = 1")
            .fetch_optional(&ws.pool)
            .await?;
        ws.id = id.ok_or_else(|| Error::NotAWorkspace { path: path.into(), reason: "it has no workspace record".into() })?;
        Ok(ws)
    }

    async fn connect(path: &Path, create: bool) -> Result<Self> {
        let not_ws = |e: sqlx::Error| Error::NotAWorkspace { path: path.into(), reason: e.to_string() };
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(not_ws)?
            .create_if_missing(create)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // An edit made while a long import holds the write lock waits for it.
            .busy_timeout(Duration::from_secs(60))
            .pragma("cache_size", "-65536")
            // A large import leaves a WAL as large as the pages it wrote; once checkpointed,
            // the next write restarts the WAL and truncates the file to this size.
            .pragma("journal_size_limit", WAL_SIZE_LIMIT);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(not_ws)?;
        MIGRATOR.run(&pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(inner) => not_ws(inner),
            other => Error::Migrate(other),
        })?;
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(Self { pool, path, id: uuid::Uuid::new_v4().to_string(), library: Arc::default() })
    }

    /// The connection pool, for reads.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. `BEGIN IMMEDIATE` takes the write lock at once, so two writers
    /// queue on the busy timeout instead of failing when a read would upgrade to a write.
    pub async fn write(&self) -> Result<Tx<'static>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Takes a connection for one large import: its commit leaves the WAL for a checkpoint in
    /// the background (see [`ImportConnection`]).
    pub async fn import_connection(&self) -> Result<ImportConnection> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA wal_autocheckpoint = 0").execute(&mut *conn).await?;
        Ok(ImportConnection { conn: Some(conn), pool: self.pool.clone() })
    }

    /// The library index's slot.
    pub(crate) fn library(&self) -> &Arc<LibrarySlot> {
        &self.library
    }

    /// The file this workspace lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The workspace's stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the studio shows about the workspace.
    pub async fn info(&self) -> Result<WorkspaceInfo> {
        let created_at: String =
            sqlx::query_scalar("SELECT created_at FROM workspace WHERE singleton = 1").fetch_one(&self.pool).await?;
        let track_count: i64 = sqlx::query_scalar("SELECT count(*) FROM tracks").fetch_one(&self.pool).await?;
        let playlist_count: i64 = sqlx::query_scalar("SELECT count(*) FROM playlists").fetch_one(&self.pool).await?;
        Ok(WorkspaceInfo {
            id: self.id.clone(),
            path: self.path.display().to_string(),
            name: self.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            created_at,
            track_count: track_count as u32,
            playlist_count: playlist_count as u32,
        })
    }

    /// Closes the pool, checkpointing the WAL into the main file first: once this returns the
    /// file is complete on its own and can be copied or renamed (the demo is built under a
    /// temporary name). Closing the pool alone is not enough: only the last connection to
    /// close checkpoints, and sqlx may finish closing one after `close` has returned.
    pub async fn close(self) {
        for _ in 0..CLOSE_CHECKPOINT_TRIES {
            // Busy while the checkpoint after an import is still running: wait for it.
            match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.pool).await {
                Ok((1, _, _)) => tokio::time::sleep(Duration::from_millis(20)).await,
                Ok((_, _, _)) | Err(_) => break,
            }
        }
        self.pool.close().await;
    }
}

/// Bytes of WAL kept on disk after a checkpoint (`journal_size_limit`).
const WAL_SIZE_LIMIT: &str = "67108864";

/// How often [`Workspace::close`] tries its checkpoint while another one runs (20 ms apart).
const CLOSE_CHECKPOINT_TRIES: u32 = 1500;

/// SQLite's default `wal_autocheckpoint`, in pages.
const AUTOCHECKPOINT_PAGES: u32 = 1000;

/// A pooled connection that runs one large import without checkpointing on commit.
///
/// After a commit, SQLite's auto-checkpoint copies every page the transaction wrote from the
/// WAL into the database file before `COMMIT` returns: for a million-track import, about
/// 580 MB and two fsyncs, seconds during which the import looks unfinished. On this connection
/// the auto-checkpoint is off; [`release`](Self::release) turns it back on and runs a passive
/// checkpoint in a background task, which neither blocks readers nor writers. Until it has
/// synced the WAL, a power cut (not a crash of the app) may lose the import as a whole,
/// which is what `synchronous = NORMAL` allows for every write; the workspace stays consistent
/// either way. Dropped without `release` (an error, a cancel), the connection is closed rather
/// than returned to the pool with the auto-checkpoint off.
pub struct ImportConnection {
    conn: Option<PoolConnection<Sqlite>>,
    pool: SqlitePool,
}

impl ImportConnection {
    /// Starts the import's write transaction (`BEGIN IMMEDIATE`, as [`Workspace::write`]).
    pub async fn begin(&mut self) -> Result<Tx<'_>> {
        let conn = self.conn.as_mut().expect("taken only by release and drop");
        Ok(conn.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Returns the connection to the pool and checkpoints the WAL in the background. Call it
    /// after the transaction committed or rolled back.
    pub async fn release(mut self) -> Result<()> {
        // Should this fail or be dropped half-way, `Drop` closes the connection.
        let conn = self.conn.as_mut().expect("taken only by release and drop");
        sqlx::query(&format!("PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")).execute(&mut **conn).await?;
        drop(self.conn.take());
        let pool = self.pool.clone();
        tokio::spawn(async move {
            // Passive: copies what no reader still needs and never waits for a lock. If it
            // fails, the next auto-checkpoint or closing the workspace does the work.
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&pool).await {
                tracing::warn!("background checkpoint after an import failed: {e}");
            }
        });
        Ok(())
    }
}

impl Drop for ImportConnection {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            conn.close_on_drop();
        }
    }
}

/// The current UTC time as RFC 3339, the one timestamp format of the store.
pub(crate) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}
