//! Hand cases: the context, scoring and shrinkage, MMR, expansion, sequencing.

use super::*;
use crate::signals::PairSignal;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn shrinkage_pulls_thin_evidence_to_the_mean() {
    assert!(close(shrunk_rate(0.0, 0.0, 0.1, 20.0), 0.1), "no evidence: the mean");
    assert!(close(shrunk_rate(5.0, 10.0, 0.1, 20.0), 7.0 / 30.0));
    assert!(close(shrunk_rate(5.0, 10.0, 0.1, 0.0), 0.5), "no prior: the raw rate");
    // One save in one listen is a perfect rate, but 50 in 100 is the better evidence.
    assert!(shrunk_rate(1.0, 1.0, 0.1, 20.0) < shrunk_rate(50.0, 100.0, 0.1, 20.0));
}

/// Two segments of 10 and 30 listeners over tracks 0 (artist 0), 1 and 2 (artist 1).
fn reach_context() -> PreviewContext {
    let facts = [fact(0, 0.5), fact(1, 0.5), fact(1, 0.5)];
    let a = SegmentEngagement {
        listeners: 10,
        tracks: vec![TrackEngagement { track: 1, plays: 8.0, skips: 2.0, saves: 5.0, listeners: 6 }],
        artists: vec![ArtistReach { artist: 1, listeners: 8 }],
    };
    let b = SegmentEngagement {
        listeners: 30,
        tracks: vec![TrackEngagement { track: 2, plays: 30.0, listeners: 12, ..Default::default() }],
        artists: vec![ArtistReach { artist: 1, listeners: 12 }],
    };
    let segments = vec![SegmentFacts { centroid: at(0.0), engagement: a }, SegmentFacts { centroid: at(90.0), engagement: b }];
    context(&[at(0.0), at(45.0), at(90.0)], &facts, segments)
}

#[test]
fn reach_counts_artists_and_tracks_shrunk_towards_everyone() {
    let ctx = reach_context();
    assert_eq!(ctx.all_listeners(), 40);
    // Artist 1: 8 of segment 0's 10 listeners, 20 of all 40 (a share of 0.5); with 10 pseudo-
    // listeners: (8 + 10·0.5) / 20 = 0.65. Track 1: 6 of 10, 6 of 40: (6 + 1.5) / 20 = 0.375.
    let e = engagement_of(&ctx, 0, 1, 10.0);
    assert!(close(e.artist_reach, 0.65) && close(e.track_reach, 0.375), "{e:?}");
    assert!(close(e.reach(), 0.65), "the larger of the two");
    // Saves and skips against the global rates: 5 saves, 2 skips in 40 listens.
    let g = ctx.global_rates();
    assert!(close(g.save, 5.0 / 40.0) && close(g.skip, 2.0 / 40.0));
    let save = (5.0 + 10.0 * g.save) / 20.0;
    let skip = (2.0 + 10.0 * g.skip) / 20.0;
    assert!(close(e.score(), 0.65 + (save - g.save) - (skip - g.skip)));
    // Track 0, untouched by everyone: no reach at all, the mean rates.
    let none = engagement_of(&ctx, 0, 0, 10.0);
    assert!(close(none.reach(), 0.0) && close(none.score(), 0.0));
    // Track 2: segment 0 never played it but plays its artist; segment 1 plays both.
    assert!(engagement_of(&ctx, 1, 2, 10.0).track_reach > engagement_of(&ctx, 0, 2, 10.0).track_reach);
    assert!(close(engagement_of(&ctx, 0, 2, 10.0).reach(), 0.65), "segment 0 plays its artist");
    // Without artist counts, reach is the track's alone.
    let facts = [fact(0, 0.5)];
    let seg = SegmentEngagement {
        listeners: 4,
        tracks: vec![TrackEngagement { track: 0, plays: 2.0, listeners: 2, ..Default::default() }],
        ..Default::default()
    };
    let ctx = context(&[at(0.0)], &facts, vec![SegmentFacts { centroid: at(0.0), engagement: seg }]);
    let e = engagement_of(&ctx, 0, 0, 0.0);
    assert!(!e.artist_known && close(e.reach(), 0.5));
}

#[test]
fn scales_are_the_spreads_over_the_catalogue() {
    let ctx = reach_context();
    let s = ctx.scales(0);
    // Affinity to 0°: cos 0°, 45°, 90° = 1, 0.707, 0; their standard deviation.
    let v = [1.0f64, 0.5f64.sqrt(), 0.0];
    let mean = v.iter().sum::<f64>() / 3.0;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
    assert!((s.affinity - sd).abs() < 1e-5, "{} vs {sd}", s.affinity);
    assert!(s.engagement > 0.0);
    // A segment where nothing varies takes the floors: a hundredth of a cosine, one listener.
    let flat = context(&[at(0.0), at(0.0)], &[fact(0, 0.5), fact(1, 0.5)], vec![segment(at(0.0))]);
    assert_eq!(flat.scales(0), SegmentScales { affinity: MIN_AFFINITY_SPREAD, engagement: 1.0 / 30.0 });
}

#[test]
fn engagement_aggregates_per_segment_and_listener() {
    let pair = |listener, track, plays, skips, saves| PairSignal {
        listener,
        track,
        plays,
        skips,
        saves,
        ..PairSignal::default()
    };
    // Tracks 0 and 1 are by artist 0, track 2 by artist 1.
    let pairs = [
        pair(0, 1, 2.0, 0.0, 1.0),
        pair(0, 0, 1.0, 0.0, 0.0),
        pair(3, 1, 0.0, 3.0, 0.0),
        pair(1, 0, 1.0, 0.0, 0.0),
        pair(2, 0, 9.0, 0.0, 0.0),
        pair(1, 2, 1.0, 0.0, 0.0),
    ];
    let artists = [0, 0, 1];
    let assignments = [Some(0), Some(1), None, Some(0)];
    let seg = aggregate_engagement(&pairs, &assignments, 2, &artists).unwrap();
    assert_eq!(seg[0].listeners, 2);
    assert_eq!(
        seg[0].tracks,
        vec![
            TrackEngagement { track: 0, plays: 1.0, skips: 0.0, saves: 0.0, listeners: 1 },
            TrackEngagement { track: 1, plays: 2.0, skips: 3.0, saves: 1.0, listeners: 1 }
        ]
    );
    // Listener 0 played two tracks of artist 0: one listener of the artist; listener 3 only
    // skipped.
    assert_eq!(seg[0].artists, vec![ArtistReach { artist: 0, listeners: 1 }]);
    assert_eq!(seg[1].artists, vec![ArtistReach { artist: 0, listeners: 1 }, ArtistReach { artist: 1, listeners: 1 }]);
    assert!(matches!(
        aggregate_engagement(&pairs, &assignments[..2], 2, &artists),
        Err(PersonalizeError::ListenerOutOfRange { .. })
    ));
    assert!(matches!(
        aggregate_engagement(&pairs, &assignments, 2, &artists[..1]),
        Err(PersonalizeError::TrackOutOfRange { .. })
    ));
    assert!(matches!(
        aggregate_engagement(&pairs, &assignments, 1, &artists),
        Err(PersonalizeError::SegmentOutOfRange { .. })
    ));

    // The context's global rates and familiarity read the aggregate.
    let facts = [fact(0, 0.5), fact(0, 0.5), fact(1, 0.5)];
    let segments = seg.into_iter().map(|engagement| SegmentFacts { centroid: vec![2.0, 0.0], engagement }).collect();
    let ctx = context(&[vec![3.0, 4.0], vec![0.0, 1.0], vec![1.0, 0.0]], &facts, segments);
    let g = ctx.global_rates();
    assert!(close(g.exposures, 8.0) && close(g.save, 1.0 / 8.0) && close(g.skip, 3.0 / 8.0));
    assert!(ctx.is_familiar(0, 1, 0.5) && ctx.is_familiar(0, 0, 0.5) && !ctx.is_familiar(0, 1, 0.9));
    assert_eq!((ctx.artist_listeners(Some(0), 1), ctx.artist_listeners(None, 1), ctx.artist_listeners(None, 2)), (1, 2, 1));
    assert!((ctx.affinity(0, 0) - 0.6).abs() < 1e-6, "vectors and centroids are normalized");
}

#[test]
fn context_checks_its_inputs_and_orders_by_popularity() {
    let facts = [
        fact(0, 0.5),
        TrackFacts { popularity: None, ..fact(1, 0.5) },
        TrackFacts { popularity: Some(90), ..fact(2, 0.5) },
    ];
    let rows = vec![vec![1.0, 0.0]; 3];
    let ctx = context(&rows, &facts, vec![segment(vec![1.0, 0.0])]);
    assert_eq!(ctx.popularity_order(&[0, 1, 2]), vec![2, 0, 1]);
    let bad = PreviewContext::new(&facts[..2], Array2::zeros((3, 2)), Vec::new());
    assert!(matches!(bad, Err(PersonalizeError::Rows { .. })));
    let bad = PreviewContext::new(&facts, Array2::zeros((3, 2)), vec![segment(vec![1.0])]);
    assert!(matches!(bad, Err(PersonalizeError::Dimension { expected: 2, found: 1 })));
    // Missing energy and tempo take the catalogue's mean.
    let facts = [
        TrackFacts { energy: None, tempo: Some(0.0), ..fact(0, 0.0) },
        TrackFacts { tempo: Some(100.0), ..fact(1, 0.8) },
    ];
    let ctx = context(&rows[..2], &facts, Vec::new());
    assert!((ctx.energy(0) - 0.8).abs() < 1e-6 && (ctx.tempo(0) - 100.0).abs() < 1e-6);
}

#[test]
fn mmr_trades_relevance_for_diversity() {
    // Segment at 0°: s0 (seed, 0°) is the most relevant, a (5°) nearly duplicates it, b (60°)
    // is less relevant but different. With the seed fit off, relevance is the affinity.
    let rows = vec![at(0.0), at(5.0), at(60.0)];
    let ctx = context(&rows, &[fact(0, 0.5), fact(1, 0.5), fact(2, 0.5)], vec![segment(at(0.0))]);
    let pick = |lambda: f32| {
        let mut req = request(&[0], &[], &[0]);
        req.pool = vec![1, 2];
        req.rules.length = Some(Rule::hard(TargetLength::Tracks(2)));
        req.params = PersonalizeParams { mmr_lambda: lambda, weight_seed_fit: 0.0, ..Default::default() };
        let mut t = tracks(&preview(&ctx, &req).unwrap().variants[0]);
        t.sort();
        t
    };
    // Second pick: a scores 0.996·(2λ − 1), b 0.5·(2λ − 1): a above λ = ½, b below.
    assert_eq!(pick(0.9), vec![0, 1]);
    assert_eq!(pick(1.0), vec![0, 1]);
    assert_eq!(pick(0.2), vec![0, 2]);
}

#[test]
fn expansion_takes_the_closest_tracks_above_the_threshold() {
    let rows = vec![at(0.0), at(10.0), at(30.0), at(50.0), at(80.0), at(20.0)];
    let facts: Vec<TrackFacts> = (0..6).map(|a| fact(a, 0.5)).collect();
    let ctx = context(&rows, &facts, vec![segment(at(0.0))]);
    let mut req = request(&[0], &[], &[0]);
    req.rules.banned_tracks = Some(Rule::hard(vec![5]));
    req.expand = Some(Expansion { genres: true, threshold: 45f32.to_radians().cos(), cap: 2 });
    assert_eq!(candidate_pool(&ctx, &req, 0).unwrap(), vec![0, 1, 2], "the hard ban and 50° stay out");
    req.expand = Some(Expansion { genres: true, threshold: 45f32.to_radians().cos(), cap: 1 });
    assert_eq!(candidate_pool(&ctx, &req, 0).unwrap(), vec![0, 1]);
    req.rules.banned_tracks = Some(Rule::soft(vec![5], 0));
    req.expand = Some(Expansion { genres: true, threshold: 45f32.to_radians().cos(), cap: 2 });
    assert_eq!(candidate_pool(&ctx, &req, 0).unwrap(), vec![0, 1, 5], "a breakable ban may still be needed");
    assert!(matches!(candidate_pool(&ctx, &req, 1), Err(PersonalizeError::SegmentOutOfRange { .. })));
    req.strength = 0.0;
    assert_eq!(candidate_pool(&ctx, &req, 0).unwrap(), vec![0], "strength 0: the seed as is");
}

#[test]
fn expansion_gives_each_segment_its_own_side_of_the_theme() {
    // Seed at 0°; above the 40° threshold: 10° (the closest), 35°, 30°, −35°, −20°.
    let rows = vec![at(0.0), at(10.0), at(35.0), at(-35.0), at(30.0), at(-20.0), at(60.0)];
    let facts: Vec<TrackFacts> = (0..7).map(|a| fact(a, 0.5)).collect();
    let listens = |track| SegmentEngagement {
        listeners: 10,
        tracks: vec![TrackEngagement { track, plays: 30.0, listeners: 10, ..Default::default() }],
        ..Default::default()
    };
    // Large segments that played nothing here: their own evidence outweighs everyone's plays.
    let large = |degrees| SegmentFacts { centroid: at(degrees), engagement: SegmentEngagement { listeners: 1000, ..Default::default() } };
    let segments = vec![large(90.0), large(-90.0), large(0.0), SegmentFacts { centroid: at(0.0), engagement: listens(3) }];
    let ctx = context(&rows, &facts, segments);
    let mut req = request(&[0], &[], &[0, 1, 2, 3]);
    req.expand = Some(Expansion { genres: true, threshold: 40f32.to_radians().cos(), cap: 2 });
    let pool = |req: &PreviewRequest, s| candidate_pool(&ctx, req, s).unwrap();
    // Half the cap is the closest track; the other half the segment's best of the rest.
    assert_eq!(pool(&req, 0), vec![0, 1, 2], "towards 90°: 35°");
    assert_eq!(pool(&req, 1), vec![0, 1, 3], "towards −90°: −35°");
    assert_eq!(pool(&req, 2), vec![0, 1, 5], "at 0°: −20°, the closest to its taste");
    assert_eq!(pool(&req, 3), vec![0, 1, 3], "every listener of the segment plays −35°");
    req.expand = Some(Expansion { genres: true, threshold: 40f32.to_radians().cos(), cap: 4 });
    assert_eq!(pool(&req, 0), vec![0, 1, 5, 2, 4], "the two closest, then 35° and 30°");
    // The variant draws on its own candidates: at strength 1 the 90° segment takes 35°.
    req.expand = Some(Expansion { genres: true, threshold: 40f32.to_radians().cos(), cap: 2 });
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(2)));
    req.params.weight_seed_fit = 0.0;
    let p = preview(&ctx, &req).unwrap();
    let (up, down) = (tracks(&p.variants[0]), tracks(&p.variants[1]));
    assert!(up.contains(&2) && !up.contains(&3) && down.contains(&3) && !down.contains(&2), "{up:?} {down:?}");
}

/// Seed tracks 0–2 (artists 0–2, energies `seed`) and pool tracks 3–5 (`pool`: artist, energy,
/// tempo); the seed is banned so that the pool fills a 3-track variant.
fn sequenced(seed: [f32; 3], pool: [(u32, f32, f32); 3], rules: impl FnOnce(&mut Rules), mode: Sequencing) -> Variant {
    let mut facts: Vec<TrackFacts> = seed.iter().enumerate().map(|(i, &e)| fact(i as u32, e)).collect();
    facts.extend(pool.iter().map(|&(a, e, tempo)| TrackFacts { tempo: Some(tempo), ..fact(a, e) }));
    let ctx = context(&vec![at(0.0); 6], &facts, vec![segment(at(0.0))]);
    let mut req = request(&[0, 1, 2], &[], &[0]);
    req.pool = vec![3, 4, 5];
    req.rules.banned_tracks = Some(Rule::hard(vec![0, 1, 2]));
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(3)));
    req.params.sequencing = mode;
    rules(&mut req.rules);
    preview(&ctx, &req).unwrap().variants.remove(0)
}

#[test]
fn energy_arc_matches_tracks_to_the_seed_energies_by_rank() {
    // The seed asks for 0.2, 0.8, 0.5; the pool has 0.9, 0.1, 0.6: lowest to the lowest slot.
    let v =
        sequenced([0.2, 0.8, 0.5], [(3, 0.9, 120.0), (4, 0.1, 120.0), (5, 0.6, 120.0)], |_| {}, Sequencing::EnergyArc);
    assert_eq!(tracks(&v), vec![4, 3, 5]);
    assert!(v.tracks.iter().all(|t| t.status == Status::Added));
    assert_eq!(v.dropped, vec![0, 1, 2]);
}

#[test]
fn smooth_sequencing_takes_the_smallest_jumps() {
    // From the flat arc's 0.5: track 3 (0.5, 120), then 5 (0.6, 125) before 4 (0.9, 160).
    let v = sequenced([0.5; 3], [(3, 0.5, 120.0), (4, 0.9, 160.0), (5, 0.6, 125.0)], |_| {}, Sequencing::Smooth);
    assert_eq!(tracks(&v), vec![3, 5, 4]);
}

#[test]
fn separation_moves_a_track_off_its_energy_slot() {
    // The arc wants artist 7, 7, 8; two positions apart turns it into 7, 8, 7.
    let separate = |r: &mut Rules| r.artist_separation = Some(Rule::hard(2));
    let v = sequenced(
        [0.2, 0.5, 0.8],
        [(7, 0.1, 120.0), (7, 0.4, 120.0), (8, 0.9, 120.0)],
        separate,
        Sequencing::EnergyArc,
    );
    assert_eq!(tracks(&v), vec![3, 5, 4]);
    assert_eq!(v.tracks[1].reasons.rules, vec![RuleKind::ArtistSeparation]);
    assert!(v.violations.is_empty());
    let v =
        sequenced([0.2, 0.5, 0.8], [(7, 0.1, 120.0), (7, 0.4, 120.0), (8, 0.9, 120.0)], |_| {}, Sequencing::EnergyArc);
    assert_eq!(tracks(&v), vec![3, 4, 5], "without the rule the arc decides alone");
}

#[test]
fn pins_keep_their_seed_position_and_strength_zero_is_the_seed() {
    let facts: Vec<TrackFacts> = (0..6).map(|a| fact(a, a as f32 / 6.0)).collect();
    let rows: Vec<Vec<f32>> = (0..6).map(|i| at(i as f32 * 15.0)).collect();
    let ctx = context(&rows, &facts, vec![segment(at(90.0)), segment(at(0.0))]);
    let mut req = request(&[0, 1, 2], &[1], &[0, 1]);
    req.pool = vec![3, 4, 5];
    let p = preview(&ctx, &req).unwrap();
    for v in &p.variants {
        assert_eq!(v.tracks[1].track, 1);
        assert_eq!(v.tracks[1].status, Status::Kept);
        assert!(v.tracks[1].reasons.rules.contains(&RuleKind::Pin));
    }
    assert!(p.variants[0].metrics.lift > 0.0, "the segment at 90° gets tracks closer to it");
    assert_eq!(p.seed[0].metrics.lift, 0.0);
    assert_eq!(p.seed[0].metrics.overlap, 1.0);
    req.strength = 0.0;
    req.rules.banned_tracks = Some(Rule::hard(vec![2]));
    let p = preview(&ctx, &req).unwrap();
    for v in &p.variants {
        assert_eq!(tracks(v), vec![0, 1, 2]);
        assert!(v.tracks.iter().all(|t| t.status == Status::Kept) && v.dropped.is_empty());
        assert_eq!(v.violations.len(), 1, "the seed's own breaks are reported");
        assert_eq!((v.violations[0].rule, v.violations[0].position), (RuleKind::BannedTracks, Some(2)));
    }
}

#[test]
fn bad_requests_are_refused_with_the_field() {
    let ctx = context(&[at(0.0), at(10.0)], &[fact(0, 0.5), fact(1, 0.5)], vec![segment(at(0.0))]);
    let mut req = request(&[0, 0], &[], &[0]);
    assert_eq!(preview(&ctx, &req), Err(PersonalizeError::DuplicateSeedTrack { track: 0 }));
    req = request(&[0, 7], &[], &[0]);
    assert_eq!(preview(&ctx, &req), Err(PersonalizeError::TrackOutOfRange { track: 7, n_tracks: 2 }));
    req = request(&[0], &[], &[3]);
    assert!(matches!(preview(&ctx, &req), Err(PersonalizeError::SegmentOutOfRange { segment: 3, .. })));
    req = request(&[0], &[], &[0]);
    req.strength = 1.5;
    assert!(matches!(preview(&ctx, &req), Err(PersonalizeError::Param { name: "strength", .. })));
    req.strength = 1.0;
    req.rules.max_per_artist = Some(Rule::hard(0));
    assert!(matches!(preview(&ctx, &req), Err(PersonalizeError::Param { name: "rules.maxPerArtist", .. })));
}

#[test]
fn requests_read_camel_case_json() {
    let json = r#"{
        "seed": [{"track": 0, "pinned": true}],
        "pool": [1],
        "expand": {"threshold": 0.5, "cap": 300},
        "rules": {
            "length": {"value": {"minutes": 60}, "unbreakable": false, "priority": 2},
            "maxPerArtist": {"value": 2, "unbreakable": true, "priority": 0},
            "familiarity": {"value": {"min": 0.2, "max": 0.8}, "unbreakable": false, "priority": 1}
        },
        "strength": 0.5,
        "segments": [0]
    }"#;
    let req: PreviewRequest = serde_json::from_str(json).unwrap();
    assert_eq!(req.rules.length, Some(Rule::soft(TargetLength::Minutes(60.0), 2)));
    assert_eq!(req.rules.max_per_artist, Some(Rule::hard(2)));
    assert_eq!(req.params, PersonalizeParams::default());
    let ctx = context(&[at(0.0), at(10.0)], &[fact(0, 0.5), fact(1, 0.5)], vec![segment(at(0.0))]);
    let out = serde_json::to_value(preview(&ctx, &req).unwrap()).unwrap();
    let first = &out["variants"][0]["tracks"][0];
    assert_eq!(first["status"], "kept");
    assert_eq!(first["seedPosition"], 0);
    assert!(first["reasons"]["closestSeedTrack"].is_null());
    assert!(out["variants"][0]["metrics"]["meanPopularity"].is_number());
}
