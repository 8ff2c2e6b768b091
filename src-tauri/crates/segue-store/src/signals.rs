//! Listeners and their behaviour: one row per listener, one [`PairSignal`] per (listener, track),
//! artist-level plays by normalized artist name, and a record of every signal import.
//!
//! Writes take a connection inside the caller's transaction, so an import that fails leaves
//! nothing behind. Reads hand back rows keyed by store ids (listener id, track rowid); the caller
//! maps them to the dense indices the engine works on.

use std::collections::HashMap;

use segue_core::signals::{normalize_artist, PairSignal};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::{Result, Workspace};

/// Rows per multi-row INSERT (8 parameters each).
const ROWS: usize = 2000;

/// A listener to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewListener {
    /// The id signal files use.
    pub external_id: String,
    /// Drawn by the simulator rather than observed.
    pub simulated: bool,
    /// A simulated listener's planted taste.
    pub truth: Option<u32>,
}

/// Every listener's id by external id.
pub async fn listener_ids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT external_id, id FROM listeners").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Creates listeners (which must be new) and returns their ids in the same order.
pub async fn insert_listeners(conn: &mut SqliteConnection, listeners: &[NewListener]) -> Result<Vec<i64>> {
    let next: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM listeners").fetch_one(&mut *conn).await?;
    for (chunk_no, chunk) in listeners.chunks(ROWS).enumerate() {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO listeners (id, external_id, simulated, truth) ");
        q.push_values(chunk.iter().enumerate(), |mut b, (i, l)| {
            b.push_bind(next + (chunk_no * ROWS + i) as i64)
                .push_bind(&l.external_id)
                .push_bind(l.simulated)
                .push_bind(l.truth.map(i64::from));
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok((0..listeners.len() as i64).map(|i| next + i).collect())
}

/// Every track's rowid by catalogue id.
pub async fn track_rowids(conn: &mut SqliteConnection) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT id, rowid FROM tracks").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// The normalized names of the catalogue's artists, each with one spelling as the catalogue
/// writes it.
pub async fn catalogue_artists(conn: &mut SqliteConnection) -> Result<HashMap<String, String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT artist FROM tracks").fetch_all(conn).await?;
    let mut out = HashMap::with_capacity(rows.len());
    for (name,) in rows {
        out.entry(normalize_artist(&name)).or_insert(name);
    }
    Ok(out)
}

/// Adds signals of (listener id, track rowid) pairs; a pair already stored adds up, and the newest
/// time wins. The `listener` and `track` fields of each signal are ignored.
pub async fn add_signals(conn: &mut SqliteConnection, pairs: &[(i64, i64, PairSignal)]) -> Result<()> {
    for chunk in pairs.chunks(ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO signals (listener, track, plays, skips, saves, adds, last_ts) ");
        q.push_values(chunk, |mut b, (listener, track, s)| {
            b.push_bind(listener)
                .push_bind(track)
                .push_bind(s.plays)
                .push_bind(s.skips)
                .push_bind(s.saves)
                .push_bind(s.adds)
                .push_bind(s.last_ts);
        });
        q.push(
            " ON CONFLICT (listener, track) DO UPDATE SET plays = plays + excluded.plays, \
             skips = skips + excluded.skips, saves = saves + excluded.saves, adds = adds + excluded.adds, \
             last_ts = CASE WHEN last_ts IS NULL THEN excluded.last_ts \
                            WHEN excluded.last_ts IS NULL THEN last_ts \
                            ELSE MAX(last_ts, excluded.last_ts) END",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds artist-level plays of (listener id, normalized artist, plays); repeats add up.
pub async fn add_artist_plays(conn: &mut SqliteConnection, rows: &[(i64, String, f32)]) -> Result<()> {
    for chunk in rows.chunks(ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO artist_plays (listener, artist, plays) ");
        q.push_values(chunk, |mut b, (listener, artist, plays)| {
            b.push_bind(listener).push_bind(artist).push_bind(plays);
        });
        q.push(" ON CONFLICT (listener, artist) DO UPDATE SET plays = plays + excluded.plays");
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records a signal import and its report (JSON).
pub async fn record_import(conn: &mut SqliteConnection, file: &str, kind: &str, report_json: &str) -> Result<()> {
    sqlx::query("INSERT INTO signal_imports (file, kind, imported_at, report) VALUES (?, ?, ?, ?)")
        .bind(file)
        .bind(kind)
        .bind(crate::workspace::now_rfc3339())
        .bind(report_json)
        .execute(conn)
        .await?;
    Ok(())
}

/// How much behaviour a workspace holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignalStats {
    /// Listeners named by any signal.
    pub listeners: u32,
    /// Of those, drawn by the simulator.
    pub simulated: u32,
    /// Distinct (listener, track) pairs with signals.
    pub pairs: u32,
    /// Events folded into those pairs (plays, skips, saves and adds).
    pub events: f64,
    /// (listener, artist) pairs with artist-level plays.
    pub artist_pairs: u32,
    /// Signal files imported.
    pub imports: u32,
}

/// One listener as the engine needs it: store id, and whether the simulator drew them.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ListenerRow {
    /// Store id.
    pub id: i64,
    /// The id signal files use.
    pub external_id: String,
    /// Drawn by the simulator.
    pub simulated: bool,
    /// A simulated listener's planted taste.
    pub truth: Option<i64>,
}

impl Workspace {
    /// Counts of listeners, signals and imports.
    pub async fn signal_stats(&self) -> Result<SignalStats> {
        let (listeners, simulated): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(simulated), 0) FROM listeners").fetch_one(self.pool()).await?;
        let (pairs, events): (i64, f64) =
            sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(plays + skips + saves + adds), 0.0) FROM signals")
                .fetch_one(self.pool())
                .await?;
        let artist_pairs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM artist_plays").fetch_one(self.pool()).await?;
        let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM signal_imports").fetch_one(self.pool()).await?;
        Ok(SignalStats {
            listeners: listeners as u32,
            simulated: simulated as u32,
            pairs: pairs as u32,
            events,
            artist_pairs: artist_pairs as u32,
            imports: imports as u32,
        })
    }

    /// Every listener, by id.
    pub async fn listeners(&self) -> Result<Vec<ListenerRow>> {
        Ok(sqlx::query_as("SELECT id, external_id, simulated, truth FROM listeners ORDER BY id").fetch_all(self.pool()).await?)
    }

    /// Every stored pair signal as (listener id, track rowid, signal), by listener then track. The
    /// signal's dense indices are left at 0 for the caller to fill.
    pub async fn signals(&self) -> Result<Vec<(i64, i64, PairSignal)>> {
        let rows: Vec<(i64, i64, f32, f32, f32, f32, Option<i64>)> = sqlx::query_as(
            "SELECT listener, track, plays, skips, saves, adds, last_ts FROM signals ORDER BY listener, track",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(l, t, plays, skips, saves, adds, last_ts)| {
                (l, t, PairSignal { listener: 0, track: 0, plays, skips, saves, adds, last_ts })
            })
            .collect())
    }

    /// Every artist-level play as (listener id, normalized artist, plays).
    pub async fn artist_plays(&self) -> Result<Vec<(i64, String, f32)>> {
        Ok(sqlx::query_as("SELECT listener, artist, plays FROM artist_plays ORDER BY listener, artist")
            .fetch_all(self.pool())
            .await?)
    }
}
