import { memo, type MouseEvent, type PointerEvent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { PlaylistItem, SeedEdit } from '../../ipc';
import { Icon } from '../../components/Icon';
import { formatDuration, formatTempo, formatUnit } from '../../components/format';
import { NoteCell } from './NoteCell';

/** Data a seed row carries while dragged. */
export interface SeedDragData {
  type: 'seed';
  position: number;
  trackId: string;
}

interface Props {
  item: PlaylistItem;
  index: number;
  selected: boolean;
  focusable: boolean;
  extraClass: string;
  editingNote: boolean;
  onClick: (e: MouseEvent) => void;
  onEditNote: (on: boolean) => void;
  onEdit: (edit: SeedEdit) => Promise<boolean>;
}

const stop = (e: PointerEvent) => e.stopPropagation();

/** One entry; the row is the sortable item (its buttons and note field are not drag handles). */
export const SeedRow = memo(function SeedRow({ item, index, selected, focusable, extraClass, editingNote, onClick, onEditNote, onEdit }: Props) {
  const { track, pinned } = item;
  const data: SeedDragData = { type: 'seed', position: index, trackId: track.id };
  const { setNodeRef, listeners, attributes, transform, transition, isDragging } = useSortable({ id: track.id, disabled: pinned || editingNote, data });
  const tooltip = pinned
    ? `Pinned at position ${index + 1}: it keeps this place while others move. Unpin it (P) to move it.`
    : 'Drag to reorder (Alt+↑/↓). P pins, Delete removes, Enter edits the note.';
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="option"
      tabIndex={focusable ? 0 : -1}
      aria-selected={selected}
      aria-roledescription={pinned ? 'pinned track' : 'sortable track'}
      aria-disabled={undefined}
      data-testid="seed-row"
      data-track-id={track.id}
      data-position={index}
      data-pinned={pinned ? 'true' : 'false'}
      title={tooltip}
      className={`seed-row${selected ? ' is-selected' : ''}${pinned ? ' is-pinned' : ''}${isDragging ? ' is-dragging' : ''}${extraClass}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onClick={onClick}
    >
      <span className="pos muted tabular">{index + 1}</span>
      <button
        className={pinned ? 'pin-button is-on' : 'pin-button'}
        data-testid="seed-pin"
        aria-pressed={pinned}
        aria-label={pinned ? 'Unpin' : 'Pin to this position'}
        title={pinned ? 'Unpin (P)' : 'Pin to this position (P)'}
        onPointerDown={stop}
        onClick={(e) => {
          e.stopPropagation();
          void onEdit({ kind: 'setPinned', position: index, pinned: !pinned });
        }}
      >
        <Icon name="pin" size={14} />
      </button>
      <span className="seed-track">
        <span className="ellipsis seed-title" title={track.title}>{track.title || '(untitled)'}</span>
        <span className="ellipsis seed-artist" title={track.artist}>{track.artist}</span>
      </span>
      <span className="num tabular">{formatDuration(track.durationMs)}</span>
      <span className="num tabular">{formatUnit(track.features.energy)}</span>
      <span className="num tabular">{formatTempo(track.features.tempo)}</span>
      <NoteCell
        note={item.note}
        editing={editingNote}
        onEditing={onEditNote}
        onSave={(note) => onEdit({ kind: 'setNote', position: index, note })}
      />
      <button
        className="icon-button row-remove"
        data-testid="seed-remove"
        aria-label="Remove from playlist"
        title="Remove (Delete)"
        onPointerDown={stop}
        onClick={(e) => {
          e.stopPropagation();
          void onEdit({ kind: 'remove', positions: [index] });
        }}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
});
