//! Properties over random catalogues, seeds, pools, rules and segments: unbreakable rules hold
//! (only the editor's fixed tracks can force a break), pins keep their positions, the target
//! length is reached whenever the pool allows it, strength 0 is the seed, and the same inputs
//! give the same output whatever the number of threads.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

use super::*;

const DIMS: usize = 5;

/// A random catalogue of `n` tracks by `artists` artists, `k` segments with engagement, and a
/// request with random seed, pins, pool, expansion, rules, strength and sequencing.
fn build(seed: u64, n: usize, artists: u32, k: usize) -> (PreviewContext, PreviewRequest) {
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let centres: Vec<Vec<f32>> = (0..4).map(|_| (0..DIMS).map(|_| rng.gen_range(-1.0..1.0)).collect()).collect();
    let rows: Vec<Vec<f32>> = (0..n)
        .map(|_| {
            let c = &centres[rng.gen_range(0..centres.len())];
            c.iter().map(|x| x + rng.gen_range(-0.5..0.5)).collect()
        })
        .collect();
    let facts: Vec<TrackFacts> = (0..n)
        .map(|_| TrackFacts {
            artist: rng.gen_range(0..artists),
            genres: (0..3).filter(|_| rng.gen_bool(0.4)).collect(),
            explicit: rng.gen_bool(0.2),
            duration_ms: rng.gen_range(120_000..360_000),
            popularity: rng.gen_bool(0.9).then(|| rng.gen_range(0..=100)),
            energy: rng.gen_bool(0.9).then(|| rng.gen_range(0.0..1.0)),
            tempo: Some(rng.gen_range(60.0..180.0)),
        })
        .collect();
    let segments = (0..k)
        .map(|_| {
            let centroid = (0..DIMS).map(|_| rng.gen_range(-1.0..1.0)).collect();
            let touched: Vec<u32> = (0..n as u32).filter(|_| rng.gen_bool(0.4)).collect();
            let tracks = touched
                .into_iter()
                .map(|track| TrackEngagement {
                    track,
                    plays: rng.gen_range(0..20) as f32,
                    skips: rng.gen_range(0..10) as f32,
                    saves: rng.gen_range(0..5) as f32,
                    listeners: rng.gen_range(0..8),
                })
                .collect();
            let artists = (0..artists)
                .filter_map(|artist| rng.gen_bool(0.5).then(|| ArtistReach { artist, listeners: rng.gen_range(0..10) }))
                .collect();
            SegmentFacts { centroid, engagement: SegmentEngagement { listeners: rng.gen_range(1..60), tracks, artists } }
        })
        .collect();
    let ctx = context(&rows, &facts, segments);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(&mut rng);
    let seed_len = rng.gen_range(0..=n.min(14));
    let pins: Vec<usize> = (0..seed_len).filter(|_| rng.gen_bool(0.25)).collect();
    let mut req = request(&order[..seed_len], &pins, &(0..k as u32).collect::<Vec<_>>());
    req.pool = (0..rng.gen_range(0..10)).map(|_| rng.gen_range(0..n as u32)).collect();
    req.expand =
        rng.gen_bool(0.5).then(|| Expansion { genres: rng.gen_bool(0.5), threshold: rng.gen_range(-0.2..0.9), cap: rng.gen_range(0..20) });
    req.strength = *[0.0, 0.25, 0.5, 1.0, rng.gen_range(0.0..1.0)].choose(&mut rng).unwrap();
    req.params.sequencing = if rng.gen_bool(0.5) { Sequencing::EnergyArc } else { Sequencing::Smooth };
    req.params.mmr_lambda = rng.gen_range(0.0..=1.0);
    // Each rule: absent or (unbreakable, priority), then its value.
    let hardness = |rng: &mut Xoshiro256Plus| rng.gen_bool(0.5).then(|| (rng.gen_bool(0.5), rng.gen_range(0..4u32)));
    let some_tracks =
        |rng: &mut Xoshiro256Plus, m: usize| (0..rng.gen_range(0..=m)).map(|_| rng.gen_range(0..n as u32)).collect();
    let r = &mut req.rules;
    r.length = hardness(&mut rng).map(|(unbreakable, priority)| {
        let value = if rng.gen_bool(0.8) {
            TargetLength::Tracks(rng.gen_range(0..20))
        } else {
            TargetLength::Minutes(rng.gen_range(0.0..60.0))
        };
        Rule { value, unbreakable, priority }
    });
    r.max_per_artist =
        hardness(&mut rng).map(|(unbreakable, priority)| Rule { value: rng.gen_range(1..4), unbreakable, priority });
    r.artist_separation =
        hardness(&mut rng).map(|(unbreakable, priority)| Rule { value: rng.gen_range(1..5), unbreakable, priority });
    r.explicit_allowed =
        hardness(&mut rng).map(|(unbreakable, priority)| Rule { value: rng.gen_bool(0.3), unbreakable, priority });
    r.familiarity = hardness(&mut rng).map(|(unbreakable, priority)| {
        let min = rng.gen_range(0.0..0.6f32);
        Rule { value: FamiliarityBand { min, max: rng.gen_range(min..=1.0) }, unbreakable, priority }
    });
    r.banned_tracks = hardness(&mut rng).map(|(unbreakable, priority)| Rule {
        value: some_tracks(&mut rng, 4),
        unbreakable,
        priority,
    });
    r.banned_artists = hardness(&mut rng).map(|(unbreakable, priority)| Rule {
        value: (0..rng.gen_range(0..3)).map(|_| rng.gen_range(0..artists)).collect(),
        unbreakable,
        priority,
    });
    r.must_include = hardness(&mut rng).map(|(unbreakable, priority)| Rule {
        value: some_tracks(&mut rng, 3),
        unbreakable,
        priority,
    });
    (ctx, req)
}

/// Checks every unbreakable rule on a variant without the engine's own audit. Fixed tracks
/// (pins and must-include tracks) may force a break; nothing else may.
fn check_unbreakable(ctx: &PreviewContext, req: &PreviewRequest, v: &Variant) -> Result<(), TestCaseError> {
    let t = tracks(v);
    let r = &req.rules;
    let pinned: HashSet<u32> = req.seed.iter().filter(|s| s.pinned).map(|s| s.track).collect();
    let pin_at: HashMap<usize, u32> =
        req.seed.iter().enumerate().filter(|(_, s)| s.pinned).map(|(i, s)| (i, s.track)).collect();
    let must: HashSet<u32> = r.must_include.iter().flat_map(|m| m.value.iter().copied()).collect();
    let fixed = |x: u32| pinned.contains(&x) || must.contains(&x);
    prop_assert_eq!(t.iter().collect::<HashSet<_>>().len(), t.len(), "a track twice");
    for (p, &x) in t.iter().enumerate() {
        if let Some(rule) = r.explicit_allowed.as_ref().filter(|e| e.unbreakable && !e.value) {
            prop_assert!(!ctx.is_explicit(x) || fixed(x), "explicit at {} ({:?})", p, rule);
        }
        if r.banned_tracks.as_ref().is_some_and(|b| b.unbreakable && b.value.contains(&x)) {
            prop_assert!(fixed(x), "banned track at {}", p);
        }
        if r.banned_artists.as_ref().is_some_and(|b| b.unbreakable && b.value.contains(&ctx.artist(x))) {
            prop_assert!(fixed(x), "banned artist at {}", p);
        }
    }
    if let Some(cap) = r.max_per_artist.as_ref().filter(|c| c.unbreakable) {
        let mut by_artist: HashMap<u32, Vec<u32>> = HashMap::new();
        t.iter().for_each(|&x| by_artist.entry(ctx.artist(x)).or_default().push(x));
        for list in by_artist.values().filter(|l| l.len() > cap.value as usize) {
            prop_assert!(list.iter().all(|&x| fixed(x)), "artist over the cap with chosen tracks: {:?}", list);
        }
    }
    if let Some(gap) = r.artist_separation.as_ref().filter(|g| g.unbreakable) {
        for j in 0..t.len() {
            for i in j.saturating_sub(gap.value as usize - 1)..j {
                if ctx.artist(t[i]) == ctx.artist(t[j]) {
                    prop_assert!(
                        pin_at.get(&i) == Some(&t[i]) && pin_at.get(&j) == Some(&t[j]),
                        "too close at {}, {}",
                        i,
                        j
                    );
                }
            }
        }
    }
    if let Some(band) = r.familiarity.as_ref().filter(|b| b.unbreakable) {
        let share = |f: usize| f as f64 / t.len() as f64;
        let f = v.tracks.iter().filter(|x| ctx.is_familiar(v.segment, x.track, req.params.familiar_share)).count();
        let inside = t.is_empty()
            || (share(f) >= f64::from(band.value.min) - 1e-4 && share(f) <= f64::from(band.value.max) + 1e-4);
        prop_assert!(inside || t.last().is_some_and(|&x| fixed(x)), "band missed: {} of {}", f, t.len());
    }
    Ok(())
}

fn seeds() -> impl Strategy<Value = (u64, usize, u32, usize)> {
    (any::<u64>(), 1usize..60, 1u32..25, 1usize..4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn unbreakable_rules_are_never_broken_by_the_engine((seed, n, artists, k) in seeds()) {
        let (ctx, mut req) = build(seed, n, artists, k);
        if req.strength == 0.0 {
            req.strength = 0.5;
        }
        let p = preview(&ctx, &req).unwrap();
        for v in &p.variants {
            check_unbreakable(&ctx, &req, v)?;
            // The report agrees: an unbreakable break it lists is a shortfall or forced.
            prop_assert_eq!(v.metrics.violations as usize, v.violations.len());
        }
    }

    #[test]
    fn pins_keep_their_positions((seed, n, artists, k) in seeds()) {
        let (ctx, req) = build(seed, n, artists, k);
        let p = preview(&ctx, &req).unwrap();
        for v in &p.variants {
            for (q, s) in req.seed.iter().enumerate().filter(|(_, s)| s.pinned) {
                if q < v.tracks.len() {
                    prop_assert_eq!(v.tracks[q].track, s.track);
                    prop_assert_eq!(v.tracks[q].status, Status::Kept);
                } else {
                    let reported = v.violations.iter().any(|x| x.rule == RuleKind::Pin && x.position == Some(q as u32));
                    prop_assert!(reported, "pin {} dropped silently", q);
                }
            }
        }
    }

    #[test]
    fn the_target_length_is_reached_when_the_pool_allows((seed, n, artists, k) in seeds(), target in 0u32..15) {
        let (ctx, mut req) = build(seed, n, artists.max(12), k);
        req.strength = req.strength.max(0.1);
        req.rules.length = Some(Rule::hard(TargetLength::Tracks(target)));
        req.rules.familiarity = None;
        req.rules.must_include = None;
        let pins_end = req.seed.iter().rposition(|s| s.pinned).map_or(0, |i| i + 1);
        let goal = (target as usize).max(pins_end);
        // Artists of tracks that break no rule on their own and are not pin artists: one of
        // each always fits, whatever the cap and the separation.
        let pin_artists: HashSet<u32> = req.seed.iter().filter(|s| s.pinned).map(|s| ctx.artist(s.track)).collect();
        let clean = |x: u32| {
            let r = &req.rules;
            !(r.banned_tracks.as_ref().is_some_and(|b| b.value.contains(&x))
                || r.banned_artists.as_ref().is_some_and(|b| b.value.contains(&ctx.artist(x)))
                || r.explicit_allowed.as_ref().is_some_and(|e| !e.value && ctx.is_explicit(x)))
        };
        let pins = req.seed.iter().filter(|s| s.pinned).count();
        let p = preview(&ctx, &req).unwrap();
        for v in &p.variants {
            let pool = candidate_pool(&ctx, &req, v.segment).unwrap();
            let free_artists: HashSet<u32> = pool.iter().filter(|&&x| clean(x)).map(|&x| ctx.artist(x)).filter(|a| !pin_artists.contains(a)).collect();
            if free_artists.len() + pins >= goal {
                prop_assert_eq!(v.tracks.len(), goal, "{} free artists, {} pins", free_artists.len(), pins);
            }
            prop_assert!(v.tracks.len() <= goal);
        }
    }

    #[test]
    fn variants_draw_on_their_own_candidates_within_the_cap((seed, n, artists, k) in seeds()) {
        let (ctx, req) = build(seed, n, artists, k);
        let p = preview(&ctx, &req).unwrap();
        let base: HashSet<u32> = req.seed.iter().map(|s| s.track).chain(req.pool.iter().copied())
            .chain(req.rules.must_include.iter().flat_map(|m| m.value.iter().copied())).collect();
        for v in &p.variants {
            let pool = candidate_pool(&ctx, &req, v.segment).unwrap();
            prop_assert!(tracks(v).iter().all(|t| pool.contains(t)), "a track from outside the candidates");
            let expanded: Vec<u32> = pool.iter().copied().filter(|t| !base.contains(t)).collect();
            let cap = req.expand.map_or(0, |e| e.cap as usize);
            prop_assert!(expanded.len() <= cap, "{} expansion tracks over a cap of {}", expanded.len(), cap);
        }
    }

    #[test]
    fn strength_zero_returns_the_seed((seed, n, artists, k) in seeds()) {
        let (ctx, mut req) = build(seed, n, artists, k);
        req.strength = 0.0;
        let p = preview(&ctx, &req).unwrap();
        let want: Vec<u32> = req.seed.iter().map(|s| s.track).collect();
        for v in &p.variants {
            prop_assert_eq!(tracks(v), want.clone());
            prop_assert!(v.dropped.is_empty());
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_preview((seed, n, artists, k) in seeds()) {
        let (ctx, req) = build(seed, n, artists, k);
        let a = preview(&ctx, &req).unwrap();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = one.install(|| preview(&ctx, &req).unwrap());
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &preview(&ctx, &req).unwrap());
    }
}
