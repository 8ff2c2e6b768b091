//! Hand cases of the figures: variant metrics, hit rate, NDCG, the holdout split.

use super::*;
use crate::personalize::evaluate::{is_positive, mean_scores, positives_by_listener};
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
    // Means leave out listeners without positives.
    let s = mean_scores(
        &ranked,
        &[HeldOut::of_tracks(vec![2]), HeldOut::default(), HeldOut::of_tracks(vec![9])],
        2,
        artist,
    );
    assert!(close(s.hit_rate, 0.5));
    assert!(close(s.ndcg, 0.5 / 3f64.log2()));
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

#[test]
fn evaluation_compares_variant_seed_and_popularity() {
    let relevant = vec![HeldOut::of_tracks(vec![5, 6]), HeldOut::of_tracks(vec![7]), HeldOut::default()];
    let e = evaluate_variant(3, &[5, 7], &[1, 2], &[6, 1], &relevant, 2, artist);
    assert_eq!((e.segment, e.listeners, e.k), (3, 2, 2));
    assert!(close(e.variant.hit_rate, 1.0) && close(e.seed.hit_rate, 0.0) && close(e.popularity.hit_rate, 0.5));
    // Listener 0: hit at rank 1 of 2 positives; listener 1: hit at rank 2 of 1.
    let ideal2 = 1.0 + 1.0 / 3f64.log2();
    assert!(close(e.variant.ndcg, (1.0 / ideal2 + 1.0 / 3f64.log2()) / 2.0));
    let json = serde_json::to_value(&e).unwrap();
    assert!(json["popularity"]["hitRate"].is_number());
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
