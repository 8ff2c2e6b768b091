//! Wording of import reports that is worth testing on its own.

import type { UnknownTrack } from '../../ipc';

/**
 * How an unknown entry is named: "artist - title" when the file gave them (JSPF, XSPF, M3U8),
 * with the id or location it had; otherwise the track id.
 */
export function unknownTrackLabel(u: UnknownTrack): string {
  const id = u.trackId.trim();
  const name = u.name?.trim() ?? '';
  if (name && id) return `${name} (${id})`;
  return name || id || '–';
}

/** "the seed and 6 variants" */
export function packagePlaylists(variants: number): string {
  return variants === 0 ? 'the seed' : `the seed and ${variants === 1 ? 'one variant' : `${variants} variants`}`;
}
