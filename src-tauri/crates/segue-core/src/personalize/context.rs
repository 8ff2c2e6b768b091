//! The preview context: what does not change while an editor edits a seed, computed once per
//! (vector build, segment model) and shared by every preview.
//!
//! It holds, over dense track indices, the L2-normalized track vectors, the few facts rules and
//! sequencing read (artist, explicit flag, duration, popularity, energy, tempo), every track's
//! affinity to every segment (the cosine to the segment's normalized centroid, a `n × k` table
//! computed here so that a preview only looks it up), and each segment's observed engagement with
//! tracks (sparse, sorted by track) and with artists (dense, `k × artists`). It also fixes each
//! segment's *scales* — the spread of affinity and of engagement over the whole catalogue — so
//! that the parts of a candidate's relevance are summed in comparable units (see
//! [`SegmentScales`]). Building it costs one `n × d × k` product and one `n × k` pass; a preview
//! then touches only its candidates and one pass over the vectors for pool expansion.

use std::collections::HashMap;

use ndarray::{Array2, Axis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::PersonalizeError;
use crate::track::Track;

/// The smallest affinity spread a segment's scale takes: cosine differences below a hundredth
/// are noise in track vectors.
pub const MIN_AFFINITY_SPREAD: f64 = 0.01;

/// Energy assumed for a catalogue without any energy values.
const FALLBACK_ENERGY: f32 = 0.5;
/// Tempo assumed for a catalogue without any measured tempo.
const FALLBACK_TEMPO: f32 = 120.0;

/// What the engine needs to know about one track besides its vector.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrackFacts {
    /// Dense artist index (the store's numbering of normalized artist names).
    pub artist: u32,
    /// The genres the track is filed under, as dense genre indices (the caller's numbering; the
    /// theme of a seed is the genres its tracks are filed under).
    #[serde(default)]
    pub genres: Vec<u32>,
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
    /// `genre(name)` numbers a genre name (see [`TrackFacts::genres`]).
    pub fn from_track(track: &Track, artist: u32, genre: impl FnMut(&str) -> u32) -> Self {
        let mut genres: Vec<u32> = track.genres.iter().map(String::as_str).map(genre).collect();
        genres.sort_unstable();
        genres.dedup();
        Self {
            artist,
            genres,
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

/// How many of one segment's listeners played an artist (any of its tracks, or the artist in
/// artist-level plays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArtistReach {
    /// The artist (as in [`TrackFacts::artist`]).
    pub artist: u32,
    /// Distinct listeners of the segment who played it.
    pub listeners: u32,
}

/// One segment's observed engagement: its size and, per track and per artist it touched, the
/// sums.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SegmentEngagement {
    /// Listeners assigned to the segment.
    pub listeners: u32,
    /// One entry per track, in any order (the context sorts them and adds up repeats).
    pub tracks: Vec<TrackEngagement>,
    /// One entry per artist, in any order (repeats add up). Empty when only track-level counts
    /// are known: then an artist's reach is unknown and counts as none.
    #[serde(default)]
    pub artists: Vec<ArtistReach>,
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

/// The spread of a segment's affinity and engagement over the whole catalogue: the units in
/// which a candidate's relevance adds them up. Affinity is a cosine (about 0.5–0.9 for real
/// listeners), engagement a share (reach differences of about 0.01), so summed raw the cosine
/// decides every rank and engagement none; divided by their spreads, one unit of either is "as
/// unusual as one standard deviation across the catalogue" for this segment. Each spread is at
/// least its resolution (see `PreviewContext::new`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentScales {
    /// Standard deviation of the cosine to the segment's centroid over catalogue tracks.
    pub affinity: f64,
    /// Standard deviation of [`super::engagement_score`] over catalogue tracks, at the default
    /// shrinkage.
    pub engagement: f64,
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
    /// Genres per track, as offsets into `genre_ids` (`n + 1` entries).
    genre_start: Vec<u32>,
    genre_ids: Vec<u32>,
    /// Per track, its artist numbered densely among the catalogue's artists.
    artist_slot: Vec<u32>,
    /// Per artist slot, its tracks as offsets into `artist_tracks` (most popular first).
    artist_track_start: Vec<u32>,
    artist_tracks: Vec<u32>,
    /// `n × k`: cosine of each track to each segment's centroid.
    pub(crate) affinity: Array2<f32>,
    pub(crate) engagement: Vec<SegmentEngagement>,
    /// `k × artists`: distinct listeners of each segment who played each artist.
    artist_listeners: Array2<u32>,
    /// Whether any segment reported artist-level reach.
    has_artist_reach: bool,
    /// Per track and per artist slot, the listeners of every segment together.
    track_listeners_all: Vec<u32>,
    artist_listeners_all: Vec<u32>,
    pub(crate) global: GlobalRates,
    scales: Vec<SegmentScales>,
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
        let mut slot_of: HashMap<u32, u32> = HashMap::new();
        let artist_slot: Vec<u32> = tracks
            .iter()
            .map(|t| {
                let next = slot_of.len() as u32;
                *slot_of.entry(t.artist).or_insert(next)
            })
            .collect();
        let n_artists = slot_of.len();
        let k = segments.len();
        let mut centroids = Array2::<f32>::zeros((k, d));
        let mut engagement = Vec::with_capacity(k);
        let mut artist_listeners = Array2::<u32>::zeros((k, n_artists));
        let mut has_artist_reach = false;
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
            for a in &seg.engagement.artists {
                has_artist_reach = true;
                // Artists without a track in the catalogue cannot be played from it.
                if let Some(&slot) = slot_of.get(&a.artist) {
                    artist_listeners[(s, slot as usize)] += a.listeners;
                }
            }
            engagement.push(tidy(seg.engagement, n)?);
        }
        let affinity = vectors.dot(&centroids.t());
        let (energy, tempo) = filled_features(tracks);
        let global = global_rates(&engagement, n);
        let mut track_listeners_all = vec![0u32; n];
        for e in engagement.iter().flat_map(|s| &s.tracks) {
            track_listeners_all[e.track as usize] += e.listeners;
        }
        let artist_listeners_all: Vec<u32> = artist_listeners.columns().into_iter().map(|c| c.sum()).collect();
        let mut genre_start = Vec::with_capacity(n + 1);
        let mut genre_ids = Vec::new();
        genre_start.push(0);
        for t in tracks {
            genre_ids.extend(&t.genres);
            genre_start.push(genre_ids.len() as u32);
        }
        let (artist_track_start, artist_tracks) = tracks_by_artist(tracks, &artist_slot, n_artists);
        let mut ctx = Self {
            vectors,
            artist: tracks.iter().map(|t| t.artist).collect(),
            explicit: tracks.iter().map(|t| t.explicit).collect(),
            duration_ms: tracks.iter().map(|t| t.duration_ms).collect(),
            popularity: tracks.iter().map(|t| t.popularity).collect(),
            energy,
            tempo,
            genre_start,
            genre_ids,
            artist_slot,
            artist_track_start,
            artist_tracks,
            affinity,
            engagement,
            artist_listeners,
            has_artist_reach,
            track_listeners_all,
            artist_listeners_all,
            global,
            scales: Vec::new(),
        };
        ctx.scales = (0..k as u32).into_par_iter().map(|s| ctx.measure_scales(s)).collect();
        Ok(ctx)
    }

    /// The spreads of one segment's affinity and engagement over the catalogue, each at least
    /// its resolution: a cosine difference of [`MIN_AFFINITY_SPREAD`], and one listener's worth of
    /// reach (`1 / (listeners + prior weight)`). Without the floor a segment whose engagement
    /// barely varies (few listeners, or none observed) would divide noise by almost nothing.
    fn measure_scales(&self, segment: u32) -> SegmentScales {
        let n = self.n_tracks();
        let spread = |values: &mut dyn Iterator<Item = f64>, floor: f64| {
            let (mut sum, mut sq) = (0.0f64, 0.0f64);
            for v in values {
                sum += v;
                sq += v * v;
            }
            let mean = sum / n.max(1) as f64;
            let var = (sq / n.max(1) as f64 - mean * mean).max(0.0);
            var.sqrt().max(floor)
        };
        let prior = f64::from(super::params::DEFAULT_PRIOR_WEIGHT);
        let one_listener = 1.0 / (f64::from(self.segment_listeners(segment)) + prior);
        SegmentScales {
            affinity: spread(&mut (0..n).map(|t| f64::from(self.affinity[(t, segment as usize)])), MIN_AFFINITY_SPREAD),
            engagement: spread(
                &mut (0..n as u32).map(|t| super::score::engagement_of(self, segment, t, prior).score()),
                one_listener,
            ),
        }
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

    /// A segment's scales (see [`SegmentScales`]).
    pub fn scales(&self, segment: u32) -> SegmentScales {
        self.scales[segment as usize]
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

    /// Listeners of every segment together.
    pub fn all_listeners(&self) -> u32 {
        self.engagement.iter().map(|e| e.listeners).sum()
    }

    /// Whether the segments reported artist-level reach (else only track-level counts exist).
    pub fn has_artist_reach(&self) -> bool {
        self.has_artist_reach
    }

    /// Distinct listeners of `segment` (`None`: of every segment) who played `track`'s artist.
    pub fn artist_listeners(&self, segment: Option<u32>, track: u32) -> u32 {
        let slot = self.artist_slot[track as usize] as usize;
        match segment {
            Some(s) => self.artist_listeners[(s as usize, slot)],
            None => self.artist_listeners_all[slot],
        }
    }

    /// Listeners of `segment` (`None`: of every segment) who played, saved or added `track`.
    pub fn track_listeners(&self, segment: Option<u32>, track: u32) -> u32 {
        match segment {
            Some(s) => self.engagement(s, track).map_or(0, |e| e.listeners),
            None => self.track_listeners_all[track as usize],
        }
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

    /// The tracks by the same artist as `track`, most popular first (ties by index).
    pub fn artist_tracks(&self, track: u32) -> &[u32] {
        let slot = self.artist_slot[track as usize] as usize;
        &self.artist_tracks[self.artist_track_start[slot] as usize..self.artist_track_start[slot + 1] as usize]
    }

    /// The genres a track is filed under (dense genre indices, sorted).
    pub fn genres(&self, track: u32) -> &[u32] {
        let t = track as usize;
        &self.genre_ids[self.genre_start[t] as usize..self.genre_start[t + 1] as usize]
    }

    /// Whether a track is filed under any of `genres` (sorted).
    pub fn in_genres(&self, track: u32, genres: &[u32]) -> bool {
        self.genres(track).iter().any(|g| genres.binary_search(g).is_ok())
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

    /// The `k` tracks a segment plays most widely (`None`: every listener), one per artist: the
    /// artists played by the most of its listeners (ties: by every listener, then by artist),
    /// each by its most popular track that `keep` accepts, leaving out artists in `skip`. Where
    /// only track-level counts exist, the tracks played by the most listeners instead. The
    /// offline evaluation's "most-played" baselines.
    pub fn most_played(
        &self,
        segment: Option<u32>,
        k: usize,
        keep: impl Fn(u32) -> bool,
        skip: &std::collections::HashSet<u32>,
    ) -> Vec<u32> {
        let mut out = Vec::with_capacity(k);
        let mut used: std::collections::HashSet<u32> = skip.clone();
        if self.has_artist_reach {
            let n_artists = self.artist_listeners_all.len();
            let mut order: Vec<usize> = (0..n_artists).collect();
            let mine = |a: usize| match segment {
                Some(s) => self.artist_listeners[(s as usize, a)],
                None => self.artist_listeners_all[a],
            };
            order.retain(|&a| mine(a) > 0);
            order.sort_by_key(|&a| (std::cmp::Reverse(mine(a)), std::cmp::Reverse(self.artist_listeners_all[a]), a));
            for a in order {
                if out.len() >= k {
                    break;
                }
                let tracks = &self.artist_tracks[self.artist_track_start[a] as usize..self.artist_track_start[a + 1] as usize];
                let Some(&t) = tracks.iter().find(|&&t| keep(t)) else { continue };
                if used.insert(self.artist(t)) {
                    out.push(t);
                }
            }
        } else {
            let mut order: Vec<u32> =
                (0..self.n_tracks() as u32).filter(|&t| self.track_listeners(segment, t) > 0 && keep(t)).collect();
            order.sort_by_key(|&t| (std::cmp::Reverse(self.track_listeners(segment, t)), t));
            for t in order {
                if out.len() >= k {
                    break;
                }
                if used.insert(self.artist(t)) {
                    out.push(t);
                }
            }
        }
        out
    }

    /// `tracks` ordered by popularity, most popular first (unknown last, ties by index): the
    /// unpersonalized baseline of offline evaluation.
    pub fn popularity_order(&self, tracks: &[u32]) -> Vec<u32> {
        let mut out = tracks.to_vec();
        out.sort_by_key(|&t| (std::cmp::Reverse(self.popularity(t).map_or(-1, i16::from)), t));
        out
    }
}

/// Each artist slot's tracks, most popular first (unknown popularity last, ties by index), as
/// (offsets with `artists + 1` entries, tracks).
fn tracks_by_artist(tracks: &[TrackFacts], slot: &[u32], n_artists: usize) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..tracks.len() as u32).collect();
    order.sort_by_key(|&t| {
        let f = &tracks[t as usize];
        (slot[t as usize], std::cmp::Reverse(f.popularity.map_or(-1, i16::from)), t)
    });
    let mut start = vec![0u32; n_artists + 1];
    for &s in slot {
        start[s as usize + 1] += 1;
    }
    for a in 0..n_artists {
        start[a + 1] += start[a];
    }
    (start, order)
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
