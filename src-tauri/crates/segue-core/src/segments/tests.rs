//! The fused kernel against the reference Lloyd: every shape, both types, every instruction set,
//! with and without pruning, on one thread and two.

use linfa::prelude::*;
use ndarray::Array2;

use super::reference::{blobs, lloyd, pick_rows};
use super::*;

/// Fits from `init` with a fixed number of iterations, as the sklearn comparison does.
pub(super) fn fit_from<F: KMeansFloat>(
    x: &Array2<F>,
    init: &Array2<F>,
    max_iter: usize,
    threads: usize,
) -> FastKMeans<F> {
    FastKMeans::params(init.nrows())
        .initial_centroids(init.clone())
        .max_n_iterations(max_iter)
        .tolerance(F::zero())
        .n_threads(threads)
        .fit(&DatasetBase::from(x.view()))
        .expect("valid fit")
}

pub(super) fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(f64::MIN_POSITIVE)
}

/// Shapes: k > d, d not a multiple of any vector width, n not a multiple of the row group or the
/// block size, k beyond one panel (two panels at 40), one dimension.
const SHAPES: [(usize, usize, usize, f64); 7] = [
    (1000, 2, 3, 1.5),
    (5003, 48, 12, 3.0),
    (3001, 5, 17, 2.0),
    (2500, 13, 40, 2.5),
    (4099, 64, 32, 4.0),
    (777, 1, 9, 0.7),
    (4133, 7, 24, 2.0),
];

#[test]
fn f64_matches_reference_lloyd_on_every_shape() {
    for (s, &(n, d, k, spread)) in SHAPES.iter().enumerate() {
        let (x, _) = blobs::<f64>(n, d, k, spread, 10 + s as u64);
        let init = pick_rows(&x, k, 20 + s as u64);
        let want = lloyd(&x, &init, 25, 0.0);
        let got = fit_from(&x, &init, 25, 2);
        let labels = got.predict(&x);
        assert_eq!(labels.to_vec(), want.labels, "labels, shape {n}×{d} k={k}");
        assert_eq!(
            got.n_iterations(),
            want.n_iterations,
            "iterations, shape {n}×{d} k={k}"
        );
        assert!(
            rel(got.inertia(), want.inertia) < 1e-9,
            "inertia {} vs {}",
            got.inertia(),
            want.inertia
        );
        for (a, b) in got.centroids().iter().zip(want.centroids.iter()) {
            assert!(
                (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                "centroid {a} vs {b}"
            );
        }
    }
}

#[test]
fn f32_matches_reference_lloyd() {
    for (s, &(n, d, k, spread)) in SHAPES.iter().enumerate() {
        let (x, _) = blobs::<f32>(n, d, k, spread, 30 + s as u64);
        let init = pick_rows(&x, k, 40 + s as u64);
        let want = lloyd(&x, &init, 25, 0.0);
        let got = fit_from(&x, &init, 25, 2);
        assert_eq!(
            got.predict(&x).to_vec(),
            want.labels,
            "labels, shape {n}×{d} k={k}"
        );
        assert_eq!(got.n_iterations(), want.n_iterations);
        assert!(
            rel(got.inertia(), want.inertia) < 1e-6,
            "inertia {} vs {}",
            got.inertia(),
            want.inertia
        );
        // Rows are summed in f32 for up to 3,072 rows before going into f64 sums, the reference
        // sums in f64 throughout: the means agree to a few f32 ulps.
        for (a, b) in got.centroids().iter().zip(want.centroids.iter()) {
            assert!(
                (a - b).abs() <= 1e-5 * (1.0 + b.abs()),
                "centroid {a} vs {b}, shape {n}×{d} k={k}"
            );
        }
    }
}

/// Pruned and unpruned fits of `x` with `k` clusters: from given rows, and from greedy and plain
/// k-means++ seeds. One run each: of several runs that reach the same partition (greedy seeds
/// often do), which is kept can hinge on the last bit of an inertia that pruning rounds
/// differently, and the kept labels may then be the same clusters in another order.
fn both_ways<F: KMeansFloat>(
    x: &Array2<F>,
    k: usize,
    seed: u64,
) -> [(FastKMeans<F>, FastKMeans<F>); 3] {
    let data = DatasetBase::from(x.view());
    let init = pick_rows(x, k, seed);
    let given = |pruning| {
        FastKMeans::params(k)
            .initial_centroids(init.clone())
            .tolerance(F::zero())
            .pruning(pruning)
            .fit(&data)
            .unwrap()
    };
    let seeded = |pruning, init: FastKMeansInit<F>| {
        FastKMeans::params(k)
            .init_method(init)
            .n_runs(1)
            .seed(seed)
            .pruning(pruning)
            .fit(&data)
            .unwrap()
    };
    let (greedy, plain) = (
        FastKMeansInit::GreedyKMeansPlusPlus,
        FastKMeansInit::KMeansPlusPlus,
    );
    [
        (given(true), given(false)),
        (seeded(true, greedy.clone()), seeded(false, greedy)),
        (seeded(true, plain.clone()), seeded(false, plain)),
    ]
}

/// The same clustering, up to the rounding of sums kept incrementally.
fn assert_same_fit<F: KMeansFloat>(
    a: &FastKMeans<F>,
    b: &FastKMeans<F>,
    x: &Array2<F>,
    tol: f64,
    what: &str,
) {
    assert_eq!(a.predict(x), b.predict(x), "labels, {what}");
    assert_eq!(a.n_iterations(), b.n_iterations(), "iterations, {what}");
    assert_eq!(a.cluster_sizes(), b.cluster_sizes(), "sizes, {what}");
    assert!(
        rel(a.inertia(), b.inertia()) < tol,
        "inertia {} vs {}, {what}",
        a.inertia(),
        b.inertia()
    );
    for (p, q) in a.centroids().iter().zip(b.centroids().iter()) {
        assert!(
            (p.widen() - q.widen()).abs() <= tol * (1.0 + q.widen().abs()),
            "centroid {p} vs {q}, {what}"
        );
    }
}

#[test]
fn pruning_changes_nothing_but_the_work() {
    for (s, &(n, d, k, spread)) in SHAPES.iter().enumerate() {
        let (x32, _) = blobs::<f32>(n, d, k, spread, 50 + s as u64);
        for (pruned, plain) in both_ways(&x32, k, s as u64) {
            assert_same_fit(
                &pruned,
                &plain,
                &x32,
                1e-5,
                &format!("f32, shape {n}×{d} k={k}"),
            );
        }
        let (x64, _) = blobs::<f64>(n, d, k, spread, 60 + s as u64);
        for (pruned, plain) in both_ways(&x64, k, s as u64) {
            assert_same_fit(
                &pruned,
                &plain,
                &x64,
                1e-12,
                &format!("f64, shape {n}×{d} k={k}"),
            );
        }
    }
    // One cluster: no other centroid to bound.
    let (x, _) = blobs::<f64>(500, 3, 1, 1.0, 1);
    for (pruned, plain) in both_ways(&x, 1, 3) {
        assert_same_fit(&pruned, &plain, &x, 1e-12, "k = 1");
    }
}

#[test]
fn pruning_skips_rows_and_matches_the_reference() {
    // Overlapping blobs: many steps, most of them moving few rows.
    let (x, _) = blobs::<f64>(6000, 10, 8, 6.0, 12);
    let init = pick_rows(&x, 8, 4);
    let threads = lloyd::Threads::new(Some(2)).unwrap();
    let mut ws = lloyd::Workspace::new(6000, 8, 10);
    ws.enable_pruning(&threads, x.as_slice().unwrap());
    let run = ws.lloyd(
        &threads,
        x.as_slice().unwrap(),
        init.as_slice().unwrap().to_vec(),
        100,
        0.0,
    );
    let want = lloyd(&x, &init, 100, 0.0);
    assert!(run.n_iterations > 10, "{} iterations", run.n_iterations);
    let (steps, scored) = ws.pruning_stats();
    assert!(steps > 5, "{steps} pruned steps");
    assert!(
        (scored as f64) < 0.5 * (steps * 6000) as f64,
        "{scored} rows scored in {steps} steps"
    );
    assert_eq!(
        ws.labels.iter().map(|&l| l as usize).collect::<Vec<_>>(),
        want.labels
    );
    assert_eq!(run.n_iterations, want.n_iterations);
    assert!(rel(run.inertia, want.inertia) < 1e-9);
}

#[test]
fn one_thread_and_two_threads_give_identical_fits() {
    // 9,000 rows make 5 blocks, so both threads take part.
    let (x, _) = blobs::<f32>(9_000, 19, 14, 4.0, 5);
    let fit = |threads| {
        FastKMeans::params(14)
            .n_runs(3)
            .n_threads(threads)
            .fit(&DatasetBase::from(x.view()))
            .unwrap()
    };
    let (one, two) = (fit(1), fit(2));
    assert_eq!(one, two);
    assert_eq!(one.inertia().to_bits(), two.inertia().to_bits());
}

#[test]
fn every_instruction_set_matches_the_reference() {
    let mut arches = vec![("portable", pulp::Arch::Scalar)];
    #[cfg(target_arch = "x86_64")]
    {
        if let Some(v3) = pulp::x86::V3::try_new() {
            arches.push(("avx2", pulp::Arch::V3(v3)));
        }
        if let Some(v4) = pulp::x86::V4::try_new() {
            arches.push(("avx512", pulp::Arch::V4(v4)));
        }
    }
    let threads = lloyd::Threads::new(Some(2)).unwrap();
    for &(n, d, k, spread) in &SHAPES[..5] {
        let (x, _) = blobs::<f32>(n, d, k, spread, 70);
        let init = pick_rows(&x, k, 71);
        let want = lloyd(&x, &init, 15, 0.0);
        for &(name, arch) in &arches {
            for pruning in [false, true] {
                let mut ws = lloyd::Workspace::new(n, k, d);
                ws.set_arch(arch);
                if pruning {
                    ws.enable_pruning(&threads, x.as_slice().unwrap());
                }
                let run = ws.lloyd(
                    &threads,
                    x.as_slice().unwrap(),
                    init.as_slice().unwrap().to_vec(),
                    15,
                    0.0,
                );
                let labels: Vec<usize> = ws.labels.iter().map(|&l| l as usize).collect();
                assert_eq!(
                    labels, want.labels,
                    "{name}, pruning {pruning}, shape {n}×{d} k={k}"
                );
                assert!(
                    rel(run.inertia, want.inertia) < 1e-6,
                    "{name}: {} vs {}",
                    run.inertia,
                    want.inertia
                );
            }
        }
    }
}

/// k-means++ seeds (greedy and plain, f32 and f64) are the same rows whatever the instruction set
/// and the number of threads: the seeding's distances are summed in a fixed order.
#[test]
fn seeding_is_the_same_on_every_instruction_set_and_thread_count() {
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256Plus;

    fn seeds<F: KMeansFloat>(x: &Array2<F>, k: usize, trials: usize) -> Vec<(String, Vec<F>)> {
        let mut arches = vec![("portable", pulp::Arch::Scalar)];
        #[cfg(target_arch = "x86_64")]
        {
            if let Some(v3) = pulp::x86::V3::try_new() {
                arches.push(("avx2", pulp::Arch::V3(v3)));
            }
            if let Some(v4) = pulp::x86::V4::try_new() {
                arches.push(("avx512", pulp::Arch::V4(v4)));
            }
        }
        let (n, d) = x.dim();
        let mut out = Vec::new();
        for (name, arch) in arches {
            for threads in [1, 2] {
                let threads_pool = lloyd::Threads::new(Some(threads)).unwrap();
                let mut rng = Xoshiro256Plus::seed_from_u64(5);
                let mut seeder = init::Seeder::new(n, trials);
                // Two seedings in a row, as runs share the seeder.
                let mut both = Vec::new();
                for _ in 0..2 {
                    both.extend(seeder.kmeans_plusplus(
                        x.as_slice().unwrap(),
                        d,
                        k,
                        &mut rng,
                        arch,
                        &threads_pool,
                    ));
                }
                out.push((format!("{name}, {threads} threads"), both));
            }
        }
        out
    }
    // n past one 4,096-row chunk; d under, at and past multiples of 8.
    for (s, &(n, d, k)) in [(9000, 13, 12), (5000, 48, 9), (4500, 5, 4), (4200, 64, 20)]
        .iter()
        .enumerate()
    {
        // Plain, greedy, and more candidates than one group of four holds.
        for trials in [1, 2 + (k as f64).ln() as usize, 6] {
            let (x32, _) = blobs::<f32>(n, d, k, 2.0, 90 + s as u64);
            let got = seeds(&x32, k, trials);
            for (name, c) in &got[1..] {
                assert_eq!(c, &got[0].1, "f32 {n}×{d} k={k} trials {trials}: {name}");
            }
            let (x64, _) = blobs::<f64>(n, d, k, 2.0, 90 + s as u64);
            let got = seeds(&x64, k, trials);
            for (name, c) in &got[1..] {
                assert_eq!(c, &got[0].1, "f64 {n}×{d} k={k} trials {trials}: {name}");
            }
        }
    }
}
