import { useQuery } from '@tanstack/react-query';
import { api, keys, type PlaylistSummary } from '../../ipc';
import { queryClient } from '../../app/queryClient';
import { notify, notifyError } from '../../components/toasts';
import { nameFocusRequest, openPlaylist, openPlaylistStore } from './openPlaylist';

export function usePlaylistList() {
  return useQuery({ queryKey: keys.playlistList, queryFn: api.playlistsList });
}

/** After a playlist change the list, the counts and the undo labels are stale. */
export function refreshPlaylists(id?: number): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: id === undefined ? keys.playlists : keys.playlist(id) }),
    queryClient.invalidateQueries({ queryKey: keys.playlistList }),
    queryClient.invalidateQueries({ queryKey: keys.history }),
    queryClient.invalidateQueries({ queryKey: keys.workspaceInfo }),
  ]);
}

export async function createPlaylist(): Promise<void> {
  try {
    const id = await api.playlistCreate('New playlist');
    await refreshPlaylists();
    nameFocusRequest.set(id);
    openPlaylist(id);
  } catch (e) {
    notifyError(e, 'New playlist');
  }
}

export async function renamePlaylist(id: number, name: string): Promise<boolean> {
  try {
    await api.playlistRename(id, name);
    await refreshPlaylists(id);
    return true;
  } catch (e) {
    notifyError(e, 'Rename');
    return false;
  }
}

export async function duplicatePlaylist(p: PlaylistSummary): Promise<void> {
  try {
    const id = await api.playlistDuplicate(p.id);
    await refreshPlaylists();
    openPlaylist(id);
  } catch (e) {
    notifyError(e, 'Duplicate');
  }
}

export async function deletePlaylist(p: PlaylistSummary, list: readonly PlaylistSummary[]): Promise<void> {
  try {
    const wasOpen = openPlaylistStore.get() === p.id;
    await api.playlistDelete(p.id);
    if (wasOpen) {
      const i = list.findIndex((x) => x.id === p.id);
      const next = list[i + 1] ?? list[i - 1];
      openPlaylist(next && next.id !== p.id ? next.id : null);
    }
    await refreshPlaylists();
    notify(`Deleted “${p.name}”. Undo with Ctrl+Z.`);
  } catch (e) {
    notifyError(e, 'Delete');
  }
}
