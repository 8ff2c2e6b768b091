import { describe, expect, it } from 'vitest';
import { DEFAULT_FIT, DEFAULT_SIMULATE, fitParams, parseWhole, simulationParams } from './forms';

describe('whole numbers', () => {
  it('reads digits with separators', () => {
    expect(parseWhole(' 3,000 ', 'Listeners', 1, 10_000)).toEqual({ ok: true, value: 3000 });
    expect(parseWhole('10 000', 'Listeners', 1, 10_000)).toEqual({ ok: true, value: 10000 });
  });

  it('refuses fractions, signs, words and numbers out of range', () => {
    expect(parseWhole('2.5', 'k', 2, 64)).toEqual({ ok: false, error: 'k must be a whole number' });
    expect(parseWhole('-3', 'k', 2, 64).ok).toBe(false);
    expect(parseWhole('', 'k', 2, 64).ok).toBe(false);
    expect(parseWhole('1', 'k', 2, 64)).toEqual({ ok: false, error: 'k must be between 2 and 64' });
  });
});

describe('fit parameters', () => {
  it('defaults to k-means choosing k in 4..12 by silhouette with seed 42', () => {
    expect(fitParams(DEFAULT_FIT)).toEqual({ ok: true, value: { algorithm: 'kmeans', k: null, kMin: 4, kMax: 12, seed: 42 } });
  });

  it('sends a fixed k', () => {
    expect(fitParams({ ...DEFAULT_FIT, algorithm: 'gmm', mode: 'fixed', k: '6', seed: '7' })).toEqual({ ok: true, value: { algorithm: 'gmm', k: 6, seed: 7 } });
  });

  it('explains what is wrong', () => {
    expect(fitParams({ ...DEFAULT_FIT, kMin: '9', kMax: '5' })).toEqual({ ok: false, error: 'k min must not exceed k max' });
    expect(fitParams({ ...DEFAULT_FIT, kMin: '1' })).toEqual({ ok: false, error: 'k min must be between 2 and 64' });
    expect(fitParams({ ...DEFAULT_FIT, seed: 'abc' })).toEqual({ ok: false, error: 'The seed must be a whole number' });
    expect(fitParams({ ...DEFAULT_FIT, mode: 'fixed', k: '65' }).ok).toBe(false);
    // A bad range does not matter when k is fixed.
    expect(fitParams({ ...DEFAULT_FIT, mode: 'fixed', kMin: 'x' }).ok).toBe(true);
  });
});

describe('simulation parameters', () => {
  it('reads listeners, tastes and seed', () => {
    expect(simulationParams(DEFAULT_SIMULATE)).toEqual({ ok: true, value: { listeners: 3000, tastes: 6, seed: 42 } });
    expect(simulationParams({ ...DEFAULT_SIMULATE, listeners: '0' }).ok).toBe(false);
    expect(simulationParams({ ...DEFAULT_SIMULATE, listeners: '2,000,000' })).toEqual({ ok: false, error: 'Listeners must be between 1 and 1,000,000' });
  });
});
