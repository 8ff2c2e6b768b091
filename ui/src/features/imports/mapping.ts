//! The column mapping as the import wizard edits it. The field list, labels and the required set
//! mirror segue-io's `CatalogField::ALL`, `label()` and `required()`, which do not cross the IPC
//! boundary; the server checks the mapping again when the import starts.

import type { CatalogField, ColumnMapping } from '../../ipc';

export interface FieldInfo {
  field: CatalogField;
  label: string;
  required: boolean;
  group: 'Track' | 'Tags and playlists' | 'Audio features';
}

const f = (field: CatalogField, label: string, group: FieldInfo['group'], required = false): FieldInfo => ({ field, label, required, group });

export const CATALOG_FIELDS: FieldInfo[] = [
  f('id', 'Track id', 'Track', true),
  f('title', 'Title', 'Track', true),
  f('artist', 'Artist', 'Track', true),
  f('album', 'Album', 'Track'),
  f('albumId', 'Album id', 'Track'),
  f('releaseDate', 'Release date', 'Track'),
  f('durationMs', 'Duration (ms)', 'Track', true),
  f('popularity', 'Popularity', 'Track'),
  f('explicit', 'Explicit', 'Track'),
  f('genre', 'Genre', 'Tags and playlists'),
  f('subgenre', 'Subgenre', 'Tags and playlists'),
  f('playlistId', 'Playlist id', 'Tags and playlists'),
  f('playlistName', 'Playlist name', 'Tags and playlists'),
  f('danceability', 'Danceability', 'Audio features'),
  f('energy', 'Energy', 'Audio features'),
  f('key', 'Key', 'Audio features'),
  f('loudness', 'Loudness (dB)', 'Audio features'),
  f('mode', 'Mode', 'Audio features'),
  f('speechiness', 'Speechiness', 'Audio features'),
  f('acousticness', 'Acousticness', 'Audio features'),
  f('instrumentalness', 'Instrumentalness', 'Audio features'),
  f('liveness', 'Liveness', 'Audio features'),
  f('valence', 'Valence', 'Audio features'),
  f('tempo', 'Tempo (BPM)', 'Audio features'),
];

export function fieldLabel(field: CatalogField): string {
  return CATALOG_FIELDS.find((x) => x.field === field)?.label ?? field;
}

/** The column bound to a field, or '' when none is. */
export function columnFor(mapping: ColumnMapping, field: CatalogField): string {
  return mapping.bindings.find((b) => b.field === field)?.column ?? '';
}

/** The mapping with `field` bound to `column`; an empty column unbinds the field. */
export function bindColumn(mapping: ColumnMapping, field: CatalogField, column: string): ColumnMapping {
  const bindings = mapping.bindings.filter((b) => b.field !== field);
  if (column.trim()) bindings.push({ field, column: column.trim() });
  const order = (x: CatalogField) => CATALOG_FIELDS.findIndex((i) => i.field === x);
  bindings.sort((a, b) => order(a.field) - order(b.field));
  return { bindings };
}

/** The required fields without a column of the file, in wizard order. */
export function missingRequired(mapping: ColumnMapping, columns: readonly string[]): CatalogField[] {
  const present = new Set(columns);
  return CATALOG_FIELDS.filter((i) => i.required && !present.has(columnFor(mapping, i.field))).map((i) => i.field);
}

/** The index of each bound field's column in the preview rows, for the sample values. */
export function columnIndex(columns: readonly string[], column: string): number {
  return column ? columns.indexOf(column) : -1;
}
