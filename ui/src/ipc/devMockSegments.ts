//! The dev mock's taste side: listeners and signals, vector builds, and segment models with
//! generated cards and maps, so `VITE_MOCK=1` and the Chromium journey exercise the segments
//! panel. `?noModel` starts without listeners or models (the empty state).

import { ARTISTS, GENRES, rng } from './devMockData';
import type { Feature, FeatureDiff, JobOutput, Lift, ModelSummary, ModelView, SegmentParams, SignalKind, SignalStats, SimulationParams } from './types';

/** A fake job: how many 100 ms ticks it takes, and its outcome (an error fails it). */
export interface FakeJob {
  ticks: number;
  failAt?: number;
  error?: { code: string; message: string };
  output: () => JobOutput;
}
export type StartJob = (channel: unknown, job: FakeJob) => number;
export type Handler = (a: Record<string, unknown>) => unknown;

const FEATURES: Feature[] = ['danceability', 'energy', 'valence', 'tempo', 'loudness', 'acousticness', 'instrumentalness', 'speechiness', 'liveness', 'mode', 'key'];
const WORDS: Partial<Record<Feature, [string, string]>> = { tempo: ['fast', 'slow'], loudness: ['loud', 'quiet'], mode: ['major', 'minor'] };
const title = (s: string) => (['edm', 'r&b'].includes(s) ? s.toUpperCase() : s.replace(/\b\w/g, (c) => c.toUpperCase()));

function lifts(r: () => number, labels: string[], n: number): Lift[] {
  return labels
    .map((label) => ({ label, r: r() }))
    .sort((a, b) => b.r - a.r)
    .slice(0, n)
    .map(({ label }, i) => {
      const lift = Math.round((3.2 - i * 0.55 + r() * 0.4) * 100) / 100;
      const populationShare = 0.04 + r() * 0.12;
      return { label, segmentShare: Math.min(0.9, populationShare * lift), populationShare, lift, listeners: 40 + Math.floor(r() * 300) };
    });
}

/** A whole model view: k segments with profiles, a few hundred map points, centroids. */
export function makeModel(id: number, params: SegmentParams, k: number, listeners: number, simulated: number): ModelView {
  const seed = params.seed ?? 42;
  const r = rng(seed * 31 + k);
  const genres = Object.keys(GENRES);
  const weights = Array.from({ length: k }, () => 0.6 + r());
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.round((listeners * w) / total));
  const names: string[] = [];
  const segments = sizes.map((size, index) => {
    const genre = genres[index % genres.length]!;
    const features: FeatureDiff[] = FEATURES.map((feature) => {
      const difference = Math.round((r() * 2 - 1) * (r() < 0.3 ? 1.8 : 0.6) * 100) / 100;
      const populationMean = feature === 'tempo' ? 120 : feature === 'loudness' ? -7 : 0.5;
      const sd = feature === 'tempo' ? 25 : feature === 'loudness' ? 3 : 0.18;
      return { feature, segmentMean: populationMean + difference * sd, populationMean, difference };
    }).sort((a, b) => Math.abs(b.difference!) - Math.abs(a.difference!));
    const top = features.find((f) => f.feature !== 'key')!;
    const [hi, lo] = WORDS[top.feature] ?? [`high ${top.feature}`, `low ${top.feature}`];
    let autoName = `${title(genre)} · ${top.difference! > 0 ? hi : lo}`;
    if (names.includes(autoName)) autoName = `${autoName} (${names.filter((n) => n.startsWith(autoName)).length + 1})`;
    names.push(autoName);
    const profile = {
      index, size, share: size / listeners, autoName, features,
      genres: [...lifts(r, [genre], 1), ...lifts(r, genres.filter((g) => g !== genre), 2).map((l) => ({ ...l, lift: Math.round(l.lift! * 45) / 100 }))],
      subgenres: lifts(r, GENRES[genre]!, 3),
      artists: lifts(r, ARTISTS, 4),
    };
    return { index, name: autoName, profile };
  });
  const centroids = segments.map((_, s) => {
    const angle = (2 * Math.PI * s) / k + r() * 0.4;
    return { segment: s, x: Math.cos(angle) * 2.2 + r() * 0.4, y: Math.sin(angle) * 1.6 + r() * 0.4 };
  });
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-9)) * Math.cos(2 * Math.PI * r());
  const points = Array.from({ length: 420 }, (_, listener) => {
    const segment = Math.min(k - 1, Math.floor(r() * k));
    const c = centroids[segment]!;
    return { listener, segment, x: c.x + gauss() * 0.55, y: c.y + gauss() * 0.45 };
  });
  const silhouette = Math.round((0.18 + r() * 0.12) * 1000) / 1000;
  const candidates = params.k != null ? [{ k, inertia: 812.4, silhouette }] : Array.from({ length: (params.kMax ?? 12) - (params.kMin ?? 4) + 1 }, (_, i) => {
    const kk = (params.kMin ?? 4) + i;
    return { k: kk, inertia: 1400 / kk, silhouette: kk === k ? silhouette : Math.round((silhouette - 0.01 - r() * 0.05) * 1000) / 1000 };
  });
  const summary: ModelSummary = {
    id, createdAt: new Date(Date.UTC(2026, 5, 1, 9, id)).toISOString(), algorithm: params.algorithm ?? 'kmeans', k, seed, active: true, build: 1,
    metrics: { inertia: 812.4, silhouette, stabilityAri: 0.91, truthAri: simulated === listeners ? 0.87 : null, candidates, fitted: listeners - 37, assignedAfter: 37, miniBatch: false, elapsedMs: 1480 },
  };
  return { summary, params: { ...params, k: params.k ?? null }, segments, map: { points, centroids, explainedVariance: [0.231, 0.142] }, simulatedShare: simulated / listeners };
}

export function segmentHandlers(startJob: StartJob, empty: boolean): Record<string, Handler> {
  let signals: SignalStats = empty
    ? { listeners: 0, simulated: 0, pairs: 0, events: 0, artistPairs: 0, imports: 0 }
    : { listeners: 2400, simulated: 2400, pairs: 151_200, events: 288_000, artistPairs: 0, imports: 0 };
  let build = empty ? 0 : 1;
  let builtListeners = signals.listeners;
  let models: ModelView[] = empty ? [] : [makeModel(1, { algorithm: 'kmeans', k: null, kMin: 4, kMax: 12, seed: 42 }, 6, signals.listeners, signals.simulated)];
  let nextModel = models.length + 1;
  const stats = () => ({ vectors: { tracks: 640, dims: 43, contentDims: 11, collabDims: 32, cold: 58, ppmiNonzeros: 41_200, singularValues: [], content: { names: [], means: [], stds: [] } }, listeners: builtListeners, eligible: Math.max(0, builtListeners - 37), withoutEvidence: 0 });
  const find = (id: number) => {
    const m = models.find((x) => x.summary.id === id);
    if (!m) throw { code: 'notFound', message: `segment model ${id} does not exist` };
    return m;
  };
  const vectorsJob = (channel: unknown) => startJob(channel, { ticks: 8, output: () => { build += 1; builtListeners = signals.listeners; return { kind: 'vectors', build, stats: stats(), elapsedMs: 820 }; } });

  return {
    segments_status: () => ({ signals, build: build === 0 ? null : { id: build, createdAt: '2026-06-01T09:00:00Z', stats: stats() }, activeModel: models.find((m) => m.summary.active)?.summary.id ?? null }),
    segments_models: () => [...models].reverse().map((m) => m.summary),
    segments_model: (a) => (a.id == null ? models.find((m) => m.summary.active) ?? null : find(Number(a.id))),
    segments_activate: (a) => {
      const id = Number(a.id);
      find(id);
      models = models.map((m) => ({ ...m, summary: { ...m.summary, active: m.summary.id === id } }));
      return null;
    },
    segments_rename: (a) => {
      const name = String(a.name).trim();
      if (name.length > 80) throw { code: 'invalidInput', message: 'a segment name has at most 80 characters' };
      const m = find(Number(a.model));
      const segments = m.segments.map((s) => (s.index === Number(a.segment) ? { ...s, name: name || s.profile.autoName } : s));
      models = models.map((x) => (x === m ? { ...m, segments } : x));
      return null;
    },
    segments_delete: (a) => {
      if (find(Number(a.id)).summary.active) throw { code: 'invalidInput', message: 'the active model cannot be deleted; make another one active first' };
      models = models.filter((m) => m.summary.id !== Number(a.id));
      return null;
    },
    segments_fit: (a) => {
      const params = a.params as SegmentParams;
      const k = params.k ?? Math.min(Math.max(6, params.kMin ?? 4), params.kMax ?? 12);
      const tooMany = k > 30 || signals.listeners < 50;
      return startJob(a.channel, {
        ticks: 15,
        failAt: tooMany ? 6 : undefined,
        error: { code: 'invalidInput', message: `k = ${k} needs at least ${Math.max(k, 50)} listeners with enough evidence; the newest vectors have ${formatN(Math.max(0, signals.listeners - 37))}` },
        output: () => {
          if (build === 0) [build, builtListeners] = [1, signals.listeners];
          const model = makeModel(nextModel++, params, k, signals.listeners, signals.simulated);
          models = [...models.map((m) => ({ ...m, summary: { ...m.summary, active: false } })), model];
          return { kind: 'segments', ...model.summary };
        },
      });
    },
    vectors_build: (a) => vectorsJob(a.channel),
    signals_simulate: (a) => {
      const p = a.params as SimulationParams;
      const n = p.listeners ?? 10_000;
      return startJob(a.channel, {
        ticks: 10,
        output: () => {
          signals = { ...signals, listeners: signals.listeners + n, simulated: signals.simulated + n, pairs: signals.pairs + n * 63, events: (signals.events ?? 0) + n * 120 };
          return { kind: 'simulation', params: p, listeners: n, events: n * 120, pairs: n * 63, tastes: [], elapsedMs: 640 };
        },
      });
    },
    signals_import: (a) => {
      const file = String(a.path);
      const shape = a.kind as SignalKind;
      const unknown = shape === 'artist-plays' ? 'The Nonexistents' : '4uLU6hMCjMI75M1A2tKUQC';
      const what = shape === 'artist-plays' ? 'artist' : 'track';
      const error = file.includes('bad')
        ? { code: 'badFile', message: `${file}, line 57, column "timestamp": "yesterday" is not an RFC 3339 time or Unix seconds` }
        : { code: 'badFile', message: `${file}, line 14, column "${shape === 'artist-plays' ? 'artist' : 'track_id'}": ${what} "${unknown}" is not in the catalogue (strict import refuses unknown ${what}s)` };
      return startJob(a.channel, {
        ticks: 12,
        failAt: file.includes('bad') || a.strict === true ? 6 : undefined,
        error,
        output: () => {
          signals = { ...signals, listeners: signals.listeners + 180, pairs: signals.pairs + 9_400, events: (signals.events ?? 0) + 24_271, imports: signals.imports + 1 };
          const examples = Array.from({ length: 20 }, (_, i) => ({ line: 14 + i * 37, listener: `user${1000 + i * 7}`, unknown: i % 3 ? `${unknown.slice(0, 20)}${i}` : unknown }));
          return { kind: 'signals', file, shape, rows: 24_312, accepted: 24_271, skipped: 41, skippedDistinct: 9, examples, listenersNew: 180, listeners: 180, pairs: 9_400, artistsMatched: shape === 'artist-plays' ? 96 : 0, elapsedMs: 930 };
        },
      });
    },
  };
}

function formatN(n: number): string {
  return n.toLocaleString('en-US');
}
