//! The dev mock's personalization: settings and pools per playlist, and a small deterministic
//! stand-in for the engine (segue-core `personalize`) so `VITE_MOCK=1` and the Chromium journey
//! see plausible variants: a segment's taste is read from its generated profile (devMockTaste.ts),
//! candidates are ranked by engagement (mostly reach), affinity and seed fit, whatever the
//! strength; the strength only says how much of the seed the segment may replace (at least
//! ⌈(1 − s)·u⌉ of the u unpinned seed tracks stay, the ones the segment ranks highest). Then a
//! greedy choice under the rules (one added track per artist by default), pins kept, the rest
//! following the seed's energy, with the rule report and the metrics. The offline evaluation is
//! a job (devMockEvaluate.ts). Not the real engine's numbers, its shapes.

import type { Entry } from './devMockData';
import type { Handler, StartJob } from './devMockSegments';
import type { EvaluateRequest, ModelView, PlaylistSettings, PreviewView, RuleKind, Track, VariantView } from './types';
import { ruleReport, variantMetrics, type MetricContext, type RuleInput } from './devMockRules';
import { affinity, artistReach, clamp, engagement, familiarTo, inTheme, seedGenres, similarity, tasteOf, trackReach } from './devMockTaste';
import { checkEvaluateRequest, mockEvaluation } from './devMockEvaluate';

export { hash01, similarity } from './devMockTaste';

export interface PersonalizeWorld {
  tracks: Track[];
  byId: Map<string, Track>;
  /** The entries of a playlist (throws notFound). */
  entries: (playlist: number) => Entry[];
  activeModel: () => ModelView | null;
  /** Runs a fake job (the evaluation); absent, the evaluation answers at once (unit tests). */
  startJob?: StartJob;
}

export function defaultSettings(): PlaylistSettings {
  return {
    strength: 0.5,
    expand: { threshold: 0.5, cap: 200 },
    rules: { length: null, maxPerArtist: null, artistSeparation: null, explicitAllowed: null, familiarity: null, bannedTracks: null, bannedArtists: null, mustInclude: null },
    params: { weightAffinity: 0.25, weightSeedFit: 0.25, weightEngagement: 1, addedPerArtist: 1, seedFitNeighbours: 3, mmrLambda: 0.7, priorWeight: 20, familiarShare: 0.02, sequencing: 'energyArc', tempoSpanBpm: 60 },
  };
}

/** The spreads that put engagement and the cosines in a segment's units. */
const SIGMA_ENGAGEMENT = 0.08;
const SIGMA_AFFINITY = 0.4;

/** Unpinned seed tracks that must stay at `strength`: ⌈(1 − s)·u⌉. */
export function mustStay(strength: number, unpinned: number): number {
  return Math.max(0, Math.ceil((1 - clamp(strength, 0, 1)) * unpinned - 1e-6));
}

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
  const theme = seedGenres(seedTracks);
  const closest = (t: Track) => seedTracks.filter((x) => x.id !== t.id).reduce<Track | null>((best, x) => (!best || similarity(t, x) > similarity(t, best) ? x : best), null);
  const fit = (t: Track) => {
    const sims = seedTracks.filter((x) => x.id !== t.id).map((x) => similarity(t, x)).sort((a, b) => b - a).slice(0, p.seedFitNeighbours ?? 3);
    return sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : 0;
  };
  const inSeed = new Set(seedPos.keys());
  const pool = req.pool.filter((t) => !inSeed.has(t.id));
  const taken = new Set([...inSeed, ...pool.map((t) => t.id)]);
  const expand = settings.expand;
  const expanded = expand
    ? catalogue
        .filter((t) => !taken.has(t.id) && (expand.genres === false || inTheme(t, theme)))
        .map((t) => ({ t, f: fit(t) }))
        .filter((x) => x.f >= (expand.threshold ?? 0.5))
        .sort((a, b) => b.f - a.f)
        .slice(0, expand.cap)
        .map((x) => x.t)
    : [];
  const candidates = [...seedTracks, ...pool, ...expanded];
  const fits = new Map(candidates.map((t) => [t.id, fit(t)]));
  const rules: RuleInput = { rules: settings.rules ?? {}, seedLength: seed.length };
  const pinned = seed.flatMap((e, i) => (e.pinned ? [{ track: e.track, at: i }] : []));
  // Must-include tracks join wherever they are in the catalogue, as the editor's fixed tracks.
  const must = (rules.rules.mustInclude?.value ?? []).flatMap((id) => catalogue.filter((t) => t.id === id));
  const segments = req.segments.length ? req.segments : req.model.segments.map((x) => x.index);
  const limits = { mustStay: mustStay(s, seed.length - pinned.length), addedPerArtist: p.addedPerArtist ?? 1 };

  const column = (segment: number): VariantView => {
    const taste = tasteOf(req.model, segment);
    // Relevance does not depend on the strength.
    const score = (t: Track) =>
      ((p.weightEngagement ?? 1) * engagement(t, taste)) / SIGMA_ENGAGEMENT + ((p.weightAffinity ?? 0.25) * affinity(t, taste)) / SIGMA_AFFINITY + ((p.weightSeedFit ?? 0.25) * (fits.get(t.id) ?? 0)) / SIGMA_AFFINITY;
    const order = choose(candidates, score, pinned, must, rules, seedTracks, limits);
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
          reasons: {
            score: score(t),
            affinity: affinity(t, taste),
            seedFit: fits.get(t.id) ?? fit(t),
            engagement: engagement(t, taste),
            artistReach: artistReach(t, taste),
            trackReach: trackReach(t, taste),
            closestSeedTrack: near ? (dense.get(near.id) ?? null) : null,
            familiar: familiarTo(t, taste),
            rules: [...rulesHere] as RuleKind[],
          },
        },
        closestSeedTrack: near ? ref(near) : null,
      };
    });
    const familiar = (t: Track) => familiarTo(t, taste);
    const ctx: MetricContext = { affinity: (t) => affinity(t, taste), familiar, similarity, reach: (t) => trackReach(t, taste), theme };
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
        metrics: variantMetrics(order, seedTracks, ctx, kept.length, violations.length),
        violations,
      },
      seed: { segment, metrics: variantMetrics(seedTracks, seedTracks, ctx, seedTracks.length, seedViolations.length), violations: seedViolations },
    };
  };
  return { playlist: req.playlist, model: req.model.summary.id, settings, seed: seedTracks.map(ref), columns: segments.map(column), elapsedMs: 3.2 };
}

const ref = (t: Track) => ({ id: t.id, title: t.title, artist: t.artist });

/**
 * Greedy choice under the rules, then the sequence: pins fixed, seed tracks at their places, the
 * rest by energy. The strength's limit comes first: the `mustStay` unpinned seed tracks the
 * segment ranks highest stay; then the best candidates (seed tracks among them) fill the list,
 * at most `addedPerArtist` added tracks per artist (0: no limit).
 */
function choose(
  candidates: Track[],
  score: (t: Track) => number,
  pinned: Array<{ track: Track; at: number }>,
  must: Track[],
  r: RuleInput,
  seed: Track[],
  limits: { mustStay: number; addedPerArtist: number },
): Track[] {
  const rules = r.rules;
  const bannedArtists = new Set((rules.bannedArtists?.value ?? []).map((a) => a.toLowerCase()));
  const banned = new Set(rules.bannedTracks?.value ?? []);
  const noExplicit = rules.explicitAllowed?.value === false;
  const allowed = (t: Track) => !banned.has(t.id) && !bannedArtists.has(t.artist.toLowerCase()) && !(noExplicit && t.explicit);
  const length = rules.length?.value;
  const target = length?.tracks ?? (length?.minutes != null ? Infinity : seed.length);
  const minutes = length?.minutes ?? null;
  const chosen: Track[] = pinned.map((x) => x.track);
  const byArtist = (a: string) => chosen.filter((t) => t.artist === a).length;
  chosen.push(...must.map((t) => candidates.find((c) => c.id === t.id) ?? t).filter((t) => !chosen.includes(t)));
  const unpinned = seed.filter((t) => !pinned.some((x) => x.track === t));
  const stayed = unpinned.filter((t) => chosen.includes(t)).length;
  const kept = unpinned.filter((t) => !chosen.includes(t) && allowed(t)).sort((a, b) => score(b) - score(a)).slice(0, Math.max(0, limits.mustStay - stayed));
  chosen.push(...kept);
  const inSeed = new Set(seed.map((t) => t.id));
  const added = (a: string) => chosen.filter((t) => t.artist === a && !inSeed.has(t.id)).length;
  const open = candidates.filter((t) => !chosen.includes(t) && allowed(t));
  const full = () => (minutes !== null ? chosen.reduce((ms, t) => ms + t.durationMs, 0) >= minutes * 60_000 : chosen.length >= target);
  while (!full() && open.length) {
    const max = rules.maxPerArtist?.value ?? Infinity;
    const fair = open.filter((t) => inSeed.has(t.id) || limits.addedPerArtist === 0 || added(t.artist) < limits.addedPerArtist);
    const ok = fair.filter((t) => byArtist(t.artist) < max);
    const from = ok.length ? ok : fair;
    if (!from.length) break;
    const best = from.reduce((b, t) => (score(t) - 0.6 * byArtist(t.artist) > score(b) - 0.6 * byArtist(b.artist) ? t : b));
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

export function personalizeHandlers(world: PersonalizeWorld): Record<string, Handler> {
  const settings = new Map<number, PlaylistSettings>();
  const pools = new Map<number, string[]>();
  /** What the mock engine needs for a playlist, or null without an active model. */
  const engineRequest = (playlist: number, segments: number[] = []): MockRequest | null => {
    const model = world.activeModel();
    if (!model) return null;
    const seed = world.entries(playlist).map((e) => ({ track: world.byId.get(e.trackId)!, pinned: e.pinned }));
    const pool = (pools.get(playlist) ?? []).map((id) => world.byId.get(id)!);
    const bad = segments.find((x) => x >= model.segments.length);
    if (bad !== undefined) throw { code: 'invalidInput', message: `segment ${bad} is not in the model (it has ${model.segments.length})` };
    const unknown = [...(settings.get(playlist)?.rules?.mustInclude?.value ?? []), ...(settings.get(playlist)?.rules?.bannedTracks?.value ?? [])].find((id) => !world.byId.has(id));
    if (unknown) throw { code: 'invalidInput', message: `rules: track ${unknown} is not in the catalogue` };
    return { playlist, model, seed, pool, catalogue: world.tracks, settings: settings.get(playlist) ?? defaultSettings(), segments };
  };
  const preview = (playlist: number, segments: number[]) => {
    const req = engineRequest(playlist, segments);
    return req && mockPreview(req);
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
      const playlist = Number(a.playlist);
      const request = checkEvaluateRequest((a.request ?? {}) as EvaluateRequest);
      // What is evaluated is read when the job starts, as the engine does.
      const req = engineRequest(playlist);
      const evaluate = () => {
        if (!req) throw { code: 'invalidInput', message: 'no segment model is active: fit one first' };
        return mockEvaluation(req, request, (strength) => mockPreview({ ...req, settings: { ...req.settings, strength } }));
      };
      if (!world.startJob) return evaluate();
      return world.startJob(a.channel, { ticks: 12, output: () => ({ kind: 'evaluation', ...evaluate() }) });
    },
  };
}
