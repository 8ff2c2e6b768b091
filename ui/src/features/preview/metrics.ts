//! The figures at the head of each preview column: a variant's metrics against the seed as is
//! for the same segment (with the difference where it helps to read it), and the seed's own.

import type { VariantMetrics } from '../../ipc';
import { formatDuration } from '../../components/format';
import { formatScore, formatShare } from '../segments/descriptors';

/** "+0.067", "−0.012" (a true minus sign), "0.000"; a dash when unknown. */
export function formatSigned(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const r = Number(v.toFixed(digits));
  if (r === 0) return (0).toFixed(digits);
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(digits)}`;
}

export type MetricKey = 'lift' | 'reach' | 'overlap' | 'inTheme' | 'diversity' | 'artists' | 'meanPopularity' | 'novelty' | 'durationMs' | 'violations';

export interface MetricCell {
  key: MetricKey;
  label: string;
  value: string;
  /** The change against the seed, when there is one worth showing. */
  delta: string | null;
  /** Whether the change is for the better (true), the worse (false) or neither (null). */
  better: boolean | null;
  title: string;
}

interface Spec {
  label: string;
  /** The one-line definition a hover shows (it may quote the figures). */
  title: string | ((m: VariantMetrics) => string);
  format: (m: VariantMetrics) => string;
  /** The number a difference is taken of, and how it is written. */
  diff?: { of: (m: VariantMetrics) => number | null; format: (d: number) => string; higherIsBetter: boolean | null };
}

const SPECS: Record<MetricKey, Spec> = {
  lift: { label: 'Lift', title: 'Mean affinity to the segment, minus the seed’s', format: (m) => formatSigned(m.lift) },
  reach: {
    label: 'Reach',
    title: (m) => `Mean share of this segment’s listeners who play each track (the seed as is: ${formatShare(m.seedReach)})`,
    format: (m) => formatShare(m.reach),
  },
  overlap: { label: 'Overlap', title: 'Share of the seed’s tracks kept', format: (m) => formatShare(m.overlap) },
  inTheme: { label: 'In theme', title: 'Share of the tracks filed under the seed’s genres', format: (m) => formatShare(m.inTheme) },
  diversity: {
    label: 'Diversity',
    title: '1 − mean similarity between two tracks',
    format: (m) => formatScore(m.diversity),
    diff: { of: (m) => m.diversity, format: (d) => formatSigned(d, 2), higherIsBetter: true },
  },
  artists: {
    label: 'Artists',
    title: 'Distinct artists',
    format: (m) => String(m.artists),
    diff: { of: (m) => m.artists, format: (d) => formatSigned(d, 0), higherIsBetter: null },
  },
  meanPopularity: {
    label: 'Popularity',
    title: 'Mean popularity (0–100)',
    format: (m) => (m.meanPopularity === null ? '–' : String(Math.round(m.meanPopularity))),
    diff: { of: (m) => m.meanPopularity, format: (d) => formatSigned(d, 0), higherIsBetter: null },
  },
  novelty: { label: 'Novelty', title: 'Share of tracks the segment does not already play', format: (m) => formatShare(m.novelty) },
  durationMs: {
    label: 'Duration',
    title: 'Total length',
    format: (m) => formatDuration(m.durationMs),
    diff: { of: (m) => (m.durationMs === null ? null : m.durationMs / 60_000), format: (d) => `${formatSigned(d, 0)} min`, higherIsBetter: null },
  },
  violations: {
    label: 'Violations',
    title: 'Rules broken',
    format: (m) => String(m.violations),
    diff: { of: (m) => m.violations, format: (d) => formatSigned(d, 0), higherIsBetter: false },
  },
};

/** What a segment's column shows. */
export const VARIANT_METRICS: readonly MetricKey[] = ['lift', 'reach', 'overlap', 'inTheme', 'diversity', 'artists', 'meanPopularity', 'novelty', 'durationMs', 'violations'];
/** What the seed column shows: the figures that do not depend on a segment. */
export const SEED_METRICS: readonly MetricKey[] = ['diversity', 'artists', 'meanPopularity', 'durationMs', 'violations'];

/** The cells for `m`, with differences against `base` (the seed as is) when given. */
export function metricCells(m: VariantMetrics, base: VariantMetrics | null, which: readonly MetricKey[] = VARIANT_METRICS): MetricCell[] {
  return which.map((key) => {
    const spec = SPECS[key];
    let delta: string | null = null;
    let better: boolean | null = null;
    const a = spec.diff && base ? spec.diff.of(m) : null;
    const b = spec.diff && base ? spec.diff.of(base) : null;
    if (spec.diff && a !== null && b !== null) {
      const d = a - b;
      const shown = spec.diff.format(d);
      if (Number(shown.replace(/[^\d.]/g, '')) !== 0) {
        delta = shown;
        better = spec.diff.higherIsBetter === null ? null : (d > 0) === spec.diff.higherIsBetter;
      }
    }
    if (key === 'lift' && m.lift !== null && Math.abs(m.lift) >= 0.0005) better = m.lift > 0;
    if (key === 'reach') ({ delta, better } = reachDelta(m));
    return { key, label: spec.label, value: spec.format(m), delta, better, title: typeof spec.title === 'function' ? spec.title(m) : spec.title };
  });
}

/** The variant's reach against the seed's for the same segment, in percentage points. */
export function reachDelta(m: VariantMetrics): { delta: string | null; better: boolean | null } {
  if (m.reach === null || m.seedReach === null || !Number.isFinite(m.reach - m.seedReach)) return { delta: null, better: null };
  const d = (m.reach - m.seedReach) * 100;
  const shown = formatSigned(d, 1);
  return Number(shown.replace(/[^\d.]/g, '')) === 0 ? { delta: null, better: null } : { delta: `${shown} pts`, better: d > 0 };
}
