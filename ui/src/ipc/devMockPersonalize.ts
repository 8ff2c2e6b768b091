//! The dev mock's personalization: settings and pools per playlist, and a small deterministic
//! stand-in for the engine (segue-core `personalize`) so `VITE_MOCK=1` and the Chromium journey
//! see plausible variants: a segment's taste is read from its generated profile (top genre,
//! energy, danceability), candidates are scored by affinity, seed fit and engagement at the
//! editor's strength, chosen greedily under the rules, pins kept, the rest following the seed's
//! energy, with the rule report and the metrics. Not the real engine's numbers, its shapes.

import type { Entry } from './devMockData';
import type { Handler } from './devMockSegments';
import type { Evaluation, ModelView, PlaylistSettings, PreviewView, RuleKind, Track, VariantView } from './types';
import { ruleReport, variantMetrics, type RuleInput } from './devMockRules';

export interface PersonalizeWorld {
  tracks: Track[];
  byId: Map<string, Track>;
  /** The entries of a playlist (throws notFound). */
  entries: (playlist: number) => Entry[];
  activeModel: () => ModelView | null;
}

export function defaultSettings(): PlaylistSettings {
  return {
    strength: 0.5,
    expand: { threshold: 0.5, cap: 200 },
    rules: { length: null, maxPerArtist: null, artistSeparation: null, explicitAllowed: null, familiarity: null, bannedTracks: null, bannedArtists: null, mustInclude: null },
    params: { weightAffinity: 1, weightSeedFit: 0.5, weightEngagement: 1, seedBonus: 0.2, seedFitNeighbours: 3, mmrLambda: 0.7, priorWeight: 20, familiarShare: 0.02, sequencing: 'energyArc', tempoSpanBpm: 60 },
  };
}

/** A stable number in [0, 1) for a string (FNV-1a). */
export function hash01(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const feat = (t: Track) => [t.features.energy ?? 0.5, t.features.danceability ?? 0.5, t.features.valence ?? 0.5, t.features.acousticness ?? 0.2];

/** A cosine-like similarity in [-1, 1] from the features and the genre. */
export function similarity(a: Track, b: Track): number {
  const fa = feat(a);
  const fb = feat(b);
  const d = fa.reduce((s, x, i) => s + Math.abs(x - fb[i]!), 0) / fa.length;
  return clamp(1 - 2.2 * d + (a.genres[0] === b.genres[0] ? 0.15 : -0.15), -1, 1);
}

interface Taste {
  segment: number;
  genre: string;
  energy: number;
  dance: number;
}

function tasteOf(model: ModelView, segment: number): Taste {
  const p = model.segments[segment]!.profile;
  const mean = (f: string) => clamp(p.features.find((d) => d.feature === f)?.segmentMean ?? 0.5, 0, 1);
  return { segment, genre: p.genres[0]?.label ?? '', energy: mean('energy'), dance: mean('danceability') };
}

const affinity = (t: Track, s: Taste) =>
  clamp((t.genres[0] === s.genre ? 0.45 : -0.2) + 0.35 * (1 - 2.5 * Math.abs((t.features.energy ?? 0.5) - s.energy)) + 0.2 * (1 - 2.5 * Math.abs((t.features.danceability ?? 0.5) - s.dance)), -1, 1);
const engagement = (t: Track, s: Taste) => (hash01(`${t.id}:${s.segment}`) - 0.5) * 0.2 * ((t.popularity ?? 50) / 100 + 0.5);
const familiarTo = (t: Track, s: Taste) => hash01(`f${t.id}:${s.segment}`) * 100 < (t.popularity ?? 0) * (t.genres[0] === s.genre ? 0.9 : 0.25);

export interface MockRequest {
  playlist: number;
  model: ModelView;
  seed: Array<{ track: Track; pinned: boolean }>;
  pool: Track[];
  catalogue: Track[];
  settings: PlaylistSettings;
  segments: number[];
}

/** The mock engine: the seed personalized for each requested segment. */
export function mockPreview(req: MockRequest): PreviewView {
  const { seed, settings, catalogue } = req;
  const p = { ...defaultSettings().params, ...settings.params };
  const s = clamp(settings.strength ?? 0.5, 0, 1);
  const dense = new Map(catalogue.map((t, i) => [t.id, i]));
  const seedTracks = seed.map((e) => e.track);
  const seedPos = new Map(seedTracks.map((t, i) => [t.id, i]));
  const closest = (t: Track) => seedTracks.filter((x) => x.id !== t.id).reduce<Track | null>((best, x) => (!best || similarity(t, x) > similarity(t, best) ? x : best), null);
  const fit = (t: Track) => {
    const sims = seedTracks.filter((x) => x.id !== t.id).map((x) => similarity(t, x)).sort((a, b) => b - a).slice(0, p.seedFitNeighbours ?? 3);
    return sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : 0;
  };
  const inSeed = new Set(seedPos.keys());
  const pool = req.pool.filter((t) => !inSeed.has(t.id));
  const taken = new Set([...inSeed, ...pool.map((t) => t.id)]);
  const expanded = settings.expand
    ? catalogue.filter((t) => !taken.has(t.id)).map((t) => ({ t, f: fit(t) })).filter((x) => x.f >= (settings.expand!.threshold ?? 0.5)).sort((a, b) => b.f - a.f).slice(0, settings.expand.cap).map((x) => x.t)
    : [];
  const candidates = [...seedTracks, ...pool, ...expanded];
  const fits = new Map(candidates.map((t) => [t.id, fit(t)]));
  const rules: RuleInput = { rules: settings.rules ?? {}, seedLength: seed.length };
  const pinned = seed.flatMap((e, i) => (e.pinned ? [{ track: e.track, at: i }] : []));
  // Must-include tracks join wherever they are in the catalogue, as the editor's fixed tracks.
  const must = (rules.rules.mustInclude?.value ?? []).flatMap((id) => catalogue.filter((t) => t.id === id));
  const segments = req.segments.length ? req.segments : req.model.segments.map((x) => x.index);

  const column = (segment: number): VariantView => {
    const taste = tasteOf(req.model, segment);
    const score = (t: Track) => s * ((p.weightAffinity ?? 1) * affinity(t, taste) + (p.weightEngagement ?? 1) * engagement(t, taste)) + (p.weightSeedFit ?? 0.5) * (fits.get(t.id) ?? 0) + (1 - s) * (p.seedBonus ?? 0.2) * (inSeed.has(t.id) ? 1 : 0);
    const order = s === 0 ? seedTracks : choose(candidates, score, pinned, must, rules, seedTracks);
    const tracks = order.map((t, i) => {
      const from = seedPos.get(t.id) ?? null;
      const rulesHere = [...(pinned.some((x) => x.track.id === t.id) ? (['pin'] as const) : []), ...(rules.rules.mustInclude?.value.includes(t.id) ? (['mustInclude'] as const) : [])];
      const near = closest(t);
      return {
        track: ref(t),
        detail: {
          track: dense.get(t.id) ?? -1,
          status: from === null ? ('added' as const) : from === i ? ('kept' as const) : ('moved' as const),
          seedPosition: from,
          reasons: { score: score(t), affinity: affinity(t, taste), seedFit: fits.get(t.id) ?? fit(t), engagement: engagement(t, taste), closestSeedTrack: near ? (dense.get(near.id) ?? null) : null, familiar: familiarTo(t, taste), rules: [...rulesHere] as RuleKind[] },
        },
        closestSeedTrack: near ? ref(near) : null,
      };
    });
    const familiar = (t: Track) => familiarTo(t, taste);
    const aff = (t: Track) => affinity(t, taste);
    const violations = ruleReport(order, rules, familiar);
    for (const v of violations) if (v.position !== null) tracks[v.position]?.detail.reasons.rules.push(v.rule);
    const seedViolations = ruleReport(seedTracks, rules, familiar);
    const kept = order.filter((t) => inSeed.has(t.id));
    return {
      segment,
      segmentName: req.model.segments[segment]!.name,
      segmentSize: req.model.segments[segment]!.profile.size,
      tracks,
      dropped: seedTracks.filter((t) => !order.includes(t)).map(ref),
      variant: {
        segment,
        tracks: tracks.map((t) => t.detail),
        dropped: seedTracks.flatMap((t, i) => (order.includes(t) ? [] : [i])),
        metrics: variantMetrics(order, seedTracks, aff, familiar, similarity, kept.length, violations.length),
        violations,
      },
      seed: { segment, metrics: variantMetrics(seedTracks, seedTracks, aff, familiar, similarity, seedTracks.length, seedViolations.length), violations: seedViolations },
    };
  };
  return { playlist: req.playlist, model: req.model.summary.id, settings, seed: seedTracks.map(ref), columns: segments.map(column), elapsedMs: 3.2 };
}

const ref = (t: Track) => ({ id: t.id, title: t.title, artist: t.artist });

/** Greedy choice under the rules, then the sequence: pins fixed, seed tracks at their places, the rest by energy. */
function choose(candidates: Track[], score: (t: Track) => number, pinned: Array<{ track: Track; at: number }>, must: Track[], r: RuleInput, seed: Track[]): Track[] {
  const rules = r.rules;
  const bannedArtists = new Set((rules.bannedArtists?.value ?? []).map((a) => a.toLowerCase()));
  const banned = new Set(rules.bannedTracks?.value ?? []);
  const noExplicit = rules.explicitAllowed?.value === false;
  const length = rules.length?.value;
  const target = length?.tracks ?? (length?.minutes != null ? Infinity : seed.length);
  const minutes = length?.minutes ?? null;
  const chosen: Track[] = pinned.map((x) => x.track);
  const byArtist = (a: string) => chosen.filter((t) => t.artist === a).length;
  chosen.push(...must.map((t) => candidates.find((c) => c.id === t.id) ?? t).filter((t) => !chosen.includes(t)));
  const open = candidates.filter((t) => !chosen.includes(t) && !banned.has(t.id) && !bannedArtists.has(t.artist.toLowerCase()) && !(noExplicit && t.explicit));
  const full = () => (minutes !== null ? chosen.reduce((ms, t) => ms + t.durationMs, 0) >= minutes * 60_000 : chosen.length >= target);
  while (!full() && open.length) {
    const max = rules.maxPerArtist?.value ?? Infinity;
    const ok = open.filter((t) => byArtist(t.artist) < max);
    const from = ok.length ? ok : open;
    const best = from.reduce((b, t) => (score(t) - 0.12 * byArtist(t.artist) > score(b) - 0.12 * byArtist(b.artist) ? t : b));
    chosen.push(best);
    open.splice(open.indexOf(best), 1);
  }
  const n = chosen.length;
  const slots: Array<Track | null> = new Array(n).fill(null);
  for (const x of pinned) slots[Math.min(x.at, n - 1)] ??= x.track;
  const rest = chosen.filter((t) => !slots.includes(t));
  const stay = rest.filter((t) => {
    const i = seed.indexOf(t);
    if (i < 0 || i >= n || slots[i]) return false;
    slots[i] = t;
    return true;
  });
  const free = slots.flatMap((t, i) => (t ? [] : [i]));
  const energy = (t: Track | undefined) => t?.features.energy ?? 0.5;
  const want = free.map((i) => ({ i, e: energy(seed[Math.floor((i * seed.length) / n)]) })).sort((a, b) => a.e - b.e);
  const movers = rest.filter((t) => !stay.includes(t)).sort((a, b) => energy(a) - energy(b));
  want.forEach((w, k) => (slots[w.i] = movers[k] ?? null));
  return slots.filter((t): t is Track => t !== null);
}

export function mockEvaluation(preview: PreviewView, holdout: number, seed: number): Evaluation {
  const segments = preview.columns.map((c) => {
    const base = 0.06 + hash01(`${seed}:${c.segment}`) * 0.08;
    const lift = c.variant.metrics.lift ?? 0;
    const variant = { hitRate: base * (1.1 + 4 * lift), ndcg: base * 0.52 * (1.1 + 4 * lift) };
    const scores = { segment: c.segment, listeners: Math.round(c.segmentSize * (1 - holdout) * 0.9), k: c.tracks.length, variant, seed: { hitRate: base, ndcg: base * 0.5 }, popularity: { hitRate: base * 0.85, ndcg: base * 0.41 } };
    return { name: c.segmentName, scores };
  });
  const beats = segments.filter((x) => (x.scores.variant.hitRate ?? 0) > (x.scores.seed.hitRate ?? 0)).length;
  return { playlist: preview.playlist, model: preview.model, holdout, seed, segments, variantBeatsSeed: beats };
}

export function personalizeHandlers(world: PersonalizeWorld): Record<string, Handler> {
  const settings = new Map<number, PlaylistSettings>();
  const pools = new Map<number, string[]>();
  const preview = (playlist: number, segments: number[]) => {
    const model = world.activeModel();
    if (!model) return null;
    const seed = world.entries(playlist).map((e) => ({ track: world.byId.get(e.trackId)!, pinned: e.pinned }));
    const pool = (pools.get(playlist) ?? []).map((id) => world.byId.get(id)!);
    const bad = segments.find((x) => x >= model.segments.length);
    if (bad !== undefined) throw { code: 'invalidInput', message: `segment ${bad} is not in the model (it has ${model.segments.length})` };
    const unknown = [...(settings.get(playlist)?.rules?.mustInclude?.value ?? []), ...(settings.get(playlist)?.rules?.bannedTracks?.value ?? [])].find((id) => !world.byId.has(id));
    if (unknown) throw { code: 'invalidInput', message: `rules: track ${unknown} is not in the catalogue` };
    return mockPreview({ playlist, model, seed, pool, catalogue: world.tracks, settings: settings.get(playlist) ?? defaultSettings(), segments });
  };
  return {
    personalize_settings: (a) => (world.entries(Number(a.playlist)), settings.get(Number(a.playlist)) ?? defaultSettings()),
    personalize_set_settings: (a) => {
      const next = a.settings as PlaylistSettings;
      world.entries(Number(a.playlist));
      if (typeof next.strength !== 'number' || next.strength < 0 || next.strength > 1) throw { code: 'invalidInput', message: `strength must be between 0 and 1, got ${String(next.strength)}` };
      settings.set(Number(a.playlist), structuredClone(next));
      return null;
    },
    pool_list: (a) => (world.entries(Number(a.playlist)), [...(pools.get(Number(a.playlist)) ?? [])]),
    pool_add: (a) => {
      const ids = a.tracks as string[];
      const missing = ids.find((id) => !world.byId.has(id));
      if (missing) throw { code: 'notFound', message: `track ${missing} is not in the catalogue` };
      const pool = pools.get(Number(a.playlist)) ?? [];
      const fresh = [...new Set(ids)].filter((id) => !pool.includes(id));
      pools.set(Number(a.playlist), [...pool, ...fresh]);
      return fresh.length;
    },
    pool_remove: (a) => {
      const pool = pools.get(Number(a.playlist)) ?? [];
      const gone = new Set(a.tracks as string[]);
      pools.set(Number(a.playlist), pool.filter((id) => !gone.has(id)));
      return pool.filter((id) => gone.has(id)).length;
    },
    personalize_preview: (a) => preview(Number(a.playlist), (a.segments as number[] | undefined) ?? []),
    personalize_evaluate: (a) => {
      const p = preview(Number(a.playlist), []);
      if (!p) throw { code: 'invalidInput', message: 'no segment model is active: fit one first' };
      const out = mockEvaluation(p, Number(a.holdout ?? 0.2), Number(a.seed ?? 7));
      return new Promise((resolve) => setTimeout(() => resolve(out), 1200));
    },
  };
}
