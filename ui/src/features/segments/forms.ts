//! The fit and simulation forms as the editor types them (strings), and the parameters they
//! become, or the first thing wrong with them. The back end checks again.

import type { Algorithm, SegmentParams, SimulationParams } from '../../ipc';

/** The most segments the studio offers to fit; more would not fit on a screen of cards. */
export const MAX_K = 64;
const MAX_SEED = 2 ** 32 - 1;
export const MAX_LISTENERS = 1_000_000;

export interface FitForm {
  algorithm: Algorithm;
  /** `range`: choose k by silhouette between kMin and kMax; `fixed`: exactly k. */
  mode: 'range' | 'fixed';
  k: string;
  kMin: string;
  kMax: string;
  seed: string;
}

/** The back end's defaults (segue-core `DEFAULT_K_MIN`, `DEFAULT_K_MAX`, `DEFAULT_SEED`). */
export const DEFAULT_FIT: FitForm = { algorithm: 'kmeans', mode: 'range', k: '6', kMin: '4', kMax: '12', seed: '42' };

export interface SimulateForm {
  listeners: string;
  tastes: string;
  seed: string;
  /** Rebuild the vectors when the simulation is done, so the next fit sees the new listeners. */
  rebuild: boolean;
}

export const DEFAULT_SIMULATE: SimulateForm = { listeners: '3000', tastes: '6', seed: '42', rebuild: true };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A whole number in [min, max] written with optional spaces or thousands separators. */
export function parseWhole(text: string, what: string, min: number, max: number): Parsed<number> {
  const clean = text.trim().replace(/[\s,_]/g, '');
  if (!/^\d+$/.test(clean)) return { ok: false, error: `${what} must be a whole number` };
  const n = Number(clean);
  if (n < min || n > max) return { ok: false, error: `${what} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}` };
  return { ok: true, value: n };
}

export function fitParams(form: FitForm): Parsed<SegmentParams> {
  const seed = parseWhole(form.seed, 'The seed', 0, MAX_SEED);
  if (!seed.ok) return seed;
  if (form.mode === 'fixed') {
    const k = parseWhole(form.k, 'k', 2, MAX_K);
    if (!k.ok) return k;
    return { ok: true, value: { algorithm: form.algorithm, k: k.value, seed: seed.value } };
  }
  const kMin = parseWhole(form.kMin, 'k min', 2, MAX_K);
  if (!kMin.ok) return kMin;
  const kMax = parseWhole(form.kMax, 'k max', 2, MAX_K);
  if (!kMax.ok) return kMax;
  if (kMin.value > kMax.value) return { ok: false, error: 'k min must not exceed k max' };
  return { ok: true, value: { algorithm: form.algorithm, k: null, kMin: kMin.value, kMax: kMax.value, seed: seed.value } };
}

export function simulationParams(form: SimulateForm): Parsed<SimulationParams> {
  const listeners = parseWhole(form.listeners, 'Listeners', 1, MAX_LISTENERS);
  if (!listeners.ok) return listeners;
  const tastes = parseWhole(form.tastes, 'Tastes', 1, MAX_K);
  if (!tastes.ok) return tastes;
  const seed = parseWhole(form.seed, 'The seed', 0, MAX_SEED);
  if (!seed.ok) return seed;
  return { ok: true, value: { listeners: listeners.value, tastes: tastes.value, seed: seed.value } };
}
