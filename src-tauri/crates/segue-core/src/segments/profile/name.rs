//! Automatic segment names: the strongest distinctive tag and the strongest feature difference,
//! made unique across segments.

use super::{FeatureDiff, Lift, SegmentProfile};
use crate::track::Feature;

/// A feature difference smaller than this (in population standard deviations) does not name a
/// segment: "high danceability" should mean something.
pub const NAME_MIN_DIFFERENCE: f64 = 0.2;

/// Tags written in capitals whatever the catalogue's spelling.
const ACRONYMS: [&str; 5] = ["edm", "r&b", "uk", "dj", "k-pop"];

/// One unique name per profile (see the module docs of `profile`).
pub(super) fn unique_names(profiles: &[SegmentProfile]) -> Vec<String> {
    let descriptors: Vec<Vec<String>> = profiles.iter().map(descriptors).collect();
    let base = |i: usize, parts: usize| -> String {
        let d = &descriptors[i];
        if d.is_empty() {
            format!("Segment {}", i + 1)
        } else {
            capitalise(&d[..parts.min(d.len())].join(" · "))
        }
    };
    let mut names: Vec<String> = (0..profiles.len()).map(|i| base(i, 2)).collect();
    // Clashes take one more descriptor (the second strongest feature) ...
    let clashing = clashes(&names);
    for (i, name) in names.iter_mut().enumerate() {
        if clashing[i] {
            *name = base(i, 3);
        }
    }
    // ... and clashes that remain, a number.
    let clashing = clashes(&names);
    let mut numbered = names.clone();
    for i in (0..names.len()).filter(|&i| clashing[i]) {
        let nth = names[..=i].iter().filter(|n| **n == names[i]).count();
        numbered[i] = format!("{} ({nth})", names[i]);
    }
    numbered
}

/// Whether each name occurs more than once.
fn clashes(names: &[String]) -> Vec<bool> {
    names
        .iter()
        .map(|n| names.iter().filter(|m| *m == n).count() > 1)
        .collect()
}

/// The tag, then the two strongest feature descriptors, of a profile (any may be missing).
fn descriptors(p: &SegmentProfile) -> Vec<String> {
    let tag = p
        .genres
        .iter()
        .chain(&p.subgenres)
        .fold(None::<&Lift>, |best, l| match best {
            Some(b) if weight(b) >= weight(l) => Some(b),
            _ => Some(l),
        })
        .map(|l| title(&l.label));
    tag.into_iter()
        .chain(
            p.features
                .iter()
                .filter(|d| d.difference.abs() >= NAME_MIN_DIFFERENCE)
                .take(2)
                .map(describe),
        )
        .collect()
}

/// The label's term in the KL divergence of the segment's tags from the population's.
fn weight(l: &Lift) -> f64 {
    l.segment_share * l.lift.ln()
}

/// "high danceability", "slow", "minor"...
fn describe(d: &FeatureDiff) -> String {
    let high = d.difference > 0.0;
    let pick = |h: &str, l: &str| if high { h } else { l }.to_string();
    match d.feature {
        Feature::Tempo => pick("fast", "slow"),
        Feature::Loudness => pick("loud", "quiet"),
        Feature::Mode => pick("major", "minor"),
        f => format!("{} {}", pick("high", "low"), f.name()),
    }
}

/// Upper-cases the first letter.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Capitalises each word; known acronyms in capitals ("r&b" → "R&B").
fn title(label: &str) -> String {
    label
        .split(' ')
        .map(|w| {
            if ACRONYMS.contains(&w.to_lowercase().as_str()) {
                return w.to_uppercase();
            }
            capitalise(w)
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(index: u32, tag: Option<(&str, f64)>, diffs: &[(Feature, f64)]) -> SegmentProfile {
        SegmentProfile {
            index,
            size: 10,
            share: 0.1,
            auto_name: String::new(),
            features: diffs
                .iter()
                .map(|&(feature, difference)| FeatureDiff {
                    feature,
                    segment_mean: 0.0,
                    population_mean: 0.0,
                    difference,
                })
                .collect(),
            genres: tag
                .map(|(label, lift)| Lift {
                    label: label.into(),
                    segment_share: 0.5,
                    population_share: 0.5 / lift,
                    lift,
                    listeners: 10,
                })
                .into_iter()
                .collect(),
            subgenres: vec![],
            artists: vec![],
        }
    }

    #[test]
    fn names_combine_tag_and_feature_and_stay_unique() {
        use Feature::*;
        let ps = [
            profile(
                0,
                Some(("latin", 3.0)),
                &[(Danceability, 1.2), (Energy, 0.5)],
            ),
            profile(1, Some(("r&b", 2.0)), &[(Tempo, -0.9)]),
            profile(2, Some(("rock", 2.0)), &[(Valence, -1.0), (Energy, 0.8)]),
            profile(3, Some(("rock", 2.0)), &[(Valence, -1.0), (Energy, -0.8)]),
            profile(4, Some(("edm", 2.0)), &[(Energy, 0.9)]),
            profile(5, Some(("edm", 2.0)), &[(Energy, 0.9)]),
            profile(6, None, &[(Loudness, 0.1)]),
            profile(7, None, &[(Mode, -0.4)]),
        ];
        assert_eq!(
            unique_names(&ps),
            vec![
                "Latin · high danceability",
                "R&B · slow",
                "Rock · low valence · high energy",
                "Rock · low valence · low energy",
                "EDM · high energy (1)",
                "EDM · high energy (2)",
                "Segment 7",
                "Minor",
            ]
        );
    }

    #[test]
    fn titles() {
        assert_eq!(title("latin hip hop"), "Latin Hip Hop");
        assert_eq!(title("r&b"), "R&B");
        assert_eq!(title("édm"), "Édm");
    }
}
