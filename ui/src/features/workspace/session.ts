//! Which workspace is open and how we got there: the launch (which may build the demo as a
//! job), opening, creating, and switching. Every switch drops the previous workspace's data.

import { api, keys, pickNewWorkspace, pickWorkspaceToOpen, toIpcError, workspaceLaunch, workspaceOpenDemo, type IpcError } from '../../ipc';
import { createStore } from '../../components/store';
import { notifyError } from '../../components/toasts';
import { queryClient } from '../../app/queryClient';
import { resetStudioSelection } from '../playlists/openPlaylist';

export type Session =
  | { phase: 'launching' }
  | { phase: 'preparing'; jobKey: number }
  | { phase: 'failed'; error: IpcError | null }
  | { phase: 'ready' };

export const sessionStore = createStore<Session>({ phase: 'launching' });

async function enterWorkspace(): Promise<void> {
  resetStudioSelection();
  await queryClient.resetQueries();
  sessionStore.set({ phase: 'ready' });
}

async function afterLaunch(run: typeof workspaceLaunch): Promise<void> {
  const previous = sessionStore.get();
  const { launch, demo } = await run();
  if (demo) {
    sessionStore.set({ phase: 'preparing', jobKey: demo.key });
    const job = await demo.finished;
    if (job.status === 'done') return enterWorkspace();
    sessionStore.set({ phase: 'failed', error: job.error ?? { code: 'cancelled', message: 'The demo workspace was not built.' } });
    return;
  }
  if (launch.workspace) return enterWorkspace();
  if (previous.phase === 'ready' && !launch.error) return;
  sessionStore.set({ phase: 'failed', error: launch.error });
}

/** At startup: whatever the back end opens (the last workspace, or the demo, built if needed). */
export async function launch(): Promise<void> {
  try {
    await afterLaunch(workspaceLaunch);
  } catch (e) {
    sessionStore.set({ phase: 'failed', error: toIpcError(e) });
  }
}

export async function openDemo(): Promise<void> {
  try {
    await afterLaunch(workspaceOpenDemo);
  } catch (e) {
    notifyError(e, 'Open demo');
  }
}

export async function openWorkspace(path: string): Promise<void> {
  try {
    await api.workspaceOpen(path);
    await enterWorkspace();
  } catch (e) {
    notifyError(e, 'Open workspace');
  } finally {
    void queryClient.invalidateQueries({ queryKey: keys.workspaceRecent });
  }
}

export async function chooseAndOpen(): Promise<void> {
  try {
    const path = await pickWorkspaceToOpen();
    if (path) await openWorkspace(path);
  } catch (e) {
    notifyError(e, 'Open workspace');
  }
}

export async function chooseAndCreate(): Promise<void> {
  try {
    const path = await pickNewWorkspace();
    if (!path) return;
    await api.workspaceCreate(path);
    await enterWorkspace();
    void queryClient.invalidateQueries({ queryKey: keys.workspaceRecent });
  } catch (e) {
    notifyError(e, 'New workspace');
  }
}
