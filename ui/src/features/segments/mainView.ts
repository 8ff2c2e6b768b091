//! Which view fills the main area: the curation panes or the segments panel. Remembered for the
//! webview's session (a reload keeps it), not across launches: the studio opens on curation.

import { createStore } from '../../components/store';

export type MainView = 'curate' | 'segments';

const KEY = 'segue.view';

function session(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function initial(): MainView {
  return session()?.getItem(KEY) === 'segments' ? 'segments' : 'curate';
}

export const mainViewStore = createStore<MainView>(initial());

export function showView(view: MainView): void {
  mainViewStore.set(view);
  session()?.setItem(KEY, view);
}

export const VIEWS: ReadonlyArray<{ view: MainView; label: string; title: string }> = [
  { view: 'curate', label: 'Curate', title: 'Playlists, library and the seed editor' },
  { view: 'segments', label: 'Segments', title: 'Listener segments: models, cards and the map' },
];

/** The view an arrow key moves to from `view` (wrapping), for the tab list. */
export function neighbourView(view: MainView, key: string): MainView | null {
  const i = VIEWS.findIndex((v) => v.view === view);
  const step = key === 'ArrowRight' || key === 'ArrowDown' ? 1 : key === 'ArrowLeft' || key === 'ArrowUp' ? -1 : 0;
  if (key === 'Home') return VIEWS[0]!.view;
  if (key === 'End') return VIEWS[VIEWS.length - 1]!.view;
  if (step === 0) return null;
  return VIEWS[(i + step + VIEWS.length) % VIEWS.length]!.view;
}
