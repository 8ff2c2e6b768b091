//! Answering a query over the index's columns: the tracks it keeps as a selection narrowed one
//! column at a time, then the window of its order.

use std::collections::HashSet;

use super::order::{int_code, real_code};
use super::{feature_column, LibraryIndex, NO_POPULARITY, NO_YEAR};
use crate::catalog::LibraryQuery;

/// The tracks a query keeps, one bit each. A filter narrows it in one tight pass over its
/// column, several times faster than checking every filter track by track.
pub(super) struct Selection {
    words: Vec<u64>,
    len: usize,
}

impl Selection {
    /// Every one of `n` tracks.
    pub(super) fn all(n: usize) -> Self {
        let mut words = vec![u64::MAX; n.div_ceil(64)];
        if let Some(last) = words.last_mut().filter(|_| !n.is_multiple_of(64)) {
            *last = (1 << (n % 64)) - 1;
        }
        Self { words, len: n }
    }

    /// None of `n` tracks.
    pub(super) fn empty(n: usize) -> Self {
        Self { words: vec![0; n.div_ceil(64)], len: n }
    }

    /// How many tracks it chooses from.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Keeps the tracks `other` keeps too.
    pub(super) fn intersect(&mut self, other: &Selection) {
        for (word, theirs) in self.words.iter_mut().zip(&other.words) {
            *word &= theirs;
        }
    }

    /// Keeps the tracks whose value in `column` passes.
    pub(super) fn keep<T: Copy>(&mut self, column: &[T], pass: impl Fn(T) -> bool) {
        for (word, values) in self.words.iter_mut().zip(column.chunks(64)) {
            if *word != 0 {
                let bits = values.iter().enumerate().fold(0, |bits, (b, &v)| bits | u64::from(pass(v)) << b);
                *word &= bits;
            }
        }
    }

    pub(super) fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & 1 << (i % 64) != 0
    }

    pub(super) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The tracks kept, in rowid order.
    pub(super) fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            std::iter::successors((word != 0).then_some(word), |rest| Some(rest & (rest - 1)).filter(|r| *r != 0))
                .map(move |rest| w * 64 + rest.trailing_zeros() as usize)
        })
    }
}

/// The filters of a query, as the SQL path applies them.
pub(super) struct Filter {
    years: Option<(i32, i32)>,
    popularity: Option<(u32, u32)>,
    ranges: Vec<(usize, f64, f64)>,
    /// Which tag sets pass, when tags are filtered.
    sets: Option<Vec<bool>>,
}

impl Filter {
    /// `None` when a range is on a feature the index does not hold.
    pub(super) fn new(ix: &LibraryIndex, q: &LibraryQuery) -> Option<Self> {
        let mut ranges = Vec::with_capacity(q.ranges.len());
        for r in &q.ranges {
            ranges.push((feature_column(r.feature)?, r.min, r.max));
        }
        // A bound excludes NULL, as a comparison with NULL does in SQL.
        let years = (q.year_min.is_some() || q.year_max.is_some())
            .then(|| (q.year_min.unwrap_or(NO_YEAR).max(NO_YEAR + 1), q.year_max.unwrap_or(i32::MAX)));
        let popularity = (q.popularity_min.is_some() || q.popularity_max.is_some())
            .then(|| (q.popularity_min.unwrap_or(0), q.popularity_max.unwrap_or(u32::MAX)));
        // Tags of the kind asked for, by name: the tag filters of the SQL path.
        let ids = |kind: &str, tags: &[String]| -> Option<HashSet<i64>> {
            (!tags.is_empty()).then(|| tags.iter().filter_map(|t| ix.tags.get(&(kind.to_string(), t.clone())).copied()).collect())
        };
        let (genres, subgenres) = (ids("genre", &q.genres), ids("subgenre", &q.subgenres));
        let any = |wanted: &Option<HashSet<i64>>, set: &[i64]| wanted.as_ref().is_none_or(|w| set.iter().any(|t| w.contains(t)));
        let sets = (genres.is_some() || subgenres.is_some())
            .then(|| ix.sets.iter().map(|set| any(&genres, set) && any(&subgenres, set)).collect());
        Some(Self { years, popularity, ranges, sets })
    }

    /// Keeps the tracks that pass every filter.
    pub(super) fn narrow(&self, ix: &LibraryIndex, selection: &mut Selection) {
        if let Some((lo, hi)) = self.years {
            selection.keep(&ix.years, |y| y >= lo && y <= hi);
        }
        if let Some((lo, hi)) = self.popularity {
            selection.keep(&ix.popularity, |p| p != NO_POPULARITY && (lo..=hi).contains(&u32::from(p)));
        }
        for &(f, lo, hi) in &self.ranges {
            // NULL is NaN here, which no comparison passes.
            selection.keep(&ix.features[f], |x| f64::from(x) >= lo && f64::from(x) <= hi);
        }
        if let Some(sets) = &self.sets {
            selection.keep(&ix.tag_sets, |s| sets[s as usize]);
        }
    }
}

/// A sort column, as codes whose order is `ORDER BY column ASC` (NULLs first).
pub(super) enum Order<'a> {
    /// Codes as they are: ranks, or a NOT NULL unsigned column.
    Plain(&'a [u32]),
    Year(&'a [i32]),
    Popularity(&'a [u8]),
    Real(&'a [f32]),
}

impl Order<'_> {
    /// The tracks at `offset..offset + limit` of the selection in this order, ties by rowid, or
    /// in the reverse order, ties by rowid descending (SQL's `ORDER BY column DESC, rowid DESC`).
    pub(super) fn window(&self, selection: &Selection, descending: bool, offset: usize, limit: usize) -> Vec<usize> {
        // Keys sort as the order: the code, then the index (rowid order); all bits turned over
        // for a descending order.
        let flip = if descending { u64::MAX } else { 0 };
        let keyed = |code: &dyn Fn(usize) -> u32| -> Vec<u64> {
            selection.indices().map(|i| (u64::from(code(i)) << 32 | i as u64) ^ flip).collect()
        };
        let mut keys = match self {
            Order::Plain(c) => keyed(&|i| c[i]),
            Order::Year(c) => keyed(&|i| int_code(c[i])),
            Order::Popularity(c) => keyed(&|i| if c[i] == NO_POPULARITY { 0 } else { u32::from(c[i]) + 1 }),
            Order::Real(c) => keyed(&|i| real_code(c[i])),
        };
        smallest(&mut keys, offset, limit).into_iter().map(|k| ((k ^ flip) & 0xFFFF_FFFF) as usize).collect()
    }
}

/// The keys at `offset..offset + limit` in ascending order, in linear time (the keys are
/// distinct: each ends with its track's index).
fn smallest(keys: &mut [u64], offset: usize, limit: usize) -> Vec<u64> {
    if offset >= keys.len() {
        return Vec::new();
    }
    let end = (offset + limit).min(keys.len());
    if offset > 0 {
        keys.select_nth_unstable(offset);
    }
    let rest = &mut keys[offset..];
    if end - offset < rest.len() {
        rest.select_nth_unstable(end - offset);
    }
    rest[..end - offset].sort_unstable();
    rest[..end - offset].to_vec()
}
