import { describe, expect, it } from 'vitest';
import { makePlaylists, makeTracks } from './devMockData';
import { makeModel } from './devMockSegments';
import { defaultSettings, mockPreview, mustStay, personalizeHandlers, type MockRequest } from './devMockPersonalize';
import { LIST_KINDS, mockEvaluation } from './devMockEvaluate';
import type { FakeJob } from './devMockSegments';
import type { Evaluation, Interval, PlaylistSettings, PreviewView } from './types';

const tracks = makeTracks(640);
const byId = new Map(tracks.map((t) => [t.id, t]));
const playlists = makePlaylists(tracks);
const model = makeModel(1, { k: null, kMin: 4, kMax: 12, seed: 42 }, 6, 2400, 2400);
const entries = playlists.find((p) => p.name === 'Dance Room')!.entries;

function request(settings: Partial<PlaylistSettings> = {}, pool: string[] = []): MockRequest {
  return {
    playlist: 2,
    model,
    seed: entries.map((e) => ({ track: byId.get(e.trackId)!, pinned: e.pinned })),
    pool: pool.map((id) => byId.get(id)!),
    catalogue: tracks,
    settings: { ...defaultSettings(), ...settings },
    segments: [],
  };
}

const ids = (p: PreviewView, c: number) => p.columns[c]!.tracks.map((t) => t.track.id);

describe('the mock engine', () => {
  it('returns the seed as is at strength 0, every track kept', () => {
    const p = mockPreview(request({ strength: 0 }));
    expect(p.columns).toHaveLength(6);
    for (const c of p.columns) {
      expect(c.tracks.map((t) => t.track.id)).toEqual(entries.map((e) => e.trackId));
      expect(c.tracks.every((t) => t.detail.status === 'kept')).toBe(true);
      expect(c.dropped).toEqual([]);
      expect(c.variant.metrics.lift).toBeCloseTo(0);
    }
  });

  it('personalizes at full strength: segments differ, pins hold their positions, markers match the seed', () => {
    const p = mockPreview(request({ strength: 1 }));
    expect(new Set(p.columns.map((_, c) => ids(p, c).join())).size).toBeGreaterThan(1);
    const pins = entries.flatMap((e, i) => (e.pinned ? [[e.trackId, i] as const] : []));
    expect(pins.length).toBeGreaterThan(0);
    for (const c of p.columns) {
      for (const [id, at] of pins) expect(c.tracks[at]!.track.id).toBe(id);
      expect(c.tracks).toHaveLength(entries.length);
      c.tracks.forEach((t, i) => {
        const from = entries.findIndex((e) => e.trackId === t.track.id);
        expect(t.detail.status).toBe(from < 0 ? 'added' : from === i ? 'kept' : 'moved');
      });
      expect(c.dropped.length).toBe(entries.length - c.tracks.filter((t) => t.detail.status !== 'added').length);
      expect(c.variant.metrics.lift!).toBeGreaterThan(0);
    }
  });

  it('is deterministic', () => {
    expect(mockPreview(request({ strength: 0.7 }))).toEqual(mockPreview(request({ strength: 0.7 })));
  });

  it('keeps banned tracks out, must-include tracks in, and reports broken rules', () => {
    const unpinned = entries.find((e) => !e.pinned)!.trackId;
    const outsider = tracks.find((t) => !entries.some((e) => e.trackId === t.id))!.id;
    const rules = {
      bannedTracks: { value: [unpinned], unbreakable: true, priority: 0 },
      mustInclude: { value: [outsider], unbreakable: true, priority: 0 },
      artistSeparation: { value: 6, unbreakable: false, priority: 1 },
      length: { value: { tracks: 30 }, unbreakable: false, priority: 3 },
    };
    const p = mockPreview(request({ strength: 0.8, rules }));
    for (const c of p.columns) {
      expect(ids(p, c.segment)).not.toContain(unpinned);
      expect(ids(p, c.segment)).toContain(outsider);
      expect(c.tracks).toHaveLength(30);
      expect(c.tracks.find((t) => t.track.id === outsider)!.detail.reasons.rules).toContain('mustInclude');
      for (const v of c.variant.violations) if (v.position !== null) expect(c.tracks[v.position]!.detail.reasons.rules).toContain(v.rule);
      expect(c.variant.metrics.violations).toBe(c.variant.violations.length);
    }
    expect(p.columns.some((c) => c.variant.violations.some((v) => v.rule === 'artistSeparation'))).toBe(true);
  });

  it('draws on the pool, and on the catalogue only with expansion on', () => {
    const pool = tracks.filter((t) => !entries.some((e) => e.trackId === t.id)).slice(0, 40).map((t) => t.id);
    const closed = mockPreview(request({ strength: 1, expand: null }, pool));
    const added = closed.columns.flatMap((c) => c.tracks.filter((t) => t.detail.status === 'added').map((t) => t.track.id));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((id) => pool.includes(id))).toBe(true);
    const none = mockPreview(request({ strength: 1, expand: null }));
    expect(none.columns.every((c) => c.tracks.every((t) => t.detail.status !== 'added'))).toBe(true);
  });

  it('keeps at least ⌈(1 − s)·u⌉ of the u unpinned seed tracks, whatever the strength does to the ranking', () => {
    const pinnedIds = new Set(entries.filter((e) => e.pinned).map((e) => e.trackId));
    const u = entries.length - pinnedIds.size;
    expect(mustStay(0, u)).toBe(u);
    expect(mustStay(0.5, 20)).toBe(10);
    expect(mustStay(0.55, 20)).toBe(9);
    expect(mustStay(1, u)).toBe(0);
    const seedIds = new Set(entries.map((e) => e.trackId));
    for (const strength of [0, 0.25, 0.5, 0.75, 1]) {
      for (const c of mockPreview(request({ strength })).columns) {
        const kept = c.tracks.filter((t) => seedIds.has(t.track.id) && !pinnedIds.has(t.track.id)).length;
        expect(kept).toBeGreaterThanOrEqual(mustStay(strength, u));
      }
    }
  });

  it('explains a track by its reach: the artist reaches at least as many of the segment as the track', () => {
    const p = mockPreview(request({ strength: 1 }));
    for (const t of p.columns.flatMap((c) => c.tracks)) {
      const r = t.detail.reasons;
      expect(r.trackReach!).toBeGreaterThanOrEqual(0);
      expect(r.artistReach!).toBeGreaterThanOrEqual(r.trackReach!);
      expect(r.artistReach!).toBeLessThanOrEqual(1);
    }
    const m = p.columns[0]!.variant.metrics;
    expect(m.reach!).toBeGreaterThan(m.seedReach!);
    expect(m.inTheme!).toBeGreaterThan(0);
    expect(m.inTheme!).toBeLessThanOrEqual(1);
  });
});

const inside = (i: Interval) => i.low! <= i.mean! && i.mean! <= i.high!;

describe('the mock evaluation', () => {
  const req = request({ strength: 0.5 });
  const strengths = [0, 0.25, 0.5, 0.75, 1];
  const e: Evaluation = mockEvaluation(req, { holdout: 0.2, seed: 7, splits: 3, strengths }, (strength) => mockPreview({ ...req, settings: { ...req.settings, strength } }));

  it('reports every list with intervals, overall and per segment, and verdicts that follow their intervals', () => {
    expect(e.segments).toHaveLength(6);
    expect(e.k).toBe(entries.length);
    expect(e.overall.name).toBe('All listeners');
    expect(e.overall.observations).toBe(e.segments.reduce((n, s) => n + s.observations, 0));
    for (const scope of [e.overall, ...e.segments]) {
      expect(scope.lists.map((l) => l.list)).toEqual(LIST_KINDS);
      expect(scope.verdicts.map((v) => v.against)).toEqual(LIST_KINDS.slice(1));
      for (const l of scope.lists) for (const i of [l.hitShare, l.hitRate, l.recall, l.ndcg]) expect(inside(i)).toBe(true);
      for (const v of scope.verdicts) {
        expect(inside(v.hitShare)).toBe(true);
        expect(v.hitShareOutcome).toBe(v.hitShare.low! > 0 ? 'better' : v.hitShare.high! < 0 ? 'worse' : 'unclear');
      }
    }
    expect(e.overall.lists.find((l) => l.list === 'seed')!.facts.seedKept).toBeCloseTo(1);
  });

  it('draws the strength curve: every strength overall and per segment, the seed kept falling as the strength grows', () => {
    expect(e.curve).toHaveLength(strengths.length * 7);
    const overall = e.curve.filter((p) => p.segment === null);
    expect(overall.map((p) => p.strength)).toEqual(strengths);
    expect(overall[0]!.seedKept).toBeCloseTo(1);
    for (let i = 1; i < overall.length; i++) expect(overall[i]!.seedKept!).toBeLessThanOrEqual(overall[i - 1]!.seedKept! + 1e-9);
    expect(overall[overall.length - 1]!.seedKept!).toBeLessThan(0.9);
    expect(e.themePoint.strength).toBeNull();
    expect(e.themePoint.hitShare).toEqual(e.overall.lists.find((l) => l.list === 'themeBaseline')!.hitShare);
  });

  it('adds the playlist’s own strength to the curve when it is not one of the asked', () => {
    const own = request({ strength: 0.4 });
    const x = mockEvaluation(own, { strengths: [0, 1] }, (strength) => mockPreview({ ...own, settings: { ...own.settings, strength } }));
    expect(x.curve.filter((p) => p.segment === null).map((p) => p.strength)).toEqual([0, 0.4, 1]);
    expect(x.strength).toBe(0.4);
  });
});

describe('the mock commands', () => {
  const world = () => {
    let active = true;
    const h = personalizeHandlers({ tracks, byId, entries: (id) => playlists.find((p) => p.id === id)!.entries, activeModel: () => (active ? model : null) });
    return { h, off: () => (active = false) };
  };

  it('store settings and refuse a strength out of range', () => {
    const { h } = world();
    expect(h.personalize_settings!({ playlist: 2 })).toEqual(defaultSettings());
    h.personalize_set_settings!({ playlist: 2, settings: { ...defaultSettings(), strength: 0.9 } });
    expect((h.personalize_settings!({ playlist: 2 }) as PlaylistSettings).strength).toBe(0.9);
    expect(() => h.personalize_set_settings!({ playlist: 2, settings: { ...defaultSettings(), strength: 2 } })).toThrow();
  });

  it('keep a pool without repeats and answer null without an active model', () => {
    const { h, off } = world();
    const [a, b] = [tracks[0]!.id, tracks[1]!.id];
    expect(h.pool_add!({ playlist: 2, tracks: [a, b, a] })).toBe(2);
    expect(h.pool_add!({ playlist: 2, tracks: [a] })).toBe(0);
    expect(h.pool_remove!({ playlist: 2, tracks: [a] })).toBe(1);
    expect(h.pool_list!({ playlist: 2 })).toEqual([b]);
    expect(() => h.pool_add!({ playlist: 2, tracks: ['nope'] })).toThrow();
    expect((h.personalize_preview!({ playlist: 2, segments: [1, 3] }) as PreviewView).columns.map((c) => c.segment)).toEqual([1, 3]);
    off();
    expect(h.personalize_preview!({ playlist: 2, segments: [] })).toBeNull();
  });

  it('run the evaluation as a job whose output is the evaluation, refusing a bad request at once', () => {
    const jobs: FakeJob[] = [];
    const h = personalizeHandlers({ tracks, byId, entries: (id) => playlists.find((p) => p.id === id)!.entries, activeModel: () => model, startJob: (_, job) => jobs.push(job) });
    expect(h.personalize_evaluate!({ playlist: 2, request: { holdout: 0.2, seed: 7, splits: 3, strengths: [0, 1] }, channel: {} })).toBe(1);
    const out = jobs[0]!.output();
    expect(out.kind).toBe('evaluation');
    if (out.kind === 'evaluation') expect(out.segments).toHaveLength(6);
    expect(() => h.personalize_evaluate!({ playlist: 2, request: { holdout: 1 }, channel: {} })).toThrow();
    expect(() => h.personalize_evaluate!({ playlist: 2, request: { strengths: [1.5] }, channel: {} })).toThrow();
  });
});
