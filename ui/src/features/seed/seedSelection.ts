//! The seed editor's selected rows, by track id (a playlist holds a track once), so the
//! selection follows the tracks through moves and refetches.

import { createStore } from '../../components/store';

export interface SeedSelection {
  trackIds: string[];
  anchor: string | null;
}

export const seedSelectionStore = createStore<SeedSelection>({ trackIds: [], anchor: null });

/** The positions of the selected tracks in `order` (track ids in playlist order). */
export function selectedPositions(order: readonly string[], s: SeedSelection): number[] {
  const chosen = new Set(s.trackIds);
  const out: number[] = [];
  order.forEach((id, i) => chosen.has(id) && out.push(i));
  return out;
}

/** Click, Shift+click (range from the anchor) and Ctrl/Cmd+click (toggle) on the row at `index`. */
export function clickSeedRow(order: readonly string[], s: SeedSelection, index: number, shift: boolean, toggle: boolean): SeedSelection {
  const id = order[index];
  if (id === undefined) return s;
  const anchorIndex = s.anchor === null ? -1 : order.indexOf(s.anchor);
  if (shift && anchorIndex >= 0) {
    const [lo, hi] = anchorIndex < index ? [anchorIndex, index] : [index, anchorIndex];
    const range = order.slice(lo, hi + 1);
    return { trackIds: toggle ? [...new Set([...s.trackIds, ...range])] : range, anchor: s.anchor };
  }
  if (toggle) {
    const has = s.trackIds.includes(id);
    return { trackIds: has ? s.trackIds.filter((t) => t !== id) : [...s.trackIds, id], anchor: id };
  }
  return { trackIds: [id], anchor: id };
}
