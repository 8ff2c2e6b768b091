import { describe, expect, it } from 'vitest';
import { packagePlaylists, unknownTrackLabel } from './reports';

describe('unknown entries of a playlist import', () => {
  it('names an entry by artist and title when the file gives them, with its id or location', () => {
    expect(unknownTrackLabel({ line: 4, playlistId: 'p1', trackId: 'zzz', name: null })).toBe('zzz');
    expect(unknownTrackLabel({ line: 4, playlistId: 'Roadtrip', trackId: '', name: 'Luma - Paper Satellites' })).toBe('Luma - Paper Satellites');
    expect(unknownTrackLabel({ line: 9, playlistId: 'Roadtrip', trackId: 'file:///m/a.mp3', name: 'Luma - Fade' })).toBe('Luma - Fade (file:///m/a.mp3)');
    expect(unknownTrackLabel({ line: 9, playlistId: 'Roadtrip', trackId: ' ', name: ' ' })).toBe('–');
  });
});

describe('package imports', () => {
  it('counts the playlists a package made', () => {
    expect(packagePlaylists(6)).toBe('the seed and 6 variants');
    expect(packagePlaylists(1)).toBe('the seed and one variant');
    expect(packagePlaylists(0)).toBe('the seed');
  });
});
