//! The catalogue's one write path: upserting tracks with their tags and full-text entries.
//!
//! Imports write hundreds of thousands of rows in one transaction. Into an empty catalogue the
//! writer works in *bulk mode*: it drops the secondary indexes first (DDL is transactional in
//! SQLite, so a rollback brings them back), appends rows without per-row index upkeep, and at
//! [`finish`](CatalogWriter::finish) builds the indexes and the full-text index in one sorted
//! pass each, which is several times faster than maintaining them row by row. Into a catalogue
//! that has tracks, rows are upserted with every index kept in step, chunk by chunk.
//!
//! Tag rows are (track, tag id) pairs against the `tags` dictionary, written with their tracks
//! in both modes: in track order they append to the table's primary key.
//!
//! Every write here changes the full-text index too (a new track is indexed, a replaced one's
//! entry rewritten; the delete trigger removes a deleted one's), and that is how the in-memory
//! library index learns that the catalogue changed: it compares the full-text index's structure
//! record with the one it was built from on every search. A new way of writing `tracks` must
//! keep `tracks_fts` in step, as the importer and this writer do.

use std::collections::HashMap;

use segue_core::{Feature, Track};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::catalog::{BATCH_ROWS, COLUMNS};
use crate::Result;

/// The secondary indexes of the catalogue, exactly as the migrations create them (a test
/// checks that), so bulk mode can drop and rebuild them.
pub const SECONDARY_INDEXES: [(&str, &str); 5] = [
    ("tracks_title", "CREATE INDEX tracks_title ON tracks (title COLLATE NOCASE)"),
    ("tracks_artist", "CREATE INDEX tracks_artist ON tracks (artist COLLATE NOCASE)"),
    ("tracks_popularity", "CREATE INDEX tracks_popularity ON tracks (popularity)"),
    ("tracks_year", "CREATE INDEX tracks_year ON tracks (release_year)"),
    ("track_tags_tag", "CREATE INDEX track_tags_tag ON track_tags (tag)"),
];

const FTS_SELECT: &str = "rowid, title, artist, album, genres || ' ' || subgenres FROM tracks";
const FTS_INSERT: &str = "INSERT INTO tracks_fts (rowid, title, artist, album, tags) SELECT ";
const FTS_DELETE: &str = "INSERT INTO tracks_fts (tracks_fts, rowid, title, artist, album, tags) SELECT 'delete', ";

/// The page cache, and so the sorter's memory, while bulk mode builds indexes (KiB).
const SORTER_KIB: u32 = 4096;

/// Tag rows per INSERT: two bound parameters each.
const TAG_ROWS: usize = 8000;

/// The kinds of tag, as `tags.kind` spells them.
const KINDS: [&str; 2] = ["genre", "subgenre"];

/// Writes tracks within one transaction; see the module docs for bulk mode.
pub struct CatalogWriter<'c> {
    conn: &'c mut SqliteConnection,
    bulk: bool,
    /// The largest rowid in the catalogue: rows written with a larger one are new.
    last_rowid: i64,
    /// The tag dictionary: ids by tag, one map per kind ([`KINDS`] order); grows as new tags
    /// arrive.
    tag_ids: [HashMap<String, i64>; 2],
}

impl<'c> CatalogWriter<'c> {
    /// Starts writing on `conn`, which must be inside a write transaction.
    pub async fn begin(conn: &'c mut SqliteConnection) -> Result<Self> {
        let last_rowid: Option<i64> = sqlx::query_scalar("SELECT max(rowid) FROM tracks").fetch_one(&mut *conn).await?;
        let bulk = last_rowid.is_none();
        if bulk {
            for (name, _) in SECONDARY_INDEXES {
                sqlx::query(&format!("DROP INDEX IF EXISTS {name}")).execute(&mut *conn).await?;
            }
        }
        let tags: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, kind, tag FROM tags").fetch_all(&mut *conn).await?;
        let mut tag_ids = [HashMap::new(), HashMap::new()];
        for (id, kind, tag) in tags {
            tag_ids[usize::from(kind != KINDS[0])].insert(tag, id);
        }
        Ok(Self { conn, bulk, last_rowid: last_rowid.unwrap_or(0), tag_ids })
    }

    /// The connection, for reads inside the same transaction.
    pub fn conn(&mut self) -> &mut SqliteConnection {
        self.conn
    }

    /// Inserts tracks or replaces those whose id is already in the workspace, keeping their
    /// rowid (so tags, search and playlists stay attached). `tracks` must not repeat an id.
    /// Returns how many were new.
    pub async fn upsert(&mut self, tracks: &[Track]) -> Result<u64> {
        let mut inserted = 0;
        for chunk in tracks.chunks(BATCH_ROWS) {
            // Outside bulk mode a replaced track's full-text entry is taken out of the index
            // before its row changes: an external-content FTS5 index deletes by the old values.
            // In bulk mode the full-text index is only built at finish, and a known track can
            // only have been written earlier in this import, which the count below detects.
            let known = if self.bulk { HashMap::new() } else { rowids_of(self.conn, chunk).await? };
            if !known.is_empty() {
                let old: Vec<i64> = known.values().copied().collect();
                self.fts_for_rowids(FTS_DELETE, &old).await?;
            }
            // New tracks get the next rowids, given explicitly so that their tag rows can be
            // written without reading them back (a row read back through sqlx costs more than
            // writing it). A known track keeps its rowid: the upsert leaves it alone.
            let before = self.last_rowid;
            let mut rowids: Vec<Option<i64>> = Vec::with_capacity(chunk.len());
            for t in chunk {
                rowids.push(match known.contains_key(&t.id) {
                    true => None,
                    false => {
                        self.last_rowid += 1;
                        Some(self.last_rowid)
                    }
                });
            }
            insert_rows(self.conn, chunk, &rowids).await?;
            let added: i64 =
                sqlx::query_scalar("SELECT count(*) FROM tracks WHERE rowid > ?").bind(before).fetch_one(&mut *self.conn).await?;
            inserted += added as u64;
            let rowids: Vec<i64> = if added == self.last_rowid - before {
                chunk.iter().zip(rowids).map(|(t, r)| r.unwrap_or_else(|| known[&t.id])).collect()
            } else {
                // Tracks written earlier in this bulk import were updated in place.
                let actual = rowids_of(self.conn, chunk).await?;
                chunk.iter().map(|t| actual[&t.id]).collect()
            };
            let replaced: Vec<i64> = rowids.iter().copied().filter(|r| *r <= before).collect();
            if !replaced.is_empty() {
                delete_tags(self.conn, &replaced).await?;
            }
            self.insert_tags(chunk, &rowids).await?;
            if !self.bulk {
                self.fts_for_rowids(FTS_INSERT, &rowids).await?;
            }
        }
        Ok(inserted)
    }

    /// Completes the writes: in bulk mode, builds the secondary and full-text indexes.
    pub async fn finish(mut self) -> Result<()> {
        if self.bulk {
            sqlx::query(&format!("{FTS_INSERT}{FTS_SELECT}")).execute(&mut *self.conn).await?;
            // SQLite sizes its sorter by the page cache. Sorted in runs of a few megabytes and
            // merged, an index builds about twice as fast as in one run the size of the cache:
            // small runs stay in the CPU caches.
            let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *self.conn).await?;
            sqlx::query(&format!("PRAGMA cache_size = -{SORTER_KIB}")).execute(&mut *self.conn).await?;
            let built = self.create_indexes().await;
            sqlx::query(&format!("PRAGMA cache_size = {cache}")).execute(&mut *self.conn).await?;
            built?;
        }
        Ok(())
    }

    async fn create_indexes(&mut self) -> Result<()> {
        for (_, create) in SECONDARY_INDEXES {
            sqlx::query(create).execute(&mut *self.conn).await?;
        }
        Ok(())
    }

    async fn fts_for_rowids(&mut self, head: &str, rowids: &[i64]) -> Result<()> {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push(FTS_SELECT).push(" WHERE rowid IN (");
        let mut sep = q.separated(", ");
        for rowid in rowids {
            sep.push_bind(*rowid);
        }
        q.push(")");
        q.build().execute(&mut *self.conn).await?;
        Ok(())
    }

    /// Writes the tag rows of `tracks`, whose rowids are given in the same order, adding tags
    /// new to the dictionary.
    async fn insert_tags(&mut self, tracks: &[Track], rowids: &[i64]) -> Result<()> {
        let mut pairs = Vec::with_capacity(tracks.len() * 2);
        for (t, &rowid) in tracks.iter().zip(rowids) {
            for (kind, tags) in [&t.genres, &t.subgenres].into_iter().enumerate() {
                for tag in tags.iter().filter(|t| !t.is_empty()) {
                    pairs.push((rowid, self.tag_id(kind, tag).await?));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for batch in pairs.chunks(TAG_ROWS) {
            let mut q = QueryBuilder::<Sqlite>::new("INSERT INTO track_tags (track, tag) ");
            q.push_values(batch, |mut b, (track, tag)| {
                b.push_bind(*track).push_bind(*tag);
            });
            q.build().execute(&mut *self.conn).await?;
        }
        Ok(())
    }

    async fn tag_id(&mut self, kind: usize, tag: &str) -> Result<i64> {
        if let Some(id) = self.tag_ids[kind].get(tag) {
            return Ok(*id);
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO tags (kind, tag) VALUES (?, ?) RETURNING id")
            .bind(KINDS[kind])
            .bind(tag)
            .fetch_one(&mut *self.conn)
            .await?;
        self.tag_ids[kind].insert(tag.to_string(), id);
        Ok(id)
    }
}

/// Inserts or updates the rows of `chunk`, new ones with the given rowids (`None` for tracks
/// known to be in the catalogue).
async fn insert_rows(conn: &mut SqliteConnection, chunk: &[Track], rowids: &[Option<i64>]) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new(format!("INSERT INTO tracks (rowid, release_year, genre, {COLUMNS}) "));
    q.push_values(chunk.iter().zip(rowids), |mut b, (t, rowid)| {
        b.push_bind(*rowid)
            .push_bind(t.release_year())
            .push_bind(t.genres.first().cloned().unwrap_or_default())
            .push_bind(&t.id)
            .push_bind(&t.title)
            .push_bind(&t.artist)
            .push_bind(&t.album)
            .push_bind(&t.album_id)
            .push_bind(&t.release_date)
            .push_bind(t.duration_ms as i64)
            .push_bind(t.popularity.map(i64::from))
            .push_bind(t.explicit)
            .push_bind(tags_json(&t.genres))
            .push_bind(tags_json(&t.subgenres));
        for f in Feature::ALL {
            b.push_bind(t.features.get(f));
        }
    });
    q.push(" ON CONFLICT (id) DO UPDATE SET ");
    let sets: Vec<String> = ["release_year", "genre"]
        .into_iter()
        .chain(COLUMNS.split(", ").filter(|c| *c != "id"))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    q.push(sets.join(", "));
    q.build().execute(&mut *conn).await?;
    Ok(())
}

/// The rowids of those of `tracks` that are in the catalogue, by id.
async fn rowids_of(conn: &mut SqliteConnection, tracks: &[Track]) -> Result<HashMap<String, i64>> {
    let mut q = QueryBuilder::<Sqlite>::new("SELECT id, rowid FROM tracks WHERE id IN (");
    let mut sep = q.separated(", ");
    for t in tracks {
        sep.push_bind(&t.id);
    }
    q.push(")");
    let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().collect())
}

async fn delete_tags(conn: &mut SqliteConnection, rowids: &[i64]) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new("DELETE FROM track_tags WHERE track IN (");
    let mut sep = q.separated(", ");
    for rowid in rowids {
        sep.push_bind(*rowid);
    }
    q.push(")");
    q.build().execute(&mut *conn).await?;
    Ok(())
}

fn tags_json(tags: &[String]) -> String {
    let kept: Vec<&str> = tags.iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
    serde_json::to_string(&kept).expect("strings serialize")
}
