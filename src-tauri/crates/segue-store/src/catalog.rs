//! Catalogue tracks: lookups, full-text search with filters, facets. Writes go through
//! [`CatalogWriter`](crate::writer::CatalogWriter).

use segue_core::{AudioFeatures, Feature, Track};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::library_index::{self, Served};
use crate::{LibraryIndexStats, Result, Workspace};

/// Columns of `tracks` in the order [`Track`] is read from them.
pub(crate) const COLUMNS: &str = "id, title, artist, album, album_id, release_date, duration_ms, popularity, explicit, \
     genres, subgenres, danceability, energy, key, loudness, mode, speechiness, acousticness, instrumentalness, \
     liveness, valence, tempo";

/// Rows per multi-row INSERT: 26 columns each, well under SQLite's 32,766 bound parameters.
pub(crate) const BATCH_ROWS: usize = 500;

#[derive(sqlx::FromRow)]
struct TrackRecord {
    id: String,
    title: String,
    artist: String,
    album: String,
    album_id: Option<String>,
    release_date: Option<String>,
    duration_ms: i64,
    popularity: Option<i64>,
    explicit: Option<bool>,
    genres: String,
    subgenres: String,
    danceability: Option<f32>,
    energy: Option<f32>,
    key: Option<f32>,
    loudness: Option<f32>,
    mode: Option<f32>,
    speechiness: Option<f32>,
    acousticness: Option<f32>,
    instrumentalness: Option<f32>,
    liveness: Option<f32>,
    valence: Option<f32>,
    tempo: Option<f32>,
}

/// Reads a JSON array of tags as stored; anything else reads as no tags.
fn split_tags(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

impl From<TrackRecord> for Track {
    fn from(r: TrackRecord) -> Self {
        Track {
            id: r.id,
            title: r.title,
            artist: r.artist,
            album: r.album,
            album_id: r.album_id,
            release_date: r.release_date,
            duration_ms: r.duration_ms as u32,
            popularity: r.popularity.map(|p| p as u8),
            explicit: r.explicit,
            genres: split_tags(&r.genres),
            subgenres: split_tags(&r.subgenres),
            features: AudioFeatures {
                danceability: r.danceability,
                energy: r.energy,
                key: r.key,
                loudness: r.loudness,
                mode: r.mode,
                speechiness: r.speechiness,
                acousticness: r.acousticness,
                instrumentalness: r.instrumentalness,
                liveness: r.liveness,
                valence: r.valence,
                tempo: r.tempo,
            },
        }
    }
}

/// One track by id, on any connection (inside an import's transaction, for instance).
pub async fn get_track(conn: &mut SqliteConnection, id: &str) -> Result<Option<Track>> {
    let row: Option<TrackRecord> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM tracks WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Track::from))
}

/// Which of `ids` are in the catalogue.
pub async fn known_ids<S: AsRef<str>>(conn: &mut SqliteConnection, ids: &[S]) -> Result<std::collections::HashSet<String>> {
    let mut known = std::collections::HashSet::new();
    for chunk in ids.chunks(BATCH_ROWS * 10) {
        let mut q = QueryBuilder::<Sqlite>::new("SELECT id FROM tracks WHERE id IN (");
        let mut sep = q.separated(", ");
        for id in chunk {
            sep.push_bind(id.as_ref().to_string());
        }
        q.push(")");
        let rows: Vec<(String,)> = q.build_query_as().fetch_all(&mut *conn).await?;
        known.extend(rows.into_iter().map(|(id,)| id));
    }
    Ok(known)
}

/// A column the library can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, Default)]
#[serde(rename_all = "camelCase")]
pub enum SortKey {
    /// Best full-text match first (falls back to title without search text).
    #[default]
    Relevance,
    /// Title.
    Title,
    /// Artist.
    Artist,
    /// Album.
    Album,
    /// First genre tag.
    Genre,
    /// Release year.
    Year,
    /// Popularity.
    Popularity,
    /// Duration.
    Duration,
    /// Energy.
    Energy,
    /// Danceability.
    Danceability,
    /// Valence.
    Valence,
    /// Tempo.
    Tempo,
    /// Acousticness.
    Acousticness,
}

impl SortKey {
    fn column(self) -> &'static str {
        match self {
            SortKey::Relevance | SortKey::Title => "t.title COLLATE NOCASE",
            SortKey::Artist => "t.artist COLLATE NOCASE",
            SortKey::Album => "t.album COLLATE NOCASE",
            SortKey::Genre => "t.genre",
            SortKey::Year => "t.release_year",
            SortKey::Popularity => "t.popularity",
            SortKey::Duration => "t.duration_ms",
            SortKey::Energy => "t.energy",
            SortKey::Danceability => "t.danceability",
            SortKey::Valence => "t.valence",
            SortKey::Tempo => "t.tempo",
            SortKey::Acousticness => "t.acousticness",
        }
    }
}

/// A range filter on one audio feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FeatureRange {
    /// The feature.
    pub feature: Feature,
    /// Lowest value kept.
    pub min: f64,
    /// Highest value kept.
    pub max: f64,
}

/// What the library table asks for: search text, filters, order and a window of rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LibraryQuery {
    /// Words to find in title, artist, album or tags; each word matches as a prefix.
    pub text: String,
    /// Keep tracks with any of these genre tags (none: all).
    pub genres: Vec<String>,
    /// Keep tracks with any of these subgenre tags (none: all).
    pub subgenres: Vec<String>,
    /// Earliest release year.
    pub year_min: Option<i32>,
    /// Latest release year.
    pub year_max: Option<i32>,
    /// Lowest popularity.
    pub popularity_min: Option<u32>,
    /// Highest popularity.
    pub popularity_max: Option<u32>,
    /// Feature ranges, all of which must hold.
    pub ranges: Vec<FeatureRange>,
    /// Sort column.
    pub sort: SortKey,
    /// Sort descending.
    pub descending: bool,
    /// First row of the window.
    pub offset: u32,
    /// Rows in the window (at most [`MAX_PAGE`]).
    pub limit: u32,
}

/// Searches matching more tracks than this list them in catalogue order instead of ranking them.
pub const RANKED_MATCHES: i64 = 2000;

/// A search or filter lists at most this many tracks; [`LibraryPage::more`] says there are more.
/// The whole catalogue, unfiltered, is always listed in full.
pub const COUNT_CAP: i64 = 10_000;

/// The largest window one query returns.
pub const MAX_PAGE: u32 = 1000;

/// A window of the library, with the number of tracks that match in all.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LibraryPage {
    /// Rows the query lists: the tracks matching it, or [`COUNT_CAP`] when more match.
    pub total: u32,
    /// More tracks match than `total`: the editor should narrow the search.
    pub more: bool,
    /// Index of the first row.
    pub offset: u32,
    /// The rows.
    pub tracks: Vec<Track>,
}

/// The words of what the editor typed: letters, digits and inner apostrophes.
pub(crate) fn search_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').map(|w| w.trim_matches('\'')).filter(|w| !w.is_empty())
}

/// Turns what the editor typed into an FTS5 query: every word a quoted prefix, all required.
/// Quoting makes FTS5 syntax characters in the text plain characters.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = search_words(text).map(|w| format!("\"{}\"*", w.replace('"', ""))).collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl LibraryQuery {
    /// Whether any filter is set (tags, years, popularity or a feature range).
    pub(crate) fn filtered(&self) -> bool {
        !self.genres.is_empty()
            || !self.subgenres.is_empty()
            || !self.ranges.is_empty()
            || self.year_min.or(self.year_max).is_some()
            || self.popularity_min.or(self.popularity_max).is_some()
    }
}

/// How a tag filter is written. A count reads the tag rows and looks the tracks up (`In`); a
/// page walks the sort column's index and checks each track's tags (`Exists`), which stops as
/// soon as the page is full.
#[derive(Clone, Copy, PartialEq)]
enum TagFilter {
    In,
    Exists,
}

fn push_filters(q: &mut QueryBuilder<'_, Sqlite>, query: &LibraryQuery, fts: &Option<String>, style: TagFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(m) = fts {
        q.push(" AND tracks_fts MATCH ").push_bind(m.clone());
    }
    for (kind, tags) in [("genre", &query.genres), ("subgenre", &query.subgenres)] {
        if tags.is_empty() {
            continue;
        }
        if style == TagFilter::In {
            q.push(" AND t.rowid IN (SELECT track FROM track_tags WHERE tag IN ");
        } else {
            q.push(" AND EXISTS (SELECT 1 FROM track_tags g WHERE g.track = t.rowid AND g.tag IN ");
        }
        q.push("(SELECT id FROM tags WHERE kind = ").push_bind(kind).push(" AND tag IN (");
        let mut sep = q.separated(", ");
        for tag in tags {
            sep.push_bind(tag.clone());
        }
        q.push(")))");
    }
    let mut bound = |col: &str, op: &str, v: Option<f64>| {
        if let Some(v) = v {
            q.push(format!(" AND {col} {op} ")).push_bind(v);
        }
    };
    bound("t.release_year", ">=", query.year_min.map(f64::from));
    bound("t.release_year", "<=", query.year_max.map(f64::from));
    bound("t.popularity", ">=", query.popularity_min.map(f64::from));
    bound("t.popularity", "<=", query.popularity_max.map(f64::from));
    for r in &query.ranges {
        q.push(format!(" AND t.{} BETWEEN ", r.feature.name())).push_bind(r.min).push(" AND ").push_bind(r.max);
    }
}

impl Workspace {
    /// A window of the library for the table: matching tracks in order, and how many match.
    ///
    /// Answered from the in-memory library index when it holds the catalogue as it is (building
    /// it in the background when it does not), from SQLite otherwise and for the queries SQLite
    /// answers fast; the results are the same either way.
    pub async fn search(&self, query: &LibraryQuery) -> Result<LibraryPage> {
        match self.search_indexed(query).await? {
            Some(page) => Ok(page),
            None => self.search_sql(query).await,
        }
    }

    /// Builds the library index now if it does not hold the catalogue as it is (or waits for
    /// the build under way), so that the next searches use it; says what it holds and what
    /// building it took. Searches build it by themselves; this is for a caller that would rather
    /// wait once, after an import for instance.
    pub async fn prepare_library_index(&self) -> Result<LibraryIndexStats> {
        self.library().prepare(self.pool()).await
    }

    /// [`search`](Self::search) from the library index only: `None` when the index does not
    /// hold the catalogue as it is (a build starts) or leaves the query to SQLite.
    #[doc(hidden)]
    pub async fn search_indexed(&self, query: &LibraryQuery) -> Result<Option<LibraryPage>> {
        if !library_index::may_serve(query) {
            return Ok(None);
        }
        let Some(index) = self.library().fresh(self.pool()).await? else { return Ok(None) };
        // Milliseconds of CPU: off the async runtime, as the engine's heavier steps are.
        let q = query.clone();
        let served = tokio::task::spawn_blocking(move || index.serve(&q)).await.expect("serving does not panic");
        let Some(Served { rowids, total, more }) = served else { return Ok(None) };
        Ok(Some(LibraryPage { total, more, offset: query.offset, tracks: self.tracks_by_rowid(&rowids).await? }))
    }

    /// Tracks by rowid, in the order given.
    async fn tracks_by_rowid(&self, rowids: &[i64]) -> Result<Vec<Track>> {
        let rows: Vec<RowidTrack> =
            sqlx::query_as(&format!("SELECT rowid, {COLUMNS} FROM tracks WHERE rowid IN (SELECT value FROM json_each(?))"))
                .bind(serde_json::to_string(rowids).expect("integers serialize"))
                .fetch_all(self.pool())
                .await?;
        let mut by_rowid: std::collections::HashMap<i64, Track> = rows.into_iter().map(|r| (r.rowid, Track::from(r.record))).collect();
        Ok(rowids.iter().filter_map(|r| by_rowid.remove(r)).collect())
    }

    /// [`search`](Self::search) in SQL alone: what the library index must agree with.
    #[doc(hidden)]
    pub async fn search_sql(&self, query: &LibraryQuery) -> Result<LibraryPage> {
        let fts = fts_query(&query.text);
        let from = if fts.is_some() {
            " FROM tracks_fts JOIN tracks t ON t.rowid = tracks_fts.rowid"
        } else {
            " FROM tracks t"
        };
        let filtered = query.filtered();
        // Searches and filters count at most COUNT_CAP + 1 matches: the first letters typed
        // over a large catalogue match most of it, and counting all of that costs more than an
        // editor can wait for. Text alone is counted in the full-text index, without the tracks.
        let capped = fts.is_some() || filtered;
        let mut count = if !capped {
            QueryBuilder::<Sqlite>::new("SELECT count(*) FROM tracks")
        } else if filtered {
            let mut c = QueryBuilder::<Sqlite>::new(format!("SELECT count(*) FROM (SELECT 1{from}"));
            push_filters(&mut c, query, &fts, TagFilter::In);
            c.push(format!(" LIMIT {})", COUNT_CAP + 1));
            c
        } else {
            let mut c = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM (SELECT 1 FROM tracks_fts WHERE tracks_fts MATCH ");
            c.push_bind(fts.clone());
            c.push(format!(" LIMIT {})", COUNT_CAP + 1));
            c
        };
        let counted: i64 = count.build_query_scalar().fetch_one(self.pool()).await?;
        let more = capped && counted > COUNT_CAP;
        let total = if capped { counted.min(COUNT_CAP) } else { counted };

        let cols: String = COLUMNS.split(", ").map(|c| format!("t.{c}")).collect::<Vec<_>>().join(", ");
        let mut q = QueryBuilder::<Sqlite>::new(format!("SELECT {cols}{from}"));
        push_filters(&mut q, query, &fts, TagFilter::Exists);
        let dir = if query.descending { "DESC" } else { "ASC" };
        if query.sort == SortKey::Relevance && fts.is_some() {
            // Ranking scores every match: worth it for a focused search, too slow for the first
            // letters typed over a large catalogue, which list matches in catalogue order.
            if !more && total <= RANKED_MATCHES {
                q.push(" ORDER BY tracks_fts.rank, t.rowid");
            } else {
                q.push(" ORDER BY tracks_fts.rowid");
            }
        } else {
            // The tie-breaker runs the same way as the sort, so SQLite can walk the column's
            // index backwards for a descending sort instead of sorting every match.
            q.push(format!(" ORDER BY {} {dir}, t.rowid {dir}", query.sort.column()));
        }
        q.push(" LIMIT ").push_bind(query.limit.clamp(1, MAX_PAGE) as i64);
        q.push(" OFFSET ").push_bind(query.offset as i64);
        let rows: Vec<TrackRecord> = q.build_query_as().fetch_all(self.pool()).await?;
        Ok(LibraryPage { total: total as u32, more, offset: query.offset, tracks: rows.into_iter().map(Track::from).collect() })
    }

    /// Tracks by id, in the order asked; ids not in the catalogue are left out.
    pub async fn tracks(&self, ids: &[String]) -> Result<Vec<Track>> {
        let mut by_id = std::collections::HashMap::new();
        for chunk in ids.chunks(BATCH_ROWS * 10) {
            let mut q = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM tracks WHERE id IN ("));
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(id);
            }
            q.push(")");
            let rows: Vec<TrackRecord> = q.build_query_as().fetch_all(self.pool()).await?;
            by_id.extend(rows.into_iter().map(|r| (r.id.clone(), Track::from(r))));
        }
        Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
    }

    /// The values the library's filters offer.
    pub async fn facets(&self) -> Result<Facets> {
        let tags: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT g.kind, g.tag, count(*) FROM track_tags t JOIN tags g ON g.id = t.tag GROUP BY t.tag ORDER BY g.kind, g.tag",
        )
        .fetch_all(self.pool())
        .await?;
        let (mut genres, mut subgenres) = (Vec::new(), Vec::new());
        for (kind, tag, n) in tags {
            let facet = TagCount { tag, count: n as u32 };
            if kind == "genre" { genres.push(facet) } else { subgenres.push(facet) }
        }
        let (year_min, year_max): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT min(release_year), max(release_year) FROM tracks").fetch_one(self.pool()).await?;
        Ok(Facets { genres, subgenres, year_min: year_min.map(|y| y as i32), year_max: year_max.map(|y| y as i32) })
    }
}

/// A tag and how many tracks carry it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    /// The tag.
    pub tag: String,
    /// Tracks with the tag.
    pub count: u32,
}

/// The values the library's filters offer.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    /// Genre tags with their counts.
    pub genres: Vec<TagCount>,
    /// Subgenre tags with their counts.
    pub subgenres: Vec<TagCount>,
    /// Earliest release year in the catalogue.
    pub year_min: Option<i32>,
    /// Latest release year in the catalogue.
    pub year_max: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_query_quotes_every_word_as_a_prefix() {
        assert_eq!(fts_query("Ed Shee").as_deref(), Some("\"Ed\"* \"Shee\"*"));
        assert_eq!(fts_query("  \"AND\" (x) NEAR*").as_deref(), Some("\"AND\"* \"x\"* \"NEAR\"*"));
        assert_eq!(fts_query(" - "), None);
        assert_eq!(fts_query("don't").as_deref(), Some("\"don't\"*"));
    }
}

#[derive(sqlx::FromRow)]
struct RowidTrack {
    rowid: i64,
    #[sqlx(flatten)]
    record: TrackRecord,
}

impl Workspace {
    /// Every track with its rowid, by rowid: what the engine builds vectors from.
    pub async fn all_tracks(&self) -> Result<(Vec<i64>, Vec<Track>)> {
        let rows: Vec<RowidTrack> =
            sqlx::query_as(&format!("SELECT rowid, {COLUMNS} FROM tracks ORDER BY rowid")).fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(|r| (r.rowid, Track::from(r.record))).unzip())
    }

    /// The tracks of every playlist as track rowids in playlist order: the playlist contexts of
    /// the collaborative track vectors.
    pub async fn playlist_track_rowids(&self) -> Result<Vec<Vec<i64>>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT e.playlist, t.rowid FROM playlist_entries e JOIN tracks t ON t.id = e.track ORDER BY e.playlist, e.position",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<Vec<i64>> = Vec::new();
        let mut current = None;
        for (playlist, track) in rows {
            if current != Some(playlist) {
                current = Some(playlist);
                out.push(Vec::new());
            }
            out.last_mut().expect("pushed above").push(track);
        }
        Ok(out)
    }
}
