import { describe, expect, it } from 'vitest';
import type { FeatureDiff, Lift } from '../../ipc';
import { listenersWithoutVectors, featureChips, featureWords, formatLift, formatScore, formatShare, formatSigma, liftChips } from './descriptors';

const diff = (feature: FeatureDiff['feature'], difference: number | null): FeatureDiff => ({ feature, difference, segmentMean: 0.7, populationMean: 0.5 });
const lift = (label: string, value: number | null): Lift => ({ label, lift: value, segmentShare: 0.3, populationShare: 0.1, listeners: 1234 });

describe('feature descriptors', () => {
  it('words a difference the way the automatic names do', () => {
    expect(featureWords('energy', true)).toBe('high energy');
    expect(featureWords('acousticness', false)).toBe('low acousticness');
    expect(featureWords('tempo', true)).toBe('fast');
    expect(featureWords('loudness', false)).toBe('quiet');
    expect(featureWords('mode', false)).toBe('minor');
  });

  it('formats standard deviations with a sign and a true minus', () => {
    expect(formatSigma(1.26)).toBe('+1.3σ');
    expect(formatSigma(-0.84)).toBe('−0.8σ');
    expect(formatSigma(0.04)).toBe('0.0σ');
    expect(formatSigma(-0.04)).toBe('0.0σ');
    expect(formatSigma(0.125, 2)).toBe('+0.13σ');
  });

  it('keeps the strongest differences above the threshold, without the key', () => {
    const chips = featureChips([diff('valence', 0.3), diff('key', 2.5), diff('energy', 1.31), diff('acousticness', -0.84), diff('tempo', 0.1), diff('liveness', null), diff('danceability', -0.5)]);
    expect(chips.map((c) => c.text)).toEqual(['high energy +1.3σ', 'low acousticness −0.8σ', 'low danceability −0.5σ']);
    expect(chips[0]!.high).toBe(true);
    expect(chips[1]!.high).toBe(false);
    expect(chips[0]!.title).toBe('Energy: segment mean 0.70, everyone 0.50');
    expect(featureChips([diff('tempo', 0.19)])).toEqual([]);
    expect(featureChips([diff('tempo', 0.2)]).map((c) => c.text)).toEqual(['fast +0.2σ']);
  });
});

describe('lift descriptors', () => {
  it('formats a lift', () => {
    expect(formatLift(2.43)).toBe('×2.4');
    expect(formatLift(12.6)).toBe('×13');
    expect(formatLift(null)).toBe('–');
  });

  it('keeps labels played more than by everyone, highest lift first', () => {
    const chips = liftChips([lift('rock', 0.8), lift('latin', 2.43), lift('pop', 1.2), lift('edm', null), lift('rap', 3.1), lift('r&b', 1.05)]);
    expect(chips.map((c) => `${c.label} ${c.lift}`)).toEqual(['rap ×3.1', 'latin ×2.4', 'pop ×1.2']);
    expect(chips[0]!.title).toBe("rap: 30.0% of this segment's listening against 10.0% for everyone; 1,234 listeners");
  });
});

describe('shares and scores', () => {
  it('formats shares as percentages', () => {
    expect(formatShare(0.2345)).toBe('23.4%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.9999)).toBe('100%');
    expect(formatShare(null)).toBe('–');
  });

  it('formats scores, with a dash when unknown', () => {
    expect(formatScore(0.2134)).toBe('0.21');
    expect(formatScore(null)).toBe('–');
    expect(formatScore(Number.NaN)).toBe('–');
  });
});

describe('vector coverage', () => {
  const status = (listeners: number, built: number | null) => ({
    signals: { listeners, simulated: 0, pairs: 0, events: 0, artistPairs: 0, imports: 0 },
    build: built === null ? null : { id: 1, createdAt: '', stats: { listeners: built, eligible: built, withoutEvidence: 0, signalImports: 0, vectors: { tracks: 1, dims: 1, contentDims: 1, collabDims: 0, cold: 0, ppmiNonzeros: 0, singularValues: [], content: { names: [], means: [], stds: [] } } } },
    activeModel: null,
    stale: built !== null && listeners !== built,
  });

  it('counts listeners who arrived after the newest build', () => {
    expect(listenersWithoutVectors(status(23000, 20000))).toBe(3000);
    expect(listenersWithoutVectors(status(20000, 20000))).toBe(0);
    expect(listenersWithoutVectors(status(500, null))).toBe(0);
  });
});
