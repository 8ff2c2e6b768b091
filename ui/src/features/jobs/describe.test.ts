import { describe, expect, it } from 'vitest';
import { describeOutput } from './describe';

describe('describeOutput', () => {
  it('summarises a catalogue import, tolerating an unknown elapsed time', () => {
    expect(
      describeOutput({ kind: 'catalog', file: 'f.csv', rows: 32833, tracksNew: 28356, tracksUpdated: 0, repeatedRows: 4477, playlistsNew: 2, playlistsUpdated: 1, elapsedMs: null }),
    ).toBe('32,833 rows: 28,356 new, 0 updated, 3 playlists in –');
  });

  it('summarises a playlist import with unknown tracks', () => {
    expect(describeOutput({ kind: 'playlists', file: 'p.csv', playlistsNew: 1, playlistsUpdated: 0, entries: 40, unknownCount: 2, unknown: [] })).toBe(
      'Playlists: 1 new, 0 updated, 40 entries, 2 unknown',
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
