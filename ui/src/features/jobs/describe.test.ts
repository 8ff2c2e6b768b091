import { describe, expect, it } from 'vitest';
import { changesWorkspace, describeOutput } from './describe';
import { makeEvaluation, scope } from '../preview/evaluationFixture';

describe('describeOutput', () => {
  it('summarises a catalogue import, tolerating an unknown elapsed time', () => {
    expect(
      describeOutput({ kind: 'catalog', file: 'f.csv', rows: 32833, tracksNew: 28356, tracksUpdated: 0, repeatedRows: 4477, playlistsNew: 2, playlistsUpdated: 1, elapsedMs: null }),
    ).toBe('32,833 rows: 28,356 new, 0 updated, 3 playlists in –');
  });

  it('summarises a playlist import with unknown tracks', () => {
    expect(describeOutput({ kind: 'playlists', file: 'p.csv', playlistsNew: 1, playlistsUpdated: 0, entries: 40, matchedByName: 0, unknownCount: 2, unknown: [] })).toBe(
      'Playlists: 1 new, 0 updated, 40 entries, 2 unknown',
    );
  });

  it('counts the entries of a playlist file matched by artist and title', () => {
    expect(describeOutput({ kind: 'playlists', file: 'p.jspf', playlistsNew: 1, playlistsUpdated: 0, entries: 12, matchedByName: 5, unknownCount: 0, unknown: [] })).toBe(
      'Playlists: 1 new, 0 updated, 12 entries, 5 matched by name',
    );
  });
});

describe('describeOutput for taste jobs', () => {
  it('summarises a signal import with skipped rows', () => {
    const out = describeOutput({
      kind: 'signals', file: 's.csv', shape: 'events', rows: 10, accepted: 8, skipped: 2, skippedDistinct: 1, examples: [],
      listenersNew: 3, listeners: 3, pairs: 5, artistsMatched: 0, elapsedMs: 12,
    });
    expect(out).toBe('10 rows: 8 accepted for 3 listeners, 2 skipped (not in the catalogue)');
  });
});

describe('describeOutput for packages', () => {
  it('summarises an export with the file name and a readable size', () => {
    const out = describeOutput({ kind: 'export', path: '/home/ed/exports/Locker Room.zip', bytes: 48_213, sha256: 'ab'.repeat(32), files: 30, variants: 6, elapsedMs: 812 });
    expect(out).toBe('Locker Room.zip: the seed and 6 variants, 30 files, 48.2 kB in 0.8 s');
  });

  it('summarises a package import with its unknown tracks', () => {
    const out = describeOutput({
      kind: 'package', file: '/tmp/p.zip', seedPlaylist: 9, variantPlaylists: [10, 11, 12], playlistsNew: 4, playlistsUpdated: 0, entries: 80, unknownCount: 3, unknown: [],
    });
    expect(out).toBe('Package: the seed and 3 variants as playlists (4 new, 0 updated, 80 entries, 3 unknown)');
  });
});

describe('describeOutput for evaluations', () => {
  it('counts the segments the intervals back, against the theme baseline', () => {
    const e = makeEvaluation([scope(0, 'A', 'better', 'better'), scope(1, 'B', 'better', 'unclear'), scope(2, 'C', 'worse', 'worse')]);
    expect(describeOutput({ kind: 'evaluation', ...e })).toBe('Against the theme baseline: more held-out plays in 1 of 3 segments, fewer in 1 (in 2.4 s)');
  });

  it('refreshes nothing after jobs that only read the workspace', () => {
    expect(changesWorkspace({ kind: 'evaluation', ...makeEvaluation([]) })).toBe(false);
    expect(changesWorkspace({ kind: 'export', path: '/x.zip', bytes: 1, sha256: '', files: 1, variants: 1, elapsedMs: 1 })).toBe(false);
    expect(changesWorkspace({ kind: 'segments', k: 6 } as never)).toBe(true);
    expect(changesWorkspace(null)).toBe(true);
  });
});
