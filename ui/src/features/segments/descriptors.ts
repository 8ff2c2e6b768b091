//! Words for what sets a segment apart: feature differences as "high energy +1.3σ", labels with
//! their lift as "latin ×2.4", shares and metrics. The wording follows the back end's automatic
//! names (segue-core `segments::profile::name`), so a chip reads like the name it explains.

import type { Feature, FeatureDiff, Lift, TasteStatus } from '../../ipc';
import { formatCount } from '../../components/format';

/** The smallest difference (in population standard deviations) worth a chip, as in the names. */
export const MIN_DIFFERENCE = 0.2;

/** Display names of the audio features, in the order the profile chart lists them. */
export const FEATURE_LABELS: Record<Feature, string> = {
  danceability: 'Danceability',
  energy: 'Energy',
  valence: 'Valence',
  tempo: 'Tempo',
  loudness: 'Loudness',
  acousticness: 'Acousticness',
  instrumentalness: 'Instrumentalness',
  speechiness: 'Speechiness',
  liveness: 'Liveness',
  mode: 'Mode',
  key: 'Key',
};

export const FEATURE_ORDER = Object.keys(FEATURE_LABELS) as Feature[];

/** "high energy", "fast", "quiet", "minor"… for a difference of the given sign. */
export function featureWords(feature: Feature, high: boolean): string {
  switch (feature) {
    case 'tempo':
      return high ? 'fast' : 'slow';
    case 'loudness':
      return high ? 'loud' : 'quiet';
    case 'mode':
      return high ? 'major' : 'minor';
    default:
      return `${high ? 'high' : 'low'} ${feature}`;
  }
}

/** "+1.3σ", "−0.8σ" (a true minus sign), "0.0σ". */
export function formatSigma(x: number, digits = 1): string {
  const v = Number(x.toFixed(digits));
  if (v === 0) return `${(0).toFixed(digits)}σ`;
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}σ`;
}

export interface FeatureChip {
  feature: Feature;
  text: string;
  high: boolean;
  title: string;
}

/**
 * The strongest feature differences as chips, largest magnitude first. The key is left out:
 * "high key" says nothing an editor can hear.
 */
export function featureChips(features: readonly FeatureDiff[], limit = 3, min = MIN_DIFFERENCE): FeatureChip[] {
  return features
    .filter((d): d is FeatureDiff & { difference: number } => d.difference !== null && d.feature !== 'key' && Math.abs(d.difference) >= min)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference))
    .slice(0, limit)
    .map((d) => ({
      feature: d.feature,
      high: d.difference > 0,
      text: `${featureWords(d.feature, d.difference > 0)} ${formatSigma(d.difference)}`,
      title: `${FEATURE_LABELS[d.feature]}: segment mean ${formatMean(d.segmentMean)}, everyone ${formatMean(d.populationMean)}`,
    }));
}

function formatMean(v: number | null): string {
  if (v === null) return '–';
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** "×2.4" ("×12" from ten up), or a dash when the lift is unknown. */
export function formatLift(lift: number | null): string {
  if (lift === null || !Number.isFinite(lift)) return '–';
  return `×${lift >= 10 ? Math.round(lift) : lift.toFixed(1)}`;
}

export interface LiftChip {
  label: string;
  lift: string;
  title: string;
}

/** The labels a segment engages with more than everyone does (lift above 1), highest first. */
export function liftChips(lifts: readonly Lift[], limit = 3): LiftChip[] {
  return lifts
    .filter((l): l is Lift & { lift: number } => l.lift !== null && l.lift > 1)
    .sort((a, b) => b.lift - a.lift)
    .slice(0, limit)
    .map((l) => ({
      label: l.label,
      lift: formatLift(l.lift),
      title: `${l.label}: ${formatShare(l.segmentShare)} of this segment's listening against ${formatShare(l.populationShare)} for everyone; ${formatCount(l.listeners)} listeners`,
    }));
}

/** A 0–1 share as a percentage: "23.4%", "0.8%", "100%". */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  const pct = share * 100;
  if (pct >= 99.95) return '100%';
  return `${pct.toFixed(1)}%`;
}

/** A score such as a silhouette or an ARI with `digits` decimals, or a dash. */
export function formatScore(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}

/** A count that may be unknown. */
export function formatMaybeCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : formatCount(n);
}

/** "k-means" or "Gaussian mixture". */
export function algorithmLabel(a: 'kmeans' | 'gmm'): string {
  return a === 'kmeans' ? 'k-means' : 'Gaussian mixture';
}

/**
 * Listeners the newest vector build does not cover (signals imported or simulated since), or 0
 * when the vectors are current or not built: a fit uses the newest build as it is.
 */
export function listenersWithoutVectors(status: TasteStatus): number {
  if (status.build === null) return 0;
  return Math.max(0, status.signals.listeners - status.build.stats.listeners);
}
