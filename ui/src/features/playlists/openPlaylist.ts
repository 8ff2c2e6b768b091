//! The playlist open in the seed editor, and requests to edit a name, shared by the sidebar,
//! the seed editor, the library (Enter inserts into it) and undo/redo.

import { createStore } from '../../components/store';
import { librarySelectionStore } from '../library/libraryStore';
import { seedSelectionStore } from '../seed/seedSelection';
import { noSelection } from '../library/selection';

export const openPlaylistStore = createStore<number | null>(null);

/** The playlist whose name the seed editor should focus and select once it shows it (after New). */
export const nameFocusRequest = createStore<number | null>(null);

export function openPlaylist(id: number | null): void {
  if (openPlaylistStore.get() !== id) seedSelectionStore.set({ trackIds: [], anchor: null });
  openPlaylistStore.set(id);
}

/** A new workspace: nothing open, nothing selected. */
export function resetStudioSelection(): void {
  openPlaylistStore.set(null);
  seedSelectionStore.set({ trackIds: [], anchor: null });
  librarySelectionStore.set((s) => ({ ...s, selection: noSelection }));
}
