//! The dev mock's rule report and metrics for one list of tracks (a variant or the seed as is),
//! worded like the engine's (segue-core `rules` and `metrics`).

import type { RuleKind, RuleSettings, Track, VariantMetrics, Violation } from './types';
import { inTheme } from './devMockTaste';

export interface RuleInput {
  rules: RuleSettings;
  seedLength: number;
}

/** The violations of `list`, by position, whole-list rules last. */
export function ruleReport(list: readonly Track[], { rules }: RuleInput, familiar: (t: Track) => boolean): Violation[] {
  const out: Violation[] = [];
  const add = (rule: RuleKind, r: { priority: number; unbreakable: boolean }, position: number | null, message: string) =>
    out.push({ rule, position, message, priority: r.priority, unbreakable: r.unbreakable });
  list.forEach((t, i) => {
    if (rules.bannedTracks?.value.includes(t.id)) add('bannedTracks', rules.bannedTracks, i, `“${t.title}” is banned (pinned, so it stays)`);
    if (rules.bannedArtists?.value.some((a) => a.toLowerCase() === t.artist.toLowerCase())) add('bannedArtists', rules.bannedArtists, i, `${t.artist} is banned`);
    if (rules.explicitAllowed?.value === false && t.explicit) add('explicit', rules.explicitAllowed, i, `“${t.title}” is explicit`);
    const max = rules.maxPerArtist;
    if (max && list.slice(0, i + 1).filter((x) => x.artist === t.artist).length === max.value + 1) add('maxPerArtist', max, i, `${t.artist} has more than ${max.value} tracks`);
    const sep = rules.artistSeparation;
    if (sep) {
      const back = list.slice(Math.max(0, i - sep.value), i).findIndex((x) => x.artist === t.artist);
      if (back >= 0) {
        const gap = i - (Math.max(0, i - sep.value) + back) - 1;
        add('artistSeparation', sep, i, `${t.artist} again after ${gap} track${gap === 1 ? '' : 's'} (at least ${sep.value} between)`);
      }
    }
  });
  const band = rules.familiarity;
  if (band && list.length) {
    const share = list.filter(familiar).length / list.length;
    const [lo, hi] = [band.value.min ?? 0, band.value.max ?? 1];
    if (share < lo || share > hi) add('familiarity', band, null, `${Math.round(share * 100)}% already played, outside ${Math.round(lo * 100)}–${Math.round(hi * 100)}%`);
  }
  for (const id of rules.mustInclude?.value ?? []) {
    if (!list.some((t) => t.id === id)) add('mustInclude', rules.mustInclude!, null, `must-include track ${id} is missing (banned or not a candidate)`);
  }
  const len = rules.length;
  if (len?.value.tracks != null && list.length < len.value.tracks) add('length', len, null, `${list.length} tracks, short of ${len.value.tracks}: the pool is too small`);
  return out;
}

/** How the metrics judge a track for one segment. */
export interface MetricContext {
  affinity: (t: Track) => number;
  familiar: (t: Track) => boolean;
  similarity: (a: Track, b: Track) => number;
  /** Share of the segment's listeners who play the track. */
  reach: (t: Track) => number;
  /** The seed's genres. */
  theme: readonly string[];
}

export function variantMetrics(list: readonly Track[], seed: readonly Track[], ctx: MetricContext, kept: number, violations: number): VariantMetrics {
  const mean = (xs: readonly Track[], f: (t: Track) => number) => (xs.length ? xs.reduce((s, t) => s + f(t), 0) / xs.length : 0);
  const aff = mean(list, ctx.affinity);
  const seedAff = mean(seed, ctx.affinity);
  let pairs = 0;
  let sim = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      sim += ctx.similarity(list[i]!, list[j]!);
      pairs++;
    }
  }
  const popular = list.filter((t) => t.popularity !== null);
  return {
    lift: aff - seedAff,
    affinity: aff,
    seedAffinity: seedAff,
    overlap: seed.length ? kept / seed.length : 0,
    reach: mean(list, ctx.reach),
    seedReach: mean(seed, ctx.reach),
    inTheme: mean(list, (t) => (inTheme(t, ctx.theme) ? 1 : 0)),
    diversity: pairs ? 1 - sim / pairs : 0,
    artists: new Set(list.map((t) => t.artist)).size,
    meanPopularity: popular.length ? mean(popular, (t) => t.popularity ?? 0) : null,
    meanEnergy: mean(list, (t) => t.features.energy ?? 0),
    novelty: list.length ? list.filter((t) => !ctx.familiar(t)).length / list.length : 0,
    durationMs: list.reduce((ms, t) => ms + t.durationMs, 0),
    violations,
  };
}
