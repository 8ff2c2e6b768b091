import { describe, expect, it } from 'vitest';
import { activeFilterCount, baseQuery, emptyFilters, pageQuery, pagesFor, PAGE_SIZE } from './query';

describe('pagesFor', () => {
  it('covers the rows asked for', () => {
    expect(pagesFor(0, 30, 1_000_000)).toEqual([0]);
    expect(pagesFor(190, 210, 1_000_000)).toEqual([0, 1]);
    expect(pagesFor(999_950, 1_000_020, 1_000_000)).toEqual([4999]);
  });

  it('is empty for an empty result', () => {
    expect(pagesFor(0, 30, 0)).toEqual([]);
  });
});

describe('baseQuery', () => {
  it('maps filters to the server query, opening one-sided ranges to the feature bound', () => {
    const f = emptyFilters();
    f.text = '  daft pu ';
    f.genres = ['rock', 'edm'];
    f.year = { min: 1990, max: null };
    f.features.energy = { min: 0.5, max: null };
    f.features.tempo = { min: null, max: 128 };
    const q = baseQuery(f, { key: 'tempo', descending: true });
    expect(q.text).toBe('daft pu');
    expect(q.genres).toEqual(['edm', 'rock']);
    expect(q.yearMin).toBe(1990);
    expect(q.yearMax).toBeNull();
    expect(q.ranges).toEqual([
      { feature: 'energy', min: 0.5, max: 1 },
      { feature: 'tempo', min: 0, max: 128 },
    ]);
    expect(pageQuery(q, 3)).toMatchObject({ offset: 3 * PAGE_SIZE, limit: PAGE_SIZE, sort: 'tempo', descending: true });
    expect(activeFilterCount(f)).toBe(4);
  });

  it('swaps a reversed range', () => {
    const f = emptyFilters();
    f.features.valence = { min: 0.8, max: 0.2 };
    expect(baseQuery(f, { key: 'title', descending: false }).ranges).toEqual([{ feature: 'valence', min: 0.2, max: 0.8 }]);
  });
});
