//! Every React Query key in one place, so back-end events can invalidate exactly what changed.

export const keys = {
  workspace: ['workspace'] as const,
  workspaceInfo: ['workspace', 'info'] as const,
  workspaceRecent: ['workspace', 'recent'] as const,
  library: ['library'] as const,
  facets: ['library', 'facets'] as const,
  /** One page of the library for a query (without its window). */
  libraryPage: (query: unknown, page: number) => ['library', 'page', query, page] as const,
  playlists: ['playlists'] as const,
  playlistList: ['playlists', 'list'] as const,
  playlist: (id: number) => ['playlists', 'detail', id] as const,
  history: ['history'] as const,
  /** Personalization: settings, pools and previews, per playlist (evaluations are jobs: see features/preview/evaluationRuns.ts). */
  personalize: ['personalize'] as const,
  settings: (playlist: number) => ['personalize', 'settings', playlist] as const,
  pool: (playlist: number) => ['personalize', 'pool', playlist] as const,
  /** A preview for the inputs it was computed from (seed, pool, saved settings, model). */
  preview: (playlist: number, inputs: unknown) => ['personalize', 'preview', playlist, inputs] as const,
};

/** The query key prefixes that a `WorkspaceChanged` of the given kind makes stale; `null` is everything. */
export function staleKeys(change: 'playlists' | 'all'): ReadonlyArray<readonly string[]> | null {
  if (change === 'all') return null;
  return [keys.playlists, keys.history, keys.workspace];
}
