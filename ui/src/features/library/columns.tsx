//! The library table's columns: what each shows, its width in the shared grid, and its sort key.

import type { SortKey, Track } from '../../ipc';
import { formatDuration, formatTempo, formatUnit, yearOf } from '../../components/format';

export interface Column {
  id: string;
  label: string;
  width: string;
  sort: SortKey;
  numeric?: boolean;
  title?: string;
  render: (t: Track) => string;
}

export const COLUMNS: Column[] = [
  { id: 'title', label: 'Title', width: 'minmax(140px, 2fr)', sort: 'title', render: (t) => t.title || '(untitled)' },
  { id: 'artist', label: 'Artist', width: 'minmax(96px, 1.2fr)', sort: 'artist', render: (t) => t.artist },
  { id: 'album', label: 'Album', width: 'minmax(96px, 1.2fr)', sort: 'album', render: (t) => t.album },
  { id: 'genre', label: 'Genre', width: '76px', sort: 'genre', render: (t) => t.genres[0] ?? '' },
  { id: 'year', label: 'Year', width: '44px', sort: 'year', numeric: true, render: (t) => yearOf(t.releaseDate) },
  { id: 'popularity', label: 'Pop', width: '38px', sort: 'popularity', numeric: true, title: 'Popularity 0–100', render: (t) => (t.popularity === null ? '–' : String(t.popularity)) },
  { id: 'duration', label: 'Time', width: '46px', sort: 'duration', numeric: true, title: 'Duration', render: (t) => formatDuration(t.durationMs) },
  { id: 'energy', label: 'Energy', width: '56px', sort: 'energy', numeric: true, render: (t) => formatUnit(t.features.energy) },
  { id: 'danceability', label: 'Dance', width: '52px', sort: 'danceability', numeric: true, title: 'Danceability', render: (t) => formatUnit(t.features.danceability) },
  { id: 'valence', label: 'Valence', width: '60px', sort: 'valence', numeric: true, render: (t) => formatUnit(t.features.valence) },
  { id: 'tempo', label: 'BPM', width: '40px', sort: 'tempo', numeric: true, title: 'Tempo (BPM)', render: (t) => formatTempo(t.features.tempo) },
];

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
