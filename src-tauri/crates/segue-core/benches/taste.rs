//! Taste benchmark (not a timed test): 10,000,000 listening events to taste vectors.
//!
//! ```text
//! cargo bench -p segue-core --bench taste
//! cargo bench -p segue-core --bench taste -- --events 1000000   # a smaller run
//! cargo bench -p segue-core --bench taste -- --power-iterations 8  # a more exact SVD
//! ```
//!
//! A synthetic catalogue of 100,000 tracks in 24 "scenes" (each with its own sound and its own
//! Zipf-like popularity) and 100,000 listeners, each mostly loyal to one scene and partly to a
//! second, replaying a rotation of favourites and sometimes exploring. Events are generated
//! deterministically and streamed — interleaved across listeners as a real log is — straight
//! into the [`PairAccumulator`], so generation never holds the events. Stages timed: aggregation
//! (events → pairs), histories, track vectors (content + PPMI/SVD over listener histories),
//! taste vectors. Budget (DESIGN.md): 20 s and 1.5 GB on 2 cores for the whole. The peak
//! resident memory is read from `VmHWM` in `/proc/self/status`.

use std::time::Instant;

use segue_core::signals::{normalize_artist, ArtistPlays, Event, EventKind};
use segue_core::taste::{
    build_taste, listener_histories, ArtistIndex, PairAccumulator, TasteParams,
};
use segue_core::track::{AudioFeatures, Track};
use segue_core::vectors::{build_track_vectors, VectorParams};
use segue_core::CancelToken;

const TRACKS: u64 = 100_000;
const LISTENERS: u64 = 100_000;
const SCENES: u64 = 24;
/// Favourites in a listener's rotation.
const ROTATION: f64 = 60.0;
const DAY: i64 = 86_400;
const START: i64 = 1_700_000_000;

/// SplitMix64: a stateless hash, so event `i` is the same whatever order events are made in.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A uniform draw in [0, 1) from a hash.
fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// A log-uniform (Zipf-like, s ≈ 1) rank in [0, n).
fn zipf(h: u64, n: u64) -> u64 {
    (((n as f64 + 1.0).powf(unit(h)) - 1.0) as u64).min(n - 1)
}

fn scene_of_track(t: u64) -> u64 {
    t % SCENES
}

fn catalogue() -> Vec<Track> {
    let per_scene = TRACKS / SCENES;
    (0..TRACKS)
        .map(|t| {
            let (scene, rank) = (scene_of_track(t), t / SCENES);
            let centre = |f: u64| unit(mix(scene * 97 + f));
            let noisy = |f: u64, spread: f64| {
                let v = centre(f) + spread * (unit(mix(t * 131 + f)) - 0.5);
                Some(v.clamp(0.0, 1.0) as f32)
            };
            let h = mix(t ^ 0xfeed);
            let popularity =
                100.0 * (1.0 - ((rank + 1) as f64).ln() / ((per_scene + 1) as f64).ln());
            Track {
                id: format!("t{t}"),
                title: format!("Track {t}"),
                artist: format!("Artist {}-{}", scene, rank / 8),
                duration_ms: 150_000 + (h % 150_000) as u32,
                popularity: Some(popularity.clamp(0.0, 100.0) as u8),
                features: AudioFeatures {
                    danceability: noisy(1, 0.3),
                    energy: noisy(2, 0.3),
                    key: Some(if h.is_multiple_of(20) {
                        -1.0
                    } else {
                        (h % 12) as f32
                    }),
                    loudness: Some(-30.0 + 28.0 * noisy(3, 0.2).unwrap_or(0.5)),
                    mode: Some((h >> 8 & 1) as f32),
                    speechiness: noisy(4, 0.1),
                    acousticness: noisy(5, 0.3),
                    instrumentalness: noisy(6, 0.3),
                    liveness: noisy(7, 0.2),
                    valence: noisy(8, 0.4),
                    tempo: Some(70.0 + 110.0 * noisy(9, 0.2).unwrap_or(0.5)),
                },
                ..Default::default()
            }
        })
        .collect()
}

/// A listener's main and second scene.
fn scenes_of(listener: u64) -> (u64, u64) {
    let h = mix(listener ^ 0x5eed);
    let main = h % SCENES;
    (main, (main + 1 + (h >> 16) % (SCENES - 1)) % SCENES)
}

/// Event `i`: listeners take turns (a log interleaves them), each replaying favourites.
fn event(i: u64) -> Event {
    let listener = i % LISTENERS;
    let round = i / LISTENERS;
    let h = mix(i);
    let (main, second) = scenes_of(listener);
    let per_scene = TRACKS / SCENES;
    let track = if unit(mix(h ^ 1)) < 0.1 {
        // Exploring: anything popular anywhere.
        let scene = mix(h ^ 2) % SCENES;
        scene + SCENES * zipf(mix(h ^ 3), per_scene)
    } else {
        let fav = ((ROTATION + 1.0).powf(unit(mix(h ^ 4))) - 1.0) as u64;
        let scene = if fav % 5 == 4 { second } else { main };
        scene + SCENES * zipf(mix(listener * 1_000 + fav), per_scene)
    };
    let u = unit(mix(h ^ 5));
    let (kind, ms_played) = match u {
        u if u < 0.80 => {
            let short = unit(mix(h ^ 6)) < 0.15;
            (
                EventKind::Play,
                Some(if short { 5_000 } else { 60_000 } + (mix(h ^ 7) % 20_000) as u32),
            )
        }
        u if u < 0.90 => (EventKind::Skip, None),
        u if u < 0.96 => (EventKind::Save, None),
        _ => (EventKind::PlaylistAdd, None),
    };
    let timestamp = START + round as i64 * (365 * DAY / 100) + (mix(h ^ 8) % DAY as u64) as i64;
    Event {
        listener: listener as u32,
        track: track as u32,
        kind,
        timestamp,
        ms_played,
    }
}

/// Peak resident memory so far, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let events: u64 = args
        .iter()
        .position(|a| a == "--events")
        .map_or(10_000_000, |i| args[i + 1].parse().expect("--events N"));
    println!(
        "taste benchmark: {events} events, {LISTENERS} listeners, {TRACKS} tracks, {} threads",
        rayon::current_num_threads()
    );
    println!("peak RSS at start: {:.0} MB", peak_mb());

    let t = Instant::now();
    let tracks = catalogue();
    let artists = ArtistIndex::from_tracks(&tracks);
    let artist_plays: Vec<ArtistPlays> = (0..LISTENERS / 10)
        .flat_map(|l| {
            let (main, _) = scenes_of(l * 10);
            let artists = &artists;
            (0..3).filter_map(move |k| {
                let name = normalize_artist(&format!("Artist {}-{}", main, mix(l * 7 + k) % 20));
                let artist = artists.index_of(&name)?;
                Some(ArtistPlays {
                    listener: (l * 10) as u32,
                    artist,
                    plays: (1 + mix(l + k) % 200) as f32,
                })
            })
        })
        .collect();
    let catalogue_s = t.elapsed().as_secs_f64();
    println!(
        "catalogue + artist index (not timed in the total): {catalogue_s:.2} s; peak RSS {:.0} MB",
        peak_mb()
    );

    let t = Instant::now();
    let checksum = (0..events)
        .map(|i| u64::from(event(i).track))
        .fold(0u64, u64::wrapping_add);
    let generate_s = t.elapsed().as_secs_f64();
    println!("generation alone (not in the total): {generate_s:.2} s (checksum {checksum})");

    let t = Instant::now();
    let mut acc = PairAccumulator::new();
    for i in 0..events {
        acc.push(&event(i));
    }
    let pairs = acc.into_pairs();
    let aggregate_s = (t.elapsed().as_secs_f64() - generate_s).max(0.0);
    println!(
        "aggregate {events} events → {} pairs: {aggregate_s:.2} s (generation subtracted); peak RSS {:.0} MB",
        pairs.len(),
        peak_mb()
    );

    let cancel = CancelToken::new();
    let taste_params = TasteParams::default();
    let t = Instant::now();
    let histories =
        listener_histories(LISTENERS as usize, &pairs, &[], &ArtistIndex::default(), &taste_params).expect("histories");
    let histories_s = t.elapsed().as_secs_f64();
    println!(
        "listener histories ({} positive pairs): {histories_s:.2} s; peak RSS {:.0} MB",
        histories.nnz(),
        peak_mb()
    );

    let t = Instant::now();
    let params = VectorParams {
        power_iterations: args
            .iter()
            .position(|a| a == "--power-iterations")
            .map_or(VectorParams::default().power_iterations, |i| {
                args[i + 1].parse().expect("--power-iterations N")
            }),
        ..VectorParams::default()
    };
    let mut steps = Vec::new();
    let tv = build_track_vectors(&tracks, &[], &histories, &params, &cancel, &mut |_| {
        steps.push(t.elapsed().as_secs_f64())
    })
    .expect("track vectors");
    drop(histories);
    let vectors_s = t.elapsed().as_secs_f64();
    println!(
        "track vectors {}×{} (PPMI non-zeros {}, cold {}): {vectors_s:.2} s; peak RSS {:.0} MB",
        tv.vectors.nrows(),
        tv.dim(),
        tv.ppmi_nonzeros,
        tv.n_cold(),
        peak_mb()
    );
    let lap: Vec<String> = steps
        .iter()
        .scan(0.0, |prev, &now| {
            let d = now - *prev;
            *prev = now;
            Some(format!("{d:.2}"))
        })
        .collect();
    println!(
        "  steps (content, matrix + PPMI, {} SVD products, cold start, join), s: {}",
        steps.len() - 4,
        lap.join(" ")
    );
    let s = &tv.singular_values;
    let s: Vec<String> = s.iter().map(|v| format!("{v:.3}")).collect();
    println!("  singular values: {}", s.join(" "));

    let t = Instant::now();
    let taste = build_taste(
        LISTENERS as usize,
        &pairs,
        &artist_plays,
        &artists,
        tv.vectors.view(),
        &taste_params,
        &cancel,
        &mut |_| {},
    )
    .expect("taste");
    let taste_s = t.elapsed().as_secs_f64();
    println!(
        "taste vectors {}×{} ({} eligible): {taste_s:.2} s; peak RSS {:.0} MB",
        taste.vectors.nrows(),
        taste.vectors.ncols(),
        taste.n_eligible(),
        peak_mb()
    );

    // Do the vectors mean anything? Listeners of the same main scene should be closer.
    let (mut same, mut other, mut n_same, mut n_other) = (0f64, 0f64, 0u32, 0u32);
    for k in 0..20_000u64 {
        let (a, b) = (mix(k) % LISTENERS, mix(k ^ 0xabc) % LISTENERS);
        let c = f64::from(cos(
            taste.vectors.row(a as usize).as_slice().unwrap(),
            taste.vectors.row(b as usize).as_slice().unwrap(),
        ));
        if scenes_of(a).0 == scenes_of(b).0 {
            (same, n_same) = (same + c, n_same + 1);
        } else {
            (other, n_other) = (other + c, n_other + 1);
        }
    }
    println!(
        "sanity: mean cosine of listeners with the same main scene {:.3} ({n_same} pairs), different {:.3} ({n_other} pairs)",
        same / f64::from(n_same.max(1)),
        other / f64::from(n_other.max(1))
    );

    let total = aggregate_s + histories_s + vectors_s + taste_s;
    let peak = peak_mb();
    println!("RESULT taste events={events} aggregate_s={aggregate_s:.2} histories_s={histories_s:.2} vectors_s={vectors_s:.2} taste_s={taste_s:.2} total_s={total:.2} peak_rss_mb={peak:.0}");
    println!(
        "budget: 20 s and 1536 MB on 2 cores → {} in time, {} in memory",
        if total <= 20.0 { "within" } else { "OVER" },
        if peak <= 1536.0 { "within" } else { "OVER" }
    );
}
