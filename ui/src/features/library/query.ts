//! The library's filters and sort as the editor sets them, and the `LibraryQuery` windows the
//! virtualized table asks for: fixed pages of `PAGE_SIZE` rows, fetched by offset on demand.

import type { Feature, FeatureRange, LibraryQuery, SortKey } from '../../ipc';

export const PAGE_SIZE = 200;

export interface Range {
  min: number | null;
  max: number | null;
}

export const FILTER_FEATURES = ['energy', 'danceability', 'valence', 'tempo', 'acousticness'] as const;
export type FilterFeature = (typeof FILTER_FEATURES)[number];

/** The bounds the filter inputs offer, and the bound used for an open end. */
export const FEATURE_BOUNDS: Record<FilterFeature, { min: number; max: number; open: number; step: number }> = {
  energy: { min: 0, max: 1, open: 1, step: 0.05 },
  danceability: { min: 0, max: 1, open: 1, step: 0.05 },
  valence: { min: 0, max: 1, open: 1, step: 0.05 },
  acousticness: { min: 0, max: 1, open: 1, step: 0.05 },
  tempo: { min: 0, max: 250, open: 300, step: 1 },
};

export interface LibraryFilters {
  text: string;
  genres: string[];
  subgenres: string[];
  year: Range;
  popularity: Range;
  features: Record<FilterFeature, Range>;
}

export interface LibrarySort {
  key: SortKey;
  descending: boolean;
}

const anyRange = (): Range => ({ min: null, max: null });

export function emptyFilters(): LibraryFilters {
  return {
    text: '',
    genres: [],
    subgenres: [],
    year: anyRange(),
    popularity: anyRange(),
    features: {
      energy: anyRange(),
      danceability: anyRange(),
      valence: anyRange(),
      tempo: anyRange(),
      acousticness: anyRange(),
    },
  };
}

const isSet = (r: Range) => r.min !== null || r.max !== null;

/** How many filters (not counting the search text) narrow the library. */
export function activeFilterCount(f: LibraryFilters): number {
  let n = (f.genres.length ? 1 : 0) + (f.subgenres.length ? 1 : 0) + (isSet(f.year) ? 1 : 0) + (isSet(f.popularity) ? 1 : 0);
  for (const k of FILTER_FEATURES) if (isSet(f.features[k])) n++;
  return n;
}

/** The query without its window: the identity of a result set, used in page query keys. */
export type BaseQuery = Omit<Required<LibraryQuery>, 'offset' | 'limit'>;

export function baseQuery(f: LibraryFilters, sort: LibrarySort): BaseQuery {
  const ranges: FeatureRange[] = [];
  for (const feature of FILTER_FEATURES) {
    const r = f.features[feature];
    if (!isSet(r)) continue;
    const b = FEATURE_BOUNDS[feature];
    let min = r.min ?? b.min;
    let max = r.max ?? b.open;
    if (min > max) [min, max] = [max, min];
    ranges.push({ feature: feature satisfies Feature, min, max });
  }
  return {
    text: f.text.trim(),
    genres: [...f.genres].sort(),
    subgenres: [...f.subgenres].sort(),
    yearMin: f.year.min,
    yearMax: f.year.max,
    popularityMin: f.popularity.min,
    popularityMax: f.popularity.max,
    ranges,
    // Relevance only means something with search text; otherwise the server sorts by title.
    sort: sort.key,
    descending: sort.descending,
  };
}

export function pageQuery(base: BaseQuery, page: number): LibraryQuery {
  return { ...base, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
}

/** The pages holding rows `first..=last` (clamped to `total`). */
export function pagesFor(first: number, last: number, total: number, size = PAGE_SIZE): number[] {
  if (total <= 0 || last < first) return [];
  const lo = Math.max(0, Math.floor(first / size));
  const hi = Math.floor(Math.min(last, total - 1) / size);
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) out.push(p);
  return out;
}
