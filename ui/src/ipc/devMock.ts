//! An in-browser stand-in for the Rust back end, for `VITE_MOCK=1 npm run dev` only (main.tsx
//! loads it behind a build-time constant, so production builds never contain it). It answers
//! every command with a few hundred generated tracks and a handful of playlists (and, through
//! devMockSegments.ts, listeners and segment models; through devMockPersonalize.ts, settings,
//! pools, previews and evaluations; through devMockPackages.ts, playlist packages), runs fake
//! jobs through channels, and emits `workspace-changed` like the shell does.

import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type { Channel } from '@tauri-apps/api/core';
import type { Entry, HistoryEntry, MockPlaylist } from './devMockData';
import { bigSearch, makePlaylists, makeTracks, searchTracks } from './devMockData';
import { segmentHandlers, type StartJob } from './devMockSegments';
import { personalizeHandlers } from './devMockPersonalize';
import { packageHandlers } from './devMockPackages';
import type { IpcError, JobEvent, ModelView, PlaylistReport, PreviewView, SeedEdit, Track } from './types';

class MockError {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

function relayout(entries: Entry[], taken: Set<number>, block: Entry[], k: number): Entry[] {
  const free: Entry[] = [];
  const pins: Array<[number, Entry]> = [];
  entries.forEach((e, i) => (taken.has(i) ? null : e.pinned ? pins.push([i, e]) : free.push(e)));
  const tail = free.splice(Math.min(k, free.length));
  free.push(...block, ...tail);
  const n = free.length + pins.length;
  const slots: Array<Entry | undefined> = new Array(n).fill(undefined);
  pins.reverse().forEach(([i, e], after) => (slots[Math.min(i, n - 1 - after)] = e));
  let next = 0;
  return slots.map((s) => s ?? free[next++]!);
}

function freeBefore(entries: Entry[], drop: number, taken: Set<number>): number {
  return entries.slice(0, drop).filter((e, i) => !e.pinned && !taken.has(i)).length;
}

function applyEdit(entries: Entry[], edit: SeedEdit, known: Map<string, Track>): Entry[] {
  const len = entries.length;
  switch (edit.kind) {
    case 'insert': {
      if (edit.at > len) throw new MockError('invalidInput', `position ${edit.at} is outside the playlist (it has ${len} tracks)`);
      const seen = new Set(entries.map((e) => e.trackId));
      const missing = edit.trackIds.find((t) => !known.has(t));
      if (missing) throw new MockError('notFound', `track ${missing} is not in the catalogue`);
      const fresh = edit.trackIds.filter((t) => !seen.has(t) && (seen.add(t), true)).map((trackId) => ({ trackId, pinned: false, note: '' }));
      return relayout(entries, new Set(), fresh, freeBefore(entries, edit.at, new Set()));
    }
    case 'move': {
      const taken = new Set(edit.positions);
      const p = [...taken].find((x) => entries[x]?.pinned);
      if (p !== undefined) throw new MockError('invalidInput', `the track at position ${p} is pinned; unpin it before moving it`);
      const block = [...taken].sort((a, b) => a - b).map((x) => entries[x]!);
      return relayout(entries, taken, block, freeBefore(entries, edit.to, taken));
    }
    case 'remove':
      return relayout(entries, new Set(edit.positions), [], 0);
    case 'setPinned':
      return entries.map((e, i) => (i === edit.position ? { ...e, pinned: edit.pinned } : e));
    case 'setNote':
      return entries.map((e, i) => (i === edit.position ? { ...e, note: edit.note.trimEnd() } : e));
  }
}

const LABELS: Record<SeedEdit['kind'], string> = { insert: 'Add', move: 'Move', remove: 'Remove', setPinned: 'Pin', setNote: 'Edit note' };

export function installDevMock(): void {
  const params = new URLSearchParams(location.search);
  // `?freeze` imitates tauri.conf.json's freezePrototype, to catch code that writes to it.
  if (params.has('freeze')) Object.freeze(Object.prototype);
  const tracks = makeTracks(params.has('empty') ? 0 : 640);
  const byId = new Map(tracks.map((t) => [t.id, t]));
  let playlists: MockPlaylist[] = makePlaylists(tracks);
  let nextPlaylist = 100;
  const undoStack: HistoryEntry[] = [];
  const redoStack: HistoryEntry[] = [];
  let nextJob = 1;
  const cancelled = new Set<number>();
  const info = { id: 'mock', path: '/home/editor/Workspaces/Summer 2026.segue', name: 'Summer 2026', createdAt: '2026-06-01T09:00:00Z' };

  const find = (id: number) => {
    const p = playlists.find((x) => x.id === id);
    if (!p) throw new MockError('notFound', `playlist ${id} does not exist`);
    return p;
  };
  const summary = (p: MockPlaylist) => ({
    id: p.id, name: p.name, description: p.description, source: p.source,
    trackCount: p.entries.length,
    durationMs: p.entries.reduce((ms, e) => ms + (byId.get(e.trackId)?.durationMs ?? 0), 0),
    updatedAt: '2026-06-01T09:00:00Z',
  });
  const changed = () => void emit('workspace-changed', 'playlists');
  const mutate = (id: number, label: string, f: (p: MockPlaylist | null) => MockPlaylist | null) => {
    const before = playlists.find((x) => x.id === id) ?? null;
    const after = f(before ? structuredClone(before) : null);
    playlists = playlists.filter((x) => x.id !== id);
    if (after) playlists.push(after);
    undoStack.push({ label, id, before, after });
    redoStack.length = 0;
    changed();
  };
  const restore = (id: number, state: MockPlaylist | null) => {
    playlists = playlists.filter((x) => x.id !== id);
    if (state) playlists.push(state);
  };

  /** Runs a fake job through its channel: progress every 100 ms, then done (or failed) and a `workspace-changed`. */
  const startJob: StartJob = (channel, job) => {
    const jobId = nextJob++;
    const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, payload: unknown): void } }).__TAURI_INTERNALS__;
    const id = (channel as Channel<JobEvent>).id;
    let index = 0;
    const send = (message: JobEvent) => internals.runCallback(id, { index: index++, message });
    let tick = 0;
    const timer = setInterval(() => {
      if (cancelled.has(jobId)) {
        clearInterval(timer);
        return send({ state: 'cancelled', jobId });
      }
      tick += 1;
      if (job.failAt !== undefined && tick >= job.failAt) {
        clearInterval(timer);
        return send({ state: 'failed', jobId, error: (job.error ?? { code: 'internal', message: 'failed' }) as IpcError });
      }
      if (tick < job.ticks) return send({ state: 'progress', jobId, progress: { done: tick, total: job.ticks } });
      clearInterval(timer);
      try {
        const output = job.output();
        send({ state: 'done', jobId, output });
        // As the shell: an export or an evaluation only reads the workspace.
        if (output.kind !== 'export' && output.kind !== 'evaluation') void emit('workspace-changed', 'all');
      } catch (e) {
        send({ state: 'failed', jobId, error: e as IpcError });
      }
    }, 100);
    return jobId;
  };

  /** A playlist import's report; playlist files (JSPF, XSPF, M3U8) match some entries by artist and title. */
  const playlistReport = (file: string): PlaylistReport => {
    const named = /\.(jspf|xspf|m3u8?)$/i.test(file);
    return {
      file, playlistsNew: named ? 1 : 3, playlistsUpdated: named ? 0 : 1, entries: named ? 38 : 212, matchedByName: named ? 9 : 0, unknownCount: 2,
      unknown: named
        ? [{ line: 14, playlistId: 'Roadtrip', trackId: '', name: 'The Nonexistents - Midnight Ferry' }, { line: 31, playlistId: 'Roadtrip', trackId: 'file:///music/unknown.mp3', name: 'Luma - Paper Satellites (Live)' }]
        : [{ line: 18, playlistId: 'p1', trackId: '7xQAfvXzm3AkraOtGPWIZg', name: null }, { line: 95, playlistId: 'p3', trackId: '0r7CVbZTWZgbTCYdfa2P31', name: null }],
    };
  };

  const runJob = (channel: Channel<JobEvent>, file: string, kind: 'catalog' | 'playlists') =>
    startJob(channel, {
      ticks: 20,
      failAt: file.includes('bad') ? 11 : undefined,
      error: { code: 'badFile', message: `${file}, line 1843, column "tempo": "fast" is not a number` },
      output: () =>
        kind === 'catalog'
          ? { kind, file, rows: 32833, tracksNew: 28356, tracksUpdated: 0, repeatedRows: 4477, playlistsNew: 471, playlistsUpdated: 0, elapsedMs: 2100 }
          : { kind, ...playlistReport(file) },
    });

  const handlers: Record<string, (a: any) => unknown> = {
    workspace_info: () => ({ ...info, trackCount: tracks.length, playlistCount: playlists.length }),
    workspace_launch: (a) => {
      if (params.has('launchError')) return { workspace: null, demoJob: null, error: { code: 'badFile', message: '/home/editor/old.segue: not a Segue workspace (no meta table)' } };
      if (params.has('demo')) return { workspace: null, demoJob: runJob(a.channel, 'demo', 'catalog'), error: null };
      return { workspace: handlers.workspace_info!(a), demoJob: null, error: null };
    },
    workspace_open_demo: (a) => ({ workspace: null, demoJob: runJob(a.channel, 'demo', 'catalog'), error: null }),
    workspace_open: () => handlers.workspace_info!({}),
    workspace_create: (a) => { throw new MockError('alreadyExists', `${a.path} already exists`); },
    workspace_recent: () => [
      { path: info.path, openedAt: '2026-06-01T09:00:00Z', exists: true },
      { path: '/home/editor/Workspaces/Morning Drive.segue', openedAt: '2026-05-28T09:00:00Z', exists: true },
      { path: '/media/usb/Archive 2024.segue', openedAt: '2026-04-01T09:00:00Z', exists: false },
    ],
    library_search: (a) => (params.has('big') ? bigSearch(a.query) : searchTracks(tracks, a.query)),
    library_facets: () => {
      const count = (pick: (t: Track) => string[]) => {
        const m = new Map<string, number>();
        tracks.forEach((t) => pick(t).forEach((g) => m.set(g, (m.get(g) ?? 0) + 1)));
        return [...m].sort().map(([tag, count]) => ({ tag, count }));
      };
      return { genres: count((t) => t.genres), subgenres: count((t) => t.subgenres), yearMin: 1972, yearMax: 2020 };
    },
    playlists_list: () => playlists.map(summary).sort((a, b) => a.name.localeCompare(b.name)),
    playlist_get: (a) => {
      const p = find(a.id);
      return { summary: summary(p), items: p.entries.map((e, position) => ({ position, pinned: e.pinned, note: e.note, track: byId.get(e.trackId)! })) };
    },
    playlist_create: (a) => {
      const id = nextPlaylist++;
      mutate(id, `Create “${a.name}”`, () => ({ id, name: a.name, description: '', source: null, entries: [] }));
      return id;
    },
    playlist_rename: (a) => { if (!a.name.trim()) throw new MockError('invalidInput', 'a playlist needs a name'); find(a.id); mutate(a.id, 'Rename playlist', (p) => ({ ...p!, name: a.name.trim() })); return null; },
    playlist_describe: (a) => { find(a.id); mutate(a.id, 'Edit description', (p) => ({ ...p!, description: a.description })); return null; },
    playlist_duplicate: (a) => {
      const src = find(a.id);
      const id = nextPlaylist++;
      mutate(id, `Duplicate as “${src.name} (copy)”`, () => ({ ...structuredClone(src), id, name: `${src.name} (copy)`, source: null }));
      return id;
    },
    playlist_delete: (a) => { find(a.id); mutate(a.id, 'Delete playlist', () => null); return null; },
    playlist_edit: (a) => {
      const p = find(a.id);
      const entries = applyEdit(p.entries, a.edit, byId);
      const n = a.edit.kind === 'insert' ? a.edit.trackIds.length : a.edit.kind === 'move' || a.edit.kind === 'remove' ? a.edit.positions.length : 1;
      const label = a.edit.kind === 'setPinned' ? (a.edit.pinned ? 'Pin track' : 'Unpin track') : a.edit.kind === 'setNote' ? 'Edit note' : `${LABELS[a.edit.kind as SeedEdit['kind']]} ${n === 1 ? 'track' : `${n} tracks`}`;
      mutate(a.id, label, (q) => ({ ...q!, entries }));
      return null;
    },
    history_state: () => ({ undo: undoStack[undoStack.length - 1]?.label ?? null, redo: redoStack[redoStack.length - 1]?.label ?? null }),
    history_undo: () => {
      const h = undoStack.pop();
      if (!h) return null;
      restore(h.id, h.before);
      redoStack.push(h);
      changed();
      return { label: h.label, playlistId: h.id, exists: h.before !== null };
    },
    history_redo: () => {
      const h = redoStack.pop();
      if (!h) return null;
      restore(h.id, h.after);
      undoStack.push(h);
      changed();
      return { label: h.label, playlistId: h.id, exists: h.after !== null };
    },
    import_preview_catalog: (a) => {
      if (!a.path.startsWith('/')) throw new MockError('invalidInput', `${a.path}: a file path must be absolute`);
      if (a.path.includes('missing')) throw new MockError('notFound', `${a.path}: no such file`);
      const columns = ['track_id', 'track_name', 'track_artist', 'track_popularity', 'track_album_name', 'track_album_release_date', 'playlist_genre', 'playlist_subgenre', 'danceability', 'energy', 'tempo', 'duration_ms'];
      const rows = tracks.slice(0, 8).map((t) => [t.id, t.title, t.artist, String(t.popularity), t.album, t.releaseDate ?? '', t.genres[0] ?? '', t.subgenres[0] ?? '', String(t.features.danceability), String(t.features.energy), String(t.features.tempo), String(t.durationMs)]);
      const map: Array<[string, string]> = [['id', 'track_id'], ['title', 'track_name'], ['artist', 'track_artist'], ['popularity', 'track_popularity'], ['album', 'track_album_name'], ['releaseDate', 'track_album_release_date'], ['genre', 'playlist_genre'], ['subgenre', 'playlist_subgenre'], ['danceability', 'danceability'], ['energy', 'energy'], ['tempo', 'tempo']];
      if (!a.path.includes('nodur')) map.push(['durationMs', 'duration_ms']);
      const bindings = map.map(([field, column]) => ({ field, column }));
      return { format: a.path.includes('.tsv') ? 'tsv' : 'csv', columns, rows, mapping: { bindings }, missingRequired: a.path.includes('nodur') ? ['durationMs'] : [] };
    },
    import_catalog: (a) => runJob(a.channel, a.path, 'catalog'),
    import_playlists: (a) => runJob(a.channel, a.path, 'playlists'),
    job_cancel: (a) => { cancelled.add(a.jobId); return true; },
    ...segmentHandlers(startJob, params.has('noModel') || params.has('empty')),
    ...personalizeHandlers({
      startJob,
      tracks,
      byId,
      entries: (id) => find(id).entries,
      activeModel: () => handlers.segments_model!({ id: null }) as ModelView | null,
    }),
    ...packageHandlers({
      startJob,
      playlist: find,
      activeModel: () => handlers.segments_model!({ id: null }) as ModelView | null,
      preview: (playlist, segments) => handlers.personalize_preview!({ playlist, segments }) as PreviewView | null,
      upsert: (source, name, description, entries) => {
        const existing = playlists.find((p) => p.source === source);
        const id = existing?.id ?? nextPlaylist++;
        playlists = [...playlists.filter((p) => p.id !== id), { id, name, description, source, entries }];
        return { id, created: existing === undefined };
      },
    }),
    'plugin:opener|reveal_item_in_dir': () => null,
  };

  mockIPC(
    async (cmd, args) => {
      await new Promise((r) => setTimeout(r, cmd === 'library_search' ? 60 : 15));
      const handler = handlers[cmd];
      if (!handler) throw { code: 'internal', message: `the mock back end has no command ${cmd}` };
      try {
        return handler(args ?? {});
      } catch (e) {
        // Commands reject with a plain IpcError object, as Tauri does.
        if (e instanceof MockError) throw { code: e.code, message: e.message };
        throw e;
      }
    },
    { shouldMockEvents: true },
  );
}
