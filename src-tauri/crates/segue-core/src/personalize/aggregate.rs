//! The engagement half of [`SegmentFacts`](super::SegmentFacts): each segment's listeners' pair
//! signals summed per track, and counted once per listener per artist.

use std::collections::HashMap;

use super::context::{ArtistReach, SegmentEngagement, TrackEngagement};
use super::PersonalizeError;
use crate::signals::PairSignal;

/// Sums the pair signals of each segment's listeners per track and per artist: the engagement
/// half of [`SegmentFacts`]. `assignments[l]` is listener `l`'s segment (`None`: not assigned,
/// ignored); `track_artist[t]` is track `t`'s artist (its length is the catalogue's size). A
/// listener counts towards a track's `listeners`, and once towards its artist's, when they
/// played, saved or added it. Pairs are expected once per (listener, track), as the taste step
/// folds them.
pub fn aggregate_engagement(
    pairs: &[PairSignal],
    assignments: &[Option<u32>],
    k: u32,
    track_artist: &[u32],
) -> Result<Vec<SegmentEngagement>, PersonalizeError> {
    let n_tracks = track_artist.len();
    let mut out: Vec<SegmentEngagement> = vec![SegmentEngagement::default(); k as usize];
    for s in assignments.iter().flatten() {
        let seg = out
            .get_mut(*s as usize)
            .ok_or(PersonalizeError::SegmentOutOfRange { segment: *s, n_segments: k as usize })?;
        seg.listeners += 1;
    }
    let mut maps: Vec<HashMap<u32, TrackEngagement>> = vec![HashMap::new(); k as usize];
    // (listener, artist) of every positive pair, to count each listener once per artist.
    let mut played: Vec<u64> = Vec::new();
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
        let positive = p.plays + p.saves + p.adds > 0.0;
        e.listeners += u32::from(positive);
        if positive {
            played.push((u64::from(p.listener) << 32) | u64::from(track_artist[p.track as usize]));
        }
    }
    played.sort_unstable();
    played.dedup();
    let mut artists: Vec<HashMap<u32, u32>> = vec![HashMap::new(); k as usize];
    for key in played {
        let (listener, artist) = ((key >> 32) as usize, key as u32);
        if let Some(seg) = assignments[listener] {
            *artists[seg as usize].entry(artist).or_default() += 1;
        }
    }
    for ((seg, map), reach) in out.iter_mut().zip(maps).zip(artists) {
        seg.tracks = map.into_values().collect();
        seg.tracks.sort_by_key(|t| t.track);
        seg.artists = reach.into_iter().map(|(artist, listeners)| ArtistReach { artist, listeners }).collect();
        seg.artists.sort_by_key(|a| a.artist);
    }
    Ok(out)
}
