//! Back-end events to React Query: a `WorkspaceChanged` makes the matching queries stale.

import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { events } from './bindings';
import type { WorkspaceChanged } from './types';
import { staleKeys } from './keys';

export function invalidateFor(client: QueryClient, change: WorkspaceChanged): void {
  const stale = staleKeys(change);
  if (stale === null) {
    void client.invalidateQueries();
    return;
  }
  for (const queryKey of stale) void client.invalidateQueries({ queryKey });
}

/** Listens to `WorkspaceChanged` for the lifetime of the calling component. */
export function useWorkspaceEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    events.workspaceChanged
      .listen((event) => invalidateFor(client, event.payload))
      .then((f) => {
        if (gone) f();
        else unlisten = f;
      })
      .catch(() => {
        // Without the event plugin (a browser without Tauri) the UI still refetches after its own edits.
      });
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [client]);
}
