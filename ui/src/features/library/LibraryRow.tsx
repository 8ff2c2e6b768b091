import { memo, type MouseEvent } from 'react';
import { useDraggable } from '@dnd-kit/core';
import type { Track } from '../../ipc';
import { COLUMNS, GRID_TEMPLATE } from './columns';

/** Data a library row carries while dragged; the drag layer reads it. */
export interface LibraryDragData {
  type: 'library';
  index: number;
  track: Track;
}

interface Props {
  index: number;
  start: number;
  track: Track;
  selected: boolean;
  focused: boolean;
  onSelect: (index: number, e: MouseEvent) => void;
}

/** One track; the whole row is the drag source (dragging a selected row drags the selection). */
export const LibraryRow = memo(function LibraryRow({ index, start, track, selected, focused, onSelect }: Props) {
  const data: LibraryDragData = { type: 'library', index, track };
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({ id: `library:${index}`, data });
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      role="row"
      tabIndex={-1}
      aria-rowindex={index + 1}
      aria-selected={selected}
      aria-roledescription="draggable track"
      data-testid="library-row"
      data-track-id={track.id}
      className={`tr${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}${isDragging ? ' is-dragging' : ''}`}
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns: GRID_TEMPLATE }}
      onClick={(e) => onSelect(index, e)}
    >
      {COLUMNS.map((c) => {
        const text = c.render(track);
        return (
          <div key={c.id} role="gridcell" className={c.numeric ? 'td num tabular' : 'td'} title={c.numeric ? undefined : text}>
            {text}
          </div>
        );
      })}
    </div>
  );
});

export function PlaceholderRow({ index, start }: { index: number; start: number }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-busy="true"
      className="tr tr-placeholder"
      data-testid="library-row-placeholder"
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns: GRID_TEMPLATE }}
    >
      <div className="td"><span className="skeleton" style={{ width: `${50 + ((index * 37) % 40)}%` }} /></div>
      <div className="td"><span className="skeleton" style={{ width: `${40 + ((index * 53) % 45)}%` }} /></div>
      <div className="td"><span className="skeleton" style={{ width: `${35 + ((index * 29) % 50)}%` }} /></div>
    </div>
  );
}
