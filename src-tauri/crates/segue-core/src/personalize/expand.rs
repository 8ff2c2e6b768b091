//! Pool expansion: catalogue tracks that keep the seed's theme join each segment's candidates.
//!
//! The theme is the seed's genres (a track must be filed under one of them; see
//! `request::seed_genres`) and a threshold on the cosine to the seed's centroid (the normalized
//! mean of the seed's vectors). The genres are what an editor means by "stay in the seed's
//! theme", and what a listener hears as a change of station: a cosine threshold alone was either
//! so tight that a segment's music could not get in (at 0.5 on Last.fm, the variants found a
//! sixth of the held-out artists the segment's most-played in the seed's genre found) or, loosened
//! until it could, let 60–75% of a variant leave the seed's genre. Of the tracks that pass, at
//! most `cap` join a segment's candidates: the
//! closest to the seed first ([`SEED_SIDE_SHARE`] of the cap, shared by every segment), then the
//! ones that segment ranks highest by its side of relevance (affinity and engagement, see
//! [`Taste::score`]).
//!
//! Why both halves: the closest tracks are the seed-like choices any segment can take, but
//! closeness to the seed ranks a segment's own music no higher than anyone else's. With the
//! Last.fm listeners over the spotify-songs catalogue, a real playlist and the 200 tracks closest
//! to it held 10–42 tracks by artists a segment's listeners play, while the 3,000–6,700 tracks
//! above the default threshold held hundreds: the variants could not reach what their listeners
//! play, and lost to the seed on held-out plays. The threshold still bounds every pick, so a
//! segment's own picks keep the theme by the same measure as the closest ones.
//!
//! One scan over the catalogue per preview ([`Theme::new`]), then per segment a ranking of the
//! tracks above the threshold by table look-ups ([`Theme::for_segment`]); [`Sources`] gathers
//! each segment's candidates from both.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::context::PreviewContext;
use super::request::{Expansion, Plan, PreviewRequest, Rules};
use super::score::{dot, Candidates, Taste};
use super::PersonalizeParams;

/// Rows per parallel task of the scan.
const SCAN_CHUNK: usize = 4096;

/// Share of the cap (rounded up) taken by the tracks closest to the seed; the rest goes to each
/// segment's own picks. Half and half: the seed's side keeps every variant's additions
/// recognisably the seed's, the segment's side lets a variant reach its listeners' music.
pub const SEED_SIDE_SHARE: f64 = 0.5;

/// Tracks of one artist the segment's side of the expansion takes at most. An artist's reach is
/// shared by all its tracks, so ranked by the segment's score alone the cap filled with a few
/// favourite artists' whole catalogues (on Last.fm, a few dozen artists in 200 places) and the
/// variants could not reach the segment's next favourites; two leave selection a choice of sound.
pub const SEGMENT_SIDE_PER_ARTIST: usize = 2;

/// Where the candidates of a preview come from, shared by its segments: the base candidates
/// (the seed, the pool, must-include tracks) and the tracks that keep the seed's theme.
pub(crate) struct Sources {
    base: Vec<u32>,
    theme: Option<Theme>,
}

impl Sources {
    /// At strength 0 the variant is the seed: neither the pool nor the expansion is gathered.
    pub fn new(ctx: &PreviewContext, plan: &Plan, req: &PreviewRequest) -> Self {
        let personal = req.strength > 0.0;
        let base = Candidates::base(plan, if personal { &req.pool } else { &[] });
        let theme = req.expand.filter(|_| personal && !plan.seed.is_empty()).map(|e| {
            let seen: HashSet<u32> = base.iter().copied().collect();
            Theme::new(ctx, plan, &req.rules, e, &seen)
        });
        Self { base, theme }
    }

    /// One segment's candidates.
    pub fn candidates(&self, ctx: &PreviewContext, plan: &Plan, segment: u32, p: &PersonalizeParams) -> Candidates {
        let mut tracks = self.base.clone();
        if let Some(theme) = &self.theme {
            tracks.extend(theme.for_segment(ctx, segment, p));
        }
        Candidates::new(ctx, tracks, plan.seed.len(), p)
    }
}

/// The tracks above the theme threshold, shared by the segments of one preview.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    /// (cosine to the seed's centroid, track), the closest `near` first and in order; the rest
    /// by track.
    hits: Vec<(f32, u32)>,
    /// How many of the closest join every segment's candidates.
    near: usize,
    /// At most this many tracks join a segment's candidates.
    cap: usize,
}

/// Closer to the seed first, ties by index.
fn closest_first(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

impl Theme {
    /// Scans the catalogue for tracks whose cosine to the seed's centroid reaches the threshold,
    /// leaving out the base candidates (`seen`) and tracks an unbreakable ban or the unbreakable
    /// explicit filter excludes anyway (they would only waste the cap).
    pub fn new(ctx: &PreviewContext, plan: &Plan, rules: &Rules, e: Expansion, seen: &HashSet<u32>) -> Self {
        let cap = e.cap as usize;
        let d = ctx.dim();
        let mut centroid = vec![0.0f64; d];
        for &t in &plan.seed {
            for (c, x) in centroid.iter_mut().zip(ctx.vector(t)) {
                *c += f64::from(*x);
            }
        }
        let norm = centroid.iter().map(|c| c * c).sum::<f64>().sqrt();
        if norm <= 1e-12 || cap == 0 {
            return Self::default();
        }
        let centroid: Vec<f32> = centroid.iter().map(|c| (c / norm) as f32).collect();
        let flat = ctx.vectors.as_slice().expect("the context keeps standard layout");
        let mut hits: Vec<(f32, u32)> = flat
            .par_chunks(SCAN_CHUNK * d.max(1))
            .enumerate()
            .flat_map_iter(|(chunk, rows)| {
                let centroid = &centroid;
                rows.chunks_exact(d.max(1)).enumerate().filter_map(move |(i, v)| {
                    let c = dot(v, centroid);
                    (c >= e.threshold).then_some((c, (chunk * SCAN_CHUNK + i) as u32))
                })
            })
            .collect();
        let hard = |t: u32| {
            plan.static_breaks(ctx, rules, t).into_iter().any(|k| rules.hardness(k).is_some_and(|h| h.unbreakable))
        };
        let genres = if e.genres { &plan.theme[..] } else { &[] };
        hits.retain(|&(_, t)| !seen.contains(&t) && !hard(t) && (genres.is_empty() || ctx.in_genres(t, genres)));
        let near = ((cap as f64 * SEED_SIDE_SHARE).ceil() as usize).min(cap).min(hits.len());
        if near < hits.len() && near > 0 {
            hits.select_nth_unstable_by(near - 1, closest_first);
        }
        hits[..near].sort_by(closest_first);
        // The rest by track: each segment's ranking then reads its affinity and engagement
        // tables in increasing order.
        hits[near..].sort_unstable_by_key(|h| h.1);
        Self { hits, near, cap }
    }

    /// The expansion of `segment`'s candidates: the closest tracks, then the rest of the cap by
    /// the segment's [`Taste::score`] (ties: closer to the seed first, then by index), at most
    /// [`SEGMENT_SIDE_PER_ARTIST`] tracks of an artist.
    pub fn for_segment(&self, ctx: &PreviewContext, segment: u32, p: &PersonalizeParams) -> Vec<u32> {
        let mut out: Vec<u32> = self.hits[..self.near].iter().map(|h| h.1).collect();
        let rest = &self.hits[self.near..];
        let want = (self.cap - self.near).min(rest.len());
        if want == 0 {
            return out;
        }
        let mut ranked: Vec<(f32, f32, u32)> =
            rest.iter().map(|&(c, t)| (Taste::of(ctx, segment, t, p).score(p), c, t)).collect();
        let order = |a: &(f32, f32, u32), b: &(f32, f32, u32)| {
            b.0.total_cmp(&a.0).then(closest_first(&(a.1, a.2), &(b.1, b.2)))
        };
        // Enough of the best to fill the cap even where artists repeat, then the per-artist limit.
        let keep = (want * SEGMENT_SIDE_PER_ARTIST.max(4)).min(ranked.len());
        if keep < ranked.len() {
            ranked.select_nth_unstable_by(keep - 1, order);
            ranked.truncate(keep);
        }
        ranked.sort_by(order);
        let mut per_artist: HashMap<u32, usize> = HashMap::new();
        let before = out.len();
        for r in &ranked {
            if out.len() - before >= want {
                break;
            }
            let n = per_artist.entry(ctx.artist(r.2)).or_default();
            if *n < SEGMENT_SIDE_PER_ARTIST {
                *n += 1;
                out.push(r.2);
            }
        }
        out
    }
}
