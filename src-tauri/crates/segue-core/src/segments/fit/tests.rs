//! The fit's contract on synthetic blobs: recovery, choice of k, determinism, the three
//! algorithms, progress, cancellation and errors.

use ndarray::{array, Array2};

use super::*;
use crate::segments::reference::blobs;

fn truth_u32(t: &[usize]) -> Vec<u32> {
    t.iter().map(|&v| v as u32).collect()
}

/// Fixed `k` with small samples: silhouettes are `O(m²)` and tests run unoptimised.
fn quick(k: u32) -> SegmentParams {
    SegmentParams {
        silhouette_sample: 600,
        stability_sample: 1500,
        ..SegmentParams::fixed(k)
    }
}

fn fit(x: &Array2<f32>, params: &SegmentParams) -> Result<SegmentFit, SegmentError> {
    fit_segments(x.view(), params, &CancelToken::new(), &mut |_| {})
}

#[test]
fn fixed_k_recovers_blobs_and_is_stable() {
    let (x, truth) = blobs::<f32>(3000, 8, 5, 1.0, 1);
    let f = fit(&x, &quick(5)).unwrap();
    assert_eq!(f.k, 5);
    assert_eq!(f.centroids.dim(), (5, 8));
    assert_eq!(f.sizes.iter().sum::<u32>(), 3000);
    assert!(f.sizes.iter().all(|&s| s == 600), "{:?}", f.sizes);
    assert_eq!(adjusted_rand_index(&f.assignments, &truth_u32(&truth)), 1.0);
    assert!(f.silhouette.unwrap() > 0.7, "{:?}", f.silhouette);
    assert!((f.stability_ari.unwrap() - 1.0).abs() < 1e-9);
    assert_eq!(f.candidates.len(), 1);
    assert!(!f.mini_batch && f.gmm.is_none());
    assert_eq!(assign(&f, x.view()).unwrap(), f.assignments);
}

#[test]
fn k_is_chosen_by_silhouette() {
    let (x, _) = blobs::<f32>(2400, 6, 6, 0.8, 2);
    let params = SegmentParams {
        k: None,
        k_min: 2,
        k_max: 9,
        stability_runs: 0,
        ..quick(0)
    };
    let f = fit(&x, &params).unwrap();
    assert_eq!(f.k, 6);
    let ks: Vec<u32> = f.candidates.iter().map(|c| c.k).collect();
    assert_eq!(ks, (2..=9).collect::<Vec<_>>());
    let best = f
        .candidates
        .iter()
        .map(|c| c.silhouette.unwrap())
        .fold(f64::MIN, f64::max);
    assert_eq!(f.silhouette, Some(best));
    assert_eq!(f.stability_ari, None);
    // Inertia falls as k grows.
    assert!(f
        .candidates
        .windows(2)
        .all(|w| w[1].inertia <= w[0].inertia * 1.0001));
}

/// k-means stops where scikit-learn's `tol` says, relative to the data: the tolerance is
/// `√(tol · mean variance)` of the centroids' move, so the same vectors at another scale (by a
/// power of two, which every floating-point step follows exactly) give the same fit, scaled.
#[test]
fn kmeans_tolerance_is_relative_to_the_data_as_in_scikit_learn() {
    // Column variances 1 and 4: a mean variance of 2.5.
    let x = array![[0.0f32, 0.0], [2.0, 4.0], [0.0, 4.0], [2.0, 0.0]];
    let want = (1e-4f64 * 2.5).sqrt() as f32;
    assert!((kmeans_tolerance(x.view(), 1e-4) - want).abs() <= f32::EPSILON * want);
    assert_eq!(kmeans_tolerance(x.view(), 0.0), 0.0);
    // Overlapping blobs converge slowly, so where a run stops shows in the result.
    let (x, _) = blobs::<f32>(4000, 6, 8, 5.0, 21);
    let params = SegmentParams {
        silhouette_sample: 0,
        stability_runs: 0,
        ..SegmentParams::fixed(8)
    };
    let base = fit(&x, &params).unwrap();
    for scale in [1024.0f32, 1.0 / 1024.0] {
        let scaled = fit(&x.mapv(|v| v * scale), &params).unwrap();
        let moved = (scaled.assignments.iter())
            .zip(&base.assignments)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(moved, 0, "listeners in another segment at scale {scale}");
        let s2 = f64::from(scale) * f64::from(scale);
        assert_eq!(scaled.inertia, base.inertia * s2, "scale {scale}");
    }
}

#[test]
fn same_seed_same_fit_other_seed_same_partition() {
    let (x, _) = blobs::<f32>(1500, 5, 4, 1.5, 3);
    let p = quick(4);
    assert_eq!(fit(&x, &p).unwrap(), fit(&x, &p).unwrap());
    let other = fit(
        &x,
        &SegmentParams {
            seed: 7,
            ..p.clone()
        },
    )
    .unwrap();
    assert_eq!(
        adjusted_rand_index(&other.assignments, &fit(&x, &p).unwrap().assignments),
        1.0
    );
}

#[test]
fn gaussian_mixture_recovers_blobs_and_assigns_from_its_parameters() {
    let (x, truth) = blobs::<f32>(1200, 4, 3, 1.0, 4);
    let params = SegmentParams {
        algorithm: Algorithm::Gmm,
        ..quick(3)
    };
    let f = fit(&x, &params).unwrap();
    let gmm = f.gmm.as_ref().expect("mixture parameters");
    assert_eq!((gmm.k(), gmm.dim()), (3, 4));
    assert!((gmm.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(gmm.covariances[0].len(), 16);
    assert_eq!(adjusted_rand_index(&f.assignments, &truth_u32(&truth)), 1.0);
    assert_eq!(assign(&f, x.view()).unwrap(), f.assignments);
    for (i, mean) in gmm.means.iter().enumerate() {
        for (j, &m) in mean.iter().enumerate() {
            assert!((f.centroids[[i, j]] - m as f32).abs() < 1e-5);
        }
    }
}

#[test]
fn many_listeners_use_mini_batches() {
    let (x, truth) = blobs::<f32>(6000, 8, 4, 1.0, 5);
    let params = SegmentParams {
        mini_batch_threshold: 5000,
        batch_size: 500,
        ..quick(4)
    };
    let f = fit(&x, &params).unwrap();
    assert!(f.mini_batch);
    assert_eq!(adjusted_rand_index(&f.assignments, &truth_u32(&truth)), 1.0);
    assert_eq!(f.sizes.iter().sum::<u32>(), 6000);
    assert_eq!(f, fit(&x, &params).unwrap());
}

#[test]
fn progress_counts_runs_and_refits_and_ends_full() {
    let (x, _) = blobs::<f32>(600, 3, 3, 1.0, 6);
    let params = SegmentParams {
        k_min: 2,
        k_max: 4,
        n_runs: 3,
        stability_runs: 2,
        ..SegmentParams::default()
    };
    let mut seen = Vec::new();
    fit_segments(x.view(), &params, &CancelToken::new(), &mut |p| {
        seen.push(p)
    })
    .unwrap();
    assert!(seen.iter().all(|p| p.total == Some(11.0)));
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(seen.last().unwrap().done, 11.0);
    assert!(seen.len() >= 11);
}

#[test]
fn cancelling_stops_between_runs() {
    let (x, _) = blobs::<f32>(600, 3, 3, 1.0, 6);
    let cancel = CancelToken::new();
    let mut calls = 0;
    let result = fit_segments(x.view(), &SegmentParams::fixed(3), &cancel, &mut |_| {
        calls += 1;
        cancel.cancel();
    });
    assert!(matches!(result, Err(SegmentError::Cancelled)));
    assert_eq!(calls, 1);
}

#[test]
fn bad_parameters_and_data_are_refused() {
    let x = Array2::<f32>::zeros((10, 2));
    let invalid = |p: SegmentParams| matches!(fit(&x, &p), Err(SegmentError::InvalidParams(_)));
    assert!(invalid(SegmentParams::fixed(0)));
    assert!(invalid(SegmentParams {
        n_runs: 0,
        ..SegmentParams::fixed(2)
    }));
    assert!(invalid(SegmentParams {
        k_min: 1,
        ..SegmentParams::default()
    }));
    assert!(invalid(SegmentParams {
        k_min: 5,
        k_max: 4,
        ..SegmentParams::default()
    }));
    assert!(invalid(SegmentParams {
        silhouette_sample: 0,
        ..SegmentParams::default()
    }));
    assert!(invalid(SegmentParams {
        tolerance: f64::NAN,
        ..SegmentParams::fixed(2)
    }));
    assert!(matches!(
        fit(&x, &SegmentParams::default()),
        Err(SegmentError::NotEnoughRows { rows: 10, k: 12 })
    ));
    let mut nan = Array2::<f32>::zeros((10, 3));
    nan[[7, 2]] = f32::NAN;
    assert!(matches!(
        fit(&nan, &SegmentParams::fixed(2)),
        Err(SegmentError::NotFinite { row: 7, column: 2 })
    ));
    assert!(matches!(
        fit(&Array2::zeros((10, 0)), &SegmentParams::fixed(2)),
        Err(SegmentError::NoDimensions)
    ));
    let f = fit(
        &array![[0.0f32, 0.0], [0.0, 1.0], [9.0, 9.0], [9.0, 8.0]],
        &SegmentParams {
            stability_runs: 0,
            ..SegmentParams::fixed(2)
        },
    )
    .unwrap();
    assert!(matches!(
        assign(&f, array![[1.0f32]].view()),
        Err(SegmentError::Dimension {
            expected: 2,
            found: 1
        })
    ));
}

#[test]
fn params_round_trip_through_json_with_defaults_for_missing_fields() {
    let p: SegmentParams = serde_json::from_str(r#"{"algorithm":"gmm","k":5}"#).unwrap();
    assert_eq!(
        p,
        SegmentParams {
            algorithm: Algorithm::Gmm,
            ..SegmentParams::fixed(5)
        }
    );
    let text = serde_json::to_string(&SegmentParams::default()).unwrap();
    assert!(text.contains("\"miniBatchThreshold\":2000000"), "{text}");
    assert!(text.contains("\"algorithm\":\"kmeans\""), "{text}");
    assert_eq!(
        serde_json::from_str::<SegmentParams>(&text).unwrap(),
        SegmentParams::default()
    );
}
