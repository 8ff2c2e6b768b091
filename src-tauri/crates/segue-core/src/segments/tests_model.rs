//! The model's contract: seeding, determinism, recovery of blobs, edge cases, and the
//! validation of parameters and data.

use linfa::prelude::*;
use ndarray::{array, Array2, ShapeBuilder};

use super::reference::{blobs, lloyd, pick_rows};
use super::tests::{fit_from, rel};
use super::*;

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
    let model = FastKMeans::params(12)
        .fit(&DatasetBase::from(x.view()))
        .unwrap();
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
    assert!(
        rel(model.inertia(), 72_000.0) < 0.05,
        "inertia {}",
        model.inertia()
    );
}

#[test]
fn kmeans_plus_plus_seeds_are_distinct_rows() {
    let (x, _) = blobs::<f64>(2000, 3, 8, 1.0, 4);
    for init in [
        FastKMeansInit::GreedyKMeansPlusPlus,
        FastKMeansInit::KMeansPlusPlus,
    ] {
        let model = FastKMeans::params(8)
            .init_method(init.clone())
            .n_runs(1)
            .max_n_iterations(1)
            .fit(&DatasetBase::from(x.view()))
            .unwrap();
        // One iteration from k-means++ seeds on separated blobs leaves no cluster empty.
        assert!(
            model.cluster_sizes().iter().all(|&s| s > 0),
            "{init:?}: {:?}",
            model.cluster_sizes()
        );
    }
}

/// The default seeding is scikit-learn's greedy k-means++, and on overlapping blobs (where plain
/// k-means++ often puts two seeds in one blob and none in another) it starts Lloyd lower and ends
/// no higher than plain k-means++, run for run and with the default 10 runs.
#[test]
fn default_seeding_is_greedy_and_no_worse_than_plain_kmeans_plus_plus() {
    let defaults = FastKMeans::<f32>::params(12).check().unwrap();
    assert_eq!(
        defaults.init_method(),
        &FastKMeansInit::GreedyKMeansPlusPlus
    );
    assert_eq!(defaults.n_runs(), 10);
    let (x, _) = blobs::<f32>(3000, 6, 12, 3.5, 12);
    let data = DatasetBase::from(x.view());
    let fit = |init: &FastKMeansInit<f32>, seed: u64, runs: usize, iters: usize| {
        FastKMeans::params(12)
            .init_method(init.clone())
            .seed(seed)
            .n_runs(runs)
            .max_n_iterations(iters)
            .fit(&data)
            .unwrap()
            .inertia()
    };
    let (greedy, plain) = (
        FastKMeansInit::GreedyKMeansPlusPlus,
        FastKMeansInit::KMeansPlusPlus,
    );
    let total = |init: &FastKMeansInit<f32>, iters: usize| -> f64 {
        (0..12).map(|seed| fit(init, seed, 1, iters)).sum()
    };
    // After one Lloyd step the inertia is mostly the seeds' doing.
    let (g1, p1) = (total(&greedy, 1), total(&plain, 1));
    assert!(g1 < 0.97 * p1, "one step: greedy {g1:.1} vs plain {p1:.1}");
    // Converged single runs, summed over the same seeds.
    let (g, p) = (total(&greedy, 300), total(&plain, 300));
    assert!(g <= p, "converged runs: greedy {g:.1} vs plain {p:.1}");
    // The default fit (10 runs, the default seed) against the same with plain seeding.
    let default_fit = FastKMeans::params(12).fit(&data).unwrap().inertia();
    let plain_fit = FastKMeans::params(12)
        .init_method(plain.clone())
        .fit(&data)
        .unwrap()
        .inertia();
    assert!(
        default_fit <= plain_fit * (1.0 + 1e-9),
        "10 runs: default {default_fit:.1} vs plain {plain_fit:.1}"
    );
}

#[test]
fn empty_cluster_keeps_its_centroid_and_ties_go_to_the_lowest_index() {
    let x = array![[0.0f64, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]];
    // Centroids 0 and 1 coincide: every tie goes to 0, so after one step 1 is empty and stays
    // where it was, as does 2, far from every row; 0 moves to the mean of all four rows.
    let init = array![[0.0, 0.5], [0.0, 0.5], [100.0, 100.0]];
    let got = fit_from(&x, &init, 1, 1);
    let want = lloyd(&x, &init, 1, 0.0);
    assert_eq!(got.centroids(), &want.centroids);
    assert_eq!(
        got.centroids(),
        &array![[5.0, 0.5], [0.0, 0.5], [100.0, 100.0]]
    );
    // The final assignment then splits the rows between 0 and 1.
    assert_eq!(got.cluster_sizes().to_vec(), vec![2, 2, 0]);
    assert_eq!(got.predict(&x).to_vec(), want.labels);
    // With the first step alone, ties go to the lowest index: the reference agrees on 10 steps.
    let ten = fit_from(&x, &init, 10, 1);
    assert_eq!(ten.centroids(), &lloyd(&x, &init, 10, 0.0).centroids);
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
    let loose = FastKMeans::params(6)
        .initial_centroids(init.clone())
        .tolerance(1e3)
        .fit(&DatasetBase::from(x.view()))
        .unwrap();
    assert_eq!(loose.n_iterations(), 1);
    assert_eq!(lloyd(&x, &init, 300, 1e3).n_iterations, 1);
}

#[test]
fn invalid_parameters_are_refused_before_fitting() {
    use FastKMeansParamsError as E;
    let p = || FastKMeans::<f64>::params(3);
    assert_eq!(p().n_clusters(0).check().unwrap_err(), E::NClusters);
    assert_eq!(p().n_runs(0).check().unwrap_err(), E::NRuns);
    assert_eq!(
        p().max_n_iterations(0).check().unwrap_err(),
        E::MaxIterations
    );
    assert!(matches!(p().tolerance(-1.0).check(), Err(E::Tolerance(_))));
    assert!(matches!(
        p().tolerance(f64::NAN).check(),
        Err(E::Tolerance(_))
    ));
    assert_eq!(p().n_threads(0).check().unwrap_err(), E::NThreads);
    let two = Array2::<f64>::zeros((2, 2));
    let bad_init = p().init_method(FastKMeansInit::Precomputed(two));
    assert_eq!(
        bad_init.check().unwrap_err(),
        E::InitShape {
            expected: 3,
            found: 2
        }
    );
    let nan = array![[f64::NAN, 0.0]];
    assert_eq!(
        FastKMeans::params(1)
            .initial_centroids(nan)
            .check()
            .unwrap_err(),
        E::InitNotFinite
    );
    // Through Fit, a parameter error arrives wrapped in the runtime error.
    let data = DatasetBase::from(Array2::<f64>::zeros((5, 2)));
    assert!(matches!(
        p().n_runs(0).fit(&data),
        Err(FastKMeansError::InvalidParams(E::NRuns))
    ));
}

#[test]
fn bad_data_is_refused_with_its_position() {
    let fit = |x: Array2<f64>, k| FastKMeans::params(k).fit(&DatasetBase::from(x));
    assert!(matches!(
        fit(Array2::zeros((2, 3)), 3),
        Err(FastKMeansError::NotEnoughSamples {
            n_samples: 2,
            n_clusters: 3
        })
    ));
    assert!(matches!(
        fit(Array2::zeros((4, 0)), 2),
        Err(FastKMeansError::NoFeatures)
    ));
    let mut x = Array2::zeros((100_000, 3));
    x[[70_001, 2]] = f64::INFINITY;
    assert!(matches!(
        fit(x, 2),
        Err(FastKMeansError::NotFinite {
            row: 70_001,
            column: 2
        })
    ));
    let init = Array2::zeros((2, 4));
    let wide = FastKMeans::params(2)
        .initial_centroids(init)
        .fit(&DatasetBase::from(Array2::<f64>::zeros((5, 3))));
    assert!(matches!(
        wide,
        Err(FastKMeansError::InitDimension {
            expected: 3,
            found: 4
        })
    ));
}

#[test]
fn panels_hold_k_lanes_in_up_to_four_vectors() {
    assert_eq!(simd::panel_vectors(1, 16), 1);
    assert_eq!(simd::panel_vectors(12, 8), 2);
    assert_eq!(simd::panel_vectors(32, 8), 4);
    assert_eq!(simd::panel_vectors(33, 8), 4);
    assert_eq!(simd::panel_vectors(3, 1), 3);
}
