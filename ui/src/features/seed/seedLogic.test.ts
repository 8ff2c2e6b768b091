import { describe, expect, it } from 'vitest';
import { applyLocally, dragMove, dropPosition, insertPosition, keyboardMove, type EntryLike } from './seedLogic';

/** "a B c": lowercase unpinned, uppercase pinned (as in segue-core's tests). */
type E = EntryLike & { id: string };
function list(spec: string): E[] {
  return spec.split(' ').map((s) => ({ id: s.toLowerCase(), pinned: s === s.toUpperCase() }));
}
function show(v: E[] | null): string {
  return v === null ? 'null' : v.map((e) => (e.pinned ? e.id.toUpperCase() : e.id)).join(' ');
}

describe('dropPosition', () => {
  const rows = [
    { top: 100, height: 30 },
    { top: 130, height: 30 },
    { top: 160, height: 30 },
  ];
  it('drops before the row whose middle is below the pointer', () => {
    expect(dropPosition(90, rows)).toBe(0);
    expect(dropPosition(114, rows)).toBe(0);
    expect(dropPosition(116, rows)).toBe(1);
    expect(dropPosition(150, rows)).toBe(2);
  });
  it('drops at the end below the last middle (the empty area)', () => {
    expect(dropPosition(180, rows)).toBe(3);
    expect(dropPosition(600, rows)).toBe(3);
    expect(dropPosition(10, [])).toBe(0);
  });
});

describe('keyboardMove', () => {
  it('moves one row up and down by one', () => {
    const e = list('a b c d');
    expect(keyboardMove(e, [2], -1)).toEqual({ kind: 'move', positions: [2], to: 1 });
    expect(show(applyLocally(e, keyboardMove(e, [2], -1)!))).toBe('a c b d');
    expect(keyboardMove(e, [1], 1)).toEqual({ kind: 'move', positions: [1], to: 3 });
    expect(show(applyLocally(e, keyboardMove(e, [1], 1)!))).toBe('a c b d');
  });

  it('stops at the ends', () => {
    const e = list('a b c');
    expect(keyboardMove(e, [0], -1)).toBeNull();
    expect(keyboardMove(e, [2], 1)).toBeNull();
    expect(keyboardMove(e, [1, 2], 1)).toBeNull();
    expect(keyboardMove(e, [], 1)).toBeNull();
  });

  it('hops over pinned rows, which stay where they are', () => {
    const e = list('a P b c');
    const up = keyboardMove(e, [2], -1)!;
    expect(up).toEqual({ kind: 'move', positions: [2], to: 0 });
    expect(show(applyLocally(e, up))).toBe('b P a c');
    const down = keyboardMove(e, [0], 1)!;
    expect(down).toEqual({ kind: 'move', positions: [0], to: 3 });
    expect(show(applyLocally(e, down))).toBe('b P a c');
    expect(show(applyLocally(e, keyboardMove(e, [3], -1)!))).toBe('a P c b');
  });

  it('ignores pinned rows in the selection and moves a block', () => {
    const e = list('a b c D e');
    expect(keyboardMove(e, [3], -1)).toBeNull();
    const m = keyboardMove(e, [1, 2, 3], 1)!;
    expect(m.positions).toEqual([1, 2]);
    expect(show(applyLocally(e, m))).toBe('a e b D c');
  });
});

describe('dragMove', () => {
  const e = list('a b c d e');
  it('moving row 0 below row 1 is to: 2', () => {
    expect(dragMove(e, [], 0, 1)).toEqual({ kind: 'move', positions: [0], to: 2 });
    expect(dragMove(e, [], 3, 1)).toEqual({ kind: 'move', positions: [3], to: 1 });
    expect(dragMove(e, [], 2, 2)).toBeNull();
  });
  it('drags the selection when the dragged row is part of it, never a pinned row', () => {
    expect(dragMove(e, [0, 2], 2, 4)).toEqual({ kind: 'move', positions: [0, 2], to: 5 });
    expect(dragMove(e, [0, 2], 1, 4)).toEqual({ kind: 'move', positions: [1], to: 5 });
    expect(dragMove(list('a B c'), [], 1, 0)).toBeNull();
  });
});

describe('insertPosition', () => {
  it('inserts after the last selected row, else at the end', () => {
    expect(insertPosition(5, [])).toBe(5);
    expect(insertPosition(5, [1, 3])).toBe(4);
    expect(insertPosition(5, [9])).toBe(5);
  });
});

describe('applyLocally mirrors the engine', () => {
  it('moves blocks and keeps pins (segue-core cases)', () => {
    const e = list('a b c d e');
    expect(show(applyLocally(e, { kind: 'move', positions: [0, 2], to: 4 }))).toBe('b d a c e');
    expect(show(applyLocally(e, { kind: 'move', positions: [4], to: 0 }))).toBe('e a b c d');
    expect(show(applyLocally(e, { kind: 'move', positions: [1], to: 5 }))).toBe('a c d e b');
    expect(applyLocally(list('a B c'), { kind: 'move', positions: [1], to: 0 })).toBeNull();
  });
  it('removes and spills pins to the end', () => {
    const e = list('a b c D e');
    expect(show(applyLocally(e, { kind: 'remove', positions: [0] }))).toBe('b c e D');
    expect(show(applyLocally(e, { kind: 'remove', positions: [0, 1, 2] }))).toBe('e D');
    expect(show(applyLocally(list('a b'), { kind: 'setPinned', position: 1, pinned: true }))).toBe('a B');
    expect(applyLocally(e, { kind: 'insert', trackIds: ['x'], at: 0 })).toBeNull();
  });
});
