//! The library table, virtualized over the whole result set: `total` rows of fixed height,
//! pages of PAGE_SIZE rows fetched as the viewport needs them, placeholders until they arrive.

import { useCallback, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LibraryPage, SortKey } from '../../ipc';
import { useStore } from '../../components/store';
import { Icon } from '../../components/Icon';
import { addLibrarySelection } from '../seed/actions';
import { COLUMNS, GRID_TEMPLATE } from './columns';
import { pagesFor, PAGE_SIZE, type BaseQuery, type LibrarySort } from './query';
import { librarySelectionStore, useLibraryPages } from './libraryStore';
import { clickRow, moveFocus } from './selection';
import { LibraryRow, PlaceholderRow } from './LibraryRow';

export const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 30;

interface Props {
  base: BaseQuery;
  total: number;
  sort: LibrarySort;
  onSort: (s: LibrarySort) => void;
  loading: boolean;
}

export function LibraryTable({ base, total, sort, onSort, loading }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    paddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const pages = useMemo(() => pagesFor(firstIndex, lastIndex, total), [firstIndex, lastIndex, total]);
  const results = useLibraryPages(base, pages);
  const pageData = new Map<number, LibraryPage>();
  pages.forEach((p, i) => {
    const data = results[i]?.data;
    if (data) pageData.set(p, data);
  });

  const selection = useStore(librarySelectionStore, (s) => s.selection);

  const select = useCallback(
    (index: number, e: MouseEvent) => {
      const toggle = e.ctrlKey || e.metaKey;
      librarySelectionStore.set((s) => ({ ...s, selection: clickRow(s.selection, { index, shift: e.shiftKey, toggle }) }));
      scrollRef.current?.focus({ preventScroll: true });
    },
    [],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -total, End: total };
    const delta = moves[e.key];
    if (delta !== undefined && !e.altKey) {
      e.preventDefault();
      const next = moveFocus(librarySelectionStore.get().selection, delta, total, e.shiftKey);
      librarySelectionStore.set((s) => ({ ...s, selection: next }));
      if (next.focus !== null) virtualizer.scrollToIndex(next.focus, { align: 'auto' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void addLibrarySelection();
    } else if (e.key === 'Escape') {
      librarySelectionStore.set((s) => ({ ...s, selection: { selected: new Set(), anchor: null, focus: null } }));
    }
  };

  const headerClick = (key: SortKey, numeric: boolean) => {
    if (sort.key === key) onSort({ key, descending: !sort.descending });
    else onSort({ key, descending: numeric });
  };

  return (
    <div
      id="library-grid"
      ref={scrollRef}
      className="table-scroll"
      role="grid"
      aria-label="Library tracks"
      aria-rowcount={total}
      aria-multiselectable="true"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
        <div className="table-header" role="row" style={{ gridTemplateColumns: GRID_TEMPLATE, height: HEADER_HEIGHT }}>
          {COLUMNS.map((c) => {
            const active = sort.key === c.sort;
            return (
              <button
                key={c.id}
                role="columnheader"
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                className={`th ${c.numeric ? 'num' : ''} ${active ? 'is-sorted' : ''}`}
                title={`${c.title ?? c.label}: sort${active ? (sort.descending ? ' ascending' : ' descending') : ''}`}
                onClick={() => headerClick(c.sort, c.numeric ?? false)}
              >
                <span className="ellipsis">{c.label}</span>
                {active && <Icon name={sort.descending ? 'chevronDown' : 'chevronUp'} size={12} />}
              </button>
            );
          })}
        </div>
        {items.map((item) => {
          const page = Math.floor(item.index / PAGE_SIZE);
          const track = pageData.get(page)?.tracks[item.index - page * PAGE_SIZE];
          return track ? (
            <LibraryRow
              key={item.index}
              index={item.index}
              start={item.start}
              track={track}
              selected={selection.selected.has(item.index)}
              focused={selection.focus === item.index}
              onSelect={select}
            />
          ) : (
            <PlaceholderRow key={item.index} index={item.index} start={item.start} />
          );
        })}
      </div>
      {!loading && total === 0 && <div className="table-empty muted">No track matches the search and filters.</div>}
    </div>
  );
}
