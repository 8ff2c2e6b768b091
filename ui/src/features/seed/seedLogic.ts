//! The seed editor's pure logic: where a drop lands, where a keyboard move goes (skipping pinned
//! rows), where the library's Enter inserts, and a local replay of the engine's edits for an
//! optimistic update. The engine (segue-core `SeedEdit::apply`) stays the authority: the list is
//! always refetched after an edit.

import type { SeedEdit } from '../../ipc';

export interface EntryLike {
  pinned: boolean;
}

/** A row's vertical extent on screen. */
export interface RowBox {
  top: number;
  height: number;
}

/**
 * The drop position (0..rows.length) for a pointer at `y`: before the first row whose middle is
 * below the pointer; after the last row when the pointer is below every middle (the empty area).
 */
export function dropPosition(y: number, rows: readonly RowBox[]): number {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (y < r.top + r.height / 2) return i;
  }
  return rows.length;
}

/** How many unpinned entries, outside `taken`, stand before drop position `drop` (as the engine counts). */
export function freeBefore(entries: readonly EntryLike[], drop: number, taken: ReadonlySet<number>): number {
  let n = 0;
  for (let i = 0; i < drop && i < entries.length; i++) if (!entries[i]!.pinned && !taken.has(i)) n++;
  return n;
}

/** The drop position at which `freeBefore` is `k`: before the k-th free entry, or the end. */
function dropForFree(entries: readonly EntryLike[], k: number, taken: ReadonlySet<number>): number {
  let n = 0;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i]!.pinned || taken.has(i)) continue;
    if (n === k) return i;
    n++;
  }
  return entries.length;
}

function movable(entries: readonly EntryLike[], positions: readonly number[]): number[] {
  return [...new Set(positions)].filter((p) => p >= 0 && p < entries.length && !entries[p]!.pinned).sort((a, b) => a - b);
}

/**
 * Alt+Arrow: the move edit that shifts the selected unpinned rows, as one block anchored at the
 * first of them, by one unpinned row up (-1) or down (+1), hopping over pinned rows (which the
 * engine keeps in place). `null` when nothing can move.
 */
export function keyboardMove(
  entries: readonly EntryLike[],
  selected: readonly number[],
  direction: -1 | 1,
): Extract<SeedEdit, { kind: 'move' }> | null {
  const positions = movable(entries, selected);
  const first = positions[0];
  if (first === undefined) return null;
  const taken = new Set(positions);
  const free = entries.length - positions.length - entries.filter((e) => e.pinned).length;
  const k = freeBefore(entries, first, taken) + direction;
  if (k < 0 || k > free) return null;
  return { kind: 'move', positions, to: dropForFree(entries, k, taken) };
}

/**
 * A pointer reorder: the dragged row (`from`, with the other selected rows when it is part of
 * the selection) dropped where row `over` was. Dropping on a row further down lands after it.
 */
export function dragMove(
  entries: readonly EntryLike[],
  selected: readonly number[],
  from: number,
  over: number,
): Extract<SeedEdit, { kind: 'move' }> | null {
  if (from === over || from < 0 || over < 0 || over >= entries.length) return null;
  const group = selected.includes(from) ? selected : [from];
  const positions = movable(entries, group);
  if (positions.length === 0) return null;
  return { kind: 'move', positions, to: over > from ? over + 1 : over };
}

/** Where the library's Enter inserts: after the seed editor's last selected row, else at the end. */
export function insertPosition(length: number, selected: readonly number[]): number {
  const valid = selected.filter((p) => p >= 0 && p < length);
  return valid.length ? Math.max(...valid) + 1 : length;
}

/** Lays out entries the way the engine does: `block` among the free entries at index `k`, pins kept. */
function relayout<T extends EntryLike>(entries: readonly T[], taken: ReadonlySet<number>, block: T[], k: number): T[] {
  const free: T[] = [];
  const pins: Array<[number, T]> = [];
  entries.forEach((e, i) => {
    if (taken.has(i)) return;
    if (e.pinned) pins.push([i, e]);
    else free.push(e);
  });
  const tail = free.splice(Math.min(k, free.length));
  free.push(...block, ...tail);
  const n = free.length + pins.length;
  const slots: Array<T | undefined> = new Array(n).fill(undefined);
  pins.reverse().forEach(([i, e], after) => {
    slots[Math.min(i, n - 1 - after)] = e;
  });
  let next = 0;
  return slots.map((s) => s ?? free[next++]!);
}

/** Replays a move or remove locally (for the optimistic view); `null` for edits it does not model. */
export function applyLocally<T extends EntryLike>(entries: readonly T[], edit: SeedEdit): T[] | null {
  switch (edit.kind) {
    case 'move': {
      const taken = new Set(edit.positions);
      if ([...taken].some((p) => entries[p]?.pinned !== false)) return null;
      const block = [...taken].sort((a, b) => a - b).map((p) => entries[p]!);
      return relayout(entries, taken, block, freeBefore(entries, edit.to, taken));
    }
    case 'remove':
      return relayout(entries, new Set(edit.positions), [], 0);
    case 'setPinned':
      return entries.map((e, i) => (i === edit.position ? { ...e, pinned: edit.pinned } : e));
    default:
      return null;
  }
}
