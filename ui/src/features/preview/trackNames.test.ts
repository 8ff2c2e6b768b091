import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { keys } from '../../ipc';
import { knownTracks, trackName } from './trackNames';
import { previewInputs } from './queries';

describe('naming track ids from the cache', () => {
  it('finds tracks in library pages, playlists and previews', () => {
    const client = new QueryClient();
    client.setQueryData(keys.libraryPage({}, 0), { total: 1, more: false, offset: 0, tracks: [{ id: 'lib', title: 'From the library', artist: 'A' }] });
    client.setQueryData(keys.facets, { genres: [], subgenres: [], yearMin: null, yearMax: null });
    client.setQueryData(keys.playlist(1), { summary: {}, items: [{ track: { id: 'seed', title: 'In a playlist', artist: 'B' } }] });
    client.setQueryData(keys.playlistList, [{ id: 1, name: 'x' }]);
    client.setQueryData(keys.preview(1, null), {
      seed: [{ id: 'seed', title: 'In a playlist', artist: 'B' }],
      columns: [{ tracks: [{ track: { id: 'added', title: 'Added by the engine', artist: 'C' } }], dropped: [{ id: 'gone', title: 'Dropped', artist: 'D' }] }],
    });
    const known = knownTracks(client);
    expect([...known.keys()].sort()).toEqual(['added', 'gone', 'lib', 'seed']);
    expect(trackName(known, 'added')).toBe('Added by the engine — C');
    expect(trackName(known, 'unknown-id')).toBe('unknown-id');
  });
});

describe('what a preview is computed from', () => {
  it('waits for the seed of this playlist, the pool and the model status', () => {
    expect(previewInputs(2, '1:a,b', [], 0, 1)).toBeNull();
    expect(previewInputs(2, null, [], 0, 1)).toBeNull();
    expect(previewInputs(2, '2:a,b', undefined, 0, 1)).toBeNull();
    expect(previewInputs(2, '2:a,b', [], 0, undefined)).toBeNull();
    expect(previewInputs(null, '2:a,b', [], 0, 1)).toBeNull();
    expect(previewInputs(2, '2:a,b*', ['x', 'y'], 3, null)).toEqual({ seed: '2:a,b*', pool: 'x,y', revision: 3, model: null });
  });

  it('changes with the pool, the saved settings and the model', () => {
    const base = JSON.stringify(previewInputs(2, '2:a', ['x'], 0, 1));
    expect(JSON.stringify(previewInputs(2, '2:a', ['x', 'y'], 0, 1))).not.toBe(base);
    expect(JSON.stringify(previewInputs(2, '2:a', ['x'], 1, 1))).not.toBe(base);
    expect(JSON.stringify(previewInputs(2, '2:a', ['x'], 0, 2))).not.toBe(base);
  });
});
