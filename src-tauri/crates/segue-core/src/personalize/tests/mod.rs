//! Tests of personalization: hand cases for each step (`cases`, `cases_rules`), the offline
//! metrics (`metrics`), and properties over random catalogues, seeds, rules and segments
//! (`props`). Fixtures here.

mod cases;
mod cases_rules;
mod metrics;
mod props;

use ndarray::Array2;

use super::*;

/// Facts of a track by `artist` with `energy` (3:30 long, tempo 120, popularity 50).
pub(super) fn fact(artist: u32, energy: f32) -> TrackFacts {
    TrackFacts {
        artist,
        genres: Vec::new(),
        explicit: false,
        duration_ms: 210_000,
        popularity: Some(50),
        energy: Some(energy),
        tempo: Some(120.0),
    }
}

/// A context from rows of vectors, facts and segments given as (centroid, listeners, engagement).
pub(super) fn context(rows: &[Vec<f32>], facts: &[TrackFacts], segments: Vec<SegmentFacts>) -> PreviewContext {
    let d = rows.first().map_or(0, Vec::len);
    let flat: Vec<f32> = rows.iter().flatten().copied().collect();
    let vectors = Array2::from_shape_vec((rows.len(), d), flat).expect("rows of one width");
    PreviewContext::new(facts, vectors, segments).expect("a valid context")
}

/// A segment with a centroid and no engagement.
pub(super) fn segment(centroid: Vec<f32>) -> SegmentFacts {
    SegmentFacts { centroid, engagement: SegmentEngagement { listeners: 10, ..Default::default() } }
}

/// A request for `segments` with an unpinned seed (pins by position), strength 1, no rules.
pub(super) fn request(seed: &[u32], pins: &[usize], segments: &[u32]) -> PreviewRequest {
    PreviewRequest {
        seed: seed.iter().enumerate().map(|(i, &track)| SeedSlot { track, pinned: pins.contains(&i) }).collect(),
        pool: Vec::new(),
        expand: None,
        rules: Rules::default(),
        strength: 1.0,
        segments: segments.to_vec(),
        params: PersonalizeParams::default(),
    }
}

/// The tracks of a variant in order.
pub(super) fn tracks(v: &Variant) -> Vec<u32> {
    v.tracks.iter().map(|t| t.track).collect()
}

/// A unit vector at `degrees` in the plane.
pub(super) fn at(degrees: f32) -> Vec<f32> {
    let r = degrees.to_radians();
    vec![r.cos(), r.sin()]
}
