//! The preview pane's UI state shared across its parts: open or folded, the tab, the segments
//! hidden from view, the row whose reasons show, whether the evaluation is open, and what the
//! settings saver reports (a revision per successful save, the last error per playlist).

import { createStore } from '../../components/store';
import type { PlaylistSettings } from '../../ipc';
import type { PreviewRow } from './model';

const OPEN_KEY = 'segue.preview.open';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Open unless the editor folded it (remembered across launches). */
export const previewOpenStore = createStore<boolean>(storage()?.getItem(OPEN_KEY) !== 'closed');

export function setPreviewOpen(open: boolean): void {
  previewOpenStore.set(open);
  storage()?.setItem(OPEN_KEY, open ? 'open' : 'closed');
}

export type PreviewTab = 'variants' | 'rules' | 'pool' | 'curve';
export const previewTabStore = createStore<PreviewTab>('variants');

/** Segment indices the editor hid from the preview. */
export const hiddenSegmentsStore = createStore<ReadonlySet<number>>(new Set());

export function toggleSegment(segment: number): void {
  hiddenSegmentsStore.set((h) => {
    const next = new Set(h);
    if (!next.delete(segment)) next.add(segment);
    return next;
  });
}

/** The row whose reasons show, with where it is on screen and the column it is in. */
export interface Tip {
  row: PreviewRow;
  column: string;
  rect: { left: number; right: number; top: number; bottom: number };
  /** The id of the row's element, which the tip describes. */
  anchorId: string;
}
export const tipStore = createStore<Tip | null>(null);

/** The row the editor selected in the preview (its actions show above the columns). */
export interface PreviewSelection {
  trackId: string;
  title: string;
  artist: string;
  /** The column's list element id. */
  list: string;
}
export const previewSelectionStore = createStore<PreviewSelection | null>(null);

export const evaluationOpenStore = createStore(false);

/**
 * Per playlist: settings changed and not yet saved. Read synchronously, so a slider or a
 * checkbox shows its new value in the same frame (the query cache notifies a tick later).
 */
export const settingsDraftStore = createStore<ReadonlyMap<number, PlaylistSettings>>(new Map());

/** Per playlist: how many settings saves succeeded (a preview's input) and the last save error. */
export const settingsRevisionStore = createStore<ReadonlyMap<number, number>>(new Map());
export const settingsErrorStore = createStore<ReadonlyMap<number, string>>(new Map());

export function withEntry<V>(m: ReadonlyMap<number, V>, key: number, value: V | null): ReadonlyMap<number, V> {
  const next = new Map(m);
  if (value === null) next.delete(key);
  else next.set(key, value);
  return next;
}

/** The data of the pool's drop targets (its tab and its list), which the drag layer reads. */
export interface PoolDropData {
  type: 'pool';
}
export const POOL_DROP: PoolDropData = { type: 'pool' };
