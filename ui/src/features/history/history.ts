//! Undo and redo over the workspace's edit history; after a step, the playlist it touched is
//! shown (or closed, when the step removed it).

import { useQuery } from '@tanstack/react-query';
import { api, keys, type HistoryStep } from '../../ipc';
import { notify, notifyError } from '../../components/toasts';
import { openPlaylist, openPlaylistStore } from '../playlists/openPlaylist';
import { refreshPlaylists } from '../playlists/usePlaylists';

export function useHistoryState() {
  return useQuery({ queryKey: keys.history, queryFn: api.historyState });
}

let busy = false;

async function step(run: () => Promise<HistoryStep | null>, verb: string): Promise<void> {
  if (busy) return; // Key repeat must not race two steps.
  busy = true;
  try {
    const done = await run();
    if (done && !done.exists && openPlaylistStore.get() === done.playlistId) openPlaylist(null);
    else if (done?.exists) openPlaylist(done.playlistId);
    await refreshPlaylists();
    if (done) notify(`${verb}: ${done.label}`);
  } catch (e) {
    notifyError(e, verb);
  } finally {
    busy = false;
  }
}

export const undo = () => step(api.historyUndo, 'Undo');
export const redo = () => step(api.historyRedo, 'Redo');
