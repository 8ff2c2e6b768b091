//! The preview context: what does not change while an editor edits a seed, computed once per
//! (vector build, segment model) and shared by every preview.
//!
//! It holds, over dense track indices, the L2-normalized track vectors, the few facts rules and
//! sequencing read (artist, explicit flag, duration, popularity, energy, tempo), every track's
//! affinity to every segment (the cosine to the segment's normalized centroid, a `n × k` table
//! computed here so that a preview only looks it up), and each segment's observed engagement with
//! tracks, sparse and sorted by track. Building it costs one `n × d × k` product; a preview then
//! touches only its candidates and one pass over the vectors for pool expansion.

use std::collections::HashMap;

use ndarray::{Array2, Axis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::PersonalizeError;
use crate::signals::PairSignal;
use crate::track::Track;

/// Energy assumed for a catalogue without any energy values.
const FALLBACK_ENERGY: f32 = 0.5;
/// Tempo assumed for a catalogue without any measured tempo.
const FALLBACK_TEMPO: f32 = 120.0;

/// What the engine needs to know about one track besides its vector.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct TrackFacts {
    /// Dense artist index (the store's numbering of normalized artist names).
    pub artist: u32,
    /// Whether the track has explicit lyrics (unknown counts as not explicit).
    pub explicit: bool,
    /// Length in milliseconds.
    pub duration_ms: u32,
    /// Popularity 0–100, when known.
    pub popularity: Option<u8>,
    /// Energy 0–1, when known (missing values take the catalogue's mean).
    pub energy: Option<f32>,
    /// Tempo in BPM, when measured (missing values and 0 take the catalogue's mean).
    pub tempo: Option<f32>,
}

impl TrackFacts {
    /// The facts of a catalogue track whose artist has dense index `artist`.
    pub fn from_track(track: &Track, artist: u32) -> Self {
        Self {
            artist,
            explicit: track.explicit.unwrap_or(false),
            duration_ms: track.duration_ms,
            popularity: track.popularity,
            energy: track.features.energy,
            tempo: track.features.tempo,
        }
    }
}

/// How one segment's listeners engaged with one track, summed over those listeners.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct TrackEngagement {
    /// Dense track index.
    pub track: u32,
    /// Plays (of at least 30 s).
    pub plays: f32,
    /// Skips (short plays included).
    pub skips: f32,
    /// Saves.
    pub saves: f32,
    /// Listeners of the segment who played, saved or added the track.
    pub listeners: u32,
}

impl TrackEngagement {
    /// Listens that a save or skip rate is a share of: plays and skips, or the saves when a
    /// source reports more saves than listens.
    pub fn exposures(&self) -> f32 {
        (self.plays + self.skips).max(self.saves)
    }
}

/// One segment's observed engagement: its size and, per track it touched, the sums.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SegmentEngagement {
    /// Listeners assigned to the segment.
    pub listeners: u32,
    /// One entry per track, in any order (the context sorts them and adds up repeats).
    pub tracks: Vec<TrackEngagement>,
}

/// A segment as the engine sees it: where its taste is and what it does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SegmentFacts {
    /// The centroid in taste-vector space (= track-vector space); normalized by the context.
    pub centroid: Vec<f32>,
    /// What the segment's listeners did.
    pub engagement: SegmentEngagement,
}

/// Mean save and skip rates over every segment's listens, and the mean reach of a track: where
/// thin evidence is shrunk to.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct GlobalRates {
    /// Saves per listen.
    pub save: f64,
    /// Skips per listen.
    pub skip: f64,
    /// Listens the rates were measured on.
    pub exposures: f64,
    /// Share of a segment's listeners who played, saved or added a track, over every segment
    /// and every catalogue track.
    #[serde(default)]
    pub reach: f64,
}

/// Everything a preview reads that does not change while the seed, the pool, the rules or the
/// strength change. Build it once per (vector build, segment model) with [`PreviewContext::new`].
#[derive(Debug, Clone)]
pub struct PreviewContext {
    pub(crate) vectors: Array2<f32>,
    pub(crate) artist: Vec<u32>,
    pub(crate) explicit: Vec<bool>,
    pub(crate) duration_ms: Vec<u32>,
    pub(crate) popularity: Vec<Option<u8>>,
    pub(crate) energy: Vec<f32>,
    pub(crate) tempo: Vec<f32>,
    /// `n × k`: cosine of each track to each segment's centroid.
    pub(crate) affinity: Array2<f32>,
    pub(crate) engagement: Vec<SegmentEngagement>,
    pub(crate) global: GlobalRates,
}

impl PreviewContext {
    /// Builds the context from per-track facts, the track vectors (one row per track, rows are
    /// L2-normalized here so cosines are dot products) and the segments.
    ///
    /// Fails when the number of rows and facts differ, a centroid has the wrong width, or an
    /// engagement entry names a track outside the catalogue.
    pub fn new(
        tracks: &[TrackFacts],
        mut vectors: Array2<f32>,
        segments: Vec<SegmentFacts>,
    ) -> Result<Self, PersonalizeError> {
        if !vectors.is_standard_layout() {
            vectors = vectors.as_standard_layout().into_owned();
        }
        let (n, d) = vectors.dim();
        if tracks.len() != n {
            return Err(PersonalizeError::Rows { what: "track vectors", expected: tracks.len(), found: n });
        }
        vectors.axis_iter_mut(Axis(0)).into_par_iter().for_each(|mut row| {
            let norm = row.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
            if norm > 1e-12 {
                row.mapv_inplace(|x| (f64::from(x) / norm) as f32);
            }
        });
        let k = segments.len();
        let mut centroids = Array2::<f32>::zeros((k, d));
        let mut engagement = Vec::with_capacity(k);
        for (s, seg) in segments.into_iter().enumerate() {
            if seg.centroid.len() != d {
                return Err(PersonalizeError::Dimension { expected: d, found: seg.centroid.len() });
            }
            let norm = seg.centroid.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
            if norm > 1e-12 {
                for (c, x) in centroids.row_mut(s).iter_mut().zip(&seg.centroid) {
                    *c = (f64::from(*x) / norm) as f32;
                }
            }
            engagement.push(tidy(seg.engagement, n)?);
        }
        let affinity = vectors.dot(&centroids.t());
        let (energy, tempo) = filled_features(tracks);
        let global = global_rates(&engagement, n);
        Ok(Self {
            vectors,
            artist: tracks.iter().map(|t| t.artist).collect(),
            explicit: tracks.iter().map(|t| t.explicit).collect(),
            duration_ms: tracks.iter().map(|t| t.duration_ms).collect(),
            popularity: tracks.iter().map(|t| t.popularity).collect(),
            energy,
            tempo,
            affinity,
            engagement,
            global,
        })
    }

    /// Number of tracks.
    pub fn n_tracks(&self) -> usize {
        self.vectors.nrows()
    }

    /// Width of a track vector.
    pub fn dim(&self) -> usize {
        self.vectors.ncols()
    }

    /// The L2-normalized track vectors, one row per dense track index.
    pub fn track_vectors(&self) -> ndarray::ArrayView2<'_, f32> {
        self.vectors.view()
    }

    /// Number of segments.
    pub fn n_segments(&self) -> usize {
        self.engagement.len()
    }

    /// The mean save and skip rates shrinkage pulls towards.
    pub fn global_rates(&self) -> GlobalRates {
        self.global
    }

    /// A track's (normalized) vector.
    pub fn vector(&self, track: u32) -> &[f32] {
        let row = self.vectors.row(track as usize);
        row.to_slice().expect("rows of a standard-layout array are contiguous")
    }

    /// Cosine between a track and a segment's centroid.
    pub fn affinity(&self, segment: u32, track: u32) -> f32 {
        self.affinity[(track as usize, segment as usize)]
    }

    /// A segment's engagement with a track, if any of its listeners touched it.
    pub fn engagement(&self, segment: u32, track: u32) -> Option<&TrackEngagement> {
        let tracks = &self.engagement[segment as usize].tracks;
        tracks.binary_search_by_key(&track, |e| e.track).ok().map(|i| &tracks[i])
    }

    /// Listeners assigned to a segment.
    pub fn segment_listeners(&self, segment: u32) -> u32 {
        self.engagement[segment as usize].listeners
    }

    /// Whether a segment already plays a track: at least `share` of its listeners (and at least
    /// one) played, saved or added it.
    pub fn is_familiar(&self, segment: u32, track: u32, share: f32) -> bool {
        let need = (f64::from(share) * f64::from(self.segment_listeners(segment))).ceil().max(1.0);
        self.engagement(segment, track).is_some_and(|e| f64::from(e.listeners) >= need)
    }

    /// A track's energy (the catalogue mean where unknown).
    pub fn energy(&self, track: u32) -> f32 {
        self.energy[track as usize]
    }

    /// A track's tempo in BPM (the catalogue mean where unmeasured).
    pub fn tempo(&self, track: u32) -> f32 {
        self.tempo[track as usize]
    }

    /// A track's artist index.
    pub fn artist(&self, track: u32) -> u32 {
        self.artist[track as usize]
    }

    /// Whether a track is explicit.
    pub fn is_explicit(&self, track: u32) -> bool {
        self.explicit[track as usize]
    }

    /// A track's length in milliseconds.
    pub fn duration_ms(&self, track: u32) -> u32 {
        self.duration_ms[track as usize]
    }

    /// A track's popularity, when known.
    pub fn popularity(&self, track: u32) -> Option<u8> {
        self.popularity[track as usize]
    }

    /// `tracks` ordered by popularity, most popular first (unknown last, ties by index): the
    /// unpersonalized baseline of offline evaluation.
    pub fn popularity_order(&self, tracks: &[u32]) -> Vec<u32> {
        let mut out = tracks.to_vec();
        out.sort_by_key(|&t| (std::cmp::Reverse(self.popularity(t).map_or(-1, i16::from)), t));
        out
    }
}

/// Sorts a segment's engagement by track, adds up repeats and checks the indices.
fn tidy(mut e: SegmentEngagement, n: usize) -> Result<SegmentEngagement, PersonalizeError> {
    if let Some(bad) = e.tracks.iter().find(|t| t.track as usize >= n) {
        return Err(PersonalizeError::TrackOutOfRange { track: bad.track, n_tracks: n });
    }
    e.tracks.sort_by_key(|t| t.track);
    e.tracks.dedup_by(|later, kept| {
        let same = later.track == kept.track;
        if same {
            kept.plays += later.plays;
            kept.skips += later.skips;
            kept.saves += later.saves;
            kept.listeners += later.listeners;
        }
        same
    });
    Ok(e)
}

/// Energy and tempo per track, with missing values (and tempo 0, "not measured") filled by the
/// catalogue mean so that sequencing never has to special-case them.
fn filled_features(tracks: &[TrackFacts]) -> (Vec<f32>, Vec<f32>) {
    let mean = |values: &mut dyn Iterator<Item = f32>, fallback: f32| {
        let (sum, count) = values.fold((0.0f64, 0usize), |(s, c), v| (s + f64::from(v), c + 1));
        if count == 0 {
            fallback
        } else {
            (sum / count as f64) as f32
        }
    };
    let energy_of = |t: &TrackFacts| t.energy.filter(|e| e.is_finite());
    let tempo_of = |t: &TrackFacts| t.tempo.filter(|x| x.is_finite() && *x > 0.0);
    let me = mean(&mut tracks.iter().filter_map(energy_of), FALLBACK_ENERGY);
    let mt = mean(&mut tracks.iter().filter_map(tempo_of), FALLBACK_TEMPO);
    (
        tracks.iter().map(|t| energy_of(t).unwrap_or(me)).collect(),
        tracks.iter().map(|t| tempo_of(t).unwrap_or(mt)).collect(),
    )
}

/// Save and skip rates over every segment's listens, and the mean reach over every segment and
/// each of the `n_tracks` catalogue tracks.
fn global_rates(segments: &[SegmentEngagement], n_tracks: usize) -> GlobalRates {
    let (mut saves, mut skips, mut exposures, mut reached) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for e in segments.iter().flat_map(|s| &s.tracks) {
        saves += f64::from(e.saves);
        skips += f64::from(e.skips);
        exposures += f64::from(e.exposures());
        reached += f64::from(e.listeners);
    }
    let trials = segments.iter().map(|s| f64::from(s.listeners)).sum::<f64>() * n_tracks as f64;
    let share = |events: f64, of: f64| if of > 0.0 { events / of } else { 0.0 };
    GlobalRates {
        save: share(saves, exposures),
        skip: share(skips, exposures),
        exposures,
        reach: share(reached, trials),
    }
}

/// Sums the pair signals of each segment's listeners per track: the engagement half of
/// [`SegmentFacts`]. `assignments[l]` is listener `l`'s segment (`None`: not assigned, ignored);
/// a listener counts towards a track's `listeners` when they played, saved or added it. Pairs
/// are expected once per (listener, track), as the taste step folds them.
pub fn aggregate_engagement(
    pairs: &[PairSignal],
    assignments: &[Option<u32>],
    k: u32,
    n_tracks: usize,
) -> Result<Vec<SegmentEngagement>, PersonalizeError> {
    let mut out: Vec<SegmentEngagement> = vec![SegmentEngagement::default(); k as usize];
    for s in assignments.iter().flatten() {
        let seg = out
            .get_mut(*s as usize)
            .ok_or(PersonalizeError::SegmentOutOfRange { segment: *s, n_segments: k as usize })?;
        seg.listeners += 1;
    }
    let mut maps: Vec<HashMap<u32, TrackEngagement>> = vec![HashMap::new(); k as usize];
    for p in pairs {
        let seg = *assignments
            .get(p.listener as usize)
            .ok_or(PersonalizeError::ListenerOutOfRange { listener: p.listener, n_listeners: assignments.len() })?;
        if p.track as usize >= n_tracks {
            return Err(PersonalizeError::TrackOutOfRange { track: p.track, n_tracks });
        }
        let Some(seg) = seg else { continue };
        let e = maps[seg as usize]
            .entry(p.track)
            .or_insert(TrackEngagement { track: p.track, ..TrackEngagement::default() });
        e.plays += p.plays;
        e.skips += p.skips;
        e.saves += p.saves;
        e.listeners += u32::from(p.plays + p.saves + p.adds > 0.0);
    }
    for (seg, map) in out.iter_mut().zip(maps) {
        seg.tracks = map.into_values().collect();
        seg.tracks.sort_by_key(|t| t.track);
    }
    Ok(out)
}
