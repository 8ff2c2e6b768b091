//! The preview's data through React Query. A preview is keyed by what it is computed from: the
//! seed as the back end stores it (never an optimistic one: edits in flight hold it back), the
//! pool, the revision of the saved settings and the active model. The seed part settles for
//! `PREVIEW_DEBOUNCE_MS` first, so a burst of edits asks once; the last preview stays on screen
//! (keepPreviousData) while the next one computes, and the editor never waits for it.

import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, keys } from '../../ipc';
import { useStore } from '../../components/store';
import { useDebounced } from '../../components/useDebounced';
import { usePlaylistDetail } from '../seed/useSeed';
import { seedEditsInFlight } from '../seed/actions';
import { useTasteStatus } from '../segments/queries';
import { seedSignature } from './model';
import { settingsDraftStore, settingsRevisionStore } from './store';

export const PREVIEW_DEBOUNCE_MS = 200;

export function useSettings(playlist: number | null) {
  return useQuery({
    queryKey: keys.settings(playlist ?? -1),
    queryFn: () => api.personalizeSettings(playlist!),
    enabled: playlist !== null,
    // Only the editor changes them, through `updateSettings`.
    staleTime: Infinity,
  });
}

/** The settings as the editor sees them: the unsaved draft, else the stored ones. */
export function useEditedSettings(playlist: number | null) {
  const stored = useSettings(playlist);
  const draft = useStore(settingsDraftStore, (m) => (playlist === null ? undefined : m.get(playlist)));
  return draft ?? stored.data;
}

export function usePool(playlist: number | null) {
  return useQuery({ queryKey: keys.pool(playlist ?? -1), queryFn: () => api.poolList(playlist!), enabled: playlist !== null });
}

/** `value` once it has rested for `ms`; while `value` is null (not known yet), the last settled one. */
function useSettled(value: string | null, ms: number): string | null {
  const debounced = useDebounced(value, ms);
  const [last, setLast] = useState<string | null>(null);
  useEffect(() => {
    if (debounced !== null) setLast(debounced);
  }, [debounced]);
  return debounced ?? last;
}

export interface PreviewInputs {
  seed: string;
  pool: string;
  revision: number;
  model: number | null;
}

/**
 * What a preview of `playlist` is computed from, or null while something is not known yet:
 * right after another playlist is opened, the settled seed is still the previous one's.
 * `model` is undefined while the taste status loads.
 */
export function previewInputs(playlist: number | null, seed: string | null, pool: readonly string[] | undefined, revision: number, model: number | null | undefined): PreviewInputs | null {
  if (playlist === null || seed === null || !seed.startsWith(`${playlist}:`) || pool === undefined || model === undefined) return null;
  return { seed, pool: pool.join(','), revision, model };
}

export function usePreview(playlist: number | null) {
  const detail = usePlaylistDetail(playlist);
  const pool = usePool(playlist);
  const status = useTasteStatus();
  const revision = useStore(settingsRevisionStore, (m) => (playlist === null ? 0 : (m.get(playlist) ?? 0)));
  const editing = useStore(seedEditsInFlight) > 0;
  const seed = playlist !== null && detail.data && !editing ? seedSignature(playlist, detail.data.items) : null;
  const settled = useSettled(seed, PREVIEW_DEBOUNCE_MS);
  const inputs = previewInputs(playlist, settled, pool.data, revision, status.data === undefined ? undefined : status.data.activeModel);
  return useQuery({
    queryKey: keys.preview(playlist ?? -1, inputs),
    queryFn: () => api.personalizePreview(playlist!),
    enabled: inputs !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    gcTime: 30_000,
  });
}
