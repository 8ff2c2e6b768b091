//! What the editor sets per seed playlist for personalization: its settings (rules, strength,
//! pool expansion; stored as JSON) and its pool of extra candidate tracks. Each write is one
//! transaction; settings are saved as they change, like every edit.

use segue_core::personalize::{Expansion, FamiliarityBand, PersonalizeParams, Rule, TargetLength};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;

use crate::{stored, Error, Result, Workspace};

/// Default pool expansion: catalogue tracks filed under the seed's genres, with no cosine gate on
/// top (-1: any cosine). On Last.fm's listeners a threshold of 0.5 kept five of six held-out
/// artists out of reach, and even 0 cost a tenth of the variants' hits, while the genres alone
/// keep every added track in the seed's theme. For a catalogue without genres, set a threshold…
pub const DEFAULT_EXPAND_THRESHOLD: f32 = -1.0;
/// … at most this many of them.
pub const DEFAULT_EXPAND_CAP: u32 = 200;

/// The rules as the editor writes them: tracks by catalogue id, artists by name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct RuleSettings {
    /// Target length, in tracks or minutes.
    pub length: Option<Rule<TargetLength>>,
    /// At most this many tracks per artist.
    pub max_per_artist: Option<Rule<u32>>,
    /// At least this many tracks between two tracks of one artist.
    pub artist_separation: Option<Rule<u32>>,
    /// Whether explicit tracks are allowed.
    pub explicit_allowed: Option<Rule<bool>>,
    /// Share of tracks the segment already plays.
    pub familiarity: Option<Rule<FamiliarityBand>>,
    /// Tracks never to include, by id.
    pub banned_tracks: Option<Rule<Vec<String>>>,
    /// Artists never to include, by name.
    pub banned_artists: Option<Rule<Vec<String>>>,
    /// Tracks every variant must include, by id.
    pub must_include: Option<Rule<Vec<String>>>,
}

/// What the editor sets for one seed playlist (saved with the playlist as it changes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PlaylistSettings {
    /// 0: the seed as is; 1: as personal as the rules allow.
    pub strength: f32,
    /// Catalogue tracks close to the seed join the candidates (`null`: only the seed and the pool).
    pub expand: Option<Expansion>,
    /// The rules.
    pub rules: RuleSettings,
    /// Scoring, diversity and sequencing parameters.
    pub params: PersonalizeParams,
}

impl Default for PlaylistSettings {
    fn default() -> Self {
        Self {
            strength: segue_core::personalize::DEFAULT_STRENGTH,
            expand: Some(Expansion { genres: true, threshold: DEFAULT_EXPAND_THRESHOLD, cap: DEFAULT_EXPAND_CAP }),
            rules: RuleSettings::default(),
            params: PersonalizeParams::default(),
        }
    }
}

impl Workspace {
    /// A playlist's personalization settings, `None` if never set.
    pub async fn playlist_settings(&self, playlist: u32) -> Result<Option<PlaylistSettings>> {
        self.playlist_exists(playlist).await?;
        let settings: Option<Json<PlaylistSettings>> =
            sqlx::query_scalar("SELECT settings FROM playlist_settings WHERE playlist = ?")
                .bind(i64::from(playlist))
                .fetch_optional(self.pool())
                .await
                .map_err(stored("personalization settings"))?;
        Ok(settings.map(|s| s.0))
    }

    /// Saves a playlist's personalization settings.
    pub async fn set_playlist_settings(&self, playlist: u32, settings: &PlaylistSettings) -> Result<()> {
        let mut tx = self.write().await?;
        exists(&mut tx, playlist).await?;
        write_settings(&mut tx, playlist, settings).await?;
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

/// Replaces a playlist's settings and pool inside a caller's transaction, as an import
/// of a playlist package does; pool tracks the catalogue lacks must be left out by the caller.
pub async fn replace_personalization(
    conn: &mut sqlx::SqliteConnection,
    playlist: u32,
    settings: &PlaylistSettings,
    pool: &[String],
) -> Result<()> {
    write_settings(conn, playlist, settings).await?;
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

async fn write_settings(conn: &mut sqlx::SqliteConnection, playlist: u32, settings: &PlaylistSettings) -> Result<()> {
    sqlx::query(
        "INSERT INTO playlist_settings (playlist, settings) VALUES (?, ?) \
         ON CONFLICT (playlist) DO UPDATE SET settings = excluded.settings",
    )
    .bind(i64::from(playlist))
    .bind(Json(settings))
    .execute(conn)
    .await?;
    Ok(())
}
