//! Drag and drop across the panes (dnd-kit, pointer events): library rows into the seed list at
//! the drop position under the pointer or into the personalization pool, and seed rows
//! reordered within the seed list.

import { useState, type ReactNode } from 'react';
import {
  closestCenter,
  DndContext,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type DragStartEvent,
  type Modifier,
} from '@dnd-kit/core';
import { Icon } from '../components/Icon';
import { plural } from '../components/format';
import { queryClient } from './queryClient';
import { keys, type PlaylistDetail } from '../ipc';
import { librarySelectionStore } from '../features/library/libraryStore';
import { selectionForDrag } from '../features/library/selection';
import type { LibraryDragData } from '../features/library/LibraryRow';
import type { SeedDragData } from '../features/seed/SeedRow';
import { addLibrarySelection, editPlaylist } from '../features/seed/actions';
import { dropIndicatorStore, dropPositionAt } from '../features/seed/dropIndicator';
import { dragMove } from '../features/seed/seedLogic';
import { seedSelectionStore, selectedPositions } from '../features/seed/seedSelection';
import { openPlaylistStore } from '../features/playlists/openPlaylist';
import { addLibrarySelectionToPool } from '../features/preview/actions';
import type { PoolDropData } from '../features/preview/store';

type DragData = LibraryDragData | SeedDragData;

const dataOf = (x: { data: { current?: unknown } } | null | undefined) => x?.data.current as DragData | PoolDropData | { type: 'seed-list' } | undefined;

/** Library drags aim with the pointer (the list or any row under it); seed drags use the nearest row. */
const collisions: CollisionDetection = (args) => {
  if (dataOf(args.active)?.type === 'library') return pointerWithin(args);
  const rows = args.droppableContainers.filter((c) => dataOf(c)?.type === 'seed');
  return closestCenter({ ...args, droppableContainers: rows });
};

/** The overlay chip sits just below and right of the pointer, wherever the row was grabbed. */
const besidePointer: Modifier = ({ activatorEvent, activeNodeRect, transform }) => {
  if (!activatorEvent || !activeNodeRect || !('clientX' in activatorEvent)) return transform;
  const e = activatorEvent as PointerEvent;
  return { ...transform, x: transform.x + e.clientX - activeNodeRect.left + 12, y: transform.y + e.clientY - activeNodeRect.top + 10 };
};

/**
 * Only the seed list scrolls itself during a drag (vertically, near its edges). The library's
 * table is wider than its pane: dnd-kit would scroll it sideways, and with a zero threshold
 * WebKit takes the resulting infinite speed literally and jumps to its far right.
 */
const autoScroll = { threshold: { x: 0, y: 0.15 }, canScroll: (el: Element) => el.closest('.library') === null };

function pointerY(e: DragMoveEvent | DragEndEvent): number | null {
  const start = e.activatorEvent as PointerEvent | MouseEvent | null;
  return start && 'clientY' in start ? start.clientY + e.delta.y : null;
}

function overSeed(e: DragMoveEvent | DragEndEvent): boolean {
  const t = dataOf(e.over)?.type;
  return t === 'seed-list' || t === 'seed';
}

export function DragLayer({ children }: { children: ReactNode }) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const [active, setActive] = useState<DragData | null>(null);

  const onDragStart = (e: DragStartEvent) => {
    const data = dataOf(e.active);
    if (data?.type === 'library') {
      librarySelectionStore.set((s) => ({ ...s, selection: selectionForDrag(s.selection, data.index) }));
      setActive(data);
    } else if (data?.type === 'seed') {
      setActive(data);
    }
  };

  const onDragMove = (e: DragMoveEvent) => {
    if (dataOf(e.active)?.type !== 'library') return;
    const y = pointerY(e);
    dropIndicatorStore.set(overSeed(e) && y !== null ? dropPositionAt(y) : null);
  };

  const onDragEnd = (e: DragEndEvent) => {
    const data = dataOf(e.active);
    setActive(null);
    dropIndicatorStore.set(null);
    if (data?.type === 'library') {
      const y = pointerY(e);
      if (dataOf(e.over)?.type === 'pool') void addLibrarySelectionToPool();
      else if (overSeed(e) && y !== null) void addLibrarySelection(dropPositionAt(y));
      return;
    }
    if (data?.type === 'seed') {
      const over = dataOf(e.over);
      const id = openPlaylistStore.get();
      if (!over || over.type !== 'seed' || id === null) return;
      const detail = queryClient.getQueryData<PlaylistDetail>(keys.playlist(id));
      if (!detail) return;
      const order = detail.items.map((it) => it.track.id);
      const move = dragMove(detail.items, selectedPositions(order, seedSelectionStore.get()), data.position, over.position);
      if (move) void editPlaylist(id, move);
    }
  };

  const onDragCancel = () => {
    setActive(null);
    dropIndicatorStore.set(null);
  };

  const count = active?.type === 'library' ? librarySelectionStore.get().selection.selected.size : 1;

  return (
    <DndContext sensors={sensors} collisionDetection={collisions} onDragStart={onDragStart} onDragMove={onDragMove} onDragEnd={onDragEnd} onDragCancel={onDragCancel} autoScroll={autoScroll}>
      {children}
      <DragOverlay dropAnimation={null} modifiers={[besidePointer]}>
        {active?.type === 'library' && (
          <div className="drag-chip">
            <Icon name="music" size={14} />
            <span className="ellipsis">{count > 1 ? plural(count, 'track') : active.track.title}</span>
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}

