//! Tests of taste: event weights, decay, artist spreading and the taste vectors themselves
//! (streaming aggregation is tested beside the accumulator).

use std::f32::consts::FRAC_1_SQRT_2;

use ndarray::{array, Array2};

use super::*;
use crate::signals::{Event, EventKind};
use crate::track::Track;

const DAY: i64 = 86_400;

fn ev(listener: u32, track: u32, kind: EventKind, ts: i64, ms: Option<u32>) -> Event {
    Event {
        listener,
        track,
        kind,
        timestamp: ts,
        ms_played: ms,
    }
}

fn weight_of(events: &[Event]) -> f32 {
    let mut acc = PairAccumulator::new();
    acc.extend(events.iter().copied());
    let pairs = acc.into_pairs();
    assert_eq!(pairs.len(), 1);
    pair_weight(&pairs[0], pairs[0].last_ts, &TasteParams::default())
}

#[test]
fn event_weights_follow_the_design() {
    use EventKind::*;
    let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
    assert!(close(weight_of(&[ev(0, 0, Play, 0, Some(200_000))]), 1.0));
    assert!(close(weight_of(&[ev(0, 0, Play, 0, None)]), 1.0));
    assert!(
        close(weight_of(&[ev(0, 0, Play, 0, Some(12_000))]), -0.5),
        "a short play is a skip"
    );
    assert!(close(weight_of(&[ev(0, 0, Skip, 0, None)]), -0.5));
    assert!(close(weight_of(&[ev(0, 0, Save, 0, None)]), 3.0));
    assert!(close(weight_of(&[ev(0, 0, PlaylistAdd, 0, None)]), 2.0));
    // Log scale: three plays weigh log2(4) = 2, seven weigh 3; kinds add up.
    assert!(close(weight_of(&[ev(0, 0, Play, 0, None); 3]), 2.0));
    assert!(close(weight_of(&[ev(0, 0, Play, 0, None); 7]), 3.0));
    assert!(close(
        weight_of(&[
            ev(0, 0, Play, 0, None),
            ev(0, 0, Skip, 5, None),
            ev(0, 0, Save, 9, None)
        ]),
        3.5
    ));
}

#[test]
fn a_pair_ninety_days_older_weighs_half() {
    let p = TasteParams::default();
    let mut pair = PairSignal::new(0, 0);
    pair.saves = 1.0;
    pair.last_ts = Some(1_000 * DAY);
    let now = Some(1_090 * DAY);
    assert!((pair_weight(&pair, now, &p) - 1.5).abs() < 1e-6);
    assert!((pair_weight(&pair, Some(1_180 * DAY), &p) - 0.75).abs() < 1e-6);
    assert_eq!(pair_weight(&pair, pair.last_ts, &p), 3.0);
    assert_eq!(pair_weight(&pair, None, &p), 3.0);
    pair.last_ts = None;
    assert_eq!(
        pair_weight(&pair, now, &p),
        3.0,
        "aggregates without time are not decayed"
    );
    pair.last_ts = Some(1_000 * DAY);
    let off = TasteParams {
        half_life_days: 0.0,
        ..Default::default()
    };
    assert_eq!(pair_weight(&pair, now, &off), 3.0);
}

fn catalogue() -> Vec<Track> {
    let t = |artist: &str, pop: Option<u8>| Track {
        artist: artist.into(),
        popularity: pop,
        ..Default::default()
    };
    vec![
        t("The Band", Some(50)), // 0
        t("Other", Some(90)),    // 1
        t("Band", Some(0)),      // 2: the same artist once normalized
        t("the band", Some(30)), // 3
        t("", Some(10)),         // 4: no artist
        t("Other", None),        // 5
    ]
}

#[test]
fn artists_are_indexed_by_normalized_name_most_popular_first() {
    let idx = ArtistIndex::from_tracks(&catalogue());
    assert_eq!(idx.len(), 2);
    let band = idx.index_of("band").unwrap();
    assert_eq!(idx.name(band), "band");
    assert_eq!(idx.tracks(band), (&[0u32, 3, 2][..], &[50u8, 30, 0][..]));
    assert_eq!(idx.tracks(idx.index_of("other").unwrap()).0, &[1, 5]);
    assert_eq!(
        idx.index_of("the band"),
        None,
        "lookups take normalized names"
    );
}

#[test]
fn artist_plays_spread_by_popularity() {
    let idx = ArtistIndex::from_tracks(&catalogue());
    let band = idx.index_of("band").unwrap();
    let params = TasteParams {
        artist_spread_tracks: 2,
        ..Default::default()
    };
    let plays = [
        ArtistPlays {
            listener: 4,
            artist: band,
            plays: 3.0,
        },
        ArtistPlays {
            listener: 1,
            artist: band,
            plays: 0.0,
        },
    ];
    let s = spread_artist_plays(&plays, &idx, &params).unwrap();
    // Total log2(1 + 3) = 2 over the top two tracks, shares (50+1) : (30+1).
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].listener, s[0].track, s[1].track), (4, 0, 3));
    assert!(
        (s[0].weight - 2.0 * 51.0 / 82.0).abs() < 1e-6
            && (s[1].weight - 2.0 * 31.0 / 82.0).abs() < 1e-6
    );
    let bad = [ArtistPlays {
        listener: 0,
        artist: 7,
        plays: 1.0,
    }];
    assert_eq!(
        spread_artist_plays(&bad, &idx, &params),
        Err(TasteError::ArtistOutOfRange {
            artist: 7,
            n_artists: 2
        })
    );
}

/// Three orthonormal track vectors (and a fourth, the sum of the first two).
fn basis() -> Array2<f32> {
    array![
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.0, 0.0, 1.0],
        [FRAC_1_SQRT_2, FRAC_1_SQRT_2, 0.0]
    ]
}

fn pair(
    listener: u32,
    track: u32,
    plays: f32,
    skips: f32,
    saves: f32,
    ts: Option<i64>,
) -> PairSignal {
    PairSignal {
        listener,
        track,
        plays,
        skips,
        saves,
        adds: 0.0,
        last_ts: ts,
    }
}

fn taste(n: usize, pairs: &[PairSignal], params: &TasteParams) -> TasteVectors {
    let idx = ArtistIndex::default();
    build_taste(
        n,
        pairs,
        &[],
        &idx,
        basis().view(),
        params,
        &CancelToken::new(),
        &mut |_| {},
    )
    .unwrap()
}

#[test]
fn taste_is_the_direction_of_the_weighted_tracks() {
    let pairs = [
        pair(0, 0, 3.0, 0.0, 0.0, None), // weight 2
        pair(0, 1, 0.0, 0.0, 1.0, None), // weight 3
        pair(0, 2, 0.0, 1.0, 0.0, None), // weight −0.5: pushes away
        pair(1, 2, 0.0, 3.0, 0.0, None), // only skips: no evidence
        pair(3, 0, 1.0, 0.0, 0.0, Some(100 * DAY)),
        pair(3, 1, 1.0, 0.0, 0.0, Some(10 * DAY)), // 90 days older: half
    ];
    let p = TasteParams {
        min_tracks: 2,
        ..Default::default()
    };
    let t = taste(4, &pairs, &p);
    let n = (4.0f32 + 9.0 + 0.25).sqrt();
    let want = [2.0 / n, 3.0 / n, -0.5 / n];
    assert!(
        t.vectors
            .row(0)
            .iter()
            .zip(want)
            .all(|(a, b)| (a - b).abs() < 1e-5),
        "{:?}",
        t.vectors.row(0)
    );
    assert_eq!(t.evidence, vec![2, 0, 0, 2]);
    assert_eq!(t.eligible, vec![true, false, false, true]);
    assert!(t
        .vectors
        .row(1)
        .iter()
        .chain(t.vectors.row(2))
        .all(|x| *x == 0.0));
    let n3 = (1.0f32 + 0.25).sqrt();
    assert!(
        (t.vectors[[3, 0]] - 1.0 / n3).abs() < 1e-5 && (t.vectors[[3, 1]] - 0.5 / n3).abs() < 1e-5
    );
    // Order does not matter; a pair listed twice adds up.
    let mut shuffled = pairs.to_vec();
    shuffled.reverse();
    assert_eq!(taste(4, &shuffled, &p), t);
    let doubled = [
        pair(0, 0, 1.0, 0.0, 0.0, None),
        pair(0, 0, 2.0, 0.0, 0.0, None),
    ];
    assert_eq!(taste(1, &doubled, &p).evidence, vec![1]);
}

#[test]
fn artist_plays_count_as_evidence_and_direction() {
    let tracks = vec![
        Track {
            artist: "A".into(),
            popularity: Some(10),
            ..Default::default()
        },
        Track {
            artist: "B".into(),
            popularity: Some(10),
            ..Default::default()
        },
        Track {
            artist: "B".into(),
            popularity: Some(10),
            ..Default::default()
        },
        Track {
            artist: "C".into(),
            ..Default::default()
        },
    ];
    let idx = ArtistIndex::from_tracks(&tracks);
    let plays = [ArtistPlays {
        listener: 0,
        artist: idx.index_of("b").unwrap(),
        plays: 10.0,
    }];
    let t = build_taste(
        1,
        &[],
        &plays,
        &idx,
        basis().view(),
        &TasteParams::default(),
        &CancelToken::new(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(t.evidence, vec![2]);
    assert!((t.vectors[[0, 1]] - t.vectors[[0, 2]]).abs() < 1e-6 && t.vectors[[0, 0]] == 0.0);
}

#[test]
fn histories_keep_positive_decayed_weights() {
    let pairs = [
        pair(1, 0, 1.0, 0.0, 0.0, Some(0)),
        pair(1, 2, 0.0, 1.0, 0.0, Some(0)),
        pair(1, 3, 1.0, 0.0, 0.0, Some(90 * DAY)),
    ];
    let h = listener_histories(3, &pairs, &[], &ArtistIndex::default(), &TasteParams::default()).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h.get(0), (&[][..], &[][..]));
    assert_eq!(h.get(1), (&[0u32, 3][..], &[0.5f32, 1.0][..]));
}

#[test]
fn bad_signals_and_cancellation_are_reported() {
    let idx = ArtistIndex::default();
    let tv = basis();
    let token = CancelToken::new();
    let p = TasteParams::default();
    let run = |pairs: &[PairSignal], n: usize| {
        build_taste(n, pairs, &[], &idx, tv.view(), &p, &token, &mut |_| {})
    };
    assert_eq!(
        run(&[pair(5, 0, 1.0, 0.0, 0.0, None)], 2).unwrap_err(),
        TasteError::ListenerOutOfRange {
            listener: 5,
            n_listeners: 2
        }
    );
    assert_eq!(
        run(&[pair(0, 9, 1.0, 0.0, 0.0, None)], 2).unwrap_err(),
        TasteError::TrackOutOfRange {
            track: 9,
            n_tracks: 4
        }
    );
    let bad = TasteParams {
        half_life_days: -1.0,
        ..Default::default()
    };
    assert!(matches!(
        bad.check(),
        Err(TasteError::Param {
            name: "halfLifeDays",
            ..
        })
    ));
    token.cancel();
    assert_eq!(run(&[], 3).unwrap_err(), TasteError::Cancelled);
}

#[test]
fn progress_ends_at_every_listener_and_defaults_are_named() {
    let mut seen = Vec::new();
    let pairs: Vec<_> = (0..20_000)
        .map(|l| pair(l, l % 3, 1.0, 0.0, 0.0, None))
        .collect();
    let idx = ArtistIndex::default();
    let t = build_taste(
        20_000,
        &pairs,
        &[],
        &idx,
        basis().view(),
        &TasteParams::default(),
        &CancelToken::new(),
        &mut |p| seen.push(p),
    )
    .unwrap();
    assert_eq!(seen.last(), Some(&Progress::of(20_000.0, 20_000.0)));
    assert_eq!((t.n_eligible(), t.evidence[7]), (0, 1));
    let d = TasteParams::default();
    assert_eq!(
        (d.weight_play, d.weight_skip, d.weight_save, d.weight_add),
        (1.0, -0.5, 3.0, 2.0)
    );
    assert_eq!(
        (d.half_life_days, d.artist_spread_tracks, d.min_tracks),
        (90.0, 10, 5)
    );
    let p: TasteParams = serde_json::from_str(r#"{"minTracks": 3}"#).unwrap();
    assert_eq!(
        p,
        TasteParams {
            min_tracks: 3,
            ..Default::default()
        }
    );
}
