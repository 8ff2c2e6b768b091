//! What the engine builds from the signals: vector builds (track and taste vectors with the
//! parameters that made them) and segment models (parameters, seed, metrics, the model, the map,
//! the segments and every listener's assignment). Parameters, metrics and models are stored as
//! JSON and read back typed (the types are in [`columns`]); vectors as little-endian f32 blobs.

use segue_core::segments::{SegmentMap, SegmentParams, SegmentProfile};
use sqlx::types::Json;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::{stored, Error, Result, Workspace};

mod columns;

pub use columns::{BuildParams, BuildStats, ModelBody, ModelMetrics};

/// Rows per multi-row INSERT.
const ROWS: usize = 1000;

/// A stored vector build.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BuildRecord {
    /// Build id.
    pub id: i64,
    /// When it was built (RFC 3339).
    pub created_at: String,
    /// The parameters.
    pub params: Json<BuildParams>,
    /// What the build found.
    pub stats: Json<BuildStats>,
    /// Values per vector.
    pub dims: i64,
}

/// Vectors to store, row-major, `dims` values per row.
#[derive(Debug, Clone, Copy)]
pub struct VectorRows<'a> {
    /// The store id of each row (track rowid or listener id).
    pub ids: &'a [i64],
    /// `ids.len() × dims` values.
    pub values: &'a [f32],
}

/// A listener's taste vector as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TasteRow {
    /// Listener id.
    pub listener: i64,
    /// The vector.
    pub vector: Vec<f32>,
    /// Distinct tracks the listener engaged with positively.
    pub evidence: u32,
    /// Enough evidence to take part in fits.
    pub eligible: bool,
}

use segue_core::vectors::to_le_bytes as blob;

fn unblob(bytes: &[u8]) -> Result<Vec<f32>> {
    segue_core::vectors::from_le_bytes(bytes).map_err(|e| Error::Invalid(format!("a stored vector is corrupt: {e}")))
}

/// Stores a vector build: its record, every track vector and every taste vector (with evidence
/// and eligibility). Builds no segment model uses are removed, except the new one.
#[allow(clippy::too_many_arguments)] // one row of each table; a struct would only rename them
pub async fn save_build(
    conn: &mut SqliteConnection,
    params: &BuildParams,
    stats: &BuildStats,
    dims: usize,
    tracks: VectorRows<'_>,
    tastes: VectorRows<'_>,
    evidence: &[u32],
    eligible: &[bool],
) -> Result<i64> {
    if tracks.values.len() != tracks.ids.len() * dims || tastes.values.len() != tastes.ids.len() * dims {
        return Err(Error::Invalid("vector rows do not match their ids and dimension".into()));
    }
    sqlx::query("DELETE FROM vector_builds WHERE id NOT IN (SELECT build FROM segment_models)")
        .execute(&mut *conn)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO vector_builds (created_at, params, stats, dims) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(crate::workspace::now_rfc3339())
    .bind(Json(params))
    .bind(Json(stats))
    .bind(dims as i64)
    .fetch_one(&mut *conn)
    .await?;
    let rows = tracks.ids.iter().zip(tracks.values.chunks_exact(dims.max(1))).collect::<Vec<_>>();
    for chunk in rows.chunks(ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO track_vectors (build, track, vector) ");
        q.push_values(chunk, |mut b, (track, v)| {
            b.push_bind(id).push_bind(**track).push_bind(blob(v));
        });
        q.build().execute(&mut *conn).await?;
    }
    let rows: Vec<_> = tastes.ids.iter().zip(tastes.values.chunks_exact(dims.max(1))).zip(evidence.iter().zip(eligible)).collect();
    for chunk in rows.chunks(ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO taste_vectors (build, listener, vector, evidence, eligible) ");
        q.push_values(chunk, |mut b, ((listener, v), (evidence, eligible))| {
            b.push_bind(id).push_bind(**listener).push_bind(blob(v)).push_bind(**evidence as i64).push_bind(**eligible);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(id)
}

/// A segment model to store.
#[derive(Debug, Clone)]
pub struct NewModel {
    /// The vector build it was fitted on.
    pub build: i64,
    /// `kmeans` or `gmm`.
    pub algorithm: String,
    /// Number of segments.
    pub k: u32,
    /// The seed of the fit.
    pub seed: u64,
    /// Parameters.
    pub params: SegmentParams,
    /// Metrics.
    pub metrics: ModelMetrics,
    /// The model: centroids and what assigning a listener needs.
    pub model: ModelBody,
    /// The 2-D map.
    pub map: SegmentMap,
    /// Per segment: automatic name, size, profile.
    pub segments: Vec<(String, u32, SegmentProfile)>,
    /// Per listener: (listener id, segment, took part in the fit).
    pub assignments: Vec<(i64, u32, bool)>,
}

/// A stored segment model.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ModelRecord {
    /// Model id.
    pub id: i64,
    /// The vector build it was fitted on.
    pub build: i64,
    /// When it was fitted (RFC 3339).
    pub created_at: String,
    /// `kmeans` or `gmm`.
    pub algorithm: String,
    /// Number of segments.
    pub k: i64,
    /// The seed of the fit.
    pub seed: i64,
    /// Parameters.
    pub params: Json<SegmentParams>,
    /// Metrics.
    pub metrics: Json<ModelMetrics>,
    /// The model.
    pub model: Json<ModelBody>,
    /// The 2-D map.
    pub map: Json<SegmentMap>,
    /// Whether personalization uses it.
    pub active: bool,
}

/// A stored segment.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SegmentRecord {
    /// Index in its model.
    pub idx: i64,
    /// The editor's name (the automatic one until renamed).
    pub name: String,
    /// The automatic name.
    pub auto_name: String,
    /// Listeners assigned.
    pub size: i64,
    /// The profile.
    pub profile: Json<SegmentProfile>,
}

/// Stores a segment model with its segments and assignments; `activate` makes it the active one.
pub async fn save_model(conn: &mut SqliteConnection, model: &NewModel, activate: bool) -> Result<i64> {
    if activate {
        sqlx::query("UPDATE segment_models SET active = 0 WHERE active = 1").execute(&mut *conn).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO segment_models (build, created_at, algorithm, k, seed, params, metrics, model, map, active) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(model.build)
    .bind(crate::workspace::now_rfc3339())
    .bind(&model.algorithm)
    .bind(model.k as i64)
    .bind(model.seed as i64)
    .bind(Json(&model.params))
    .bind(Json(&model.metrics))
    .bind(Json(&model.model))
    .bind(Json(&model.map))
    .bind(activate)
    .fetch_one(&mut *conn)
    .await?;
    for (idx, (name, size, profile)) in model.segments.iter().enumerate() {
        sqlx::query("INSERT INTO segments (model, idx, name, auto_name, size, profile) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(id)
            .bind(idx as i64)
            .bind(name)
            .bind(name)
            .bind(*size as i64)
            .bind(Json(profile))
            .execute(&mut *conn)
            .await?;
    }
    for chunk in model.assignments.chunks(ROWS * 5) {
        let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO segment_assignments (model, listener, segment, fitted) ");
        q.push_values(chunk, |mut b, (listener, segment, fitted)| {
            b.push_bind(id).push_bind(listener).push_bind(*segment as i64).push_bind(fitted);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(id)
}

/// Makes a model the active one.
pub async fn activate_model(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    exists(&mut *conn, id).await?;
    sqlx::query("UPDATE segment_models SET active = 0 WHERE active = 1").execute(&mut *conn).await?;
    sqlx::query("UPDATE segment_models SET active = 1 WHERE id = ?").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Renames a segment of a model; an empty name restores the automatic one.
pub async fn rename_segment(conn: &mut SqliteConnection, model: i64, idx: u32, name: &str) -> Result<()> {
    let name = name.trim();
    let done = sqlx::query("UPDATE segments SET name = CASE WHEN ? = '' THEN auto_name ELSE ? END WHERE model = ? AND idx = ?")
        .bind(name)
        .bind(name)
        .bind(model)
        .bind(idx as i64)
        .execute(conn)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(format!("segment {idx} of model {model} does not exist")));
    }
    Ok(())
}

/// Deletes a model (its segments and assignments go with it).
pub async fn delete_model(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    exists(&mut *conn, id).await?;
    sqlx::query("DELETE FROM segment_models WHERE id = ?").bind(id).execute(conn).await?;
    Ok(())
}

async fn exists(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM segment_models WHERE id = ?").bind(id).fetch_optional(conn).await?;
    found.map(|_| ()).ok_or_else(|| Error::NotFound(format!("segment model {id} does not exist")))
}

const MODEL_COLUMNS: &str = "id, build, created_at, algorithm, k, seed, params, metrics, model, map, active";

impl Workspace {
    /// The newest vector build, if any.
    pub async fn latest_build(&self) -> Result<Option<BuildRecord>> {
        Ok(sqlx::query_as("SELECT id, created_at, params, stats, dims FROM vector_builds ORDER BY id DESC LIMIT 1")
            .fetch_optional(self.pool())
            .await
            .map_err(stored("vector build"))?)
    }

    /// A vector build by id.
    pub async fn build(&self, id: i64) -> Result<BuildRecord> {
        sqlx::query_as("SELECT id, created_at, params, stats, dims FROM vector_builds WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(stored("vector build"))?
            .ok_or_else(|| Error::NotFound(format!("vector build {id} does not exist")))
    }

    /// The track vectors of a build as (track rowid, vector), by rowid.
    pub async fn track_vectors(&self, build: i64) -> Result<Vec<(i64, Vec<f32>)>> {
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as("SELECT track, vector FROM track_vectors WHERE build = ? ORDER BY track")
            .bind(build)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(|(t, v)| Ok((t, unblob(&v)?))).collect()
    }

    /// The taste vectors of a build, by listener id.
    pub async fn taste_vectors(&self, build: i64) -> Result<Vec<TasteRow>> {
        let rows: Vec<(i64, Vec<u8>, i64, bool)> = sqlx::query_as(
            "SELECT listener, vector, evidence, eligible FROM taste_vectors WHERE build = ? ORDER BY listener",
        )
        .bind(build)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(listener, v, evidence, eligible)| {
                Ok(TasteRow { listener, vector: unblob(&v)?, evidence: evidence as u32, eligible })
            })
            .collect()
    }

    /// Share of a model's assigned listeners that the simulator drew.
    pub async fn simulated_share(&self, model: i64) -> Result<f64> {
        let share: Option<f64> = sqlx::query_scalar(
            "SELECT AVG(l.simulated) FROM segment_assignments a JOIN listeners l ON l.id = a.listener WHERE a.model = ?",
        )
        .bind(model)
        .fetch_one(self.pool())
        .await?;
        Ok(share.unwrap_or(0.0))
    }

    /// Every segment model, newest first.
    pub async fn models(&self) -> Result<Vec<ModelRecord>> {
        Ok(sqlx::query_as(&format!("SELECT {MODEL_COLUMNS} FROM segment_models ORDER BY id DESC"))
            .fetch_all(self.pool())
            .await
            .map_err(stored("segment model"))?)
    }

    /// A segment model by id.
    pub async fn model(&self, id: i64) -> Result<ModelRecord> {
        sqlx::query_as(&format!("SELECT {MODEL_COLUMNS} FROM segment_models WHERE id = ?"))
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(stored("segment model"))?
            .ok_or_else(|| Error::NotFound(format!("segment model {id} does not exist")))
    }

    /// The active segment model's id, if one is active.
    pub async fn active_model(&self) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM segment_models WHERE active = 1").fetch_optional(self.pool()).await?)
    }

    /// The segments of a model, by index.
    pub async fn segments(&self, model: i64) -> Result<Vec<SegmentRecord>> {
        Ok(sqlx::query_as("SELECT idx, name, auto_name, size, profile FROM segments WHERE model = ? ORDER BY idx")
            .bind(model)
            .fetch_all(self.pool())
            .await
            .map_err(stored("segment"))?)
    }

    /// Every listener's segment in a model as (external id, segment, took part in the fit), by
    /// external id.
    pub async fn assignments(&self, model: i64) -> Result<Vec<(String, u32, bool)>> {
        let rows: Vec<(String, i64, bool)> = sqlx::query_as(
            "SELECT l.external_id, a.segment, a.fitted FROM segment_assignments a JOIN listeners l ON l.id = a.listener \
             WHERE a.model = ? ORDER BY l.external_id",
        )
        .bind(model)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(l, s, f)| (l, s as u32, f)).collect())
    }
}
