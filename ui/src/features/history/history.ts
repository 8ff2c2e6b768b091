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

// Steps run one after another, in the order they were asked for: a click that lands while the
// previous step is still refreshing is queued, never dropped, and two steps never race.
let queue: Promise<void> = Promise.resolve();

async function step(run: () => Promise<HistoryStep | null>, verb: string): Promise<void> {
  try {
    const done = await run();
    if (done && !done.exists && openPlaylistStore.get() === done.playlistId) openPlaylist(null);
    else if (done?.exists) openPlaylist(done.playlistId);
    await refreshPlaylists();
    if (done) notify(`${verb}: ${done.label}`);
  } catch (e) {
    notifyError(e, verb);
  }
}

function enqueue(run: () => Promise<HistoryStep | null>, verb: string): Promise<void> {
  queue = queue.then(() => step(run, verb));
  return queue;
}

export const undo = () => enqueue(api.historyUndo, 'Undo');
export const redo = () => enqueue(api.historyRedo, 'Redo');
