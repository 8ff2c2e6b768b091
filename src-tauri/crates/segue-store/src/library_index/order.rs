//! The library's sort orders as SQLite sorts them, as one `u32` code per track whose order is
//! the column's order with NULLs first (`ORDER BY column ASC`).

use std::cmp::Ordering;
use std::collections::HashMap;

/// The text of one column of every track, in one buffer (the index keeps only the order).
#[derive(Default)]
pub(crate) struct Strings {
    bytes: Vec<u8>,
    /// Where each text ends in `bytes` (a chunk's texts come from one SQLite value, which is
    /// at most 1 GB).
    ends: Vec<u32>,
}

impl Strings {
    /// Room for `strings` texts of `bytes` in all.
    pub(crate) fn with_capacity(strings: usize, bytes: usize) -> Self {
        Self { bytes: Vec::with_capacity(bytes), ends: Vec::with_capacity(strings) }
    }

    pub(crate) fn push(&mut self, s: &[u8]) {
        self.bytes.extend_from_slice(s);
        self.ends.push(self.bytes.len() as u32);
    }

    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.ends.iter().scan(0, |start, &end| {
            let s = &self.bytes[*start..end as usize];
            *start = end as usize;
            Some(s)
        })
    }
}

/// How SQLite compares text: `BINARY` (bytes) or `NOCASE` (ASCII letters folded).
#[derive(Clone, Copy)]
pub(crate) enum Collation {
    Binary,
    NoCase,
}

impl Collation {
    /// SQLite's `binCollFunc` and `nocaseCollatingFunc`. NOCASE compares with `sqlite3StrNICmp`,
    /// which stops at a NUL byte both strings share and then goes by length.
    fn compare(self, a: &[u8], b: &[u8]) -> Ordering {
        match self {
            Collation::Binary => a.cmp(b),
            Collation::NoCase => {
                for (x, y) in a.iter().zip(b) {
                    let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
                    if x == 0 || x != y {
                        return x.cmp(&y).then(if x == 0 { a.len().cmp(&b.len()) } else { Ordering::Equal });
                    }
                }
                a.len().cmp(&b.len())
            }
        }
    }

    /// The first 16 bytes as compared (NOCASE: folded, and nothing after a NUL), zero-padded:
    /// when two strings' prefixes differ, they order the strings as [`compare`](Self::compare)
    /// does. Titles often share their first word, so 8 bytes would leave many ties.
    fn prefix(self, s: &[u8]) -> u128 {
        let mut key = [0u8; 16];
        for (k, b) in key.iter_mut().zip(s) {
            *k = match self {
                Collation::Binary => *b,
                Collation::NoCase if *b == 0 => break,
                Collation::NoCase => b.to_ascii_lowercase(),
            };
        }
        u128::from_be_bytes(key)
    }
}

/// Each track's position in the order `(text, rowid)`, the tracks' texts given in runs in
/// rowid order. Catalogues repeat artists, albums and genres, so the distinct texts are sorted
/// (by 16-byte prefixes, then in full where those are equal), and the tracks placed by a
/// counting sort.
pub(crate) fn text_ranks<'a>(runs: impl IntoIterator<Item = &'a Strings>, collation: Collation) -> Vec<u32> {
    let mut ids: HashMap<&[u8], u32> = HashMap::new();
    let mut distinct: Vec<&[u8]> = Vec::new();
    let of: Vec<u32> = runs
        .into_iter()
        .flat_map(Strings::iter)
        .map(|s| {
            *ids.entry(s).or_insert_with(|| {
                distinct.push(s);
                distinct.len() as u32 - 1
            })
        })
        .collect();
    let mut order: Vec<(u128, u32)> = distinct.iter().enumerate().map(|(d, s)| (collation.prefix(s), d as u32)).collect();
    order.sort_unstable();
    let mut start = 0;
    while start < order.len() {
        let end = start + order[start..].partition_point(|(p, _)| *p == order[start].0);
        order[start..end].sort_unstable_by(|a, b| collation.compare(distinct[a.1 as usize], distinct[b.1 as usize]));
        start = end;
    }
    // Texts that compare equal (under NOCASE, "ABC" and "abc") share a code.
    let mut codes = vec![0usize; distinct.len()];
    let mut code = 0;
    for k in 1..order.len() {
        if collation.compare(distinct[order[k - 1].1 as usize], distinct[order[k].1 as usize]) != Ordering::Equal {
            code += 1;
        }
        codes[order[k].1 as usize] = code;
    }
    let mut next = vec![0u32; code + 2];
    for d in &of {
        next[codes[*d as usize] + 1] += 1;
    }
    for c in 1..next.len() {
        next[c] += next[c - 1];
    }
    of.iter()
        .map(|d| {
            let slot = &mut next[codes[*d as usize]];
            *slot += 1;
            *slot - 1
        })
        .collect()
}

/// The order of a REAL column: NULL (NaN here) first, then by value, -0 equal to 0.
pub(crate) fn real_code(x: f32) -> u32 {
    if x.is_nan() {
        return 0;
    }
    // Adding +0 turns -0 into +0; the bits of a negative value reverse, of a positive one
    // come after every negative one. No value but NULL codes as 0.
    let bits = (x + 0.0).to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    }
}

/// The order of a nullable INTEGER column held as `i32` with `i32::MIN` for NULL.
pub(crate) fn int_code(x: i32) -> u32 {
    (x as u32) ^ 1 << 31
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nocase_folds_ascii_only_and_stops_at_a_shared_nul() {
        let c = Collation::NoCase;
        assert_eq!(c.compare(b"ABC", b"abc"), Ordering::Equal);
        assert_eq!(c.compare(b"ab", b"abc"), Ordering::Less);
        assert_eq!(c.compare(b"\xc3\x89", b"\xc3\xa9"), Ordering::Less, "É and é differ");
        assert_eq!(c.compare(b"a\0b", b"a\0c"), Ordering::Equal);
        assert_eq!(c.compare(b"a\0b", b"a\x01"), Ordering::Less);
        assert_eq!(c.compare(b"_", b"a"), Ordering::Less, "'_' (0x5f) before 'a', though after 'A'");
    }

    #[test]
    fn ranks_follow_text_then_rowid() {
        let mut s = Strings::default();
        for t in ["b", "B", "a", "ab", "", "a\0z", "A\0y"] {
            s.push(t.as_bytes());
        }
        assert_eq!(text_ranks([&s], Collation::NoCase), [5, 6, 1, 4, 0, 2, 3]);
        let (mut a, mut b) = (Strings::default(), Strings::default());
        for (i, t) in ["b", "B", "a", "ab", "", "a\0z", "A\0y"].iter().enumerate() {
            if i < 3 { &mut a } else { &mut b }.push(t.as_bytes());
        }
        assert_eq!(text_ranks([&a, &b], Collation::Binary), [6, 2, 3, 5, 0, 4, 1], "runs join in order");
    }

    #[test]
    fn codes_keep_the_order_with_null_first() {
        let xs = [f32::NAN, f32::NEG_INFINITY, -1.5, -0.0, 0.0, 1e-30, 0.5, f32::INFINITY];
        let codes: Vec<u32> = xs.iter().map(|x| real_code(*x)).collect();
        assert_eq!(codes[0], 0);
        assert!(codes.windows(2).all(|w| w[0] <= w[1]) && codes[3] == codes[4]);
        assert!(int_code(i32::MIN) == 0 && int_code(-5) < int_code(0) && int_code(0) < int_code(2020));
    }
}
