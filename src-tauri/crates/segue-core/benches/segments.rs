//! Segment-pipeline benchmark (not a timed test): prints figures, asserts nothing about time.
//!
//! ```text
//! cargo bench -p segue-core --bench segments              # everything
//! cargo bench -p segue-core --bench segments -- --reps 5  # more repetitions (median reported)
//! ```
//!
//! (a) `fit_segments` at 100,000 × 48, k = 12 fixed, greedy k-means++ and 10 runs, without
//! silhouette and stability: the budget case (1 s on 2 cores), beside the bare `FastKMeans` fit of
//! 10 runs in one call; (b) the silhouette on its 4,000-row sample and
//! the same fit with the default silhouette and 3 stability refits, so their cost shows
//! separately; (c) k chosen over 4..=12; (d) the 2-D map; (e) the simulator, 20,000 listeners ×
//! 150 listens over a 28,000-track catalogue.

use std::time::Instant;

use linfa::prelude::*;
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use segue_core::segments::{
    fit_segments, kernel_target, map_segments, silhouette, FastKMeans, SegmentParams,
    DEFAULT_MAP_POINTS, DEFAULT_SILHOUETTE_SAMPLE,
};
use segue_core::simulate::{simulate, SimulationParams};
use segue_core::{AudioFeatures, CancelToken, Track};

#[path = "common/blobs.rs"]
mod common_blobs;
use common_blobs::blobs;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = args
        .iter()
        .position(|a| a == "--reps")
        .map_or(3, |i| args[i + 1].parse().expect("--reps N"));
    println!(
        "kernel: {}; rayon threads: {}; repetitions: {reps} (median reported)",
        kernel_target(),
        rayon::current_num_threads()
    );
    let x = blobs::<f32>(100_000, 48, 12, 7);
    let fixed = SegmentParams {
        silhouette_sample: 0,
        stability_runs: 0,
        ..SegmentParams::fixed(12)
    };
    let (ms, budget) = time(reps, || fit_with(&x, &fixed));
    println!(
        "(a) budget 100000×48 k=12, greedy k-means++ × 10 runs, no silhouette/stability: {ms:.1} ms (budget 1000 ms: {:.1}× under), inertia {:.6e}",
        1000.0 / ms,
        budget.inertia
    );
    let direct = FastKMeans::params_with_rng(12, Xoshiro256Plus::seed_from_u64(42)).n_runs(10);
    let (ms_direct, model) = time(reps, || {
        direct.fit(&DatasetBase::from(x.view())).expect("fit")
    });
    println!(
        "(a) for reference, FastKMeans with n_runs(10) in one call (no per-run progress): {ms_direct:.1} ms, inertia {:.6e}",
        model.inertia()
    );
    let (ms_sil, s) = time(reps, || {
        silhouette(
            x.view(),
            &budget.assignments,
            DEFAULT_SILHOUETTE_SAMPLE as usize,
            1,
        )
    });
    println!(
        "(b) silhouette on a {DEFAULT_SILHOUETTE_SAMPLE}-row sample: {ms_sil:.1} ms (s = {:.3})",
        s.unwrap_or(f64::NAN)
    );
    let (ms_all, full) = time(reps, || fit_with(&x, &SegmentParams::fixed(12)));
    println!(
        "(b) the same fit with silhouette and {} stability refits on {}-row samples: {ms_all:.1} ms (stability ≈ {:.1} ms, ARI {:.3})",
        full.params.stability_runs,
        full.params.stability_sample,
        ms_all - ms - ms_sil,
        full.stability_ari.unwrap_or(f64::NAN)
    );
    let (ms_range, chosen) = time(1, || fit_with(&x, &SegmentParams::default()));
    println!(
        "(c) k chosen over 4..=12 (9 candidates × 10 runs, silhouette each, stability once): {ms_range:.1} ms, chose k = {}",
        chosen.k
    );
    let (ms_map, map) = time(reps, || {
        map_segments(
            x.view(),
            &budget.assignments,
            budget.centroids.view(),
            DEFAULT_MAP_POINTS,
            1,
        )
        .expect("map")
    });
    println!(
        "(d) 2-D map of {} points: {ms_map:.1} ms (explained variance {:.3}, {:.3})",
        map.points.len(),
        map.explained_variance[0],
        map.explained_variance[1]
    );
    let tracks = catalogue(28_000);
    let params = SimulationParams {
        listeners: 20_000,
        events_per_listener: 150.0,
        ..SimulationParams::default()
    };
    let (ms_sim, events) = time(reps, || {
        let mut n = 0u64;
        simulate(&tracks, &params, |_| n += 1).expect("simulate");
        n
    });
    println!(
        "(e) simulate 20000 listeners × 150 listens over 28000 tracks: {ms_sim:.1} ms, {events} events ({:.1} M events/s)",
        events as f64 / ms_sim / 1e3
    );
}

fn fit_with(x: &Array2<f32>, params: &SegmentParams) -> segue_core::segments::SegmentFit {
    fit_segments(x.view(), params, &CancelToken::new(), &mut |_| {}).expect("fit")
}

/// Median wall time in milliseconds of `reps` calls, and the last result.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (
        times[times.len() / 2],
        last.expect("at least one repetition"),
    )
}


/// A catalogue shaped like the demo one: 6 genres × 4 subgenres, features uniform.
fn catalogue(n: usize) -> Vec<Track> {
    let mut rng = Xoshiro256Plus::seed_from_u64(3);
    let genres = ["edm", "rap", "pop", "r&b", "latin", "rock"];
    (0..n)
        .map(|i| {
            let g = genres[i % 6];
            Track {
                id: format!("t{i}"),
                artist: format!("artist {}", i % 3000),
                duration_ms: rng.gen_range(120_000..300_000),
                popularity: Some(rng.gen_range(0..100)),
                genres: vec![g.to_string()],
                subgenres: vec![format!("{g} {}", (i / 6) % 4)],
                features: AudioFeatures {
                    danceability: Some(rng.gen()),
                    energy: Some(rng.gen()),
                    valence: Some(rng.gen()),
                    tempo: Some(rng.gen_range(70.0..180.0)),
                    ..AudioFeatures::default()
                },
                ..Track::default()
            }
        })
        .collect()
}
