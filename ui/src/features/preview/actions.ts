//! What the editor does to personalization: settings changes (shown at once, saved debounced,
//! errors reported and the stored settings reloaded), the pool (from the library's selection, by
//! drag or button), and the actions on a preview row (ban, must include, pin in the seed).

import { api, keys, toIpcError, type PlaylistDetail, type PlaylistSettings } from '../../ipc';
import { queryClient } from '../../app/queryClient';
import { notify, notifyError } from '../../components/toasts';
import { plural } from '../../components/format';
import { openPlaylistStore } from '../playlists/openPlaylist';
import { librarySelectionStore, resolveSelectedTrackIds } from '../library/libraryStore';
import { editPlaylist } from '../seed/actions';
import { createSaver } from './saver';
import { banTrack, requireTrack } from './rules';
import { settingsDraftStore, settingsErrorStore, settingsRevisionStore, withEntry } from './store';

/** How long settings rest before they are saved. */
export const SAVE_DELAY_MS = 200;

const saver = createSaver<number, PlaylistSettings>({
  delay: SAVE_DELAY_MS,
  save: (playlist, settings) => api.personalizeSetSettings(playlist, settings),
  onSaved: (playlist, saved) => {
    if (settingsDraftStore.get().get(playlist) === saved) {
      // What is stored now, even if a refetch (a workspace event) landed during the save.
      queryClient.setQueryData(keys.settings(playlist), saved);
      settingsDraftStore.set((m) => withEntry(m, playlist, null));
    }
    settingsErrorStore.set((m) => withEntry(m, playlist, null));
    settingsRevisionStore.set((m) => withEntry(m, playlist, (m.get(playlist) ?? 0) + 1));
  },
  onError: (playlist, e) => {
    settingsErrorStore.set((m) => withEntry(m, playlist, toIpcError(e).message));
    notifyError(e, 'Personalization settings');
    // Show what is stored again, unless newer changes are on their way.
    if (!saver.pending(playlist)) {
      settingsDraftStore.set((m) => withEntry(m, playlist, null));
      void queryClient.invalidateQueries({ queryKey: keys.settings(playlist) });
    }
  },
});

/**
 * Applies `change` to a playlist's settings: shown at once (a draft, and the query cache for
 * everything else that reads them), saved once the editor pauses.
 */
export function updateSettings(playlist: number, change: (s: PlaylistSettings) => PlaylistSettings): void {
  const key = keys.settings(playlist);
  const current = settingsDraftStore.get().get(playlist) ?? queryClient.getQueryData<PlaylistSettings>(key);
  if (!current) return;
  const next = change(current);
  if (next === current) return;
  settingsDraftStore.set((m) => withEntry(m, playlist, next));
  queryClient.setQueryData(key, next);
  saver.schedule(playlist, next);
}

async function refreshPool(playlist: number): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: keys.pool(playlist) });
}

export async function addToPool(playlist: number, trackIds: string[]): Promise<void> {
  if (trackIds.length === 0) return;
  try {
    const added = await api.poolAdd(playlist, trackIds);
    notify(added === 0 ? (trackIds.length === 1 ? 'That track is already in the pool.' : 'Those tracks are already in the pool.') : `${plural(added, 'track')} added to the pool.`);
  } catch (e) {
    notifyError(e, 'Add to pool');
  } finally {
    await refreshPool(playlist);
  }
}

export async function removeFromPool(playlist: number, trackIds: string[]): Promise<void> {
  try {
    await api.poolRemove(playlist, trackIds);
  } catch (e) {
    notifyError(e, 'Remove from pool');
  } finally {
    await refreshPool(playlist);
  }
}

/** The library's selected tracks into the open playlist's pool (a drop on the pool, or its button). */
export async function addLibrarySelectionToPool(): Promise<void> {
  const playlist = openPlaylistStore.get();
  if (playlist === null) {
    notify('Open a playlist to add tracks to its pool.');
    return;
  }
  if (librarySelectionStore.get().selection.selected.size === 0) {
    notify('Select tracks in the library first.');
    return;
  }
  try {
    await addToPool(playlist, await resolveSelectedTrackIds());
  } catch (e) {
    notifyError(e, 'Add to pool');
  }
}

export type TrackAction = 'ban' | 'require' | 'pin';

/** The seed entry of `trackId` in the cached playlist, if the track is in the seed. */
function seedEntry(playlist: number, trackId: string) {
  return queryClient.getQueryData<PlaylistDetail>(keys.playlist(playlist))?.items.find((it) => it.track.id === trackId) ?? null;
}

export async function runTrackAction(playlist: number, action: TrackAction, trackId: string): Promise<void> {
  if (action === 'ban') return updateSettings(playlist, (s) => ({ ...s, rules: banTrack(s.rules ?? {}, trackId) }));
  if (action === 'require') return updateSettings(playlist, (s) => ({ ...s, rules: requireTrack(s.rules ?? {}, trackId) }));
  const entry = seedEntry(playlist, trackId);
  if (!entry) {
    notify('Only tracks of the seed can be pinned: add it to the playlist first.');
    return;
  }
  await editPlaylist(playlist, { kind: 'setPinned', position: entry.position, pinned: !entry.pinned });
}
