//! Where library tracks would land if dropped now (a drop position), set by the drag layer.

import { createStore } from '../../components/store';
import { dropPosition, type RowBox } from './seedLogic';

export const dropIndicatorStore = createStore<number | null>(null);

export const SEED_LIST_ID = 'seed-list';

/** The drop position for a pointer at `y`, from the seed rows on screen. */
export function dropPositionAt(y: number): number {
  const list = document.querySelector(`[data-testid="${SEED_LIST_ID}"]`);
  const rows: RowBox[] = [];
  list?.querySelectorAll<HTMLElement>('[data-testid="seed-row"]').forEach((el) => {
    const r = el.getBoundingClientRect();
    rows.push({ top: r.top, height: r.height });
  });
  return dropPosition(y, rows);
}
