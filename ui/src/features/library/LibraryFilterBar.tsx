//! The filters: genre and subgenre multi-selects, year and popularity ranges, feature ranges.

import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../ipc';
import { MultiSelect } from '../../components/MultiSelect';
import { FEATURE_BOUNDS, FILTER_FEATURES, type FilterFeature, type LibraryFilters, type Range } from './query';

const FEATURE_LABELS: Record<FilterFeature, string> = {
  energy: 'Energy',
  danceability: 'Dance',
  valence: 'Valence',
  tempo: 'Tempo',
  acousticness: 'Acoustic',
};

interface Props {
  filters: LibraryFilters;
  onChange: (update: (f: LibraryFilters) => LibraryFilters) => void;
  onReset: () => void;
}

export function LibraryFilterBar({ filters, onChange, onReset }: Props) {
  const facets = useQuery({ queryKey: keys.facets, queryFn: api.libraryFacets, staleTime: Infinity });
  const genres = facets.data?.genres.map((g) => ({ value: g.tag, count: g.count })) ?? [];
  const subgenres = facets.data?.subgenres.map((g) => ({ value: g.tag, count: g.count })) ?? [];
  const years = { min: facets.data?.yearMin ?? 1900, max: facets.data?.yearMax ?? new Date().getFullYear() };
  return (
    <div className="filter-bar" role="group" aria-label="Library filters">
      <MultiSelect label="Genre" options={genres} selected={filters.genres} onChange={(genres) => onChange((f) => ({ ...f, genres }))} />
      <MultiSelect label="Subgenre" options={subgenres} selected={filters.subgenres} onChange={(subgenres) => onChange((f) => ({ ...f, subgenres }))} />
      <RangeField label="Year" range={filters.year} min={years.min} max={years.max} step={1} onChange={(year) => onChange((f) => ({ ...f, year }))} />
      <RangeField label="Popularity" range={filters.popularity} min={0} max={100} step={1} onChange={(popularity) => onChange((f) => ({ ...f, popularity }))} />
      {FILTER_FEATURES.map((k) => (
        <RangeField
          key={k}
          label={FEATURE_LABELS[k]}
          range={filters.features[k]}
          min={FEATURE_BOUNDS[k].min}
          max={FEATURE_BOUNDS[k].max}
          step={FEATURE_BOUNDS[k].step}
          onChange={(r) => onChange((f) => ({ ...f, features: { ...f.features, [k]: r } }))}
        />
      ))}
      <button className="button button-small button-ghost" onClick={onReset}>
        Reset
      </button>
    </div>
  );
}

function parse(v: string): number | null {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function RangeField({ label, range, min, max, step, onChange }: { label: string; range: Range; min: number; max: number; step: number; onChange: (r: Range) => void }) {
  const active = range.min !== null || range.max !== null;
  return (
    <div className={active ? 'range-field is-active' : 'range-field'} role="group" aria-label={label}>
      <span className="range-label">{label}</span>
      <input
        className="input input-small range-input tabular"
        type="number"
        inputMode="decimal"
        aria-label={`${label} minimum`}
        placeholder={String(min)}
        min={min}
        max={max}
        step={step}
        value={range.min ?? ''}
        onChange={(e) => onChange({ ...range, min: parse(e.target.value) })}
      />
      <span className="muted">–</span>
      <input
        className="input input-small range-input tabular"
        type="number"
        inputMode="decimal"
        aria-label={`${label} maximum`}
        placeholder={String(max)}
        min={min}
        max={max}
        step={step}
        value={range.max ?? ''}
        onChange={(e) => onChange({ ...range, max: parse(e.target.value) })}
      />
    </div>
  );
}
