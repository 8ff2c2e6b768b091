//! Saving as the editor changes things, without a request per keystroke: the newest value per
//! key is saved once it has stopped changing for `delay` ms, one save per key at a time, in
//! order (a value that arrives during a save is saved after it).

export interface SaverOptions<K, V> {
  delay: number;
  save: (key: K, value: V) => Promise<unknown>;
  onSaved?: (key: K, value: V) => void;
  onError?: (key: K, error: unknown) => void;
  /** Injected for tests. */
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

export interface Saver<K, V> {
  /** Queues `value` as the newest for `key`. */
  schedule(key: K, value: V): void;
  /** Whether `key` has a value waiting or being saved. */
  pending(key: K): boolean;
  /** Saves what waits now (e.g. before the editor leaves). */
  flush(key: K): Promise<void>;
}

interface Slot<V> {
  value: V | undefined;
  has: boolean;
  timer: unknown;
  running: Promise<void> | null;
}

export function createSaver<K, V>(o: SaverOptions<K, V>): Saver<K, V> {
  const setTimer = o.setTimer ?? ((f, ms) => setTimeout(f, ms));
  const clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const slots = new Map<K, Slot<V>>();
  const slot = (key: K): Slot<V> => {
    let s = slots.get(key);
    if (!s) slots.set(key, (s = { value: undefined, has: false, timer: null, running: null }));
    return s;
  };

  const run = async (key: K): Promise<void> => {
    const s = slot(key);
    if (s.timer !== null) clearTimer(s.timer);
    s.timer = null;
    if (s.running) {
      // A save is under way: this value follows it.
      await s.running;
      if (s.has && s.timer === null && !s.running) return run(key);
      return;
    }
    if (!s.has) return;
    const value = s.value as V;
    s.has = false;
    s.running = o
      .save(key, value)
      .then(
        () => o.onSaved?.(key, value),
        (e: unknown) => o.onError?.(key, e),
      )
      .finally(() => {
        s.running = null;
      });
    await s.running;
    if (s.has && s.timer === null) await run(key);
  };

  return {
    schedule(key, value) {
      const s = slot(key);
      s.value = value;
      s.has = true;
      if (s.timer !== null) clearTimer(s.timer);
      s.timer = setTimer(() => {
        s.timer = null;
        void run(key);
      }, o.delay);
    },
    pending(key) {
      const s = slots.get(key);
      return !!s && (s.has || s.running !== null);
    },
    flush(key) {
      return run(key);
    },
  };
}
