//! Selection: which tracks a variant holds, chosen greedily by maximal marginal relevance under
//! the rules (the order is sequencing's business).
//!
//! Pins come first, then must-include tracks, then one candidate at a time: the one maximizing
//! `λ·relevance − (1 − λ)·max cosine to the tracks already chosen / σ_affinity` (Carbonell &
//! Goldstein 1998; the cosine in the segment's affinity units, like relevance) among those that
//! break no rule and stay within the engine's two limits. An artist's reach counts once: once
//! the artist has a track in the variant, its further tracks rank by their own reach
//! (`Scored::repeat_relevance`).
//!
//! The limits:
//!
//! - **the strength**: at least `⌈(1 − s)·u⌉` of the seed's `u` unpinned tracks stay (as many as
//!   the rules and the length allow). They are chosen first, by the same relevance — the seed
//!   tracks the segment ranks highest — and only then may tracks from outside the seed join;
//! - **artists of added tracks** (`PersonalizeParams::added_per_artist`): a track from outside the
//!   seed joins only while its artist has fewer tracks in the variant than the limit.
//!
//! Both give way only when nothing else could fill the variant. A candidate that would break an unbreakable rule is never
//! taken. When every remaining candidate breaks some breakable rule, the one whose most important
//! broken rule has the lowest priority is taken — if the length rule is at least as important
//! as that (or unbreakable, or pins still need the slots); otherwise the variant stops short.
//!
//! Rules that depend on the whole variant are enforced through limits fixed up front:
//! - the familiarity band through quotas of familiar and unfamiliar tracks for the longest
//!   length the band and the candidates allow (up to the target);
//! - the artist separation through a per-artist cap: `s` positions apart, `L` slots hold at most
//!   `1 + (L − 1) / s` tracks of one artist.

use std::collections::HashMap;

use super::request::{FamiliarityBand, Goal, Hardness, Plan, RuleKind, Rules};
use super::score::{Candidates, Scored};
use super::{PersonalizeParams, PreviewContext};

/// Slack on share comparisons, so that `0.3 × 10` counts as 3.
pub(crate) const SHARE_EPS: f64 = 1e-4;

/// Track length assumed when estimating how many tracks a target in minutes takes.
const TYPICAL_TRACK_MS: f64 = 210_000.0;

/// What selection chose.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    /// Chosen candidates that are not pinned (must-include tracks first), in pick order.
    pub chosen: Vec<usize>,
    /// Per candidate: pinned, or an included must-include track. Repairs never drop these.
    pub fixed: Vec<bool>,
    /// Candidates breaking no rule on their own and not chosen, most relevant first: stand-ins
    /// for sequencing when separation leaves a slot without a legal track.
    pub reserve: Vec<usize>,
}

/// The rules a candidate would break if it joined now.
#[derive(Debug, Clone, Copy, Default)]
struct Breaks {
    /// An unbreakable rule.
    hard: bool,
    /// The highest priority among the breakable rules broken.
    worst: Option<u32>,
}

impl Breaks {
    fn add(&mut self, h: Option<Hardness>) {
        if let Some(h) = h {
            if h.unbreakable {
                self.hard = true;
            } else {
                self.worst = Some(self.worst.map_or(h.priority, |w| w.max(h.priority)));
            }
        }
    }
}

/// Familiar and unfamiliar tracks a variant may hold at most.
#[derive(Debug, Clone, Copy)]
struct Quotas {
    familiar: usize,
    unfamiliar: usize,
}

/// Whether `familiar` of `n` tracks is inside the band (an empty variant always is).
pub(crate) fn in_band(band: FamiliarityBand, familiar: usize, n: usize) -> bool {
    if n == 0 {
        return true;
    }
    let (f, n) = (familiar as f64, n as f64);
    f >= f64::from(band.min) * n - SHARE_EPS && f <= f64::from(band.max) * n + SHARE_EPS
}

struct State<'a> {
    ctx: &'a PreviewContext,
    rules: &'a Rules,
    cands: &'a Candidates,
    scored: &'a Scored,
    selected: Vec<bool>,
    fixed: Vec<bool>,
    max_sim: Vec<f32>,
    /// Per candidate, its artist numbered among the candidates' artists (counting by slot
    /// instead of hashing artist ids: selection asks this for every candidate at every pick).
    artist_slot: Vec<usize>,
    /// Chosen tracks per artist slot.
    artists: Vec<u32>,
    familiar: usize,
    count: usize,
    millis: f64,
    quotas: Option<Quotas>,
    separation_cap: Option<u32>,
    /// Per candidate, what it breaks on its own (bans, explicit).
    statics: Vec<Breaks>,
    /// Unpinned seed tracks that must stay (the strength's limit).
    min_kept: usize,
    /// Unpinned seed tracks chosen.
    kept: usize,
    /// An added track joins only while its artist has fewer tracks than this (0: no limit).
    added_cap: u32,
    /// The diversity penalty's unit: the segment's affinity spread.
    cosine_unit: f32,
}

impl State<'_> {
    fn add(&mut self, i: usize) {
        self.selected[i] = true;
        let t = self.cands.tracks[i];
        self.artists[self.artist_slot[i]] += 1;
        if i < self.cands.n_seed && !self.fixed[i] {
            self.kept += 1;
        }
        self.familiar += usize::from(self.scored.familiar[i]);
        self.count += 1;
        self.millis += f64::from(self.ctx.duration_ms(t));
        for (j, s) in self.max_sim.iter_mut().enumerate() {
            *s = s.max(self.cands.cos(i, j));
        }
    }

    fn remove(&mut self, i: usize) {
        self.selected[i] = false;
        let t = self.cands.tracks[i];
        self.artists[self.artist_slot[i]] -= 1;
        if i < self.cands.n_seed && !self.fixed[i] {
            self.kept -= 1;
        }
        self.familiar -= usize::from(self.scored.familiar[i]);
        self.count -= 1;
        self.millis -= f64::from(self.ctx.duration_ms(t));
    }

    fn breaks(&self, i: usize) -> Breaks {
        let mut b = self.statics[i];
        let have = self.artists[self.artist_slot[i]];
        if self.rules.max_per_artist.as_ref().is_some_and(|r| have + 1 > r.value) {
            b.add(self.rules.hardness(RuleKind::MaxPerArtist));
        }
        if self.separation_cap.is_some_and(|cap| have + 1 > cap) {
            b.add(self.rules.hardness(RuleKind::ArtistSeparation));
        }
        if let Some(q) = self.quotas {
            let over = if self.scored.familiar[i] {
                self.familiar + 1 > q.familiar
            } else {
                self.count - self.familiar + 1 > q.unfamiliar
            };
            if over {
                b.add(self.rules.hardness(RuleKind::Familiarity));
            }
        }
        b
    }

    /// Whether taking candidate `i` now stays within the engine's limits, from the strictest
    /// `level` (2) down to none (0):
    /// - 1: the strength (the seed tracks that must stay are chosen first) and the artists of
    ///   added tracks; seed tracks always pass;
    /// - 2: also, while the seed tracks that stay are chosen, an artist's second seed track waits
    ///   for the other artists' first (a variant that keeps half the seed keeps its variety).
    fn within_limits(&self, i: usize, level: u8) -> bool {
        let artist_count = self.artists[self.artist_slot[i]];
        if i < self.cands.n_seed {
            return level < 2 || self.kept >= self.min_kept || artist_count == 0;
        }
        // The seed tracks that stay are chosen first, so an added track never repeats the artist
        // of a seed track chosen after it.
        level == 0 || (self.kept >= self.min_kept && (self.added_cap == 0 || artist_count < self.added_cap))
    }

    fn mmr(&self, i: usize, lambda: f32) -> f32 {
        let penalty = if self.max_sim[i].is_finite() { self.max_sim[i] } else { 0.0 };
        let relevance = if self.artists[self.artist_slot[i]] > 0 {
            self.scored.repeat_relevance[i]
        } else {
            self.scored.relevance[i]
        };
        lambda * relevance - (1.0 - lambda) * penalty / self.cosine_unit
    }
}

/// Chooses the tracks of one segment's variant at `strength`.
pub(crate) fn select(
    ctx: &PreviewContext,
    plan: &Plan,
    rules: &Rules,
    cands: &Candidates,
    scored: &Scored,
    params: &PersonalizeParams,
    strength: f32,
    cosine_unit: f32,
) -> Selection {
    let lambda = params.mmr_lambda;
    let m = cands.len();
    let statics: Vec<Breaks> = cands
        .tracks
        .iter()
        .map(|&t| {
            let mut b = Breaks::default();
            plan.static_breaks(ctx, rules, t).into_iter().for_each(|k| b.add(rules.hardness(k)));
            b
        })
        .collect();
    let estimate = estimated_length(ctx, plan, cands, &statics);
    let mut slot_of: HashMap<u32, usize> = HashMap::new();
    let artist_slot: Vec<usize> = cands
        .tracks
        .iter()
        .map(|&t| {
            let next = slot_of.len();
            *slot_of.entry(ctx.artist(t)).or_insert(next)
        })
        .collect();
    let slots = slot_of.len();
    let pinned = plan.pins.len();
    let usable_seed = (0..cands.n_seed).filter(|&i| !statics[i].hard).count().saturating_sub(pinned);
    let unpinned = cands.n_seed - pinned;
    let must_stay = (f64::from(1.0 - strength) * unpinned as f64 - 1e-6).ceil().max(0.0) as usize;
    let min_kept = must_stay.min(usable_seed).min(estimate.saturating_sub(pinned));
    let mut st = State {
        ctx,
        rules,
        cands,
        scored,
        selected: vec![false; m],
        fixed: vec![false; m],
        max_sim: vec![f32::NEG_INFINITY; m],
        artists: vec![0; slots],
        artist_slot,
        familiar: 0,
        count: 0,
        millis: 0.0,
        quotas: rules.familiarity.as_ref().map(|b| quotas(b.value, estimate, scored, &statics)),
        separation_cap: rules.artist_separation.as_ref().map(|s| 1 + (estimate.max(1) as u32 - 1) / s.value),
        statics,
        min_kept,
        kept: 0,
        added_cap: params.added_per_artist,
        cosine_unit: if cosine_unit > 0.0 && cosine_unit.is_finite() { cosine_unit } else { 1.0 },
    };
    // Pins are the seed's first candidates at their seed positions.
    for &(pos, _) in &plan.pins {
        st.fixed[pos] = true;
        st.add(pos);
    }
    let mut chosen = Vec::new();
    let must = rules.hardness(RuleKind::MustInclude);
    for &t in &plan.must {
        let i = cands.tracks.iter().position(|&c| c == t).expect("must-include tracks are candidates");
        if st.selected[i] {
            continue;
        }
        let b = st.breaks(i);
        let keep = must.is_some_and(|h| h.unbreakable || (!b.hard && b.worst.is_none_or(|w| h.priority >= w)));
        if keep {
            st.fixed[i] = true;
            st.add(i);
            chosen.push(i);
        }
    }
    let length = rules.hardness(RuleKind::Length).expect("the length always has a hardness");
    // The engine's limits give way, one level at a time, only when no candidate within them is
    // left.
    let mut level = 2u8;
    while !plan.reached(st.count, st.millis) {
        let mut clean: Option<(f32, usize)> = None;
        let mut soft: Option<(u32, f32, usize)> = None;
        let mut held_back = false;
        for i in (0..m).filter(|&i| !st.selected[i]) {
            if !st.within_limits(i, level) {
                held_back = true;
                continue;
            }
            let b = st.breaks(i);
            if b.hard {
                continue;
            }
            let g = st.mmr(i, lambda);
            match b.worst {
                None if clean.is_none_or(|(best, _)| g > best) => clean = Some((g, i)),
                Some(w) if soft.is_none_or(|(bw, bg, _)| w < bw || (w == bw && g > bg)) => soft = Some((w, g, i)),
                _ => {}
            }
        }
        let pick = match (clean, soft) {
            (Some((_, i)), _) => i,
            // The engine's own limits give way before any of the editor's rules does.
            _ if held_back => {
                level -= 1;
                continue;
            }
            (None, Some((w, _, i))) if length.unbreakable || st.count < plan.pins_end || length.priority >= w => i,
            _ => break,
        };
        st.add(pick);
        chosen.push(pick);
    }
    repair_band(&mut st, &mut chosen, plan.pins_end);
    let mut reserve: Vec<usize> =
        (0..m).filter(|&i| !st.selected[i] && !st.statics[i].hard && st.statics[i].worst.is_none()).collect();
    reserve.sort_by(|&a, &b| scored.relevance[b].total_cmp(&scored.relevance[a]).then(a.cmp(&b)));
    Selection { chosen, fixed: st.fixed, reserve }
}

/// The length the rules aim at, in tracks: the target (a target in minutes over the mean length
/// of the usable candidates), never below the pins, never above the usable candidates.
fn estimated_length(ctx: &PreviewContext, plan: &Plan, cands: &Candidates, statics: &[Breaks]) -> usize {
    let usable: Vec<u32> = cands.tracks.iter().zip(statics).filter(|(_, b)| !b.hard).map(|(&t, _)| t).collect();
    let target = match plan.goal {
        Goal::Tracks(t) => t,
        Goal::Millis(ms) => {
            let total: f64 = usable.iter().map(|&t| f64::from(ctx.duration_ms(t))).sum();
            let mean = if usable.is_empty() || total <= 0.0 { TYPICAL_TRACK_MS } else { total / usable.len() as f64 };
            (ms / mean).ceil() as usize
        }
    };
    target.max(plan.pins_end).min(usable.len().max(plan.pins.len()))
}

/// The largest length up to `estimate` at which the band can be met with the usable familiar
/// and unfamiliar candidates, and the quotas that meet it there.
fn quotas(band: FamiliarityBand, estimate: usize, scored: &Scored, statics: &[Breaks]) -> Quotas {
    let usable =
        |familiar: bool| statics.iter().zip(&scored.familiar).filter(|(b, f)| !b.hard && **f == familiar).count();
    let (fam, unfam) = (usable(true), usable(false));
    for n in (0..=estimate).rev() {
        let nf = n as f64;
        let lo = ((f64::from(band.min) * nf - SHARE_EPS).ceil().max(0.0) as usize).max(n.saturating_sub(unfam));
        let hi = ((f64::from(band.max) * nf + SHARE_EPS).floor() as usize).min(fam).min(n);
        if lo <= hi {
            return Quotas { familiar: hi, unfamiliar: n - lo };
        }
    }
    Quotas { familiar: 0, unfamiliar: 0 }
}

/// When an unbreakable band is still missed (the candidates ran out before the quotas were
/// met), drops the least relevant unfixed tracks of the over-represented kind until it is met,
/// as long as the pins keep enough tracks before them.
fn repair_band(st: &mut State<'_>, chosen: &mut Vec<usize>, pins_end: usize) {
    let Some(band) = st.rules.familiarity.as_ref().filter(|b| b.unbreakable).map(|b| b.value) else { return };
    while !in_band(band, st.familiar, st.count) && st.count > pins_end {
        let too_familiar = st.familiar as f64 > f64::from(band.max) * st.count as f64 + SHARE_EPS;
        let victim = chosen
            .iter()
            .enumerate()
            .filter(|(_, &i)| !st.fixed[i] && st.scored.familiar[i] == too_familiar)
            .min_by(|(pa, &a), (pb, &b)| st.scored.relevance[a].total_cmp(&st.scored.relevance[b]).then(pb.cmp(pa)))
            .map(|(p, _)| p);
        let Some(p) = victim else { break };
        let i = chosen.remove(p);
        st.remove(i);
    }
}
