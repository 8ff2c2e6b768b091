//! k-means benchmark (not a timed test): prints figures, asserts nothing about time.
//!
//! ```text
//! cargo bench -p segue-core --bench kmeans                           # generated blobs
//! cargo bench -p segue-core --bench kmeans -- --data target/bench-data  # files from the script
//! ```
//!
//! (a) 20 Lloyd iterations from given centroids, 2 threads, at 100,000 × 48 (k = 12) and
//! 1,000,000 × 64 (k = 32), in f32 and f64; (b) the budget case, 100,000 × 48, k = 12, plain and
//! greedy k-means++ and 10 runs, against 1 s; (c) linfa-clustering 0.8.1's own `KMeans` on the
//! 100,000 case; (d) end to end, the editor's default fit (`fit_segments` with
//! `SegmentParams`' defaults: greedy k-means++, 10 runs, seed 42) on the 100,000 case and, when
//! the script exported them, the demo workspace's taste vectors, with its inertia over other
//! seeds. `scripts/bench-kmeans.sh` writes the data once, times scikit-learn on it (for (d),
//! `KMeans(n_clusters=k, n_init=10)`, its defaults otherwise) and joins both into tables through
//! the `RESULT` lines printed here.

use std::path::{Path, PathBuf};
use std::time::Instant;

use linfa::prelude::*;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use segue_core::segments::{
    fit_segments, kernel_target, FastKMeans, FastKMeansInit, KMeansFloat, SegmentFit, SegmentParams,
};
use segue_core::CancelToken;

#[path = "common/blobs.rs"]
mod common_blobs;
use common_blobs::blobs;

const ITERATIONS: usize = 20;

/// One benchmark case: its name, shape and number of clusters.
struct Case {
    name: String,
    n: usize,
    d: usize,
    k: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = args
        .iter()
        .position(|a| a == "--data")
        .map(|i| PathBuf::from(&args[i + 1]));
    let reps: usize = args
        .iter()
        .position(|a| a == "--reps")
        .map_or(5, |i| args[i + 1].parse().expect("--reps N"));
    let threads: usize = args
        .iter()
        .position(|a| a == "--threads")
        .map_or(2, |i| args[i + 1].parse().expect("--threads N"));
    let only = args
        .iter()
        .position(|a| a == "--only")
        .map(|i| args[i + 1].clone());
    let seeds: u32 = args
        .iter()
        .position(|a| a == "--seeds")
        .map_or(10, |i| args[i + 1].parse().expect("--seeds N"));
    // `fit_segments` runs on rayon's global pool, as in the studio: give it the same threads.
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .expect("the global pool is built once, first");
    println!(
        "kernel: {}; threads: {threads}; repetitions: {reps}, ×5 at 100,000 rows (median reported)",
        kernel_target()
    );
    let cases = match &data {
        Some(dir) => read_cases(dir),
        None => vec![
            Case {
                name: "100k".into(),
                n: 100_000,
                d: 48,
                k: 12,
            },
            Case {
                name: "1m".into(),
                n: 1_000_000,
                d: 64,
                k: 32,
            },
        ],
    };
    for case in &cases {
        for dtype in ["f32", "f64"] {
            let tag = format!("{}-{dtype}", case.name);
            if only
                .as_deref()
                .is_some_and(|o| o != dtype && o != case.name && o != tag)
            {
                continue;
            }
            if dtype == "f32" {
                lloyd_case::<f32>(case, dtype, data.as_deref(), reps, threads);
            } else {
                lloyd_case::<f64>(case, dtype, data.as_deref(), reps, threads);
            }
        }
    }
    let wants = |what: &str| only.is_none() || only.as_deref() == Some(what);
    if wants("budget") || wants("linfa") {
        let small = &cases[0];
        let (x, init) = load::<f32>(small, "f32", data.as_deref());
        if wants("budget") {
            budget_case(&x, small, threads);
        }
        if wants("linfa") {
            linfa_case(&x, &init);
        }
    }
    if wants("e2e") {
        let e2e = match &data {
            Some(dir) => read_e2e(dir),
            None => vec![(cases[0].name.clone(), cases[0].n, cases[0].d, cases[0].k)],
        };
        for (name, n, d, k) in e2e {
            let x = match &data {
                Some(dir) => read_raw::<f32>(&dir.join(format!("{name}.f32.x.bin")), n, d),
                None => load::<f32>(&cases[0], "f32", None).0,
            };
            e2e_case(&x, &name, k, reps, seeds);
        }
    }
}

/// (a) Lloyd from given centroids, fixed iterations: median wall time of `reps` fits.
fn lloyd_case<F: KMeansFloat>(
    case: &Case,
    dtype: &str,
    dir: Option<&Path>,
    reps: usize,
    threads: usize,
) {
    let (x, init) = load::<F>(case, dtype, dir);
    // Short fits are repeated more, so every case is timed for about as long (as the script does).
    let reps = reps * (500_000 / case.n).max(1);
    let params = FastKMeans::params(case.k)
        .initial_centroids(init)
        .max_n_iterations(ITERATIONS)
        .tolerance(F::zero())
        .n_threads(threads);
    let data = DatasetBase::from(x.view());
    // Plain Lloyd (every row scored every step) is what scikit-learn's lloyd does; pruning is
    // Segue's default and is reported beside it.
    for (pruning, label) in [(false, "lloyd"), (true, "lloyd+hamerly")] {
        let params = params.clone().pruning(pruning);
        params.fit(&data).expect("fit"); // warm-up, as the script does for scikit-learn
        let mut times = Vec::new();
        let mut model = None;
        for _ in 0..reps {
            let start = Instant::now();
            let m = params.fit(&data).expect("fit");
            times.push(start.elapsed().as_secs_f64() * 1e3);
            model = Some(m);
        }
        let model = model.expect("reps ≥ 1");
        times.sort_by(f64::total_cmp);
        let total = times[times.len() / 2];
        let it = model.n_iterations();
        println!(
            "(a) {} {}×{} k={} {dtype} {label}: {it} iterations, {:.2} ms/iteration, {total:.1} ms total (min {:.1}), inertia {:.6e}",
            case.name, case.n, case.d, case.k, total / it as f64, times[0], model.inertia()
        );
        let case_name = if pruning {
            format!("{}-pruned", case.name)
        } else {
            case.name.clone()
        };
        println!(
            "RESULT case={case_name} dtype={dtype} n_iter={it} total_ms={total:.3} ms_per_iter={:.4} inertia={:.10e}",
            total / it as f64, model.inertia()
        );
    }
}

/// (b) The budget: 100,000 × 48, k = 12, k-means++ and 10 runs, in 1 s.
fn budget_case(x: &Array2<f32>, case: &Case, threads: usize) {
    for (name, init) in [
        ("k-means++", FastKMeansInit::KMeansPlusPlus),
        ("greedy k-means++", FastKMeansInit::GreedyKMeansPlusPlus),
    ] {
        budget_run(x, case, name, init, threads);
    }
}

fn budget_run(x: &Array2<f32>, case: &Case, name: &str, init: FastKMeansInit<f32>, threads: usize) {
    let data = DatasetBase::from(x.view());
    let params = FastKMeans::params(case.k)
        .init_method(init)
        .n_runs(10)
        .n_threads(threads);
    let mut times = Vec::new();
    let mut model = None;
    for _ in 0..3 {
        let start = Instant::now();
        model = Some(params.fit(&data).expect("fit"));
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let model = model.expect("fitted");
    let ms = times[1];
    println!(
        "(b) budget {}×{} k={} f32, {name}, 10 runs: {ms:.1} ms (budget 1000 ms: {:.1}× under), best run {} iterations, inertia {:.6e}",
        case.n, case.d, case.k, 1000.0 / ms, model.n_iterations(), model.inertia()
    );
    let tag = name.replace(' ', "-");
    println!("RESULT case=budget dtype=f32 init={tag} total_ms={ms:.3} budget_ms=1000 best_run_iterations={} inertia={:.6e}", model.n_iterations(), model.inertia());
}

/// (c) linfa-clustering 0.8.1's KMeans from the same centroids, a few iterations.
fn linfa_case(x: &Array2<f32>, init: &Array2<f32>) {
    const LINFA_ITERS: u64 = 3;
    let data = DatasetBase::from(x.clone());
    let params = KMeans::params(init.nrows())
        .init_method(KMeansInit::Precomputed(init.clone()))
        .n_runs(1)
        .max_n_iterations(LINFA_ITERS)
        .tolerance(1e-30);
    let start = Instant::now();
    let model = params.fit(&data).expect("linfa fit");
    let ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "(c) linfa-clustering 0.8.1 KMeans, same data and centroids, {LINFA_ITERS} iterations on its global rayon pool: {:.2} ms/iteration (mean inertia {:.6e})",
        ms / LINFA_ITERS as f64,
        model.inertia()
    );
    println!(
        "RESULT case=linfa dtype=f32 ms_per_iter={:.4}",
        ms / LINFA_ITERS as f64
    );
}

/// (d) The editor's default fit, end to end: `fit_segments` with `SegmentParams`' defaults (the
/// k-means part: silhouette and stability refits off, which do not change the fit at a fixed k),
/// timed over `reps` fits at seed 42 (median), then its inertia at seeds `0..seeds`, to compare
/// with scikit-learn's spread over `random_state`. With `k = 0` (the demo), first the whole
/// default fit, `k` chosen by silhouette over 4..=12, reporting every candidate's inertia; the
/// timed fit then uses the chosen `k`.
fn e2e_case(x: &Array2<f32>, name: &str, k: usize, reps: usize, seeds: u32) {
    let (n, d) = x.dim();
    let fit = |params: &SegmentParams| -> SegmentFit {
        fit_segments(x.view(), params, &CancelToken::new(), &mut |_| {}).expect("fit")
    };
    let k = if k == 0 {
        let start = Instant::now();
        let chosen = fit(&SegmentParams::default());
        let ms = start.elapsed().as_secs_f64() * 1e3;
        println!(
            "(d) {name} {n}×{d}, the editor's whole default fit (k by silhouette over 4..=12, 10 runs each, 3 stability refits): {ms:.0} ms, chose k = {}",
            chosen.k
        );
        for c in &chosen.candidates {
            let fixed = SegmentParams {
                silhouette_sample: 0,
                stability_runs: 0,
                ..SegmentParams::fixed(c.k)
            };
            let (lo, mid, hi) = spread(&fit, &fixed, seeds);
            println!(
                "    k = {:2}: inertia {:.6e}, silhouette {:.4}; over seeds 0..{seeds}: median {mid:.6e}, {lo:.6e}–{hi:.6e}",
                c.k,
                c.inertia,
                c.silhouette.unwrap_or(f64::NAN)
            );
            println!(
                "RESULT case=e2e-{name}-k{} dtype=f32 k={} inertia={:.10e} seeds={seeds} seeds_min={lo:.10e} seeds_median={mid:.10e} seeds_max={hi:.10e}",
                c.k, c.k, c.inertia
            );
        }
        println!(
            "RESULT case=e2e-{name}-chosen dtype=f32 k={} total_ms={ms:.3}",
            chosen.k
        );
        chosen.k as usize
    } else {
        k
    };
    let fixed = SegmentParams {
        silhouette_sample: 0,
        stability_runs: 0,
        ..SegmentParams::fixed(k as u32)
    };
    fit(&fixed); // warm-up, as the script does for scikit-learn
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..reps {
        let start = Instant::now();
        last = Some(fit(&fixed));
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let ms = times[times.len() / 2];
    let inertia = last.expect("reps ≥ 1").inertia;
    let (lo, mid, hi) = spread(&fit, &fixed, seeds);
    println!(
        "(d) {name} {n}×{d} k={k} f32, the editor's default fit (fit_segments, greedy k-means++, 10 runs, seed 42): {ms:.1} ms (min {:.1}), inertia {inertia:.6e}; over seeds 0..{seeds}: median {mid:.6e}, {lo:.6e}–{hi:.6e}",
        times[0]
    );
    println!(
        "RESULT case=e2e-{name} dtype=f32 k={k} total_ms={ms:.3} min_ms={:.3} inertia={inertia:.10e} seeds={seeds} seeds_min={lo:.10e} seeds_median={mid:.10e} seeds_max={hi:.10e}",
        times[0]
    );
}

/// The lowest, median and highest inertia of `params` fitted at seeds `0..seeds`.
fn spread(
    fit: &dyn Fn(&SegmentParams) -> SegmentFit,
    params: &SegmentParams,
    seeds: u32,
) -> (f64, f64, f64) {
    let mut all: Vec<f64> = (0..seeds)
        .map(|seed| {
            fit(&SegmentParams {
                seed,
                ..params.clone()
            })
            .inertia
        })
        .collect();
    all.sort_by(f64::total_cmp);
    match all.as_slice() {
        [] => (f64::NAN, f64::NAN, f64::NAN),
        s if s.len() % 2 == 0 => (
            s[0],
            (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0,
            s[s.len() - 1],
        ),
        s => (s[0], s[s.len() / 2], s[s.len() - 1]),
    }
}

/// Reads `e2e.txt` (`name n d k` per line, `k = 0`: chosen by silhouette), if the script wrote it.
fn read_e2e(dir: &Path) -> Vec<(String, usize, usize, usize)> {
    let Ok(text) = std::fs::read_to_string(dir.join("e2e.txt")) else {
        return Vec::new();
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let num = |i: usize| f[i].parse::<usize>().expect("a number");
            (f[0].to_string(), num(1), num(2), num(3))
        })
        .collect()
}

/// Reads `cases.txt` (`name n d k` per line) written by the script.
fn read_cases(dir: &Path) -> Vec<Case> {
    let text =
        std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt in the data folder");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let num = |i: usize| f[i].parse::<usize>().expect("a number");
            Case {
                name: f[0].to_string(),
                n: num(1),
                d: num(2),
                k: num(3),
            }
        })
        .collect()
}

/// The rows and initial centroids of a case: from the script's raw little-endian files, or
/// generated (gaussian blobs, and k rows picked with a fixed seed).
fn load<F: KMeansFloat>(case: &Case, dtype: &str, dir: Option<&Path>) -> (Array2<F>, Array2<F>) {
    match dir {
        Some(dir) => (
            read_raw(
                &dir.join(format!("{}.{dtype}.x.bin", case.name)),
                case.n,
                case.d,
            ),
            read_raw(
                &dir.join(format!("{}.{dtype}.init.bin", case.name)),
                case.k,
                case.d,
            ),
        ),
        None => {
            let x = blobs::<F>(case.n, case.d, case.k, 7);
            let mut rng = Xoshiro256Plus::seed_from_u64(11);
            let idx: Vec<usize> = (0..case.k).map(|_| rng.gen_range(0..case.n)).collect();
            let init = x.select(Axis(0), &idx);
            (x, init)
        }
    }
}

fn read_raw<F: KMeansFloat>(path: &Path, rows: usize, cols: usize) -> Array2<F> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let size = std::mem::size_of::<F>();
    assert_eq!(
        bytes.len(),
        rows * cols * size,
        "{}: unexpected size",
        path.display()
    );
    let values: Vec<F> = bytes
        .chunks_exact(size)
        .map(|b| match size {
            4 => F::narrow(f64::from(f32::from_le_bytes(
                b.try_into().expect("4 bytes"),
            ))),
            _ => F::narrow(f64::from_le_bytes(b.try_into().expect("8 bytes"))),
        })
        .collect();
    Array2::from_shape_vec((rows, cols), values).expect("shape")
}
