//! A segment's name, edited in place: Enter (or leaving the field) saves, Escape cancels, and an
//! empty name brings the automatic one back.

import { useEffect, useRef, useState } from 'react';
import { api } from '../../ipc';
import { notifyError } from '../../components/toasts';
import { commitName, isRenamed, MAX_NAME } from './renameState';
import { refreshSegments } from './queries';

interface Props {
  model: number;
  segment: number;
  name: string;
  autoName: string;
}

export function SegmentName({ model, segment, name, autoName }: Props) {
  const [draft, setDraft] = useState(name);
  const ref = useRef<HTMLInputElement>(null);
  const cancelling = useRef(false);

  // Follow the server (a refit, another window) unless the editor is typing here.
  useEffect(() => {
    if (document.activeElement !== ref.current) setDraft(name);
  }, [name, model]);

  const save = async () => {
    if (cancelling.current) {
      cancelling.current = false;
      return;
    }
    const commit = commitName(draft, name, autoName);
    setDraft(commit.display);
    if (commit.send === null) return;
    try {
      await api.segmentsRename(model, segment, commit.send);
    } catch (e) {
      notifyError(e, 'Rename segment');
      setDraft(name);
    }
    await refreshSegments();
  };

  const renamed = isRenamed(name, autoName);
  return (
    <input
      ref={ref}
      className="segment-name"
      data-testid="segment-name"
      aria-label={`Name of segment ${segment + 1}`}
      title={renamed ? `Automatic name: ${autoName}. Clear the field to bring it back.` : 'Automatic name: click to rename'}
      placeholder={autoName}
      value={draft}
      maxLength={MAX_NAME}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.currentTarget.blur();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          cancelling.current = true;
          setDraft(name);
          e.currentTarget.blur();
        }
      }}
    />
  );
}
