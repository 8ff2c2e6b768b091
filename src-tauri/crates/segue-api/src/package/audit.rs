//! Auditing a package's variants against their unbreakable rules, from the manifest alone.
//!
//! The engine's own audit runs over a context built from the package's tracks (their artists,
//! explicit flags and durations as the manifest gives them) and a request rebuilt from the
//! manifest's seed, pins and rules; each track's familiarity is the one its reasons record. So
//! a package is checked by the same code that reports violations in the studio, against what
//! the package says rather than what its report claims.

use std::collections::HashMap;

use ndarray::Array2;
use segue_core::personalize::{audit_list, PreviewContext, PreviewRequest, SeedSlot, TrackFacts};
use segue_core::signals::normalize_artist;
use segue_io::package::PackageFault;

use super::manifest::{Manifest, PackagedTrack};
use super::verify::Problem;
use crate::personalize::dense_rules;

/// Every unbreakable rule a variant breaks, one problem each.
pub(crate) fn audit_variants(m: &Manifest) -> Vec<Problem> {
    let rules = &m.seed.settings.rules;
    let mut tracks: Vec<Option<&PackagedTrack>> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    let known = m
        .seed
        .tracks
        .iter()
        .map(|s| &s.track)
        .chain(&m.seed.pool)
        .chain(m.variants.iter().flat_map(|v| v.tracks.iter().map(|t| &t.track)));
    for t in known {
        if !index.contains_key(t.id.as_str()) {
            index.insert(t.id.as_str(), tracks.len() as u32);
            tracks.push(Some(t));
        }
    }
    // Rule tracks the package does not hold (banned ones, must-include ones left out) still
    // need an index: the audit reports a missing must-include track by it.
    let rule_ids = rules.banned_tracks.iter().chain(&rules.must_include).flat_map(|r| r.value.iter());
    for id in rule_ids {
        if !index.contains_key(id.as_str()) {
            index.insert(id.as_str(), tracks.len() as u32);
            tracks.push(None);
        }
    }
    let mut artists: HashMap<String, u32> = HashMap::new();
    let facts: Vec<TrackFacts> = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            Some(t) => {
                let next = artists.len() as u32;
                let key = normalize_artist(&t.artist);
                // A name that normalizes to nothing is its own artist.
                let artist = if key.is_empty() { u32::MAX - i as u32 } else { *artists.entry(key).or_insert(next) };
                TrackFacts { artist, explicit: t.explicit.unwrap_or(false), duration_ms: t.duration_ms, ..Default::default() }
            }
            None => TrackFacts { artist: u32::MAX - i as u32, ..Default::default() },
        })
        .collect();
    let problem = |message: String| Problem::new_rules(message);
    let ctx = match PreviewContext::new(&facts, Array2::zeros((facts.len(), 1)), Vec::new()) {
        Ok(c) => c,
        Err(e) => return vec![problem(format!("the manifest's tracks cannot be audited: {e}"))],
    };
    let track = |id: &str, _what: &str| Ok(index[id]);
    let dense = match dense_rules(rules, track, |name| artists.get(&normalize_artist(name)).copied()) {
        Ok(r) => r,
        Err(e) => return vec![problem(format!("the manifest's rules cannot be read: {e}"))],
    };
    let request = PreviewRequest {
        seed: m.seed.tracks.iter().map(|s| SeedSlot { track: index[s.track.id.as_str()], pinned: s.pinned }).collect(),
        pool: Vec::new(),
        expand: None,
        rules: dense,
        strength: m.seed.settings.strength,
        segments: Vec::new(),
        params: m.seed.settings.params.clone(),
    };
    let mut out = Vec::new();
    for v in &m.variants {
        let list: Vec<u32> = v.tracks.iter().map(|t| index[t.track.id.as_str()]).collect();
        let familiar: Vec<bool> = v.tracks.iter().map(|t| t.reasons.familiar).collect();
        match audit_list(&ctx, &request, &list, &familiar) {
            Err(e) => out.push(problem(format!("the variant for segment {} cannot be audited: {e}", v.name))),
            Ok(found) => out.extend(found.into_iter().filter(|x| x.unbreakable).map(|x| {
                problem(format!("the variant for segment {} breaks an unbreakable rule: {}", v.name, x.message))
            })),
        }
    }
    out
}

impl Problem {
    fn new_rules(message: String) -> Self {
        Problem { fault: PackageFault::Rules, file: Some(super::manifest::MANIFEST.into()), line: None, field: None, message }
    }
}
