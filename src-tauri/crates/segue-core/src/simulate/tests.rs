//! The simulator's contract on a synthetic catalogue whose features do not depend on genre (the
//! hardest case for recovering tastes from content features).

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::*;
use crate::segments::{adjusted_rand_index, fit_segments, SegmentParams};
use crate::track::{AudioFeatures, Feature};
use crate::CancelToken;

const GENRES: [&str; 6] = ["edm", "rap", "pop", "r&b", "latin", "rock"];

/// 6 genres × 4 subgenres × 200 tracks, features uniform in their usual ranges.
fn catalogue() -> Vec<Track> {
    let mut rng = Xoshiro256Plus::seed_from_u64(99);
    let mut tracks = Vec::new();
    for g in GENRES {
        for s in 0..4 {
            for i in 0..200 {
                tracks.push(Track {
                    id: format!("{g}-{s}-{i}"),
                    artist: format!("{g} artist {}", i % 40),
                    duration_ms: rng.gen_range(120_000..300_000),
                    popularity: Some(rng.gen_range(0..100)),
                    genres: vec![g.to_string()],
                    subgenres: vec![format!("{g} {s}")],
                    features: AudioFeatures {
                        danceability: Some(rng.gen()),
                        energy: Some(rng.gen()),
                        valence: Some(rng.gen()),
                        acousticness: Some(rng.gen()),
                        tempo: Some(rng.gen_range(70.0..180.0)),
                        ..AudioFeatures::default()
                    },
                    ..Track::default()
                });
            }
        }
    }
    tracks
}

fn small(listeners: u32) -> SimulationParams {
    SimulationParams {
        listeners,
        ..SimulationParams::default()
    }
}

fn run(tracks: &[Track], params: &SimulationParams) -> (SimulationTruth, Vec<Event>) {
    let mut events = Vec::new();
    let truth = simulate(tracks, params, |e| events.push(e)).unwrap();
    (truth, events)
}

#[test]
fn same_seed_same_events_other_seed_other_events() {
    let tracks = catalogue();
    let (ta, a) = run(&tracks, &small(50));
    let (tb, b) = run(&tracks, &small(50));
    assert_eq!((&ta, &a), (&tb, &b));
    let (_, c) = run(
        &tracks,
        &SimulationParams {
            seed: 7,
            ..small(50)
        },
    );
    assert_ne!(a, c);
    // A listener's events do not depend on how many listeners are simulated.
    let (_, more) = run(&tracks, &small(80));
    let first: Vec<&Event> = more.iter().filter(|e| e.listener < 50).collect();
    assert_eq!(first, a.iter().collect::<Vec<_>>());
}

#[test]
fn listeners_tastes_and_volumes() {
    let tracks = catalogue();
    let params = small(400);
    let (truth, events) = run(&tracks, &params);
    assert_eq!(truth.listener_taste.len(), 400);
    assert_eq!(truth.tastes.len(), 6);
    assert!((truth.tastes.iter().map(|t| t.share).sum::<f64>() - 1.0).abs() < 1e-9);
    // Six tastes over six genres: one taste per genre.
    let mut genres: Vec<&str> = truth.tastes.iter().map(|t| t.genre.as_str()).collect();
    genres.sort_unstable();
    genres.dedup();
    assert_eq!(genres.len(), 6);
    assert!(truth.listener_taste.iter().all(|&s| s < 6));
    let mut per_listener = vec![0usize; 400];
    for e in &events {
        per_listener[e.listener as usize] += 1;
        assert!((e.track as usize) < tracks.len());
        let end = params.reference_time as i64;
        assert!(e.timestamp >= end - 180 * 86_400 && e.timestamp < end + 400);
    }
    assert!(per_listener.iter().all(|&n| n > 0));
    let listens = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Play | EventKind::Skip))
        .count();
    let mean = listens as f64 / 400.0;
    assert!((mean - 120.0).abs() < 10.0, "{mean}");
    // Within a listener, listens come in time order.
    for w in events.windows(2) {
        if w[0].listener == w[1].listener
            && w[1].kind == EventKind::Play
            && w[0].kind == EventKind::Play
        {
            assert!(w[0].timestamp <= w[1].timestamp);
        }
    }
}

#[test]
fn every_kind_of_event_occurs_with_short_plays_among_plays() {
    let tracks = catalogue();
    let (_, events) = run(&tracks, &small(200));
    let count = |k: EventKind| events.iter().filter(|e| e.kind == k).count();
    let plays = count(EventKind::Play);
    let short = events
        .iter()
        .filter(|e| e.kind == EventKind::Play && e.ms_played.is_some_and(|ms| ms < SHORT_PLAY_MS))
        .count();
    assert!(short > 0 && short < plays / 3, "{short} of {plays}");
    assert!(count(EventKind::Skip) > 0 && count(EventKind::Skip) < plays);
    assert!(count(EventKind::Save) > 0 && count(EventKind::PlaylistAdd) > 0);
    assert!(count(EventKind::Save) > count(EventKind::PlaylistAdd));
    assert!(events
        .iter()
        .filter(|e| e.kind != EventKind::Play)
        .all(|e| e.ms_played.is_none()));
}

#[test]
fn events_favour_the_tastes_genre_and_skips_fall_on_poor_fits() {
    let tracks = catalogue();
    let (truth, events) = run(&tracks, &small(300));
    let in_genre = |e: &Event| {
        let taste = &truth.tastes[truth.listener_taste[e.listener as usize] as usize];
        tracks[e.track as usize].genres[0] == taste.genre
    };
    let listens: Vec<&Event> = events
        .iter()
        .filter(|e| e.kind != EventKind::Save)
        .collect();
    let share = listens.iter().filter(|e| in_genre(e)).count() as f64 / listens.len() as f64;
    assert!(share > 0.85, "{share}");
    let skip_rate = |inside: bool| {
        let sel: Vec<&&Event> = listens.iter().filter(|e| in_genre(e) == inside).collect();
        sel.iter().filter(|e| e.kind == EventKind::Skip).count() as f64 / sel.len() as f64
    };
    assert!(skip_rate(false) > skip_rate(true) + 0.1);
}

#[test]
fn tastes_are_recovered_from_content_features_alone() {
    let tracks = catalogue();
    let (truth, events) = run(&tracks, &small(1200));
    // A crude taste vector: the engagement-weighted mean of standardized features.
    let feats = [
        Feature::Energy,
        Feature::Tempo,
        Feature::Danceability,
        Feature::Valence,
        Feature::Acousticness,
    ];
    let z = |f: Feature, v: f32| {
        let (lo, hi) = if f == Feature::Tempo {
            (70.0, 180.0)
        } else {
            (0.0, 1.0)
        };
        (v - lo) / (hi - lo) * 12f32.sqrt()
    };
    let mut sums = Array2::<f32>::zeros((1200, feats.len()));
    let mut weights = vec![0f32; 1200];
    for e in &events {
        let w = match e.kind {
            EventKind::Play if e.ms_played.is_some_and(|ms| ms >= SHORT_PLAY_MS) => 1.0,
            EventKind::Save => 3.0,
            EventKind::PlaylistAdd => 2.0,
            _ => 0.0,
        };
        let l = e.listener as usize;
        weights[l] += w;
        for (j, &f) in feats.iter().enumerate() {
            sums[[l, j]] += w * z(f, tracks[e.track as usize].features.get(f).unwrap());
        }
    }
    for (mut row, w) in sums.rows_mut().into_iter().zip(&weights) {
        row /= w.max(1.0);
    }
    let params = SegmentParams {
        silhouette_sample: 300,
        stability_runs: 0,
        ..SegmentParams::fixed(6)
    };
    let fit = fit_segments(sums.view(), &params, &CancelToken::new(), &mut |_| {}).unwrap();
    let ari = adjusted_rand_index(&fit.assignments, &truth.listener_taste);
    assert!(ari >= 0.9, "ARI {ari}");
}

#[test]
fn bad_input_is_refused() {
    let tracks = catalogue();
    let err = |t: &[Track], p: &SimulationParams| simulate(t, p, |_| {}).unwrap_err();
    assert!(matches!(
        err(&[], &small(1)),
        SimulationError::EmptyCatalogue
    ));
    let untagged = vec![Track::default(); 3];
    assert!(matches!(
        err(&untagged, &small(1)),
        SimulationError::NoGenres
    ));
    let zero = SimulationParams {
        tastes: 0,
        ..small(1)
    };
    assert!(matches!(
        err(&tracks, &zero),
        SimulationError::InvalidParams(_)
    ));
    let cold = SimulationParams {
        temperature: 0.0,
        ..small(1)
    };
    assert!(matches!(
        err(&tracks, &cold),
        SimulationError::InvalidParams(_)
    ));
    // More tastes than combinations: combinations are reused with other feature corners.
    let many = SimulationParams {
        tastes: 30,
        ..small(10)
    };
    assert_eq!(simulate(&tracks, &many, |_| {}).unwrap().tastes.len(), 30);
}
