import { describe, expect, it } from 'vitest';
import { clickSeedRow, selectedPositions, type SeedSelection } from './seedSelection';

const order = ['a', 'b', 'c', 'd', 'e'];
const none: SeedSelection = { trackIds: [], anchor: null };

describe('seed selection', () => {
  it('click, shift+click and ctrl+click select by track id', () => {
    let s = clickSeedRow(order, none, 1, false, false);
    expect(s).toEqual({ trackIds: ['b'], anchor: 'b' });
    s = clickSeedRow(order, s, 3, true, false);
    expect(selectedPositions(order, s)).toEqual([1, 2, 3]);
    s = clickSeedRow(order, s, 0, false, true);
    expect(selectedPositions(order, s)).toEqual([0, 1, 2, 3]);
    s = clickSeedRow(order, s, 2, false, true);
    expect(selectedPositions(order, s)).toEqual([0, 1, 3]);
  });

  it('follows the tracks when the order changes', () => {
    const s = clickSeedRow(order, none, 1, false, false);
    expect(selectedPositions(['b', 'a', 'c'], s)).toEqual([0]);
    expect(selectedPositions(['a', 'c'], s)).toEqual([]);
  });
});
