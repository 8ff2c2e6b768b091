//! The editing history behind undo and redo.
//!
//! Every edit stores the playlist as it was and as it became. Undo writes the "before" back,
//! redo the "after"; both are exact whatever the edit was, and the history lives in the
//! workspace file, so it survives a restart. One history spans the workspace, the way a
//! document has one: undo takes back the last edit wherever it was made.

use serde::Serialize;
use sqlx::types::Json;
use sqlx::SqliteConnection;

use crate::playlists::{delete_state, write_state, PlaylistState};
use crate::workspace::now_rfc3339;
use crate::{Result, Workspace};

/// How many edits the history keeps; older ones are forgotten.
pub const MAX_EDITS: i64 = 1000;

/// Records one edit; discards edits that had been undone (a new edit ends the redo chain).
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    playlist: i64,
    label: &str,
    before: Option<&PlaylistState>,
    after: Option<&PlaylistState>,
) -> Result<()> {
    sqlx::query("DELETE FROM edits WHERE undone = 1").execute(&mut *conn).await?;
    sqlx::query("INSERT INTO edits (playlist, label, before, after, at) VALUES (?, ?, ?, ?, ?)")
        .bind(playlist)
        .bind(label)
        .bind(before.map(Json))
        .bind(after.map(Json))
        .bind(now_rfc3339())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM edits WHERE seq <= (SELECT max(seq) FROM edits) - ?").bind(MAX_EDITS).execute(&mut *conn).await?;
    Ok(())
}

/// What undo and redo would do now, for the menu and the toolbar.
#[derive(Debug, Clone, Default, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryState {
    /// Label of the edit undo would take back.
    pub undo: Option<String>,
    /// Label of the edit redo would make again.
    pub redo: Option<String>,
}

/// What an undo or a redo changed.
#[derive(Debug, Clone, Serialize, specta::Type, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct HistoryStep {
    /// The edit's label.
    pub label: String,
    /// The playlist it touched.
    pub playlist_id: u32,
    /// Whether that playlist exists after the step.
    pub exists: bool,
}

impl Workspace {
    /// What undo and redo would do now.
    pub async fn history(&self) -> Result<HistoryState> {
        let undo = sqlx::query_scalar("SELECT label FROM edits WHERE undone = 0 ORDER BY seq DESC LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        let redo = sqlx::query_scalar("SELECT label FROM edits WHERE undone = 1 ORDER BY seq ASC LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(HistoryState { undo, redo })
    }

    /// Takes back the last edit. `None` when there is nothing to undo.
    pub async fn undo(&self) -> Result<Option<HistoryStep>> {
        self.step("SELECT seq, playlist, label, before FROM edits WHERE undone = 0 ORDER BY seq DESC LIMIT 1", 1).await
    }

    /// Makes the last undone edit again. `None` when there is nothing to redo.
    pub async fn redo(&self) -> Result<Option<HistoryStep>> {
        self.step("SELECT seq, playlist, label, after FROM edits WHERE undone = 1 ORDER BY seq ASC LIMIT 1", 0).await
    }

    async fn step(&self, pick: &str, mark: i64) -> Result<Option<HistoryStep>> {
        let mut tx = self.write().await?;
        let row: Option<(i64, i64, String, Option<Json<PlaylistState>>)> =
            sqlx::query_as(pick).fetch_optional(&mut *tx).await.map_err(crate::stored("playlist snapshot of the history"))?;
        let Some((seq, playlist, label, snapshot)) = row else { return Ok(None) };
        match &snapshot {
            Some(state) => write_state(&mut tx, state).await?,
            None => delete_state(&mut tx, playlist).await?,
        }
        sqlx::query("UPDATE edits SET undone = ? WHERE seq = ?").bind(mark).bind(seq).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(HistoryStep { label, playlist_id: playlist as u32, exists: snapshot.is_some() }))
    }
}
