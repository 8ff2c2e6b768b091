//! The searchable text of the catalogue as an inverted index of folded tokens, and the
//! library's search words matched against it with the full-text index's semantics: every word a
//! quoted prefix query, all required.
//!
//! The dictionary of distinct tokens is in byte order, so the tokens starting with a prefix are
//! one range of it, and the tracks matching a prefix are the union of that range's track lists:
//! work in proportion to the matches, a millisecond or two for the first letter typed. A word
//! that tokenizes to several tokens (`don't`) is a phrase, whose tokens must be adjacent in one
//! column: the lists do not keep positions, so such words are left to the full-text index.

use std::collections::HashMap;

use super::query::Selection;
use super::unicode61::tokenize;

/// Tracks by token.
pub(crate) struct TextIndex {
    terms: Vec<Box<[u8]>>,
    /// Where each term's tracks start in `tracks`; one entry more than there are terms.
    starts: Vec<u32>,
    /// The tracks (by index) containing each term, ascending, term after term; a track as many
    /// times as it has the token, as relevance counts them.
    tracks: Vec<u32>,
    /// Each track's number of tokens, and their sum.
    lengths: Vec<u32>,
    total: u64,
}

/// Tokenizes the text of a run of tracks against a dictionary of its own, and inverts it;
/// [`TextIndex::merge`] joins the runs, so that tracks can be tokenized on several threads.
pub(crate) struct TextBuilder {
    terms: HashMap<Box<[u8]>, u32>,
    /// Each track's tokens as (term, track), track after track.
    pairs: Vec<(u32, u32)>,
    lengths: Vec<u32>,
}

/// A run of tracks inverted: its own dictionary, for each of its terms the run's tracks, and
/// each track's length in tokens.
pub(crate) struct TextRun {
    terms: Vec<Box<[u8]>>,
    starts: Vec<u32>,
    tracks: Vec<u32>,
    lengths: Vec<u32>,
}

impl TextBuilder {
    /// For `tracks` tracks of about a dozen tokens each.
    pub(crate) fn with_capacity(tracks: usize) -> Self {
        Self { terms: HashMap::new(), pairs: Vec::with_capacity(tracks * 12), lengths: Vec::with_capacity(tracks) }
    }

    /// Adds the next track's columns, as the full-text index holds them.
    pub(crate) fn push(&mut self, columns: [&[u8]; 4]) {
        let (track, start) = (self.lengths.len() as u32, self.pairs.len());
        for column in columns {
            tokenize(column, |token| {
                let id = match self.terms.get(token) {
                    Some(id) => *id,
                    None => {
                        let next = self.terms.len() as u32;
                        self.terms.insert(token.into(), next);
                        next
                    }
                };
                self.pairs.push((id, track));
            });
        }
        self.lengths.push((self.pairs.len() - start) as u32);
    }

    /// Inverts the run (a counting sort by term, which keeps the tracks in order).
    pub(crate) fn finish(self) -> TextRun {
        let mut terms: Vec<Box<[u8]>> = vec![Box::default(); self.terms.len()];
        for (term, id) in self.terms {
            terms[id as usize] = term;
        }
        let (starts, tracks) = invert(terms.len(), &self.pairs);
        TextRun { terms, starts, tracks, lengths: self.lengths }
    }
}

/// Lists the tracks of each term: `pairs` are (term, track), tracks in order.
fn invert(terms: usize, pairs: &[(u32, u32)]) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; terms + 1];
    for (term, _) in pairs {
        starts[*term as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut tracks = vec![0u32; pairs.len()];
    for (term, track) in pairs {
        tracks[next[*term as usize] as usize] = *track;
        next[*term as usize] += 1;
    }
    (starts, tracks)
}

/// What the search words are, for the index.
pub(crate) enum Words {
    /// Prefixes it can match.
    Match(TextQuery),
    /// Words no track can match.
    Nothing,
    /// A word of several tokens, for the full-text index.
    Phrase,
}

/// The prefixes of a search, as ranges of the dictionary: a track must contain a token of each.
pub(crate) struct TextQuery {
    ranges: Vec<(u32, u32)>,
}

impl TextIndex {
    /// Joins runs of tracks inverted apart, in order, under one sorted dictionary: each term's
    /// list is its runs' lists one after the other, the runs' tracks numbered on.
    pub(crate) fn merge(runs: Vec<(TextRun, u32)>) -> Self {
        let mut terms: Vec<Box<[u8]>> = runs.iter().flat_map(|(r, _)| r.terms.iter().cloned()).collect();
        terms.sort_unstable();
        terms.dedup();
        // For each term of the dictionary, its id in each run that has it.
        let mut local = vec![Vec::new(); terms.len()];
        for (k, (run, _)) in runs.iter().enumerate() {
            for (id, term) in run.terms.iter().enumerate() {
                let global = terms.binary_search(term).expect("every term was collected");
                local[global].push((k, id));
            }
        }
        let mut starts = Vec::with_capacity(terms.len() + 1);
        let mut tracks = Vec::with_capacity(runs.iter().map(|(r, _)| r.tracks.len()).sum());
        let lengths: Vec<u32> = runs.iter().flat_map(|(r, _)| r.lengths.iter().copied()).collect();
        let total = lengths.iter().map(|l| u64::from(*l)).sum();
        for ids in local {
            starts.push(tracks.len() as u32);
            for (k, id) in ids {
                let (run, base) = &runs[k];
                let list = &run.tracks[run.starts[id] as usize..run.starts[id + 1] as usize];
                tracks.extend(list.iter().map(|t| t + base));
            }
        }
        starts.push(tracks.len() as u32);
        Self { terms, starts, tracks, lengths, total }
    }

    /// Compiles the words the editor typed (each as [`fts_query`](crate::catalog::fts_query)
    /// quotes it).
    pub(crate) fn compile<'a>(&self, words: impl Iterator<Item = &'a str>) -> Words {
        let mut ranges = Vec::new();
        for word in words {
            let mut tokens: Vec<Vec<u8>> = Vec::new();
            tokenize(word.as_bytes(), |t| tokens.push(t.to_vec()));
            let prefix = match tokens.len() {
                // FTS5 drops a quoted string without token characters from an implicit AND.
                0 => continue,
                1 => tokens.pop().expect("one token"),
                _ => return Words::Phrase,
            };
            let lo = self.terms.partition_point(|t| t[..] < prefix[..]);
            let hi = lo + self.terms[lo..].partition_point(|t| t.starts_with(&prefix));
            if lo == hi {
                return Words::Nothing;
            }
            ranges.push((lo as u32, hi as u32));
        }
        // Only strings without token characters: an empty expression, which matches nothing.
        if ranges.is_empty() {
            return Words::Nothing;
        }
        Words::Match(TextQuery { ranges })
    }

    /// Keeps the tracks that contain a token of every range of `query`, and says how many
    /// tracks in all contain each (for relevance).
    pub(crate) fn narrow(&self, selection: &mut Selection, query: &TextQuery) -> Vec<usize> {
        let mut hits = Vec::with_capacity(query.ranges.len());
        for &range in &query.ranges {
            let mut matching = Selection::empty(selection.len());
            for track in self.postings(range) {
                matching.insert(*track as usize);
            }
            hits.push(matching.count());
            selection.intersect(&matching);
        }
        hits
    }

    fn postings(&self, (lo, hi): (u32, u32)) -> &[u32] {
        &self.tracks[self.starts[lo as usize] as usize..self.starts[hi as usize] as usize]
    }

    /// The tracks of `selection` in the full-text index's order of relevance (`ORDER BY rank,
    /// rowid`), for the search that selected them, whose ranges `hits` tracks contain in all.
    pub(crate) fn by_relevance(&self, query: &TextQuery, hits: &[usize], selection: &Selection) -> Vec<usize> {
        let tracks: Vec<usize> = selection.indices().collect();
        let ranks = self.ranks(query, hits, &tracks);
        let mut order: Vec<usize> = (0..tracks.len()).collect();
        order.sort_by(|&a, &b| ranks[a].total_cmp(&ranks[b]).then(tracks[a].cmp(&tracks[b])));
        order.into_iter().map(|k| tracks[k]).collect()
    }

    /// The `rank` of each of `tracks` for `query`: FTS5's `bm25()` over every column with
    /// weight 1, negated, computed as SQLite's C computes it, operation for operation, from the
    /// same counts: the tracks and tokens in the index, how many tracks contain each range
    /// (`hits`), and per track its length and how many of its tokens each range holds.
    pub(crate) fn ranks(&self, query: &TextQuery, hits: &[usize], tracks: &[usize]) -> Vec<f64> {
        const K1: f64 = 1.2;
        const B: f64 = 0.75;
        let mut members = Selection::empty(self.lengths.len());
        for t in tracks {
            members.insert(*t);
        }
        let at: HashMap<usize, usize> = tracks.iter().enumerate().map(|(k, t)| (*t, k)).collect();
        let rows = self.lengths.len() as i64;
        let average = self.total as f64 / rows as f64;
        let mut scores = vec![0.0f64; tracks.len()];
        for (&range, &hit) in query.ranges.iter().zip(hits) {
            let mut idf = (((rows - hit as i64) as f64 + 0.5) / (hit as f64 + 0.5)).ln();
            if idf <= 0.0 {
                idf = 1e-6;
            }
            let mut frequency = vec![0.0f64; tracks.len()];
            for track in self.postings(range) {
                if members.contains(*track as usize) {
                    frequency[at[&(*track as usize)]] += 1.0;
                }
            }
            for (k, score) in scores.iter_mut().enumerate() {
                let (f, d) = (frequency[k], f64::from(self.lengths[tracks[k]]));
                *score += idf * ((f * (K1 + 1.0)) / (f + K1 * (1.0 - B + B * d / average)));
            }
        }
        // `-1.0 * score`, as SQLite returns it.
        scores.into_iter().map(|s| -s).collect()
    }

    /// Distinct tokens.
    pub(crate) fn terms(&self) -> usize {
        self.terms.len()
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        let terms: usize = self.terms.iter().map(|t| t.len() + std::mem::size_of::<Box<[u8]>>()).sum();
        terms + 4 * (self.starts.capacity() + self.tracks.capacity() + self.lengths.capacity())
    }
}
