//! What the editor sets per seed playlist for personalization: its settings (rules, strength,
//! pool expansion; JSON written by the caller) and its pool of extra candidate tracks. Each write
//! is one transaction; settings are saved as they change, like every edit.

use crate::{Error, Result, Workspace};

impl Workspace {
    /// A playlist's personalization settings (JSON), `None` if never set.
    pub async fn playlist_settings(&self, playlist: u32) -> Result<Option<String>> {
        self.playlist_exists(playlist).await?;
        Ok(sqlx::query_scalar("SELECT settings FROM playlist_settings WHERE playlist = ?")
            .bind(i64::from(playlist))
            .fetch_optional(self.pool())
            .await?)
    }

    /// Saves a playlist's personalization settings (JSON).
    pub async fn set_playlist_settings(&self, playlist: u32, settings_json: &str) -> Result<()> {
        let mut tx = self.write().await?;
        exists(&mut tx, playlist).await?;
        write_settings(&mut tx, playlist, settings_json).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The track ids of a playlist's pool, in the order they were added.
    pub async fn playlist_pool(&self, playlist: u32) -> Result<Vec<String>> {
        self.playlist_exists(playlist).await?;
        Ok(sqlx::query_scalar("SELECT track FROM playlist_pool WHERE playlist = ? ORDER BY position")
            .bind(i64::from(playlist))
            .fetch_all(self.pool())
            .await?)
    }

    /// Adds catalogue tracks to a playlist's pool (tracks already in it are left where they are);
    /// refuses ids the catalogue does not have. Returns how many were added.
    pub async fn pool_add(&self, playlist: u32, tracks: &[String]) -> Result<u32> {
        let mut tx = self.write().await?;
        exists(&mut tx, playlist).await?;
        let known = crate::catalog::known_ids(&mut tx, tracks).await?;
        if let Some(unknown) = tracks.iter().find(|t| !known.contains(*t)) {
            return Err(Error::NotFound(format!("track {unknown} is not in the catalogue")));
        }
        let mut next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(position), -1) + 1 FROM playlist_pool WHERE playlist = ?")
            .bind(i64::from(playlist))
            .fetch_one(&mut *tx)
            .await?;
        let mut added = 0;
        for t in tracks {
            let done = sqlx::query("INSERT OR IGNORE INTO playlist_pool (playlist, position, track) VALUES (?, ?, ?)")
                .bind(i64::from(playlist))
                .bind(next)
                .bind(t)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() > 0 {
                added += 1;
                next += 1;
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Removes tracks from a playlist's pool. Returns how many were removed.
    pub async fn pool_remove(&self, playlist: u32, tracks: &[String]) -> Result<u32> {
        let mut tx = self.write().await?;
        exists(&mut tx, playlist).await?;
        let mut removed = 0;
        for t in tracks {
            let done = sqlx::query("DELETE FROM playlist_pool WHERE playlist = ? AND track = ?")
                .bind(i64::from(playlist))
                .bind(t)
                .execute(&mut *tx)
                .await?;
            removed += done.rows_affected() as u32;
        }
        tx.commit().await?;
        Ok(removed)
    }

    async fn playlist_exists(&self, playlist: u32) -> Result<()> {
        exists(&mut *self.pool().acquire().await?, playlist).await
    }
}

async fn exists(conn: &mut sqlx::SqliteConnection, playlist: u32) -> Result<()> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM playlists WHERE id = ?").bind(i64::from(playlist)).fetch_optional(conn).await?;
    found.map(|_| ()).ok_or_else(|| Error::NotFound(format!("playlist {playlist} does not exist")))
}

/// Replaces a playlist's settings (JSON) and pool inside a caller's transaction, as an import
/// of a playlist package does; pool tracks the catalogue lacks must be left out by the caller.
pub async fn replace_personalization(
    conn: &mut sqlx::SqliteConnection,
    playlist: u32,
    settings_json: &str,
    pool: &[String],
) -> Result<()> {
    write_settings(conn, playlist, settings_json).await?;
    sqlx::query("DELETE FROM playlist_pool WHERE playlist = ?").bind(i64::from(playlist)).execute(&mut *conn).await?;
    for (position, track) in pool.iter().enumerate() {
        sqlx::query("INSERT OR IGNORE INTO playlist_pool (playlist, position, track) VALUES (?, ?, ?)")
            .bind(i64::from(playlist))
            .bind(position as i64)
            .bind(track)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn write_settings(conn: &mut sqlx::SqliteConnection, playlist: u32, settings_json: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO playlist_settings (playlist, settings) VALUES (?, ?) \
         ON CONFLICT (playlist) DO UPDATE SET settings = excluded.settings",
    )
    .bind(i64::from(playlist))
    .bind(settings_json)
    .execute(conn)
    .await?;
    Ok(())
}
