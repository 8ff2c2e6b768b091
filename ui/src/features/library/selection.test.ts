import { describe, expect, it } from 'vitest';
import { clickRow, moveFocus, noSelection, orderedSelection, selectionForDrag } from './selection';

const click = (index: number, shift = false, toggle = false) => ({ index, shift, toggle });

describe('library selection', () => {
  it('click selects one row, shift extends from the anchor, ctrl toggles', () => {
    let s = clickRow(noSelection, click(3));
    expect(orderedSelection(s)).toEqual([3]);
    s = clickRow(s, click(6, true));
    expect(orderedSelection(s)).toEqual([3, 4, 5, 6]);
    s = clickRow(s, click(1, true));
    expect(orderedSelection(s)).toEqual([1, 2, 3]);
    s = clickRow(s, click(9, false, true));
    expect(orderedSelection(s)).toEqual([1, 2, 3, 9]);
    s = clickRow(s, click(2, false, true));
    expect(orderedSelection(s)).toEqual([1, 3, 9]);
    expect(s.anchor).toBe(2);
  });

  it('ctrl+shift adds a range to the selection', () => {
    let s = clickRow(noSelection, click(0));
    s = clickRow(s, click(5, false, true));
    s = clickRow(s, click(7, true, true));
    expect(orderedSelection(s)).toEqual([0, 5, 6, 7]);
  });

  it('arrows move and clamp; shift+arrow extends', () => {
    let s = moveFocus(noSelection, 1, 10, false);
    expect(orderedSelection(s)).toEqual([0]);
    s = moveFocus(s, -1, 10, false);
    expect(orderedSelection(s)).toEqual([0]);
    s = moveFocus(s, 2, 10, true);
    expect(orderedSelection(s)).toEqual([0, 1, 2]);
    s = moveFocus(s, 100, 10, false);
    expect(orderedSelection(s)).toEqual([9]);
    expect(moveFocus(noSelection, -1, 10, false).focus).toBe(9);
  });

  it('dragging an unselected row drags that row alone', () => {
    const s = clickRow(clickRow(noSelection, click(1)), click(3, true));
    expect(selectionForDrag(s, 2)).toBe(s);
    expect(orderedSelection(selectionForDrag(s, 8))).toEqual([8]);
  });
});
