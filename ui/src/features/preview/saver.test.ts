import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaver } from './saver';

describe('the debounced saver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves the newest value once the changes rest for the delay', async () => {
    const saved: Array<[number, string]> = [];
    const s = createSaver<number, string>({ delay: 200, save: async (k, v) => void saved.push([k, v]) });
    s.schedule(1, 'a');
    await vi.advanceTimersByTimeAsync(150);
    s.schedule(1, 'ab');
    await vi.advanceTimersByTimeAsync(150);
    s.schedule(1, 'abc');
    expect(s.pending(1)).toBe(true);
    await vi.advanceTimersByTimeAsync(199);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([[1, 'abc']]);
    expect(s.pending(1)).toBe(false);
  });

  it('keeps keys apart', async () => {
    const saved: Array<[number, string]> = [];
    const s = createSaver<number, string>({ delay: 100, save: async (k, v) => void saved.push([k, v]) });
    s.schedule(1, 'x');
    s.schedule(2, 'y');
    await vi.advanceTimersByTimeAsync(100);
    expect(saved).toEqual([[1, 'x'], [2, 'y']]);
  });

  it('saves one value at a time per key, in order: a change during a save follows it', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const s = createSaver<number, string>({
      delay: 50,
      save: (_k, v) => {
        log.push(`start ${v}`);
        return new Promise<void>((r) => (release = () => (log.push(`end ${v}`), r())));
      },
      onSaved: (_k, v) => log.push(`saved ${v}`),
    });
    s.schedule(1, 'first');
    await vi.advanceTimersByTimeAsync(50);
    s.schedule(1, 'second');
    await vi.advanceTimersByTimeAsync(50);
    expect(log).toEqual(['start first']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['start first', 'end first', 'saved first', 'start second']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(-2)).toEqual(['end second', 'saved second']);
    expect(s.pending(1)).toBe(false);
  });

  it('reports a failed save and goes on with the next change', async () => {
    const errors: unknown[] = [];
    const saved: string[] = [];
    const s = createSaver<number, string>({
      delay: 10,
      save: async (_k, v) => {
        if (v === 'bad') throw { code: 'invalidInput', message: 'strength must be between 0 and 1' };
        saved.push(v);
      },
      onError: (_k, e) => errors.push(e),
    });
    s.schedule(3, 'bad');
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toEqual([{ code: 'invalidInput', message: 'strength must be between 0 and 1' }]);
    s.schedule(3, 'good');
    await s.flush(3);
    expect(saved).toEqual(['good']);
  });
});
