//! A minimal external store for the few pieces of UI state that distant components share
//! (the open playlist, selections, toasts), read through `useSyncExternalStore`.

import { useSyncExternalStore } from 'react';

/** Anything with a value and change notifications (our stores, the job store). */
export interface Readable<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

export interface Store<T> extends Readable<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      const v = typeof next === 'function' ? (next as (prev: T) => T)(value) : next;
      if (Object.is(v, value)) return;
      value = v;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The store's value (or a slice of it; the selector must return a stable value). */
export function useStore<T, S = T>(store: Readable<T>, select?: (value: T) => S): S {
  const get = () => (select ? select(store.get()) : (store.get() as unknown as S));
  return useSyncExternalStore(store.subscribe, get, get);
}
