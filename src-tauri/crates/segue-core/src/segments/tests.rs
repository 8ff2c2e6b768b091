//! The fused kernel against the reference Lloyd, the model's contract, and parameter checks.

use linfa::prelude::*;
use ndarray::{array, Array2, ShapeBuilder};

use super::reference::{blobs, lloyd, pick_rows};
use super::*;

/// Fits from `init` with a fixed number of iterations, as the sklearn comparison does.
fn fit_from<F: KMeansFloat>(x: &Array2<F>, init: &Array2<F>, max_iter: usize, threads: usize) -> FastKMeans<F> {
    FastKMeans::params(init.nrows())
        .initial_centroids(init.clone())
        .max_n_iterations(max_iter)
        .tolerance(F::zero())
        .n_threads(threads)
        .fit(&DatasetBase::from(x.view()))
        .expect("valid fit")
}

fn rel(a: f64, b: f64) -> f64 {
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
        assert_eq!(got.n_iterations(), want.n_iterations, "iterations, shape {n}×{d} k={k}");
        assert!(rel(got.inertia(), want.inertia) < 1e-9, "inertia {} vs {}", got.inertia(), want.inertia);
        for (a, b) in got.centroids().iter().zip(want.centroids.iter()) {
            assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "centroid {a} vs {b}");
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
        assert_eq!(got.predict(&x).to_vec(), want.labels, "labels, shape {n}×{d} k={k}");
        assert_eq!(got.n_iterations(), want.n_iterations);
        assert!(rel(got.inertia(), want.inertia) < 1e-9, "inertia {} vs {}", got.inertia(), want.inertia);
        assert_eq!(got.centroids(), &want.centroids, "f32 centroids, shape {n}×{d} k={k}");
    }
}

#[test]
fn one_thread_and_two_threads_give_identical_fits() {
    // 40,000 rows make 20 blocks, so both threads take part.
    let (x, _) = blobs::<f32>(40_000, 19, 14, 4.0, 5);
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
fn same_seed_same_model() {
    let (x, _) = blobs::<f64>(3000, 6, 5, 3.0, 8);
    let data = DatasetBase::from(x.view());
    let a = FastKMeans::params(5).seed(7).fit(&data).unwrap();
    let b = FastKMeans::params(5).seed(7).fit(&data).unwrap();
    let params = FastKMeans::params(5).seed(7).check().unwrap();
    let c = params.fit(&data).unwrap();
    let d = params.fit(&data).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(c, d);
}

#[test]
fn recovers_well_separated_blobs() {
    let (x, truth) = blobs::<f32>(6000, 48, 12, 0.5, 3);
    let model = FastKMeans::params(12).fit(&DatasetBase::from(x.view())).unwrap();
    let labels = model.predict(&x);
    // Every true blob lands in exactly one cluster, and every cluster holds one blob.
    let mut map = vec![usize::MAX; 12];
    for (&t, &l) in truth.iter().zip(labels.iter()) {
        assert!(map[t] == usize::MAX || map[t] == l, "blob {t} split");
        map[t] = l;
    }
    map.sort_unstable();
    map.dedup();
    assert_eq!(map.len(), 12);
    assert_eq!(model.cluster_sizes().iter().sum::<usize>(), 6000);
    assert!(model.cluster_sizes().iter().all(|&s| s == 500));
    // Inertia ≈ n·d·σ²: 6000 · 48 · 0.25 = 72,000.
    assert!(rel(model.inertia(), 72_000.0) < 0.05, "inertia {}", model.inertia());
}

#[test]
fn kmeans_plus_plus_seeds_are_distinct_rows() {
    let (x, _) = blobs::<f64>(2000, 3, 8, 1.0, 4);
    let model = FastKMeans::params(8).n_runs(1).max_n_iterations(1).fit(&DatasetBase::from(x.view())).unwrap();
    // One iteration from k-means++ seeds on separated blobs leaves no cluster empty.
    assert!(model.cluster_sizes().iter().all(|&s| s > 0), "{:?}", model.cluster_sizes());
}

#[test]
fn empty_cluster_keeps_its_centroid_and_ties_go_to_the_lowest_index() {
    let x = array![[0.0f64, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]];
    // Centroids 0 and 1 coincide: every tie goes to 0, so 1 stays empty; 2 is far from all rows.
    let init = array![[0.0, 0.5], [0.0, 0.5], [100.0, 100.0]];
    let got = fit_from(&x, &init, 10, 1);
    let want = lloyd(&x, &init, 10, 0.0);
    assert_eq!(got.centroids(), &want.centroids);
    assert_eq!(got.centroids().row(1), array![0.0, 0.5]);
    assert_eq!(got.centroids().row(2), array![100.0, 100.0]);
    assert_eq!(got.cluster_sizes().to_vec(), vec![4, 0, 0]);
}

#[test]
fn column_major_input_gives_the_same_fit() {
    let (x, _) = blobs::<f64>(1500, 9, 4, 2.0, 6);
    let mut f = Array2::zeros(x.dim().f());
    f.assign(&x);
    let init = pick_rows(&x, 4, 1);
    assert_eq!(fit_from(&x, &init, 20, 2), fit_from(&f, &init, 20, 2));
}

#[test]
fn tolerance_stops_early() {
    let (x, _) = blobs::<f64>(3000, 4, 6, 3.0, 9);
    let init = pick_rows(&x, 6, 2);
    let loose = FastKMeans::params(6).initial_centroids(init.clone()).tolerance(1e3).fit(&DatasetBase::from(x.view())).unwrap();
    assert_eq!(loose.n_iterations(), 1);
    assert_eq!(lloyd(&x, &init, 300, 1e3).n_iterations, 1);
}

#[test]
fn invalid_parameters_are_refused_before_fitting() {
    use FastKMeansParamsError as E;
    let p = || FastKMeans::<f64>::params(3);
    assert_eq!(p().n_clusters(0).check().unwrap_err(), E::NClusters);
    assert_eq!(p().n_runs(0).check().unwrap_err(), E::NRuns);
    assert_eq!(p().max_n_iterations(0).check().unwrap_err(), E::MaxIterations);
    assert!(matches!(p().tolerance(-1.0).check(), Err(E::Tolerance(_))));
    assert!(matches!(p().tolerance(f64::NAN).check(), Err(E::Tolerance(_))));
    assert_eq!(p().n_threads(0).check().unwrap_err(), E::NThreads);
    let two = Array2::<f64>::zeros((2, 2));
    let bad_init = p().init_method(FastKMeansInit::Precomputed(two));
    assert_eq!(bad_init.check().unwrap_err(), E::InitShape { expected: 3, found: 2 });
    let nan = array![[f64::NAN, 0.0]];
    assert_eq!(FastKMeans::params(1).initial_centroids(nan).check().unwrap_err(), E::InitNotFinite);
    // Through Fit, a parameter error arrives wrapped in the runtime error.
    let data = DatasetBase::from(Array2::<f64>::zeros((5, 2)));
    assert!(matches!(p().n_runs(0).fit(&data), Err(FastKMeansError::InvalidParams(E::NRuns))));
}

#[test]
fn bad_data_is_refused_with_its_position() {
    let fit = |x: Array2<f64>, k| FastKMeans::params(k).fit(&DatasetBase::from(x));
    assert!(matches!(
        fit(Array2::zeros((2, 3)), 3),
        Err(FastKMeansError::NotEnoughSamples { n_samples: 2, n_clusters: 3 })
    ));
    assert!(matches!(fit(Array2::zeros((4, 0)), 2), Err(FastKMeansError::NoFeatures)));
    let mut x = Array2::zeros((100_000, 3));
    x[[70_001, 2]] = f64::INFINITY;
    assert!(matches!(fit(x, 2), Err(FastKMeansError::NotFinite { row: 70_001, column: 2 })));
    let init = Array2::zeros((2, 4));
    let wide = FastKMeans::params(2).initial_centroids(init).fit(&DatasetBase::from(Array2::<f64>::zeros((5, 3))));
    assert!(matches!(wide, Err(FastKMeansError::InitDimension { expected: 3, found: 4 })));
}

#[test]
fn panel_width_covers_k_in_steps_of_eight() {
    assert_eq!(kernel::panel_width(1), 8);
    assert_eq!(kernel::panel_width(12), 16);
    assert_eq!(kernel::panel_width(24), 24);
    assert_eq!(kernel::panel_width(32), 32);
    assert_eq!(kernel::panel_width(33), 32);
}
