//! Personalization as the studio and the command line use it: a [`PreviewEngine`] built once
//! per (vector build, active segment model) — what does not change while the editor edits — and
//! previews of a seed playlist for every segment, with the editor's settings and pool, as views
//! that name tracks by catalogue id, title and artist.

use std::collections::HashMap;

use ndarray::Array2;
use segue_core::personalize::{
    aggregate_engagement, preview, PreviewContext, PreviewRequest, Rule, Rules, SeedReport, SeedSlot, SegmentFacts,
    TrackFacts, Variant,
};
use segue_core::signals::normalize_artist;
use segue_core::taste::ArtistIndex;
use segue_store::Workspace;
use serde::Serialize;

use crate::engine::EngineInput;
use crate::segments::ModelBody;
use crate::{Error, Result};

pub use segue_core::personalize::{Status, VariantTrack};
pub use segue_store::personalization::{
    PlaylistSettings, RuleSettings, DEFAULT_EXPAND_CAP, DEFAULT_EXPAND_THRESHOLD,
};

/// Default strength: the segment may replace up to half of the seed's unpinned tracks.
pub const DEFAULT_STRENGTH: f32 = segue_core::personalize::DEFAULT_STRENGTH;
/// A track as a preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrackRef {
    /// Catalogue id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Artist.
    pub artist: String,
}

/// One track of a variant: the engine's record with the track named.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantTrackView {
    /// The track.
    pub track: TrackRef,
    /// Kept, moved or added, with its reasons (dense indices inside are the engine's).
    pub detail: segue_core::personalize::VariantTrack,
    /// The seed track it is closest to, named.
    pub closest_seed_track: Option<TrackRef>,
}

/// One segment's column of a preview.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VariantView {
    /// The segment's index in the model.
    pub segment: u32,
    /// Its name.
    pub segment_name: String,
    /// Its listeners.
    pub segment_size: u32,
    /// The variant's tracks in order.
    pub tracks: Vec<VariantTrackView>,
    /// Seed tracks the variant leaves out.
    pub dropped: Vec<TrackRef>,
    /// Its metrics and rule report.
    pub variant: Variant,
    /// The seed as is against the same segment.
    pub seed: SeedReport,
}

/// A seed playlist personalized for segments.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewView {
    /// The playlist.
    pub playlist: u32,
    /// The segment model used.
    pub model: u32,
    /// The settings used.
    pub settings: PlaylistSettings,
    /// The seed in order.
    pub seed: Vec<TrackRef>,
    /// One column per segment.
    pub columns: Vec<VariantView>,
    /// Wall time of the engine in milliseconds.
    pub elapsed_ms: f64,
}

/// What offline evaluation rebuilds from its training signals, in place of what is stored.
pub struct Rebuilt<'a> {
    /// The pair signals the segments' engagement is counted from.
    pub pairs: &'a [segue_core::signals::PairSignal],
    /// The artist-level plays the segments' engagement is counted from.
    pub artist_plays: &'a [segue_core::signals::ArtistPlays],
    /// Each dense listener's segment.
    pub assignments: Vec<Option<u32>>,
    /// Each segment's centroid.
    pub centroids: Vec<Vec<f32>>,
    /// The track vectors, rebuilt from the training signals.
    pub vectors: Array2<f32>,
}

/// What a [`PreviewEngine`] is assembled from, read from the workspace once.
pub struct EngineParts {
    /// The segment model.
    pub model: i64,
    /// Its vector build's id.
    pub build: i64,
    /// The build's parameters.
    pub params: crate::vectors::BuildParams,
    /// The model's centroids (and mixture).
    pub body: ModelBody,
    /// The build's track vectors over the input's dense track indices.
    pub vectors: Array2<f32>,
    /// Each dense listener's stored segment.
    pub assignments: Vec<Option<u32>>,
    segment_names: Vec<String>,
    segment_sizes: Vec<u32>,
}

impl EngineParts {
    /// Reads what the engine for `model` needs beside the engine input.
    pub async fn read(ws: &Workspace, model: i64, input: &EngineInput) -> Result<Self> {
        let record = ws.model(model).await?;
        let build = ws.build(record.build).await?;
        let vectors = track_matrix(ws, &build, input).await?;
        let stored = ws.segments(model).await?;
        Ok(Self {
            model,
            build: build.id,
            params: build.params.0.clone(),
            body: record.model.0,
            vectors,
            assignments: dense_assignments(ws, model, input).await?,
            segment_names: stored.iter().map(|s| s.name.clone()).collect(),
            segment_sizes: stored.iter().map(|s| s.size as u32).collect(),
        })
    }

    /// The segments' names, by index.
    pub fn segment_names(&self) -> &[String] {
        &self.segment_names
    }
}

/// What a preview needs that does not change while the editor edits: built once per vector
/// build and active model.
pub struct PreviewEngine {
    /// The vector build.
    pub build: i64,
    /// The segment model.
    pub model: i64,
    ctx: PreviewContext,
    ids: Vec<String>,
    index: HashMap<String, u32>,
    names: Vec<(String, String)>,
    artists: ArtistIndex,
    segment_names: Vec<String>,
    segment_sizes: Vec<u32>,
}

impl PreviewEngine {
    /// Builds the engine for the active model, `None` when no model is active.
    pub async fn load(ws: &Workspace) -> Result<Option<Self>> {
        let Some(model) = ws.active_model().await? else { return Ok(None) };
        let input = EngineInput::load(ws).await?;
        Self::from_input(ws, model, &input).await.map(Some)
    }

    /// Builds the engine for `model` from inputs already read.
    pub async fn from_input(ws: &Workspace, model: i64, input: &EngineInput) -> Result<Self> {
        let parts = EngineParts::read(ws, model, input).await?;
        Self::assemble(&parts, input, None)
    }

    /// Assembles the engine from its parts, with the stored signals, assignments, centroids and
    /// vectors, or with those offline evaluation rebuilt from its training signals. CPU work
    /// only: no workspace access.
    pub fn assemble(parts: &EngineParts, input: &EngineInput, rebuilt: Option<Rebuilt<'_>>) -> Result<Self> {
        let (pairs, artist_plays, assignments, centroids, vectors) = match rebuilt {
            Some(r) => (r.pairs, r.artist_plays, r.assignments, r.centroids, r.vectors),
            None => (
                &input.pairs[..],
                &input.artist_plays[..],
                parts.assignments.clone(),
                parts.body.centroids.clone(),
                parts.vectors.clone(),
            ),
        };
        let k = centroids.len() as u32;
        let artists = &input.artists;
        let mut genre_index: HashMap<String, u32> = HashMap::new();
        let facts: Vec<TrackFacts> = input
            .tracks
            .iter()
            .enumerate()
            // A track whose artist name normalizes to nothing is its own artist.
            .map(|(i, t)| {
                let artist = artists.index_of(&normalize_artist(&t.artist)).unwrap_or((artists.len() + i) as u32);
                TrackFacts::from_track(t, artist, |g| {
                    let next = genre_index.len() as u32;
                    *genre_index.entry(g.to_lowercase()).or_insert(next)
                })
            })
            .collect();
        // Artist-level plays count as plays of the tracks they spread over (by popularity), so a
        // segment known only through artist plays (Last.fm) still has observed engagement.
        let spread =
            segue_core::taste::spread_artist_plays(artist_plays, &input.artists, &parts.params.taste)?;
        let mut observed = pairs.to_vec();
        observed.extend(spread.iter().filter(|s| s.weight > 0.0).map(|s| segue_core::signals::PairSignal {
            listener: s.listener,
            track: s.track,
            plays: s.weight,
            ..Default::default()
        }));
        let track_artist: Vec<u32> = facts.iter().map(|f| f.artist).collect();
        // A listener counts once towards an artist's reach, through any of its tracks.
        let engagement = aggregate_engagement(&observed, &assignments, k, &track_artist)?;
        let segments =
            centroids.into_iter().zip(engagement).map(|(centroid, engagement)| SegmentFacts { centroid, engagement }).collect();
        let ctx = PreviewContext::new(&facts, vectors, segments)?;
        Ok(Self {
            build: parts.build,
            model: parts.model,
            ctx,
            ids: input.tracks.iter().map(|t| t.id.clone()).collect(),
            index: input.tracks.iter().enumerate().map(|(i, t)| (t.id.clone(), i as u32)).collect(),
            names: input.tracks.iter().map(|t| (t.title.clone(), t.artist.clone())).collect(),
            artists: input.artists.clone(),
            segment_names: parts.segment_names.clone(),
            segment_sizes: parts.segment_sizes.clone(),
        })
    }

    /// The engine's context (for evaluation and benchmarks).
    pub fn context(&self) -> &PreviewContext {
        &self.ctx
    }

    /// Number of segments of the model.
    pub fn n_segments(&self) -> u32 {
        self.segment_names.len() as u32
    }

    /// The dense index of a catalogue id.
    pub fn track_index(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    fn track(&self, i: u32) -> TrackRef {
        let (title, artist) = self.names[i as usize].clone();
        TrackRef { id: self.ids[i as usize].clone(), title, artist }
    }

    fn dense(&self, ids: &[String], what: &str) -> Result<Vec<u32>> {
        ids.iter()
            .map(|id| self.track_index(id).ok_or_else(|| Error::Invalid(format!("{what}: track {id} is not in the catalogue"))))
            .collect()
    }

    /// The engine's request for a seed, a pool and settings.
    pub fn request(&self, seed: &[(String, bool)], pool: &[String], settings: &PlaylistSettings, segments: &[u32]) -> Result<PreviewRequest> {
        let rules = dense_rules(
            &settings.rules,
            |id, what| Ok(self.dense(std::slice::from_ref(&id.to_owned()), what)?[0]),
            |name| self.artists.index_of(&normalize_artist(name)),
        )?;
        let seed = seed
            .iter()
            .map(|(id, pinned)| Ok(SeedSlot { track: self.dense(std::slice::from_ref(id), "seed")?[0], pinned: *pinned }))
            .collect::<Result<Vec<_>>>()?;
        if let Some(bad) = segments.iter().find(|s| **s >= self.n_segments()) {
            return Err(Error::Invalid(format!("segment {bad} is not in the model (it has {})", self.n_segments())));
        }
        Ok(PreviewRequest {
            seed,
            pool: self.dense(pool, "pool")?,
            expand: settings.expand,
            rules,
            strength: settings.strength,
            segments: segments.to_vec(),
            params: settings.params.clone(),
        })
    }

    /// Personalizes a seed for `segments` (every segment when empty).
    pub fn preview(
        &self,
        playlist: u32,
        seed: &[(String, bool)],
        pool: &[String],
        settings: &PlaylistSettings,
        segments: &[u32],
    ) -> Result<PreviewView> {
        let started = std::time::Instant::now();
        let all: Vec<u32> = (0..self.n_segments()).collect();
        let segments = if segments.is_empty() { &all[..] } else { segments };
        let request = self.request(seed, pool, settings, segments)?;
        let out = preview(&self.ctx, &request)?;
        let columns = out
            .variants
            .into_iter()
            .zip(out.seed)
            .map(|(variant, seed)| VariantView {
                segment: variant.segment,
                segment_name: self.segment_names.get(variant.segment as usize).cloned().unwrap_or_default(),
                segment_size: self.segment_sizes.get(variant.segment as usize).copied().unwrap_or(0),
                tracks: variant
                    .tracks
                    .iter()
                    .map(|t| VariantTrackView {
                        track: self.track(t.track),
                        closest_seed_track: t.reasons.closest_seed_track.map(|c| self.track(c)),
                        detail: t.clone(),
                    })
                    .collect(),
                dropped: variant.dropped.iter().map(|&t| self.track(t)).collect(),
                variant,
                seed,
            })
            .collect();
        Ok(PreviewView {
            playlist,
            model: self.model as u32,
            settings: settings.clone(),
            seed: request.seed.iter().map(|s| self.track(s.track)).collect(),
            columns,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }
}

/// The engine's rules from the editor's: tracks by `track(id, what)` (which names the rule in
/// its error), artists by `artist(name)` (unknown artists cannot occur, so they drop out).
pub fn dense_rules(
    r: &RuleSettings,
    track: impl Fn(&str, &str) -> Result<u32>,
    artist: impl Fn(&str) -> Option<u32>,
) -> Result<Rules> {
    let ids = |rule: &Option<Rule<Vec<String>>>, what: &str| -> Result<Option<Rule<Vec<u32>>>> {
        rule.as_ref()
            .map(|rule| {
                let value = rule.value.iter().map(|id| track(id, what)).collect::<Result<_>>()?;
                Ok(Rule { value, unbreakable: rule.unbreakable, priority: rule.priority })
            })
            .transpose()
    };
    let banned_artists = r.banned_artists.as_ref().map(|rule| Rule {
        value: rule.value.iter().filter_map(|name| artist(name)).collect(),
        unbreakable: rule.unbreakable,
        priority: rule.priority,
    });
    Ok(Rules {
        length: r.length.clone(),
        max_per_artist: r.max_per_artist.clone(),
        artist_separation: r.artist_separation.clone(),
        explicit_allowed: r.explicit_allowed.clone(),
        familiarity: r.familiarity.clone(),
        banned_tracks: ids(&r.banned_tracks, "banned tracks")?,
        banned_artists,
        must_include: ids(&r.must_include, "must-include tracks")?,
    })
}

/// The stored track vectors of `build` as a matrix over the dense track indices of `input`
/// (zero rows for tracks imported after the build).
pub async fn track_matrix(ws: &Workspace, build: &segue_store::models::BuildRecord, input: &EngineInput) -> Result<Array2<f32>> {
    let row_of: HashMap<i64, usize> = input.track_rowids.iter().enumerate().map(|(i, r)| (*r, i)).collect();
    let mut vectors = Array2::<f32>::zeros((input.tracks.len(), build.dims as usize));
    for (rowid, v) in ws.track_vectors(build.id).await? {
        if let Some(&i) = row_of.get(&rowid) {
            vectors.row_mut(i).assign(&ndarray::ArrayView1::from(&v[..]));
        }
    }
    Ok(vectors)
}

/// Each dense listener's segment in `model`.
pub async fn dense_assignments(ws: &Workspace, model: i64, input: &EngineInput) -> Result<Vec<Option<u32>>> {
    let by_external: HashMap<String, u32> =
        ws.assignments(model).await?.into_iter().map(|(listener, segment, _)| (listener, segment)).collect();
    Ok(input.listeners.iter().map(|l| by_external.get(&l.external_id).copied()).collect())
}

/// A playlist's settings (the defaults until the editor changes them).
pub async fn settings(ws: &Workspace, playlist: u32) -> Result<PlaylistSettings> {
    Ok(ws.playlist_settings(playlist).await?.unwrap_or_default())
}

/// Saves a playlist's settings after checking them.
pub async fn set_settings(ws: &Workspace, playlist: u32, settings: &PlaylistSettings) -> Result<()> {
    if !(0.0..=1.0).contains(&settings.strength) {
        return Err(Error::Invalid(format!("strength must be between 0 and 1, got {}", settings.strength)));
    }
    settings.params.check()?;
    ws.set_playlist_settings(playlist, settings).await?;
    Ok(())
}

/// Personalizes a stored playlist with its stored settings and pool (or `overrides`).
pub async fn preview_playlist(
    ws: &Workspace,
    engine: &PreviewEngine,
    playlist: u32,
    segments: &[u32],
    overrides: Option<&PlaylistSettings>,
) -> Result<PreviewView> {
    let detail = ws.playlist(playlist).await?;
    let seed: Vec<(String, bool)> = detail.items.iter().map(|i| (i.track.id.clone(), i.pinned)).collect();
    let pool = ws.playlist_pool(playlist).await?;
    let settings = match overrides {
        Some(s) => s.clone(),
        None => settings(ws, playlist).await?,
    };
    engine.preview(playlist, &seed, &pool, &settings, segments)
}
