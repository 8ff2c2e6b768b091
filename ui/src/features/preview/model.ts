//! The preview's pure view model: the rows of the seed column and of each segment's column with
//! their kept / moved / added markers, the reasons a row's tip shows, the rule report's wording,
//! and the signature of the inputs a preview depends on. No React, so every rule is testable.

import { formatSigned } from './metrics';
import type { PlaylistItem, RuleKind, Status, TrackRef, VariantTrack, VariantView, Violation } from '../../ipc';

/** One row of a column: the seed column's rows have no engine record (`detail` null). */
export interface PreviewRow {
  track: TrackRef;
  /** 0-based position in its column. */
  position: number;
  status: Status | 'seed';
  pinned: boolean;
  detail: VariantTrack | null;
  closest: TrackRef | null;
  /** Rules broken at this position (from the column's rule report). */
  breaks: RuleKind[];
}

export const RULE_LABELS: Record<RuleKind, string> = {
  length: 'Length',
  maxPerArtist: 'Tracks per artist',
  artistSeparation: 'Artist separation',
  explicit: 'Explicit content',
  familiarity: 'Familiarity band',
  bannedTracks: 'Banned tracks',
  bannedArtists: 'Banned artists',
  mustInclude: 'Must include',
  pin: 'Pinned position',
};

function breaksAt(violations: readonly Violation[]): Map<number, RuleKind[]> {
  const at = new Map<number, RuleKind[]>();
  for (const v of violations) {
    if (v.position === null) continue;
    at.set(v.position, [...(at.get(v.position) ?? []), v.rule]);
  }
  return at;
}

/** The seed as the preview computed it, with the editor's pins (by track id) and its own rule report. */
export function seedRows(seed: readonly TrackRef[], pinned: ReadonlySet<string>, violations: readonly Violation[] = []): PreviewRow[] {
  const at = breaksAt(violations);
  return seed.map((track, position) => ({
    track,
    position,
    status: 'seed',
    pinned: pinned.has(track.id),
    detail: null,
    closest: null,
    breaks: at.get(position) ?? [],
  }));
}

export function variantRows(column: VariantView): PreviewRow[] {
  const at = breaksAt(column.variant.violations);
  return column.tracks.map((t, position) => ({
    track: t.track,
    position,
    status: t.detail.status,
    pinned: t.detail.reasons.rules.includes('pin'),
    detail: t.detail,
    closest: t.closestSeedTrack,
    breaks: at.get(position) ?? [],
  }));
}

/** The editor's pins, by track id. */
export function pinnedIds(items: readonly PlaylistItem[] | undefined): Set<string> {
  return new Set((items ?? []).filter((it) => it.pinned).map((it) => it.track.id));
}

export interface Marker {
  /** What the row shows: "=", "↑2", "↓3", "+". */
  symbol: string;
  /** What a screen reader hears. */
  label: string;
}

export function marker(row: Pick<PreviewRow, 'status' | 'position' | 'detail'>): Marker {
  if (row.status === 'seed') return { symbol: '', label: '' };
  if (row.status === 'added') return { symbol: '+', label: 'added, not in the seed' };
  if (row.status === 'kept') return { symbol: '=', label: 'kept at its seed position' };
  const from = row.detail?.seedPosition ?? null;
  if (from === null) return { symbol: '↕', label: 'moved' };
  const d = from - row.position;
  return d > 0
    ? { symbol: `↑${d}`, label: `moved up ${d} from ${from + 1}` }
    : { symbol: `↓${-d}`, label: `moved down ${-d} from ${from + 1}` };
}

/** The columns the editor chose to see, in model order. */
export function visibleColumns<C extends { segment: number }>(columns: readonly C[], hidden: ReadonlySet<number>): C[] {
  return columns.filter((c) => !hidden.has(c.segment));
}

export interface ReasonLine {
  label: string;
  value: string;
}

/** A reach as a whole percentage; "under 1%" rather than a misleading 0%. */
export function formatReach(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v > 0 && v < 0.005) return 'under 1%';
  return `${Math.round(Math.max(0, Math.min(1, v)) * 100)}%`;
}

/** What a row's tip says: how it got here, its score parts, the closest seed track, the rules. */
export function reasonLines(row: PreviewRow): ReasonLine[] {
  const lines: ReasonLine[] = [];
  const m = marker(row);
  if (row.status !== 'seed') lines.push({ label: 'Place', value: m.label.charAt(0).toUpperCase() + m.label.slice(1) });
  const r = row.detail?.reasons;
  if (r) {
    lines.push({ label: 'Score', value: r.score === null ? '–' : r.score.toFixed(3) });
    if (r.artistReach !== null) lines.push({ label: 'Artist reach', value: `${formatReach(r.artistReach)} of this segment’s listeners play this artist` });
    if (r.trackReach !== null) lines.push({ label: 'Track reach', value: `${formatReach(r.trackReach)} of them play this track` });
    lines.push({ label: 'Affinity', value: formatSigned(r.affinity) });
    lines.push({ label: 'Seed fit', value: formatSigned(r.seedFit) });
    lines.push({ label: 'Engagement', value: formatSigned(r.engagement) });
    lines.push({ label: 'Familiar', value: r.familiar ? 'the segment already plays it' : 'new to the segment' });
  }
  if (row.closest) lines.push({ label: 'Closest seed track', value: `${row.closest.title} — ${row.closest.artist}` });
  const rules = [...new Set([...(r?.rules ?? []), ...(row.pinned ? (['pin'] as RuleKind[]) : [])])];
  const shaped = rules.filter((k) => !row.breaks.includes(k)).map((k) => RULE_LABELS[k]);
  if (shaped.length) lines.push({ label: 'Rules', value: shaped.join(', ') });
  if (row.breaks.length) lines.push({ label: 'Breaks', value: row.breaks.map((k) => RULE_LABELS[k]).join(', ') });
  return lines;
}

/** "#4" or "whole list", for the rule report. */
export function violationPlace(v: Violation): string {
  return v.position === null ? 'whole list' : `#${v.position + 1}`;
}

/** "unbreakable" or "priority 2". */
export function violationWeight(v: Violation): string {
  return v.unbreakable ? 'unbreakable' : `priority ${v.priority}`;
}

/**
 * The seed's part of a preview's inputs: its playlist, its tracks in order and its pins. Two
 * equal signatures preview the same seed.
 */
export function seedSignature(playlist: number, items: readonly PlaylistItem[]): string {
  return `${playlist}:${items.map((it) => (it.pinned ? `${it.track.id}*` : it.track.id)).join(',')}`;
}

