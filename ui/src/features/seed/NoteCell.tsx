import { useEffect, useRef, useState } from 'react';

interface Props {
  note: string;
  editing: boolean;
  onEditing: (on: boolean) => void;
  onSave: (note: string) => Promise<boolean>;
}

/** The editor's note: click (or Enter on the row) to edit; Enter or leaving the field saves. */
export function NoteCell({ note, editing, onEditing, onSave }: Props) {
  const [value, setValue] = useState(note);
  const ref = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    if (editing) {
      finished.current = false;
      setValue(note);
      requestAnimationFrame(() => ref.current?.focus());
    }
  }, [editing, note]);

  if (!editing) {
    return (
      <button
        className={note ? 'note-cell' : 'note-cell is-empty'}
        title={note || 'Add a note (Enter)'}
        onPointerDown={(e) => e.stopPropagation()}
        onClick={(e) => {
          e.stopPropagation();
          onEditing(true);
        }}
      >
        <span className="ellipsis">{note || 'Add note'}</span>
      </button>
    );
  }

  const finish = (save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    onEditing(false);
    if (save && value.trim() !== note) void onSave(value.trim());
    const row = ref.current?.closest<HTMLElement>('[data-testid="seed-row"]');
    requestAnimationFrame(() => row?.focus());
  };

  return (
    <input
      ref={ref}
      className="input input-small note-input"
      aria-label="Note"
      value={value}
      maxLength={2000}
      onPointerDown={(e) => e.stopPropagation()}
      onClick={(e) => e.stopPropagation()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        if (e.key === 'Escape') finish(false);
      }}
    />
  );
}

