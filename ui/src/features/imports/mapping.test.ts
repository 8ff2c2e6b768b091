import { describe, expect, it } from 'vitest';
import { bindColumn, CATALOG_FIELDS, columnFor, missingRequired } from './mapping';

const columns = ['track_id', 'track_name', 'track_artist', 'duration_ms', 'energy'];

describe('column mapping', () => {
  it('lists the four required fields of segue-io', () => {
    expect(CATALOG_FIELDS.filter((f) => f.required).map((f) => f.field)).toEqual(['id', 'title', 'artist', 'durationMs']);
    expect(CATALOG_FIELDS).toHaveLength(24);
  });

  it('binds, rebinds and unbinds a field, keeping wizard order', () => {
    let m = bindColumn({ bindings: [] }, 'energy', 'energy');
    m = bindColumn(m, 'id', 'track_id');
    expect(m.bindings.map((b) => b.field)).toEqual(['id', 'energy']);
    m = bindColumn(m, 'id', 'track_name');
    expect(columnFor(m, 'id')).toBe('track_name');
    m = bindColumn(m, 'energy', '');
    expect(columnFor(m, 'energy')).toBe('');
    expect(m.bindings).toHaveLength(1);
  });

  it('reports required fields without a column of the file', () => {
    let m = bindColumn({ bindings: [] }, 'id', 'track_id');
    m = bindColumn(m, 'title', 'track_name');
    expect(missingRequired(m, columns)).toEqual(['artist', 'durationMs']);
    m = bindColumn(m, 'artist', 'track_artist');
    m = bindColumn(m, 'durationMs', 'length');
    expect(missingRequired(m, columns)).toEqual(['durationMs']);
    m = bindColumn(m, 'durationMs', 'duration_ms');
    expect(missingRequired(m, columns)).toEqual([]);
  });
});
