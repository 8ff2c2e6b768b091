//! Light and dark themes: follow the OS unless the editor chose one; the choice is remembered.

import { useEffect, useSyncExternalStore } from 'react';
import { createStore, useStore } from './store';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'segue.theme';

function initial(): ThemeChoice {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export const themeStore = createStore<ThemeChoice>(initial());

export function nextTheme(t: ThemeChoice): ThemeChoice {
  return t === 'system' ? 'light' : t === 'light' ? 'dark' : 'system';
}

const query = '(prefers-color-scheme: dark)';

function subscribeSystem(cb: () => void): () => void {
  const mq = window.matchMedia?.(query);
  mq?.addEventListener('change', cb);
  return () => mq?.removeEventListener('change', cb);
}

const systemDark = () => window.matchMedia?.(query).matches ?? false;

/** The theme in effect, also kept on `<html data-theme>` for the style sheet. */
export function useTheme(): { choice: ThemeChoice; effective: 'light' | 'dark' } {
  const choice = useStore(themeStore);
  const dark = useSyncExternalStore(subscribeSystem, systemDark, systemDark);
  const effective = choice === 'system' ? (dark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
    localStorage.setItem(KEY, choice);
  }, [choice, effective]);
  return { choice, effective };
}
