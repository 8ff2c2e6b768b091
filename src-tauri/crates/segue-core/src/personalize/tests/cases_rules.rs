//! Hand cases of rules: what is traded, what is never broken, and how violations are reported.

use super::*;

/// One segment at 0°; tracks `0..n` at growing angles, by `artist(i)`; the seed is track 0.
fn setup(n: usize, artist: impl Fn(u32) -> u32) -> (PreviewContext, PreviewRequest) {
    let facts: Vec<TrackFacts> = (0..n as u32).map(|i| fact(artist(i), 0.5)).collect();
    let rows: Vec<Vec<f32>> = (0..n).map(|i| at(i as f32 * 5.0)).collect();
    let ctx = context(&rows, &facts, vec![segment(at(0.0))]);
    let mut req = request(&[0], &[], &[0]);
    req.pool = (1..n as u32).collect();
    (ctx, req)
}

#[test]
fn a_breakable_rule_gives_way_to_a_more_important_length() {
    let (ctx, mut req) = setup(4, |_| 9);
    req.rules.length = Some(Rule::soft(TargetLength::Tracks(3), 2));
    req.rules.max_per_artist = Some(Rule::soft(1, 1));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 3);
    let found: Vec<(RuleKind, Option<u32>, u32, bool)> =
        v.violations.iter().map(|x| (x.rule, x.position, x.priority, x.unbreakable)).collect();
    assert_eq!(found, vec![(RuleKind::MaxPerArtist, Some(1), 1, false), (RuleKind::MaxPerArtist, Some(2), 1, false)]);
    assert_eq!(v.metrics.violations, 2);
    assert!(v.tracks[2].reasons.rules.contains(&RuleKind::MaxPerArtist));
    assert!(v.violations[0].message.contains("at most 1"), "{}", v.violations[0].message);
}

#[test]
fn a_less_important_length_gives_way_and_is_reported_short() {
    let (ctx, mut req) = setup(4, |_| 9);
    req.rules.length = Some(Rule::soft(TargetLength::Tracks(3), 1));
    req.rules.max_per_artist = Some(Rule::soft(1, 5));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 1);
    assert_eq!(v.violations.len(), 1);
    assert_eq!(
        (v.violations[0].rule, v.violations[0].position, v.violations[0].priority),
        (RuleKind::Length, Some(1), 1)
    );
}

#[test]
fn an_unbreakable_rule_is_never_broken_even_for_the_length() {
    let (ctx, mut req) = setup(4, |_| 9);
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(3)));
    req.rules.max_per_artist = Some(Rule::hard(1));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 1);
    assert_eq!(
        (v.violations[0].rule, v.violations[0].position, v.violations[0].unbreakable),
        (RuleKind::Length, Some(1), true)
    );
    // Two artists: the cap allows one track of each.
    let (ctx, mut req) = setup(4, |i| i % 2);
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(3)));
    req.rules.max_per_artist = Some(Rule::hard(1));
    assert_eq!(preview(&ctx, &req).unwrap().variants[0].tracks.len(), 2);
}

#[test]
fn explicit_and_banned_tracks_stay_out_and_must_include_gets_in() {
    let facts: Vec<TrackFacts> = (0..6u32).map(|i| TrackFacts { explicit: i == 1, ..fact(i, 0.5) }).collect();
    let rows: Vec<Vec<f32>> = (0..6).map(|i| at(i as f32 * 5.0)).collect();
    let ctx = context(&rows, &facts, vec![segment(at(0.0))]);
    let mut req = request(&[0], &[], &[0]);
    req.pool = vec![1, 2, 3, 4];
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(3)));
    req.rules.explicit_allowed = Some(Rule::hard(false));
    req.rules.banned_tracks = Some(Rule::hard(vec![2]));
    req.rules.banned_artists = Some(Rule::hard(vec![3]));
    req.rules.must_include = Some(Rule::hard(vec![5]));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    let mut got = tracks(&v);
    got.sort();
    assert_eq!(got, vec![0, 4, 5]);
    let must = v.tracks.iter().find(|t| t.track == 5).unwrap();
    assert!(must.reasons.rules.contains(&RuleKind::MustInclude));
    assert!(v.violations.is_empty());
}

#[test]
fn a_pin_the_rules_forbid_stays_and_the_conflict_is_reported() {
    let (ctx, mut req) = setup(4, |i| i);
    req.seed[0].pinned = true;
    req.rules.banned_tracks = Some(Rule::hard(vec![0]));
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(2)));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks[0].track, 0);
    assert_eq!(v.tracks.len(), 2);
    let x = &v.violations[0];
    assert_eq!((x.rule, x.position, x.unbreakable), (RuleKind::BannedTracks, Some(0), true));
}

#[test]
fn a_breakable_separation_is_reported_where_it_breaks() {
    let (ctx, mut req) = setup(3, |_| 4);
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(3)));
    req.rules.artist_separation = Some(Rule::soft(3, 1));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 3);
    let at: Vec<(RuleKind, Option<u32>)> = v.violations.iter().map(|x| (x.rule, x.position)).collect();
    assert_eq!(at, vec![(RuleKind::ArtistSeparation, Some(1)), (RuleKind::ArtistSeparation, Some(2))]);
    // Unbreakable, the pool cannot separate them: one track, reported short.
    req.rules.artist_separation = Some(Rule::hard(3));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 1);
    assert_eq!(v.violations[0].rule, RuleKind::Length);
}

#[test]
fn the_familiarity_band_sets_the_share_of_known_tracks() {
    // Tracks 0–7; the segment already plays the even ones.
    let facts: Vec<TrackFacts> = (0..8u32).map(|i| fact(i, 0.5)).collect();
    let rows: Vec<Vec<f32>> = (0..8).map(|i| at(i as f32 * 3.0)).collect();
    let played =
        (0..8u32).step_by(2).map(|track| TrackEngagement { track, plays: 5.0, listeners: 5, ..Default::default() });
    let seg =
        SegmentFacts { centroid: at(0.0), engagement: SegmentEngagement { listeners: 10, tracks: played.collect(), ..Default::default() } };
    let ctx = context(&rows, &facts, vec![seg]);
    let mut req = request(&[0], &[], &[0]);
    req.pool = (1..8).collect();
    req.rules.length = Some(Rule::hard(TargetLength::Tracks(4)));
    for (min, max, familiar) in [(0.0, 0.0, 0), (0.75, 1.0, 3), (0.5, 0.5, 2)] {
        req.rules.familiarity = Some(Rule::hard(FamiliarityBand { min, max }));
        let v = preview(&ctx, &req).unwrap().variants.remove(0);
        assert_eq!(v.tracks.len(), 4);
        assert_eq!(v.tracks.iter().filter(|t| t.reasons.familiar).count(), familiar, "band {min}–{max}");
        assert!((v.metrics.novelty - (4 - familiar) as f64 / 4.0).abs() < 1e-9);
        assert!(v.violations.is_empty());
    }
}

#[test]
fn minutes_fill_until_the_running_time_is_reached() {
    let (ctx, mut req) = setup(10, |i| i);
    // 3:30 per track: 10 minutes take 3 tracks.
    req.rules.length = Some(Rule::hard(TargetLength::Minutes(10.0)));
    let v = preview(&ctx, &req).unwrap().variants.remove(0);
    assert_eq!(v.tracks.len(), 3);
    assert!((v.metrics.duration_ms - 630_000.0).abs() < 1e-9);
    assert!(v.violations.is_empty());
}
