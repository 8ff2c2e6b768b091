//! Seed playlists: reading them for the studio, and every edit an editor makes, each in one
//! transaction that also records the edit in the [`history`](crate::history).

use segue_core::{Entry, SeedEdit, Track};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::catalog::known_ids;
use crate::history::record;
use crate::workspace::now_rfc3339;
use crate::{Error, Result, Workspace};

/// The longest playlist name.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest playlist description.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;

/// A playlist as it is stored: what undo and redo put back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaylistState {
    /// Playlist id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Where it was imported from, if it was.
    pub source: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// The entries in order.
    pub entries: Vec<Entry>,
}

/// A playlist in the studio's list.
#[derive(Debug, Clone, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistSummary {
    /// Playlist id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Where it was imported from (e.g. `spotify:playlist:…`), if it was.
    pub source: Option<String>,
    /// Number of tracks.
    pub track_count: u32,
    /// Total duration in milliseconds.
    pub duration_ms: f64,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

/// One entry of a playlist with its track.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistItem {
    /// Position, from 0.
    pub position: u32,
    /// Pinned to its position.
    pub pinned: bool,
    /// The editor's note.
    pub note: String,
    /// The track.
    pub track: Track,
}

/// A playlist with its tracks, for the seed editor.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlaylistDetail {
    /// Name, description, counts.
    pub summary: PlaylistSummary,
    /// The entries in order.
    pub items: Vec<PlaylistItem>,
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Invalid("a playlist needs a name".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!("a playlist name may have at most {MAX_NAME_CHARS} characters")));
    }
    Ok(name.to_string())
}

pub(crate) async fn load_state(conn: &mut SqliteConnection, id: i64) -> Result<Option<PlaylistState>> {
    let row: Option<(String, String, Option<String>, String)> =
        sqlx::query_as("SELECT name, description, source, created_at FROM playlists WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((name, description, source, created_at)) = row else { return Ok(None) };
    let entries: Vec<(String, bool, String)> =
        sqlx::query_as("SELECT track, pinned, note FROM playlist_entries WHERE playlist = ? ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let entries = entries.into_iter().map(|(track_id, pinned, note)| Entry { track_id, pinned, note }).collect();
    Ok(Some(PlaylistState { id, name, description, source, created_at, entries }))
}

/// Writes a playlist exactly as `state` says, creating its row if it is gone.
pub(crate) async fn write_state(conn: &mut SqliteConnection, state: &PlaylistState) -> Result<()> {
    sqlx::query(
        "INSERT INTO playlists (id, name, description, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
         source = excluded.source, updated_at = excluded.updated_at",
    )
    .bind(state.id)
    .bind(&state.name)
    .bind(&state.description)
    .bind(&state.source)
    .bind(&state.created_at)
    .bind(now_rfc3339())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM playlist_entries WHERE playlist = ?").bind(state.id).execute(&mut *conn).await?;
    for chunk in state.entries.chunks(400).enumerate() {
        let (c, entries) = chunk;
        let mut q = sqlx::QueryBuilder::new("INSERT INTO playlist_entries (playlist, position, track, pinned, note) ");
        q.push_values(entries.iter().enumerate(), |mut b, (i, e)| {
            b.push_bind(state.id).push_bind((c * 400 + i) as i64).push_bind(&e.track_id).push_bind(e.pinned).push_bind(&e.note);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub(crate) async fn delete_state(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM playlists WHERE id = ?").bind(id).execute(conn).await?;
    Ok(())
}

async fn ensure_known(conn: &mut SqliteConnection, ids: &[String]) -> Result<()> {
    let known = known_ids(conn, ids).await?;
    match ids.iter().find(|id| !known.contains(*id)) {
        Some(id) => Err(Error::NotFound(format!("track {id} is not in the catalogue"))),
        None => Ok(()),
    }
}

impl Workspace {
    /// Every playlist, by name.
    pub async fn playlists(&self) -> Result<Vec<PlaylistSummary>> {
        Ok(sqlx::query_as(SUMMARY_SQL_ALL).fetch_all(self.pool()).await?)
    }

    /// One playlist with its tracks.
    pub async fn playlist(&self, id: u32) -> Result<PlaylistDetail> {
        let summary: PlaylistSummary = sqlx::query_as(SUMMARY_SQL_ONE)
            .bind(id as i64)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| not_found(id))?;
        let entries: Vec<(i64, String, bool, String)> = sqlx::query_as(
            "SELECT position, track, pinned, note FROM playlist_entries WHERE playlist = ? ORDER BY position",
        )
        .bind(id as i64)
        .fetch_all(self.pool())
        .await?;
        let ids: Vec<String> = entries.iter().map(|e| e.1.clone()).collect();
        let tracks = self.tracks(&ids).await?;
        let items = entries
            .into_iter()
            .zip(tracks)
            .map(|((position, _, pinned, note), track)| PlaylistItem { position: position as u32, pinned, note, track })
            .collect();
        Ok(PlaylistDetail { summary, items })
    }

    /// Creates an empty playlist; returns its id.
    pub async fn create_playlist(&self, name: &str) -> Result<u32> {
        let name = check_name(name)?;
        let mut tx = self.write().await?;
        let now = now_rfc3339();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO playlists (name, description, created_at, updated_at) VALUES (?, '', ?, ?) RETURNING id",
        )
        .bind(&name)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let state = load_state(&mut tx, id).await?;
        record(&mut tx, id, &format!("Create “{name}”"), None, state.as_ref()).await?;
        tx.commit().await?;
        Ok(id as u32)
    }

    /// Applies one edit of the entries.
    pub async fn edit_playlist(&self, id: u32, edit: &SeedEdit) -> Result<()> {
        if let SeedEdit::Insert { track_ids, .. } = edit {
            ensure_known(&mut *self.pool().acquire().await?, track_ids).await?;
        }
        self.mutate(id, &edit.label(), |mut s| {
            s.entries = edit.apply(&s.entries)?;
            Ok(Some(s))
        })
        .await
    }

    /// Renames a playlist.
    pub async fn rename_playlist(&self, id: u32, name: &str) -> Result<()> {
        let name = check_name(name)?;
        self.mutate(id, "Rename playlist", |mut s| {
            s.name = name;
            Ok(Some(s))
        })
        .await
    }

    /// Sets a playlist's description.
    pub async fn describe_playlist(&self, id: u32, description: &str) -> Result<()> {
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(Error::Invalid(format!("a description may have at most {MAX_DESCRIPTION_CHARS} characters")));
        }
        let description = description.trim_end().to_string();
        self.mutate(id, "Edit description", |mut s| {
            s.description = description;
            Ok(Some(s))
        })
        .await
    }

    /// Deletes a playlist (undo brings it back).
    pub async fn delete_playlist(&self, id: u32) -> Result<()> {
        self.mutate(id, "Delete playlist", |_| Ok(None)).await
    }

    /// Copies a playlist under a new name; returns the copy's id.
    pub async fn duplicate_playlist(&self, id: u32) -> Result<u32> {
        let mut tx = self.write().await?;
        let original = load_state(&mut tx, id as i64).await?.ok_or_else(|| not_found(id))?;
        let name = format!("{} (copy)", original.name.chars().take(MAX_NAME_CHARS - 7).collect::<String>());
        let now = now_rfc3339();
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO playlists (name, description, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(&name)
        .bind(&original.description)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        let copy = PlaylistState { id: new_id, name: name.clone(), source: None, created_at: now, ..original };
        write_state(&mut tx, &copy).await?;
        record(&mut tx, new_id, &format!("Duplicate as “{name}”"), None, Some(&copy)).await?;
        tx.commit().await?;
        Ok(new_id as u32)
    }

    /// Loads a playlist, lets `f` change it (or delete it, by returning `None`), writes the
    /// result and records both sides in the history, all in one transaction.
    async fn mutate(
        &self,
        id: u32,
        label: &str,
        f: impl FnOnce(PlaylistState) -> Result<Option<PlaylistState>>,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let before = load_state(&mut tx, id as i64).await?.ok_or_else(|| not_found(id))?;
        let after = f(before.clone())?;
        if after.as_ref() == Some(&before) {
            return Ok(());
        }
        match &after {
            Some(state) => write_state(&mut tx, state).await?,
            None => delete_state(&mut tx, id as i64).await?,
        }
        record(&mut tx, id as i64, label, Some(&before), after.as_ref()).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes an imported playlist: a new one, or (when `source` is already known) the same
/// playlist with its entries replaced. Imports are jobs, not edits: no history is recorded.
/// Returns the id and whether it was new.
pub async fn import_playlist(
    conn: &mut SqliteConnection,
    source: &str,
    name: &str,
    track_ids: &[String],
) -> Result<(u32, bool)> {
    let entries: Vec<Entry> = track_ids.iter().map(Entry::new).collect();
    import_playlist_entries(conn, source, name, "", entries).await
}

/// [`import_playlist`] with whole entries (pins and notes) and a description, as a playlist
/// package brings them back.
pub async fn import_playlist_entries(
    conn: &mut SqliteConnection,
    source: &str,
    name: &str,
    description: &str,
    entries: Vec<Entry>,
) -> Result<(u32, bool)> {
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, created_at FROM playlists WHERE source = ?").bind(source).fetch_optional(&mut *conn).await?;
    let now = now_rfc3339();
    let (id, created_at, new) = match existing {
        Some((id, created)) => (id, created, false),
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO playlists (name, source, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id",
            )
            .bind(name)
            .bind(source)
            .bind(&now)
            .bind(&now)
            .fetch_one(&mut *conn)
            .await?;
            (id, now.clone(), true)
        }
    };
    let name = check_name(name).unwrap_or_else(|_| source.to_string());
    let description: String = description.chars().take(MAX_DESCRIPTION_CHARS).collect();
    let state = PlaylistState { id, name, description, source: Some(source.to_string()), created_at, entries };
    write_state(conn, &state).await?;
    Ok((id as u32, new))
}

fn not_found(id: u32) -> Error {
    Error::NotFound(format!("playlist {id} does not exist"))
}

/// The summary SELECT of playlists with their track count and duration, then `$tail`.
macro_rules! summary_sql {
    ($tail:literal) => {
        concat!(
            "SELECT p.id, p.name, p.description, p.source, count(e.track) AS track_count, ",
            "CAST(coalesce(sum(t.duration_ms), 0) AS REAL) AS duration_ms, p.updated_at ",
            "FROM playlists p LEFT JOIN playlist_entries e ON e.playlist = p.id LEFT JOIN tracks t ON t.id = e.track ",
            $tail
        )
    };
}
const SUMMARY_SQL_ALL: &str = summary_sql!("GROUP BY p.id ORDER BY p.name COLLATE NOCASE, p.id");
const SUMMARY_SQL_ONE: &str = summary_sql!("WHERE p.id = ? GROUP BY p.id");
