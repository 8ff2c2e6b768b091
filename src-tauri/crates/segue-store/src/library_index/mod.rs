//! The library index: what the library searches, filters and sorts by, in memory, so that
//! search as you type combined with a sort or filters stays fast over a million tracks.
//!
//! The first letters typed match a large part of a big catalogue. SQLite then has to sort every
//! match by the chosen column, or look each one up to check the filters: 170–230 ms at the 95th
//! percentile over a million tracks. In memory, the tracks a search keeps are a bitmap
//! ([`query::Selection`]): the words typed set it from an inverted index in proportion to their
//! matches ([`text`]), each filter narrows it in one tight pass over its column, and the window
//! the table shows is selected from it in linear time.
//!
//! The index is read-only: rowids, release years, popularity, durations, the [`FEATURES`] the
//! studio filters and sorts by, each track's set of tags, the tracks of every token, and each
//! track's rank in the title, artist, album and genre orders ([`order`]). It is built from one
//! scan of the catalogue ([`load`]) and replaced as a whole when the catalogue changes:
//! [`LibrarySlot`] compares a stamp of the full-text index with the one the index was built from
//! on every search, and answers from SQLite while a new index is built in the background.
//!
//! Results are exactly those of the SQL path (`Workspace::search_sql`), which tests check over
//! random queries: the full-text index's tokenizer ([`unicode61`]), SQLite's collations and NULL
//! order, the rowid tie-break in the sort's direction, the same capped totals, and relevance as
//! FTS5's `bm25()` computes it (checked to the bit against SQLite when the index is built). Three
//! kinds of query stay with SQLite: text alone by relevance (the full-text index ranks it within
//! budget, and as before), a word of several tokens (`don't`, a phrase), and a range on a feature
//! the index does not hold.

mod load;
mod order;
mod query;
mod slot;
mod text;
mod unicode61;
mod unicode61_tables;

use std::collections::HashMap;
use std::time::Instant;

use segue_core::Feature;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::catalog::{search_words, LibraryQuery, SortKey, COUNT_CAP, MAX_PAGE, RANKED_MATCHES};
use crate::Result;
use order::{text_ranks, Collation, Strings};
use query::{Filter, Order, Selection};
use text::{TextIndex, Words};

pub(crate) use slot::LibrarySlot;

/// The audio features the index holds: those the studio's library filters and sorts by.
pub(crate) const FEATURES: [Feature; 5] =
    [Feature::Danceability, Feature::Energy, Feature::Acousticness, Feature::Valence, Feature::Tempo];

/// A NULL release year.
const NO_YEAR: i32 = i32::MIN;

/// A NULL popularity.
const NO_POPULARITY: u8 = u8::MAX;

/// What a built library index holds and what building it took.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryIndexStats {
    /// Tracks indexed.
    pub tracks: usize,
    /// Distinct tokens of their searchable text.
    pub terms: usize,
    /// Bytes the index holds.
    pub bytes: usize,
    /// Time to read the catalogue and build the index, in milliseconds.
    pub build_ms: f64,
    /// The index ranks searches by relevance itself: its `bm25()` gave the full-text index's
    /// `rank` to the bit on a sample search. Otherwise SQLite answers those searches.
    pub relevance: bool,
}

/// The catalogue as the library filters and sorts it, one entry per track in rowid order.
pub(crate) struct LibraryIndex {
    /// The full-text stamp of the catalogue it was built from ([`load::stamp`]).
    stamp: Vec<u8>,
    rowids: Vec<i64>,
    years: Vec<i32>,
    popularity: Vec<u8>,
    durations: Vec<u32>,
    features: [Vec<f32>; FEATURES.len()],
    /// Each track's set of tags, an index into `sets`: a catalogue has few distinct sets.
    tag_sets: Vec<u32>,
    sets: Vec<Vec<i64>>,
    /// Tag ids by (kind, tag).
    tags: HashMap<(String, String), i64>,
    text: TextIndex,
    /// Positions in the title, artist, album and genre orders.
    ranks: [Vec<u32>; 4],
    stats: LibraryIndexStats,
}

/// The index's answer to a query: the window's tracks by rowid, in order, and the count as
/// [`LibraryPage`](crate::catalog::LibraryPage) gives it.
pub(crate) struct Served {
    pub(crate) rowids: Vec<i64>,
    pub(crate) total: u32,
    pub(crate) more: bool,
}

impl LibraryIndex {
    /// Reads the catalogue and builds its index.
    pub(crate) async fn build(pool: &SqlitePool) -> Result<Self> {
        let started = Instant::now();
        let read = load::read(pool).await?;
        let mut index = tokio::task::spawn_blocking(move || Self::assemble(read)).await.expect("assembling does not panic");
        index.stats.build_ms = started.elapsed().as_secs_f64() * 1000.0;
        Ok(index)
    }

    fn assemble(read: load::Read) -> Self {
        let n = read.chunks.iter().map(|c| c.rowids.len()).sum();
        let mut rowids = Vec::with_capacity(n);
        let (mut years, mut popularity, mut durations) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let mut features: [Vec<f32>; FEATURES.len()] = std::array::from_fn(|_| Vec::with_capacity(n));
        let mut strings: [Vec<Strings>; 4] = Default::default();
        let (mut tag_sets, mut set_ids) = (Vec::with_capacity(n), HashMap::new());
        let mut runs = Vec::with_capacity(read.chunks.len());
        for chunk in read.chunks {
            runs.push((chunk.text.expect("parsed"), rowids.len() as u32));
            rowids.extend(chunk.rowids);
            years.extend(chunk.years);
            popularity.extend(chunk.popularity);
            durations.extend(chunk.durations);
            for (all, part) in features.iter_mut().zip(chunk.features) {
                all.extend(part);
            }
            // The chunk's sets of tags, numbered in the whole catalogue.
            let global: Vec<u32> = chunk
                .sets
                .into_iter()
                .map(|set| {
                    let next = set_ids.len() as u32;
                    *set_ids.entry(set).or_insert(next)
                })
                .collect();
            tag_sets.extend(chunk.tag_sets.iter().map(|s| global[*s as usize]));
            for (runs, part) in strings.iter_mut().zip(chunk.strings) {
                runs.push(part);
            }
        }
        let mut sets = vec![Vec::new(); set_ids.len()];
        for (set, id) in set_ids {
            sets[id as usize] = set;
        }
        // On two threads: the four sorts and joining the text's runs.
        let [title, artist, album, genre] = strings;
        let (text, ranks) = std::thread::scope(|scope| {
            let sorting = scope.spawn(|| (text_ranks(&title, Collation::NoCase), text_ranks(&album, Collation::NoCase)));
            let artist = text_ranks(&artist, Collation::NoCase);
            let genre = text_ranks(&genre, Collation::Binary);
            let text = TextIndex::merge(runs);
            let (title, album) = sorting.join().expect("sorting does not panic");
            (text, [title, artist, album, genre])
        });
        let stats = LibraryIndexStats { tracks: n, terms: text.terms(), bytes: 0, build_ms: 0.0, relevance: false };
        let mut ix = LibraryIndex {
            stamp: read.stamp,
            rowids,
            years,
            popularity,
            durations,
            features,
            tag_sets,
            sets,
            tags: read.tags,
            text,
            ranks,
            stats,
        };
        ix.stats.relevance = read.relevance_sample.is_some_and(|(words, ranks)| ix.ranks_agree(&words, &ranks));
        ix.stats.bytes = ix.heap_bytes();
        ix
    }

    fn heap_bytes(&self) -> usize {
        let columns = 8 * self.rowids.capacity()
            + 4 * self.years.capacity()
            + self.popularity.capacity()
            + 4 * self.durations.capacity()
            + self.features.iter().map(|f| 4 * f.capacity()).sum::<usize>()
            + 4 * self.tag_sets.capacity()
            + self.ranks.iter().map(|r| 4 * r.capacity()).sum::<usize>();
        let sets: usize = self.sets.iter().map(|s| 8 * s.capacity() + 24).sum();
        let tags: usize = self.tags.keys().map(|(k, t)| k.len() + t.len() + 64).sum();
        columns + sets + tags + self.text.heap_bytes()
    }

    /// Whether relevance computed here gives the full-text index's `rank` for `rows`.
    fn ranks_agree(&self, words: &str, rows: &[(i64, f64)]) -> bool {
        let Words::Match(text) = self.text.compile(search_words(words)) else { return false };
        let mut all = Selection::all(self.rowids.len());
        let hits = self.text.narrow(&mut all, &text);
        let Some(tracks) = rows.iter().map(|(r, _)| self.rowids.binary_search(r).ok()).collect::<Option<Vec<_>>>() else {
            return false;
        };
        let ranks = self.text.ranks(&text, &hits, &tracks);
        !rows.is_empty() && rows.iter().zip(ranks).all(|((_, theirs), ours)| theirs.to_bits() == ours.to_bits())
    }

    /// What building this index took.
    pub(crate) fn stats(&self) -> LibraryIndexStats {
        self.stats
    }

    /// The stamp of the catalogue this index holds.
    pub(crate) fn stamp(&self) -> &[u8] {
        &self.stamp
    }

    /// Answers `query` as the SQL path would, or `None` for the queries SQLite answers (see the
    /// module docs).
    pub(crate) fn serve(&self, query: &LibraryQuery) -> Option<Served> {
        if !may_serve(query) {
            return None;
        }
        let mut words = search_words(&query.text).peekable();
        let has_text = words.peek().is_some();
        let by_relevance = has_text && query.sort == SortKey::Relevance;
        let filter = Filter::new(self, query)?;
        let n = self.rowids.len();
        let (mut selection, mut text, mut hits) = (Selection::all(n), None, Vec::new());
        match has_text.then(|| self.text.compile(words)) {
            Some(Words::Phrase) => return None,
            Some(Words::Nothing) => selection = Selection::empty(n),
            // Text first: the filters' passes skip the words of 64 tracks it left empty.
            Some(Words::Match(t)) => {
                hits = self.text.narrow(&mut selection, &t);
                text = Some(t);
            }
            None => {}
        }
        filter.narrow(self, &mut selection);
        let count = selection.count() as i64;
        let capped = has_text || query.filtered();
        let total = if capped { count.min(COUNT_CAP) } else { count } as u32;
        let more = capped && count > COUNT_CAP;
        let (offset, limit) = (query.offset as usize, query.limit.clamp(1, MAX_PAGE) as usize);
        let window: Vec<usize> = match (by_relevance, text) {
            (false, _) => self.order(query.sort).window(&selection, query.descending, offset, limit),
            // Too many matches to rank: catalogue order.
            (true, _) if count > RANKED_MATCHES => selection.indices().skip(offset).take(limit).collect(),
            (true, None) => Vec::new(),
            (true, Some(text)) if self.stats.relevance => {
                self.text.by_relevance(&text, &hits, &selection).into_iter().skip(offset).take(limit).collect()
            }
            (true, Some(_)) => return None,
        };
        Some(Served { rowids: window.into_iter().map(|i| self.rowids[i]).collect(), total, more })
    }

    fn order(&self, sort: SortKey) -> Order<'_> {
        let feature = |f: Feature| Order::Real(&self.features[feature_column(f).expect("every sortable feature is indexed")]);
        match sort {
            SortKey::Relevance | SortKey::Title => Order::Plain(&self.ranks[0]),
            SortKey::Artist => Order::Plain(&self.ranks[1]),
            SortKey::Album => Order::Plain(&self.ranks[2]),
            SortKey::Genre => Order::Plain(&self.ranks[3]),
            SortKey::Year => Order::Year(&self.years),
            SortKey::Popularity => Order::Popularity(&self.popularity),
            SortKey::Duration => Order::Plain(&self.durations),
            SortKey::Energy => feature(Feature::Energy),
            SortKey::Danceability => feature(Feature::Danceability),
            SortKey::Valence => feature(Feature::Valence),
            SortKey::Tempo => feature(Feature::Tempo),
            SortKey::Acousticness => feature(Feature::Acousticness),
        }
    }
}

/// Whether the index may answer `query`: text alone by relevance is the full-text index's.
pub(crate) fn may_serve(query: &LibraryQuery) -> bool {
    query.sort != SortKey::Relevance || query.filtered() || search_words(&query.text).next().is_none()
}

/// Where the index holds `feature`, if it does.
fn feature_column(feature: Feature) -> Option<usize> {
    FEATURES.iter().position(|f| *f == feature)
}
