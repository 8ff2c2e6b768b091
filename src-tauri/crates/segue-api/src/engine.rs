//! The engine's inputs, read from a workspace and mapped to dense indices: tracks by rowid order,
//! listeners by id order, their pair signals and artist-level plays, the playlists as contexts.

use std::collections::HashMap;

use segue_core::signals::{ArtistPlays, PairSignal};
use segue_core::taste::ArtistIndex;
use segue_core::Track;
use segue_store::signals::ListenerRow;
use segue_store::Workspace;

use crate::Result;

/// Everything the vector and segment builds read, over dense indices.
pub struct EngineInput {
    /// Track rowid of each dense track index.
    pub track_rowids: Vec<i64>,
    /// The catalogue, by dense track index.
    pub tracks: Vec<Track>,
    /// The listeners, by dense listener index.
    pub listeners: Vec<ListenerRow>,
    /// Pair signals over dense indices, by listener then track.
    pub pairs: Vec<PairSignal>,
    /// Artist-level plays over dense indices (artists of [`Self::artists`]).
    pub artist_plays: Vec<ArtistPlays>,
    /// The catalogue's artists.
    pub artists: ArtistIndex,
    /// Every playlist as dense track indices.
    pub playlists: Vec<Vec<u32>>,
}

impl EngineInput {
    /// Reads the engine's inputs from `ws`.
    pub async fn load(ws: &Workspace) -> Result<Self> {
        let (track_rowids, tracks) = ws.all_tracks().await?;
        let track_index: HashMap<i64, u32> = track_rowids.iter().enumerate().map(|(i, r)| (*r, i as u32)).collect();
        let listeners = ws.listeners().await?;
        let listener_index: HashMap<i64, u32> = listeners.iter().enumerate().map(|(i, l)| (l.id, i as u32)).collect();
        let mut pairs = Vec::new();
        ws.for_each_signal(|l, t, mut s| {
            if let (Some(&listener), Some(&track)) = (listener_index.get(&l), track_index.get(&i64::from(t))) {
                (s.listener, s.track) = (listener, track);
                pairs.push(s);
            }
        })
        .await?;
        let artists = ArtistIndex::from_tracks(&tracks);
        let artist_plays = ws
            .artist_plays()
            .await?
            .into_iter()
            .filter_map(|(l, artist, plays)| {
                Some(ArtistPlays { listener: *listener_index.get(&l)?, artist: artists.index_of(&artist)?, plays })
            })
            .collect();
        let playlists = ws
            .playlist_track_rowids()
            .await?
            .into_iter()
            .map(|p| p.iter().filter_map(|r| track_index.get(r).copied()).collect())
            .collect();
        Ok(Self { track_rowids, tracks, listeners, pairs, artist_plays, artists, playlists })
    }

    /// The store id of each dense listener index.
    pub fn listener_ids(&self) -> Vec<i64> {
        self.listeners.iter().map(|l| l.id).collect()
    }
}
