import { describe, expect, it } from 'vitest';
import type { VariantMetrics } from '../../ipc';
import { formatSigned, metricCells, reachDelta, SEED_METRICS } from './metrics';

const m = (over: Partial<VariantMetrics> = {}): VariantMetrics => ({
  lift: 0.067, affinity: 0.1, seedAffinity: 0.033, overlap: 0.7, reach: 0.124, seedReach: 0.081, inTheme: 0.85, diversity: 0.61, artists: 18, meanPopularity: 41.4,
  meanEnergy: 0.6, novelty: 0.25, durationMs: 3_600_000, violations: 1, ...over,
});

describe('formatSigned', () => {
  it('writes a sign (a true minus) and no sign for zero', () => {
    expect(formatSigned(0.0671)).toBe('+0.067');
    expect(formatSigned(-0.0123)).toBe('−0.012');
    expect(formatSigned(0.0001)).toBe('0.000');
    expect(formatSigned(-3, 0)).toBe('−3');
    expect(formatSigned(null)).toBe('–');
    expect(formatSigned(Number.NaN)).toBe('–');
  });
});

describe('metricCells', () => {
  it('formats every figure a column shows, in order', () => {
    const cells = metricCells(m(), null);
    expect(cells.map((c) => [c.label, c.value])).toEqual([
      ['Lift', '+0.067'],
      ['Reach', '12.4%'],
      ['Overlap', '70.0%'],
      ['In theme', '85.0%'],
      ['Diversity', '0.61'],
      ['Artists', '18'],
      ['Popularity', '41'],
      ['Novelty', '25.0%'],
      ['Duration', '1:00:00'],
      ['Violations', '1'],
    ]);
    expect(cells.filter((c) => c.delta !== null).map((c) => c.key)).toEqual(['reach']);
  });

  it('shows reach against the seed’s for the segment, defined on hover', () => {
    const by = Object.fromEntries(metricCells(m(), null).map((c) => [c.key, c]));
    expect(by.reach!.delta).toBe('+4.3 pts');
    expect(by.reach!.better).toBe(true);
    expect(by.reach!.title).toBe('Mean share of this segment’s listeners who play each track (the seed as is: 8.1%)');
    expect(by.inTheme!.title).toBe('Share of the tracks filed under the seed’s genres');
    expect(reachDelta(m({ reach: 0.1, seedReach: 0.1004 }))).toEqual({ delta: null, better: null });
    expect(reachDelta(m({ reach: 0.05, seedReach: 0.08 }))).toEqual({ delta: '−3.0 pts', better: false });
    expect(reachDelta(m({ reach: null }))).toEqual({ delta: null, better: null });
  });

  it('shows changes against the seed, marking better and worse where that is clear', () => {
    const seed = m({ lift: 0, diversity: 0.5, artists: 15, meanPopularity: 48, durationMs: 3_480_000, violations: 0 });
    const by = Object.fromEntries(metricCells(m(), seed).map((c) => [c.key, c]));
    expect(by.diversity!.delta).toBe('+0.11');
    expect(by.diversity!.better).toBe(true);
    expect(by.artists!.delta).toBe('+3');
    expect(by.artists!.better).toBeNull();
    expect(by.meanPopularity!.delta).toBe('−7');
    expect(by.durationMs!.delta).toBe('+2 min');
    expect(by.violations!.delta).toBe('+1');
    expect(by.violations!.better).toBe(false);
    expect(by.lift!.better).toBe(true);
  });

  it('leaves out a change that rounds to nothing', () => {
    const by = Object.fromEntries(metricCells(m(), m({ diversity: 0.6149 })).map((c) => [c.key, c]));
    expect(by.diversity!.delta).toBeNull();
    expect(by.artists!.delta).toBeNull();
  });

  it('the seed column shows only what does not depend on a segment', () => {
    expect(metricCells(m(), null, SEED_METRICS).map((c) => c.key)).toEqual(['diversity', 'artists', 'meanPopularity', 'durationMs', 'violations']);
    expect(metricCells(m({ durationMs: null, meanPopularity: null }), null, SEED_METRICS).map((c) => c.value)).toEqual(['0.61', '18', '–', '–', '1']);
  });
});
