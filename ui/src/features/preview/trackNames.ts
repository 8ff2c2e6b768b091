//! Names for track ids. The pool and the rules hold bare catalogue ids and the back end has no
//! "tracks by id" command, so the studio names them from what it has already fetched: library
//! pages, playlists and previews. An id it has not seen is shown as the id.

import type { QueryClient } from '@tanstack/react-query';
import { keys, type TrackRef } from '../../ipc';

function isRef(x: unknown): x is TrackRef {
  return typeof x === 'object' && x !== null && typeof (x as TrackRef).id === 'string' && typeof (x as TrackRef).title === 'string';
}

function refsIn(data: unknown): TrackRef[] {
  if (typeof data !== 'object' || data === null) return [];
  const d = data as { tracks?: unknown; items?: unknown; seed?: unknown; columns?: unknown };
  const out: TrackRef[] = [];
  if (Array.isArray(d.tracks)) out.push(...d.tracks.filter(isRef));
  if (Array.isArray(d.items)) for (const it of d.items as Array<{ track?: unknown }>) if (isRef(it.track)) out.push(it.track);
  if (Array.isArray(d.seed)) out.push(...d.seed.filter(isRef));
  if (Array.isArray(d.columns)) {
    for (const c of d.columns as Array<{ tracks: Array<{ track: unknown }>; dropped: unknown[] }>) {
      for (const t of c.tracks) if (isRef(t.track)) out.push(t.track);
      out.push(...c.dropped.filter(isRef));
    }
  }
  return out;
}

/** Every track the query cache knows, by id. */
export function knownTracks(client: QueryClient): Map<string, TrackRef> {
  const known = new Map<string, TrackRef>();
  for (const prefix of [keys.library, keys.playlists, keys.personalize]) {
    for (const [, data] of client.getQueriesData({ queryKey: prefix })) {
      for (const t of refsIn(data)) if (!known.has(t.id)) known.set(t.id, { id: t.id, title: t.title, artist: t.artist });
    }
  }
  return known;
}

/** "Title — Artist", or the id when the track is unknown. */
export function trackName(known: ReadonlyMap<string, TrackRef>, id: string): string {
  const t = known.get(id);
  return t ? `${t.title || '(untitled)'} — ${t.artist}` : id;
}
