//! Every change to the open playlist's tracks goes through `editPlaylist`: saved at once through
//! `playlistEdit`, shown optimistically where the edit can be replayed locally, then refetched.

import { api, keys, type PlaylistDetail, type SeedEdit } from '../../ipc';
import { queryClient } from '../../app/queryClient';
import { notify, notifyError } from '../../components/toasts';
import { createStore } from '../../components/store';
import { plural } from '../../components/format';
import { openPlaylistStore } from '../playlists/openPlaylist';
import { refreshPlaylists } from '../playlists/usePlaylists';
import { librarySelectionStore, resolveSelectedTrackIds } from '../library/libraryStore';
import { applyLocally, insertPosition } from './seedLogic';
import { seedSelectionStore, selectedPositions } from './seedSelection';

/**
 * Edits sent but not yet refetched. The optimistic list runs ahead of the engine's; the live
 * preview waits for this to be 0 so that it never previews a seed the back end has not stored.
 */
export const seedEditsInFlight = createStore(0);

export async function editPlaylist(id: number, edit: SeedEdit): Promise<boolean> {
  seedEditsInFlight.set((n) => n + 1);
  try {
    return await sendEdit(id, edit);
  } finally {
    seedEditsInFlight.set((n) => n - 1);
  }
}

async function sendEdit(id: number, edit: SeedEdit): Promise<boolean> {
  const key = keys.playlist(id);
  await queryClient.cancelQueries({ queryKey: key });
  const before = queryClient.getQueryData<PlaylistDetail>(key);
  if (before) {
    const items = applyLocally(before.items, edit);
    if (items) queryClient.setQueryData<PlaylistDetail>(key, { ...before, items: items.map((it, position) => ({ ...it, position })) });
  }
  try {
    await api.playlistEdit(id, edit);
    return true;
  } catch (e) {
    if (before) queryClient.setQueryData(key, before);
    notifyError(e, 'Playlist edit');
    return false;
  } finally {
    await refreshPlaylists(id);
  }
}

/** Inserts tracks into the open playlist at `at` (a drop position), or after the selected row / at the end. */
export async function insertTracks(trackIds: string[], at?: number): Promise<void> {
  const id = openPlaylistStore.get();
  if (id === null) {
    notify('Open a playlist (or create one with New) to add tracks to it.');
    return;
  }
  if (trackIds.length === 0) return;
  const cached = queryClient.getQueryData<PlaylistDetail>(keys.playlist(id));
  const detail = cached ?? (await queryClient.query<PlaylistDetail>({ queryKey: keys.playlist(id), queryFn: () => api.playlistGet(id) }));
  const order = detail.items.map((i) => i.track.id);
  const already = new Set(order);
  const fresh = trackIds.filter((t) => !already.has(t));
  const position = at ?? insertPosition(order.length, selectedPositions(order, seedSelectionStore.get()));
  if (fresh.length === 0) {
    notify(trackIds.length === 1 ? 'That track is already in the playlist.' : 'Those tracks are already in the playlist.');
    return;
  }
  const ok = await editPlaylist(id, { kind: 'insert', trackIds, at: Math.min(position, order.length) });
  if (ok) {
    seedSelectionStore.set({ trackIds: fresh, anchor: fresh[0] ?? null });
    if (fresh.length < trackIds.length) notify(`${plural(trackIds.length - fresh.length, 'track')} already in the playlist stayed where they were.`);
  }
}

/** The library's Enter and "Add to playlist": the selected library tracks into the open playlist. */
export async function addLibrarySelection(at?: number): Promise<void> {
  if (librarySelectionStore.get().selection.selected.size === 0) return;
  try {
    const ids = await resolveSelectedTrackIds();
    await insertTracks(ids, at);
  } catch (e) {
    notifyError(e, 'Add to playlist');
  }
}
