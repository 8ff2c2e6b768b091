import type { JobOutput } from '../../ipc';
import { formatCount, formatSeconds, plural } from '../../components/format';

/** A one-line summary of what a finished job did. */
export function describeOutput(o: JobOutput): string {
  if (o.kind === 'catalog') {
    const parts = [`${formatCount(o.tracksNew)} new`, `${formatCount(o.tracksUpdated)} updated`];
    if (o.playlistsNew + o.playlistsUpdated > 0) parts.push(plural(o.playlistsNew + o.playlistsUpdated, 'playlist'));
    return `${plural(o.rows, 'row')}: ${parts.join(', ')} in ${formatSeconds(o.elapsedMs)}`;
  }
  const parts = [`${formatCount(o.playlistsNew)} new`, `${formatCount(o.playlistsUpdated)} updated`, plural(o.entries, 'entry', 'entries')];
  if (o.unknownCount) parts.push(`${formatCount(o.unknownCount)} unknown`);
  return `Playlists: ${parts.join(', ')}`;
}
