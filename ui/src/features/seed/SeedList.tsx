//! The entries of the open playlist: a drop target for library tracks, sortable by pointer,
//! and fully usable from the keyboard (see the shortcuts dialog).

import { useMemo, useState, type KeyboardEvent } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { PlaylistItem } from '../../ipc';
import { useStore } from '../../components/store';
import { editPlaylist } from './actions';
import { dropIndicatorStore, SEED_LIST_ID } from './dropIndicator';
import { keyboardMove } from './seedLogic';
import { clickSeedRow, seedSelectionStore, selectedPositions } from './seedSelection';
import { SeedRow } from './SeedRow';

function focusRow(trackId: string | null | undefined) {
  if (!trackId) return;
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>(`[data-testid="seed-row"][data-track-id="${CSS.escape(trackId)}"]`)?.focus(),
  );
}

export function SeedList({ playlistId, items }: { playlistId: number; items: PlaylistItem[] }) {
  const order = useMemo(() => items.map((it) => it.track.id), [items]);
  const selection = useStore(seedSelectionStore);
  const chosen = new Set(selection.trackIds);
  const drop = useStore(dropIndicatorStore);
  const [editingNote, setEditingNote] = useState<string | null>(null);
  const { setNodeRef, isOver } = useDroppable({ id: SEED_LIST_ID, data: { type: 'seed-list' } });

  const positions = () => selectedPositions(order, seedSelectionStore.get());
  const edit = (e: Parameters<typeof editPlaylist>[1]) => editPlaylist(playlistId, e);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    const sel = positions();
    const anchorIndex = selection.anchor ? order.indexOf(selection.anchor) : -1;
    const current = anchorIndex >= 0 ? anchorIndex : (sel[sel.length - 1] ?? -1);
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && e.altKey) {
      e.preventDefault();
      const move = keyboardMove(items, sel, e.key === 'ArrowUp' ? -1 : 1);
      if (move) void edit(move);
      return;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const focusIndex = e.shiftKey ? (sel.length && e.key === 'ArrowUp' ? sel[0]! : sel[sel.length - 1] ?? -1) : current;
      const next = Math.max(0, Math.min(order.length - 1, focusIndex + (e.key === 'ArrowUp' ? -1 : 1)));
      const id = order[next];
      if (id === undefined) return;
      if (e.shiftKey) seedSelectionStore.set((s) => ({ trackIds: [...new Set([...s.trackIds, id])], anchor: s.anchor ?? id }));
      else seedSelectionStore.set({ trackIds: [id], anchor: id });
      focusRow(id);
      return;
    }
    if (sel.length === 0) return;
    if (e.key === 'p' || e.key === 'P') {
      e.preventDefault();
      const pinned = !items[sel[0]!]!.pinned;
      void (async () => {
        for (const position of sel) if (items[position]!.pinned !== pinned) await edit({ kind: 'setPinned', position, pinned });
      })();
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      const after = order[sel[sel.length - 1]! + 1] ?? order[sel[0]! - 1];
      void edit({ kind: 'remove', positions: sel }).then((ok) => {
        if (ok && after) {
          seedSelectionStore.set({ trackIds: [after], anchor: after });
          focusRow(after);
        }
      });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setEditingNote(order[current] ?? null);
    } else if (e.key === 'Escape') {
      seedSelectionStore.set({ trackIds: [], anchor: null });
    } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      seedSelectionStore.set({ trackIds: [...order], anchor: order[0] ?? null });
    }
  };

  const dropClass = (i: number) => (drop === i ? ' drop-before' : drop === items.length && i === items.length - 1 ? ' drop-after' : '');

  return (
    <div
      ref={setNodeRef}
      className={`seed-list${isOver ? ' is-over' : ''}${drop !== null && items.length === 0 ? ' drop-empty' : ''}`}
      data-testid="seed-list"
      role="listbox"
      aria-label="Playlist tracks"
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
    >
      <div className="seed-list-head" aria-hidden="true">
        <span className="pos">#</span>
        <span />
        <span>Title · Artist</span>
        <span className="num">Time</span>
        <span className="num">Energy</span>
        <span className="num">BPM</span>
        <span>Note</span>
        <span />
      </div>
      <SortableContext items={order} strategy={verticalListSortingStrategy}>
        {items.map((item, i) => (
          <SeedRow
            key={item.track.id}
            item={item}
            index={i}
            selected={chosen.has(item.track.id)}
            focusable={selection.anchor === item.track.id || (selection.anchor === null && i === 0)}
            extraClass={dropClass(i)}
            editingNote={editingNote === item.track.id}
            onClick={(ev) => {
              seedSelectionStore.set(clickSeedRow(order, seedSelectionStore.get(), i, ev.shiftKey, ev.ctrlKey || ev.metaKey));
            }}
            onEditNote={(on) => setEditingNote(on ? item.track.id : null)}
            onEdit={edit}
          />
        ))}
      </SortableContext>
      {items.length === 0 ? (
        <div className="seed-drop-empty">
          <div className="pane-empty-title">This playlist is empty</div>
          <p className="muted">Drag tracks here from the library, or select them and press Enter.</p>
        </div>
      ) : (
        <div className="seed-list-tail" />
      )}
    </div>
  );
}
