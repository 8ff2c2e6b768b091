//! The dev mock's stand-in for a segment's taste: its top genre and feature means (read from the
//! generated profile), and per track the affinity, the reach (the share of the segment's
//! listeners who play the track and its artist), the engagement built on it, and whether the
//! segment already plays the track. Also the seed's genres (its theme). Deterministic; not the
//! engine's numbers, their shapes and rough behaviour.

import type { ModelView, Track } from './types';

/** A stable number in [0, 1) for a string (FNV-1a). */
export function hash01(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

export const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const feat = (t: Track) => [t.features.energy ?? 0.5, t.features.danceability ?? 0.5, t.features.valence ?? 0.5, t.features.acousticness ?? 0.2];

/** A cosine-like similarity in [-1, 1] from the features and the genre. */
export function similarity(a: Track, b: Track): number {
  const fa = feat(a);
  const fb = feat(b);
  const d = fa.reduce((s, x, i) => s + Math.abs(x - fb[i]!), 0) / fa.length;
  return clamp(1 - 2.2 * d + (a.genres[0] === b.genres[0] ? 0.15 : -0.15), -1, 1);
}

export interface Taste {
  segment: number;
  genre: string;
  energy: number;
  dance: number;
}

export function tasteOf(model: ModelView, segment: number): Taste {
  const p = model.segments[segment]!.profile;
  const mean = (f: string) => clamp(p.features.find((d) => d.feature === f)?.segmentMean ?? 0.5, 0, 1);
  return { segment, genre: p.genres[0]?.label ?? '', energy: mean('energy'), dance: mean('danceability') };
}

export const affinity = (t: Track, s: Taste) =>
  clamp((t.genres[0] === s.genre ? 0.45 : -0.2) + 0.35 * (1 - 2.5 * Math.abs((t.features.energy ?? 0.5) - s.energy)) + 0.2 * (1 - 2.5 * Math.abs((t.features.danceability ?? 0.5) - s.dance)), -1, 1);

/** Share of the segment's listeners who play the track: higher for popular tracks the segment likes. */
export const trackReach = (t: Track, s: Taste) =>
  clamp(0.005 + 0.22 * Math.max(0, affinity(t, s) + 0.25) * ((t.popularity ?? 50) / 100 + 0.2) + 0.06 * hash01(`r${t.id}:${s.segment}`), 0, 0.9);

/** Share of the segment's listeners who play the track's artist (at least the track's reach). */
export const artistReach = (t: Track, s: Taste) =>
  Math.max(trackReach(t, s), clamp(0.04 + 0.5 * hash01(`a${t.artist}:${s.segment}`) * (t.genres[0] === s.genre ? 1 : 0.3), 0, 0.95));

/** Reach, plus a little save rate and minus a little skip rate, around the mean. */
export const engagement = (t: Track, s: Taste) => 0.7 * trackReach(t, s) + 0.3 * artistReach(t, s) - 0.1 + (hash01(`${t.id}:${s.segment}`) - 0.5) * 0.04;

export const familiarTo = (t: Track, s: Taste) => hash01(`f${t.id}:${s.segment}`) * 100 < (t.popularity ?? 0) * (t.genres[0] === s.genre ? 0.9 : 0.25);

/** The seed's genres: those at least a quarter of its tracks are filed under, and always the most common. */
export function seedGenres(seed: readonly Track[]): string[] {
  const counts = new Map<string, number>();
  for (const t of seed) for (const g of t.genres) counts.set(g, (counts.get(g) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return [...counts].filter(([g, c]) => g === top || c >= 0.25 * seed.length).map(([g]) => g).sort();
}

/** Whether a track is filed under one of the theme's genres (every track is when there are none). */
export const inTheme = (t: Track, theme: readonly string[]) => theme.length === 0 || t.genres.some((g) => theme.includes(g));
