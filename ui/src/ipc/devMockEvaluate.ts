//! The dev mock's offline evaluation (segue-api `evaluate`): for each segment, the variant at the
//! playlist's strength against the seed as is, the most popular tracks, the segment's most-played
//! and the theme baseline, as means with 95% intervals over the segment's listeners, paired
//! verdicts, and the strength curve. A track's chance to be among a listener's held-out plays
//! follows its reach in the segment (devMockTaste.ts); the intervals shrink with the listeners.
//! Deterministic for a request; plausible shapes, not the engine's numbers.

import type { MockRequest } from './devMockPersonalize';
import type { CurvePoint, EvaluateRequest, Evaluation, Interval, ListFacts, ListKind, ListReport, Outcome, PreviewView, ScopeReport, Track, Verdict } from './types';
import { clamp, hash01, inTheme, seedGenres, similarity, tasteOf, trackReach, type Taste } from './devMockTaste';

export const LIST_KINDS: readonly ListKind[] = ['variant', 'seed', 'popular', 'segmentMostPlayed', 'themeBaseline'];

/** The request with its defaults, checked as the engine checks it (same wording). */
export function checkEvaluateRequest(r: EvaluateRequest): { holdout: number; seed: number; splits: number; strengths: number[] } {
  const holdout = r.holdout ?? 0.2;
  const seed = r.seed ?? 7;
  const splits = r.splits ?? 3;
  const strengths = (r.strengths ?? []).map((s) => s ?? Number.NaN);
  const invalid = (message: string) => ({ code: 'invalidInput', message });
  if (!(holdout > 0 && holdout < 1)) throw invalid(`holdout must be above 0 and below 1, got ${holdout}`);
  if (!(Number.isInteger(seed) && seed >= 0)) throw invalid(`seed must be a whole number from 0 to 2^53, got ${seed}`);
  if (!(splits >= 1 && splits <= 20)) throw invalid(`splits must be from 1 to 20, got ${splits}`);
  if (strengths.length > 21) throw invalid('strengths takes at most 21 values');
  const bad = strengths.find((s) => !(s >= 0 && s <= 1));
  if (bad !== undefined) throw invalid(`strengths must be between 0 and 1, got ${bad}`);
  return { holdout, seed, splits, strengths };
}

/** One list's figures in one segment, before they are pooled: means and standard errors. */
interface Measure {
  n: number;
  /** hit share, hit rate, recall, NDCG. */
  mean: [number, number, number, number];
  se: [number, number, number, number];
  facts: ListFacts;
}

const interval = (mean: number, se: number): Interval => ({ mean, low: Math.max(0, mean - 1.96 * se), high: mean + 1.96 * se });
const diffInterval = (d: number, se: number): Interval => ({ mean: d, low: d - 1.96 * se, high: d + 1.96 * se });
const outcome = (i: Interval): Outcome => ((i.low ?? 0) > 0 ? 'better' : (i.high ?? 0) < 0 ? 'worse' : 'unclear');

/** The top `k` of `tracks` by `rank`, one per artist, skipping `taken`. */
function onePerArtist(tracks: readonly Track[], rank: (t: Track) => number, k: number, taken: ReadonlySet<string> = new Set()): Track[] {
  const artists = new Set<string>();
  const out: Track[] = [];
  for (const t of [...tracks].sort((a, b) => rank(b) - rank(a))) {
    if (out.length >= k) break;
    if (taken.has(t.id) || artists.has(t.artist)) continue;
    artists.add(t.artist);
    out.push(t);
  }
  return out;
}

function measure(list: readonly Track[], taste: Taste, seed: readonly Track[], theme: readonly string[], n: number, salt: string): Measure {
  const k = Math.max(1, seed.length);
  const mean = (f: (t: Track) => number) => (list.length ? list.reduce((s, t) => s + f(t), 0) / list.length : 0);
  // A held-out play of the track, for one listener of the segment; a little sampling noise.
  const p = (t: Track) => 0.3 * trackReach(t, taste);
  const hitShareTrue = (mean(p) * list.length) / k;
  const seShare = Math.sqrt((hitShareTrue * (1 - hitShareTrue)) / k + (0.9 * hitShareTrue) ** 2) / Math.sqrt(Math.max(1, n));
  const hitShare = Math.max(0, hitShareTrue + (hash01(`${salt}:noise`) - 0.5) * seShare);
  const hitRate = 1 - (1 - hitShare) ** k;
  const seRate = Math.sqrt((hitRate * (1 - hitRate)) / Math.max(1, n));
  const recall = clamp((hitShare * k) / 30, 0, 1);
  const ndcg = hitShare * (0.8 + 0.15 * hash01(`${salt}:ndcg`));
  const ids = new Set(seed.map((t) => t.id));
  const facts: ListFacts = {
    seedKept: seed.length ? list.filter((t) => ids.has(t.id)).length / seed.length : 0,
    inTheme: mean((t) => (inTheme(t, theme) ? 1 : 0)),
    contentCosine: mean((t) => (seed.length ? seed.reduce((s, x) => s + similarity(t, x), 0) / seed.length : 0)),
  };
  return { n, mean: [hitShare, hitRate, recall, ndcg], se: [seShare, seRate, (seShare * k) / 30, seShare * 0.9], facts };
}

/** Segments pooled, weighted by their listeners. */
function pool(ms: readonly Measure[]): Measure {
  const n = ms.reduce((s, m) => s + m.n, 0) || 1;
  const w = (m: Measure) => m.n / n;
  const at = (i: 0 | 1 | 2 | 3) => ms.reduce((s, m) => s + w(m) * m.mean[i], 0);
  const se = (i: 0 | 1 | 2 | 3) => Math.sqrt(ms.reduce((s, m) => s + (w(m) * m.se[i]) ** 2, 0));
  const fact = (f: keyof ListFacts) => ms.reduce((s, m) => s + w(m) * (m.facts[f] ?? 0), 0);
  return { n, mean: [at(0), at(1), at(2), at(3)], se: [se(0), se(1), se(2), se(3)], facts: { seedKept: fact('seedKept'), inTheme: fact('inTheme'), contentCosine: fact('contentCosine') } };
}

function report(list: ListKind, m: Measure): ListReport {
  return { list, hitShare: interval(m.mean[0], m.se[0]), hitRate: interval(m.mean[1], m.se[1]), recall: interval(m.mean[2], m.se[2]), ndcg: interval(m.mean[3], m.se[3]), facts: m.facts };
}

function scope(segment: number | null, name: string, lists: Record<ListKind, Measure>): ScopeReport {
  const v = lists.variant;
  const verdicts: Verdict[] = LIST_KINDS.slice(1).map((against) => {
    const o = lists[against];
    // Paired over the same listeners: the difference varies less than either list.
    const hitShare = diffInterval(v.mean[0] - o.mean[0], 0.7 * Math.hypot(v.se[0], o.se[0]));
    const hitRate = diffInterval(v.mean[1] - o.mean[1], 0.7 * Math.hypot(v.se[1], o.se[1]));
    return { against, hitShare, hitRate, hitShareOutcome: outcome(hitShare), hitRateOutcome: outcome(hitRate) };
  });
  return { segment, name, observations: v.n, lists: LIST_KINDS.map((k) => report(k, lists[k])), verdicts };
}

function curvePoint(strength: number | null, segment: number | null, m: Measure): CurvePoint {
  return { strength, segment, hitShare: interval(m.mean[0], m.se[0]), hitRate: interval(m.mean[1], m.se[1]), seedKept: m.facts.seedKept, inTheme: m.facts.inTheme };
}

/** The evaluation of `req`'s playlist; `previewAt` personalizes it at a strength. */
export function mockEvaluation(req: MockRequest, request: EvaluateRequest, previewAt: (strength: number) => PreviewView): Evaluation {
  const r = checkEvaluateRequest(request);
  const own = req.settings.strength ?? 0.5;
  const byId = new Map(req.catalogue.map((t) => [t.id, t]));
  const seed = req.seed.map((e) => e.track);
  const theme = seedGenres(seed);
  const k = seed.length;
  if (k === 0) throw { code: 'invalidInput', message: 'the playlist is empty: there is nothing to evaluate' };
  const segments = req.model.segments.map((s) => s.index);
  const tastes = segments.map((s) => tasteOf(req.model, s));
  const n = (s: number) => Math.round(req.model.segments[s]!.profile.size * (1 - r.holdout / 2)) * r.splits;
  const strengths = [...new Set([...r.strengths, own].map((s) => Math.round(s * 1e6) / 1e6))].sort((a, b) => a - b);
  const variants = new Map(strengths.map((s) => [s, previewAt(s)]));
  const variantOf = (strength: number, segment: number) =>
    (variants.get(strength)!.columns.find((c) => c.segment === segment)?.tracks ?? []).map((t) => byId.get(t.track.id)!);
  const popular = onePerArtist(req.catalogue, (t) => t.popularity ?? 0, k);
  const salt = (s: number, what: string) => `${r.seed}:${r.splits}:${s}:${what}`;

  const at = (strength: number) => segments.map((s) => measure(variantOf(strength, s), tastes[s]!, seed, theme, n(s), salt(s, `v${strength}`)));
  const lists = segments.map((s) => {
    const taste = tastes[s]!;
    const reach = (t: Track) => trackReach(t, taste);
    const mostPlayed = onePerArtist(req.catalogue, reach, k);
    const half = seed.slice(0, Math.ceil(k / 2));
    const themed = onePerArtist(req.catalogue.filter((t) => inTheme(t, theme)), reach, k - half.length, new Set(half.map((t) => t.id)));
    const m = (list: readonly Track[], what: string) => measure(list, taste, seed, theme, n(s), salt(s, what));
    return {
      seed: m(seed, 'seed'),
      popular: m(popular, 'popular'),
      segmentMostPlayed: m(mostPlayed, 'most'),
      themeBaseline: m([...half, ...themed], 'theme'),
    };
  });
  const curveMeasures = new Map(strengths.map((s) => [s, at(s)]));
  const ownKey = Math.round(own * 1e6) / 1e6;
  const tables = segments.map((s) => ({ variant: curveMeasures.get(ownKey)![s]!, ...lists[s]! }));
  const pooled = Object.fromEntries(LIST_KINDS.map((kind) => [kind, pool(tables.map((t) => t[kind]))])) as Record<ListKind, Measure>;
  const overall = scope(null, 'All listeners', pooled);
  const themeList = overall.lists.find((l) => l.list === 'themeBaseline')!;
  return {
    playlist: req.playlist,
    model: req.model.summary.id,
    holdout: r.holdout,
    seed: r.seed,
    splits: r.splits,
    k,
    strength: own,
    overall,
    segments: segments.map((s) => scope(s, req.model.segments[s]!.name, tables[s]!)),
    curve: strengths.flatMap((strength) => {
      const ms = curveMeasures.get(strength)!;
      return [curvePoint(strength, null, pool(ms)), ...segments.map((s) => curvePoint(strength, s, ms[s]!))];
    }),
    themePoint: { strength: null, segment: null, hitShare: themeList.hitShare, hitRate: themeList.hitRate, seedKept: themeList.facts.seedKept, inTheme: themeList.facts.inTheme },
    elapsedMs: 1180 + 40 * strengths.length,
  };
}
