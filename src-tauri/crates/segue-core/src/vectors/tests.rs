//! Tests of the track vectors: the randomized SVD against an exact one, the
//! embedding of two disjoint groups, cold start, joining, determinism and cancellation.

use linfa_linalg::svd::{SvdSort, SVD};
use ndarray::{Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::sparse::Csr;
use super::*;
use crate::track::AudioFeatures;

fn cos(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

fn to_csr(m: &Array2<f64>) -> Csr {
    let mut c = Csr {
        n_rows: m.nrows(),
        n_cols: m.ncols(),
        indptr: vec![0],
        indices: vec![],
        values: vec![],
    };
    for row in m.axis_iter(Axis(0)) {
        for (j, &v) in row.iter().enumerate().filter(|(_, v)| **v != 0.0) {
            c.indices.push(j as u32);
            c.values.push(v as f32);
        }
        c.indptr.push(c.indices.len());
    }
    c
}

#[test]
fn randomized_svd_matches_an_exact_svd() {
    // A sparse 90 × 60 matrix with a decaying spectrum: a rank-6 signal plus small noise, with
    // about a third of the entries zeroed.
    let mut rng = Xoshiro256Plus::seed_from_u64(11);
    let mut m = Array2::<f64>::zeros((90, 60));
    for r in 0..6 {
        let u: Vec<f64> = (0..90).map(|_| rng.gen_range(-1.0..1.0)).collect();
        let v: Vec<f64> = (0..60).map(|_| rng.gen_range(-1.0..1.0)).collect();
        let sigma = 10.0 / (r as f64 + 1.0);
        m.indexed_iter_mut()
            .for_each(|((i, j), x)| *x += sigma * u[i] * v[j]);
    }
    m.mapv_inplace(|x| {
        if rng.gen_bool(0.3) {
            0.0
        } else {
            x + rng.gen_range(-0.01..0.01)
        }
    });
    let a = to_csr(&m.mapv(|x| x as f32 as f64));
    let exact = a.to_dense().svd(true, false).unwrap().sort_svd_desc();
    let (eu, es) = (exact.0.unwrap(), exact.1);
    let approx = svd::randomized_svd(&a, &a.transpose(), 5, 10, 3, 7, &mut || Ok(())).unwrap();
    for j in 0..5 {
        assert!(
            (approx.s[j] - es[j]).abs() / es[j] < 1e-3,
            "σ{j}: {} vs {}",
            approx.s[j],
            es[j]
        );
        let dot: f64 = approx.u.column(j).dot(&eu.column(j));
        assert!(
            (dot.abs() - 1.0).abs() < 1e-3,
            "u{j}: |cos| = {}",
            dot.abs()
        );
    }
}

/// Ten tracks in two disjoint groups of five, each group co-occurring in its own playlists;
/// group A sounds energetic, group B calm. Track 10 sounds exactly like track 0 and has no
/// contexts at all.
fn two_groups() -> (Vec<Track>, Vec<Vec<u32>>) {
    let sound = |energy: f32, acoustic: f32, tempo: f32| AudioFeatures {
        energy: Some(energy),
        acousticness: Some(acoustic),
        danceability: Some(energy * 0.9),
        tempo: Some(tempo),
        ..Default::default()
    };
    let mut tracks = Vec::new();
    for i in 0..10 {
        let jitter = 0.02 * (i % 5) as f32;
        let f = if i < 5 {
            sound(0.9 - jitter, 0.1 + jitter, 128.0)
        } else {
            sound(0.2 + jitter, 0.9 - jitter, 80.0)
        };
        tracks.push(Track {
            id: format!("t{i}"),
            features: f,
            ..Default::default()
        });
    }
    tracks.push(Track {
        id: "twin".into(),
        features: tracks[0].features.clone(),
        ..Default::default()
    });
    let mut playlists = Vec::new();
    for p in 0..12u32 {
        let base = if p % 2 == 0 { 0 } else { 5 };
        playlists.push((0..4).map(|k| base + (p / 2 + k) % 5).collect());
    }
    (tracks, playlists)
}

fn build(tracks: &[Track], playlists: &[Vec<u32>], params: &VectorParams) -> TrackVectors {
    build_track_vectors(
        tracks,
        playlists,
        &ListenerHistories::new(),
        params,
        &CancelToken::new(),
        &mut |_| {},
    )
    .unwrap()
}

#[test]
fn disjoint_groups_embed_near_inside_and_far_across() {
    let (tracks, playlists) = two_groups();
    let collab_only = |dims: u32| VectorParams {
        collab_dims: dims,
        content_weight: 0.0,
        collab_weight: 1.0,
        ..Default::default()
    };
    // Two dimensions for two blocks: the top singular vectors are the blocks' own, so every
    // track of a group points the same way and the groups are orthogonal.
    let tv = build(&tracks[..10], &playlists, &collab_only(2));
    assert_eq!(tv.vectors.dim(), (10, CONTENT_DIMS + 2));
    let row = |tv: &TrackVectors, t: usize| tv.vectors.row(t).to_vec();
    for a in 0..10 {
        for b in (a + 1)..10 {
            let c = cos(&row(&tv, a), &row(&tv, b));
            let want = if (a < 5) == (b < 5) { 1.0 } else { 0.0 };
            assert!((c - want).abs() < 1e-4, "cos({a}, {b}) = {c}");
        }
    }
    assert_eq!(tv.n_cold(), 0);
    assert!(tv
        .vectors
        .axis_iter(Axis(0))
        .all(|r| (r.dot(&r) - 1.0).abs() < 1e-5));
    // With more dimensions than blocks the groups stay orthogonal and each track's nearest
    // neighbour is in its own group.
    let tv = build(&tracks[..10], &playlists, &collab_only(4));
    for a in 0..10 {
        let near = (0..10).filter(|b| *b != a).max_by(|x, y| {
            cos(&row(&tv, a), &row(&tv, *x)).total_cmp(&cos(&row(&tv, a), &row(&tv, *y)))
        });
        assert_eq!(near.map(|b| b < 5), Some(a < 5));
        assert!((0..10)
            .filter(|b| (*b < 5) != (a < 5))
            .all(|b| cos(&row(&tv, a), &row(&tv, b)).abs() < 1e-4));
    }
}

#[test]
fn a_track_without_contexts_lands_next_to_its_content_twin() {
    let (tracks, playlists) = two_groups();
    let params = VectorParams {
        collab_dims: 4,
        ..Default::default()
    };
    let tv = build(&tracks, &playlists, &params);
    assert_eq!((tv.n_cold(), tv.cold[10], tv.contexts[10]), (1, true, 0));
    let collab = |t: usize| {
        tv.vectors
            .row(t)
            .iter()
            .skip(CONTENT_DIMS)
            .copied()
            .collect::<Vec<_>>()
    };
    let twin = cos(&collab(10), &collab(0));
    let other = (5..10)
        .map(|t| cos(&collab(10), &collab(t)))
        .fold(f32::NEG_INFINITY, f32::max);
    assert!(
        twin > 0.9 && other < 0.2,
        "twin {twin}, other group {other}"
    );
    assert!(cos(&tv.vectors.row(10).to_vec(), &tv.vectors.row(0).to_vec()) > 0.95);
}

#[test]
fn joining_weights_the_parts_cosines() {
    let content = ndarray::array![[1.0f32, 0.0], [0.0, 2.0]];
    let collab = ndarray::array![[3.0f32, 0.0], [3.0, 0.0]];
    let v = join(&content, &collab, 0.25, 0.75);
    // cos(content) = 0, cos(collab) = 1.
    assert!((v.row(0).dot(&v.row(1)) - 0.75).abs() < 1e-6);
    let zero = Array2::<f32>::zeros((2, 2));
    let v = join(&content, &zero, 0.5, 0.5);
    assert!((v[[1, 1]] - 1.0).abs() < 1e-6 && v[[1, 0]] == 0.0);
}

#[test]
fn same_seed_same_vectors_and_progress_counts_every_step() {
    let (tracks, playlists) = two_groups();
    let histories = ListenerHistories::from_lists(&[
        vec![(0, 2.0), (1, 1.0), (6, 0.5)],
        vec![(7, 1.0), (8, -1.0)],
    ]);
    let params = VectorParams {
        collab_dims: 3,
        seed: 9,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let run = |seen: &mut Vec<Progress>| {
        build_track_vectors(
            &tracks,
            &playlists,
            &histories,
            &params,
            &CancelToken::new(),
            &mut |p| seen.push(p),
        )
        .unwrap()
    };
    let a = run(&mut seen);
    let b = run(&mut Vec::new());
    assert_eq!(a, b);
    assert_eq!(seen.len(), 4 + 2 * 3 + 2);
    assert_eq!(seen.last().unwrap().fraction(), Some(1.0));
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done));
    assert_eq!(a.summary().dims, (CONTENT_DIMS + 3) as u32);
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    // Big enough for several row blocks in every parallel pass.
    let mut rng = Xoshiro256Plus::seed_from_u64(5);
    let tracks: Vec<Track> = (0..9_000)
        .map(|_| Track {
            features: AudioFeatures {
                energy: Some(rng.gen()),
                tempo: Some(rng.gen_range(60.0..180.0)),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    let playlists: Vec<Vec<u32>> = (0..3_000)
        .map(|p| {
            (0..12)
                .map(|_| (p % 30) * 300 + rng.gen_range(0..300))
                .collect()
        })
        .collect();
    let params = VectorParams {
        collab_dims: 8,
        ..Default::default()
    };
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| build(&tracks, &playlists, &params))
    };
    let one = run(1);
    assert_eq!(one, run(3));
    // About 4 playlists per track, so ~9% (Poisson) are in fewer than 2 and start cold.
    assert!((500..1_200).contains(&one.n_cold()), "{} cold", one.n_cold());
}

#[test]
fn cancelled_builds_stop() {
    let (tracks, playlists) = two_groups();
    let token = CancelToken::new();
    let h = ListenerHistories::new();
    let p = VectorParams::default();
    let mut calls = 0;
    let mut cancel_at_third = |_: Progress| {
        calls += 1;
        if calls == 3 {
            token.cancel();
        }
    };
    let r = build_track_vectors(&tracks, &playlists, &h, &p, &token, &mut cancel_at_third);
    assert_eq!(r.unwrap_err(), VectorError::Cancelled);
    assert_eq!(calls, 3);
    let r = build_track_vectors(&tracks, &playlists, &h, &p, &token, &mut |_| {
        panic!("no progress")
    });
    assert_eq!(r.unwrap_err(), VectorError::Cancelled);
}

#[test]
fn bad_input_and_parameters_are_refused() {
    let (tracks, _) = two_groups();
    let token = CancelToken::new();
    let h = ListenerHistories::from_lists(&[vec![(99, 1.0)]]);
    let r = build_track_vectors(
        &tracks,
        &[vec![0]],
        &h,
        &VectorParams::default(),
        &token,
        &mut |_| {},
    );
    assert_eq!(
        r.unwrap_err(),
        VectorError::TrackOutOfRange {
            context: 1,
            track: 99,
            n_tracks: 11
        }
    );
    let bad = [
        VectorParams {
            context_smoothing: 0.0,
            ..Default::default()
        },
        VectorParams {
            ridge_lambda: -1.0,
            ..Default::default()
        },
        VectorParams {
            content_weight: 0.0,
            collab_weight: 0.0,
            ..Default::default()
        },
        VectorParams {
            collab_weight: f64::NAN,
            ..Default::default()
        },
    ];
    for p in bad {
        assert!(matches!(p.check(), Err(VectorError::Param { .. })), "{p:?}");
    }
}

#[test]
fn content_only_and_empty_catalogues_work() {
    let (tracks, _) = two_groups();
    let tv = build(&tracks, &[], &VectorParams::default());
    assert_eq!(
        tv.vectors.ncols(),
        CONTENT_DIMS + DEFAULT_COLLAB_DIMS as usize
    );
    assert_eq!(tv.n_cold(), tracks.len());
    assert!(tv
        .vectors
        .row(0)
        .iter()
        .skip(CONTENT_DIMS)
        .all(|x| *x == 0.0));
    let tv = build(
        &tracks,
        &[],
        &VectorParams {
            collab_dims: 0,
            ..Default::default()
        },
    );
    assert_eq!(tv.dim(), CONTENT_DIMS);
    let tv = build(&[], &[], &VectorParams::default());
    assert_eq!(tv.vectors.nrows(), 0);
}

#[test]
fn params_have_named_defaults_and_read_partial_json() {
    let p = VectorParams::default();
    assert_eq!((p.collab_dims, p.min_contexts, p.seed), (32, 2, 42));
    assert_eq!(
        (
            p.context_smoothing,
            p.ridge_lambda,
            p.content_weight,
            p.collab_weight
        ),
        (0.75, 1.0, 0.5, 0.5)
    );
    assert!(p.check().is_ok());
    let p: VectorParams = serde_json::from_str(r#"{"collabDims": 16}"#).unwrap();
    assert_eq!(
        p,
        VectorParams {
            collab_dims: 16,
            ..Default::default()
        }
    );
}
