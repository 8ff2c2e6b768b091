//! Profiles of a hand-made catalogue whose differences are known exactly.

use super::*;
use crate::track::AudioFeatures;

/// A track with the given tags and danceability, energy and valence.
fn track(genre: &str, sub: &str, artist: &str, dev: [f32; 3]) -> Track {
    Track {
        artist: artist.into(),
        genres: vec![genre.into()],
        subgenres: vec![sub.into()],
        features: AudioFeatures {
            danceability: Some(dev[0]),
            energy: Some(dev[1]),
            valence: Some(dev[2]),
            ..AudioFeatures::default()
        },
        ..Track::default()
    }
}

/// A catalogue, listeners' segments and their weights.
type Scenario = (Vec<Track>, Vec<Option<u32>>, Vec<(u32, u32, f32)>);

/// Three segments of six listeners: 0 plays latin (danceable), 1 rock (sad), 2 pop (energetic).
/// Listener 0 also plays one track by a one-off artist; listener 18 is unassigned.
fn scenario() -> Scenario {
    let tracks = vec![
        track("latin", "reggaeton", "Bad Bunny", [0.9, 0.5, 0.5]),
        track("latin", "reggaeton", "Bad Bunny", [0.9, 0.5, 0.5]),
        track("rock", "hard rock", "AC/DC", [0.5, 0.5, 0.1]),
        track("pop", "dance pop", "Dua Lipa", [0.5, 0.9, 0.5]),
        track("latin", "reggaeton", "One Off", [0.9, 0.5, 0.5]),
    ];
    let mut assignments: Vec<Option<u32>> = (0..18).map(|l| Some(l / 6)).collect();
    assignments.push(None);
    let mut weights = Vec::new();
    for l in 0..18u32 {
        match l / 6 {
            0 => weights.extend([(l, 0, 2.0), (l, 1, 1.0)]),
            1 => weights.push((l, 2, 3.0)),
            _ => weights.push((l, 3, 1.5)),
        }
    }
    weights.push((0, 4, 3.0)); // one listener's one-off artist, same features as the rest
    weights.push((18, 2, 100.0)); // unassigned: ignored
    weights.push((7, 0, -5.0)); // a net skip: ignored
    (tracks, assignments, weights)
}

#[test]
fn features_are_standardized_against_the_population() {
    let (tracks, assignments, weights) = scenario();
    let p = profile_segments(&tracks, &assignments, 3, &weights).unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!((p[0].size, p[1].size, p[2].size), (6, 6, 6));
    assert!((p[0].share - 1.0 / 3.0).abs() < 1e-12);
    // Danceability: segment means 0.9, 0.5, 0.5; population 0.6333, sd 0.1886: z = √2.
    let top = &p[0].features[0];
    assert_eq!(top.feature, Feature::Danceability);
    assert!((top.segment_mean - 0.9).abs() < 1e-6);
    assert!((top.population_mean - 1.9 / 3.0).abs() < 1e-6);
    assert!(
        (top.difference - 2f64.sqrt()).abs() < 1e-5,
        "{}",
        top.difference
    );
    assert_eq!(p[1].features[0].feature, Feature::Valence);
    assert!((p[1].features[0].difference + 2f64.sqrt()).abs() < 1e-5);
    assert_eq!(p[2].features[0].feature, Feature::Energy);
    // Sorted by magnitude; only features the tracks carry appear.
    assert_eq!(p[0].features.len(), 3);
    assert!(p[0]
        .features
        .windows(2)
        .all(|w| w[0].difference.abs() >= w[1].difference.abs()));
}

#[test]
fn lifts_need_support_and_names_read_well() {
    let (tracks, assignments, weights) = scenario();
    let p = profile_segments(&tracks, &assignments, 3, &weights).unwrap();
    let latin = &p[0].genres[0];
    assert_eq!(latin.label, "latin");
    assert_eq!(latin.listeners, 6);
    assert!((latin.segment_share - 1.0).abs() < 1e-12);
    // Latin weight: 6 × 3 + 3 = 21 out of 21 + 18 + 9 = 48.
    assert!((latin.population_share - 21.0 / 48.0).abs() < 1e-9);
    assert!((latin.lift - 48.0 / 21.0).abs() < 1e-9);
    let artists: Vec<&str> = p[0].artists.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        artists,
        vec!["Bad Bunny"],
        "the one-off artist has one listener"
    );
    assert_eq!(p[0].auto_name, "Latin · high danceability");
    assert_eq!(p[1].auto_name, "Rock · low valence");
    assert_eq!(p[2].auto_name, "Pop · high energy");
    // No segment lists a label it engages with less than the population.
    assert!(p
        .iter()
        .all(|s| s.genres.iter().chain(&s.subgenres).all(|l| l.lift > 1.0)));
}

#[test]
fn empty_segments_and_bad_indices() {
    let (tracks, assignments, weights) = scenario();
    let p = profile_segments(&tracks, &assignments, 4, &weights).unwrap();
    assert_eq!(p[3].size, 0);
    assert!(p[3].features.is_empty() && p[3].genres.is_empty());
    assert_eq!(p[3].auto_name, "Segment 4");
    let err = profile_segments(&tracks, &assignments, 2, &weights).unwrap_err();
    assert!(matches!(
        err,
        SegmentError::OutOfRange {
            what: "segment",
            index: 2,
            ..
        }
    ));
    let err = profile_segments(&tracks, &assignments, 3, &[(0, 9, 1.0)]).unwrap_err();
    assert!(matches!(
        err,
        SegmentError::OutOfRange {
            what: "track",
            index: 9,
            len: 5
        }
    ));
    let err = profile_segments(&tracks, &assignments, 3, &[(40, 0, 1.0)]).unwrap_err();
    assert!(matches!(
        err,
        SegmentError::OutOfRange {
            what: "listener",
            index: 40,
            ..
        }
    ));
}
