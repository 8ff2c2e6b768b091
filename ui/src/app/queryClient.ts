//! The one QueryClient. Every failed query or mutation becomes a toast: errors are never swallowed.

import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifyError } from '../components/toasts';
import { isIpcError } from '../ipc';

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A playlist deleted (or undone) while open is not an error worth a toast: the seed
      // editor closes it.
      if (query.meta?.gone && isIpcError(error) && error.code === 'notFound') return;
      notifyError(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      if (!mutation.options.meta?.quiet) notifyError(error);
    },
  }),
  defaultOptions: {
    queries: {
      // Local IPC either works or reports an error worth showing; back-end events and our own
      // edits invalidate what changed, so data stays fresh without polling.
      retry: false,
      refetchOnWindowFocus: false,
      staleTime: 60_000,
    },
    mutations: { retry: false },
  },
});

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { quiet?: boolean };
    /** `gone`: a notFound answer means the thing was deleted, not that something failed. */
    queryMeta: { gone?: boolean };
  }
}
