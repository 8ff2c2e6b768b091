//! FTS5's `unicode61` tokenizer with `remove_diacritics 2`, as the catalogue's full-text index
//! (`tracks_fts`) is declared, ported from SQLite's C source (`fts5UnicodeTokenize` and the
//! functions it calls) so that the library index splits and folds text exactly as SQLite does:
//! a prefix typed in the library matches in memory the tracks the full-text index would return.
//! It works on bytes, as SQLite does, so even text that is not valid UTF-8 tokenizes the same.
//! A test compares it with SQLite for every code point.

use super::unicode61_tables::{DIACRITIC_BASES, DIACRITIC_KEYS, FOLD_OFFSETS, FOLD_RULES, SEPARATORS};

/// FTS5 cuts longer tokens to this many bytes (`FTS5_MAX_TOKEN_SIZE`), in rows and queries alike.
const MAX_TOKEN_BYTES: usize = 32768;

/// Calls `emit` with each token of `text` in order, folded as the full-text index stores it.
pub(crate) fn tokenize(text: &[u8], mut emit: impl FnMut(&[u8])) {
    let mut token = Vec::with_capacity(64);
    let mut at = 0;
    while at < text.len() {
        // A run of separators, then a token.
        let (c, next) = read_char(text, at);
        at = next;
        if !is_token_char(c) {
            continue;
        }
        token.clear();
        push_folded(&mut token, c);
        while at < text.len() {
            let (c, next) = read_char(text, at);
            // Inside a token, combining diacritics belong to it (and fold to nothing).
            if !(is_token_char(c) || is_diacritic(c)) {
                break;
            }
            at = next;
            push_folded(&mut token, c);
        }
        emit(&token[..token.len().min(MAX_TOKEN_BYTES)]);
    }
}

/// The character at `at` and where the next one starts, as SQLite's `READ_UTF8` reads it: ASCII
/// as is; a lead byte with the continuation bytes that follow it (overlong forms, surrogates and
/// U+FFFE/U+FFFF read as U+FFFD); a stray continuation byte as the code point of its value.
fn read_char(text: &[u8], at: usize) -> (u32, usize) {
    let lead = text[at];
    let mut next = at + 1;
    if lead < 0xc0 {
        return (u32::from(lead), next);
    }
    let mut c = u32::from(UTF8_LEAD[usize::from(lead - 0xc0)]);
    while next < text.len() && text[next] & 0xc0 == 0x80 {
        c = (c << 6).wrapping_add(u32::from(text[next] & 0x3f));
        next += 1;
    }
    if c < 0x80 || c & 0xFFFF_F800 == 0xD800 || c & 0xFFFF_FFFE == 0xFFFE {
        c = 0xFFFD;
    }
    (c, next)
}

/// The payload bits of a UTF-8 lead byte from 0xC0 up (`sqlite3Utf8Trans1`).
const UTF8_LEAD: [u8; 64] = [
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, //
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, //
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, //
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0x01, 0x02, 0x03, 0x00, 0x01, 0x00, 0x00,
];

/// Letters and digits are token characters; everything else separates tokens. Beyond ASCII, by
/// the Unicode categories of SQLite's tables (letters, numbers, private use and unassigned).
fn is_token_char(c: u32) -> bool {
    if c < 0x80 {
        return (c as u8).is_ascii_alphanumeric();
    }
    let i = SEPARATORS.partition_point(|&(first, _)| first <= c);
    i == 0 || c > SEPARATORS[i - 1].1
}

/// The combining diacritics (U+0300–U+0331) that `sqlite3Fts5UnicodeIsdiacritic` recognizes.
fn is_diacritic(c: u32) -> bool {
    const LOW: u32 = 0x0802_9FDF;
    const HIGH: u32 = 0x0003_61F8;
    match c {
        768..=799 => LOW & (1 << (c - 768)) != 0,
        800..=817 => HIGH & (1 << (c - 800)) != 0,
        _ => false,
    }
}

/// Appends `c` folded to lower case without diacritics, as SQLite's `WRITE_UTF8` encodes it; a
/// character that folds to nothing (a combining diacritic) appends nothing.
fn push_folded(out: &mut Vec<u8>, c: u32) {
    let c = fold(c);
    match c {
        0 => {}
        1..=0x7f => out.push(c as u8),
        0x80..=0x7ff => out.extend_from_slice(&[0xc0 | (c >> 6) as u8 & 0x1f, 0x80 | (c as u8 & 0x3f)]),
        0x800..=0xffff => {
            out.extend_from_slice(&[0xe0 | (c >> 12) as u8 & 0x0f, 0x80 | (c >> 6) as u8 & 0x3f, 0x80 | (c as u8 & 0x3f)])
        }
        _ => out.extend_from_slice(&[
            0xf0 | (c >> 18) as u8 & 0x07,
            0x80 | (c >> 12) as u8 & 0x3f,
            0x80 | (c >> 6) as u8 & 0x3f,
            0x80 | (c as u8 & 0x3f),
        ]),
    }
}

/// `sqlite3Fts5UnicodeFold(c, 2)`: lower case by SQLite's case-folding rules, then diacritics
/// removed (below U+10000), and the Deseret capitals folded.
fn fold(c: u32) -> u32 {
    if c < 0x80 {
        return if (c as u8).is_ascii_uppercase() { c + 32 } else { c };
    }
    if c >= 0x10000 {
        return if (66560..66600).contains(&c) { c + 40 } else { c };
    }
    let i = FOLD_RULES.partition_point(|&(first, _, _)| u32::from(first) <= c) - 1;
    let (first, flags, len) = FOLD_RULES[i];
    let (first, flags) = (u32::from(first), u32::from(flags));
    let mut folded = c;
    if c < first + u32::from(len) && flags & 1 & (first ^ c) == 0 {
        folded = (c + u32::from(FOLD_OFFSETS[(flags >> 1) as usize])) & 0xFFFF;
    }
    remove_diacritic(folded)
}

/// `fts5_remove_diacritic(c, 1)`: the base letter of a Latin letter with diacritics (the
/// complex form, as `remove_diacritics 2` asks); 0 for a combining diacritic.
fn remove_diacritic(c: u32) -> u32 {
    let key = (c << 3) | 7;
    let i = DIACRITIC_KEYS.partition_point(|&k| u32::from(k) <= key) - 1;
    let entry = u32::from(DIACRITIC_KEYS[i]);
    if c > (entry >> 3) + (entry & 7) {
        c
    } else {
        u32::from(DIACRITIC_BASES[i] & 0x7f)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

    use super::tokenize;

    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text.as_bytes(), |t| out.push(String::from_utf8(t.to_vec()).unwrap()));
        out
    }

    #[test]
    fn splits_folds_and_removes_diacritics() {
        assert_eq!(tokens("Señorita (Remix) — Ça"), ["senorita", "remix", "ca"]);
        assert_eq!(tokens("don't AC/DC"), ["don", "t", "ac", "dc"]);
        assert_eq!(tokens("[\"r&b\"] [\"neo soul\"]"), ["r", "b", "neo", "soul"]);
        assert_eq!(tokens("ǄA Ĳssel"), ["ǆa", "ĳssel"]);
        assert_eq!(tokens("e\u{301}te\u{301} \u{301}x"), ["ete", "x"], "a diacritic belongs to a token, never starts one");
        assert!(tokens(" ,;- ").is_empty());
    }

    /// Every code point, inside a word and starting one, tokenized by SQLite's FTS5 (read back
    /// through `fts5vocab`) and by the port.
    #[tokio::test]
    async fn agrees_with_sqlite_on_every_code_point() {
        let options = SqliteConnectOptions::from_str("sqlite::memory:").unwrap();
        let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
        for sql in [
            "CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'unicode61 remove_diacritics 2')",
            "CREATE VIRTUAL TABLE v USING fts5vocab (t, instance)",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        let chars: Vec<char> = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        let docs: Vec<String> = chars.chunks(4096).map(|cs| cs.iter().map(|c| format!("x{c}Y {c}z ")).collect()).collect();
        for (i, doc) in docs.iter().enumerate() {
            sqlx::query("INSERT INTO t (rowid, x) VALUES (?, ?)").bind(i as i64).bind(doc).execute(&pool).await.unwrap();
        }
        let sqlite: Vec<(i64, String)> =
            sqlx::query_as("SELECT doc, group_concat(term, ' ' ORDER BY offset) FROM v GROUP BY doc ORDER BY doc")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(sqlite.len(), docs.len());
        for ((doc, theirs), text) in sqlite.iter().zip(&docs) {
            let ours = tokens(text).join(" ");
            if ours != *theirs {
                let (a, b): (Vec<&str>, Vec<&str>) = (ours.split(' ').collect(), theirs.split(' ').collect());
                let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                panic!("document {doc} differs at token {at}: ours {:?}, SQLite's {:?}", &a[at..(at + 3).min(a.len())], &b[at..(at + 3).min(b.len())]);
            }
        }
    }
}
