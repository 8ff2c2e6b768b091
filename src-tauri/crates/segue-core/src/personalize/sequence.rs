//! Sequencing: where each selected track goes.
//!
//! Pinned tracks sit at their seed positions. The free slots are filled in order, each by the
//! track it asks for that keeps the artist separation:
//! - [`Sequencing::EnergyArc`]: slot `p` asks for the seed's energy at the same relative place
//!   (the seed's energies stretched to the variant's length by linear interpolation); tracks are
//!   first matched to slots by energy rank (sorting both — the optimal one-dimensional
//!   assignment), and a slot whose matched track would break the separation takes the legal
//!   track closest to its energy instead;
//! - [`Sequencing::Smooth`]: slot `p` takes the track with the smallest jump in (energy,
//!   tempo / `tempo_span_bpm`) from the previous track, plus the jump to the next track when
//!   that one is pinned.
//!
//! When no selected track may legally fill a slot, the most relevant reserve candidate that may
//! stands in for the least relevant unfixed selected track (of the same familiarity, so the band
//! still holds). Failing that, a breakable separation is broken (when the length or a later pin
//! matters at least as much) and an unbreakable one ends the variant there: what follows,
//! later pins included, cannot be placed, and the report says so.

use super::request::{Plan, RuleKind, Rules};
use super::score::{Candidates, Scored};
use super::select::{in_band, Selection};
use super::{PersonalizeParams, PreviewContext, Sequencing};

/// A sequenced variant.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sequenced {
    /// Candidates in order.
    pub order: Vec<usize>,
    /// Per position: whether the artist separation moved the track from the slot it asked for,
    /// or brought it in as a stand-in.
    pub separated: Vec<bool>,
}

/// The seed's energy arc stretched to `len` slots.
pub(crate) fn energy_arc(ctx: &PreviewContext, seed: &[u32], len: usize, fallback: f32) -> Vec<f32> {
    let e: Vec<f32> = seed.iter().map(|&t| ctx.energy(t)).collect();
    (0..len)
        .map(|p| match e.len() {
            0 => fallback,
            1 => e[0],
            n => {
                let x = if len > 1 { p as f32 * (n - 1) as f32 / (len - 1) as f32 } else { 0.0 };
                let (lo, frac) = (x.floor() as usize, x.fract());
                let hi = (lo + 1).min(n - 1);
                e[lo] * (1.0 - frac) + e[hi] * frac
            }
        })
        .collect()
}

struct Filler<'a> {
    ctx: &'a PreviewContext,
    cands: &'a Candidates,
    params: &'a PersonalizeParams,
    gap: usize,
    /// Pins still to come: (position, candidate).
    pins: &'a [(usize, usize)],
    order: Vec<usize>,
}

impl Filler<'_> {
    fn artist(&self, i: usize) -> u32 {
        self.ctx.artist(self.cands.tracks[i])
    }

    /// Whether candidate `i` may sit at the next position without breaking the separation with
    /// the tracks before it or the pins after it.
    fn legal(&self, i: usize) -> bool {
        let p = self.order.len();
        let a = self.artist(i);
        let before = self.order[p.saturating_sub(self.gap - 1)..].iter().all(|&j| self.artist(j) != a);
        before && self.pins.iter().all(|&(q, j)| q <= p || q - p >= self.gap || self.artist(j) != a)
    }

    fn jump(&self, a: usize, b: usize) -> f32 {
        let (ta, tb) = (self.cands.tracks[a], self.cands.tracks[b]);
        let de = self.ctx.energy(ta) - self.ctx.energy(tb);
        let dt = (self.ctx.tempo(ta) - self.ctx.tempo(tb)) / self.params.tempo_span_bpm;
        (de * de + dt * dt).sqrt()
    }
}

/// Orders one segment's selection.
#[allow(clippy::too_many_arguments)]
pub(crate) fn sequence(
    ctx: &PreviewContext,
    plan: &Plan,
    rules: &Rules,
    cands: &Candidates,
    scored: &Scored,
    sel: &Selection,
    params: &PersonalizeParams,
) -> Sequenced {
    let pins: Vec<(usize, usize)> = plan.pins.iter().map(|&(p, _)| (p, p)).collect();
    let mut free: Vec<usize> = sel.chosen.clone();
    let len = pins.len() + free.len();
    let mean = free.iter().map(|&i| ctx.energy(cands.tracks[i])).sum::<f32>() / free.len().max(1) as f32;
    let arc = energy_arc(ctx, &plan.seed, len, mean);
    let wanted = rank_match(ctx, cands, &pins, &free, &arc);
    let gap = rules.artist_separation.as_ref().map_or(1, |r| r.value.max(1) as usize);
    let mut f = Filler { ctx, cands, params, gap, pins: &pins, order: Vec::with_capacity(len) };
    let mut separated = Vec::with_capacity(len);
    let mut reserve = sel.reserve.clone();
    let mut next_pin = 0;
    loop {
        let p = f.order.len();
        f.pins = &pins[next_pin..];
        if let Some(&(q, i)) = pins.get(next_pin) {
            if q == p {
                f.order.push(i);
                separated.push(false);
                next_pin += 1;
                continue;
            }
        }
        if free.is_empty() {
            break;
        }
        let target = arc.get(p).copied().unwrap_or(mean);
        let prev = f.order.last().copied();
        let next = pins.get(next_pin).filter(|(q, _)| *q == p + 1).map(|x| x.1);
        let cost = |i: usize| match (params.sequencing, prev) {
            (Sequencing::Smooth, Some(a)) => f.jump(a, i) + next.map_or(0.0, |b| f.jump(i, b)),
            _ => (ctx.energy(cands.tracks[i]) - target).abs(),
        };
        let mut prefs: Vec<(bool, f32, usize)> = free
            .iter()
            .map(|&i| (params.sequencing == Sequencing::Smooth || wanted.get(&p) != Some(&i), cost(i), i))
            .collect();
        prefs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        let first = prefs[0].2;
        if let Some(&(_, _, i)) = prefs.iter().find(|x| f.legal(x.2)) {
            free.retain(|&j| j != i);
            f.order.push(i);
            separated.push(i != first);
            continue;
        }
        if let Some((r, out)) = stand_in(&f, rules, scored, sel, &free, &mut reserve) {
            free.retain(|&j| j != out);
            f.order.push(r);
            separated.push(true);
            continue;
        }
        let sep = rules.hardness(RuleKind::ArtistSeparation).expect("only separation makes a slot illegal");
        let length = rules.hardness(RuleKind::Length).expect("the length always has a hardness");
        let pins_follow = next_pin < pins.len();
        if !sep.unbreakable && (pins_follow || length.unbreakable || length.priority >= sep.priority) {
            free.retain(|&j| j != first);
            f.order.push(first);
            separated.push(false);
        } else {
            break;
        }
    }
    let mut order = f.order;
    trim_band(rules, scored, sel, &mut order);
    separated.truncate(order.len());
    Sequenced { order, separated }
}

/// Slot → track by energy rank: free slots sorted by the energy they ask for, tracks sorted by
/// energy, paired in order.
fn rank_match(
    ctx: &PreviewContext,
    cands: &Candidates,
    pins: &[(usize, usize)],
    free: &[usize],
    arc: &[f32],
) -> std::collections::HashMap<usize, usize> {
    let mut slots: Vec<usize> = (0..arc.len()).filter(|p| !pins.iter().any(|q| q.0 == *p)).collect();
    slots.sort_by(|&a, &b| arc[a].total_cmp(&arc[b]).then(a.cmp(&b)));
    let mut tracks = free.to_vec();
    let energy = |i: usize| ctx.energy(cands.tracks[i]);
    tracks.sort_by(|&a, &b| energy(a).total_cmp(&energy(b)).then(a.cmp(&b)));
    slots.into_iter().zip(tracks).collect()
}

/// The most relevant reserve candidate that may legally take the next slot without breaking a
/// rule, and the least relevant unfixed selected track it replaces (of the same familiarity
/// when a band is set).
fn stand_in(
    f: &Filler<'_>,
    rules: &Rules,
    scored: &Scored,
    sel: &Selection,
    free: &[usize],
    reserve: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let banded = rules.familiarity.is_some();
    let cap = rules.max_per_artist.as_ref().map(|r| r.value as usize);
    let placed_or_waiting = || f.order.iter().chain(free).chain(f.pins.iter().map(|p| &p.1));
    for (k, &r) in reserve.iter().enumerate() {
        if !f.legal(r) || placed_or_waiting().any(|&j| j == r) {
            continue;
        }
        let a = f.artist(r);
        let out = free
            .iter()
            .copied()
            .filter(|&j| !sel.fixed[j] && (!banded || scored.familiar[j] == scored.familiar[r]))
            .min_by(|&x, &y| scored.relevance[x].total_cmp(&scored.relevance[y]).then(y.cmp(&x)));
        let Some(out) = out else { continue };
        let same = placed_or_waiting().filter(|&&j| j != out && f.artist(j) == a).count();
        if cap.is_some_and(|c| same + 1 > c) {
            continue;
        }
        reserve.remove(k);
        return Some((r, out));
    }
    None
}

/// Takes tracks off the end while an unbreakable familiarity band is missed, stopping at a
/// fixed track (a pin or a must-include track), so no remaining position moves.
fn trim_band(rules: &Rules, scored: &Scored, sel: &Selection, order: &mut Vec<usize>) {
    let Some(band) = rules.familiarity.as_ref().filter(|b| b.unbreakable).map(|b| b.value) else { return };
    let familiar = |o: &[usize]| o.iter().filter(|&&i| scored.familiar[i]).count();
    while !in_band(band, familiar(order), order.len()) && order.last().is_some_and(|&i| !sel.fixed[i]) {
        order.pop();
    }
}
