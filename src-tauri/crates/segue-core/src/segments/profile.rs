//! # Segment profiles: what sets a segment apart, and a name an editor can read
//!
//! For each segment, [`profile_segments`] reports:
//!
//! - **Features**: each listener's audio profile is the weighted mean of the features of the
//!   tracks they engaged with (a feature a track lacks is left out of that feature's mean); a
//!   segment's mean is the mean of its listeners' profiles; the difference is standardized by the
//!   population's standard deviation of listener profiles (a z-score of the segment mean), and
//!   features are sorted by its magnitude. `key` is left out: a pitch class has no mean.
//! - **Genres, subgenres, artists**: the share of the segment's engagement weight on tracks with
//!   the label, the same share over the whole population, and their ratio, the *lift*. Only labels
//!   engaged with by at least [`MIN_SUPPORT_LISTENERS`] listeners of the segment and
//!   [`MIN_SUPPORT_SHARE`] of them count (so one listener's one-off artist cannot win); the top
//!   [`TOP_LABELS`] with a lift above 1 are kept.
//! - **An automatic name** from the strongest distinctive genre or subgenre — the one with the
//!   largest `share × ln(lift)`, its term in the Kullback–Leibler divergence of the segment's tag
//!   distribution from the population's — and the strongest feature difference, e.g.
//!   "Latin · high danceability". Names are unique: clashes get the second strongest feature,
//!   then a number.
//!
//! The population is every assigned listener; unassigned listeners (`None`) and non-positive
//! weights are ignored. Weights come as flat `(listener, track, weight)` triples in any order
//! (the shape of the taste step's per-pair weights), so no grouping is asked of the caller.

mod name;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::SegmentError;
use crate::track::{Feature, Track};

/// Labels (genres, subgenres, artists) kept per segment.
pub const TOP_LABELS: usize = 5;
/// A label counts for a segment only if at least this many of its listeners engaged with it.
pub const MIN_SUPPORT_LISTENERS: u32 = 3;
/// ... and at least this share of the segment's listeners.
pub const MIN_SUPPORT_SHARE: f64 = 0.05;

/// The features profiled: all but `key` (a pitch class has no meaningful mean).
const FEATURES: [Feature; 10] = [
    Feature::Danceability,
    Feature::Energy,
    Feature::Loudness,
    Feature::Mode,
    Feature::Speechiness,
    Feature::Acousticness,
    Feature::Instrumentalness,
    Feature::Liveness,
    Feature::Valence,
    Feature::Tempo,
];
const NF: usize = FEATURES.len();

/// How a segment's mean of one feature differs from the population's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FeatureDiff {
    /// The feature.
    pub feature: Feature,
    /// Mean over the segment's listeners of their profile.
    pub segment_mean: f64,
    /// Mean over all assigned listeners.
    pub population_mean: f64,
    /// `(segment_mean − population_mean) / population standard deviation` (0 when it is 0).
    pub difference: f64,
}

/// How much more a segment engages with a label than the population does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Lift {
    /// The genre, subgenre or artist.
    pub label: String,
    /// Share of the segment's engagement weight on tracks with the label.
    pub segment_share: f64,
    /// The same share over the population.
    pub population_share: f64,
    /// `segment_share / population_share`.
    pub lift: f64,
    /// Listeners of the segment who engaged with the label.
    pub listeners: u32,
}

/// What describes one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SegmentProfile {
    /// The segment's index.
    pub index: u32,
    /// Listeners assigned to it.
    pub size: u32,
    /// `size` over all assigned listeners.
    pub share: f64,
    /// A unique readable name (the editor can rename).
    pub auto_name: String,
    /// Feature differences, largest magnitude first.
    pub features: Vec<FeatureDiff>,
    /// Most distinctive genres, highest lift first.
    pub genres: Vec<Lift>,
    /// Most distinctive subgenres.
    pub subgenres: Vec<Lift>,
    /// Most distinctive artists.
    pub artists: Vec<Lift>,
}

/// Profiles `k` segments; see the module docs. `assignments[l]` is listener `l`'s segment;
/// `weights` are `(listener, track, weight)` triples over dense indices.
pub fn profile_segments(
    tracks: &[Track],
    assignments: &[Option<u32>],
    k: u32,
    weights: &[(u32, u32, f32)],
) -> Result<Vec<SegmentProfile>, SegmentError> {
    let n = assignments.len();
    let out_of_range = |what, index, len| SegmentError::OutOfRange { what, index, len };
    let mut sizes = vec![0u32; k as usize];
    for s in assignments.iter().flatten() {
        *sizes
            .get_mut(*s as usize)
            .ok_or(out_of_range("segment", *s, k as usize))? += 1;
    }
    for &(l, t, _) in weights {
        if l as usize >= n {
            return Err(out_of_range("listener", l, n));
        }
        if t as usize >= tracks.len() {
            return Err(out_of_range("track", t, tracks.len()));
        }
    }
    // Triples grouped by listener (a counting sort), positive and assigned only.
    let mut starts = vec![0usize; n + 1];
    let live = |&&(l, _, w): &&(u32, u32, f32)| w > 0.0 && assignments[l as usize].is_some();
    for (l, _, _) in weights.iter().filter(live) {
        starts[*l as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    let mut fill = starts.clone();
    let mut grouped = vec![(0u32, 0f32); starts[n]];
    for &(l, t, w) in weights.iter().filter(live) {
        grouped[fill[l as usize]] = (t, w);
        fill[l as usize] += 1;
    }
    let by_listener = |l: usize| &grouped[starts[l]..starts[l + 1]];

    let features = feature_diffs(tracks, assignments, k, &by_listener);
    let total: u32 = sizes.iter().sum();
    let kinds: [fn(&Track) -> Vec<&str>; 3] = [
        |t| t.genres.iter().map(String::as_str).collect(),
        |t| t.subgenres.iter().map(String::as_str).collect(),
        |t| {
            vec![t.artist.as_str()]
                .into_iter()
                .filter(|a| !a.is_empty())
                .collect()
        },
    ];
    let [genres, subgenres, artists] =
        kinds.map(|labels_of| lifts(tracks, assignments, &sizes, &by_listener, labels_of));
    let mut profiles: Vec<SegmentProfile> = (0..k as usize)
        .map(|s| SegmentProfile {
            index: s as u32,
            size: sizes[s],
            share: if total > 0 {
                f64::from(sizes[s]) / f64::from(total)
            } else {
                0.0
            },
            auto_name: String::new(),
            features: features[s].clone(),
            genres: genres[s].clone(),
            subgenres: subgenres[s].clone(),
            artists: artists[s].clone(),
        })
        .collect();
    let names = name::unique_names(&profiles);
    for (p, name) in profiles.iter_mut().zip(names) {
        p.auto_name = name;
        for list in [&mut p.genres, &mut p.subgenres, &mut p.artists] {
            list.truncate(TOP_LABELS);
        }
    }
    Ok(profiles)
}

/// Per segment, the standardized feature differences (see the module docs).
fn feature_diffs<'a>(
    tracks: &[Track],
    assignments: &[Option<u32>],
    k: u32,
    by_listener: &dyn Fn(usize) -> &'a [(u32, f32)],
) -> Vec<Vec<FeatureDiff>> {
    let k = k as usize;
    // Sums and counts of listener profiles, per segment and for the population.
    let mut seg = vec![[(0.0f64, 0.0f64, 0u32); NF]; k];
    let mut pop = [(0.0f64, 0.0f64, 0u32); NF];
    for (l, s) in assignments.iter().enumerate() {
        let Some(s) = s else { continue };
        let mut acc = [(0.0f64, 0.0f64); NF];
        for &(t, w) in by_listener(l) {
            for (a, f) in acc.iter_mut().zip(FEATURES) {
                if let Some(v) = tracks[t as usize].features.get(f) {
                    a.0 += f64::from(w) * f64::from(v);
                    a.1 += f64::from(w);
                }
            }
        }
        for (i, (sum, weight)) in acc.into_iter().enumerate() {
            if weight > 0.0 {
                let m = sum / weight;
                for cell in [&mut seg[*s as usize][i], &mut pop[i]] {
                    cell.0 += m;
                    cell.1 += m * m;
                    cell.2 += 1;
                }
            }
        }
    }
    seg.iter()
        .map(|cells| {
            let mut diffs: Vec<FeatureDiff> = FEATURES
                .iter()
                .zip(cells.iter().zip(&pop))
                .filter(|(_, (c, _))| c.2 > 0)
                .map(|(&feature, (c, p))| {
                    let pm = p.0 / f64::from(p.2);
                    let sd = (p.1 / f64::from(p.2) - pm * pm).max(0.0).sqrt();
                    let sm = c.0 / f64::from(c.2);
                    let difference = if sd > 1e-12 { (sm - pm) / sd } else { 0.0 };
                    FeatureDiff {
                        feature,
                        segment_mean: sm,
                        population_mean: pm,
                        difference,
                    }
                })
                .collect();
            diffs.sort_by(|a, b| b.difference.abs().total_cmp(&a.difference.abs()));
            diffs
        })
        .collect()
}

/// Per segment, every supported label with a lift above 1, highest lift first (not truncated).
fn lifts<'a>(
    tracks: &'a [Track],
    assignments: &[Option<u32>],
    sizes: &[u32],
    by_listener: &dyn Fn(usize) -> &'a [(u32, f32)],
    labels_of: fn(&'a Track) -> Vec<&'a str>,
) -> Vec<Vec<Lift>> {
    use std::collections::HashMap;
    let k = sizes.len();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    // (segment, label) → (weight, listeners, last listener counted + 1).
    let mut cells: HashMap<(usize, usize), (f64, u32, usize)> = HashMap::new();
    let mut label_total: Vec<f64> = Vec::new();
    let mut seg_total = vec![0.0f64; k];
    for (l, s) in assignments.iter().enumerate() {
        let Some(s) = s.map(|s| s as usize) else {
            continue;
        };
        for &(t, w) in by_listener(l) {
            let w = f64::from(w);
            seg_total[s] += w;
            for label in labels_of(&tracks[t as usize]) {
                let id = *ids.entry(label).or_insert_with(|| {
                    names.push(label);
                    label_total.push(0.0);
                    names.len() - 1
                });
                label_total[id] += w;
                let cell = cells.entry((s, id)).or_insert((0.0, 0, 0));
                cell.0 += w;
                if cell.2 != l + 1 {
                    cell.1 += 1;
                    cell.2 = l + 1;
                }
            }
        }
    }
    let pop_total: f64 = seg_total.iter().sum();
    let mut out = vec![Vec::new(); k];
    for ((s, id), (w, listeners, _)) in cells {
        let support = (MIN_SUPPORT_SHARE * f64::from(sizes[s])).ceil() as u32;
        if listeners < MIN_SUPPORT_LISTENERS.max(support) || seg_total[s] <= 0.0 {
            continue;
        }
        let segment_share = w / seg_total[s];
        let population_share = label_total[id] / pop_total;
        let lift = segment_share / population_share;
        if lift > 1.0 + 1e-9 {
            out[s].push(Lift {
                label: names[id].to_string(),
                segment_share,
                population_share,
                lift,
                listeners,
            });
        }
    }
    for list in &mut out {
        list.sort_by(|a, b| {
            b.lift
                .total_cmp(&a.lift)
                .then(b.segment_share.total_cmp(&a.segment_share))
                .then_with(|| a.label.cmp(&b.label))
        });
    }
    out
}
