import { describe, expect, it } from 'vitest';
import { keys, staleKeys } from './keys';

describe('staleKeys', () => {
  it('a playlist change refreshes playlists, history and the workspace counts, not the library', () => {
    const stale = staleKeys('playlists')!;
    expect(stale).toContainEqual(keys.playlists);
    expect(stale).toContainEqual(keys.history);
    expect(stale).toContainEqual(keys.workspace);
    expect(stale).not.toContainEqual(keys.library);
  });

  it('"all" refreshes everything', () => {
    expect(staleKeys('all')).toBeNull();
  });
});
