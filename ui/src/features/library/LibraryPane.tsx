//! The centre pane: search as you type, filters, the virtualized table over the whole result
//! set, and the action that sends the selected tracks to the open playlist.

import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, keys } from '../../ipc';
import { useDebounced } from '../../components/useDebounced';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { formatCount, plural } from '../../components/format';
import { openPlaylistStore } from '../playlists/openPlaylist';
import { addLibrarySelection } from '../seed/actions';
import { activeFilterCount, baseQuery, emptyFilters, pageQuery, type LibraryFilters, type LibrarySort } from './query';
import { librarySelectionStore } from './libraryStore';
import { noSelection } from './selection';
import { LibraryFilterBar } from './LibraryFilterBar';
import { LibraryTable } from './LibraryTable';

export function LibraryPane() {
  const [filters, setFilters] = useState<LibraryFilters>(emptyFilters);
  const [sort, setSort] = useState<LibrarySort>({ key: 'relevance', descending: false });
  const [showFilters, setShowFilters] = useState(false);
  const settled = useDebounced(filters, 120);
  const base = useMemo(() => baseQuery(settled, sort), [settled, sort]);
  const baseId = JSON.stringify(base);

  const first = useQuery({
    queryKey: keys.libraryPage(base, 0),
    queryFn: () => api.librarySearch(pageQuery(base, 0)),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const total = first.data?.total ?? 0;
  // A broad search lists its first `total` matches; more match: the editor narrows it.
  const more = first.data?.more ?? false;
  const searching = first.isFetching && first.isPlaceholderData;

  useEffect(() => {
    librarySelectionStore.set({ selection: noSelection, base, total: 0 });
    // `baseId` is the identity of `base`: a new result set starts with no selection.
  }, [baseId]);
  useEffect(() => {
    if (!first.isPlaceholderData) librarySelectionStore.set((s) => ({ ...s, total }));
  }, [total, first.isPlaceholderData]);

  const selected = useStore(librarySelectionStore, (s) => s.selection.selected.size);
  const openId = useStore(openPlaylistStore);
  const nFilters = activeFilterCount(filters);

  return (
    <section className="pane library" aria-label="Library">
      <div className="pane-header">
        <h2 className="pane-title">Library</h2>
        <div className="input-with-icon library-search">
          <Icon name="search" size={14} />
          <input
            id="library-search"
            className="input"
            type="search"
            placeholder="Search title, artist, album, genre   ( / )"
            aria-label="Search the library"
            data-testid="library-search"
            value={filters.text}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setFilters((f) => ({ ...f, text: e.target.value }))}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setFilters((f) => ({ ...f, text: '' }));
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                document.getElementById('library-grid')?.focus();
              }
            }}
          />
        </div>
        <button
          className={showFilters || nFilters ? 'button button-small is-active' : 'button button-small'}
          aria-expanded={showFilters}
          onClick={() => setShowFilters((s) => !s)}
          title="Filters"
        >
          <Icon name="filter" size={14} /> Filters{nFilters > 0 && <span className="badge">{nFilters}</span>}
        </button>
        <div className="grow" />
        <span className={searching ? 'library-total muted tabular is-stale' : 'library-total muted tabular'} data-testid="library-total" aria-live="polite" title={more ? `More than ${formatCount(total)} tracks match: the first ${formatCount(total)} are listed; type more to narrow the search` : `${formatCount(total)} matching tracks`}>
          {total}{more ? '+' : ''} {total === 1 && !more ? 'track' : 'tracks'}
        </span>
      </div>
      {showFilters && <LibraryFilterBar filters={filters} onChange={setFilters} onReset={() => setFilters((f) => ({ ...emptyFilters(), text: f.text }))} />}
      <LibraryTable key={baseId} base={base} total={total} sort={sort} onSort={setSort} loading={first.isPending} />
      <div className="pane-footer">
        <span className="muted small tabular">{selected ? `${plural(selected, 'track')} selected` : 'Click, Shift+click or Ctrl+click to select; drag into the playlist'}</span>
        <div className="grow" />
        <button
          className="button button-small button-primary"
          disabled={!selected || openId === null}
          title={openId === null ? 'Open a playlist first' : 'Add the selected tracks after the selected playlist row, or at the end (Enter)'}
          onClick={() => void addLibrarySelection()}
        >
          <Icon name="plus" size={14} /> Add to playlist
        </button>
      </div>
    </section>
  );
}
