//! The catalogue's one write path: upserting tracks with their tags and full-text entries.
//!
//! Imports write hundreds of thousands of rows in one transaction. Into an empty catalogue the
//! writer works in *bulk mode*: it drops the secondary indexes first (DDL is transactional in
//! SQLite, so a rollback brings them back), appends rows without per-row index upkeep, and at
//! [`finish`](CatalogWriter::finish) builds the indexes and the full-text index in one sorted
//! pass each, which is several times faster than maintaining them row by row. Into a catalogue
//! that has tracks, rows are upserted with every index kept in step, chunk by chunk.

use segue_core::{Feature, Track};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::catalog::{known_ids, BATCH_ROWS, COLUMNS};
use crate::Result;

/// The secondary indexes of the catalogue, exactly as the migrations create them (a test
/// checks that), so bulk mode can drop and rebuild them.
pub const SECONDARY_INDEXES: [(&str, &str); 5] = [
    ("tracks_title", "CREATE INDEX tracks_title ON tracks (title COLLATE NOCASE)"),
    ("tracks_artist", "CREATE INDEX tracks_artist ON tracks (artist COLLATE NOCASE)"),
    ("tracks_popularity", "CREATE INDEX tracks_popularity ON tracks (popularity)"),
    ("tracks_year", "CREATE INDEX tracks_year ON tracks (release_year)"),
    ("track_tags_track", "CREATE INDEX track_tags_track ON track_tags (track)"),
];

const FTS_SELECT: &str = "rowid, title, artist, album, genres || ' ' || subgenres FROM tracks";
const FTS_INSERT: &str = "INSERT INTO tracks_fts (rowid, title, artist, album, tags) SELECT ";
const FTS_DELETE: &str = "INSERT INTO tracks_fts (tracks_fts, rowid, title, artist, album, tags) SELECT 'delete', ";

/// Writes tracks within one transaction; see the module docs for bulk mode.
pub struct CatalogWriter<'c> {
    conn: &'c mut SqliteConnection,
    bulk: bool,
}

impl<'c> CatalogWriter<'c> {
    /// Starts writing on `conn`, which must be inside a write transaction.
    pub async fn begin(conn: &'c mut SqliteConnection) -> Result<Self> {
        let empty: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM tracks)").fetch_one(&mut *conn).await?;
        if empty {
            for (name, _) in SECONDARY_INDEXES {
                sqlx::query(&format!("DROP INDEX IF EXISTS {name}")).execute(&mut *conn).await?;
            }
        }
        Ok(Self { conn, bulk: empty })
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
            let ids: Vec<&str> = chunk.iter().map(|t| t.id.as_str()).collect();
            let known = known_ids(self.conn, &ids).await?;
            inserted += (chunk.len() - known.len()) as u64;
            if !known.is_empty() {
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                // In bulk mode a known track was written earlier in this import: its full-text
                // entry and tag rows are only written at finish.
                if !self.bulk {
                    self.fts_for_ids(FTS_DELETE, &known).await?;
                    delete_tags(self.conn, &known).await?;
                }
            }
            insert_rows(self.conn, chunk).await?;
            // In bulk mode every row is indexed at finish, however often it was written.
            if !self.bulk {
                self.fts_for_ids(FTS_INSERT, &ids).await?;
                insert_tags(self.conn, Some(&ids)).await?;
            }
        }
        Ok(inserted)
    }

    /// Completes the writes: in bulk mode, builds the secondary and full-text indexes.
    pub async fn finish(self) -> Result<()> {
        if self.bulk {
            sqlx::query(&format!("{FTS_INSERT}{FTS_SELECT}")).execute(&mut *self.conn).await?;
            insert_tags(self.conn, None).await?;
            for (_, create) in SECONDARY_INDEXES {
                sqlx::query(create).execute(&mut *self.conn).await?;
            }
        }
        Ok(())
    }

    async fn fts_for_ids(&mut self, head: &str, ids: &[&str]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push(FTS_SELECT).push(" WHERE id IN (");
        let mut sep = q.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        q.push(")");
        q.build().execute(&mut *self.conn).await?;
        Ok(())
    }
}

async fn insert_rows(conn: &mut SqliteConnection, chunk: &[Track]) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new(format!("INSERT INTO tracks (release_year, genre, {COLUMNS}) "));
    q.push_values(chunk, |mut b, t| {
        b.push_bind(t.release_year())
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

async fn delete_tags(conn: &mut SqliteConnection, ids: &[&str]) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new("DELETE FROM track_tags WHERE track IN (SELECT rowid FROM tracks WHERE id IN (");
    let mut sep = q.separated(", ");
    for id in ids {
        sep.push_bind(*id);
    }
    q.push("))");
    q.build().execute(&mut *conn).await?;
    Ok(())
}

fn tags_json(tags: &[String]) -> String {
    let kept: Vec<&str> = tags.iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
    serde_json::to_string(&kept).expect("strings serialize")
}

/// Writes the tag rows of tracks from their JSON tag columns, inside SQLite: for the given ids,
/// or for every track (bulk mode's finish), in the primary key's order.
async fn insert_tags(conn: &mut SqliteConnection, ids: Option<&[&str]>) -> Result<()> {
    let mut q = QueryBuilder::<Sqlite>::new(
        "INSERT OR IGNORE INTO track_tags (track, kind, tag) SELECT track, kind, tag FROM (\
         SELECT t.rowid AS track, 'genre' AS kind, j.value AS tag FROM tracks t, json_each(t.genres) j WHERE ",
    );
    push_id_filter(&mut q, ids);
    q.push(" UNION ALL SELECT t.rowid, 'subgenre', j.value FROM tracks t, json_each(t.subgenres) j WHERE ");
    push_id_filter(&mut q, ids);
    q.push(") ORDER BY kind, tag, track");
    q.build().execute(&mut *conn).await?;
    Ok(())
}

fn push_id_filter<'a>(q: &mut QueryBuilder<'a, Sqlite>, ids: Option<&[&'a str]>) {
    match ids {
        None => {
            q.push("1 = 1");
        }
        Some(ids) => {
            q.push("t.id IN (");
            let mut sep = q.separated(", ");
            for id in ids {
                sep.push_bind(*id);
            }
            q.push(")");
        }
    }
}
