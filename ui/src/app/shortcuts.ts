//! Global shortcuts: undo and redo, the shortcuts dialog, the library search, the export of the
//! open playlist. None fires while the editor types in a text field (where Ctrl+Z undoes typing).

import { useEffect } from 'react';
import { redo, undo } from '../features/history/history';
import { openExportDialog } from '../features/export/exportDialog';
import { openPlaylistStore } from '../features/playlists/openPlaylist';
import { mainViewStore } from '../features/segments/mainView';
import { createStore } from '../components/store';

/** Whether the keyboard shortcuts dialog is open. */
export const shortcutsDialogStore = createStore(false);

export const SHORTCUTS: Array<{ group: string; items: Array<[keys: string, what: string]> }> = [
  {
    group: 'Everywhere',
    items: [
      ['Ctrl+Z', 'Undo'],
      ['Ctrl+Shift+Z  ·  Ctrl+Y', 'Redo'],
      ['/', 'Search the library'],
      ['Ctrl+E', 'Export the open playlist with its variants as a package'],
      ['?', 'This list'],
    ],
  },
  {
    group: 'Library',
    items: [
      ['↑ ↓  ·  Page Up/Down  ·  Home/End', 'Move the selection'],
      ['Shift+click  ·  Shift+↑/↓', 'Select a range'],
      ['Ctrl+click', 'Add or remove one track'],
      ['Enter', 'Add the selection to the playlist, after its selected row (or at the end)'],
      ['Drag', 'Drop the selection into the playlist, where the line shows'],
    ],
  },
  {
    group: 'Seed playlist',
    items: [
      ['↑ ↓  ·  Shift+↑/↓', 'Select rows'],
      ['Alt+↑  ·  Alt+↓', 'Move the selected rows (pinned rows stay)'],
      ['P', 'Pin or unpin'],
      ['Delete  ·  Backspace', 'Remove'],
      ['Enter', 'Edit the note'],
      ['Drag', 'Reorder (unpin a pinned row first)'],
    ],
  },
  {
    group: 'Playlists',
    items: [
      ['↑ ↓', 'Open the previous or next playlist'],
      ['F2  ·  double-click', 'Rename'],
      ['Delete', 'Delete (undo brings it back)'],
    ],
  },
];

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
  return false;
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (document.querySelector('.modal') && key !== '?') return;
      if (mod && !e.altKey && key === 'z') {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
      } else if (mod && !e.altKey && !e.shiftKey && key === 'e') {
        e.preventDefault();
        if (mainViewStore.get() === 'curate') openExportDialog(openPlaylistStore.get());
      } else if (mod && !e.altKey && key === 'y') {
        e.preventDefault();
        void redo();
      } else if (e.key === '?' && !mod) {
        e.preventDefault();
        shortcutsDialogStore.set((open) => !open);
      } else if (e.key === '/' && !mod) {
        e.preventDefault();
        document.getElementById('library-search')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
