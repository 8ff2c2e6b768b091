//! Catalogue benchmark: import 1,000,000 generated tracks, then time search-as-you-type.
//!
//! `cargo bench -p segue-api --bench catalog` (add `-- --tracks N` for another size; `-- --keep
//! DIR` keeps the CSV and workspace, `-- --reuse DIR` times the searches again on them). Prints
//! the import time, the library index's build time and size, and for each kind of query the
//! library sends while an editor types, the latency of the whole `Workspace::search` call
//! (count + a page of rows) at the 50th and 95th percentiles and the maximum, next to the SQL
//! path alone (what searches get while the index builds). Budgets (DESIGN.md): import within
//! 15 s, search within 30 ms, on a 2-core machine.

use std::io::Write;
use std::time::Instant;

use segue_api::import::import_catalog;
use segue_core::{CancelToken, Feature};
use segue_store::catalog::{FeatureRange, LibraryQuery, SortKey};
use segue_store::Workspace;

/// A small, seeded generator (SplitMix64): the same catalogue on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
    /// Zipf-like pick: small indices far more often, as words are in real titles.
    fn zipf(&mut self, n: usize) -> usize {
        ((n as f64).powf(self.unit()) as usize).saturating_sub(1).min(n - 1)
    }
}

const SYLLABLES: [&str; 40] = [
    "la", "mo", "ri", "ka", "so", "ne", "ta", "vi", "lu", "be", "do", "ra", "mi", "xo", "qua", "zen", "tor", "vel", "mar",
    "sun", "lo", "ve", "ni", "gh", "ost", "an", "el", "ia", "ro", "us", "ke", "fa", "li", "da", "ny", "pe", "or", "um",
    "ba", "che",
];
const GENRES: [(&str, [&str; 4]); 6] = [
    ("pop", ["dance pop", "post-teen pop", "electropop", "indie poptimism"]),
    ("rap", ["hip hop", "southern hip hop", "gangster rap", "trap"]),
    ("rock", ["album rock", "classic rock", "permanent wave", "hard rock"]),
    ("latin", ["tropical", "latin pop", "reggaeton", "latin hip hop"]),
    ("r&b", ["urban contemporary", "hip pop", "new jack swing", "neo soul"]),
    ("edm", ["electro house", "big room", "pop edm", "progressive electro house"]),
];

fn word(rng: &mut Rng, vocab: &[String]) -> String {
    vocab[rng.zipf(vocab.len())].clone()
}

fn generate(path: &std::path::Path, n: usize) {
    let mut rng = Rng(42);
    let vocab: Vec<String> = (0..6000)
        .map(|_| {
            let k = 2 + rng.below(2);
            let mut w: String = (0..k).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
            w[..1].make_ascii_uppercase();
            w
        })
        .collect();
    let artists: Vec<String> = (0..60_000).map(|_| format!("{} {}", word(&mut rng, &vocab), word(&mut rng, &vocab))).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,track_album_release_date,\
         playlist_genre,playlist_subgenre,danceability,energy,key,loudness,mode,speechiness,acousticness,\
         instrumentalness,liveness,valence,tempo,duration_ms"
    )
    .unwrap();
    for i in 0..n {
        let words = 1 + rng.below(4);
        let title: Vec<String> = (0..words).map(|_| word(&mut rng, &vocab)).collect();
        let artist = &artists[rng.zipf(artists.len())];
        let album = format!("{} {}", word(&mut rng, &vocab), word(&mut rng, &vocab));
        let (genre, subs) = GENRES[rng.below(6)];
        writeln!(
            out,
            "gen{i:07},{},{artist},{},alb{},{album},{}-{:02}-{:02},{genre},{},{:.3},{:.3},{},{:.3},{},{:.4},{:.4},{:.4},{:.4},{:.3},{:.3},{}",
            title.join(" "),
            rng.below(101),
            i / 12,
            1960 + rng.below(61),
            1 + rng.below(12),
            1 + rng.below(28),
            subs[rng.below(4)],
            rng.unit(),
            rng.unit(),
            rng.below(12),
            -30.0 + 29.0 * rng.unit(),
            rng.below(2),
            rng.unit() * 0.5,
            rng.unit(),
            rng.unit() * rng.unit(),
            rng.unit() * 0.8,
            rng.unit(),
            60.0 + 140.0 * rng.unit(),
            90_000 + rng.below(300_000),
        )
        .unwrap();
    }
    out.flush().unwrap();
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let n = value("--tracks").and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let ws = match value("--reuse") {
        Some(root) => Workspace::open(&std::path::Path::new(root).join("bench.segue")).await.unwrap(),
        // `--keep DIR` keeps the generated CSV and workspace there, to look at query plans.
        None => import(&value("--keep").map_or_else(|| dir.path().to_path_buf(), std::path::PathBuf::from), n).await,
    };
    let n = ws.info().await.unwrap().track_count as usize;

    let rss = || resident_mb("VmRSS");
    let before = rss();
    let t = Instant::now();
    let stats = ws.prepare_library_index().await.unwrap();
    println!(
        "library index: {} tracks, {} distinct tokens, {:.0} MB, built in {:.2} s, ranks by relevance itself: {} \
         (process resident memory {before:.0} -> {:.0} MB, peak since the process started {:.0} MB)",
        stats.tracks,
        stats.terms,
        stats.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        stats.relevance,
        rss(),
        resident_mb("VmHWM"),
    );

    println!("\nsearch latency over {n} tracks (ms; whole call: count + page)   budget 30 ms");
    println!("{:<44} {:>5} {:>7} {:>7} {:>7}   {:>7} {:>7}   slowest", "query", "runs", "p50", "p95", "max", "SQL p50", "p95");
    for (name, queries) in query_kinds(&ws, n).await {
        let (times, slowest) = time(&ws, &queries, false).await;
        let (sql, _) = time(&ws, &queries, true).await;
        println!(
            "{name:<44} {:>5} {:>7.2} {:>7.2} {:>7.2}   {:>7.2} {:>7.2}   {slowest}",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times.last().unwrap(),
            percentile(&sql, 0.5),
            percentile(&sql, 0.95),
        );
    }
}

/// Generates `n` tracks into `root` and imports them into a new workspace there.
async fn import(root: &std::path::Path, n: usize) -> Workspace {
    std::fs::create_dir_all(root).unwrap();
    let csv = root.join("catalog.csv");
    let t = Instant::now();
    generate(&csv, n);
    println!("generated {n} tracks ({:.0} MB CSV) in {:.1} s", std::fs::metadata(&csv).unwrap().len() as f64 / 1e6, t.elapsed().as_secs_f64());
    let _ = std::fs::remove_file(root.join("bench.segue"));
    let ws = Workspace::create(&root.join("bench.segue")).await.unwrap();
    let mapping = segue_io::preview_catalog(&csv).unwrap().mapping;
    let t = Instant::now();
    let report = import_catalog(&ws, &csv, &mapping, |_| {}, &CancelToken::new()).await.unwrap();
    let import_s = t.elapsed().as_secs_f64();
    assert_eq!(report.tracks_new as usize, n);
    println!("import: {n} tracks in {import_s:.2} s ({:.0} tracks/s)   budget 15 s", n as f64 / import_s);
    ws
}

/// What the library sends while an editor types a word letter by letter, then the first letters
/// of a second (every keystroke), with sorts and filters, and without text.
async fn query_kinds(ws: &Workspace, n: usize) -> Vec<(&'static str, Vec<LibraryQuery>)> {
    let vocab_probe = ws.search(&LibraryQuery { limit: 1, ..Default::default() }).await.unwrap().tracks[0].title.clone();
    let first_word: String = vocab_probe.split(' ').next().unwrap().to_string();
    let mut typed: Vec<String> = (1..=first_word.len()).map(|k| first_word[..k].to_string()).collect();
    typed.push(format!("{first_word} l"));
    typed.push(format!("{first_word} la"));
    let typing = |sort: SortKey, descending: bool| -> Vec<LibraryQuery> {
        typed.iter().map(|t| LibraryQuery { text: t.clone(), sort, descending, limit: 100, ..Default::default() }).collect()
    };
    let filtered = |text: &str, sort: SortKey, descending: bool| LibraryQuery {
        text: text.into(),
        genres: vec!["rock".into()],
        year_min: Some(1990),
        ranges: vec![FeatureRange { feature: Feature::Energy, min: 0.5, max: 1.0 }],
        sort,
        descending,
        limit: 100,
        ..Default::default()
    };
    // Filters that leave few enough tracks to rank by relevance: the full-text index ranks them.
    let narrow = |text: &str| LibraryQuery {
        text: text.into(),
        genres: vec!["latin".into()],
        year_min: Some(2019),
        ranges: vec![FeatureRange { feature: Feature::Energy, min: 0.9, max: 1.0 }],
        limit: 100,
        ..Default::default()
    };
    let whole = |sort: SortKey, descending: bool, offset: usize, limit: u32| LibraryQuery {
        sort,
        descending,
        offset: offset as u32,
        limit,
        ..Default::default()
    };
    vec![
        ("typing, by relevance", typing(SortKey::Relevance, false)),
        ("typing, by popularity (descending)", typing(SortKey::Popularity, true)),
        ("typing, by title", typing(SortKey::Title, false)),
        ("typing + genre/year/energy filters", typed.iter().map(|t| filtered(t, SortKey::Relevance, false)).collect()),
        ("typing + filters, by year (descending)", typed.iter().map(|t| filtered(t, SortKey::Year, true)).collect()),
        ("typing + narrow filters, by relevance", typed.iter().map(|t| narrow(t)).collect()),
        ("no text, sorted by title", vec![whole(SortKey::Title, false, 0, 100)]),
        ("no text, sorted by energy (descending)", vec![whole(SortKey::Energy, true, 0, 100)]),
        ("no text, filters only", vec![filtered("", SortKey::Relevance, false)]),
        ("scrolled deep (offset n/2), by artist", vec![whole(SortKey::Artist, false, n / 2, 200)]),
    ]
}

/// Latencies of `queries`, ten rounds, sorted, and the slowest query; through the SQL path alone
/// when `sql`.
async fn time(ws: &Workspace, queries: &[LibraryQuery], sql: bool) -> (Vec<f64>, String) {
    let mut times = Vec::new();
    let mut slowest = (0.0, String::new());
    for _ in 0..10 {
        for q in queries {
            let t = Instant::now();
            let page = if sql { ws.search_sql(q).await } else { ws.search(q).await }.unwrap();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            if ms > slowest.0 {
                slowest = (ms, format!("{:?} ({} listed{})", q.text, page.total, if page.more { ", more" } else { "" }));
            }
            std::hint::black_box(page);
        }
    }
    times.sort_by(f64::total_cmp);
    (times, slowest.1)
}

/// A memory figure of this process from /proc (Linux), in MB; 0 elsewhere.
fn resident_mb(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}
