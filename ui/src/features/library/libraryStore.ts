//! The library's selection, shared with the drag layer and the seed editor (Enter and drops
//! insert the selected tracks), and the page fetcher both the table and those consumers use.

import { useQueries } from '@tanstack/react-query';
import { api, keys, type LibraryPage, type Track } from '../../ipc';
import { createStore } from '../../components/store';
import { queryClient } from '../../app/queryClient';
import { noSelection, orderedSelection, type RowSelection } from './selection';
import { pageQuery, PAGE_SIZE, type BaseQuery } from './query';

export interface LibraryState {
  selection: RowSelection;
  /** The result set the selection's indices refer to. */
  base: BaseQuery | null;
  total: number;
}

export const librarySelectionStore = createStore<LibraryState>({ selection: noSelection, base: null, total: 0 });

function pageOptions(base: BaseQuery, page: number) {
  return {
    queryKey: keys.libraryPage(base, page),
    queryFn: (): Promise<LibraryPage> => api.librarySearch(pageQuery(base, page)),
    staleTime: 5 * 60_000,
    gcTime: 60_000,
  };
}

/** The pages the table shows, fetched on demand and cached per page. */
export function useLibraryPages(base: BaseQuery, pages: number[]) {
  return useQueries({ queries: pages.map((p) => pageOptions(base, p)) });
}

/** The cached track at a result index, if its page is loaded. */
export function cachedTrack(base: BaseQuery, index: number): Track | undefined {
  const page = Math.floor(index / PAGE_SIZE);
  const data = queryClient.getQueryData<LibraryPage>(keys.libraryPage(base, page));
  return data?.tracks[index - page * PAGE_SIZE];
}

/** The ids of the selected tracks in table order, fetching pages that are not cached. */
export async function resolveSelectedTrackIds(): Promise<string[]> {
  const { selection, base } = librarySelectionStore.get();
  if (!base) return [];
  const indices = orderedSelection(selection);
  const pages = [...new Set(indices.map((i) => Math.floor(i / PAGE_SIZE)))];
  const loaded = new Map<number, LibraryPage>();
  await Promise.all(pages.map(async (p) => loaded.set(p, await queryClient.query(pageOptions(base, p)))));
  const ids: string[] = [];
  for (const i of indices) {
    const p = Math.floor(i / PAGE_SIZE);
    const t = loaded.get(p)?.tracks[i - p * PAGE_SIZE];
    if (t) ids.push(t.id);
  }
  return ids;
}
