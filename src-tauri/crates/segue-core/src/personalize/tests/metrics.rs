//! Hand cases of the figures: variant metrics, hit rate, NDCG, the holdout split.

use super::*;
use crate::personalize::evaluate::{is_positive, positives_by_listener};
use crate::signals::PairSignal;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn variant_metrics_on_a_hand_case() {
    let facts =
        [TrackFacts { popularity: Some(40), ..fact(0, 0.2) }, TrackFacts { popularity: Some(60), ..fact(1, 0.4) }];
    let seg = SegmentFacts {
        centroid: at(0.0),
        engagement: SegmentEngagement {
            listeners: 10,
            tracks: vec![TrackEngagement { track: 0, plays: 3.0, listeners: 3, ..Default::default() }],
            ..Default::default()
        },
    };
    let ctx = context(&[at(0.0), at(90.0)], &facts, vec![seg]);
    let mut req = request(&[0, 1], &[], &[0]);
    req.strength = 0.0;
    let m = preview(&ctx, &req).unwrap().variants.remove(0).metrics;
    assert!(close(m.affinity, 0.5) && close(m.seed_affinity, 0.5) && close(m.lift, 0.0));
    assert!(close(m.overlap, 1.0));
    assert!((m.diversity - 1.0).abs() < 1e-6, "orthogonal tracks: cosine 0");
    assert_eq!(m.artists, 2);
    assert_eq!(m.mean_popularity, Some(50.0));
    assert!((m.mean_energy - 0.3).abs() < 1e-6);
    assert!(close(m.novelty, 0.5));
    assert!(close(m.duration_ms, 420_000.0));
    assert_eq!(m.violations, 0);
}

/// Tracks by artist `track / 10` in the hand cases below.
fn artist(track: u32) -> u32 {
    track / 10
}

#[test]
fn hit_rate_and_ndcg_on_hand_computed_lists() {
    let ranked = [1, 2, 3, 4];
    let relevant = HeldOut::of_tracks(vec![4, 2]);
    assert_eq!(hit_rate_at_k(&ranked, &relevant, 3, artist), 1.0);
    assert_eq!(hit_rate_at_k(&ranked, &relevant, 1, artist), 0.0);
    // k = 3: DCG = 1/log2(3); ideal = 1 + 1/log2(3).
    let g3 = 1.0 / 3f64.log2();
    assert!(close(ndcg_at_k(&ranked, &relevant, 3, artist), g3 / (1.0 + g3)));
    // k = 4: DCG = 1/log2(3) + 1/log2(5).
    assert!(close(ndcg_at_k(&ranked, &relevant, 4, artist), (g3 + 1.0 / 5f64.log2()) / (1.0 + g3)));
    assert!(close(ndcg_at_k(&[2, 4, 1], &relevant, 3, artist), 1.0), "ideal order");
    assert_eq!(ndcg_at_k(&ranked, &HeldOut::of_tracks(vec![9]), 4, artist), 0.0);
    assert_eq!(ndcg_at_k(&ranked, &HeldOut::default(), 4, artist), 0.0);
    // Per listener: hits 2 of k = 4, both of 2 positives; NDCG as above.
    let s = listener_scores(&ranked, &relevant, 4, artist);
    assert!(close(s.hit_share, 0.5) && close(s.hit_rate, 1.0) && close(s.recall, 1.0));
    assert!(close(s.ndcg, ndcg_at_k(&ranked, &relevant, 4, artist)));
    let s = listener_scores(&ranked, &relevant, 2, artist);
    assert!(close(s.hit_share, 0.5) && close(s.recall, 0.5));
    assert_eq!(listener_scores(&ranked, &HeldOut::default(), 4, artist), ListenerScores::default());
}

#[test]
fn bootstrap_intervals_cover_the_mean_and_resample_whole_listeners() {
    let values: Vec<f64> = (0..200).map(|i| f64::from(i % 2)).collect();
    let clusters: Vec<u32> = (0..200).collect();
    let i = bootstrap(&values, &clusters, 1000, 1);
    assert!(close(i.mean, 0.5) && i.low < 0.5 && i.high > 0.5);
    // A binomial mean of 200 at 0.5: a standard error of about 0.035, an interval of about ±0.07.
    assert!((i.high - i.low - 0.14).abs() < 0.03, "{i:?}");
    assert_eq!(bootstrap(&values, &clusters, 1000, 1), i, "seeded");
    // The same 200 values as 20 listeners of 10 identical observations each: 20 draws, wider.
    let twenty: Vec<u32> = (0..200).map(|i| i % 20).collect();
    let wide = bootstrap(&values, &twenty, 1000, 1);
    assert!(wide.high - wide.low > 2.0 * (i.high - i.low), "{wide:?} vs {i:?}");
    // Constant values: a point.
    let c = bootstrap(&[0.3; 50], &clusters[..50], 200, 1);
    assert!(close(c.low, 0.3) && close(c.high, 0.3));
    assert_eq!(bootstrap(&[], &[], 100, 1), Interval::default());
    // Several figures at once: each the interval it has alone (the same draws).
    let rows: Vec<f64> = values.iter().flat_map(|&v| [v, 1.0 - v, 2.0 * v]).collect();
    let columns = bootstrap_columns(&rows, 3, &twenty, 1000, 1);
    assert_eq!(columns[0], wide);
    assert_eq!(columns[1], bootstrap(&values.iter().map(|v| 1.0 - v).collect::<Vec<_>>(), &twenty, 1000, 1));
    assert!(close(columns[2].low, 2.0 * wide.low) && close(columns[2].high, 2.0 * wide.high));
    assert!(Interval { mean: 0.1, low: 0.01, high: 0.2 }.above_zero());
    assert!(!Interval { mean: 0.1, low: -0.01, high: 0.2 }.above_zero());
}

/// Six tracks: 0–1 by artist 0 (genre 0), 2 by artist 1 (genre 1), 3–4 by artist 2 (genre 0,
/// 4 more popular), 5 by artist 3 (genre 0). One segment of 10 listeners: artist 2 played by 6,
/// artist 1 by 5, artist 3 by 1.
fn evaluation_context() -> PreviewContext {
    let tagged = |artist, genre: u32, popularity| TrackFacts { genres: vec![genre], popularity: Some(popularity), ..fact(artist, 0.5) };
    let facts = [tagged(0, 0, 50), tagged(0, 0, 40), tagged(1, 1, 50), tagged(2, 0, 30), tagged(2, 0, 80), tagged(3, 0, 10)];
    let seg = SegmentEngagement {
        listeners: 10,
        tracks: Vec::new(),
        artists: vec![
            ArtistReach { artist: 2, listeners: 6 },
            ArtistReach { artist: 1, listeners: 5 },
            ArtistReach { artist: 3, listeners: 1 },
        ],
    };
    let rows: Vec<Vec<f32>> = (0..6).map(|i| at(i as f32 * 10.0)).collect();
    context(&rows, &facts, vec![SegmentFacts { centroid: at(0.0), engagement: seg }])
}

#[test]
fn baselines_take_the_most_played_artists_most_popular_tracks() {
    let ctx = evaluation_context();
    let none = std::collections::HashSet::new();
    assert_eq!(ctx.most_played(Some(0), 3, |_| true, &none), vec![4, 2, 5], "artist 2's most popular track first");
    assert_eq!(ctx.most_played(Some(0), 2, |t| t != 4, &none), vec![3, 2]);
    // The theme baseline: half of the seed [0, 1] is [0], then the most-played within genre 0,
    // skipping artists already in the list.
    assert_eq!(theme_baseline(&ctx, &[0, 1], &[0], 0, 3), vec![0, 4, 5]);
    assert_eq!(theme_baseline(&ctx, &[0, 1, 2], &[], 0, 4), vec![0, 1, 4, 2], "half of three rounds up");
    // What a list keeps of the seed and its genre.
    let f = list_facts(&ctx, &[0, 4, 2], &[0, 1], &[0], 2);
    assert!(close(f.seed_kept, 0.5) && close(f.in_theme, 2.0 / 3.0));
    assert!(f.content_cosine > 0.0 && f.content_cosine < 1.0);
    assert_eq!(seed_genres(&ctx, &[0, 1, 2]), vec![0, 1], "a third of the seed is genre 1");
    assert_eq!(seed_genres(&ctx, &[0, 1, 3, 4, 2]), vec![0], "a fifth is not enough");
}

#[test]
fn a_held_out_artist_is_hit_once_by_any_of_its_tracks() {
    // Held out: track 2 and artist 3 (tracks 30–39). Ranked: 31, 35 (artist 3 again), 2.
    let mut relevant = HeldOut { tracks: vec![2], artists: vec![3, 3] };
    relevant.tidy();
    assert_eq!(relevant.len(), 2);
    let ranked = [31, 35, 2, 7];
    assert_eq!(relevant.hits(&ranked, 4, artist), vec![0, 2], "the artist counts once");
    assert_eq!(hit_rate_at_k(&ranked, &relevant, 1, artist), 1.0);
    let ideal = 1.0 + 1.0 / 3f64.log2();
    assert!(close(ndcg_at_k(&ranked, &relevant, 4, artist), (1.0 + 1.0 / 4f64.log2()) / ideal));
    assert!(close(ndcg_at_k(&[35, 2], &relevant, 2, artist), 1.0), "ideal: both items first");
    assert!(close(ndcg_at_k(&[35, 36], &relevant, 2, artist), 1.0 / ideal));
    // Only the artists: a track of another artist is no hit.
    let artists = HeldOut { tracks: Vec::new(), artists: vec![5] };
    assert_eq!(hit_rate_at_k(&[49, 60], &artists, 2, artist), 0.0);
    assert_eq!(hit_rate_at_k(&[49, 50], &artists, 2, artist), 1.0);
}

fn pairs() -> Vec<PairSignal> {
    let mut out = Vec::new();
    for listener in 0..20u32 {
        for track in 0..(1 + listener % 10) {
            out.push(PairSignal {
                listener,
                track,
                plays: 1.0 + (track % 3) as f32,
                skips: (track % 4) as f32,
                ..PairSignal::default()
            });
        }
    }
    out
}

#[test]
fn holdout_is_seeded_order_free_and_keeps_training_pairs() {
    let p = pairs();
    let a = holdout(&p, 0.2, 7).unwrap();
    let mut reversed = p.clone();
    reversed.reverse();
    assert_eq!(holdout(&reversed, 0.2, 7).unwrap(), a, "the input order does not matter");
    assert_ne!(holdout(&p, 0.2, 8).unwrap(), a, "another seed, another split");
    assert_eq!(a.train.len() + a.test.len(), p.len());
    for listener in 0..20u32 {
        let n = p.iter().filter(|x| x.listener == listener).count();
        let held = a.test.iter().filter(|x| x.listener == listener).count();
        assert_eq!(held, ((0.2 * n as f64).round() as usize).min(n - 1), "listener {listener}");
    }
    assert!(holdout(&p, 1.0, 7).is_err());
    let positives = positives_by_listener(&a.test, 20);
    assert_eq!(positives.len(), 20);
    assert!(a.test.iter().filter(|x| is_positive(x)).all(|x| positives[x.listener as usize].tracks.contains(&x.track)));
}
