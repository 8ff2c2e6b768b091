import { describe, expect, it } from 'vitest';
import { clearBest, countVerdicts, evaluationHeadline, evaluationSummary, overallSentence, formatNumInterval, formatPctInterval, formatPtsInterval, joinNames, scopeOf, shortfallSentence, verdictSentence } from './evaluationModel';
import { list, makeEvaluation, scope } from './evaluationFixture';

const eight = [
  scope(0, 'Rap · fast', 'better', 'better'),
  scope(1, 'Rock · loud', 'worse', 'better'),
  scope(2, 'Latin', 'better', 'better'),
  scope(3, 'EDM', 'unclear', 'worse'),
  scope(4, 'Pop', 'better', 'unclear'),
  scope(5, 'R&B', 'better', 'unclear'),
  scope(6, 'Jazz', 'unclear', 'unclear'),
  scope(7, 'Folk', 'worse', 'unclear'),
];

describe('intervals in words', () => {
  it('writes shares as percentages with their interval, NDCG with three decimals', () => {
    expect(formatPctInterval({ mean: 0.0412, low: 0.0363, high: 0.0461 })).toBe('4.1% [3.6–4.6]');
    expect(formatPctInterval({ mean: 0.5, low: null, high: null })).toBe('50.0%');
    expect(formatPctInterval({ mean: null, low: null, high: null })).toBe('–');
    expect(formatNumInterval({ mean: 0.1234, low: 0.1011, high: 0.14 })).toBe('0.123 [0.101–0.140]');
  });

  it('writes differences in signed percentage points, the interval with commas (it may straddle zero)', () => {
    expect(formatPtsInterval({ mean: 0.012, low: 0.003, high: 0.021 })).toBe('+1.20 pts [+0.30, +2.10]');
    expect(formatPtsInterval({ mean: 0.002, low: -0.004, high: 0.008 })).toBe('+0.20 pts [−0.40, +0.80]');
    expect(formatPtsInterval({ mean: 0, low: -0.01, high: 0.01 })).toBe('0.00 pts [−1.00, +1.00]');
    // A bound just above zero keeps its sign: the interval is above zero, and reads so.
    expect(formatPtsInterval({ mean: 0.0013, low: 0.00002, high: 0.0026 })).toBe('+0.13 pts [+0.00, +0.26]');
    expect(formatPtsInterval({ mean: 0.01, low: null, high: null }, 1)).toBe('+1.0 pts');
  });
});

describe('the verdicts', () => {
  it('count a win or a loss only where the interval leaves zero out, never by the mean alone', () => {
    const c = countVerdicts(eight, 'themeBaseline');
    expect(c.wins.map((s) => s.segment)).toEqual([0, 1, 2]);
    expect(c.losses.map((s) => s.segment)).toEqual([3]);
    // The unclear ones have a positive mean difference: still not wins.
    expect(c.unclear.every((s) => s.verdicts.find((v) => v.against === 'themeBaseline')!.hitShare.mean! > 0)).toBe(true);
    expect(c.unclear).toHaveLength(4);
  });

  it('say so in a sentence', () => {
    expect(verdictSentence(eight, 'themeBaseline')).toBe(
      'Against the theme baseline, the variant finds more held-out plays in 3 of 8 segments, fewer in 1; in 4 the intervals cannot tell them apart.',
    );
    expect(verdictSentence(eight, 'seed')).toBe('Against the seed as is, the variant finds more held-out plays in 4 of 8 segments, fewer in 2; in 2 the intervals cannot tell them apart.');
    expect(verdictSentence([scope(0, 'A', 'better', 'better')], 'seed')).toBe('Against the seed as is, the variant finds more held-out plays in 1 of 1 segment, fewer in 0.');
    expect(verdictSentence([scope(0, 'A', 'unclear', 'unclear'), scope(1, 'B', 'unclear', 'unclear')], 'seed')).toBe(
      'Against the seed as is, the variant cannot be told apart from it in any of the 2 segments: the intervals overlap zero.',
    );
  });

  it('name the segments where the variant does not help', () => {
    expect(shortfallSentence(eight)).toBe('Where it does not help: the variant finds fewer held-out plays than the seed as is in “Rock · loud” and “Folk”, and fewer than the theme baseline in “EDM”.');
    expect(shortfallSentence([scope(0, 'A', 'better', 'unclear')])).toBe(
      'In no segment does the variant find fewer held-out plays than the seed as is or the theme baseline, by the intervals.',
    );
    expect(joinNames(['a', 'b', 'c'])).toBe('“a”, “b” and “c”');
  });

  it('make the summary and the jobs menu’s headline', () => {
    const e = makeEvaluation(eight);
    expect(evaluationSummary(e)).toHaveLength(4);
    expect(evaluationSummary(e)[0]).toMatch(/^Against the theme baseline/);
    // The fixture's overall verdicts: better than the seed, unclear against the theme baseline.
    expect(overallSentence(e.overall)).toBe(
      'Over all listeners, the variant finds about as many held-out plays as the theme baseline (+0.60 pts [−0.20, +1.40], an interval that includes zero), and more than the seed as is (+1.00 pts [+0.40, +1.60]).',
    );
    expect(overallSentence({ ...e.overall, verdicts: [] })).toBe('');
    expect(evaluationHeadline(e)).toBe('Against the theme baseline: more held-out plays in 3 of 8 segments, fewer in 1');
  });
});

describe('the best list', () => {
  it('is marked only when its interval is clear above the runner-up’s', () => {
    const clear = [list('variant', 0.06, 0.002), list('seed', 0.04, 0.002), list('themeBaseline', 0.05, 0.002)];
    expect(clearBest(clear, 'hitShare')).toBe('variant');
    const close = [list('variant', 0.06, 0.006), list('seed', 0.04, 0.002), list('themeBaseline', 0.055, 0.006)];
    expect(clearBest(close, 'hitShare')).toBeNull();
    expect(clearBest([], 'ndcg')).toBeNull();
  });

  it('is looked up in the scope the picker names', () => {
    const e = makeEvaluation(eight);
    expect(scopeOf(e, 'all')).toBe(e.overall);
    expect(scopeOf(e, '3').name).toBe('EDM');
    expect(scopeOf(e, '99')).toBe(e.overall);
  });
});
