//! Generated data for the dev mock: tracks with plausible features, playlists, and a search that
//! behaves like the back end's (prefix words, filters, sort, windows).

import type { LibraryPage, LibraryQuery, Track } from './types';

export interface Entry { trackId: string; pinned: boolean; note: string }
export interface MockPlaylist { id: number; name: string; description: string; source: string | null; entries: Entry[] }
export interface HistoryEntry { label: string; id: number; before: MockPlaylist | null; after: MockPlaylist | null }

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const GENRES: Record<string, string[]> = {
  pop: ['dance pop', 'electropop', 'indie poptimism', 'post-teen pop'],
  rock: ['album rock', 'classic rock', 'hard rock', 'permanent wave'],
  rap: ['gangster rap', 'hip hop', 'southern hip hop', 'trap'],
  'r&b': ['neo soul', 'new jack swing', 'urban contemporary'],
  latin: ['latin hip hop', 'reggaeton', 'tropical'],
  edm: ['big room', 'electro house', 'progressive electro house', 'pop edm'],
};
export const ARTISTS = ['Nova Reyes', 'The Paper Lanterns', 'Kid Meridian', 'Sofía Alba', 'Marlow & Finch', 'Dusk Theory', 'Ivy Calder', 'Northbound', 'Luma', 'Jonah Vale', 'Static Bloom', 'Aria Okafor', 'The Overpass', 'Tomás Rivera', 'Velvet Circuit', 'Harbor Lights', 'Mina Sato', 'Glasshouse', 'DJ Palomar', 'Ruben Cole'];
const WORDS = ['Midnight', 'Golden', 'Echoes', 'Satellite', 'Summer', 'Paper', 'Heart', 'Neon', 'River', 'Signal', 'Fever', 'Static', 'Ocean', 'Gravity', 'Mirror', 'Wildfire', 'Slow', 'City', 'Lights', 'Dream', 'Run', 'Honey', 'Ghost', 'Velvet', 'Horizon', 'Drive', 'Silver', 'Blue', 'Fade', 'Rush'];

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function makeTracks(n: number): Track[] {
  const r = rng(7);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const genres = Object.keys(GENRES);
  return Array.from({ length: n }, () => {
    const genre = pick(genres);
    const year = 1975 + Math.floor(r() ** 0.5 * 45);
    const energy = Math.round((0.25 + r() * 0.7) * 1000) / 1000;
    const id = Array.from({ length: 22 }, () => pick([...ID_CHARS])).join('');
    const words = 1 + Math.floor(r() * 3);
    const title = Array.from({ length: words }, () => pick(WORDS)).join(' ');
    return {
      id,
      title,
      artist: pick(ARTISTS),
      album: `${pick(WORDS)} ${pick(['Sessions', 'Nights', 'Stories', 'EP', 'Deluxe', 'Tapes'])}`,
      albumId: null,
      releaseDate: `${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      durationMs: 150_000 + Math.floor(r() * 150_000),
      popularity: Math.floor(r() * 100),
      explicit: r() < 0.2,
      genres: [genre],
      subgenres: [pick(GENRES[genre]!)],
      features: {
        danceability: Math.round((0.3 + r() * 0.65) * 1000) / 1000,
        energy,
        key: Math.floor(r() * 12),
        loudness: Math.round((-12 + r() * 10) * 10) / 10,
        mode: r() < 0.6 ? 1 : 0,
        speechiness: Math.round(r() * 0.3 * 1000) / 1000,
        acousticness: Math.round(r() ** 2 * 1000) / 1000,
        instrumentalness: Math.round(r() ** 4 * 1000) / 1000,
        liveness: Math.round(r() * 0.4 * 1000) / 1000,
        valence: Math.round(r() * 1000) / 1000,
        tempo: Math.round((80 + r() * 95) * 10) / 10,
      },
    };
  });
}

export function makePlaylists(tracks: Track[]): MockPlaylist[] {
  const r = rng(11);
  const take = (n: number) => {
    const ids = new Set<string>();
    while (ids.size < Math.min(n, tracks.length)) ids.add(tracks[Math.floor(r() * tracks.length)]!.id);
    return [...ids].map((trackId, i) => ({ trackId, pinned: i === 0 || i === 7, note: i === 0 ? 'Opener: keep' : i === 3 ? 'Check the radio edit' : '' }));
  };
  return [
    { id: 1, name: 'Pop Remix', description: 'Upbeat remixes for the morning drive.', source: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M', entries: take(24) },
    { id: 2, name: 'Dance Room', description: '', source: 'spotify:playlist:37i9dQZF1DX0BcQWzuB7ZO', entries: take(42) },
    { id: 3, name: 'Rock Classics', description: 'Guitar-heavy staples.', source: 'spotify:playlist:37i9dQZF1DWXRqgorJj26U', entries: take(31) },
    { id: 4, name: 'Late Night R&B', description: '', source: null, entries: take(18) },
    { id: 5, name: 'Latin Heat', description: '', source: 'spotify:playlist:37i9dQZF1DX10zKzsJ2jva', entries: take(27) },
    { id: 6, name: 'Focus Flow', description: 'Low-vocal, steady tempo.', source: null, entries: [] },
  ];
}

const SORT_FIELDS: Record<string, (t: Track) => string | number | null> = {
  relevance: (t) => t.title.toLowerCase(),
  title: (t) => t.title.toLowerCase(),
  artist: (t) => t.artist.toLowerCase(),
  album: (t) => t.album.toLowerCase(),
  genre: (t) => t.genres[0] ?? '',
  year: (t) => Number(t.releaseDate?.slice(0, 4) ?? 0),
  popularity: (t) => t.popularity,
  duration: (t) => t.durationMs,
  energy: (t) => t.features.energy,
  danceability: (t) => t.features.danceability,
  valence: (t) => t.features.valence,
  tempo: (t) => t.features.tempo,
  acousticness: (t) => t.features.acousticness,
};

export function searchTracks(tracks: Track[], q: LibraryQuery): LibraryPage {
  const words = (q.text ?? '').toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  const matches = tracks.filter((t) => {
    const hay = `${t.title} ${t.artist} ${t.album} ${t.genres.join(' ')} ${t.subgenres.join(' ')}`.toLowerCase().split(/[^\p{L}\p{N}']+/u);
    if (!words.every((w) => hay.some((h) => h.startsWith(w)))) return false;
    if (q.genres?.length && !t.genres.some((g) => q.genres!.includes(g))) return false;
    if (q.subgenres?.length && !t.subgenres.some((g) => q.subgenres!.includes(g))) return false;
    const year = Number(t.releaseDate?.slice(0, 4));
    if (q.yearMin != null && year < q.yearMin) return false;
    if (q.yearMax != null && year > q.yearMax) return false;
    if (q.popularityMin != null && (t.popularity ?? -1) < q.popularityMin) return false;
    if (q.popularityMax != null && (t.popularity ?? 101) > q.popularityMax) return false;
    return (q.ranges ?? []).every((r) => {
      const v = t.features[r.feature];
      return v !== null && v >= (r.min ?? -Infinity) && v <= (r.max ?? Infinity);
    });
  });
  const key = SORT_FIELDS[q.sort ?? 'relevance']!;
  const dir = q.descending ? -1 : 1;
  matches.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
  const offset = q.offset ?? 0;
  return { total: matches.length, more: false, offset, tracks: matches.slice(offset, offset + Math.min(q.limit ?? 200, 1000)) };
}

/** `?big`: a million-track catalogue made up on demand, row by row (search and sort ignored). */
export function bigSearch(q: LibraryQuery): LibraryPage {
  const total = 1_000_000;
  const offset = q.offset ?? 0;
  const n = Math.max(0, Math.min(q.limit ?? 200, total - offset));
  const tracks = Array.from({ length: n }, (_, i) => {
    const index = offset + i;
    const t = makeTracksSeeded(index);
    return { ...t, id: `big${index}`, title: `${t.title} #${index + 1}` };
  });
  return { total, more: false, offset, tracks };
}

function makeTracksSeeded(index: number): Track {
  const r = rng(index * 7919 + 1);
  const base = makeTracks(1)[0]!;
  return { ...base, popularity: Math.floor(r() * 100), features: { ...base.features, energy: Math.round(r() * 1000) / 1000, tempo: Math.round((80 + r() * 95) * 10) / 10 } };
}
