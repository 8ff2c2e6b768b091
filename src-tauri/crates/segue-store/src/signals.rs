//! Listeners and their behaviour: one row per listener, one [`PairSignal`] per (listener, track)
//! (packed per listener, see the migration),
//! artist-level plays by normalized artist name, and a record of every signal import.
//!
//! Writes take a connection inside the caller's transaction, so an import that fails leaves
//! nothing behind. Reads hand back rows keyed by store ids (listener id, track rowid); the caller
//! maps them to the dense indices the engine works on.

use std::collections::HashMap;

use segue_core::signals::{normalize_artist, PairSignal};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::{Result, Workspace};

/// Rows per multi-row INSERT (at most 4 parameters each).
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

/// Bytes per packed pair in `listener_signals.pairs`.
const PAIR_BYTES: usize = 28;

/// Packs one listener's pairs (sorted by track rowid) as the migration describes.
fn pack(pairs: &[(u32, PairSignal)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pairs.len() * PAIR_BYTES);
    for (track, s) in pairs {
        out.extend_from_slice(&track.to_le_bytes());
        for v in [s.plays, s.skips, s.saves, s.adds] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&s.last_ts.unwrap_or(i64::MIN).to_le_bytes());
    }
    out
}

/// Unpacks a listener's pairs; the signal's dense indices are left at 0.
fn unpack(bytes: &[u8]) -> Result<Vec<(u32, PairSignal)>> {
    if !bytes.len().is_multiple_of(PAIR_BYTES) {
        return Err(crate::Error::Invalid(format!("a stored signal record of {} bytes is corrupt", bytes.len())));
    }
    let f = |c: &[u8], at: usize| f32::from_le_bytes(c[at..at + 4].try_into().expect("4 bytes"));
    Ok(bytes
        .chunks_exact(PAIR_BYTES)
        .map(|c| {
            let ts = i64::from_le_bytes(c[20..28].try_into().expect("8 bytes"));
            let signal = PairSignal {
                listener: 0,
                track: 0,
                plays: f(c, 4),
                skips: f(c, 8),
                saves: f(c, 12),
                adds: f(c, 16),
                last_ts: (ts != i64::MIN).then_some(ts),
            };
            (u32::from_le_bytes(c[0..4].try_into().expect("4 bytes")), signal)
        })
        .collect())
}

/// Merges `new` into `old` (both sorted by track): pairs of the same track add up.
fn merge(old: Vec<(u32, PairSignal)>, new: &[(u32, PairSignal)]) -> Vec<(u32, PairSignal)> {
    let mut out = Vec::with_capacity(old.len() + new.len());
    let (mut a, mut b) = (old.into_iter().peekable(), new.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                let (track, mut s) = a.next().expect("peeked");
                s.merge(&b.next().expect("peeked").1);
                out.push((track, s));
            }
            (Some(x), Some(y)) if x.0 < y.0 => out.push(a.next().expect("peeked")),
            (_, Some(_)) => out.push(*b.next().expect("peeked")),
            (Some(_), None) => out.push(a.next().expect("peeked")),
            (None, None) => return out,
        }
    }
}

/// Adds signals of (listener id, track rowid) pairs, sorted by listener then track; a pair
/// already stored adds up, and the newest time wins. The `listener` and `track` fields of each
/// signal are ignored.
pub async fn add_signals(conn: &mut SqliteConnection, pairs: &[(i64, i64, PairSignal)]) -> Result<()> {
    debug_assert!(pairs.windows(2).all(|w| (w[0].0, w[0].1) <= (w[1].0, w[1].1)), "pairs sorted by listener, track");
    let mut groups: Vec<(i64, Vec<(u32, PairSignal)>)> = Vec::new();
    for (listener, track, s) in pairs {
        let track = u32::try_from(*track).map_err(|_| crate::Error::Invalid(format!("track rowid {track} is out of range")))?;
        match groups.last_mut() {
            Some((l, g)) if l == listener => g.push((track, *s)),
            _ => groups.push((*listener, vec![(track, *s)])),
        }
    }
    for chunk in groups.chunks(LISTENERS_PER_WRITE) {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT listener, pairs FROM listener_signals WHERE listener IN (");
        let mut sep = q.separated(", ");
        for (l, _) in chunk {
            sep.push_bind(*l);
        }
        q.push(")");
        let stored: HashMap<i64, Vec<u8>> = q.build_query_as::<(i64, Vec<u8>)>().fetch_all(&mut *conn).await?.into_iter().collect();
        let mut rows = Vec::with_capacity(chunk.len());
        for (listener, new) in chunk {
            let merged = match stored.get(listener) {
                Some(bytes) => merge(unpack(bytes)?, new),
                None => new.clone(),
            };
            let events: f64 = merged.iter().map(|(_, s)| f64::from(s.plays + s.skips + s.saves + s.adds)).sum();
            rows.push((*listener, pack(&merged), merged.len() as i64, events));
        }
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO listener_signals (listener, pairs, n_pairs, events) ");
        q.push_values(rows, |mut b, (listener, bytes, n, events)| {
            b.push_bind(listener).push_bind(bytes).push_bind(n).push_bind(events);
        });
        q.push(
            " ON CONFLICT (listener) DO UPDATE SET pairs = excluded.pairs, n_pairs = excluded.n_pairs, \
             events = excluded.events",
        );
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Listeners whose signals are read or written per statement.
const LISTENERS_PER_WRITE: usize = 500;

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
            sqlx::query_as("SELECT COALESCE(SUM(n_pairs), 0), COALESCE(SUM(events), 0.0) FROM listener_signals")
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
        let mut out = Vec::new();
        self.for_each_signal(|listener, track, s| out.push((listener, i64::from(track), s))).await?;
        Ok(out)
    }

    /// Visits every stored pair signal as (listener id, track rowid, signal), by listener then
    /// track, reading a page of listeners at a time: memory holds one page, not every pair twice.
    pub async fn for_each_signal(&self, mut visit: impl FnMut(i64, u32, PairSignal)) -> Result<()> {
        let mut after = i64::MIN;
        loop {
            let page: Vec<(i64, Vec<u8>)> = sqlx::query_as(
                "SELECT listener, pairs FROM listener_signals WHERE listener > ? ORDER BY listener LIMIT ?",
            )
            .bind(after)
            .bind(LISTENERS_PER_WRITE as i64)
            .fetch_all(self.pool())
            .await?;
            let Some(last) = page.last() else { return Ok(()) };
            after = last.0;
            for (listener, bytes) in page {
                for (track, s) in unpack(&bytes)? {
                    visit(listener, track, s);
                }
            }
        }
    }

    /// Every artist-level play as (listener id, normalized artist, plays).
    pub async fn artist_plays(&self) -> Result<Vec<(i64, String, f32)>> {
        Ok(sqlx::query_as("SELECT listener, artist, plays FROM artist_plays ORDER BY listener, artist")
            .fetch_all(self.pool())
            .await?)
    }
}
