//! The in-memory library index against the SQL path, on real SQLite files: for many seeded
//! random queries both must return exactly the same page, on a synthetic catalogue built to be
//! awkward (case and accents, apostrophes, ties, NULLs, rowid gaps, more matches than the count
//! cap) and on the real spotify-songs catalogue; and the index must follow the catalogue.

use std::collections::HashMap;
use std::path::Path;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use segue_core::{AudioFeatures, Feature, Track};
use segue_store::catalog::{FeatureRange, LibraryPage, LibraryQuery, SortKey};
use segue_store::writer::CatalogWriter;
use segue_store::Workspace;

const SORTS: [SortKey; 13] = [
    SortKey::Relevance,
    SortKey::Title,
    SortKey::Artist,
    SortKey::Album,
    SortKey::Genre,
    SortKey::Year,
    SortKey::Popularity,
    SortKey::Duration,
    SortKey::Energy,
    SortKey::Danceability,
    SortKey::Valence,
    SortKey::Tempo,
    SortKey::Acousticness,
];

/// Words with the awkward cases: case and accents that fold together, apostrophes (a phrase of
/// two tokens), `_` (between `A` and `a` in bytes), non-Latin scripts, digits.
const WORDS: [&str; 32] = [
    "Blue", "blues", "BLEU", "Señorita", "senor", "Ça", "don't", "Rock'n'Roll", "L'amour", "love", "Love", "LOVE",
    "_under", "über", "Uber", "naïve", "Zoë", "ǅemal", "東京", "Ørsted", "AC/DC", "don", "t", "la", "Lamo", "lune", "moon",
    "99", "2pac", "x", "Été", "ÉTÉ",
];
const GENRES: [&str; 6] = ["pop", "rock", "r&b", "latin", "Pop", "edm"];
const SUBGENRES: [&str; 5] = ["dance pop", "neo soul", "hard rock", "trap", "pop"];
/// Typed text beyond prefixes of [`WORDS`]: phrases, a phrase across the tags' JSON, words
/// without token characters for FTS5 (a Devanagari sign, a typographic apostrophe), misses.
const ODD_TEXT: [&str; 16] =
    ["don't", "don'", "rock'n", "b'neo", "l'am", "\u{903}", "\u{903} love", "’", "zzzq", "SEÑ", "uber", "東", "2p", "99 l", "x y", "é"];

fn rng(seed: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed)
}

fn pick<'a>(rng: &mut impl Rng, items: &[&'a str]) -> &'a str {
    items.choose(rng).expect("not empty")
}

fn phrase(rng: &mut impl Rng, words: std::ops::Range<usize>) -> String {
    let words = rng.gen_range(words);
    let seps = [" ", " ", " ", "-", "/", " (", ") "];
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push_str(pick(rng, &seps));
        }
        s.push_str(pick(rng, &WORDS));
    }
    s
}

/// A feature value: NULL, a tie-prone value (with -0 equal to 0) or any value in range.
fn feature(rng: &mut impl Rng, scale: f32) -> Option<f32> {
    match rng.gen_range(0..8) {
        0 => None,
        1 => Some(-0.0),
        2..=4 => Some([0.0, 0.25, 0.5, 0.75, 1.0][rng.gen_range(0..5)] * scale),
        _ => Some(rng.gen::<f32>() * scale),
    }
}

fn synthetic_track(rng: &mut impl Rng, i: usize) -> Track {
    let tags = |rng: &mut Xoshiro256PlusPlus, from: &[&str]| -> Vec<String> {
        let mut t: Vec<String> = (0..rng.gen_range(0..3)).map(|_| pick(rng, from).to_string()).collect();
        t.dedup();
        t
    };
    let mut r = Xoshiro256PlusPlus::seed_from_u64(rng.gen());
    let dates = [None, Some("1999"), Some("2001-05"), Some("2019-06-14"), Some("abcd"), Some("1983")];
    Track {
        id: format!("t{i:05}"),
        title: phrase(&mut r, 0..6),
        artist: phrase(&mut r, 1..3),
        album: phrase(&mut r, 1..4),
        album_id: None,
        release_date: dates[r.gen_range(0..dates.len())].map(String::from),
        duration_ms: [180_000, 200_000, 200_001, 95_000][r.gen_range(0..4)],
        popularity: r.gen_bool(0.8).then(|| r.gen_range(0..=100)),
        explicit: None,
        genres: tags(&mut r, &GENRES),
        subgenres: tags(&mut r, &SUBGENRES),
        features: AudioFeatures {
            danceability: feature(&mut r, 1.0),
            energy: feature(&mut r, 1.0),
            key: feature(&mut r, 11.0),
            loudness: feature(&mut r, -60.0),
            acousticness: feature(&mut r, 1.0),
            valence: feature(&mut r, 1.0),
            tempo: feature(&mut r, 200.0),
            ..Default::default()
        },
    }
}

async fn write(ws: &Workspace, tracks: &[Track]) {
    let mut tx = ws.write().await.unwrap();
    let mut w = CatalogWriter::begin(&mut tx).await.unwrap();
    w.upsert(tracks).await.unwrap();
    w.finish().await.unwrap();
    tx.commit().await.unwrap();
}

/// 14,000 tracks, written in a bulk import and an update, with every 97th deleted.
async fn synthetic_workspace(dir: &Path) -> Workspace {
    let ws = Workspace::create(&dir.join("w.segue")).await.unwrap();
    let mut rng = rng(7);
    let tracks: Vec<Track> = (0..14_000).map(|i| synthetic_track(&mut rng, i)).collect();
    write(&ws, &tracks[..12_000]).await;
    let mut later = tracks[11_000..].to_vec();
    for t in later.iter_mut().step_by(3) {
        t.popularity = Some(100);
        t.title = "Blue".into();
    }
    write(&ws, &later).await;
    sqlx::query("DELETE FROM tracks WHERE rowid % 97 = 0").execute(ws.pool()).await.unwrap();
    ws
}

fn random_query(rng: &mut Xoshiro256PlusPlus, vocabulary: &[String], genres: &[&str], subgenres: &[&str]) -> LibraryQuery {
    let word = |rng: &mut Xoshiro256PlusPlus| vocabulary.choose(rng).unwrap().clone();
    let prefix = |rng: &mut Xoshiro256PlusPlus| {
        let w = word(rng);
        w.chars().take(rng.gen_range(1..=3)).collect::<String>()
    };
    let text = match rng.gen_range(0..10) {
        0 | 1 => String::new(),
        2..=4 => prefix(rng),
        5 => word(rng),
        6 => format!("{} {}", word(rng), prefix(rng)),
        7 => format!("{} {}", prefix(rng), prefix(rng)),
        _ => pick(rng, &ODD_TEXT).to_string(),
    };
    let subset = |rng: &mut Xoshiro256PlusPlus, p: f64, from: &[&str]| -> Vec<String> {
        if !rng.gen_bool(p) {
            return Vec::new();
        }
        (0..rng.gen_range(1..=2)).map(|_| pick(rng, from).to_string()).collect()
    };
    let bound = |rng: &mut Xoshiro256PlusPlus| -> f64 { [0.0, 0.25, 0.5, 0.75, 1.0, -1.0, 120.0, 200.0][rng.gen_range(0..8)] };
    let ranges = if rng.gen_bool(0.3) {
        (0..rng.gen_range(1..=2))
            .map(|_| {
                let (a, b) = (bound(rng), bound(rng));
                FeatureRange { feature: *Feature::ALL.choose(rng).unwrap(), min: a.min(b), max: a.max(b) }
            })
            .collect()
    } else {
        Vec::new()
    };
    let limits = [0, 1, 7, 50, 100, 300, 1000, 5000];
    LibraryQuery {
        text,
        genres: subset(rng, 0.3, genres),
        subgenres: subset(rng, 0.2, subgenres),
        year_min: rng.gen_bool(0.2).then(|| rng.gen_range(1980..2010)),
        year_max: rng.gen_bool(0.15).then(|| rng.gen_range(1995..2030)),
        popularity_min: rng.gen_bool(0.2).then(|| rng.gen_range(0..60)),
        popularity_max: rng.gen_bool(0.15).then(|| rng.gen_range(40..=100)),
        ranges,
        sort: *SORTS.choose(rng).unwrap(),
        descending: rng.gen_bool(0.5),
        offset: match rng.gen_range(0..4) {
            0 | 1 => 0,
            2 => rng.gen_range(0..200),
            _ => rng.gen_range(0..15_000),
        },
        limit: limits[rng.gen_range(0..limits.len())],
    }
}

fn summary(page: &LibraryPage) -> (u32, bool, u32, Vec<&str>) {
    (page.total, page.more, page.offset, page.tracks.iter().map(|t| t.id.as_str()).collect())
}

/// What the comparisons covered.
#[derive(Debug, Default)]
struct Coverage {
    served: usize,
    by_sql: usize,
    ranked: usize,
    capped: usize,
    empty: usize,
}

/// Runs `n` random queries through both paths and requires the same pages.
async fn compare(ws: &Workspace, seed: u64, n: usize, vocabulary: &[String], genres: &[&str], subgenres: &[&str]) -> Coverage {
    ws.prepare_library_index().await.unwrap();
    let mut rng = rng(seed);
    let mut seen = Coverage::default();
    for k in 0..n {
        let q = random_query(&mut rng, vocabulary, genres, subgenres);
        let sql = ws.search_sql(&q).await.unwrap();
        let Some(indexed) = ws.search_indexed(&q).await.unwrap() else {
            seen.by_sql += 1;
            continue;
        };
        assert_eq!(summary(&indexed), summary(&sql), "query {k}: {q:?}");
        assert_eq!(indexed.tracks, sql.tracks, "query {k}: the same rows, read whole");
        seen.served += 1;
        seen.capped += usize::from(sql.more);
        seen.empty += usize::from(sql.total == 0);
        let by_relevance = q.sort == SortKey::Relevance && segue_store::catalog::fts_query(&q.text).is_some();
        seen.ranked += usize::from(by_relevance && !sql.more && sql.total > 1 && sql.total <= 2000);
    }
    println!("{seen:?}");
    seen
}

fn synthetic_vocabulary() -> Vec<String> {
    WORDS.iter().map(|w| w.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_returns_what_sql_returns_on_an_awkward_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let ws = synthetic_workspace(dir.path()).await;
    let stats = ws.prepare_library_index().await.unwrap();
    assert_eq!(stats.tracks, 14_000 - 14_000 / 97);
    assert!(stats.relevance, "relevance is ranked in memory, as the full-text index ranks");
    let genres: Vec<&str> = GENRES.iter().chain(["trap", "nope"].iter()).copied().collect();
    let subgenres: Vec<&str> = SUBGENRES.iter().chain(["rock", "nope"].iter()).copied().collect();
    let seen = compare(&ws, 11, 700, &synthetic_vocabulary(), &genres, &subgenres).await;
    assert!(seen.served >= 450, "{seen:?}");
    assert!(seen.by_sql >= 30, "text alone by relevance and ranges on other features stay with SQL: {seen:?}");
    assert!(seen.ranked >= 10 && seen.capped >= 2 && seen.empty >= 20, "{seen:?}");
}

/// Each sort key both ways, over the whole catalogue and a capped search, at several offsets,
/// deterministically (the random queries above may miss a combination).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_sort_both_ways_at_every_depth() {
    let dir = tempfile::tempdir().unwrap();
    let ws = synthetic_workspace(dir.path()).await;
    ws.prepare_library_index().await.unwrap();
    for sort in SORTS {
        for descending in [false, true] {
            for (text, offset, limit) in [("", 0, 100), ("", 6_000, 300), ("", 13_800, 1000), ("l", 0, 50), ("l", 9_990, 20), ("b", 2, 7)] {
                let q = LibraryQuery { text: text.into(), sort, descending, offset, limit, ..Default::default() };
                let sql = ws.search_sql(&q).await.unwrap();
                let indexed = ws.search_indexed(&q).await.unwrap();
                if sort == SortKey::Relevance && !text.is_empty() {
                    assert!(indexed.is_none(), "text alone by relevance is SQLite's");
                    continue;
                }
                let indexed = indexed.unwrap_or_else(|| panic!("served: {q:?}"));
                assert_eq!(summary(&indexed), summary(&sql), "{q:?}");
                assert_eq!(sql.more, text == "l", "{q:?}: {} listed", sql.total);
            }
        }
    }
}

/// Reads the real spotify-songs catalogue as the importer merges it: one track per id, carrying
/// every genre it was filed under.
fn real_tracks() -> Vec<Track> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../demo/spotify_songs.csv.gz");
    assert!(path.exists(), "the real catalogue is expected at {}", path.display());
    let mapping = segue_io::preview_catalog(&path).unwrap().mapping;
    let mut tracks: Vec<Track> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for row in segue_io::CatalogReader::open(&path, &mapping).unwrap() {
        let t = row.unwrap().track;
        match at.get(&t.id) {
            Some(&i) => {
                let known = &mut tracks[i];
                for (all, more) in [(&mut known.genres, t.genres), (&mut known.subgenres, t.subgenres)] {
                    all.extend(more.into_iter().filter(|g| !all.contains(g)).collect::<Vec<_>>());
                }
            }
            None => {
                at.insert(t.id.clone(), tracks.len());
                tracks.push(t);
            }
        }
    }
    tracks
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_returns_what_sql_returns_on_the_real_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    let tracks = real_tracks();
    assert!(tracks.len() > 28_000);
    write(&ws, &tracks).await;
    assert!(ws.prepare_library_index().await.unwrap().relevance);
    let mut rng = rng(3);
    let vocabulary: Vec<String> = (0..300)
        .flat_map(|_| {
            let t = tracks.choose(&mut rng).unwrap();
            format!("{} {}", t.title, t.artist).split_whitespace().map(String::from).collect::<Vec<_>>()
        })
        .collect();
    let mut genres: Vec<&str> = tracks.iter().flat_map(|t| t.genres.iter().map(String::as_str)).collect();
    let mut subgenres: Vec<&str> = tracks.iter().flat_map(|t| t.subgenres.iter().map(String::as_str)).collect();
    for tags in [&mut genres, &mut subgenres] {
        tags.sort_unstable();
        tags.dedup();
    }
    let seen = compare(&ws, 5, 400, &vocabulary, &genres, &subgenres).await;
    assert!(seen.served >= 250 && seen.capped >= 10 && seen.ranked >= 5, "{seen:?}");
}

fn ids(page: &LibraryPage) -> Vec<&str> {
    page.tracks.iter().map(|t| t.id.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_follows_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("w.segue")).await.unwrap();
    assert_eq!(ws.prepare_library_index().await.unwrap().tracks, 0, "an empty catalogue has an empty index");
    let by_popularity = LibraryQuery { text: "l".into(), sort: SortKey::Popularity, limit: 1000, ..Default::default() };
    assert_eq!(ws.search_indexed(&by_popularity).await.unwrap().unwrap().total, 0);

    let mut rng = rng(1);
    let tracks: Vec<Track> = (0..500).map(|i| synthetic_track(&mut rng, i)).collect();
    write(&ws, &tracks[..300]).await;
    assert!(ws.search_indexed(&by_popularity).await.unwrap().is_none(), "a stale index is never used");
    let before = ws.search(&by_popularity).await.unwrap();
    assert_ne!(before.tracks[0].id, "t00000");
    assert_eq!(ws.prepare_library_index().await.unwrap().tracks, 300);
    assert_eq!(summary(&ws.search_indexed(&by_popularity).await.unwrap().unwrap()), summary(&before));

    // A write elsewhere in the workspace leaves the index as it is.
    ws.create_playlist("Morning").await.unwrap();
    assert!(ws.search_indexed(&by_popularity).await.unwrap().is_some());

    // More tracks, and an update that changes only a popularity (to NULL, which sorts first):
    // searches see both at once.
    let mut changed = tracks[0].clone();
    changed.title = "Lune".into();
    changed.popularity = None;
    let mut more = tracks[300..].to_vec();
    more.push(changed);
    write(&ws, &more).await;
    let page = ws.search(&by_popularity).await.unwrap();
    assert_eq!(page.tracks[0].id, "t00000", "the updated track comes first");
    assert!(ids(&page).iter().any(|id| *id >= "t00300"), "new tracks are found");
    let stats = ws.prepare_library_index().await.unwrap();
    assert_eq!(stats.tracks, 500);
    assert_eq!(summary(&ws.search_indexed(&by_popularity).await.unwrap().unwrap()), summary(&page));

    // Deleting tracks makes the index stale too.
    sqlx::query("DELETE FROM tracks WHERE id = 't00000'").execute(ws.pool()).await.unwrap();
    assert!(ws.search_indexed(&by_popularity).await.unwrap().is_none());
    assert_eq!(ws.prepare_library_index().await.unwrap().tracks, 499);
    assert_ne!(ws.search(&by_popularity).await.unwrap().tracks[0].id, "t00000");
}

/// A search on a stale index starts a build in the background; searches running meanwhile, on
/// clones of the workspace, get the SQL path's answers, and the index's once it is in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_searches_during_and_after_a_background_build() {
    let dir = tempfile::tempdir().unwrap();
    let ws = synthetic_workspace(dir.path()).await;
    let mut rng = rng(23);
    let queries: Vec<LibraryQuery> =
        (0..40).map(|_| random_query(&mut rng, &synthetic_vocabulary(), &GENRES, &SUBGENRES)).collect();
    let mut expected: Vec<Vec<String>> = Vec::new();
    for q in &queries {
        expected.push(ws.search_sql(q).await.unwrap().tracks.into_iter().map(|t| t.id).collect());
    }
    let mut served = 0;
    for round in 0..3 {
        let tasks: Vec<_> = queries
            .iter()
            .cloned()
            .map(|q| {
                let ws = ws.clone();
                tokio::spawn(async move { (ws.search(&q).await.unwrap(), ws.search_indexed(&q).await.unwrap().is_some()) })
            })
            .collect();
        for (task, want) in tasks.into_iter().zip(&expected) {
            let (page, indexed) = task.await.unwrap();
            assert_eq!(&ids(&page), want, "round {round}");
            served += usize::from(indexed);
        }
        ws.prepare_library_index().await.unwrap();
    }
    assert!(served >= 20, "the index served searches once built ({served})");
}
