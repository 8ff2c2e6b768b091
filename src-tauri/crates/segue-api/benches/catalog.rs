//! Catalogue benchmark: import 1,000,000 generated tracks, then time search-as-you-type.
//!
//! `cargo bench -p segue-api --bench catalog` (add `-- --tracks N` for another size). Prints
//! the import time and, for each kind of query the library sends while an editor types, the
//! latency of the whole `Workspace::search` call (count + first page of 100 rows) at the
//! 50th and 95th percentiles and the maximum. Budgets (DESIGN.md): import within 15 s, search
//! within 30 ms, on a 2-core machine.

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
    let n = args
        .iter()
        .position(|a| a == "--tracks")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    // `--keep DIR` keeps the generated CSV and workspace there, to look at query plans.
    let keep = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(std::path::PathBuf::from);
    let root = keep.clone().unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&root).unwrap();
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

    // What the library sends while an editor types "Lamo ri" (every keystroke), and the same
    // with filters and other orders.
    let vocab_probe = ws.search(&LibraryQuery { limit: 1, ..Default::default() }).await.unwrap().tracks[0].title.clone();
    let first_word: String = vocab_probe.split(' ').next().unwrap().to_string();
    let mut typed = Vec::new();
    for k in 1..=first_word.len() {
        typed.push(first_word[..k].to_string());
    }
    typed.push(format!("{first_word} l"));
    typed.push(format!("{first_word} la"));
    let filtered = |text: &str| LibraryQuery {
        text: text.into(),
        genres: vec!["rock".into()],
        year_min: Some(1990),
        ranges: vec![FeatureRange { feature: Feature::Energy, min: 0.5, max: 1.0 }],
        limit: 100,
        ..Default::default()
    };
    let kinds: Vec<(&str, Vec<LibraryQuery>)> = vec![
        ("typing, by relevance", typed.iter().map(|t| LibraryQuery { text: t.clone(), limit: 100, ..Default::default() }).collect()),
        (
            "typing, by popularity",
            typed.iter().map(|t| LibraryQuery { text: t.clone(), sort: SortKey::Popularity, descending: true, limit: 100, ..Default::default() }).collect(),
        ),
        ("typing + genre/year/energy filters", typed.iter().map(|t| filtered(t)).collect()),
        ("no text, sorted by title", vec![LibraryQuery { sort: SortKey::Title, limit: 100, ..Default::default() }]),
        ("no text, filters only", vec![filtered("")]),
        (
            "scrolled deep (offset 500,000)",
            vec![LibraryQuery { sort: SortKey::Artist, offset: (n / 2) as u32, limit: 200, ..Default::default() }],
        ),
    ];
    println!("\nsearch latency over {n} tracks (ms; whole call: count + first page)   budget 30 ms");
    println!("{:<38} {:>6} {:>8} {:>8} {:>8}", "query", "runs", "p50", "p95", "max");
    for (name, queries) in kinds {
        let mut times = Vec::new();
        let mut slowest = (0.0, String::new());
        for _ in 0..10 {
            for q in &queries {
                let t = Instant::now();
                let page = ws.search(q).await.unwrap();
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                times.push(ms);
                if ms > slowest.0 {
                    slowest = (ms, format!("{:?} ({} listed{})", q.text, page.total, if page.more { ", more" } else { "" }));
                }
                std::hint::black_box(page);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<38} {:>6} {:>8.2} {:>8.2} {:>8.2}   slowest: {}",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times.last().unwrap(),
            slowest.1
        );
    }
}
