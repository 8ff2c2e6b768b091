//! Test data: a small evaluation built from per-segment outcomes, for the evaluation's unit tests.

import type { CurvePoint, Evaluation, Interval, ListKind, ListReport, Outcome, ScopeReport, Verdict } from '../../ipc';

export const KINDS: readonly ListKind[] = ['variant', 'seed', 'popular', 'segmentMostPlayed', 'themeBaseline'];

export const iv = (mean: number, half: number): Interval => ({ mean, low: mean - half, high: mean + half });

/** A difference whose interval says `o` (and whose mean is positive even when unclear, to catch counting by means). */
function diff(o: Outcome): Interval {
  return o === 'better' ? { mean: 0.01, low: 0.004, high: 0.016 } : o === 'worse' ? { mean: -0.01, low: -0.016, high: -0.004 } : { mean: 0.006, low: -0.002, high: 0.014 };
}

export function list(kind: ListKind, hitShare: number, half = 0.003): ListReport {
  return {
    list: kind,
    hitShare: iv(hitShare, half),
    hitRate: iv(hitShare * 10, half * 10),
    recall: iv(hitShare / 2, half / 2),
    ndcg: iv(hitShare * 0.9, half),
    facts: { seedKept: kind === 'seed' ? 1 : kind === 'variant' ? 0.6 : 0.1, inTheme: 0.5, contentCosine: 0.4 },
  };
}

/** A scope whose variant has outcomes `vsSeed` and `vsTheme` (the others unclear). */
export function scope(segment: number | null, name: string, vsSeed: Outcome, vsTheme: Outcome, shares: number[] = [0.05, 0.04, 0.03, 0.045, 0.046]): ScopeReport {
  const verdicts: Verdict[] = KINDS.slice(1).map((against) => {
    const o = against === 'seed' ? vsSeed : against === 'themeBaseline' ? vsTheme : 'unclear';
    return { against, hitShare: diff(o), hitRate: diff('unclear'), hitShareOutcome: o, hitRateOutcome: 'unclear' };
  });
  return { segment, name, observations: 300, lists: KINDS.map((k, i) => list(k, shares[i]!)), verdicts };
}

const point = (strength: number | null, segment: number | null, seedKept: number, hit: number): CurvePoint => ({
  strength,
  segment,
  hitShare: iv(hit, 0.004),
  hitRate: iv(hit * 10, 0.02),
  seedKept,
  inTheme: 0.6,
});

export function makeEvaluation(segments: ScopeReport[], strength = 0.5): Evaluation {
  const strengths = [0, 0.25, 0.5, 0.75, 1];
  const curve = strengths.flatMap((s) => [null, ...segments.map((x) => x.segment)].map((seg) => point(s, seg, 1 - s * 0.6, 0.03 + s * 0.02 + (seg ?? 0) * 0.001)));
  return {
    playlist: 1,
    model: 1,
    holdout: 0.2,
    seed: 7,
    splits: 3,
    k: 20,
    strength,
    overall: scope(null, 'All listeners', 'better', 'unclear'),
    segments,
    // Shuffled, as nothing promises an order.
    curve: [...curve].reverse(),
    themePoint: point(null, null, 0.5, 0.041),
    elapsedMs: 2400,
  };
}
