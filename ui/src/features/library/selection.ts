//! Row selection over the library's result indices: click, Shift+click range, Ctrl/Cmd+click
//! toggle, arrow keys. Pure, so every gesture is testable.

export interface RowSelection {
  selected: ReadonlySet<number>;
  anchor: number | null;
  focus: number | null;
}

export const noSelection: RowSelection = { selected: new Set(), anchor: null, focus: null };

/** A range selection larger than this would make the editor wait for its track ids. */
export const MAX_SELECTION = 10_000;

export type Gesture = { index: number; shift: boolean; toggle: boolean };

function range(a: number, b: number): number[] {
  const lo = Math.min(a, b);
  const hi = Math.min(Math.max(a, b), lo + MAX_SELECTION - 1);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

/** The selection after a click on row `index` with the given modifiers. */
export function clickRow(s: RowSelection, { index, shift, toggle }: Gesture): RowSelection {
  if (shift && s.anchor !== null) {
    const base = toggle ? [...s.selected] : [];
    return { selected: new Set([...base, ...range(s.anchor, index)]), anchor: s.anchor, focus: index };
  }
  if (toggle) {
    const next = new Set(s.selected);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    return { selected: next, anchor: index, focus: index };
  }
  return { selected: new Set([index]), anchor: index, focus: index };
}

/** The selection after moving the focus by `delta` rows (arrow keys, page keys), extending with Shift. */
export function moveFocus(s: RowSelection, delta: number, total: number, shift: boolean): RowSelection {
  if (total <= 0) return s;
  const from = s.focus ?? (delta > 0 ? -1 : total);
  const index = Math.max(0, Math.min(total - 1, from + delta));
  if (shift && s.anchor !== null) return { selected: new Set(range(s.anchor, index)), anchor: s.anchor, focus: index };
  return { selected: new Set([index]), anchor: index, focus: index };
}

/** The selection in row order. */
export function orderedSelection(s: RowSelection): number[] {
  return [...s.selected].sort((a, b) => a - b);
}

/** When the drag starts on a row outside the selection, that row alone is dragged (and selected). */
export function selectionForDrag(s: RowSelection, index: number): RowSelection {
  return s.selected.has(index) ? s : { selected: new Set([index]), anchor: index, focus: index };
}
