//! Reading the catalogue for a library index: one scan of `tracks` and `track_tags`.
//!
//! Through sqlx a row costs about 1.5 µs plus more per column: a million 20-column rows took
//! 22 s. So SQLite packs each chunk of rowids into one text value (`group_concat` of numbers
//! and length-prefixed strings), which reads a million tracks in about a second, and the chunks
//! are parsed and tokenized on blocking threads while the next ones are read. Two connections
//! read alternate chunks, each in a read transaction; their snapshots are the same catalogue
//! when they see the same full-text stamp (see [`stamp`]).

use std::collections::HashMap;

use sqlx::{SqliteConnection, SqlitePool};

use super::order::Strings;
use super::text::{TextBuilder, TextRun};
use super::unicode61::tokenize;
use super::FEATURES;
use crate::catalog::{fts_query, search_words};
use crate::{Error, Result};

/// Tracks per chunk: a few megabytes of text.
const CHUNK_ROWS: i64 = 32_768;

/// The page cache of a connection while it scans the catalogue, in KiB.
const SCAN_CACHE_KIB: u32 = 2048;

/// The full-text index's structure record, which FTS5 rewrites in every transaction that
/// changes the index (it counts segment writes), and every catalogue write changes the index:
/// an unchanged stamp means an unchanged catalogue. One row read by its key, about 20 µs.
pub(crate) async fn stamp(conn: &mut SqliteConnection) -> Result<Vec<u8>> {
    let block: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT block FROM tracks_fts_data WHERE id = 10").fetch_optional(conn).await?;
    Ok(block.unwrap_or_default())
}

/// The tracks of one chunk of rowids, parsed.
pub(super) struct Chunk {
    pub(super) rowids: Vec<i64>,
    pub(super) years: Vec<i32>,
    pub(super) popularity: Vec<u8>,
    pub(super) durations: Vec<u32>,
    pub(super) features: [Vec<f32>; FEATURES.len()],
    /// Each track's set of tag ids (`track_tags`), an index into `sets`.
    pub(super) tag_sets: Vec<u32>,
    pub(super) sets: Vec<Vec<i64>>,
    /// Its searchable text, inverted (once every track is read).
    pub(super) text: Option<TextRun>,
    /// Title, artist, album and first genre, for the sort orders.
    pub(super) strings: [Strings; 4],
}

/// What a build reads, chunks in rowid order.
pub(super) struct Read {
    pub(super) stamp: Vec<u8>,
    pub(super) chunks: Vec<Chunk>,
    /// The tag dictionary: id by (kind, tag).
    pub(super) tags: HashMap<(String, String), i64>,
    /// A search (two words of the first track) and the full-text index's `rank` of its first
    /// matches, read in the same snapshot as the tracks: relevance computed in memory must
    /// reproduce these to the bit, or the full-text index keeps ranking (SQLite's C, compiled
    /// with other floating-point contractions, could round differently).
    pub(super) relevance_sample: Option<(String, Vec<(i64, f64)>)>,
}

/// Reads and parses the whole catalogue.
pub(super) async fn read(pool: &SqlitePool) -> Result<Read> {
    let mut first = pool.begin().await?;
    let stamp = stamp(&mut first).await?;
    let (lo, hi, count): (Option<i64>, Option<i64>, i64) =
        sqlx::query_as("SELECT min(rowid), max(rowid), count(*) FROM tracks").fetch_one(&mut *first).await?;
    let dictionary: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, kind, tag FROM tags").fetch_all(&mut *first).await?;
    let relevance_sample = relevance_sample(&mut first).await?;
    let ranges = match (lo, hi) {
        (Some(lo), Some(hi)) => chunk_ranges(lo, hi, count),
        _ => Vec::new(),
    };
    let mut second = pool.begin().await?;
    if self::stamp(&mut second).await? != stamp {
        return Err(Error::Invalid("the catalogue changed while the library index was read".into()));
    }
    let even = ranges.iter().copied().step_by(2).collect();
    let odd = ranges.iter().copied().skip(1).step_by(2).collect();
    let (even, odd) = tokio::try_join!(read_chunks(&mut first, even), read_chunks(&mut second, odd))?;
    // Interleave the two readers' chunks back into rowid order.
    let mut chunks = Vec::with_capacity(ranges.len());
    let mut odd = odd.into_iter();
    for c in even {
        chunks.push(c);
        chunks.extend(odd.next());
    }
    let tags = dictionary.into_iter().map(|(id, kind, tag)| ((kind, tag), id)).collect();
    Ok(Read { stamp, chunks, tags, relevance_sample })
}

/// See [`Read::relevance_sample`]. Words of one token each: a phrase is the full-text index's.
async fn relevance_sample(conn: &mut SqliteConnection) -> Result<Option<(String, Vec<(i64, f64)>)>> {
    let first: Option<String> =
        sqlx::query_scalar("SELECT title || ' ' || artist FROM tracks ORDER BY rowid LIMIT 1").fetch_optional(&mut *conn).await?;
    let one_token = |w: &&str| {
        let mut n = 0;
        tokenize(w.as_bytes(), |_| n += 1);
        n == 1
    };
    let words: Vec<&str> = first.as_deref().map(|t| search_words(t).filter(one_token).take(2).collect()).unwrap_or_default();
    let Some(query) = fts_query(&words.join(" ")) else { return Ok(None) };
    let ranks = sqlx::query_as("SELECT rowid, rank FROM tracks_fts WHERE tracks_fts MATCH ? LIMIT 200")
        .bind(query)
        .fetch_all(&mut *conn)
        .await?;
    Ok(Some((words.join(" "), ranks)))
}

/// Splits the rowids `lo..=hi` of `count` tracks into ranges of about [`CHUNK_ROWS`] tracks
/// (rowids are dense but for deleted tracks).
fn chunk_ranges(lo: i64, hi: i64, count: i64) -> Vec<(i64, i64)> {
    let pieces = i128::from((count + CHUNK_ROWS - 1) / CHUNK_ROWS).max(1);
    let width = (i128::from(hi) - i128::from(lo)) / pieces + 1;
    let at = |k: i128| i128::from(lo) + k * width;
    (0..pieces).map(|k| (at(k) as i64, (at(k + 1) - 1).min(i128::from(hi)) as i64)).filter(|(a, b)| a <= b).collect()
}

/// Reads `ranges` on `conn` in order, parsing each chunk on a blocking thread while the next is
/// read.
///
/// Each page of the catalogue is read once: with the connection's usual page cache (64 MB) the
/// scan would leave the cache full of pages no one needs, so it runs with a small one.
async fn read_chunks(conn: &mut SqliteConnection, ranges: Vec<(i64, i64)>) -> Result<Vec<Chunk>> {
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await?;
    sqlx::query(&format!("PRAGMA cache_size = -{SCAN_CACHE_KIB}")).execute(&mut *conn).await?;
    let chunks = scan(conn, ranges).await;
    sqlx::query(&format!("PRAGMA cache_size = {cache}")).execute(&mut *conn).await?;
    chunks
}

async fn scan(conn: &mut SqliteConnection, ranges: Vec<(i64, i64)>) -> Result<Vec<Chunk>> {
    let sql = tracks_sql();
    let mut chunks = Vec::with_capacity(ranges.len());
    let mut parsing: Option<tokio::task::JoinHandle<Result<Chunk>>> = None;
    for (lo, hi) in ranges {
        let (count, rows): (i64, Option<Vec<u8>>) = sqlx::query_as(&sql).bind(lo).bind(hi).fetch_one(&mut *conn).await?;
        let tags: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT group_concat(track || ',' || tag, ',') FROM track_tags WHERE track BETWEEN ? AND ?")
                .bind(lo)
                .bind(hi)
                .fetch_one(&mut *conn)
                .await?;
        if let Some(previous) = parsing.take() {
            chunks.push(previous.await.expect("parsing does not panic")?);
        }
        parsing = Some(tokio::task::spawn_blocking(move || {
            parse(&rows.unwrap_or_default(), &tags.unwrap_or_default(), count as usize)
        }));
    }
    if let Some(last) = parsing {
        chunks.push(last.await.expect("parsing does not panic")?);
    }
    Ok(chunks)
}

/// One chunk of tracks as one text value: per track, in rowid order, `rowid,year,popularity,
/// duration,` and the [`FEATURES`] (empty for NULL; REAL as SQLite writes it, 15 significant
/// digits, which identify the `f32` the catalogue stores), each followed by a comma; then
/// title, artist, album, the text the full-text index holds for the tags, and the first genre,
/// each as `byte length:bytes`.
fn tracks_sql() -> String {
    let numbers: Vec<String> = ["rowid", "ifnull(release_year, '')", "ifnull(popularity, '')", "duration_ms"]
        .into_iter()
        .map(String::from)
        .chain(FEATURES.iter().map(|f| format!("ifnull({}, '')", f.name())))
        .map(|n| format!("{n} || ','"))
        .collect();
    let strings: Vec<String> = ["title", "artist", "album", "genres || ' ' || subgenres", "genre"]
        .iter()
        .map(|s| format!("octet_length({s}) || ':' || {s}"))
        .collect();
    format!(
        "SELECT count(*), group_concat({} || {}, '') FROM tracks WHERE rowid BETWEEN ? AND ?",
        numbers.join(" || "),
        strings.join(" || ")
    )
}

fn parse(rows: &[u8], tags: &[u8], count: usize) -> Result<Chunk> {
    // Sized up front: a chunk's vectors grown by doubling leave the allocator holes to keep.
    let mut chunk = Chunk {
        rowids: Vec::with_capacity(count),
        years: Vec::with_capacity(count),
        popularity: Vec::with_capacity(count),
        durations: Vec::with_capacity(count),
        features: std::array::from_fn(|_| Vec::with_capacity(count)),
        tag_sets: Vec::with_capacity(count),
        sets: Vec::new(),
        text: None,
        strings: std::array::from_fn(|_| Strings::with_capacity(count, rows.len() / 8)),
    };
    let mut text = TextBuilder::with_capacity(count);
    let mut at = Cursor { bytes: rows, at: 0 };
    let mut pairs = Cursor { bytes: tags, at: 0 };
    let mut pair = pairs.pair()?;
    let mut set_ids: HashMap<Vec<i64>, u32> = HashMap::new();
    while !at.done() {
        let rowid: i64 = at.number()?.ok_or_else(|| malformed("a rowid"))?;
        if chunk.rowids.last().is_some_and(|last| *last >= rowid) {
            return Err(malformed("rowids out of order"));
        }
        chunk.rowids.push(rowid);
        chunk.years.push(nullable(at.number()?, super::NO_YEAR, "a release year")?);
        chunk.popularity.push(nullable(at.number()?, super::NO_POPULARITY, "a popularity")?);
        chunk.durations.push(at.number()?.ok_or_else(|| malformed("a duration"))?);
        for column in &mut chunk.features {
            // The nearest f32 to the 15 digits is the stored f32 itself.
            column.push(at.number::<f64>()?.map_or(f32::NAN, |x| x as f32));
        }
        let [title, artist, album, tag_text, genre] = [at.string()?, at.string()?, at.string()?, at.string()?, at.string()?];
        text.push([title, artist, album, tag_text]);
        for (column, s) in chunk.strings.iter_mut().zip([title, artist, album, genre]) {
            column.push(s);
        }
        let mut own = Vec::new();
        while let Some((track, tag)) = pair.filter(|(track, _)| *track <= rowid) {
            if track == rowid {
                own.push(tag);
            }
            pair = pairs.pair()?;
        }
        let next = set_ids.len() as u32;
        chunk.tag_sets.push(*set_ids.entry(own).or_insert(next));
    }
    chunk.sets = vec![Vec::new(); set_ids.len()];
    for (set, id) in set_ids {
        chunk.sets[id as usize] = set;
    }
    if chunk.rowids.len() != count {
        return Err(malformed("a track with a NULL where the catalogue allows none"));
    }
    chunk.text = Some(text.finish());
    Ok(chunk)
}

/// A nullable value held with `null` standing for NULL, which no value may then be.
fn nullable<T: PartialEq>(value: Option<T>, null: T, what: &str) -> Result<T> {
    match value {
        None => Ok(null),
        Some(v) if v != null => Ok(v),
        Some(_) => Err(malformed(what)),
    }
}

fn malformed(what: &str) -> Error {
    Error::Invalid(format!("the library index cannot read the catalogue: {what}"))
}

/// Reads the packed text of [`tracks_sql`] and the tag pairs.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// The bytes up to `end` (or the end of the text), and past it.
    fn until(&mut self, end: u8) -> &'a [u8] {
        let rest = &self.bytes[self.at..];
        let len = rest.iter().position(|b| *b == end).unwrap_or(rest.len());
        self.at += len + 1;
        &rest[..len]
    }

    /// A comma-terminated number, `None` when empty (NULL).
    fn number<T: std::str::FromStr>(&mut self) -> Result<Option<T>> {
        let field = self.until(b',');
        if field.is_empty() {
            return Ok(None);
        }
        let parsed = std::str::from_utf8(field).ok().and_then(|s| s.parse().ok());
        parsed.map(Some).ok_or_else(|| malformed(&format!("the number {:?}", String::from_utf8_lossy(field))))
    }

    /// A `length:bytes` string.
    fn string(&mut self) -> Result<&'a [u8]> {
        let len: usize = std::str::from_utf8(self.until(b':')).ok().and_then(|s| s.parse().ok()).ok_or_else(|| malformed("a length"))?;
        let s = self.bytes.get(self.at..self.at + len).ok_or_else(|| malformed("a string"))?;
        self.at += len;
        Ok(s)
    }

    /// The next `track,tag` pair of the tag list, `None` at its end.
    fn pair(&mut self) -> Result<Option<(i64, i64)>> {
        if self.done() {
            return Ok(None);
        }
        match (self.number()?, self.number()?) {
            (Some(track), Some(tag)) => Ok(Some((track, tag))),
            _ => Err(malformed("a tag row")),
        }
    }
}
